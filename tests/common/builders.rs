//! Builders for the records most tests start from: an employer, an open order, a consented
//! job seeker, a referral. Each goes through the services, so every rule applies.
use chrono::NaiveDate;
use tsunagu::services::employers::{self, EmployerInput};
use tsunagu::services::job_order_form::JobOrderForm;
use tsunagu::services::job_seekers::{self, JobSeekerInput};
use tsunagu::services::referrals::{self, ReferralInput};
use tsunagu::services::{Actor, job_orders};

use super::TestApp;

pub fn today() -> NaiveDate {
    tsunagu::present::format::today()
}

/// An active employer in 豊中市 with a contact person.
pub async fn employer(app: &TestApp, office_id: i32, name: &str) -> entity::employer::Model {
    employers::create(
        &app.db,
        &Actor::system(),
        office_id,
        &EmployerInput {
            name: name.into(),
            prefecture_code: "27".into(),
            municipality: "豊中市".into(),
            address: "中桜塚1-1-1".into(),
            contact_name: "採用 花子".into(),
            contact_phone: "06-1234-5678".into(),
            contact_email: format!("hr@{}.example.jp", name.len()),
            ..Default::default()
        },
        entity::EmployerStatus::Active,
    )
    .await
    .unwrap()
}

/// A lawful part-time cleaning order (Mon/Wed/Fri `start`–`end`) as the form.
pub fn order_form(title: &str, start: &str, end: &str, extra: &[(&str, &str)]) -> JobOrderForm {
    JobOrderForm::from_pairs(&order_pairs(title, start, end, extra))
}

/// The same order as the form's fields, as a browser posts them; `extra` overrides or adds
/// pairs.
pub fn order_pairs(
    title: &str,
    start: &str,
    end: &str,
    extra: &[(&str, &str)],
) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = [
        ("occupation_title", title),
        ("occupation_code", "096"),
        ("openings", "1"),
        ("employment_form", "non_regular"),
        ("employment_form_name", "パート"),
        ("publishable", "1"),
        ("workplace_prefecture_code", "27"),
        ("workplace_municipality", "豊中市"),
        ("workplace_address", "中桜塚3-1-1"),
        ("workplace_change_scope", "変更なし"),
        ("smoking_measure", "indoor_ban"),
        ("recruiter_name", "株式会社つなぐ清掃"),
        ("job_description", "清掃"),
        ("job_change_scope", "変更なし"),
        ("contract_kind", "indefinite"),
        ("wage_form", "hourly"),
        ("base_wage_min", "1400"),
        ("pay_closing_day", "月末"),
        ("pay_day", "翌月25日"),
        ("pay_cycle", "monthly"),
        ("shift1_start", start),
        ("shift1_end", end),
        ("shift1_break", "0"),
        ("shift1_weekdays", "0"),
        ("shift1_weekdays", "2"),
        ("shift1_weekdays", "4"),
        ("weekly_hours", "12"),
        ("weekly_days", "3"),
        ("holidays", "土日祝"),
        ("insurance_workers_comp", "1"),
        ("selection_method", "面接"),
        ("application_documents", "履歴書"),
    ]
    .iter()
    .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    v.extend(extra.iter().map(|(a, b)| (a.to_string(), b.to_string())));
    v
}

/// The order created by `staff` and accepted today.
pub async fn open_order(
    app: &TestApp,
    staff: &entity::staff_user::Model,
    employer_id: i32,
    form: &JobOrderForm,
) -> entity::job_order::Model {
    let actor = Actor::staff(staff);
    let o = job_orders::create_draft(&app.db, &actor, staff.office_id, employer_id, form, "staff")
        .await
        .unwrap();
    job_orders::accept(&app.db, &actor, staff.office_id, o.id, today(), true)
        .await
        .unwrap()
}

/// A job seeker's registration with consent, available Mon–Fri in `window` ("9:00-13:00").
pub fn seeker_input(name: &str, window: &str) -> JobSeekerInput {
    JobSeekerInput {
        consent: Some("1".into()),
        consent_method: "written".into(),
        disclosure_delivered: Some("1".into()),
        name: name.into(),
        name_kana: "つなぐ たろう".into(),
        birth_date: "1980-05-10".into(),
        prefecture_code: "27".into(),
        municipality: "豊中市".into(),
        address: "中桜塚1-1".into(),
        phone: "090-1234-5678".into(),
        occupation1: "096".into(),
        desired_employment: "part".into(),
        avail_0: window.into(),
        avail_1: window.into(),
        avail_2: window.into(),
        avail_3: window.into(),
        avail_4: window.into(),
        max_weekly_hours: "20".into(),
        ..Default::default()
    }
}

/// A registered, consented job seeker.
pub async fn seeker(
    app: &TestApp,
    staff: &entity::staff_user::Model,
    name: &str,
) -> entity::job_seeker::Model {
    job_seekers::register(
        &app.db,
        &Actor::staff(staff),
        staff.office_id,
        &seeker_input(name, "9:00-13:00"),
        today(),
    )
    .await
    .unwrap()
}

pub fn referral_input(order: i32, seeker: i32) -> ReferralInput {
    ReferralInput {
        job_order_id: order,
        job_seeker_id: seeker,
        conditions_shown_method: "written".into(),
        interview: "12月1日 10:00 本社".into(),
        ..Default::default()
    }
}

/// A referral of `seeker` to `order`, made today by `staff`.
pub async fn referral(
    app: &TestApp,
    staff: &entity::staff_user::Model,
    order: i32,
    seeker: i32,
) -> entity::referral::Model {
    referrals::create(
        &app.db,
        &Actor::staff(staff),
        staff.office_id,
        &referral_input(order, seeker),
        today(),
    )
    .await
    .unwrap()
}
