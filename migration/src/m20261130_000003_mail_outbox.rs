//! The transactional mail outbox, leases for scheduled jobs (one instance runs them), portal
//! password resets, and employers' requests to link a portal account to an existing record.
use crate::util::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("mail_outbox")
                .col(pk_auto("id"))
                .col(integer_null("office_id"))
                .col(string_len("kind", 40))
                .col(text("recipients"))
                .col(text("subject"))
                .col(text("body"))
                .col(string_len("status", 16))
                .col(integer("attempts"))
                .col(timestamp_with_time_zone("next_attempt_at"))
                .col(string_len_null("claimed_by", 64))
                .col(timestamp_with_time_zone_null("claimed_until"))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("mail_outbox", &["status", "next_attempt_at"], false))
            .await?;
        m.create_index(index("mail_outbox", &["office_id", "status"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("job_leases")
                .col(string_len("name", 64).primary_key())
                .col(string_len("holder", 64))
                .col(timestamp_with_time_zone("held_until"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("employer_users")
                .add_column(string_len_null("reset_token_hash", 64))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("employer_users")
                .add_column(timestamp_with_time_zone_null("reset_sent_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("employer_users", &["reset_token_hash"], false))
            .await?;
        m.create_index(index("employer_users", &["confirm_token_hash"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("portal_link_requests")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(integer("employer_id"))
                .col(string("email"))
                .col(string("name"))
                .col(string("phone"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("handled_at"))
                .foreign_key(&mut fk("portal_link_requests", "employer_id", "employers"))
                .foreign_key(&mut fk("portal_link_requests", "office_id", "offices"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("portal_link_requests", &["employer_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("portal_link_requests").to_owned())
            .await?;
        for col in ["reset_sent_at", "reset_token_hash"] {
            m.alter_table(
                Table::alter()
                    .table("employer_users")
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table("job_leases").to_owned())
            .await?;
        m.drop_table(Table::drop().table("mail_outbox").to_owned())
            .await?;
        Ok(())
    }
}
