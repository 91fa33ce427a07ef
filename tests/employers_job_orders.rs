//! Employers and job orders: registration, duplicates, 不受理, the form with every rule,
//! acceptance with numbers and validity, versions, lifecycle, numbering under concurrency,
//! and office isolation.
mod common;
use axum::http::StatusCode;
use chrono::NaiveDate;
use common::{TestApp, audit_entries};
use tsunagu::services::Actor;
use tsunagu::services::employers::{self, EmployerInput, StatusInput};
use tsunagu::services::job_order_form::JobOrderForm;
use tsunagu::services::job_orders;

db_tests!(
    staff_register_an_employer,
    bad_employer_input_is_explained_and_kept,
    duplicates_are_shown_with_a_link,
    rejected_employer_orders_cannot_be_accepted,
    employer_contacts_are_recorded,
    another_offices_employer_is_not_found,
    a_lawful_order_is_accepted_with_a_number,
    an_incomplete_order_keeps_what_was_typed,
    minimum_wage_blocks_acceptance,
    warnings_need_confirmation,
    edits_of_open_orders_wait_for_review,
    rejection_needs_a_ground_and_a_reason,
    closing_and_expiry,
    employers_hear_a_week_before_expiry,
    numbers_are_unique_under_concurrent_acceptance,
    job_order_list_filters,
    ending_an_order_is_confirmed_first,
);

fn employer_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", "株式会社つなぐ清掃 豊中営業所"),
        ("name_kana", "つなぐせいそう"),
        ("corporate_number", "7000012050002"),
        ("postal_code", "5618501"),
        ("prefecture_code", "27"),
        ("municipality", "豊中市"),
        ("address", "中桜塚3丁目1番1号 つなぐビル2階201号室"),
        ("contact_name", "採用 花子"),
        ("contact_phone", "06-1234-5678"),
        ("contact_email", "saiyo@example.jp"),
        ("retirement_age", "65"),
        ("pension_insured_count", "60"),
        ("cooperation", "general"),
        ("cooperation", "short_hours"),
    ]
}

async fn employer(app: &TestApp, office_id: i32) -> entity::employer::Model {
    let input = EmployerInput {
        name: "株式会社つなぐ清掃".into(),
        prefecture_code: "27".into(),
        municipality: "豊中市".into(),
        address: "中桜塚1-1-1 2階".into(),
        contact_name: "採用 花子".into(),
        contact_phone: "06-1234-5678".into(),
        retirement_age: "65".into(),
        ..Default::default()
    };
    employers::create(
        &app.db,
        &Actor::system(),
        office_id,
        &input,
        entity::EmployerStatus::Active,
    )
    .await
    .unwrap()
}

/// A lawful part-time cleaning order: 時給 1,500, 9:00–13:00 Mon–Fri, 20 h a week, 大阪府.
fn order_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("occupation_title", "清掃スタッフ"),
        ("occupation_code", "096"),
        ("openings", "2"),
        ("employment_form", "non_regular"),
        ("employment_form_name", "パート"),
        ("publishable", "1"),
        ("workplace_postal_code", "561-8501"),
        ("workplace_prefecture_code", "27"),
        ("workplace_municipality", "豊中市"),
        ("workplace_address", "中桜塚3-1-1 市民会館"),
        ("workplace_change_scope", "変更なし"),
        ("smoking_measure", "indoor_ban"),
        ("recruiter_name", "株式会社つなぐ清掃"),
        ("job_description", "市民会館の共用部（廊下・トイレ）の清掃"),
        ("job_change_scope", "変更なし"),
        ("contract_kind", "indefinite"),
        ("wage_form", "hourly"),
        ("base_wage_min", "1500"),
        ("commute_allowance", "実費支給（上限 月10,000円）"),
        ("pay_closing_day", "月末"),
        ("pay_day", "翌月25日"),
        ("pay_cycle", "monthly"),
        ("shift1_start", "09:00"),
        ("shift1_end", "13:00"),
        ("shift1_break", "0"),
        ("shift1_weekdays", "0"),
        ("shift1_weekdays", "1"),
        ("shift1_weekdays", "2"),
        ("shift1_weekdays", "3"),
        ("shift1_weekdays", "4"),
        ("weekly_hours", "20"),
        ("weekly_days", "5"),
        ("holidays", "土日祝"),
        ("insurance_employment", "1"),
        ("insurance_workers_comp", "1"),
        ("selection_method", "面接"),
    ]
}

fn form_of(fields: &[(&str, &str)]) -> JobOrderForm {
    let pairs: Vec<(String, String)> = fields
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    JobOrderForm::from_pairs(&pairs)
}

fn with(
    fields: &[(&'static str, &'static str)],
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    out.extend(changes.iter().filter(|(_, v)| !v.is_empty()).cloned());
    out
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn staff_register_an_employer(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let mut c = app.signed_in(&staff.email).await;
    let res = c
        .submit("/employers/new", "/employers", &employer_fields())
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res.location().unwrap().to_owned();
    let page = c.get(&loc).await;
    assert!(page.body.contains("株式会社つなぐ清掃 豊中営業所"));
    assert!(page.body.contains("ツナグセイソウ"), "フリガナ in katakana");
    assert!(
        page.body.contains("特定適用事業所"),
        "60 insured → 特定適用事業所"
    );
    assert!(page.body.contains("短時間就労"));
    let m = employers::list(&app.db, office.id, &Default::default())
        .await
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(m.postal_code, "561-8501");
    assert_eq!(m.contact_phone_digits, "0612345678");
    // Search by phone digits and by kana.
    for q in ["12345678", "ツナグ", "つなぐ清掃"] {
        let list = c
            .get(&format!("/employers?q={}", tsunagu::error::urlencode(q)))
            .await;
        assert!(
            list.body.contains("株式会社つなぐ清掃 豊中営業所"),
            "search {q}"
        );
    }
    let none = c
        .get("/employers?q=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84")
        .await;
    assert!(none.body.contains("該当する求人者はありません"));
    assert!(
        audit_entries(&app.db, office.id)
            .await
            .iter()
            .any(|(a, t, _)| a == "view" && t == "employer")
    );
}

async fn bad_employer_input_is_explained_and_kept(app: TestApp) {
    let (_, _, staff) = app.office_with_users("A").await;
    let mut c = app.signed_in(&staff.email).await;
    let fields = with(
        &employer_fields(),
        &[
            ("corporate_number", "1234567890123"),
            ("contact_phone", "123"),
            ("retirement_age", "55"),
            ("address", ""),
        ],
    );
    let res = c.submit("/employers/new", "/employers", &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in [
        "チェックデジットが一致しません",
        "電話番号を市外局番から入力してください",
        "定年は60歳以上です",
        "部屋番号まで入力してください",
    ] {
        assert!(res.body.contains(msg), "{msg}");
    }
    assert!(res.body.contains("value=\"1234567890123\""));
    assert!(res.body.contains("value=\"株式会社つなぐ清掃 豊中営業所\""));
    // The ticked co-operation boxes stay ticked.
    assert!(res.body.contains("value=\"short_hours\" checked"));
}

async fn duplicates_are_shown_with_a_link(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let mut c = app.signed_in(&staff.email).await;
    assert_eq!(
        c.submit("/employers/new", "/employers", &employer_fields())
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let first = employers::list(&app.db, office.id, &Default::default())
        .await
        .unwrap()
        .rows
        .remove(0);
    // Same name (other spacing, full-width) and same phone, no 法人番号.
    let fields = with(
        &employer_fields(),
        &[
            ("name", "株式会社つなぐ清掃　豊中営業所"),
            ("corporate_number", ""),
            ("contact_phone", "０６（１２３４）５６７８"),
        ],
    );
    let res = c.submit("/employers/new", "/employers", &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("既に登録されています"));
    assert!(
        res.body
            .contains(&format!("href=\"/employers/{}\"", first.id))
    );
    // Confirmed as a different workplace, it is saved.
    let mut confirmed = fields.clone();
    confirmed.push(("allow_duplicate", "1"));
    assert_eq!(
        c.submit("/employers/new", "/employers", &confirmed)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        employers::list(&app.db, office.id, &Default::default())
            .await
            .unwrap()
            .total,
        2
    );
}

async fn rejected_employer_orders_cannot_be_accepted(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let actor = Actor::staff(&staff);
    // A ground without a date and reason is refused.
    let bad = StatusInput {
        rejection_ground: "4".into(),
        ..Default::default()
    };
    let err = employers::set_status(&app.db, &actor, office.id, e.id, &bad)
        .await
        .unwrap_err();
    assert!(
        matches!(err, tsunagu::services::ServiceError::Invalid(ref f) if f.has("rejection_decided_on") && f.has("rejection_reason"))
    );
    let ok = StatusInput {
        rejection_ground: "4".into(),
        rejection_decided_on: "2026-11-01".into(),
        rejection_until: "2027-05-31".into(),
        rejection_reason: "労働基準法違反で是正指導（是正後6か月）".into(),
        ..Default::default()
    };
    employers::set_status(&app.db, &actor, office.id, e.id, &ok)
        .await
        .unwrap();
    let order = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        e.id,
        &form_of(&order_fields()),
        "staff",
    )
    .await
    .unwrap();
    let err = job_orders::accept(
        &app.db,
        &actor,
        office.id,
        order.id,
        day(2026, 11, 24),
        false,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, tsunagu::services::ServiceError::Invalid(ref f) if f.map()["employer"][0].contains("不受理の期間中")),
        "{err:?}"
    );
    // After the period ends the order can be accepted.
    let accepted = job_orders::accept(&app.db, &actor, office.id, order.id, day(2027, 6, 1), false)
        .await
        .unwrap();
    assert_eq!(accepted.state, entity::JobOrderState::Open);
}

async fn employer_contacts_are_recorded(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let mut c = app.signed_in(&staff.email).await;
    let res = c
        .submit(
            &format!("/employers/{}", e.id),
            &format!("/employers/{}/contacts", e.id),
            &[
                ("contacted_on", "2026-11-20"),
                ("channel", "visit"),
                ("summary", "短時間の清掃業務の切り出しを提案"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = c.get(&format!("/employers/{}", e.id)).await;
    assert!(
        page.body.contains("令和8年11月20日")
            && page.body.contains("訪問")
            && page.body.contains("切り出しを提案")
    );
    let res = c
        .submit(
            &format!("/employers/{}", e.id),
            &format!("/employers/{}/contacts", e.id),
            &[("contacted_on", ""), ("channel", "visit"), ("summary", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("内容を入力してください"));
}

async fn another_offices_employer_is_not_found(app: TestApp) {
    let (_, _, staff_a) = app.office_with_users("A").await;
    let (office_b, _, staff_b) = app.office_with_users("B").await;
    let e = employer(&app, office_b.id).await;
    let order = job_orders::create_draft(
        &app.db,
        &Actor::staff(&staff_b),
        office_b.id,
        e.id,
        &form_of(&order_fields()),
        "staff",
    )
    .await
    .unwrap();
    let mut c = app.signed_in(&staff_a.email).await;
    for path in [
        format!("/employers/{}", e.id),
        format!("/employers/{}/edit", e.id),
        format!("/employers/{}/job-orders/new", e.id),
        format!("/job-orders/{}", order.id),
        format!("/job-orders/{}/edit", order.id),
    ] {
        assert_eq!(c.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let token = c.get("/employers").await.csrf();
    for path in [
        format!("/employers/{}/status", e.id),
        format!("/employers/{}/confirm", e.id),
        format!("/job-orders/{}/close", order.id),
        format!("/job-orders/{}/edit", order.id),
    ] {
        let res = c
            .post_form(
                &path,
                &[
                    ("_csrf", &token),
                    ("state", "cancelled"),
                    ("labor_dispute", "1"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        job_orders::get(&app.db, office_b.id, order.id)
            .await
            .unwrap()
            .state,
        entity::JobOrderState::Draft
    );
    assert!(
        !c.get("/employers")
            .await
            .body
            .contains("株式会社つなぐ清掃")
    );
    assert!(!c.get("/job-orders").await.body.contains("清掃スタッフ"));
}

async fn a_lawful_order_is_accepted_with_a_number(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let mut c = app.signed_in(&staff.email).await;
    let mut fields = order_fields();
    fields.push(("action", "accept"));
    let res = c
        .submit(
            &format!("/employers/{}/job-orders/new", e.id),
            &format!("/employers/{}/job-orders", e.id),
            &fields,
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let loc = res.location().unwrap().to_owned();
    assert!(loc.ends_with("?notice=accepted"));
    let page = c.get(&loc).await;
    let today = tsunagu::present::format::today();
    let fy = tsunagu::domain::fiscal_year::fiscal_year_of(today);
    assert!(page.body.contains(&format!("K{fy}-00001")), "number");
    assert!(page.body.contains("受付中"));
    let expected_until = tsunagu::domain::validity::ValidityRule::default().valid_until(today);
    assert!(
        page.body
            .contains(&tsunagu::domain::wareki::format_wareki(expected_until)),
        "valid until the end of the month after next"
    );
    for item in [
        "業務の変更の範囲",
        "就業場所の変更の範囲",
        "受動喫煙防止措置",
        "屋内禁煙",
        "9:00〜13:00",
        "時給 1,500円",
        "雇用保険・労災保険",
        "第1版",
    ] {
        assert!(page.body.contains(item), "{item}");
    }
    let id: i32 = loc
        .trim_start_matches("/job-orders/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let versions = job_orders::versions(&app.db, office.id, id).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].1.base_wage_min, 1500);
    assert!(
        audit_entries(&app.db, office.id)
            .await
            .iter()
            .any(|(a, t, i)| a == "accept"
                && t == "job_order"
                && i.as_deref() == Some(&id.to_string()))
    );
}

async fn an_incomplete_order_keeps_what_was_typed(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let mut c = app.signed_in(&staff.email).await;
    let fields = with(
        &order_fields(),
        &[
            ("job_change_scope", ""),
            ("smoking_measure", ""),
            ("occupation_title", "営業マン"),
            ("shift1_end", "18:00"),
            ("shift1_break", "30"),
            ("contract_kind", "fixed"),
            ("contract_months", "6"),
            ("age_max", "35"),
            ("action", "accept"),
        ],
    );
    let res = c
        .submit(
            &format!("/employers/{}/job-orders/new", e.id),
            &format!("/employers/{}/job-orders", e.id),
            &fields,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let b = &res.body;
    for needle in [
        "営業職",
        "受動喫煙",
        "契約更新の可能性",
        "年齢",
        "勤務パターン1",
    ] {
        assert!(b.contains(needle), "message mentioning {needle}");
    }
    assert!(b.contains("value=\"営業マン\""), "typed title kept");
    assert!(b.contains("value=\"18:00\""));
    // The flash says it was kept as a draft and NOT accepted, as a warning, and the summary
    // links each problem to its field.
    assert!(b.contains("まだ受理していません"), "not accepted said");
    assert!(b.contains("下書きとして保存しました"));
    assert!(b.contains("class=\"flash warn\""), "shown as a warning");
    assert!(
        b.contains("href=\"#occupation_title\""),
        "summary links the field"
    );
    // The draft exists and nothing was accepted.
    let list = job_orders::list(&app.db, office.id, &Default::default(), day(2026, 11, 24))
        .await
        .unwrap();
    assert_eq!(list.total, 1);
    assert_eq!(list.rows[0].order.state, entity::JobOrderState::Draft);
    assert!(list.rows[0].order.number.is_none());
}

async fn minimum_wage_blocks_acceptance(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let actor = Actor::staff(&staff);
    // 大阪府: 1,177 from 2025-10-16 (FY2025, verified).
    let on = day(2026, 1, 15);
    let low = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        e.id,
        &form_of(&with(&order_fields(), &[("base_wage_min", "1176")])),
        "staff",
    )
    .await
    .unwrap();
    let err = job_orders::accept(&app.db, &actor, office.id, low.id, on, true)
        .await
        .unwrap_err();
    let tsunagu::services::ServiceError::Invalid(f) = err else {
        panic!("expected field errors")
    };
    let msg = f.map()["base_wage_min"].join("");
    assert!(msg.contains("1,177") && msg.contains("大阪府"), "{msg}");
    let exact = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        e.id,
        &form_of(&with(&order_fields(), &[("base_wage_min", "1177")])),
        "staff",
    )
    .await
    .unwrap();
    job_orders::accept(&app.db, &actor, office.id, exact.id, on, true)
        .await
        .unwrap();
    // 日給 8,000 for a 7-hour day is 1,142.86 an hour: below.
    let daily = with(
        &order_fields(),
        &[
            ("wage_form", "daily"),
            ("base_wage_min", "8000"),
            ("shift1_start", "09:00"),
            ("shift1_end", "17:00"),
            ("shift1_break", "60"),
            ("weekly_hours", "35"),
        ],
    );
    let d = job_orders::create_draft(&app.db, &actor, office.id, e.id, &form_of(&daily), "staff")
        .await
        .unwrap();
    assert!(
        job_orders::accept(&app.db, &actor, office.id, d.id, on, true)
            .await
            .is_err()
    );
    // A 通勤手当-like allowance does not lift it; a 資格手当 does (8,000 + 300 = 1,185.71/h).
    let mut with_allowance = daily.clone();
    with_allowance.extend([
        ("allowance1_name", "資格手当"),
        ("allowance1_kind", "fixed"),
        ("allowance1_amount", "300"),
    ]);
    let ok = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        e.id,
        &form_of(&with_allowance),
        "staff",
    )
    .await
    .unwrap();
    job_orders::accept(&app.db, &actor, office.id, ok.id, on, true)
        .await
        .unwrap();
    let mut attendance = daily.clone();
    attendance.extend([
        ("allowance1_name", "皆勤手当"),
        ("allowance1_kind", "attendance"),
        ("allowance1_amount", "300"),
    ]);
    let no = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        e.id,
        &form_of(&attendance),
        "staff",
    )
    .await
    .unwrap();
    assert!(
        job_orders::accept(&app.db, &actor, office.id, no.id, on, true)
            .await
            .is_err()
    );
}

async fn warnings_need_confirmation(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let mut c = app.signed_in(&staff.email).await;
    let fields = with(
        &order_fields(),
        &[
            ("overtime", "1"),
            ("overtime_monthly_hours", "50"),
            ("action", "accept"),
        ],
    );
    let res = c
        .submit(
            &format!("/employers/{}/job-orders/new", e.id),
            &format!("/employers/{}/job-orders", e.id),
            &fields,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("確認が必要な点があります"));
    assert!(res.body.contains("name=\"warnings_confirmed\""));
    let id = job_orders::list(&app.db, office.id, &Default::default(), day(2026, 11, 24))
        .await
        .unwrap()
        .rows[0]
        .order
        .id;
    let mut confirmed = fields.clone();
    confirmed.push(("warnings_confirmed", "1"));
    let res = c
        .submit(
            &format!("/job-orders/{id}/edit"),
            &format!("/job-orders/{id}/edit"),
            &confirmed,
        )
        .await;
    assert_eq!(
        res.location(),
        Some(format!("/job-orders/{id}?notice=accepted").as_str()),
        "{}",
        res.body
    );
}

async fn edits_of_open_orders_wait_for_review(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let actor = Actor::staff(&staff);
    let o = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        e.id,
        &form_of(&order_fields()),
        "staff",
    )
    .await
    .unwrap();
    let first = job_orders::accept(&app.db, &actor, office.id, o.id, day(2026, 11, 24), false)
        .await
        .unwrap();
    assert_eq!(first.valid_until, Some(day(2027, 1, 31)));
    // An edit: the accepted version stays in force.
    let changed = form_of(&with(
        &order_fields(),
        &[("base_wage_min", "1600"), ("openings", "3")],
    ));
    let pending = job_orders::save_draft(&app.db, &actor, office.id, o.id, &changed)
        .await
        .unwrap();
    assert!(pending.change_pending);
    assert_eq!(pending.state, entity::JobOrderState::Open);
    let (_, in_force) = job_orders::accepted_terms(&app.db, office.id, o.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(in_force.base_wage_min, 1500);
    // Accepting the change makes version 2 with the same number and validity.
    let second = job_orders::accept(&app.db, &actor, office.id, o.id, day(2026, 12, 10), false)
        .await
        .unwrap();
    assert_eq!(second.number, first.number);
    assert_eq!(second.valid_until, first.valid_until);
    assert_eq!(second.accepted_version, Some(2));
    assert!(!second.change_pending);
    let versions = job_orders::versions(&app.db, office.id, o.id)
        .await
        .unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|(v, t)| (v.version, t.base_wage_min))
            .collect::<Vec<_>>(),
        vec![(1, 1500), (2, 1600)]
    );
    // Staff see the difference.
    let mut c = app.signed_in(&staff.email).await;
    let diff = c
        .get(&format!("/job-orders/{}/diff?from=1&to=2", o.id))
        .await;
    assert!(diff.body.contains("時給 1,500円") && diff.body.contains("時給 1,600円"));
    assert!(diff.body.contains("2人") && diff.body.contains("3人"));
    assert!(
        !diff.body.contains("業務の変更の範囲"),
        "unchanged items are not listed"
    );
    let v1 = c.get(&format!("/job-orders/{}/versions/1", o.id)).await;
    assert!(v1.body.contains("時給 1,500円"));
    // An accepted order cannot be accepted again without a change.
    assert!(
        job_orders::accept(&app.db, &actor, office.id, o.id, day(2026, 12, 11), false)
            .await
            .is_err()
    );
}

async fn rejection_needs_a_ground_and_a_reason(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let o = job_orders::create_draft(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        e.id,
        &form_of(&order_fields()),
        "staff",
    )
    .await
    .unwrap();
    let mut c = app.signed_in(&staff.email).await;
    let res = c
        .submit(
            &format!("/job-orders/{}", o.id),
            &format!("/job-orders/{}/reject", o.id),
            &[("ground", ""), ("reason", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("不受理の根拠") && res.body.contains("不受理の理由を入力してください")
    );
    let res = c
        .submit(
            &format!("/job-orders/{}", o.id),
            &format!("/job-orders/{}/reject", o.id),
            &[
                ("ground", "2"),
                ("reason", "賃金が同種の業務に比べ著しく低い"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = c.get(&format!("/job-orders/{}", o.id)).await;
    assert!(
        page.body.contains("不受理")
            && page.body.contains("著しく低い")
            && page.body.contains("2号")
    );
    assert_eq!(
        job_orders::get(&app.db, office.id, o.id)
            .await
            .unwrap()
            .state,
        entity::JobOrderState::Rejected
    );
}

async fn closing_and_expiry(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let actor = Actor::staff(&staff);
    let mk = || async {
        job_orders::create_draft(
            &app.db,
            &actor,
            office.id,
            e.id,
            &form_of(&order_fields()),
            "staff",
        )
        .await
        .unwrap()
    };
    let a = mk().await;
    let b = mk().await;
    for o in [&a, &b] {
        job_orders::accept(&app.db, &actor, office.id, o.id, day(2026, 11, 24), false)
            .await
            .unwrap();
    }
    // A draft cannot be 充足.
    let d = mk().await;
    assert!(
        job_orders::close(
            &app.db,
            &actor,
            office.id,
            d.id,
            entity::JobOrderState::Filled,
            day(2026, 11, 25)
        )
        .await
        .is_err()
    );
    let filled = job_orders::close(
        &app.db,
        &actor,
        office.id,
        a.id,
        entity::JobOrderState::Filled,
        day(2026, 12, 1),
    )
    .await
    .unwrap();
    assert_eq!(
        (filled.state.code(), filled.closed_on),
        ("filled", Some(day(2026, 12, 1)))
    );
    // Valid until 2027-01-31: still open that day, expired the next.
    assert_eq!(
        job_orders::expire_due(&app.db, day(2027, 1, 31))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        job_orders::expire_due(&app.db, day(2027, 2, 1))
            .await
            .unwrap(),
        1
    );
    let expired = job_orders::get(&app.db, office.id, b.id).await.unwrap();
    assert_eq!(
        (expired.state.code(), expired.closed_on),
        ("expired", Some(day(2027, 1, 31)))
    );
    assert_eq!(
        job_orders::get(&app.db, office.id, a.id)
            .await
            .unwrap()
            .state,
        entity::JobOrderState::Filled,
        "closed orders do not expire"
    );
    assert!(
        audit_entries(&app.db, office.id)
            .await
            .iter()
            .any(|(a, _, i)| a == "expire" && i.as_deref() == Some(&b.id.to_string()))
    );
}

async fn employers_hear_a_week_before_expiry(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let input = EmployerInput {
        name: "株式会社つなぐ清掃".into(),
        prefecture_code: "27".into(),
        municipality: "豊中市".into(),
        address: "中桜塚1-1-1".into(),
        contact_name: "採用 花子".into(),
        contact_phone: "06-1234-5678".into(),
        contact_email: "hr@example.jp".into(),
        ..Default::default()
    };
    let e = employers::create(
        &app.db,
        &Actor::system(),
        office.id,
        &input,
        entity::EmployerStatus::Active,
    )
    .await
    .unwrap();
    let actor = Actor::staff(&staff);
    let o = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        e.id,
        &form_of(&order_fields()),
        "staff",
    )
    .await
    .unwrap();
    let o = job_orders::accept(&app.db, &actor, office.id, o.id, day(2026, 11, 24), false)
        .await
        .unwrap();
    assert_eq!(o.valid_until, Some(day(2027, 1, 31)));
    let n = app.state.notifier();
    assert_eq!(
        n.expiring_orders(day(2027, 1, 23)).await.unwrap(),
        0,
        "eight days before: nothing"
    );
    assert_eq!(n.expiring_orders(day(2027, 1, 24)).await.unwrap(), 1);
    assert_eq!(
        n.expiring_orders(day(2027, 1, 24)).await.unwrap(),
        0,
        "only once"
    );
    let mail = app.mail();
    let m = mail
        .iter()
        .find(|m| m.to.contains(&"hr@example.jp".to_owned()))
        .expect("mail to the employer");
    assert!(
        m.body.contains("令和9年1月31日") && m.body.contains(o.number.as_deref().unwrap()),
        "{}",
        m.body
    );
}

async fn numbers_are_unique_under_concurrent_acceptance(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let actor = Actor::staff(&staff);
    let mut ids = Vec::new();
    for _ in 0..16 {
        ids.push(
            job_orders::create_draft(
                &app.db,
                &actor,
                office.id,
                e.id,
                &form_of(&order_fields()),
                "staff",
            )
            .await
            .unwrap()
            .id,
        );
    }
    let mut handles = Vec::new();
    for id in ids.clone() {
        let db = app.db.clone();
        let actor = actor.clone();
        let office_id = office.id;
        handles.push(tokio::spawn(async move {
            job_orders::accept(&db, &actor, office_id, id, day(2026, 11, 24), false).await
        }));
    }
    let mut numbers = Vec::new();
    for h in handles {
        let m = h.await.unwrap().expect("every acceptance succeeds");
        numbers.push(m.number.unwrap());
    }
    numbers.sort();
    let expected: Vec<String> = (1..=16).map(|n| format!("K2026-{n:05}")).collect();
    assert_eq!(numbers, expected);
    // Another office starts its own sequence.
    let (office_b, _, staff_b) = app.office_with_users("B").await;
    let eb = employer(&app, office_b.id).await;
    let ob = job_orders::create_draft(
        &app.db,
        &Actor::staff(&staff_b),
        office_b.id,
        eb.id,
        &form_of(&order_fields()),
        "staff",
    )
    .await
    .unwrap();
    let ob = job_orders::accept(
        &app.db,
        &Actor::staff(&staff_b),
        office_b.id,
        ob.id,
        day(2026, 11, 24),
        false,
    )
    .await
    .unwrap();
    assert_eq!(ob.number.as_deref(), Some("K2026-00001"));
    // A new fiscal year starts again at 1.
    let next = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        e.id,
        &form_of(&order_fields()),
        "staff",
    )
    .await
    .unwrap();
    let next = job_orders::accept(&app.db, &actor, office.id, next.id, day(2027, 4, 1), false)
        .await
        .unwrap();
    assert_eq!(next.number.as_deref(), Some("K2027-00001"));
}

async fn job_order_list_filters(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let actor = Actor::staff(&staff);
    let short = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        e.id,
        &form_of(&with(
            &order_fields(),
            &[
                ("occupation_title", "軽作業スタッフ"),
                ("weekly_hours", "8"),
                ("weekly_days", "2"),
            ],
        )),
        "staff",
    )
    .await
    .unwrap();
    job_orders::accept(
        &app.db,
        &actor,
        office.id,
        short.id,
        day(2026, 11, 24),
        false,
    )
    .await
    .unwrap();
    let long = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        e.id,
        &form_of(&with(
            &order_fields(),
            &[("occupation_title", "調理補助"), ("weekly_hours", "30")],
        )),
        "staff",
    )
    .await
    .unwrap();
    job_orders::accept(
        &app.db,
        &actor,
        office.id,
        long.id,
        day(2026, 11, 24),
        false,
    )
    .await
    .unwrap();
    let mut c = app.signed_in(&staff.email).await;
    let res = c.get("/job-orders?max_weekly_hours=10").await;
    assert!(res.body.contains("軽作業スタッフ") && !res.body.contains("調理補助"));
    let res = c.get("/job-orders?q=%E8%AA%BF%E7%90%86").await;
    assert!(!res.body.contains("軽作業スタッフ") && res.body.contains("調理補助"));
    let res = c.get("/job-orders?occupation=15").await;
    assert!(
        res.body.contains("軽作業スタッフ"),
        "major group 15 covers middle group 096"
    );
    let res = c.get("/job-orders?state=filled").await;
    assert!(res.body.contains("該当する求人はありません"));
}

/// 充足・募集停止・取消 cannot be undone: the buttons lead to a page that says so, and only
/// the button there ends the order.
async fn ending_an_order_is_confirmed_first(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id).await;
    let o = common::builders::open_order(&app, &staff, e.id, &form_of(&order_fields())).await;
    let state = || async {
        job_orders::get(&app.db, office.id, o.id)
            .await
            .unwrap()
            .state
    };
    let mut c = app.signed_in(&staff.email).await;
    let detail = c.get(&format!("/job-orders/{}", o.id)).await;
    assert!(
        detail
            .body
            .contains(&format!("href=\"/job-orders/{}/close?state=filled\"", o.id))
    );
    assert!(
        !detail
            .body
            .contains(&format!("action=\"/job-orders/{}/close\"", o.id)),
        "no one-click ending on the order page"
    );
    let confirm = format!("/job-orders/{}/close?state=filled", o.id);
    let page = c.get(&confirm).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("元には戻せません") && page.body.contains("「充足」にする"));
    assert_eq!(
        state().await,
        entity::JobOrderState::Open,
        "looking at the page changes nothing"
    );
    let wrong = c
        .get(&format!("/job-orders/{}/close?state=open", o.id))
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("操作が正しくありません"));
    let res = c
        .submit(
            &confirm,
            &format!("/job-orders/{}/close", o.id),
            &[("state", "filled")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(state().await, entity::JobOrderState::Filled);
}
