//! Employer portal accounts (the employer's contact person) and their sessions.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("employer_users")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(integer("employer_id"))
                .col(string_uniq("email"))
                .col(string("name"))
                .col(string_null("password_hash"))
                .col(timestamp_with_time_zone_null("email_confirmed_at"))
                .col(string_len_null("confirm_token_hash", 64))
                .col(timestamp_with_time_zone_null("confirm_sent_at"))
                .col(boolean("active"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_employer_users_employer_id")
                        .from("employer_users", "employer_id")
                        .to("employers", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_employer_users_employer_id")
                .table("employer_users")
                .col("employer_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("employer_sessions")
                .col(string_len("id", 64).primary_key())
                .col(integer("employer_user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_seen_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_employer_sessions_employer_user_id")
                        .from("employer_sessions", "employer_user_id")
                        .to("employer_users", "id"),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("employer_sessions").to_owned())
            .await?;
        m.drop_table(Table::drop().table("employer_users").to_owned())
            .await?;
        Ok(())
    }
}
