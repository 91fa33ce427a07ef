//! Database migrations, portable across SQLite and PostgreSQL: no backend-only types, enums as strings,
//! timestamps as `timestamp with time zone` (text on SQLite), dates as `date`.
pub use sea_orm_migration::prelude::*;

mod m20261124_000001_foundation;
mod m20261124_000002_employers_job_orders;
mod m20261124_000003_employer_portal;
mod m20261124_000004_seekers_referrals;
mod m20261124_000005_paperwork;
mod m20261124_000006_carving;
mod m20261130_000001_security;
mod m20261130_000002_order_facts;
mod m20261130_000003_mail_outbox;
mod m20261130_000005_rejection_review;
mod m20261130_000009_work_experiences;
mod m20261130_000010_report_facts;
mod m20261130_000011_job_order_drafts;
mod m20261130_000012_seeker_name_grams;
mod m20261130_000013_seeker_wishes;
mod m20261130_000014_search_occupation_indexes;
mod m20261201_000001_order_terms_facts;
mod m20261201_000002_match_covering;
mod m20261201_000003_ledger_history_covering;
mod m20261201_000004_postgres_plans;
mod util;

pub use m20261130_000012_seeker_name_grams::rebuild_seeker_grams;
pub use m20261130_000013_seeker_wishes::rebuild_seeker_wishes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_foundation::Migration),
            Box::new(m20261124_000002_employers_job_orders::Migration),
            Box::new(m20261124_000003_employer_portal::Migration),
            Box::new(m20261124_000004_seekers_referrals::Migration),
            Box::new(m20261124_000005_paperwork::Migration),
            Box::new(m20261124_000006_carving::Migration),
            Box::new(m20261130_000001_security::Migration),
            Box::new(m20261130_000002_order_facts::Migration),
            Box::new(m20261130_000003_mail_outbox::Migration),
            Box::new(m20261130_000005_rejection_review::Migration),
            Box::new(m20261130_000009_work_experiences::Migration),
            Box::new(m20261130_000010_report_facts::Migration),
            Box::new(m20261130_000011_job_order_drafts::Migration),
            Box::new(m20261130_000012_seeker_name_grams::Migration),
            Box::new(m20261130_000013_seeker_wishes::Migration),
            Box::new(m20261130_000014_search_occupation_indexes::Migration),
            Box::new(m20261201_000001_order_terms_facts::Migration),
            Box::new(m20261201_000002_match_covering::Migration),
            Box::new(m20261201_000003_ledger_history_covering::Migration),
            Box::new(m20261201_000004_postgres_plans::Migration),
        ]
    }
}
