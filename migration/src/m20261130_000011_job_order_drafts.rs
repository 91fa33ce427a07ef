//! The working copy of each job order moves out of `job_orders` into `job_order_drafts` (issue
//! 11): the ~2 KB form document made every order row wide, so each list, search and match read
//! overflow pages on SQLite (the fact columns came after it) and several times the pages it
//! needed on both databases. One draft row per order, keyed by the order's id.
//!
//! On SQLite the old rows keep their pages until `VACUUM` (`tsunagu` runs none by itself); new and
//! rewritten rows are narrow at once.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("job_order_drafts")
                .col(
                    ColumnDef::new("job_order_id")
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new("draft_json").text().not_null())
                .foreign_key(&mut crate::util::fk(
                    "job_order_drafts",
                    "job_order_id",
                    "job_orders",
                ))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO job_order_drafts (job_order_id, draft_json) \
             SELECT id, draft_json FROM job_orders",
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("job_orders")
                .drop_column("draft_json")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("job_orders")
                .add_column(
                    ColumnDef::new("draft_json")
                        .text()
                        .not_null()
                        .default("")
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE job_orders SET draft_json = COALESCE((SELECT d.draft_json \
                 FROM job_order_drafts d WHERE d.job_order_id = job_orders.id), '')",
            )
            .await?;
        m.drop_table(Table::drop().table("job_order_drafts").to_owned())
            .await
    }
}
