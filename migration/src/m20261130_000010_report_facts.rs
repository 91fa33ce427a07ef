//! The report figures in SQL (issue 11): the contract class (常用・臨時・日雇) and weekly minutes of
//! each order's first accepted version as columns of `job_orders`, written when it is first
//! accepted, so the annual report can COUNT … GROUP BY instead of reading every version's terms;
//! and the indexes behind the reports' periods (covering, so a year is one index range).
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
        let db = m.get_connection();
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
             WHERE done_on IS NULL",
            "CREATE INDEX ix_job_seekers_report_valid ON job_seekers (office_id, valid_until, \
             registered_on, closed_on)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        m.create_index(index("placements", &["office_id", "start_date"], false))
            .await?;
        m.create_index(index("follow_ups", &["placement_id", "due_kind"], false))
            .await?;
        m.create_index(index("complaints", &["office_id", "received_on"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, name) in [
            ("complaints", "ix_complaints_office_id_received_on"),
            ("follow_ups", "ix_follow_ups_placement_id_due_kind"),
            ("placements", "ix_placements_office_id_start_date"),
            ("job_seekers", "ix_job_seekers_report_valid"),
            ("follow_ups", "ix_follow_ups_open_due"),
            ("job_orders", "ix_job_orders_first_terms_stale"),
            ("job_orders", "ix_job_orders_report_rejected"),
            ("job_orders", "ix_job_orders_report_valid"),
            ("job_orders", "ix_job_orders_report_accepted"),
        ] {
            m.drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
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
