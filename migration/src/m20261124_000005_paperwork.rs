//! The complaint register (苦情処理簿), the retention period setting and anonymisation marks.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("complaints")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(date("received_on"))
                .col(string_len("from_kind", 16))
                .col(string("from_name"))
                .col(string("contact"))
                .col(text("subject"))
                .col(text("response"))
                .col(date_null("closed_on"))
                .col(integer_null("staff_user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_complaints_office_id")
                        .from("complaints", "office_id")
                        .to("offices", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("offices")
                .add_column(integer("retention_years").default(2))
                .to_owned(),
        )
        .await?;
        for table in ["job_seekers", "employers", "complaints"] {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(timestamp_with_time_zone_null("anonymized_at"))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("complaints").to_owned())
            .await?;
        Ok(())
    }
}
