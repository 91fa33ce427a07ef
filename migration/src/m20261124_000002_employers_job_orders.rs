//! Employers (求人者), their contact history, job orders (求人) with immutable accepted versions,
//! and per-office number sequences.
use crate::util::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("employers")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(string_len("status", 16))
                .col(string("name"))
                .col(string("name_kana"))
                .col(string("name_normalized"))
                .col(string_len("corporate_number", 13))
                .col(string_len("employment_insurance_number", 16))
                .col(string_len("postal_code", 8))
                .col(string_len("prefecture_code", 2))
                .col(string("municipality"))
                .col(string("address"))
                .col(string("representative"))
                .col(string("contact_name"))
                .col(string("contact_phone"))
                .col(string_len("contact_phone_digits", 16))
                .col(string("contact_email"))
                .col(string("phone"))
                .col(string("fax"))
                .col(string_len("industry_code", 4))
                .col(text("business_description"))
                .col(integer_null("employees_total"))
                .col(integer_null("employees_workplace"))
                .col(integer_null("employees_women"))
                .col(integer_null("employees_part_time"))
                .col(integer_null("pension_insured_count"))
                .col(boolean("has_work_rules"))
                .col(integer_null("retirement_age"))
                .col(string("rehire"))
                .col(boolean("has_labor_union"))
                .col(text("cooperation"))
                .col(string("training_certifier"))
                .col(date_null("training_certified_on"))
                .col(text("capacity"))
                .col(text("notes"))
                .col(string_len_null("rejection_ground", 4))
                .col(date_null("rejection_decided_on"))
                .col(date_null("rejection_until"))
                .col(text("rejection_reason"))
                .col(boolean("labor_dispute"))
                .col(date_null("labor_dispute_since"))
                .col(text("labor_dispute_note"))
                .col(date_null("disclosure_delivered_on"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("employers", "office_id", "offices"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("employers", &["office_id", "name_normalized"], false))
            .await?;
        m.create_index(index(
            "employers",
            &["office_id", "corporate_number"],
            false,
        ))
        .await?;
        m.create_index(index(
            "employers",
            &["office_id", "contact_phone_digits"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("employer_contacts")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(integer("employer_id"))
                .col(integer_null("staff_user_id"))
                .col(date("contacted_on"))
                .col(string_len("channel", 16))
                .col(text("summary"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("employer_contacts", "employer_id", "employers"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("employer_contacts", &["employer_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("job_orders")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(integer("employer_id"))
                .col(string_len_null("number", 40))
                .col(string_len("state", 16))
                .col(string_len("source", 16))
                .col(text("draft_json"))
                .col(boolean("change_pending"))
                .col(integer_null("accepted_version"))
                .col(date_null("received_on"))
                .col(date_null("accepted_on"))
                .col(date_null("valid_until"))
                .col(date_null("closed_on"))
                .col(string_len_null("rejection_ground", 4))
                .col(text("rejection_reason"))
                .col(date_null("rejected_on"))
                .col(integer_null("staff_in_charge_id"))
                .col(integer_null("parent_id"))
                .col(string("occupation_title"))
                .col(string_len("occupation_code", 8))
                .col(string("workplace_municipality"))
                .col(integer("weekly_minutes"))
                .col(integer("openings"))
                .col(boolean("publishable"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("job_orders", "office_id", "offices"))
                .foreign_key(&mut fk("job_orders", "employer_id", "employers"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("job_orders", &["office_id", "number"], true))
            .await?;
        m.create_index(index("job_orders", &["office_id", "state"], false))
            .await?;
        m.create_index(index("job_orders", &["employer_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("job_order_versions")
                .col(pk_auto("id"))
                .col(integer("job_order_id"))
                .col(integer("version"))
                .col(text("terms_json"))
                .col(date("accepted_on"))
                .col(integer_null("accepted_by"))
                .col(date("valid_until"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("job_order_versions", "job_order_id", "job_orders"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "job_order_versions",
            &["job_order_id", "version"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("number_sequences")
                .col(integer("office_id"))
                .col(string_len("kind", 16))
                .col(integer("year"))
                .col(integer("last_value"))
                .primary_key(Index::create().col("office_id").col("kind").col("year"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "number_sequences",
            "job_order_versions",
            "job_orders",
            "employer_contacts",
            "employers",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
