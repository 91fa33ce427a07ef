//! Searches and matching that name an occupation read one index range (issue 11): the staff
//! and public search by occupation (plus keyword, area, hours, state and either list order)
//! and the jobs-for-a-seeker tier "hours and occupation" are answered from covering indexes,
//! without fetching an order row for each of the thousands of orders of a common occupation.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, columns): each begins with the columns a query fixes by equality.
pub(crate) const INDEXES: [(&str, &[&str]); 2] = [
    (
        "ix_job_orders_search_occupation",
        &[
            "office_id",
            "occupation_code",
            "state",
            "valid_until",
            "weekly_minutes",
            "workplace_municipality",
            "publishable",
            "updated_at",
            "accepted_on",
        ],
    ),
    (
        "ix_job_orders_match_occupation",
        &[
            "office_id",
            "state",
            "occupation_major",
            "valid_until",
            "weekly_minutes",
            "weekday_mask",
            "earliest_start",
            "latest_end",
            "occupation_code",
            "accepted_version",
        ],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in INDEXES {
            let mut stmt = Index::create();
            stmt.name(name).table("job_orders");
            for c in cols {
                stmt.col(*c);
            }
            m.create_index(stmt.to_owned()).await?;
        }
        // Its first two columns begin the search index.
        m.drop_index(
            Index::drop()
                .name("ix_job_orders_office_id_occupation_code")
                .table("job_orders")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            m.drop_index(Index::drop().name(name).table("job_orders").to_owned())
                .await?;
        }
        m.create_index(crate::util::index(
            "job_orders",
            &["office_id", "occupation_code"],
            false,
        ))
        .await
    }
}
