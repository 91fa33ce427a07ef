//! Seekers for a job without scanning every active seeker (issue 11): each seeker's desired
//! occupations (`o`, the codes of `desired_occupations`) and areas (`a`: the municipality they
//! live in and each name in `desired_areas`) as rows of `job_seeker_wishes`, kept by triggers on
//! both databases, so the candidates who want an order's occupation or area are an index range
//! (newest seekers first) instead of a `LIKE '%"code"%'` over the office.
//!
//! Each row also carries `active_until`: the seeker's `valid_until` while the registration is
//! active, NULL once it is closed, so "active on a day" is read from the wish itself (on SQLite
//! the table is `WITHOUT ROWID`: a tier is one index range, no seeker row is read to skip the
//! closed ones).
//!
//! `desired_areas` is free text: it is split at 「,」「、」 and spaces (half- and full-width)
//! and at line breaks and tabs, as matching splits it, and each piece is trimmed.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The SELECTs of one seeker row's wishes, written for `backend`: of the trigger's `new`
/// row, or (`every`) of each seeker `s` of `job_seekers`.
fn wishes_of(backend: DbBackend, every: bool) -> [String; 3] {
    let (row, seekers, from) = if every {
        ("s", " FROM job_seekers s", "job_seekers s, ")
    } else if backend == DbBackend::Postgres {
        ("NEW", "", "")
    } else {
        ("new", "", "")
    };
    let until = format!("CASE WHEN {row}.state = 'active' THEN {row}.valid_until END");
    let municipality = format!(
        "SELECT {row}.office_id, 'a', {row}.municipality, {row}.id, {until}{seekers} \
         WHERE {row}.municipality <> ''"
    );
    match backend {
        DbBackend::Postgres => [
            format!(
                "SELECT DISTINCT {row}.office_id, 'o', v, {row}.id, {until} \
                 FROM {from}job_seeker_wish_codes({row}.desired_occupations) v WHERE v <> ''"
            ),
            format!(
                "SELECT DISTINCT {row}.office_id, 'a', btrim(v), {row}.id, {until} \
                 FROM {from}regexp_split_to_table({row}.desired_areas, E'[,、 　\\n\\r\\t]') v \
                 WHERE btrim(v) <> ''"
            ),
            municipality,
        ],
        _ => {
            // The free text as a JSON array of its pieces: quotes and backslashes escaped, every
            // separator made 「、」, and 「、」 then the boundary between two strings.
            let mut text =
                format!("replace(replace({row}.desired_areas, '\\', '\\\\'), '\"', '\\\"')");
            for sep in [
                ",",
                " ",
                "　",
                "' || char(10) || '",
                "' || char(13) || '",
                "' || char(9) || '",
            ] {
                text = format!("replace({text}, '{sep}', '、')");
            }
            let array = format!("'[\"' || replace({text}, '、', '\",\"') || '\"]'");
            [
                format!(
                    "SELECT DISTINCT {row}.office_id, 'o', j.value, {row}.id, {until} \
                     FROM {from}json_each(CASE WHEN json_valid({row}.desired_occupations) \
                     THEN {row}.desired_occupations ELSE '[]' END) j \
                     WHERE j.type = 'text' AND j.value <> ''"
                ),
                format!(
                    "SELECT DISTINCT {row}.office_id, 'a', trim(j.value), {row}.id, {until} \
                     FROM {from}json_each(CASE WHEN json_valid({array}) THEN {array} ELSE '[]' END) j \
                     WHERE trim(j.value) <> ''"
                ),
                municipality,
            ]
        }
    }
}

const INSERT: &str =
    "INSERT INTO job_seeker_wishes (office_id, kind, value, job_seeker_id, active_until)";

/// The wishes of a seeker whose state or validity changed follow it.
fn follow_state(row: &str) -> String {
    format!(
        "UPDATE job_seeker_wishes SET active_until = \
         CASE WHEN {row}.state = 'active' THEN {row}.valid_until END \
         WHERE job_seeker_id = {row}.id;"
    )
}

/// Every seeker's wishes again (after a bulk load that ran without the triggers).
pub fn rebuild_seeker_wishes(backend: DbBackend) -> Vec<String> {
    let mut out = vec!["DELETE FROM job_seeker_wishes".to_owned()];
    // A seeker's municipality can also be one of their desired areas.
    let (head, conflict) = match backend {
        DbBackend::Postgres => (INSERT.to_owned(), " ON CONFLICT DO NOTHING"),
        _ => (INSERT.replacen("INSERT", "INSERT OR IGNORE", 1), ""),
    };
    for select in wishes_of(backend, true) {
        out.push(format!("{head} {select}{conflict}"));
    }
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // On SQLite the rows are the primary key's B-tree itself (WITHOUT ROWID), so a range of
        // wishes carries `active_until` without a second lookup.
        let backend = m.get_database_backend();
        let (date, without_rowid) = match backend {
            DbBackend::Postgres => ("date", ""),
            _ => ("text", " WITHOUT ROWID"),
        };
        m.get_connection()
            .execute_unprepared(&format!(
                "CREATE TABLE job_seeker_wishes (office_id integer NOT NULL, \
                 kind varchar(1) NOT NULL, value varchar(200) NOT NULL, \
                 job_seeker_id integer NOT NULL, active_until {date}, \
                 PRIMARY KEY (office_id, kind, value, job_seeker_id)){without_rowid}"
            ))
            .await?;
        m.create_index(crate::util::index(
            "job_seeker_wishes",
            &["job_seeker_id"],
            false,
        ))
        .await?;
        let db = m.get_connection();
        match backend {
            DbBackend::Postgres => {
                // The codes of a JSON array, none when the text is not one (never an error
                // that would refuse the seeker's write).
                db.execute_unprepared(
                    "CREATE FUNCTION job_seeker_wish_codes(t text) RETURNS SETOF text AS $$ \
                     BEGIN RETURN QUERY SELECT jsonb_array_elements_text(t::jsonb); \
                     EXCEPTION WHEN data_exception THEN RETURN; END $$ \
                     LANGUAGE plpgsql IMMUTABLE",
                )
                .await?;
                let [o, a, muni] = wishes_of(backend, false);
                let conflict = "ON CONFLICT DO NOTHING";
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION job_seeker_wishes_sync() RETURNS trigger AS $$ BEGIN \
                     IF TG_OP = 'UPDATE' AND NEW.office_id = OLD.office_id \
                       AND NEW.municipality = OLD.municipality \
                       AND NEW.desired_occupations = OLD.desired_occupations \
                       AND NEW.desired_areas = OLD.desired_areas THEN \
                       {follow} RETURN NULL; \
                     END IF; \
                     IF TG_OP <> 'INSERT' THEN \
                       DELETE FROM job_seeker_wishes WHERE job_seeker_id = OLD.id; \
                     END IF; \
                     IF TG_OP <> 'DELETE' THEN \
                       {INSERT} {o} {conflict}; \
                       {INSERT} {a} {conflict}; \
                       {INSERT} {muni} {conflict}; \
                     END IF; \
                     RETURN NULL; END $$ LANGUAGE plpgsql",
                    follow = follow_state("NEW"),
                ))
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER job_seeker_wishes_sync AFTER INSERT OR DELETE OR \
                     UPDATE OF office_id, municipality, desired_occupations, desired_areas, \
                     state, valid_until ON job_seekers FOR EACH ROW EXECUTE FUNCTION job_seeker_wishes_sync()",
                )
                .await?;
            }
            _ => {
                let head = INSERT.replacen("INSERT", "INSERT OR IGNORE", 1);
                let body = wishes_of(backend, false)
                    .iter()
                    .map(|s| format!("{head} {s};"))
                    .collect::<Vec<_>>()
                    .join(" ");
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER job_seeker_wishes_ai AFTER INSERT ON job_seekers \
                     BEGIN {body} END"
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER job_seeker_wishes_au AFTER UPDATE OF office_id, municipality, \
                     desired_occupations, desired_areas ON job_seekers BEGIN \
                     DELETE FROM job_seeker_wishes WHERE job_seeker_id = old.id; {body} END"
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER job_seeker_wishes_as AFTER UPDATE OF state, valid_until \
                     ON job_seekers BEGIN {} END",
                    follow_state("new")
                ))
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER job_seeker_wishes_ad AFTER DELETE ON job_seekers BEGIN \
                     DELETE FROM job_seeker_wishes WHERE job_seeker_id = old.id; END",
                )
                .await?;
            }
        }
        for sql in rebuild_seeker_wishes(backend) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "DROP TRIGGER IF EXISTS job_seeker_wishes_sync ON job_seekers; \
                     DROP FUNCTION IF EXISTS job_seeker_wishes_sync(); \
                     DROP FUNCTION IF EXISTS job_seeker_wish_codes(text)",
                )
                .await?;
            }
            _ => {
                for t in ["ai", "au", "as", "ad"] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS job_seeker_wishes_{t}"))
                        .await?;
                }
            }
        }
        m.drop_table(Table::drop().table("job_seeker_wishes").to_owned())
            .await
    }
}
