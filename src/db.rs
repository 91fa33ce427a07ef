//! Connecting to the database (SQLite file created on first use, WAL mode) and migrating it.
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use std::time::Duration;

/// How long a request waits for a pooled connection before it is answered 503: short, so that
/// with the database down every page fails fast instead of hanging.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
/// SQLite is a local file that cannot be "down": a wait for a connection is a queue of writers,
/// so it may last as long as the write lock's own timeout.
pub const SQLITE_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long an SQLite writer waits for the write lock held by another writer.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// PostgreSQL connections of one app instance at most (several instances share one server,
/// whose default limit is 100).
pub const PG_MAX_CONNECTIONS: u32 = 16;
/// PostgreSQL connections kept open even when idle: as many as eight requests at once use.
pub const PG_MIN_CONNECTIONS: u32 = 8;

/// The pool settings for a database URL (also for a lazy pool that connects on first use).
pub fn options(url: &str) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(3))
        .acquire_timeout(ACQUIRE_TIMEOUT);
    if url.starts_with("sqlite") {
        // Every pooled connection gets the same settings (a `PRAGMA` run once would reach one
        // connection only): WAL, a busy timeout, foreign keys.
        opts.max_connections(8)
            .min_connections(1)
            .acquire_timeout(SQLITE_ACQUIRE_TIMEOUT)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .foreign_keys(true)
                    // WAL makes NORMAL durable against application crashes (a power cut may
                    // lose the last commits, never corrupt the file).
                    .synchronous(SqliteSynchronous::Normal)
                    // 4 MiB of pages per connection (32 MiB for the pool) instead of 2 MiB
                    // (temporary sorts stay in files past that: memory stays bounded). 8 MiB
                    // was no faster at nation scale, where every write empties the other
                    // connections' caches anyway, and eight annual reports at once then
                    // peaked at 242 MB instead of 183 (docs/performance.md, eighth session).
                    .pragma("cache_size", "-4096")
            });
    } else {
        // Connections are kept open from the start (and made again in the background when
        // one is closed): a request that finds none idle would wait for a new PostgreSQL
        // backend, ~90 ms, which was the staff list's p95 at nation scale (docs/performance.md,
        // ninth session).
        opts.max_connections(PG_MAX_CONNECTIONS)
            .min_connections(PG_MIN_CONNECTIONS);
    }
    opts
}

pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = sqlite_path(url)
        && let Some(dir) = std::path::Path::new(&path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    Ok(Database::connect(options(url)).await?)
}

/// Connect and migrate, trying again every few seconds while the database is not reachable
/// yet (it may still be starting), with a message in the log each time. Gives up after
/// `give_up_after` (none: never).
pub async fn connect_and_migrate_retrying(
    url: &str,
    give_up_after: Option<Duration>,
) -> anyhow::Result<DatabaseConnection> {
    let started = std::time::Instant::now();
    let mut wait = Duration::from_millis(500);
    loop {
        let attempt = async {
            let db = connect(url).await?;
            migrate(&db).await?;
            anyhow::Ok(db)
        }
        .await;
        match attempt {
            Ok(db) => return Ok(db),
            Err(e) if give_up_after.is_none_or(|g| started.elapsed() + wait < g) => {
                tracing::warn!(
                    error = %e,
                    retry_in_ms = wait.as_millis() as u64,
                    "データベースに接続できません。再試行します"
                );
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(10));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Apply every pending migration and load the bundled reference data.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await?;
    // Fill the job orders' fact columns that a migration added (a no-op once done).
    let started = std::time::Instant::now();
    let filled = crate::services::job_orders::backfill_facts(db).await?;
    if filled > 0 {
        tracing::info!(
            orders = filled,
            seconds = started.elapsed().as_secs_f64(),
            "求人の検索・照合用の項目を埋めました"
        );
    }
    crate::services::job_orders::backfill_first_terms(db).await?;
    crate::services::refdata::load_bundled(db).await?;
    crate::services::carving::seed_templates(db).await?;
    Ok(())
}

/// The file path of an SQLite URL (`sqlite://data/x.db?mode=rwc` → `data/x.db`), if it is one.
pub fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        None
    } else {
        Some(path.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ConnectionTrait, DbBackend, Statement};

    #[test]
    fn sqlite_paths() {
        assert_eq!(
            sqlite_path("sqlite://data/tsunagu.db?mode=rwc").as_deref(),
            Some("data/tsunagu.db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://x/y"), None);
    }

    /// Every pooled connection waits for the write lock (a PRAGMA run once reached one).
    #[tokio::test]
    async fn every_pooled_sqlite_connection_has_a_busy_timeout() {
        let path = std::env::temp_dir().join(format!(
            "tsunagu_busy_{}.db",
            &crate::services::random_token()[..12]
        ));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let db = connect(&url).await.unwrap();
        // Hold several connections at once so that the pool has to open more than one.
        let mut txns = Vec::new();
        for _ in 0..4 {
            txns.push(sea_orm::TransactionTrait::begin(&db).await.unwrap());
        }
        for t in &txns {
            let row = t
                .query_one_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    "PRAGMA busy_timeout",
                ))
                .await
                .unwrap()
                .unwrap();
            let ms: i64 = row.try_get_by_index(0).unwrap();
            assert_eq!(ms, SQLITE_BUSY_TIMEOUT.as_millis() as i64);
            let row = t
                .query_one_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    "PRAGMA foreign_keys",
                ))
                .await
                .unwrap()
                .unwrap();
            let on: i64 = row.try_get_by_index(0).unwrap();
            assert_eq!(on, 1);
        }
        drop(txns);
        db.close().await.ok();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
