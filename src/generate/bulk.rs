//! Bulk writing: multi-row inserts in large transactions, ids and sequences, the tuned SQLite
//! connection of a generation run.
use super::*;

/// Timestamp at noon (JST) of a day.
pub(super) fn at(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(3, 0, 0).unwrap_or_default().and_utc()
}

/// Number sequences per (kind, fiscal year).
#[derive(Default)]
pub(super) struct Numbers(pub(super) BTreeMap<(&'static str, i32), i32>);

impl Numbers {
    pub(super) fn next(&mut self, kind: NumberKind, on: NaiveDate) -> String {
        let fy = fiscal_year_of(on);
        let n = self.0.entry((kind.code(), fy)).or_insert(0);
        *n += 1;
        format_number(kind, fy, *n)
    }
}

/// Rows per INSERT statement (well under SQLite's 32 766 and PostgreSQL's 65 535 parameters).
pub(super) const CHUNK: usize = 300;
/// Rows per transaction.
pub(super) const TXN_ROWS: usize = 20_000;

pub(super) async fn insert_chunks<E, A, C>(db: &C, rows: Vec<A>) -> Result<(), sea_orm::DbErr>
where
    E: EntityTrait,
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
    C: ConnectionTrait,
{
    let mut it = rows.into_iter().peekable();
    while it.peek().is_some() {
        let chunk: Vec<A> = it.by_ref().take(CHUNK).collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

pub(super) async fn next_id<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    col: E::Column,
) -> Result<i32, sea_orm::DbErr>
where
    E::Column: ColumnTrait,
{
    let max: Option<Option<i32>> = E::find()
        .select_only()
        .column_as(col.max(), "m")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().unwrap_or(0) + 1)
}

/// Move PostgreSQL's id sequences past explicitly inserted ids.
pub(super) async fn reset_sequences(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for t in [
        "employers",
        "job_orders",
        "job_order_versions",
        "job_seekers",
        "referrals",
        "referral_transitions",
        "placements",
        "follow_ups",
    ] {
        db.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{t}', 'id'), \
             COALESCE((SELECT MAX(id) FROM {t}), 0) + 1, false)"
        ))
        .await?;
    }
    Ok(())
}

/// The lifetime of an accepted order: when it was open.
#[derive(Clone, Copy)]
pub(super) struct OrderLife {
    pub(super) id: i32,
    pub(super) employer_id: i32,
    pub(super) accepted_on: NaiveDate,
    /// Last day it could be referred to.
    pub(super) last_day: NaiveDate,
    pub(super) weekly_minutes: i32,
    pub(super) hourly_yen: i32,
    pub(super) months: Option<u32>,
}

#[derive(Clone, Copy)]
pub(super) struct SeekerLife {
    pub(super) id: i32,
    pub(super) registered_on: NaiveDate,
    pub(super) last_day: NaiveDate,
}

/// The connection `generate` writes through. On SQLite: one connection (so every statement
/// meets the same settings) with a 1 GiB page cache, temporary B-trees in memory and no fsync
/// per commit — a crash during generation leaves a database to throw away, nothing else. On
/// PostgreSQL: `None` (use the normal pool).
pub async fn bulk_connection(url: &str) -> anyhow::Result<Option<DatabaseConnection>> {
    use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
    if !url.starts_with("sqlite") {
        return Ok(None);
    }
    let mut opts = crate::db::options(url);
    opts.max_connections(1)
        .min_connections(1)
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(crate::db::SQLITE_BUSY_TIMEOUT)
                .foreign_keys(true)
                .synchronous(SqliteSynchronous::Off)
                .pragma("cache_size", "-1048576")
                .pragma("temp_store", "memory")
        });
    Ok(Some(sea_orm::Database::connect(opts).await?))
}

/// The tables a generation run fills.
const BULK_TABLES: [&str; 8] = [
    "employers",
    "job_orders",
    "job_order_versions",
    "job_seekers",
    "referrals",
    "referral_transitions",
    "placements",
    "follow_ups",
];

/// The secondary indexes and triggers of the bulk tables, dropped for the load and made again
/// after it: building an index once from the loaded rows is many times faster than keeping
/// fifteen of them up to date row by row, and the SQLite trigram table is rebuilt in one pass.
/// Primary keys and constraints stay (and unique indexes are checked when they are made again).
pub(super) struct Deferred {
    /// `CREATE …` statements, indexes before triggers.
    ddl: Vec<String>,
}

pub(super) async fn defer_indexes(db: &DatabaseConnection) -> Result<Deferred, sea_orm::DbErr> {
    let tables = BULK_TABLES.map(|t| format!("'{t}'")).join(", ");
    let sqlite = db.get_database_backend() == DbBackend::Sqlite;
    let query = if sqlite {
        format!(
            "SELECT type AS kind, name, sql AS ddl FROM sqlite_master \
             WHERE type IN ('index', 'trigger') AND tbl_name IN ({tables}) AND sql IS NOT NULL \
             ORDER BY type, name"
        )
    } else {
        format!(
            "SELECT 'index' AS kind, indexname AS name, indexdef AS ddl FROM pg_indexes \
             WHERE schemaname = current_schema() AND tablename IN ({tables}) \
             AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname"
        )
    };
    // One connection for the reading and the dropping: SQLite checks DDL against the schema a
    // connection last read, and an idle pooled connection may remember an older one. The read
    // of the catalogue inside the transaction brings it up to date.
    let txn = db.begin().await?;
    let rows = txn
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            query,
        ))
        .await?;
    let mut ddl = Vec::with_capacity(rows.len());
    for r in rows {
        let kind: String = r.try_get("", "kind")?;
        let name: String = r.try_get("", "name")?;
        let create: String = r.try_get("", "ddl")?;
        let drop = if kind == "trigger" {
            "TRIGGER"
        } else {
            "INDEX"
        };
        txn.execute_unprepared(&format!("DROP {drop} IF EXISTS \"{name}\""))
            .await?;
        ddl.push(create);
    }
    txn.commit().await?;
    Ok(Deferred { ddl })
}

impl Deferred {
    /// Make the indexes and triggers again, then refill what the SQLite triggers keep (the
    /// full-text tables, the seekers' name pieces and wishes).
    pub(super) async fn restore(
        self,
        db: &DatabaseConnection,
        progress: &dyn Progress,
    ) -> Result<(), sea_orm::DbErr> {
        let total = self.ddl.len() as u64 + 1;
        // As in `defer_indexes`: one connection whose idea of the schema is read afresh first.
        let txn = db.begin().await?;
        let probe = match db.get_database_backend() {
            DbBackend::Sqlite => "SELECT count(*) FROM sqlite_master",
            _ => "SELECT 1",
        };
        txn.query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            probe,
        ))
        .await?;
        for (i, create) in self.ddl.iter().enumerate() {
            txn.execute_unprepared(create).await?;
            progress.step("索引", i as u64 + 1, total);
        }
        txn.commit().await?;
        if db.get_database_backend() == DbBackend::Sqlite {
            let rows = db
                .query_all_raw(sea_orm::Statement::from_string(
                    DbBackend::Sqlite,
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'",
                ))
                .await?;
            for r in rows {
                let name: String = r.try_get("", "name")?;
                db.execute_unprepared(&format!(
                    "INSERT INTO \"{name}\"(\"{name}\") VALUES ('rebuild')"
                ))
                .await?;
            }
            // The name pieces and wishes of the seekers, which the dropped triggers did not write.
            let txn = db.begin().await?;
            for sql in migration::rebuild_seeker_grams(DbBackend::Sqlite)
                .into_iter()
                .chain(migration::rebuild_seeker_wishes(DbBackend::Sqlite))
            {
                txn.execute_unprepared(&sql).await?;
            }
            txn.commit().await?;
        }
        progress.step("索引", total, total);
        Ok(())
    }
}
