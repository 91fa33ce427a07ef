//! Security hardening (issue 10): sign-in attempts counted per client as well as per address,
//! a generic table of rate-limited events (public registrations), and one open referral per
//! seeker and order enforced by a partial unique index.
use crate::util::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const OPEN_REFERRAL_INDEX: &str = "ux_referrals_open_order_seeker";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        // Who tried: the client's address (or `unknown`), so that a client can be limited
        // across every e-mail address it tries.
        m.alter_table(
            Table::alter()
                .table("login_attempts")
                .add_column(string_len("client", 64).default(""))
                .to_owned(),
        )
        .await?;
        m.create_index(index("login_attempts", &["client", "attempted_at"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("rate_events")
                .col(pk_auto("id"))
                .col(string_len("bucket", 32))
                .col(string_len("key", 600))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "rate_events",
            &["bucket", "key", "created_at"],
            false,
        ))
        .await?;

        // Double submissions before this index could have left two open referrals of one
        // seeker to one order; the index cannot be built over them, so say which to resolve.
        let dupes = db
            .query_all_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT job_order_id, job_seeker_id, COUNT(*) AS n FROM referrals \
                 WHERE state = 'referred' GROUP BY job_order_id, job_seeker_id HAVING COUNT(*) > 1",
            ))
            .await?;
        if !dupes.is_empty() {
            let pairs: Vec<String> = dupes
                .iter()
                .map(|r| {
                    let o: i32 = r.try_get("", "job_order_id").unwrap_or_default();
                    let s: i32 = r.try_get("", "job_seeker_id").unwrap_or_default();
                    format!("求人 #{o} × 求職者 #{s}")
                })
                .collect();
            return Err(DbErr::Migration(format!(
                "同じ求職者・求人の未完了の紹介が重複しています（{}）。重複している紹介の一方を「取消」にしてから、もう一度起動してください。",
                pairs.join("、")
            )));
        }
        db.execute_unprepared(&format!(
            "CREATE UNIQUE INDEX {OPEN_REFERRAL_INDEX} ON referrals (job_order_id, job_seeker_id) WHERE state = 'referred'"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(&format!("DROP INDEX IF EXISTS {OPEN_REFERRAL_INDEX}"))
            .await?;
        m.drop_table(Table::drop().table("rate_events").to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("ix_login_attempts_client_attempted_at")
                .table("login_attempts")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("login_attempts")
                .drop_column("client")
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
