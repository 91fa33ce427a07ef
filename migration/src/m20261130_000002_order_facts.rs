//! The searchable and matchable facts of a job order's accepted version (or of its draft before
//! acceptance) in real, indexed columns of `job_orders`, kept in the same transaction as the
//! version; keyword search through SQLite FTS5 (`trigram`) or PostgreSQL `pg_trgm` (GIN); indexes
//! behind every list order, the read-time expiry condition and the scheduled expiry.
//!
//! Existing rows get `facts_version = 0`; `services::job_orders::backfill_facts`, run by
//! `db::migrate` right after the migrations, fills their columns from the accepted version in
//! batches (the terms are JSON that only the application can read).
use crate::util::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn add(col: ColumnDef) -> TableAlterStatement {
    Table::alter()
        .table("job_orders")
        .add_column(col)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new("occupation_major")
                .string_len(8)
                .not_null()
                .default("")
                .to_owned(),
            ColumnDef::new("prefecture_code")
                .string_len(2)
                .not_null()
                .default("")
                .to_owned(),
            ColumnDef::new("weekday_mask")
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new("earliest_start")
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new("latest_end")
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new("hourly_wage_yen")
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new("search_text")
                .text()
                .not_null()
                .default("")
                .to_owned(),
            ColumnDef::new("facts_version")
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
        ] {
            m.alter_table(add(col)).await?;
        }
        for (cols, unique) in [
            (&["office_id", "updated_at", "id"][..], false),
            (&["office_id", "state", "valid_until"][..], false),
            (&["office_id", "valid_until", "id"][..], false),
            (&["office_id", "number", "id"][..], false),
            (&["office_id", "weekly_minutes", "id"][..], false),
            (&["office_id", "occupation_title", "id"][..], false),
            (&["office_id", "occupation_code"][..], false),
            (&["office_id", "occupation_major"][..], false),
            (&["office_id", "workplace_municipality"][..], false),
            (
                &["office_id", "state", "publishable", "accepted_on", "id"][..],
                false,
            ),
        ] {
            m.create_index(index("job_orders", cols, unique)).await?;
        }
        let db = m.get_connection();
        // The scheduled expiry and the read-time condition look only at open orders.
        db.execute_unprepared(
            "CREATE INDEX ix_job_orders_open_valid_until ON job_orders (valid_until) \
             WHERE state = 'open'",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_job_orders_facts_stale ON job_orders (id) WHERE facts_version = 0",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_job_seekers_active_valid_until ON job_seekers (valid_until) \
             WHERE state = 'active'",
        )
        .await?;
        m.create_index(index(
            "job_seekers",
            &["office_id", "state", "valid_until"],
            false,
        ))
        .await?;
        m.create_index(index(
            "job_seekers",
            &["office_id", "registered_on", "id"],
            false,
        ))
        .await?;
        m.create_index(index("job_order_versions", &["job_order_id"], false))
            .await?;
        // The ledgers export by (date, id) key.
        m.create_index(index(
            "job_orders",
            &["office_id", "received_on", "id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "referrals",
            &["office_id", "referred_on", "id"],
            false,
        ))
        .await?;
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE job_orders_fts USING fts5(search_text, \
                     content='job_orders', content_rowid='id', tokenize='trigram')",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER job_orders_fts_ai AFTER INSERT ON job_orders BEGIN \
                     INSERT INTO job_orders_fts(rowid, search_text) VALUES (new.id, new.search_text); \
                     END",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER job_orders_fts_ad AFTER DELETE ON job_orders BEGIN \
                     INSERT INTO job_orders_fts(job_orders_fts, rowid, search_text) \
                     VALUES ('delete', old.id, old.search_text); END",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER job_orders_fts_au AFTER UPDATE OF search_text ON job_orders \
                     BEGIN \
                     INSERT INTO job_orders_fts(job_orders_fts, rowid, search_text) \
                     VALUES ('delete', old.id, old.search_text); \
                     INSERT INTO job_orders_fts(rowid, search_text) VALUES (new.id, new.search_text); \
                     END",
                )
                .await?;
                db.execute_unprepared(
                    "INSERT INTO job_orders_fts(job_orders_fts) VALUES ('rebuild')",
                )
                .await?;
            }
            DbBackend::Postgres => {
                db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    .await?;
                db.execute_unprepared(
                    "CREATE INDEX ix_job_orders_search_trgm ON job_orders \
                     USING gin (search_text gin_trgm_ops)",
                )
                .await?;
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Sqlite {
            for t in [
                "job_orders_fts_ai",
                "job_orders_fts_ad",
                "job_orders_fts_au",
            ] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}"))
                    .await?;
            }
            db.execute_unprepared("DROP TABLE IF EXISTS job_orders_fts")
                .await?;
        }
        for ix in [
            "ix_job_orders_search_trgm",
            "ix_job_orders_open_valid_until",
            "ix_job_orders_facts_stale",
            "ix_job_seekers_active_valid_until",
        ] {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {ix}"))
                .await?;
        }
        for col in [
            "occupation_major",
            "prefecture_code",
            "weekday_mask",
            "earliest_start",
            "latest_end",
            "hourly_wage_yen",
            "search_text",
            "facts_version",
        ] {
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
