//! Connecting to the database (SQLite file created on first use, WAL mode) and migrating it.
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};
use std::time::Duration;

pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = sqlite_path(url)
        && let Some(dir) = std::path::Path::new(&path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if url.starts_with("sqlite") {
        opts.max_connections(8).min_connections(1);
    } else {
        opts.max_connections(16);
    }
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode = WAL;").await?;
        db.execute_unprepared("PRAGMA busy_timeout = 5000;").await?;
        db.execute_unprepared("PRAGMA foreign_keys = ON;").await?;
    }
    Ok(db)
}

/// Apply every pending migration and load the bundled reference data.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await?;
    // Fill the job orders' fact columns that a migration added (a no-op once done).
    crate::services::job_orders::backfill_facts(db).await?;
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
    #[test]
    fn sqlite_paths() {
        assert_eq!(
            sqlite_path("sqlite://data/tsunagu.db?mode=rwc").as_deref(),
            Some("data/tsunagu.db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://x/y"), None);
    }
}
