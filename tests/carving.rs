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
    carving_api
);

fn today() -> chrono::NaiveDate {
    tsunagu::present::format::today()
}

async fn full_time_order(
    app: &TestApp,
    office_id: i32,
    staff: &entity::staff_user::Model,
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
            pension_insured_count: "60".into(),
            ..Default::default()
        },
        "active",
    )
    .await
    .unwrap();
    let v: Vec<(&str, &str)> = vec![
        ("occupation_title", "清掃スタッフ"),
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
    let form = JobOrderForm::from_pairs(
        &v.into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect::<Vec<_>>(),
    );
    let a = Actor::staff(staff);
    let o = job_orders::create_draft(&app.db, &a, office_id, e.id, &form, "staff")
        .await
        .unwrap();
    job_orders::accept(&app.db, &a, office_id, o.id, today(), true)
        .await
        .unwrap()
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
    let page = c.get(&format!("/job-orders/{}/breakdown", order.id)).await;
    assert!(page.body.contains("40時間"), "the weekly total is shown");
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
    let positions = v["positions"].as_array().unwrap();
    assert_eq!(positions.len(), 2);
    for p in positions {
        let daily: Vec<u64> = p["daily"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_u64().unwrap())
            .collect();
        assert_eq!(
            &daily[..5],
            &[240, 240, 240, 240, 240],
            "four hours each weekday"
        );
    }
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
    let ids: Vec<String> = positions
        .iter()
        .map(|p| p["profile_id"].to_string())
        .collect();
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
    let child = &children[0];
    assert_eq!(
        (child.state.as_str(), child.weekly_minutes),
        ("draft", 1200)
    );
    let form = job_orders::draft_form(child);
    assert_eq!(
        (form.base_wage_min.as_str(), form.shifts[0].start.as_str()),
        ("1300", form.shifts[0].start.as_str())
    );
    assert!(form.job_description.contains("清掃"));
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
    let morning = job_seekers::register(
        &app.db,
        &a,
        office.id,
        &seeker("午前 さん", "090-1111-0001", "9:00-13:00", "20"),
        today(),
    )
    .await
    .unwrap();
    let afternoon = job_seekers::register(
        &app.db,
        &a,
        office.id,
        &seeker("午後 さん", "090-1111-0002", "13:00-17:00", "20"),
        today(),
    )
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
    for p in v["positions"].as_array().unwrap() {
        assert!(
            p["weekly_minutes"].as_u64().unwrap() <= 20 * 60,
            "within each person's weekly maximum"
        );
        for o in p["occurrences"].as_array().unwrap() {
            let (s, e) = (o["start"].as_u64().unwrap(), o["end"].as_u64().unwrap());
            if p["profile_id"] == morning.id {
                assert!(s >= 540 && e <= 780, "morning window");
            } else {
                assert!(s >= 780 && e <= 1020, "afternoon window");
            }
        }
    }
    assert!(
        v["unplaced"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| !u["text"].as_str().unwrap_or("").is_empty())
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
    assert_eq!(b["tasks"].as_array().unwrap().len(), 0);
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
