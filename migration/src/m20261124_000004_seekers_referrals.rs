//! Job seekers (求職者) with consent, case notes, referrals (紹介) with their transitions,
//! placements (就職), follow-ups (定着確認), work-experience placements (見学・体験・実習) and
//! saved searches.
use crate::util::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn ts(name: &'static str) -> ColumnDef {
    timestamp_with_time_zone(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The office's scope of handling as data: occupation codes it does not handle.
        m.alter_table(
            Table::alter()
                .table("offices")
                .add_column(text("excluded_occupations").default(""))
                .to_owned(),
        )
        .await?;
        // How many days after a referral to remind the employer of a missing result.
        m.alter_table(
            Table::alter()
                .table("offices")
                .add_column(integer("result_reminder_days").default(14))
                .to_owned(),
        )
        .await?;
        // Whether the 紹介状 shows the seeker's birth date and address.
        m.alter_table(
            Table::alter()
                .table("offices")
                .add_column(boolean("letter_shows_birth_and_address").default(false))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("job_seekers")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(string_len("number", 40))
                .col(string_len("state", 16))
                .col(string_len_null("closed_reason", 16))
                .col(date_null("closed_on"))
                .col(date("registered_on"))
                .col(date("valid_until"))
                .col(date("consent_given_on"))
                .col(text("consent_scope"))
                .col(string_len("consent_method", 16))
                .col(boolean("sensitive_consent"))
                .col(boolean("share_consent"))
                .col(date_null("disclosure_delivered_on"))
                .col(string("name"))
                .col(string("name_kana"))
                .col(string("name_normalized"))
                .col(date("birth_date"))
                .col(string_len("postal_code", 8))
                .col(string_len("prefecture_code", 2))
                .col(string("municipality"))
                .col(string("address"))
                .col(string("nearest_station"))
                .col(string("phone"))
                .col(string_len("phone_digits", 16))
                .col(string("email"))
                .col(string("contact_preference"))
                .col(text("desired_occupations"))
                .col(text("desired_areas"))
                .col(integer_null("desired_hourly_yen"))
                .col(string_len("desired_employment", 8))
                .col(text("availability_json"))
                .col(text("education"))
                .col(text("licenses"))
                .col(text("work_history"))
                .col(text("support_categories"))
                .col(string("disability_type"))
                .col(string("disability_grade"))
                .col(boolean("disability_suspected"))
                .col(text("disability_notes"))
                .col(string_len("ladder_step", 16))
                .col(string("supporting_agency"))
                .col(string("agency_contact"))
                .col(integer_null("staff_in_charge_id"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("job_seekers", "office_id", "offices"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("job_seekers", &["office_id", "number"], true))
            .await?;
        m.create_index(index(
            "job_seekers",
            &["office_id", "name_normalized"],
            false,
        ))
        .await?;
        m.create_index(index("job_seekers", &["office_id", "phone_digits"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("case_notes")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(integer("job_seeker_id"))
                .col(integer_null("staff_user_id"))
                .col(date("noted_on"))
                .col(text("body"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("case_notes", "job_seeker_id", "job_seekers"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("case_notes", &["job_seeker_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("referrals")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(string_len("number", 40))
                .col(integer("job_order_id"))
                .col(integer("job_order_version"))
                .col(integer("job_seeker_id"))
                .col(integer("employer_id"))
                .col(string_len("state", 16))
                .col(date("referred_on"))
                .col(date("conditions_shown_on"))
                .col(string_len("conditions_shown_method", 16))
                .col(text("interview"))
                .col(text("documents"))
                .col(string_len_null("result_reason_code", 32))
                .col(text("result_note"))
                .col(date_null("result_received_on"))
                .col(string_len_null("result_received_via", 16))
                .col(boolean("flagged"))
                .col(date_null("reminded_on"))
                .col(integer_null("staff_user_id"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("referrals", "job_order_id", "job_orders"))
                .foreign_key(&mut fk("referrals", "job_seeker_id", "job_seekers"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("referrals", &["office_id", "number"], true))
            .await?;
        m.create_index(index("referrals", &["job_seeker_id"], false))
            .await?;
        m.create_index(index("referrals", &["job_order_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("referral_transitions")
                .col(pk_auto("id"))
                .col(integer("referral_id"))
                .col(string_len_null("from_state", 16))
                .col(string_len("to_state", 16))
                .col(text("reason"))
                .col(string_len("actor_kind", 16))
                .col(integer_null("actor_id"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("referral_transitions", "referral_id", "referrals"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("referral_transitions", &["referral_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("placements")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(integer("referral_id"))
                .col(integer("job_seeker_id"))
                .col(integer("job_order_id"))
                .col(integer("employer_id"))
                .col(date("start_date"))
                .col(boolean("contract_indefinite"))
                .col(integer_null("contract_months"))
                .col(integer("weekly_minutes"))
                .col(integer("hourly_yen"))
                .col(string_len("classification", 16))
                .col(date_null("left_on"))
                .col(string_len_null("left_reason", 16))
                .col(ts("created_at"))
                .foreign_key(&mut fk("placements", "referral_id", "referrals"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("placements", &["referral_id"], true))
            .await?;

        m.create_table(
            Table::create()
                .table("follow_ups")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(integer("placement_id"))
                .col(string_len("due_kind", 8))
                .col(date("due_on"))
                .col(date_null("done_on"))
                .col(string_len_null("contact_with", 16))
                .col(string_len_null("channel", 16))
                .col(string_len_null("result", 16))
                .col(string_len_null("left_reason", 16))
                .col(text("note"))
                .col(integer_null("staff_user_id"))
                .foreign_key(&mut fk("follow_ups", "placement_id", "placements"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("follow_ups", &["office_id", "due_on"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("experience_placements")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(integer("job_seeker_id"))
                .col(integer("employer_id"))
                .col(string_len("kind", 16))
                .col(date("start_on"))
                .col(date("end_on"))
                .col(string("hours"))
                .col(integer_null("host_fee_yen"))
                .col(string("insurance"))
                .col(text("assessment"))
                .col(text("outcome"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "experience_placements",
                    "job_seeker_id",
                    "job_seekers",
                ))
                .foreign_key(&mut fk("experience_placements", "employer_id", "employers"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("saved_searches")
                .col(pk_auto("id"))
                .col(integer("office_id"))
                .col(integer("staff_user_id"))
                .col(string("name"))
                .col(string_len("kind", 24))
                .col(integer("subject_id"))
                .col(text("params_json"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "saved_searches",
            "experience_placements",
            "follow_ups",
            "placements",
            "referral_transitions",
            "referrals",
            "case_notes",
            "job_seekers",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
