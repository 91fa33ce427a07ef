//! PostgreSQL reads what SQLite's indexes already gave (docs/performance.md, ninth session):
//!
//! - The two matching indexes hold the order's id. An SQLite index carries its row's id; a
//!   PostgreSQL B-tree does not, so each of jobs-for-a-seeker's up to 1,000 candidates was a
//!   read of its row (31 ms of a tier at nation scale) where SQLite read the index alone.
//! - The seekers' wishes are read with whether the seeker is active (`active_until`) from the
//!   index: seekers-for-a-job skipped inactive wishes row by row.
//! - The statistics of the name pieces and of the wishes' values keep a thousand most common
//!   values instead of a hundred. With a hundred, PostgreSQL took the holders of a common
//!   surname's piece (「斎藤」: 21,084) for a fifth of them, read them all and sorted them
//!   (120 ms) instead of walking the piece's key newest first (1.5 ms).
//!
//! SQLite is left as it is.
use crate::m20261201_000002_match_covering::{FACTS, covering, indexes};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The covering index of the wishes, with whether the seeker is active.
const WISHES: &str = "ix_job_seeker_wishes_active";

/// (table, column) whose statistics keep [`STATISTICS`] most common values.
const SKEWED: [(&str, &str); 2] = [("job_seeker_grams", "gram"), ("job_seeker_wishes", "value")];
const STATISTICS: u32 = 1000;

/// The two matching indexes of `m20261201_000002` made again, with the order's id (or without).
async fn matching_index(m: &SchemaManager<'_>, with_id: bool) -> Result<(), DbErr> {
    let db = m.get_connection();
    for (name, before, added) in indexes() {
        let name = covering(name);
        let cols: Vec<&str> = [before, added, &FACTS[..]].concat();
        let include = if with_id { " INCLUDE (id)" } else { "" };
        db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
            .await?;
        db.execute_unprepared(&format!(
            "CREATE INDEX {name} ON job_orders ({}){include}",
            cols.join(", ")
        ))
        .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        matching_index(m, true).await?;
        db.execute_unprepared(&format!(
            "CREATE INDEX {WISHES} ON job_seeker_wishes (office_id, kind, value, job_seeker_id) \
             INCLUDE (active_until)"
        ))
        .await?;
        for (table, column) in SKEWED {
            db.execute_unprepared(&format!(
                "ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {STATISTICS}"
            ))
            .await?;
            db.execute_unprepared(&format!("ANALYZE {table}")).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        for (table, column) in SKEWED {
            db.execute_unprepared(&format!(
                "ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS -1"
            ))
            .await?;
        }
        db.execute_unprepared(&format!("DROP INDEX IF EXISTS {WISHES}"))
            .await?;
        matching_index(m, false).await
    }
}
