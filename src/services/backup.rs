//! A consistent copy of a running SQLite database (`VACUUM INTO`). PostgreSQL is backed up with
//! `pg_dump` (see the README).
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use std::path::Path;

pub async fn backup(db: &DatabaseConnection, path: &Path) -> anyhow::Result<()> {
    if db.get_database_backend() != DbBackend::Sqlite {
        anyhow::bail!(
            "backup works for SQLite only; for PostgreSQL use: pg_dump --format=custom --file=tsunagu.dump \"$DATABASE_URL\""
        );
    }
    if path.exists() {
        anyhow::bail!("{} already exists; choose a new file name", path.display());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let target = path.to_string_lossy().replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{target}'"))
        .await?;
    Ok(())
}
