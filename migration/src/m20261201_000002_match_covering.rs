//! Jobs for a seeker reads its candidates' facts from the index ranges that find them: the two
//! matching indexes (by area, by occupation) also hold the rest of what the score weighs
//! (prefecture, hourly wage, full time, start date, shift slots), so the up to 1,000
//! candidates of those tiers need no read of their rows.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What the score weighs beyond the columns the tiers filter by.
pub(crate) const FACTS: [&str; 5] = [
    "prefecture_code",
    "hourly_wage_yen",
    "full_time",
    "start_date",
    "shift_slots",
];

/// The area index before this migration (`m20261130_000010_report_facts`).
const AREA: (&str, &[&str]) = (
    "ix_job_orders_match_area",
    &[
        "office_id",
        "state",
        "workplace_municipality",
        "valid_until",
        "weekly_minutes",
        "weekday_mask",
        "earliest_start",
        "latest_end",
        "occupation_major",
        "occupation_code",
        "accepted_version",
    ],
);

/// (name, the columns before this migration, the columns it adds before [`FACTS`]): the area
/// index, and the occupation index of `m20261130_000014` (which gains the area of a tier
/// without one).
pub(crate) fn indexes() -> [(
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
); 2] {
    let occupation = crate::m20261130_000014_search_occupation_indexes::INDEXES[1];
    [
        (AREA.0, AREA.1, &[]),
        (occupation.0, occupation.1, &["workplace_municipality"]),
    ]
}

/// The new index's name: a new name, created before the old index is dropped. (SQLite runs
/// these statements on any connection of the pool; one that still has the old schema in
/// memory refuses to create an index of a name it believes exists.)
pub(crate) fn covering(name: &str) -> String {
    format!("{name}_facts")
}

async fn replace(m: &SchemaManager<'_>, old: &str, new: &str, cols: &[&str]) -> Result<(), DbErr> {
    let db = m.get_connection();
    db.execute_unprepared(&format!(
        "CREATE INDEX {new} ON job_orders ({})",
        cols.join(", ")
    ))
    .await?;
    db.execute_unprepared(&format!("DROP INDEX IF EXISTS {old}"))
        .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, before, added) in indexes() {
            let all: Vec<&str> = [before, added, &FACTS[..]].concat();
            replace(m, name, &covering(name), &all).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, before, _) in indexes() {
            replace(m, &covering(name), name, before).await?;
        }
        Ok(())
    }
}
