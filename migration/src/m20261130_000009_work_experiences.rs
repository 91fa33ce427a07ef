//! 見学・体験・実習 are not placements (就職) in the domain's words: their table gets a name of its
//! own, `work_experiences` (was `experience_placements`). Rows, columns and indexes stay as they are.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.rename_table(
            Table::rename()
                .table("experience_placements", "work_experiences")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.rename_table(
            Table::rename()
                .table("work_experiences", "experience_placements")
                .to_owned(),
        )
        .await
    }
}
