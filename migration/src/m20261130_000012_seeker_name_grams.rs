//! Seeker search by name without reading every seeker (issue 11): the two-character pieces
//! (bigrams) of each seeker's normalised name and kana in `job_seeker_grams`, kept by triggers
//! on both databases, so a search for 「佐藤」 or 「サトウハナコ」 starts from the seekers that
//! hold its rarest piece instead of a `LIKE '%…%'` over the office. Trigrams (FTS5, pg_trgm)
//! cannot serve the two-character surnames people type most. Each piece carries the seeker's
//! 求職受付年月日, so the newest holders of a piece — the list's order — are an index range.
//!
//! SQLite has no `WITH` inside a trigger, so the positions of a name come from a small table of
//! numbers (`gram_positions`, 1‥200); PostgreSQL uses `generate_series`.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The longest name or kana whose pieces are all indexed (the form allows fewer characters).
pub const GRAM_POSITIONS: u32 = 200;

/// Every seeker's pieces again (after a bulk load that ran without the triggers).
pub fn rebuild_seeker_grams(backend: DbBackend) -> [String; 2] {
    let positions = match backend {
        DbBackend::Postgres => format!("generate_series(1, {GRAM_POSITIONS}) AS p(n)"),
        _ => "gram_positions p".to_owned(),
    };
    [
        "DELETE FROM job_seeker_grams".to_owned(),
        format!(
            "INSERT INTO job_seeker_grams (office_id, gram, registered_on, job_seeker_id) \
             SELECT DISTINCT s.office_id, substr(f.v, p.n, 2), s.registered_on, s.id \
             FROM job_seekers s \
             JOIN (SELECT id, name_normalized AS v FROM job_seekers \
                   UNION ALL SELECT id, name_kana AS v FROM job_seekers) f ON f.id = s.id \
             JOIN {positions} ON p.n < length(f.v)"
        ),
    ]
}

/// The pieces of one row (`new`), for the triggers.
fn insert_new(positions: &str, conflict: &str, field: &str) -> String {
    format!(
        "INSERT {ignore}INTO job_seeker_grams (office_id, gram, registered_on, job_seeker_id) \
         SELECT DISTINCT new.office_id, substr(new.{field}, p.n, 2), new.registered_on, new.id \
         FROM {positions} \
         WHERE p.n < length(new.{field}) {conflict};",
        ignore = if conflict.is_empty() {
            "OR IGNORE "
        } else {
            ""
        },
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("job_seeker_grams")
                .col(ColumnDef::new("office_id").integer().not_null())
                .col(ColumnDef::new("gram").string_len(8).not_null())
                .col(ColumnDef::new("registered_on").date().not_null())
                .col(ColumnDef::new("job_seeker_id").integer().not_null())
                .primary_key(
                    Index::create()
                        .col("office_id")
                        .col("gram")
                        .col("registered_on")
                        .col("job_seeker_id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(crate::util::index(
            "job_seeker_grams",
            &["job_seeker_id"],
            false,
        ))
        .await?;
        let db = m.get_connection();
        let backend = m.get_database_backend();
        match backend {
            DbBackend::Postgres => {
                let positions = format!("generate_series(1, {GRAM_POSITIONS}) AS p(n)");
                let conflict = "ON CONFLICT DO NOTHING";
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION job_seeker_grams_sync() RETURNS trigger AS $$ BEGIN \
                     IF TG_OP <> 'INSERT' THEN \
                       DELETE FROM job_seeker_grams WHERE job_seeker_id = OLD.id; \
                     END IF; \
                     IF TG_OP <> 'DELETE' THEN {} {} END IF; \
                     RETURN NULL; END $$ LANGUAGE plpgsql",
                    insert_new(&positions, conflict, "name_normalized"),
                    insert_new(&positions, conflict, "name_kana"),
                ))
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER job_seeker_grams_sync AFTER INSERT OR DELETE OR \
                     UPDATE OF office_id, name_normalized, name_kana, registered_on ON job_seekers \
                     FOR EACH ROW EXECUTE FUNCTION job_seeker_grams_sync()",
                )
                .await?;
            }
            _ => {
                m.create_table(
                    Table::create()
                        .table("gram_positions")
                        .col(ColumnDef::new("n").integer().not_null().primary_key())
                        .to_owned(),
                )
                .await?;
                db.execute_unprepared(&format!(
                    "INSERT INTO gram_positions (n) VALUES {}",
                    (1..=GRAM_POSITIONS)
                        .map(|n| format!("({n})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .await?;
                let (a, b) = (
                    insert_new("gram_positions p", "", "name_normalized"),
                    insert_new("gram_positions p", "", "name_kana"),
                );
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER job_seeker_grams_ai AFTER INSERT ON job_seekers BEGIN {a} {b} END"
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER job_seeker_grams_au AFTER UPDATE OF office_id, \
                     name_normalized, name_kana, registered_on ON job_seekers BEGIN \
                     DELETE FROM job_seeker_grams WHERE job_seeker_id = old.id; {a} {b} END"
                ))
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER job_seeker_grams_ad AFTER DELETE ON job_seekers BEGIN \
                     DELETE FROM job_seeker_grams WHERE job_seeker_id = old.id; END",
                )
                .await?;
            }
        }
        for sql in rebuild_seeker_grams(backend) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "DROP TRIGGER IF EXISTS job_seeker_grams_sync ON job_seekers; \
                     DROP FUNCTION IF EXISTS job_seeker_grams_sync()",
                )
                .await?;
            }
            _ => {
                for t in ["ai", "au", "ad"] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS job_seeker_grams_{t}"))
                        .await?;
                }
                m.drop_table(Table::drop().table("gram_positions").to_owned())
                    .await?;
            }
        }
        m.drop_table(Table::drop().table("job_seeker_grams").to_owned())
            .await
    }
}
