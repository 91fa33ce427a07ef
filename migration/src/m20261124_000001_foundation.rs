//! The foundation: offices, staff users, sessions, sign-in attempts, API tokens, the audit log,
//! application settings and the reference data (prefectures, minimum wages, occupations,
//! industries, eras).
use crate::util::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn created_at() -> ColumnDef {
    timestamp_with_time_zone("created_at")
}

fn updated_at() -> ColumnDef {
    timestamp_with_time_zone("updated_at")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("offices")
                .col(pk_auto("id"))
                .col(string_len_uniq("code", 20))
                .col(string("name"))
                .col(string("municipality"))
                .col(string_len("prefecture_code", 2))
                .col(string("postal_code"))
                .col(string("address"))
                .col(string("phone"))
                .col(string("fax"))
                .col(string("email"))
                .col(integer_null("population"))
                .col(text("scope_of_handling"))
                .col(text("complaint_handling"))
                .col(text("privacy_policy"))
                .col(string("validity_rule"))
                .col(created_at())
                .col(updated_at())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("staff_users")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(string_uniq("email"))
                .col(string("name"))
                .col(string_len("role", 16))
                .col(string("password_hash"))
                .col(boolean("active"))
                .col(created_at())
                .col(updated_at())
                .foreign_key(&mut fk("staff_users", "office_id", "offices"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("staff_users", &["office_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("sessions")
                .col(string_len("id", 64).primary_key())
                .col(integer("staff_user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_seen_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(&mut fk("sessions", "staff_user_id", "staff_users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sessions", &["staff_user_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("login_attempts")
                .col(pk_auto("id"))
                .col(string("email"))
                .col(boolean("succeeded"))
                .col(timestamp_with_time_zone("attempted_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("login_attempts", &["email", "attempted_at"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("api_tokens")
                .col(pk_auto("id"))
                .col(integer("staff_user_id"))
                .col(string("name"))
                .col(string_len_uniq("token_hash", 64))
                .col(created_at())
                .col(timestamp_with_time_zone_null("last_used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(&mut fk("api_tokens", "staff_user_id", "staff_users"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("audit_logs")
                .col(big_pk_auto("id"))
                .col(integer_null("office_id"))
                .col(string_len("actor_kind", 16))
                .col(integer_null("actor_id"))
                .col(string_len("action", 32))
                .col(string_len("entity_type", 64))
                .col(string_len_null("entity_id", 64))
                .col(text("summary"))
                .col(created_at())
                .to_owned(),
        )
        .await?;
        m.create_index(index("audit_logs", &["office_id", "created_at"], false))
            .await?;
        m.create_index(index("audit_logs", &["entity_type", "entity_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("app_settings")
                .col(string_len("key", 64).primary_key())
                .col(text("value"))
                .col(updated_at())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("prefectures")
                .col(string_len("code", 2).primary_key())
                .col(string("name"))
                .col(string("name_kana"))
                .col(string("name_en"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("minimum_wages")
                .col(pk_auto("id"))
                .col(string_len("prefecture_code", 2))
                .col(integer("hourly_yen"))
                .col(date("effective_date"))
                .col(integer("fiscal_year"))
                .col(boolean("verified"))
                .col(text("source"))
                .col(timestamp_with_time_zone_null("confirmed_at"))
                .col(integer_null("confirmed_by"))
                .col(created_at())
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "minimum_wages",
            &["prefecture_code", "effective_date"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("occupations")
                .col(pk_auto("id"))
                .col(string_len("revision", 8))
                .col(string_len("level", 8))
                .col(string_len("code", 8))
                .col(string("name"))
                .col(string_len_null("parent_code", 8))
                .to_owned(),
        )
        .await?;
        m.create_index(index("occupations", &["revision", "code"], true))
            .await?;

        m.create_table(
            Table::create()
                .table("industries")
                .col(string_len("code", 4).primary_key())
                .col(string("name"))
                .col(string("middle_code_range"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("eras")
                .col(string_len("name", 8).primary_key())
                .col(string("name_kana"))
                .col(string("name_romaji"))
                .col(string_len("initial", 1))
                .col(date("start_date"))
                .col(date_null("end_date"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "eras",
            "industries",
            "occupations",
            "minimum_wages",
            "prefectures",
            "app_settings",
            "audit_logs",
            "api_tokens",
            "login_attempts",
            "sessions",
            "staff_users",
            "offices",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
