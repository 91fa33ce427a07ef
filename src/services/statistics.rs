//! The query planner's statistics, kept fresh by the hourly job.
//!
//! SQLite plans from `sqlite_stat1`, which only `ANALYZE` writes; a file that was never
//! analysed is planned from guesses, and at a prefecture's size those guesses pick the wrong
//! index for the staff search, for jobs for a seeker and for the seeker name count (measured in
//! `docs/performance.md`). PostgreSQL's autovacuum analyses a table after enough of it changed,
//! so there is nothing to do there.
//!
//! A table is analysed in full (a sample of an index that begins with the office sees only the
//! first few occupations or areas and misleads the planner) when it has rows and no statistics
//! yet, when it has an index the statistics do not know (a migration added it), or when it has
//! grown to twice or shrunk to half the rows its statistics were taken at. So a table is read
//! again only after it doubled: the cost of keeping statistics is a few full reads over the
//! office's whole life, each table in its own short transaction.
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

/// What one refresh did: the tables analysed, with the rows each had.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refreshed {
    pub tables: Vec<(String, i64)>,
}

impl Refreshed {
    pub fn names(&self) -> Vec<&str> {
        self.tables.iter().map(|(t, _)| t.as_str()).collect()
    }
}

/// Analyse the tables whose statistics are missing or out of date (SQLite; nothing on
/// PostgreSQL, where autovacuum does it).
pub async fn refresh<C: ConnectionTrait>(db: &C) -> Result<Refreshed, DbErr> {
    let mut done = Refreshed::default();
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(done);
    }
    for t in stale(db).await? {
        db.execute_unprepared(&format!("ANALYZE {}", quoted(&t.name)))
            .await?;
        done.tables.push((t.name, t.rows));
    }
    Ok(done)
}

/// A table whose statistics a refresh would write again, and its rows now.
#[derive(Debug)]
struct Stale {
    name: String,
    rows: i64,
}

/// The tables a refresh analyses: ordinary tables (not SQLite's own, not a full-text index's
/// shadow tables) with an index or a primary key to describe, whose statistics are missing or
/// out of date.
async fn stale<C: ConnectionTrait>(db: &C) -> Result<Vec<Stale>, DbErr> {
    let tables = strings(
        db,
        "SELECT t.name FROM sqlite_schema t \
         WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
           AND t.sql NOT LIKE 'CREATE VIRTUAL%' \
           AND NOT EXISTS (SELECT 1 FROM sqlite_schema v \
                           WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL%' \
                             AND substr(t.name, 1, length(v.name) + 1) = v.name || '_') \
           AND (EXISTS (SELECT 1 FROM sqlite_schema i WHERE i.type = 'index' AND i.tbl_name = t.name) \
                OR t.sql LIKE '%WITHOUT ROWID%') \
         ORDER BY t.name",
    )
    .await?;
    let mut out = Vec::new();
    for name in tables {
        let rows = integer(db, &format!("SELECT count(*) FROM {}", quoted(&name)))
            .await?
            .unwrap_or(0);
        if rows == 0 {
            // Nothing to learn from an empty table (and SQLite writes no statistics for one).
            continue;
        }
        let recorded = recorded_rows(db, &name).await?;
        let stale = match recorded {
            None => true,
            Some(r) => rows >= 2 * r || 2 * rows <= r || unknown_index(db, &name).await?,
        };
        if stale {
            out.push(Stale { name, rows });
        }
    }
    Ok(out)
}

/// The rows `table` had when its statistics were taken (`None`: it has none). SQLite only.
pub async fn recorded_rows<C: ConnectionTrait>(db: &C, table: &str) -> Result<Option<i64>, DbErr> {
    if !exists(db, "sqlite_stat1").await? {
        return Ok(None);
    }
    integer(
        db,
        &format!(
            "SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = {}",
            literal(table)
        ),
    )
    .await
}

/// Whether the table has a full (not partial) index with no statistics: one a migration
/// added since the table was last analysed. (A partial index that covers no row has none even
/// right after `ANALYZE`, so partial indexes are not asked about.)
async fn unknown_index<C: ConnectionTrait>(db: &C, table: &str) -> Result<bool, DbErr> {
    let t = literal(table);
    Ok(integer(
        db,
        &format!(
            "SELECT count(*) FROM sqlite_schema i \
             WHERE i.type = 'index' AND i.tbl_name = {t} \
               AND (i.sql IS NULL OR upper(i.sql) NOT LIKE '% WHERE %') \
               AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.tbl = {t} AND s.idx = i.name)"
        ),
    )
    .await?
    .unwrap_or(0)
        > 0)
}

async fn exists<C: ConnectionTrait>(db: &C, table: &str) -> Result<bool, DbErr> {
    Ok(integer(
        db,
        &format!(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = {}",
            literal(table)
        ),
    )
    .await?
    .unwrap_or(0)
        > 0)
}

async fn integer<C: ConnectionTrait>(db: &C, sql: &str) -> Result<Option<i64>, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql.to_owned()))
        .await?;
    Ok(match row {
        Some(r) => r.try_get_by_index::<Option<i64>>(0)?,
        None => None,
    })
}

async fn strings<C: ConnectionTrait>(db: &C, sql: &str) -> Result<Vec<String>, DbErr> {
    db.query_all_raw(Statement::from_string(DbBackend::Sqlite, sql.to_owned()))
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<String>(0))
        .collect()
}

/// A table's name as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A table's name as an SQL string.
fn literal(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}
