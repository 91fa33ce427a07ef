//! Job seekers (consent, sensitive items, duplicates), matching, referrals (checks, 紹介状,
//! transitions, results from staff and the portal), placements and follow-ups.
mod common;
use axum::http::StatusCode;
use chrono::NaiveDate;
use common::{TestApp, audit_entries};
use tsunagu::services::employers::{self, EmployerInput, StatusInput};
use tsunagu::services::job_order_form::JobOrderForm;
use tsunagu::services::job_seekers::{self, JobSeekerInput};
use tsunagu::services::placements::{self, FollowUpInput};
use tsunagu::services::referrals::{self, ReferralInput, ResultInput};
use tsunagu::services::{Actor, job_orders};

db_tests!(
    nothing_is_stored_without_consent,
    sensitive_items_need_explicit_consent,
    duplicate_seekers_are_shown,
    matching_explains_short_hour_fits,
    referral_checks_each_fail_with_their_message,
    referral_letter_pdf,
    hire_creates_placement_and_follow_ups,
    employer_enters_the_result_in_the_portal,
    referral_numbers_are_unique_under_concurrency,
    another_offices_seeker_is_not_found,
    api_for_seekers_and_referrals,
    overdue_results_are_reminded_once,
    a_result_is_recorded_once_under_concurrency,
    the_name_search_starts_from_name_pieces,
);

fn today() -> NaiveDate {
    tsunagu::present::format::today()
}

fn seeker_input(name: &str, avail: &str, max_weekly: &str) -> JobSeekerInput {
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
        avail_0: avail.into(),
        avail_1: avail.into(),
        avail_2: avail.into(),
        avail_3: avail.into(),
        avail_4: avail.into(),
        max_weekly_hours: max_weekly.into(),
        ..Default::default()
    }
}

async fn employer(app: &TestApp, office_id: i32, name: &str) -> entity::employer::Model {
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

fn order_form(title: &str, start: &str, end: &str, weekly: &str, openings: &str) -> JobOrderForm {
    let v: Vec<(&str, &str)> = vec![
        ("occupation_title", title),
        ("occupation_code", "096"),
        ("openings", openings),
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
        ("shift1_break", if end == "18:00" { "60" } else { "0" }),
        ("shift1_weekdays", "0"),
        ("shift1_weekdays", "2"),
        ("shift1_weekdays", "4"),
        ("weekly_hours", weekly),
        ("weekly_days", "3"),
        ("holidays", "土日祝"),
        ("insurance_workers_comp", "1"),
        ("selection_method", "面接"),
        ("application_documents", "履歴書"),
    ];
    JobOrderForm::from_pairs(
        &v.into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect::<Vec<_>>(),
    )
}

async fn open_order(
    app: &TestApp,
    office_id: i32,
    staff: &entity::staff_user::Model,
    employer_id: i32,
    form: JobOrderForm,
) -> entity::job_order::Model {
    let actor = Actor::staff(staff);
    let o = job_orders::create_draft(&app.db, &actor, office_id, employer_id, &form, "staff")
        .await
        .unwrap();
    job_orders::accept(&app.db, &actor, office_id, o.id, today(), true)
        .await
        .unwrap()
}

fn refer_input(order: i32, seeker: i32) -> ReferralInput {
    ReferralInput {
        job_order_id: order,
        job_seeker_id: seeker,
        conditions_shown_method: "written".into(),
        interview: "12月1日 10:00 本社".into(),
        ..Default::default()
    }
}

async fn nothing_is_stored_without_consent(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let mut c = app.signed_in(&staff.email).await;
    let mut i = seeker_input("山田 太郎", "9:00-13:00", "20");
    i.consent = None;
    let fields = serde_json::to_value(&i).unwrap();
    let pairs: Vec<(String, String)> = fields
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
        .collect();
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let res = c.submit("/job-seekers/new", "/job-seekers", &refs).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("本人の同意を得てから登録してください"));
    assert!(
        res.body.contains("value=\"山田 太郎\""),
        "what was typed is kept"
    );
    assert_eq!(
        job_seekers::list(&app.db, office.id, &Default::default())
            .await
            .unwrap()
            .total,
        0,
        "nothing stored"
    );
    // With consent it is stored with a number, the consent date and the purposes.
    let mut with = refs.clone();
    with.push(("consent", "1"));
    let res = c.submit("/job-seekers/new", "/job-seekers", &with).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let m = job_seekers::list(&app.db, office.id, &Default::default())
        .await
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(
        m.number,
        format!(
            "S{}-00001",
            tsunagu::domain::fiscal_year::fiscal_year_of(today())
        )
    );
    assert_eq!(m.consent_given_on, today());
    assert!(m.consent_scope.contains("職業紹介"));
    assert_eq!(m.name_kana, "ツナグ　タロウ");
    assert_eq!(
        m.valid_until,
        tsunagu::domain::validity::ValidityRule::default().valid_until(today())
    );
    // Viewing the record is audited.
    c.get(&format!("/job-seekers/{}", m.id)).await;
    assert!(
        audit_entries(&app.db, office.id)
            .await
            .iter()
            .any(|(a, t, i)| a == "view"
                && t == "job_seeker"
                && i.as_deref() == Some(&m.id.to_string()))
    );
}

async fn sensitive_items_need_explicit_consent(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let actor = Actor::staff(&staff);
    let mut i = seeker_input("山田 花子", "9:00-13:00", "20");
    i.disability_type = "mental".into();
    i.disability_grade = "2級".into();
    let err = job_seekers::register(&app.db, &actor, office.id, &i, today())
        .await
        .unwrap_err();
    assert!(
        matches!(err, tsunagu::services::ServiceError::Invalid(ref e) if e.has("sensitive_consent"))
    );
    i.sensitive_consent = Some("1".into());
    let m = job_seekers::register(&app.db, &actor, office.id, &i, today())
        .await
        .unwrap();
    assert_eq!(
        (m.disability_type.as_str(), m.disability_grade.as_str()),
        ("mental", "2級")
    );
    // Staff see it; the employer's portal view of a referral does not.
    let mut s = app.signed_in(&staff.email).await;
    assert!(
        s.get(&format!("/job-seekers/{}", m.id))
            .await
            .body
            .contains("精神障害者保健福祉手帳")
    );
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let o = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("清掃スタッフ", "09:00", "13:00", "12", "1"),
    )
    .await;
    let r = referrals::create(
        &app.db,
        &actor,
        office.id,
        &refer_input(o.id, m.id),
        today(),
    )
    .await
    .unwrap();
    // The 紹介状 that goes to the employer carries none of it.
    let pdf = s
        .send(
            axum::http::Request::get(format!("/referrals/{}/letter.pdf", r.id))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    let text = tsunagu::pdf::testing::check_pdf(&pdf.body_bytes).text;
    assert!(text.contains("山田 花子") && !text.contains("精神") && !text.contains("2級"));
    // Withdrawing consent on edit drops the sensitive items.
    let mut edit = JobSeekerInput::from_model(&m);
    edit.sensitive_consent = None;
    edit.disability_type.clear();
    edit.disability_grade.clear();
    let m = job_seekers::update(&app.db, &actor, office.id, m.id, &edit, today())
        .await
        .unwrap();
    assert!(m.disability_type.is_empty() && m.disability_grade.is_empty() && !m.sensitive_consent);
}

async fn duplicate_seekers_are_shown(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    job_seekers::register(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        &seeker_input("山田 太郎", "", ""),
        today(),
    )
    .await
    .unwrap();
    let mut other = seeker_input("山田　太郎", "", "");
    other.phone = "06-9999-0000".into();
    assert_eq!(
        job_seekers::find_duplicates(&app.db, office.id, &other, None)
            .await
            .unwrap()
            .len(),
        1,
        "same name and birth date"
    );
    let mut other = seeker_input("別の 人", "", "");
    other.birth_date = "1990-01-01".into();
    assert_eq!(
        job_seekers::find_duplicates(&app.db, office.id, &other, None)
            .await
            .unwrap()
            .len(),
        1,
        "same phone"
    );
    other.phone = "090-0000-1111".into();
    assert!(
        job_seekers::find_duplicates(&app.db, office.id, &other, None)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn matching_explains_short_hour_fits(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let short = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("朝の清掃", "09:00", "13:00", "12", "1"),
    )
    .await;
    let full = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("終日の清掃", "09:00", "18:00", "24", "1"),
    )
    .await;
    let afternoon = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("午後の清掃", "14:00", "18:00", "12", "1"),
    )
    .await;
    let seeker = job_seekers::register(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        &seeker_input("山田 太郎", "9:00-13:00", "20"),
        today(),
    )
    .await
    .unwrap();
    let found =
        tsunagu::services::matching::orders_for_seeker(&app.db, office.id, seeker.id, today(), 10)
            .await
            .unwrap();
    let order_ids: Vec<i32> = found.iter().map(|f| f.order.id).collect();
    assert_eq!(order_ids[0], short.id, "the short morning order fits best");
    assert!(order_ids.contains(&full.id) && order_ids.contains(&afternoon.id));
    let mut c = app.signed_in(&staff.email).await;
    let page = c.get(&format!("/job-seekers/{}/matches", seeker.id)).await;
    assert!(page.body.contains("朝の清掃"));
    assert!(
        page.body.contains("勤務可能な時間帯に収まります"),
        "why it fits"
    );
    assert!(
        page.body.contains("勤務可能な時間帯の外です"),
        "why the afternoon one does not"
    );
    // The other direction.
    let page = c.get(&format!("/job-orders/{}/matches", short.id)).await;
    assert!(page.body.contains("山田 太郎"));
    // Save the search and run it again from the list.
    let res = c
        .submit(
            &format!("/job-seekers/{}/matches", seeker.id),
            &format!("/job-seekers/{}/matches/save", seeker.id),
            &[("name", "山田さんの朝の仕事")],
        )
        .await;
    assert_eq!(res.location(), Some("/saved-searches"));
    let saved = c.get("/saved-searches").await;
    assert!(
        saved.body.contains("山田さんの朝の仕事")
            && saved
                .body
                .contains(&format!("/job-seekers/{}/matches", seeker.id))
    );
    // Once referred, the order is left out.
    referrals::create(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        &refer_input(short.id, seeker.id),
        today(),
    )
    .await
    .unwrap();
    let found =
        tsunagu::services::matching::orders_for_seeker(&app.db, office.id, seeker.id, today(), 10)
            .await
            .unwrap();
    assert!(!found.iter().any(|f| f.order.id == short.id));
}

async fn referral_checks_each_fail_with_their_message(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let actor = Actor::staff(&staff);
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let o = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("清掃スタッフ", "09:00", "13:00", "12", "1"),
    )
    .await;
    let s = job_seekers::register(
        &app.db,
        &actor,
        office.id,
        &seeker_input("山田 太郎", "9:00-13:00", "20"),
        today(),
    )
    .await
    .unwrap();
    let first = referrals::create(
        &app.db,
        &actor,
        office.id,
        &refer_input(o.id, s.id),
        today(),
    )
    .await
    .unwrap();
    assert_eq!(first.job_order_version, 1);
    let codes = |r: Result<_, tsunagu::services::ServiceError>| match r {
        Err(tsunagu::services::ServiceError::Invalid(e)) => e
            .entries()
            .into_iter()
            .map(|(_, c, _)| c)
            .collect::<Vec<_>>(),
        other => panic!(
            "expected a refusal, got {:?}",
            other.map(|_: entity::referral::Model| ())
        ),
    };
    assert_eq!(
        codes(
            referrals::create(
                &app.db,
                &actor,
                office.id,
                &refer_input(o.id, s.id),
                today()
            )
            .await
        ),
        vec!["duplicate_referral"]
    );
    let s2 = job_seekers::register(
        &app.db,
        &actor,
        office.id,
        &seeker_input("鈴木 次郎", "9:00-13:00", "20"),
        today(),
    )
    .await
    .unwrap();
    // 労働争議
    employers::set_status(
        &app.db,
        &actor,
        office.id,
        e.id,
        &StatusInput {
            labor_dispute: Some("1".into()),
            labor_dispute_since: "2026-11-01".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        codes(
            referrals::create(
                &app.db,
                &actor,
                office.id,
                &refer_input(o.id, s2.id),
                today()
            )
            .await
        ),
        vec!["labor_dispute"]
    );
    employers::set_status(&app.db, &actor, office.id, e.id, &StatusInput::default())
        .await
        .unwrap();
    // Outside the scope of handling.
    let office_input = {
        let mut i = tsunagu::services::offices::OfficeInput::from_model(
            &tsunagu::services::offices::get(&app.db, office.id)
                .await
                .unwrap(),
        );
        i.excluded_occupations = "15".into();
        i
    };
    tsunagu::services::offices::update(&app.db, &actor, office.id, &office_input)
        .await
        .unwrap();
    assert_eq!(
        codes(
            referrals::create(
                &app.db,
                &actor,
                office.id,
                &refer_input(o.id, s2.id),
                today()
            )
            .await
        ),
        vec!["outside_scope"]
    );
    let mut office_input = office_input;
    office_input.excluded_occupations.clear();
    tsunagu::services::offices::update(&app.db, &actor, office.id, &office_input)
        .await
        .unwrap();
    // A closed registration, then an order that is not open.
    job_seekers::close(&app.db, &actor, office.id, s2.id, "withdrawn", today())
        .await
        .unwrap();
    assert_eq!(
        codes(
            referrals::create(
                &app.db,
                &actor,
                office.id,
                &refer_input(o.id, s2.id),
                today()
            )
            .await
        ),
        vec!["seeker_closed"]
    );
    job_seekers::reopen(&app.db, &actor, office.id, s2.id, today())
        .await
        .unwrap();
    job_orders::close(
        &app.db,
        &actor,
        office.id,
        o.id,
        entity::JobOrderState::Stopped,
        today(),
    )
    .await
    .unwrap();
    assert_eq!(
        codes(
            referrals::create(
                &app.db,
                &actor,
                office.id,
                &refer_input(o.id, s2.id),
                today()
            )
            .await
        ),
        vec!["order_not_open"]
    );
    // The form shows the message before anything is saved.
    let mut c = app.signed_in(&staff.email).await;
    let page = c
        .get(&format!(
            "/referrals/new?job_seeker_id={}&job_order_id={}",
            s2.id, o.id
        ))
        .await;
    assert!(page.body.contains("受付中ではないため紹介できません"));
}

async fn referral_letter_pdf(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let actor = Actor::staff(&staff);
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let o = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("清掃スタッフ", "09:00", "13:00", "12", "1"),
    )
    .await;
    let s = job_seekers::register(
        &app.db,
        &actor,
        office.id,
        &seeker_input("山田 太郎", "9:00-13:00", "20"),
        today(),
    )
    .await
    .unwrap();
    let mut c = app.signed_in(&staff.email).await;
    let res = c
        .submit(
            &format!(
                "/referrals/new?job_seeker_id={}&job_order_id={}",
                s.id, o.id
            ),
            "/referrals",
            &[
                ("job_order_id", &o.id.to_string()),
                ("job_seeker_id", &s.id.to_string()),
                ("conditions_shown_method", "written"),
                ("interview", "12月1日 10:00"),
                ("documents", "履歴書"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res
        .location()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let r = referrals::list(&app.db, office.id, &Default::default(), today())
        .await
        .unwrap()
        .remove(0)
        .referral;
    let pdf = c
        .send(
            axum::http::Request::get(format!("{loc}/letter.pdf"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    let check = tsunagu::pdf::testing::check_pdf(&pdf.body_bytes);
    assert!(check.fonts_embedded_and_subset, "{}", check.font_lines);
    for t in [
        "紹介状",
        r.number.as_str(),
        "山田 太郎",
        "ツナグ",
        s.number.as_str(),
        o.number.as_deref().unwrap(),
        "選考結果通知",
        "採用",
        "第5条の3",
    ] {
        assert!(check.text.contains(t), "{t} in the letter");
    }
    assert!(!check.text.contains("1980"), "no birth date by default");
    assert!(pdf.body_bytes.len() < 200_000);
}

async fn hire_creates_placement_and_follow_ups(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let actor = Actor::staff(&staff);
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let o = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("清掃スタッフ", "09:00", "13:00", "12", "1"),
    )
    .await;
    let other = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("別の清掃", "09:00", "13:00", "12", "1"),
    )
    .await;
    let s = job_seekers::register(
        &app.db,
        &actor,
        office.id,
        &seeker_input("山田 太郎", "9:00-13:00", "20"),
        today(),
    )
    .await
    .unwrap();
    let r = referrals::create(
        &app.db,
        &actor,
        office.id,
        &refer_input(o.id, s.id),
        today(),
    )
    .await
    .unwrap();
    let r2 = referrals::create(
        &app.db,
        &actor,
        office.id,
        &refer_input(other.id, s.id),
        today(),
    )
    .await
    .unwrap();
    // A hire without its details is refused, field by field.
    let err = referrals::record_result(
        &app.db,
        &actor,
        office.id,
        r.id,
        &ResultInput {
            result: "hired".into(),
            received_via: "fax".into(),
            ..Default::default()
        },
        today(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, tsunagu::services::ServiceError::Invalid(ref e) if e.has("start_date") && e.has("contract_months") && e.has("weekly_hours") && e.has("hourly_yen"))
    );
    let rec = referrals::record_result(
        &app.db,
        &actor,
        office.id,
        r.id,
        &ResultInput {
            result: "hired".into(),
            received_via: "fax".into(),
            start_date: "2027-01-31".into(),
            contract_months: "3".into(),
            weekly_hours: "12".into(),
            hourly_yen: "1400".into(),
            ..Default::default()
        },
        today(),
    )
    .await
    .unwrap();
    let p = rec.placement.unwrap();
    assert_eq!(p.classification, "temporary", "3 months = 臨時");
    assert!(rec.order_filled, "1 opening, 1 hire");
    assert_eq!(
        job_orders::get(&app.db, office.id, o.id)
            .await
            .unwrap()
            .state,
        entity::JobOrderState::Filled
    );
    assert_eq!(
        rec.flagged.iter().map(|f| f.id).collect::<Vec<_>>(),
        vec![r2.id],
        "the other open referral is flagged"
    );
    let follow = placements::follow_ups_of(&app.db, p.id).await.unwrap();
    assert_eq!(
        follow
            .iter()
            .map(|f| (f.due_kind.as_str(), f.due_on))
            .collect::<Vec<_>>(),
        vec![
            ("1w", NaiveDate::from_ymd_opt(2027, 2, 7).unwrap()),
            ("1m", NaiveDate::from_ymd_opt(2027, 2, 28).unwrap()),
            ("3m", NaiveDate::from_ymd_opt(2027, 4, 30).unwrap()),
            ("6m", NaiveDate::from_ymd_opt(2027, 7, 31).unwrap()),
        ]
    );
    // The transition log, and no second result.
    let log = referrals::transitions(&app.db, r.id).await.unwrap();
    assert_eq!(
        log.iter()
            .map(|t| (t.from_state, t.to_state))
            .collect::<Vec<_>>(),
        vec![
            (None, entity::ReferralState::Referred),
            (
                Some(entity::ReferralState::Referred),
                entity::ReferralState::Hired
            )
        ]
    );
    assert!(
        referrals::record_result(
            &app.db,
            &actor,
            office.id,
            r.id,
            &ResultInput {
                result: "not_hired".into(),
                ..Default::default()
            },
            today()
        )
        .await
        .is_err()
    );
    // The due list shows the follow-ups; recording a 離職 ends the placement.
    let due = placements::due_follow_ups(
        &app.db,
        office.id,
        NaiveDate::from_ymd_opt(2027, 2, 7).unwrap(),
        placements::DUE_CAP,
    )
    .await
    .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        placements::count_due_follow_ups(
            &app.db,
            office.id,
            NaiveDate::from_ymd_opt(2027, 2, 7).unwrap()
        )
        .await
        .unwrap(),
        (1, false)
    );
    let bad = placements::record_follow_up(
        &app.db,
        &actor,
        office.id,
        due[0].0.id,
        &FollowUpInput {
            result: "left".into(),
            ..Default::default()
        },
        today(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(bad, tsunagu::services::ServiceError::Invalid(ref e) if e.has("contact_with") && e.has("channel") && e.has("left_reason"))
    );
    placements::record_follow_up(
        &app.db,
        &actor,
        office.id,
        due[0].0.id,
        &FollowUpInput {
            done_on: "2027-02-08".into(),
            contact_with: "employer".into(),
            channel: "phone".into(),
            result: "left".into(),
            left_reason: "self".into(),
            left_on: "2027-02-05".into(),
            ..Default::default()
        },
        today(),
    )
    .await
    .unwrap();
    let p = placements::get(&app.db, office.id, p.id).await.unwrap();
    assert_eq!(
        (p.left_on, p.left_reason.as_deref()),
        (NaiveDate::from_ymd_opt(2027, 2, 5), Some("self"))
    );
    assert!(
        placements::due_follow_ups(
            &app.db,
            office.id,
            NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
            placements::DUE_CAP,
        )
        .await
        .unwrap()
        .is_empty(),
        "no follow-ups after leaving"
    );
    // The later follow-ups are marked no longer due (so the due list need not look at them).
    let later = placements::follow_ups_of(&app.db, p.id).await.unwrap();
    assert!(later.len() > 1);
    for f in &later {
        if f.done_on.is_none() {
            assert_eq!(
                f.cancelled_on,
                NaiveDate::from_ymd_opt(2027, 2, 5),
                "{}",
                f.due_kind
            );
        } else {
            assert_eq!(f.cancelled_on, None);
        }
    }
    // Staff pages show it.
    let mut c = app.signed_in(&staff.email).await;
    let page = c.get(&format!("/job-seekers/{}", s.id)).await;
    assert!(
        page.body.contains("臨時") && page.body.contains("離職") && page.body.contains("他で採用")
    );
}

async fn employer_enters_the_result_in_the_portal(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let actor = Actor::staff(&staff);
    // Two employers with portal accounts (set up directly).
    let mut clients = Vec::new();
    let mut employer_ids = Vec::new();
    for (name, email) in [
        ("株式会社エー", "a@example.jp"),
        ("株式会社ビー", "b@example.jp"),
    ] {
        let reg = tsunagu::services::portal::register(
            &app.db,
            office.id,
            &tsunagu::services::portal::RegistrationInput {
                employer: EmployerInput {
                    name: name.into(),
                    prefecture_code: "27".into(),
                    municipality: "豊中市".into(),
                    address: "1-1".into(),
                    contact_name: "担当".into(),
                    contact_phone: "06-1111-2222".into(),
                    contact_email: email.into(),
                    ..Default::default()
                },
                agreed: Some("1".into()),
            },
        )
        .await
        .unwrap();
        tsunagu::services::portal::confirm(&app.db, &reg.token, common::PASSWORD, common::PASSWORD)
            .await
            .unwrap();
        employers::confirm(&app.db, &actor, office.id, reg.employer.id)
            .await
            .unwrap();
        let mut c = app.client();
        let res = c
            .submit(
                "/portal/login",
                "/portal/login",
                &[
                    ("email", email),
                    ("password", common::PASSWORD),
                    ("next", "/portal"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        clients.push(c);
        employer_ids.push(reg.employer.id);
    }
    let o = open_order(
        &app,
        office.id,
        &staff,
        employer_ids[0],
        order_form("清掃スタッフ", "09:00", "13:00", "12", "2"),
    )
    .await;
    let s = job_seekers::register(
        &app.db,
        &actor,
        office.id,
        &seeker_input("山田 太郎", "9:00-13:00", "20"),
        today(),
    )
    .await
    .unwrap();
    let r = referrals::create(
        &app.db,
        &actor,
        office.id,
        &refer_input(o.id, s.id),
        today(),
    )
    .await
    .unwrap();
    let (a, b) = clients.split_at_mut(1);
    let (a, b) = (&mut a[0], &mut b[0]);
    assert!(a.get("/portal/referrals").await.body.contains("山田 太郎"));
    assert!(
        !b.get("/portal/referrals").await.body.contains("山田 太郎"),
        "B does not see A's referrals"
    );
    assert_eq!(
        b.get(&format!("/portal/referrals/{}", r.id)).await.status,
        StatusCode::NOT_FOUND
    );
    let token = b.get("/portal/referrals").await.csrf();
    assert_eq!(
        b.post_form(
            &format!("/portal/referrals/{}/result", r.id),
            &[("_csrf", &token), ("result", "not_hired")]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let res = a
        .submit(
            &format!("/portal/referrals/{}", r.id),
            &format!("/portal/referrals/{}/result", r.id),
            &[
                ("result", "hired"),
                ("start_date", "2027-02-01"),
                ("indefinite", "1"),
                ("weekly_hours", "12"),
                ("hourly_yen", "1400"),
            ],
        )
        .await;
    assert_eq!(
        res.location(),
        Some("/portal/referrals?notice=result"),
        "{}",
        res.body
    );
    let r = referrals::get(&app.db, office.id, r.id).await.unwrap();
    assert_eq!(
        (r.state.code(), r.result_received_via.as_deref()),
        ("hired", Some("portal"))
    );
    let log = referrals::transitions(&app.db, r.id).await.unwrap();
    assert_eq!(log.last().unwrap().actor_kind, "employer");
    assert_eq!(
        job_orders::get(&app.db, office.id, o.id)
            .await
            .unwrap()
            .state,
        entity::JobOrderState::Open,
        "2 openings, 1 hire"
    );
}

async fn referral_numbers_are_unique_under_concurrency(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let actor = Actor::staff(&staff);
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let o = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("清掃スタッフ", "09:00", "13:00", "12", "20"),
    )
    .await;
    let mut seekers = Vec::new();
    for n in 0..12 {
        let mut i = seeker_input(&format!("求職者 {n}"), "9:00-13:00", "20");
        i.phone = format!("090-0000-{n:04}");
        seekers.push(
            job_seekers::register(&app.db, &actor, office.id, &i, today())
                .await
                .unwrap()
                .id,
        );
    }
    let mut handles = Vec::new();
    for s in seekers {
        let db = app.db.clone();
        let actor = actor.clone();
        let office_id = office.id;
        let order = o.id;
        handles.push(tokio::spawn(async move {
            referrals::create(&db, &actor, office_id, &refer_input(order, s), today()).await
        }));
    }
    let mut numbers = Vec::new();
    for h in handles {
        numbers.push(h.await.unwrap().expect("every referral succeeds").number);
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 12);
}

async fn another_offices_seeker_is_not_found(app: TestApp) {
    let (_, _, staff_a) = app.office_with_users("A").await;
    let (office_b, _, staff_b) = app.office_with_users("B").await;
    let s = job_seekers::register(
        &app.db,
        &Actor::staff(&staff_b),
        office_b.id,
        &seeker_input("山田 太郎", "", ""),
        today(),
    )
    .await
    .unwrap();
    let mut c = app.signed_in(&staff_a.email).await;
    for path in [
        format!("/job-seekers/{}", s.id),
        format!("/job-seekers/{}/edit", s.id),
        format!("/job-seekers/{}/matches", s.id),
    ] {
        assert_eq!(c.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert!(!c.get("/job-seekers").await.body.contains("山田 太郎"));
}

async fn api_for_seekers_and_referrals(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let (_, token) =
        tsunagu::services::api_tokens::create(&app.db, &Actor::staff(&staff), &staff, "t")
            .await
            .unwrap();
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let o = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("清掃スタッフ", "09:00", "13:00", "12", "1"),
    )
    .await;
    let (app_ref, token_ref) = (&app, token.as_str());
    let call = move |method: &'static str, path: String, body: serde_json::Value| {
        common::api_call(app_ref, token_ref, method, path, body)
    };
    let json = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).unwrap();
    let mut input = serde_json::to_value(seeker_input("山田 太郎", "9:00-13:00", "20")).unwrap();
    input["consent"] = serde_json::Value::Null;
    let (status, body) = call("POST", "/api/v1/job-seekers".into(), input.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json(&body)["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "consent")
    );
    input["consent"] = "1".into();
    let (status, body) = call("POST", "/api/v1/job-seekers".into(), input).await;
    assert_eq!(status, StatusCode::CREATED);
    let seeker_id = json(&body)["id"].as_i64().unwrap();
    let (status, body) = call("POST", "/api/v1/referrals".into(), serde_json::json!({"job_order_id": o.id, "job_seeker_id": seeker_id, "conditions_shown_method": "email"})).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let rid = json(&body)["id"].as_i64().unwrap();
    let (status, body) = call("POST", "/api/v1/referrals".into(), serde_json::json!({"job_order_id": o.id, "job_seeker_id": seeker_id, "conditions_shown_method": "email"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&body)["errors"][0]["code"], "duplicate_referral");
    let (status, pdf) = call(
        "GET",
        format!("/api/v1/referrals/{rid}/letter.pdf"),
        serde_json::Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(pdf.starts_with(b"%PDF"));
    let (status, body) = call("POST", format!("/api/v1/referrals/{rid}/result"), serde_json::json!({"result": "hired", "received_via": "phone", "start_date": "2027-01-10", "indefinite": "1", "weekly_hours": "12", "hourly_yen": "1400"})).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let b = json(&body);
    assert_eq!(
        (b["classification"].as_str(), b["order_filled"].as_bool()),
        (Some("regular"), Some(true))
    );
    let (_, body) = call("GET", "/api/v1/placements".into(), serde_json::Value::Null).await;
    assert_eq!(json(&body).as_array().unwrap().len(), 1);
    let (_, body) = call(
        "GET",
        "/api/v1/follow-ups?until=2027-12-31".into(),
        serde_json::Value::Null,
    )
    .await;
    assert_eq!(json(&body).as_array().unwrap().len(), 4);
    let (_, doc) = call("GET", "/api/openapi.json".into(), serde_json::Value::Null).await;
    let doc = json(&doc);
    for path in [
        "/api/v1/job-seekers",
        "/api/v1/referrals",
        "/api/v1/referrals/{id}/letter.pdf",
        "/api/v1/referrals/{id}/result",
        "/api/v1/placements",
        "/api/v1/follow-ups",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
}

async fn overdue_results_are_reminded_once(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let actor = Actor::staff(&staff);
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let o = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("清掃スタッフ", "09:00", "13:00", "12", "1"),
    )
    .await;
    let s = job_seekers::register(
        &app.db,
        &actor,
        office.id,
        &seeker_input("山田 太郎", "9:00-13:00", "20"),
        today(),
    )
    .await
    .unwrap();
    let r = referrals::create(
        &app.db,
        &actor,
        office.id,
        &refer_input(o.id, s.id),
        today(),
    )
    .await
    .unwrap();
    let n = app.state.notifier();
    assert_eq!(
        n.result_reminders(today() + chrono::Duration::days(13))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        n.result_reminders(today() + chrono::Duration::days(14))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        n.result_reminders(today() + chrono::Duration::days(20))
            .await
            .unwrap(),
        0,
        "once"
    );
    let m = app
        .mail()
        .into_iter()
        .find(|m| m.subject.contains("選考結果"))
        .expect("reminder mail");
    assert!(m.body.contains(&r.number) && m.to.contains(&e.contact_email));
}

async fn a_result_is_recorded_once_under_concurrency(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let actor = Actor::staff(&staff);
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let o = open_order(
        &app,
        office.id,
        &staff,
        e.id,
        order_form("清掃スタッフ", "09:00", "13:00", "12", "3"),
    )
    .await;
    let s = job_seekers::register(
        &app.db,
        &actor,
        office.id,
        &seeker_input("山田 太郎", "9:00-13:00", "20"),
        today(),
    )
    .await
    .unwrap();
    let r = referrals::create(
        &app.db,
        &actor,
        office.id,
        &refer_input(o.id, s.id),
        today(),
    )
    .await
    .unwrap();
    let hire = ResultInput {
        result: "hired".into(),
        received_via: "fax".into(),
        start_date: "2027-01-10".into(),
        indefinite: Some("1".into()),
        weekly_hours: "12".into(),
        hourly_yen: "1400".into(),
        ..Default::default()
    };
    let mut handles = Vec::new();
    for _ in 0..4 {
        let (db, actor, hire) = (app.db.clone(), actor.clone(), hire.clone());
        let (office_id, id) = (office.id, r.id);
        handles.push(tokio::spawn(async move {
            referrals::record_result(&db, &actor, office_id, id, &hire, today())
                .await
                .is_ok()
        }));
    }
    let mut ok = 0;
    for h in handles {
        if h.await.unwrap() {
            ok += 1;
        }
    }
    assert_eq!(ok, 1, "exactly one result is recorded");
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    assert_eq!(
        entity::placement::Entity::find()
            .filter(entity::placement::Column::ReferralId.eq(r.id))
            .count(&app.db)
            .await
            .unwrap(),
        1
    );
    // An absurd fiscal year is answered, not a crash.
    let mut c = app.signed_in(&staff.email).await;
    assert_eq!(
        c.get("/reports/annual?fiscal_year=300000").await.status,
        StatusCode::OK
    );
}

/// The seeker search for a name goes through the name pieces the database keeps by trigger: it
/// finds what a substring search over every seeker finds, follows a change of name, and stays
/// within the office.
async fn the_name_search_starts_from_name_pieces(app: TestApp) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use tsunagu::domain::normalize::{name_pieces, normalize_name_for_match, to_katakana};
    let (office, _, staff) = app.office_with_users("A").await;
    let (office_b, _, staff_b) = app.office_with_users("B").await;
    let register = |office_id: i32, staff: entity::staff_user::Model, name: &str, kana: &str| {
        let mut i = seeker_input(name, "", "");
        i.name_kana = kana.into();
        let db = app.db.clone();
        async move {
            job_seekers::register(&db, &Actor::staff(&staff), office_id, &i, today())
                .await
                .unwrap()
        }
    };
    register(office.id, staff.clone(), "佐藤 花子", "さとう はなこ").await;
    let ichiro = register(office.id, staff.clone(), "佐藤 一郎", "サトウ イチロウ").await;
    register(office.id, staff.clone(), "加藤 花", "かとう はな").await;
    register(office_b.id, staff_b.clone(), "佐藤 花子", "さとう はなこ").await;

    // The pieces held are those of the normalised name and the kana.
    let pieces_of = |id: i32| {
        let db = app.db.clone();
        async move {
            let mut p: Vec<String> = entity::job_seeker_gram::Entity::find()
                .filter(entity::job_seeker_gram::Column::JobSeekerId.eq(id))
                .all(&db)
                .await
                .unwrap()
                .into_iter()
                .map(|g| g.gram)
                .collect();
            p.sort();
            p
        }
    };
    let expected = |s: &entity::job_seeker::Model| {
        let mut p = name_pieces(&s.name_normalized);
        for k in name_pieces(&s.name_kana) {
            if !p.contains(&k) {
                p.push(k);
            }
        }
        p.sort();
        p
    };
    assert_eq!(pieces_of(ichiro.id).await, expected(&ichiro));

    let search = |q: &str| {
        let db = app.db.clone();
        let f = job_seekers::SeekerFilter {
            q: q.into(),
            state: "all".into(),
            ..Default::default()
        };
        async move {
            // In the list's order: newest registration first.
            job_seekers::list(&db, office.id, &f)
                .await
                .unwrap()
                .rows
                .into_iter()
                .map(|s| s.name)
                .collect::<Vec<String>>()
        }
    };
    // What a substring search over every seeker of the office finds.
    let every = |q: &str| {
        let db = app.db.clone();
        let (name, kana) = (normalize_name_for_match(q), to_katakana(q));
        async move {
            let mut all: Vec<entity::job_seeker::Model> = entity::job_seeker::Entity::find()
                .filter(entity::job_seeker::Column::OfficeId.eq(office.id))
                .all(&db)
                .await
                .unwrap()
                .into_iter()
                .filter(|s| s.name_normalized.contains(&name) || s.name_kana.contains(&kana))
                .collect();
            all.sort_by_key(|s| std::cmp::Reverse((s.registered_on, s.id)));
            all.into_iter().map(|s| s.name).collect::<Vec<String>>()
        }
    };
    for (q, n) in [
        ("佐藤", 2),
        ("藤花", 2),
        ("さとう", 2),
        ("サトウ　ハナコ", 1),
        ("佐藤 花子", 1),
        ("ハナ", 2),
        ("佐", 2),
        ("田中", 0),
    ] {
        let found = search(q).await;
        assert_eq!(found, every(q).await, "{q}");
        assert_eq!(found.len(), n, "{q}: {found:?}");
    }
    // A change of name moves the seeker's pieces with it.
    let mut edit = JobSeekerInput::from_model(&ichiro);
    edit.name = "鈴木 一郎".into();
    edit.name_kana = "すずき いちろう".into();
    let renamed = job_seekers::update(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        ichiro.id,
        &edit,
        today(),
    )
    .await
    .unwrap();
    assert_eq!(pieces_of(ichiro.id).await, expected(&renamed));
    assert_eq!(search("佐藤").await, ["佐藤 花子"]);
    assert_eq!(search("すずき").await, ["鈴木 一郎"]);
    assert_eq!(search("鈴木一郎").await, ["鈴木 一郎"]);
    // The search is served by the pieces: without them a seeker is not found by name (one
    // character is still read the long way).
    entity::job_seeker_gram::Entity::delete_many()
        .filter(entity::job_seeker_gram::Column::OfficeId.eq(office.id))
        .exec(&app.db)
        .await
        .unwrap();
    assert!(search("佐藤").await.is_empty());
    assert_eq!(search("佐").await, ["佐藤 花子"]);
}
