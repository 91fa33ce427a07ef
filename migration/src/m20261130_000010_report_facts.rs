//! The report figures in SQL (issue 11): the contract class (常用・臨時・日雇) and weekly minutes of
//! each order's first accepted version as columns of `job_orders`, written when it is first
//! accepted, so the annual report can COUNT … GROUP BY instead of reading every version's terms;
//! and the indexes behind the reports' periods (covering, so a year is one index range).
//!
//! Follow-ups of a hire who has left are no longer due (`follow_ups.cancelled_on`), so the list
//! of due follow-ups is an index range of the open ones instead of every one ever planned; and
//! the indexes behind the home page's bounded counts.
//!
//! Existing accepted orders get `NULL`; `services::job_orders::backfill_first_terms`, run by
//! `db::migrate`, fills them from their first version in batches.
use crate::util::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new("first_contract_class")
                .string_len(10)
                .null()
                .to_owned(),
            ColumnDef::new("first_weekly_minutes")
                .integer()
                .null()
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table("job_orders")
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table("follow_ups")
                .add_column(ColumnDef::new("cancelled_on").date().null().to_owned())
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        // Open follow-ups of hires who already left are no longer due.
        db.execute_unprepared(
            "UPDATE follow_ups SET cancelled_on = \
             (SELECT p.left_on FROM placements p WHERE p.id = follow_ups.placement_id) \
             WHERE done_on IS NULL AND placement_id IN \
             (SELECT id FROM placements WHERE left_on IS NOT NULL)",
        )
        .await?;
        for sql in [
            // 新規求人 of a period, by class and occupation (index only).
            "CREATE INDEX ix_job_orders_report_accepted ON job_orders (office_id, accepted_on, \
             first_contract_class, openings, first_weekly_minutes, weekly_minutes, parent_id, \
             occupation_code)",
            // 有効求人 on a day (index only).
            "CREATE INDEX ix_job_orders_report_valid ON job_orders (office_id, valid_until, \
             accepted_on, closed_on, first_contract_class, openings)",
            "CREATE INDEX ix_job_orders_report_rejected ON job_orders (office_id, rejected_on) \
             WHERE rejected_on IS NOT NULL",
            // Accepted orders whose first-version columns are still to be filled.
            "CREATE INDEX ix_job_orders_first_terms_stale ON job_orders (id) \
             WHERE first_contract_class IS NULL AND accepted_version IS NOT NULL",
            // Follow-ups still to do, by due date (the home page and the follow-up list).
            "CREATE INDEX ix_follow_ups_open_due ON follow_ups (office_id, due_on) \
             WHERE done_on IS NULL AND cancelled_on IS NULL",
            // The home page's counts and the referral list's 結果待ち.
            "CREATE INDEX ix_referrals_office_id_state ON referrals (office_id, state)",
            "CREATE INDEX ix_job_orders_office_id_change_pending ON job_orders \
             (office_id, change_pending)",
            // Matching's tiers with an area: the open orders of a municipality, their hours
            // and occupation in the index (no read of the wide rows).
            "CREATE INDEX ix_job_orders_match_area ON job_orders (office_id, state, \
             workplace_municipality, valid_until, weekly_minutes, weekday_mask, earliest_start, \
             latest_end, occupation_major, occupation_code, accepted_version)",
            // The placements API pages by id.
            "CREATE INDEX ix_placements_office_id_id ON placements (office_id, id)",
            // The seeker list and its search by name, kana, number or phone: the page order
            // and every searched column in one index, so a search reads no wide row.
            "CREATE INDEX ix_job_seekers_search ON job_seekers (office_id, registered_on, id, \
             state, valid_until, name_normalized, name_kana, number, phone_digits)",
            "CREATE INDEX ix_job_seekers_report_valid ON job_seekers (office_id, valid_until, \
             registered_on, closed_on)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        for sql in [
            // The hires of a period by class, hours and whether they left (index only).
            "CREATE INDEX ix_placements_report ON placements (office_id, start_date, \
             classification, contract_indefinite, weekly_minutes, left_on, left_reason, \
             job_order_id, job_seeker_id)",
            // The 6-month follow-up of a hire (index only).
            "CREATE INDEX ix_follow_ups_report ON follow_ups (placement_id, due_kind, due_on, \
             result)",
            // A hire's occupation and support categories without reading the wide rows.
            "CREATE INDEX ix_job_orders_report_occupation ON job_orders (id, occupation_code)",
            "CREATE INDEX ix_job_seekers_report_support ON job_seekers (id, support_categories)",
            // 新規求職 of a period by support category (index only).
            "CREATE INDEX ix_job_seekers_report_registered ON job_seekers (office_id, \
             registered_on, support_categories)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        m.create_index(index("complaints", &["office_id", "received_on"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, name) in [
            ("complaints", "ix_complaints_office_id_received_on"),
            ("placements", "ix_placements_report"),
            ("follow_ups", "ix_follow_ups_report"),
            ("job_orders", "ix_job_orders_report_occupation"),
            ("job_seekers", "ix_job_seekers_report_support"),
            ("job_seekers", "ix_job_seekers_report_registered"),
            ("job_seekers", "ix_job_seekers_report_valid"),
            ("job_seekers", "ix_job_seekers_search"),
            ("follow_ups", "ix_follow_ups_open_due"),
            ("referrals", "ix_referrals_office_id_state"),
            ("job_orders", "ix_job_orders_office_id_change_pending"),
            ("job_orders", "ix_job_orders_match_area"),
            ("placements", "ix_placements_office_id_id"),
            ("job_orders", "ix_job_orders_first_terms_stale"),
            ("job_orders", "ix_job_orders_report_rejected"),
            ("job_orders", "ix_job_orders_report_valid"),
            ("job_orders", "ix_job_orders_report_accepted"),
        ] {
            m.drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table("follow_ups")
                .drop_column("cancelled_on")
                .to_owned(),
        )
        .await?;
        for col in ["first_weekly_minutes", "first_contract_class"] {
            m.alter_table(
                Table::alter()
                    .table("job_orders")
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
