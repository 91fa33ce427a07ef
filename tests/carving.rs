//! Job redesign through the pages and the API: the 作業分解書, a preset split, a fit to real
//! seekers, the plan page with its legal checks and timeline, the proposal PDF, and job orders
//! created from positions.
mod common;
use axum::http::StatusCode;
use common::TestApp;
use tsunagu::services::employers::{self, EmployerInput};
use tsunagu::services::job_order_form::JobOrderForm;
use tsunagu::services::job_seekers::{self, JobSeekerInput};
use tsunagu::services::{Actor, carving, job_orders, reports};

db_tests!(
    an_eight_hour_cleaning_order_split_and_turned_into_orders,
    fit_to_two_real_seekers,
    carving_api,
    unknown_insured_count_is_asked_not_assumed,
    big_carves_do_not_stall_other_requests
);

fn today() -> chrono::NaiveDate {
    tsunagu::present::format::today()
}

async fn full_time_order(
    app: &TestApp,
    office_id: i32,
    staff: &entity::staff_user::Model,
) -> entity::job_order::Model {
    order_of_employer_with(app, office_id, staff, "60").await
}

/// A full-time 9:00–18:00 cleaning order of an employer with `insured` 厚生年金 insured ("" = not
/// entered).
async fn order_of_employer_with(
    app: &TestApp,
    office_id: i32,
    staff: &entity::staff_user::Model,
    insured: &str,
) -> entity::job_order::Model {
    let e = employers::create(
        &app.db,
        &Actor::system(),
        office_id,
        &EmployerInput {
            name: "株式会社つなぐ清掃".into(),
            prefecture_code: "27".into(),
            municipality: "豊中市".into(),
            address: "中桜塚1-1-1".into(),
            contact_name: "採用 花子".into(),
            contact_phone: "06-1234-5678".into(),
            pension_insured_count: insured.into(),
            ..Default::default()
        },
        entity::EmployerStatus::Active,
    )
    .await
    .unwrap();
    let form = JobOrderForm::from_pairs(&full_time_pairs());
    let a = Actor::staff(staff);
    let o = job_orders::create_draft(&app.db, &a, office_id, e.id, &form, "staff")
        .await
        .unwrap();
    job_orders::accept(&app.db, &a, office_id, o.id, today(), true)
        .await
        .unwrap()
}

/// The source order: 清掃スタッフ（フルタイム）, 9:00–18:00 Mon–Fri, 1,300円/h, all insurance.
fn full_time_pairs() -> Vec<(String, String)> {
    let v: Vec<(&str, &str)> = vec![
        ("occupation_title", "清掃スタッフ（フルタイム）"),
        ("pr", "フルタイムの正社員です。"),
        ("occupation_code", "096"),
        ("openings", "1"),
        ("full_time", "1"),
        ("employment_form", "regular"),
        ("publishable", "1"),
        ("workplace_prefecture_code", "27"),
        ("workplace_municipality", "豊中市"),
        ("workplace_address", "中桜塚3-1-1"),
        ("workplace_change_scope", "変更なし"),
        ("smoking_measure", "indoor_ban"),
        ("recruiter_name", "株式会社つなぐ清掃"),
        ("job_description", "館内清掃"),
        ("job_change_scope", "変更なし"),
        ("contract_kind", "indefinite"),
        ("wage_form", "hourly"),
        ("base_wage_min", "1300"),
        ("pay_closing_day", "月末"),
        ("pay_day", "翌月25日"),
        ("pay_cycle", "monthly"),
        ("shift1_start", "09:00"),
        ("shift1_end", "18:00"),
        ("shift1_break", "60"),
        ("shift1_weekdays", "0"),
        ("shift1_weekdays", "1"),
        ("shift1_weekdays", "2"),
        ("shift1_weekdays", "3"),
        ("shift1_weekdays", "4"),
        ("weekly_hours", "40"),
        ("weekly_days", "5"),
        ("holidays", "土日祝"),
        ("insurance_employment", "1"),
        ("insurance_workers_comp", "1"),
        ("insurance_health", "1"),
        ("insurance_pension", "1"),
        ("selection_method", "面接"),
    ];
    v.into_iter()
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
}

/// Eight hours of cleaning a day (480 minutes), Mon–Fri.
fn cleaning_tasks() -> Vec<(&'static str, &'static str)> {
    vec![
        ("task0_name", "トイレ清掃"),
        ("task0_frequency", "daily"),
        ("task0_minutes", "120"),
        ("task0_window", "9:00-13:00"),
        ("task0_demands", "standing"),
        ("task0_essential", "1"),
        ("task1_name", "廊下・ロビー清掃"),
        ("task1_frequency", "daily"),
        ("task1_minutes", "120"),
        ("task1_demands", "standing"),
        ("task1_essential", "1"),
        ("task2_name", "ごみ回収"),
        ("task2_frequency", "daily"),
        ("task2_minutes", "60"),
        ("task2_window", "13:00-18:00"),
        ("task2_demands", "lifting_10kg"),
        ("task2_essential", "1"),
        ("task3_name", "会議室の清掃"),
        ("task3_frequency", "daily"),
        ("task3_minutes", "120"),
        ("task3_window", "13:00-18:00"),
        ("task3_essential", "1"),
        ("task4_name", "備品の補充"),
        ("task4_frequency", "daily"),
        ("task4_minutes", "60"),
        ("task4_essential", "1"),
    ]
}

async fn an_eight_hour_cleaning_order_split_and_turned_into_orders(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let order = full_time_order(&app, office.id, &staff).await;
    let mut c = app.signed_in(&staff.email).await;
    let page = c.get(&format!("/job-orders/{}/breakdown", order.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    // The 作業分解書 starts from the order: its hours as 営業時間, its duties as the first task.
    assert!(page.body.contains("value=\"9:00-18:00\""), "order hours");
    assert!(
        page.body.contains("name=\"task0_name\" value=\"館内清掃\""),
        "the order's duties as the first task"
    );
    assert!(page.body.contains("name=\"task0_minutes\" value=\"480\""));
    let b = carving::for_order(&app.db, &Actor::staff(&staff), office.id, order.id)
        .await
        .unwrap();
    // A row that cannot be read is kept with its message.
    let res = c
        .submit(
            &format!("/job-orders/{}/breakdown", order.id),
            &format!("/breakdowns/{}", b.id),
            &[
                ("name", "清掃の作業分解書"),
                ("hours", "9:00-18:00"),
                ("days", "0"),
                ("days", "1"),
                ("days", "2"),
                ("days", "3"),
                ("days", "4"),
                ("task0_name", "トイレ清掃"),
                ("task0_minutes", "たくさん"),
                ("op", "save"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("1回あたりの時間（分）") && res.body.contains("value=\"たくさん\""));
    let mut fields: Vec<(&str, &str)> = vec![
        ("name", "清掃の作業分解書"),
        ("hours", "9:00-18:00"),
        ("days", "0"),
        ("days", "1"),
        ("days", "2"),
        ("days", "3"),
        ("days", "4"),
        ("op", "save"),
    ];
    fields.extend(cleaning_tasks());
    let res = c
        .submit(
            &format!("/job-orders/{}/breakdown", order.id),
            &format!("/breakdowns/{}", b.id),
            &fields,
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = c.get(res.location().unwrap()).await;
    assert!(page.body.contains("40時間"), "the weekly total is shown");
    assert!(
        page.body.contains("作業分解書を保存しました"),
        "each save is confirmed"
    );
    // Split 4 + 4.
    let res = c
        .submit(
            &format!("/job-orders/{}/breakdown", order.id),
            &format!("/breakdowns/{}/plans", b.id),
            &[("mode", "split44"), ("date", "2026-12-01")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let plan_path = res.location().unwrap().to_owned();
    let page = c.get(&plan_path).await;
    assert!(page.body.contains("<svg") && page.body.contains("週の時間割"));
    assert!(page.body.contains("最低賃金") && page.body.contains("雇用保険"));
    assert!(
        page.body.contains("すべての作業を割り当てました"),
        "every task is placed in 4 + 4"
    );
    let plan_id: i32 = plan_path
        .trim_start_matches("/carving-plans/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (m, v) = carving::plan(&app.db, office.id, plan_id).await.unwrap();
    let positions = &v.positions;
    assert_eq!(positions.len(), 2);
    for p in positions {
        assert_eq!(
            &p.daily[..5],
            &[240, 240, 240, 240, 240],
            "four hours each weekday"
        );
        for s in p.shifts.iter().flatten() {
            assert_eq!(
                (s.end - s.start, s.break_minutes),
                (240, 0),
                "contiguous 4 hours"
            );
        }
    }
    assert!(
        page.body.contains("令和8年12月1日"),
        "the check date in 和暦"
    );
    assert_eq!(m.hourly_yen, 1300, "the source order's wage");
    // The proposal PDF.
    let pdf = c
        .get(&format!("/carving-plans/{plan_id}/proposal.pdf"))
        .await;
    let check = tsunagu::pdf::testing::check_pdf(&pdf.body_bytes);
    assert!(check.fonts_embedded_and_subset);
    assert!(check.text.contains("業務切り出し提案書") && check.text.contains("トイレ清掃"));
    assert!(
        check.text.contains("時刻") && check.text.contains("9:00"),
        "the weekly timeline grid is printed: {}",
        check.text
    );
    // Job orders from both positions: drafts linked to the source order, conditions copied.
    let ids: Vec<String> = positions.iter().map(|p| p.profile_id.to_string()).collect();
    let mut form: Vec<(&str, &str)> = ids.iter().map(|i| ("positions", i.as_str())).collect();
    form.push(("pay_cycle", "weekly"));
    form.push(("age_unrestricted", "1"));
    let res = c
        .submit(
            &plan_path,
            &format!("/carving-plans/{plan_id}/job-orders"),
            &form,
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let children: Vec<entity::job_order::Model> =
        job_orders::list(&app.db, office.id, &Default::default(), today())
            .await
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.order)
            .filter(|o| o.parent_id == Some(order.id))
            .collect();
    assert_eq!(children.len(), 2);
    // A list row carries the list columns only; the order itself carries the draft.
    let child = &job_orders::get(&app.db, office.id, children[0].id)
        .await
        .unwrap();
    assert_eq!((child.state.code(), child.weekly_minutes), ("draft", 1200));
    let form = job_orders::draft_form(&app.db, child).await.unwrap();
    let hhmm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
    let p = positions
        .iter()
        .find(|p| hhmm(p.shifts[0].unwrap().start) == form.shifts[0].start)
        .expect("the child's shift is one position's shift");
    let s = p.shifts[0].unwrap();
    assert!(
        child
            .occupation_title
            .contains(&format!("{}:{:02}", s.start / 60, s.start % 60)),
        "title written for the position: {}",
        child.occupation_title
    );
    // The order copies the position exactly: shift, break, hours, wage, insurance.
    assert_eq!(form.base_wage_min, "1300");
    assert_eq!(
        (
            form.shifts[0].start.as_str(),
            form.shifts[0].end.as_str(),
            form.shifts[0].break_minutes.as_str()
        ),
        (hhmm(s.start).as_str(), hhmm(s.end).as_str(), "0")
    );
    assert_eq!(form.weekly_hours, "20");
    assert_eq!(form.insurance_employment, "1", "20 h/week: 雇用保険");
    assert_eq!(
        form.insurance_health, "1",
        "60 insured, 20 h, 112,666円/month: 短時間労働者として加入"
    );
    assert!(form.job_description.contains("清掃"));
    for text in [&form.occupation_title, &form.pr, &form.employment_form_name] {
        assert!(
            !text.contains("フルタイム") && !text.contains("正社員"),
            "{text}"
        );
    }
    let employer = tsunagu::services::employers::get(&app.db, office.id, child.employer_id)
        .await
        .unwrap();
    let (review, read) = job_orders::review(&app.db, &employer, &form, today())
        .await
        .unwrap();
    assert!(
        read.is_empty() && !review.has_errors(),
        "{:?}",
        review.issues
    );
    assert_eq!(form.pay_cycle, "weekly", "週払い to fit the seekers");
    assert!(form.age_exception.is_empty());
    // Accepted through normal acceptance, they count in the annual report.
    for c in &children {
        job_orders::accept(
            &app.db,
            &Actor::staff(&staff),
            office.id,
            c.id,
            today(),
            true,
        )
        .await
        .unwrap();
    }
    let r = reports::annual(
        &reports::load(&app.db, office.id).await.unwrap(),
        tsunagu::domain::fiscal_year::fiscal_year_of(today()),
        today(),
    );
    assert_eq!(r.redesign_orders, 2);
}

fn seeker(name: &str, phone: &str, avail: &str, max_weekly: &str) -> JobSeekerInput {
    JobSeekerInput {
        consent: Some("1".into()),
        consent_method: "written".into(),
        name: name.into(),
        name_kana: "テスト".into(),
        birth_date: "1970-01-01".into(),
        prefecture_code: "27".into(),
        municipality: "豊中市".into(),
        phone: phone.into(),
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

async fn fit_to_two_real_seekers(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let order = full_time_order(&app, office.id, &staff).await;
    let a = Actor::staff(&staff);
    // Both recorded a disability with explicit consent; only the afternoon person agreed that
    // the employer be told (the proposal's 障害者雇用率 count).
    let mut m_input = seeker("午前 さん", "090-1111-0001", "9:00-13:00", "20");
    m_input.sensitive_consent = Some("1".into());
    m_input.disability_type = "physical".into();
    m_input.disability_grade = "1級".into();
    let morning = job_seekers::register(&app.db, &a, office.id, &m_input, today())
        .await
        .unwrap();
    let mut a_input = seeker("午後 さん", "090-1111-0002", "13:00-17:00", "20");
    a_input.sensitive_consent = Some("1".into());
    a_input.disability_type = "mental".into();
    a_input.disability_grade = "2級".into();
    let afternoon = job_seekers::register(&app.db, &a, office.id, &a_input, today())
        .await
        .unwrap();
    let b = carving::for_order(&app.db, &a, office.id, order.id)
        .await
        .unwrap();
    let mut c = app.signed_in(&staff.email).await;
    let mut fields: Vec<(&str, &str)> = vec![
        ("name", "清掃"),
        ("hours", "9:00-18:00"),
        ("days", "0"),
        ("days", "1"),
        ("days", "2"),
        ("days", "3"),
        ("days", "4"),
        ("op", "save"),
    ];
    fields.extend(cleaning_tasks());
    c.submit(
        &format!("/job-orders/{}/breakdown", order.id),
        &format!("/breakdowns/{}", b.id),
        &fields,
    )
    .await;
    let (m_id, a_id) = (morning.id.to_string(), afternoon.id.to_string());
    let avoid = format!("{}:lifting_10kg", afternoon.id);
    let res = c
        .submit(
            &format!("/job-orders/{}/breakdown", order.id),
            &format!("/breakdowns/{}/plans", b.id),
            &[
                ("mode", "seekers"),
                ("seeker_ids", &m_id),
                ("seeker_ids", &a_id),
                ("avoid", &avoid),
                ("disclose", &a_id),
                ("date", "2026-12-01"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = c.get(res.location().unwrap()).await;
    assert!(page.body.contains("対象者A") && page.body.contains("対象者B"));
    // The heavy ごみ回収 (afternoon only, ≥10 kg) cannot go to the afternoon person: it is listed with its reason.
    assert!(page.body.contains("ごみ回収"), "{}", page.body);
    let plan_id: i32 = res
        .location()
        .unwrap()
        .trim_start_matches("/carving-plans/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, v) = carving::plan(&app.db, office.id, plan_id).await.unwrap();
    for p in &v.positions {
        assert!(
            p.weekly_minutes <= 20 * 60,
            "within each person's weekly maximum"
        );
        for o in &p.occurrences {
            if p.profile_id == morning.id {
                assert!(o.start >= 540 && o.end <= 780, "morning window");
            } else {
                assert!(o.start >= 780 && o.end <= 1020, "afternoon window");
            }
        }
    }
    assert!(v.unplaced.iter().any(|u| !u.text.is_empty()));
    // 障害者雇用率: 重度身体 at 20 h = 1, 精神 at 15 h = 0.5 (since 2024-04), total 1.5 on the page.
    use tsunagu::domain::carving::{DisabilityKind, halves_text, quota_count_halves};
    let on = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let week = |id: i32| {
        u32::from(
            v.positions
                .iter()
                .find(|p| p.profile_id == id)
                .unwrap()
                .weekly_minutes,
        )
    };
    let (mw, aw) = (week(morning.id), week(afternoon.id));
    assert!(
        (600..1800).contains(&mw) && (600..1800).contains(&aw),
        "{mw} {aw}"
    );
    let m_count = quota_count_halves(DisabilityKind::PhysicalSevere, mw, on);
    let a_count = quota_count_halves(DisabilityKind::Mental, aw, on);
    assert!(
        m_count > 0 && a_count > 0,
        "重度身体 and 精神 count from 10 h a week"
    );
    let hours = |m: u32| tsunagu::present::job_order_sheet::hours(m);
    for (kind, w, c) in [("重度身体障害者", mw, m_count), ("精神障害者", aw, a_count)] {
        let line = format!("{kind}・週{}で{}", hours(w), halves_text(c));
        assert!(page.body.contains(&line), "{line}: {}", page.body);
    }
    assert!(
        page.body
            .contains(&format!("合計 {}", halves_text(m_count + a_count)))
    );
    // The 4-hour people are not told about the 6-hour break rule.
    assert!(page.body.contains("休憩の付与義務はありません"));
    assert!(
        !page.body.contains("6時間超45分"),
        "no break rule that does not apply"
    );
    // Anonymised profiles go into the proposal only when staff say consent was given.
    let without = c
        .get(&format!("/carving-plans/{plan_id}/proposal.pdf"))
        .await;
    assert!(
        !tsunagu::pdf::testing::check_pdf(&without.body_bytes)
            .text
            .contains("対象者A：")
    );
    let with = c
        .get(&format!("/carving-plans/{plan_id}/proposal.pdf?profiles=1"))
        .await;
    let text = tsunagu::pdf::testing::check_pdf(&with.body_bytes).text;
    assert!(
        text.contains("対象者A：") && !text.contains("午前 さん"),
        "anonymised"
    );
    // The proposal carries the count only where the person agreed that the employer be told.
    assert!(
        text.contains("障害者雇用率の算定") && text.contains("精神障害者"),
        "{text}"
    );
    assert!(
        !text.contains("重度身体障害者"),
        "no consent to tell the employer"
    );
    assert!(
        !text.contains(&format!("合計 {}", halves_text(m_count + a_count))),
        "the page's total, which includes the undisclosed count, is not printed"
    );
    assert!(
        text.contains(&format!("合計 {}", halves_text(a_count))),
        "{text}"
    );
    // A wage below the minimum wage is refused.
    let res = c
        .submit(
            &format!("/job-orders/{}/breakdown", order.id),
            &format!("/breakdowns/{}/plans", b.id),
            &[("mode", "split44"), ("hourly_yen", "500")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("最低賃金"));
    // A breakdown can also belong to an employer's department, without a source order.
    let e = c
        .get(&format!("/employers/{}/breakdown", order.employer_id))
        .await;
    assert_eq!(e.status, StatusCode::OK);
    assert!(e.body.contains("株式会社つなぐ清掃 の作業分解書"));
}

async fn carving_api(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let order = full_time_order(&app, office.id, &staff).await;
    let (_, token) =
        tsunagu::services::api_tokens::create(&app.db, &Actor::staff(&staff), &staff, "t")
            .await
            .unwrap();
    let (app_ref, token_ref) = (&app, token.as_str());
    let call = move |method: &'static str, path: String, body: serde_json::Value| {
        common::api_json(app_ref, token_ref, method, path, body)
    };
    let (status, b) = call(
        "GET",
        format!("/api/v1/job-orders/{}/breakdown", order.id),
        serde_json::Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        b["tasks"].as_array().unwrap().len(),
        1,
        "the order's duties"
    );
    assert_eq!(
        (b["open_minutes"].as_i64(), b["close_minutes"].as_i64()),
        (Some(540), Some(1080)),
        "the order's hours"
    );
    let tasks = serde_json::json!([
        {"name": "トイレ清掃", "frequency": "daily", "minutes": "240"},
        {"name": "会議室の清掃", "frequency": "daily", "minutes": "120"},
        {"name": "備品の補充", "frequency": "daily", "minutes": "120"}
    ]);
    let (status, b) = call("PUT", format!("/api/v1/job-orders/{}/breakdown", order.id), serde_json::json!({"name": "API", "days": ["0","1","2","3","4"], "hours": "9:00-18:00", "tasks": tasks})).await;
    assert_eq!(status, StatusCode::OK, "{b}");
    let (status, bad) = call("PUT", format!("/api/v1/job-orders/{}/breakdown", order.id), serde_json::json!({"days": ["0"], "hours": "9:00-18:00", "tasks": [{"name": "x", "minutes": "0"}]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["errors"][0]["field"], "task0_minutes");
    let (status, plan) = call(
        "POST",
        format!("/api/v1/job-orders/{}/carving-plans", order.id),
        serde_json::json!({"mode": "split62"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    let positions = plan["plan"]["positions"].as_array().unwrap();
    assert_eq!(positions.len(), 2);
    let (status, created) = call(
        "POST",
        format!("/api/v1/carving-plans/{}/job-orders", plan["id"]),
        serde_json::json!({"positions": [positions[0]["profile_id"]]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["job_order_ids"].as_array().unwrap().len(), 1);
    let (_, doc) = call("GET", "/api/openapi.json".into(), serde_json::Value::Null).await;
    for p in [
        "/api/v1/job-orders/{id}/breakdown",
        "/api/v1/job-orders/{id}/carving-plans",
        "/api/v1/carving-plans/{id}/job-orders",
    ] {
        assert!(doc["paths"][p].is_object(), "{p}");
    }
}

/// Issue 12 item 16: an employer whose 厚生年金 insured count was not entered.
async fn unknown_insured_count_is_asked_not_assumed(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let order = order_of_employer_with(&app, office.id, &staff, "").await;
    let a = Actor::staff(&staff);
    let b = carving::for_order(&app.db, &a, office.id, order.id)
        .await
        .unwrap();
    let mut c = app.signed_in(&staff.email).await;
    let mut fields: Vec<(&str, &str)> = vec![
        ("name", "清掃"),
        ("hours", "9:00-18:00"),
        ("days", "0"),
        ("days", "1"),
        ("days", "2"),
        ("days", "3"),
        ("days", "4"),
        ("op", "save"),
    ];
    fields.extend(cleaning_tasks());
    let breakdown = format!("/job-orders/{}/breakdown", order.id);
    c.submit(&breakdown, &format!("/breakdowns/{}", b.id), &fields)
        .await;
    let res = c
        .submit(
            &breakdown,
            &format!("/breakdowns/{}/plans", b.id),
            &[("mode", "split44"), ("date", "2026-12-01")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = c.get(res.location().unwrap()).await;
    assert!(
        page.body.contains("被保険者数が未入力のため判定できません"),
        "{}",
        page.body
    );
    assert!(page.body.contains("求人者に、厚生年金保険の被保険者数"));
    assert!(!page.body.contains("現在0人"));
    // The order does not claim 健康保険・厚生年金, and says what to confirm.
    let plan_id: i32 = res
        .location()
        .unwrap()
        .trim_start_matches("/carving-plans/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, plan) = carving::plan(&app.db, office.id, plan_id).await.unwrap();
    let created = carving::create_orders(
        &app.db,
        &a,
        office.id,
        plan_id,
        &[plan.positions[0].profile_id],
        &Default::default(),
        today(),
    )
    .await
    .unwrap();
    let form = job_orders::draft_form(&app.db, &created[0]).await.unwrap();
    assert_eq!(
        (
            form.insurance_health.as_str(),
            form.insurance_pension.as_str()
        ),
        ("", "")
    );
    assert!(form.notes.contains("被保険者数"), "{}", form.notes);
    // A breakdown over the size limit answers with a message next to the field, nothing solved.
    let many: Vec<(String, String)> = (0..=tsunagu::domain::carving::MAX_TASKS)
        .flat_map(|i| {
            [
                (format!("task{i}_name"), format!("作業{i}")),
                (format!("task{i}_minutes"), "15".to_owned()),
                (format!("task{i}_frequency"), "daily".to_owned()),
            ]
        })
        .collect();
    let mut fields: Vec<(&str, &str)> = vec![
        ("name", "大きな分解書"),
        ("hours", "9:00-18:00"),
        ("days", "0"),
        ("op", "save"),
    ];
    fields.extend(many.iter().map(|(a, b)| (a.as_str(), b.as_str())));
    let res = c
        .submit(&breakdown, &format!("/breakdowns/{}", b.id), &fields)
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("300件まで"), "{}", res.body);
    let res = c
        .submit(
            &breakdown,
            &format!("/breakdowns/{}/plans", b.id),
            &[("mode", "split44")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("300件まで"));
    // A control character in the check date is refused before anything is stored.
    let before = carving::plans_of(&app.db, office.id, b.id)
        .await
        .unwrap()
        .len();
    let res = c
        .submit(
            &breakdown,
            &format!("/breakdowns/{}/plans", b.id),
            &[("mode", "split44"), ("date", "2026-12-01\u{7}")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        carving::plans_of(&app.db, office.id, b.id)
            .await
            .unwrap()
            .len(),
        before
    );
}

/// Issue 10 item 7: two large carves run while other requests keep being answered.
async fn big_carves_do_not_stall_other_requests(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let order = full_time_order(&app, office.id, &staff).await;
    let (_, token) =
        tsunagu::services::api_tokens::create(&app.db, &Actor::staff(&staff), &staff, "t")
            .await
            .unwrap();
    // 300 tasks (the limit) with windows and mixed frequencies.
    let tasks: Vec<serde_json::Value> = (0..tsunagu::domain::carving::MAX_TASKS)
        .map(|i| {
            let minutes = [15, 20, 30, 45, 60, 90][i % 6];
            let start = 9 * 60 + (i * 37) % (8 * 60);
            let window = if i % 3 == 0 {
                let end = (start + minutes + 60).min(18 * 60);
                format!(
                    "{}:{:02}-{}:{:02}",
                    start / 60,
                    start % 60,
                    end / 60,
                    end % 60
                )
            } else {
                String::new()
            };
            serde_json::json!({
                "name": format!("作業{i}"),
                "frequency": if i % 4 == 0 { "per_week" } else { "daily" },
                "times": "2",
                "minutes": minutes.to_string(),
                "window": window,
            })
        })
        .collect();
    let (status, b) = common::api_json(
        &app,
        &token,
        "PUT",
        format!("/api/v1/job-orders/{}/breakdown", order.id),
        serde_json::json!({"name": "大", "days": ["0","1","2","3","4"], "hours": "9:00-18:00", "tasks": tasks}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{b}");
    // A request as its own task (so it needs one of the runtime's worker threads): its status
    // and how long it took from the start of the test.
    let t0 = std::time::Instant::now();
    let call = |method: &'static str, path: String, body: serde_json::Value| {
        let router = tsunagu::app(app.state.clone());
        let token = token.clone();
        tokio::spawn(async move {
            use tower::ServiceExt;
            let req = axum::http::Request::builder()
                .method(method)
                .uri(path)
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body.to_string()))
                .unwrap();
            let status = router.oneshot(req).await.unwrap().status();
            (status, t0.elapsed())
        })
    };
    let carve = || {
        call(
            "POST",
            format!("/api/v1/job-orders/{}/carving-plans", order.id),
            serde_json::json!({"mode": "max", "positions": "20", "max_hours": "4"}),
        )
    };
    // As many carves as the runtime has worker threads.
    let carves: Vec<_> = (0..2).map(|_| carve()).collect();
    // Let the carves reach the solver (a blocking sleep of the test's own thread, which is not
    // one of the runtime's worker threads).
    std::thread::sleep(std::time::Duration::from_millis(300));
    let (status, health_at) = call("GET", "/healthz".into(), serde_json::Value::Null)
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    let mut first_carve = std::time::Duration::MAX;
    for c in carves {
        let (status, at) = c.await.unwrap();
        assert_eq!(status, StatusCode::CREATED);
        first_carve = first_carve.min(at);
    }
    // The health check is answered while the carves run, not queued behind them: it comes back
    // well before even the first carve does (each carve uses its solver budget here).
    assert!(
        health_at * 2 < first_carve,
        "/healthz answered at {health_at:?}, the first carve at {first_carve:?}"
    );
}

/// Issue 12 item 14: every position of every preset plan over the task catalogue becomes an
/// order that the job-order rules accept with no errors.
#[test]
fn every_preset_position_over_the_catalogue_becomes_an_acceptable_order() {
    use tsunagu::domain::carving::{self as dc, BusinessHours, LegalInput, Preset, legal_checks};
    use tsunagu::domain::job_order_rules::{CheckContext, Level, check};
    let base = JobOrderForm::from_pairs(&full_time_pairs());
    let catalogue = carving::catalogue();
    let hours = BusinessHours {
        days: 0b0011111,
        open: 9 * 60,
        close: 18 * 60,
    };
    // Each template alone, the first and second half, and the whole catalogue.
    let mut breakdowns: Vec<Vec<carving::TaskRow>> =
        catalogue.iter().map(|r| vec![r.clone()]).collect();
    breakdowns.push(catalogue[..12].to_vec());
    breakdowns.push(catalogue[12..].to_vec());
    breakdowns.push(catalogue.clone());
    let mut presets = vec![Preset::Split(vec![240, 240]), Preset::Split(vec![360, 120])];
    for n in [1u8, 2, 4] {
        for h in [120u16, 180, 240, 300, 360, 420, 480] {
            presets.push(Preset::MaxHours {
                positions: n,
                max_daily_minutes: h,
            });
        }
    }
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let ctx = CheckContext {
        minimum_wage_yen: Some(1177),
        minimum_wage_prefecture_name: "大阪府".into(),
        ..Default::default()
    };
    let mut orders = 0;
    for rows in &breakdowns {
        let (tasks, e) = carving::to_tasks(rows);
        assert!(e.is_empty());
        for preset in &presets {
            let plan = dc::plan_for_preset(&tasks, &hours, preset);
            for p in &plan.positions {
                for insured in [Some(60), Some(10), None] {
                    let checks =
                        legal_checks(&LegalInput::for_position(date, 1300, 1177, p, 365, insured));
                    let form =
                        carving::order_form(&base, p, &tasks, 1300, &checks, &Default::default());
                    let (terms, read) = form.to_terms();
                    assert!(read.is_empty(), "{preset:?} {}: {read:?}", p.label);
                    let errors: Vec<_> = check(&terms, &ctx)
                        .into_iter()
                        .filter(|i| i.level == Level::Error)
                        .collect();
                    assert!(
                        errors.is_empty(),
                        "{preset:?} {} {:?}: {errors:?}",
                        p.label,
                        p.shifts
                    );
                    // The order says what the plan says.
                    assert_eq!(terms.weekly_minutes, u32::from(p.weekly_minutes));
                    assert_eq!(
                        tsunagu::domain::job_order_rules::weekly_minutes_from_shifts(&terms),
                        u32::from(p.weekly_minutes)
                    );
                    let health = dc::coverage(&checks, "health_pension");
                    assert_eq!(terms.insurance.health, health == Some(true));
                    assert_eq!(terms.insurance.pension, health == Some(true));
                    assert_eq!(
                        terms.insurance.employment,
                        dc::coverage(&checks, "employment_insurance") == Some(true)
                    );
                    for text in [&terms.occupation_title, &terms.pr] {
                        assert!(!text.contains("フルタイム") && !text.contains("正社員"));
                    }
                    assert!(!terms.full_time);
                    orders += 1;
                }
            }
        }
    }
    assert!(orders > 300, "{orders}");
}
