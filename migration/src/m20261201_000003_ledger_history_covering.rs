//! The ledgers' referral histories are read from indexes alone: an order's (or a seeker's)
//! referrals with their date, state and the other party, each hire's dates, and the seeker's
//! (or employer's) name. The 求人管理簿 of a whole office reads 2 M referrals with their seekers
//! and hires; from the rows, each was a random read of a wide row (docs/performance.md, eighth
//! session).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An index this migration adds: its table, name and columns, and the index it replaces (one
/// on its first column alone, which the new one serves too).
struct Covering {
    table: &'static str,
    name: &'static str,
    columns: &'static [&'static str],
    replaces: Option<&'static str>,
}

const INDEXES: [Covering; 5] = [
    Covering {
        table: "referrals",
        name: "ix_referrals_order_history",
        columns: &[
            "job_order_id",
            "referred_on",
            "id",
            "state",
            "job_seeker_id",
        ],
        replaces: Some("ix_referrals_job_order_id"),
    },
    Covering {
        table: "referrals",
        name: "ix_referrals_seeker_history",
        columns: &["job_seeker_id", "referred_on", "id", "state", "employer_id"],
        replaces: Some("ix_referrals_job_seeker_id"),
    },
    Covering {
        table: "placements",
        name: "ix_placements_history",
        columns: &[
            "referral_id",
            "start_date",
            "contract_indefinite",
            "left_on",
        ],
        replaces: None,
    },
    Covering {
        table: "job_seekers",
        name: "ix_job_seekers_id_name",
        columns: &["id", "name"],
        replaces: None,
    },
    Covering {
        table: "employers",
        name: "ix_employers_id_name",
        columns: &["id", "name"],
        replaces: None,
    },
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        // SQLite plans from `sqlite_stat1`: an index it has no statistics for loses to the
        // unique index beside it until the hourly job analyses the table, so a file that has
        // statistics gets the new indexes' own (each read once, not the whole table).
        let analysed = db.get_database_backend() == DbBackend::Sqlite
            && db
                .query_one_raw(sea_orm_migration::sea_orm::Statement::from_string(
                    DbBackend::Sqlite,
                    "SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'",
                ))
                .await?
                .is_some();
        for i in &INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX {} ON {} ({})",
                i.name,
                i.table,
                i.columns.join(", ")
            ))
            .await?;
            if analysed {
                db.execute_unprepared(&format!("ANALYZE {}", i.name))
                    .await?;
            }
            if let Some(old) = i.replaces {
                db.execute_unprepared(&format!("DROP INDEX IF EXISTS {old}"))
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for i in &INDEXES {
            if let Some(old) = i.replaces {
                db.execute_unprepared(&format!(
                    "CREATE INDEX {old} ON {} ({})",
                    i.table, i.columns[0]
                ))
                .await?;
            }
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {}", i.name))
                .await?;
        }
        Ok(())
    }
}
