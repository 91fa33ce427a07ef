//! The employer side (public registration, e-mail confirmation, the portal and its isolation),
//! the public job list, mail, and the job-order API.
mod common;
use axum::http::StatusCode;
use common::{PASSWORD, TestApp};
use tsunagu::services::employers::{self, EmployerInput};
use tsunagu::services::job_order_form::JobOrderForm;
use tsunagu::services::{Actor, api_tokens, job_orders};

db_tests!(
    employer_registers_confirms_and_submits,
    portal_isolation_between_employers,
    portal_edit_of_open_order_waits_for_review,
    public_job_list_shows_only_published_open_orders,
    api_job_orders_follow_the_same_rules,
    known_employers_are_routed_to_the_office_and_invited,
    confirmation_can_be_resent_and_password_reset_by_mail,
    staff_deactivate_a_portal_account_and_merge_employers,
    employer_is_told_of_each_referral_and_led_to_it_in_the_portal,
);

fn order_pairs(title: &str, hours: &str, wage: &str) -> Vec<(String, String)> {
    let mut v: Vec<(&str, &str)> = vec![
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
        ("job_description", "共用部の清掃"),
        ("job_change_scope", "変更なし"),
        ("contract_kind", "indefinite"),
        ("wage_form", "hourly"),
        ("base_wage_min", wage),
        ("pay_closing_day", "月末"),
        ("pay_day", "翌月25日"),
        ("pay_cycle", "weekly"),
        ("shift1_start", "09:00"),
        ("shift1_end", "13:00"),
        ("shift1_break", "0"),
        ("shift1_weekdays", "0"),
        ("weekly_hours", hours),
        ("weekly_days", "2"),
        ("holidays", "シフト制"),
        ("insurance_workers_comp", "1"),
        ("selection_method", "面接"),
    ];
    v.retain(|(_, val)| !val.is_empty());
    v.into_iter()
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
}

fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

/// Register an employer through the public form, confirm by the mailed link, return a portal client.
async fn registered_employer(
    app: &TestApp,
    office_code: &str,
    name: &str,
    email: &str,
) -> common::Client {
    let mut c = app.client();
    let res = c
        .submit(
            &format!("/o/{office_code}/register"),
            &format!("/o/{office_code}/register"),
            &[
                ("name", name),
                ("prefecture_code", "27"),
                ("municipality", "豊中市"),
                ("address", "中桜塚1-1-1 2階"),
                ("contact_name", "採用 花子"),
                ("contact_phone", "06-1234-5678"),
                ("contact_email", email),
                ("agreed", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.body
            .contains("登録を受け付けました。確認のうえ担当者からご連絡します")
    );
    let mail = app
        .mail()
        .into_iter()
        .rev()
        .find(|m| m.to.contains(&email.to_owned()))
        .expect("confirmation mail");
    let link = mail
        .body
        .lines()
        .find(|l| l.contains("/portal/confirm?token="))
        .expect("link in mail")
        .trim()
        .to_owned();
    let path = &link[link.find("/portal/confirm").unwrap()..];
    let res = c
        .submit(
            path,
            "/portal/confirm",
            &[
                ("token", &path[path.find("token=").unwrap() + 6..]),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        res.location(),
        Some("/portal?notice=confirmed"),
        "{}",
        res.body
    );
    c
}

async fn employer_registers_confirms_and_submits(app: TestApp) {
    let (office, _, staff) = app.office_with_users("TOYONAKA").await;
    // Registration without the consent box keeps what was typed.
    let mut anon = app.client();
    let res = anon
        .submit(
            "/o/TOYONAKA/register",
            "/o/TOYONAKA/register",
            &[
                ("name", "株式会社つなぐ清掃"),
                ("contact_email", "hr@example.jp"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("チェックを入れてください")
            && res.body.contains("value=\"株式会社つなぐ清掃\"")
    );
    let mut c = registered_employer(&app, "TOYONAKA", "株式会社つなぐ清掃", "hr@example.jp").await;
    let home = c.get("/portal?notice=confirmed").await;
    assert!(
        home.body.contains("紹介所で確認中"),
        "the employer is pending"
    );
    // The confirmation link works once.
    // Submit an incomplete order: every problem at once, nothing lost.
    let mut bad = order_pairs("ウェイトレス", "8", "1500");
    bad.retain(|(k, _)| k != "job_change_scope");
    bad.push(("action".into(), "submit".into()));
    let res = c
        .submit(
            "/portal/job-orders/new",
            "/portal/job-orders",
            &as_refs(&bad),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("ホールスタッフ") && res.body.contains("value=\"ウェイトレス\""));
    assert!(
        res.body
            .contains("まだ送信していません。入力内容は下書きとして保存しました")
    );
    // A complete one is sent; staff and the employer get mail.
    let mut good = order_pairs("清掃スタッフ", "8", "1500");
    good.push(("action".into(), "submit".into()));
    let before = app.mail().len();
    let res = c
        .submit(
            "/portal/job-orders/new",
            "/portal/job-orders",
            &as_refs(&good),
        )
        .await;
    assert_eq!(
        res.location(),
        Some("/portal?notice=submitted"),
        "{}",
        res.body
    );
    let mail = app.mail()[before..].to_vec();
    assert!(
        mail.iter()
            .any(|m| m.to.contains(&"hr@example.jp".to_owned())),
        "employer told"
    );
    assert!(
        mail.iter().any(|m| m.to.contains(&staff.email)),
        "staff told"
    );
    let orders = job_orders::list(
        &app.db,
        office.id,
        &job_orders::JobOrderFilter {
            state: "submitted".into(),
            ..Default::default()
        },
        tsunagu::present::format::today(),
    )
    .await
    .unwrap();
    assert_eq!(orders.total, 1);
    let id = orders.rows[0].order.id;
    assert_eq!(orders.rows[0].order.source, "portal");
    // Staff cannot accept before confirming the employer; then they can, and the employer is told the number.
    let employer_id = orders.rows[0].order.employer_id;
    let err = job_orders::accept(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        id,
        tsunagu::present::format::today(),
        true,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, tsunagu::services::ServiceError::Invalid(ref f) if f.has("employer")));
    let mut s = app.signed_in(&staff.email).await;
    s.submit(
        &format!("/employers/{employer_id}"),
        &format!("/employers/{employer_id}/confirm"),
        &[],
    )
    .await;
    let res = s
        .submit(
            &format!("/job-orders/{id}/edit"),
            &format!("/job-orders/{id}/edit"),
            &[
                as_refs(&order_pairs("清掃スタッフ", "8", "1500")),
                vec![("action", "accept")],
            ]
            .concat(),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let accepted = app
        .mail()
        .into_iter()
        .rev()
        .find(|m| m.to.contains(&"hr@example.jp".to_owned()))
        .unwrap();
    let number = job_orders::get(&app.db, office.id, id)
        .await
        .unwrap()
        .number
        .unwrap();
    assert!(accepted.body.contains(&number), "{}", accepted.body);
    let page = c.get(&format!("/portal/job-orders/{id}")).await;
    assert!(page.body.contains(&number) && page.body.contains("受付中"));
    // Stop recruitment from the portal.
    let res = c
        .submit(
            &format!("/portal/job-orders/{id}"),
            &format!("/portal/job-orders/{id}/stop"),
            &[],
        )
        .await;
    assert_eq!(res.location(), Some("/portal?notice=stopped"));
    assert_eq!(
        job_orders::get(&app.db, office.id, id).await.unwrap().state,
        entity::JobOrderState::Stopped
    );
}

async fn portal_isolation_between_employers(app: TestApp) {
    let (office, _, staff) = app.office_with_users("TOYONAKA").await;
    let mut a = registered_employer(&app, "TOYONAKA", "株式会社エー", "a@example.jp").await;
    let mut b = registered_employer(&app, "TOYONAKA", "株式会社ビー", "b@example.jp").await;
    let mut fields = order_pairs("エーの清掃", "8", "1500");
    fields.push(("action".into(), "save".into()));
    a.submit(
        "/portal/job-orders/new",
        "/portal/job-orders",
        &as_refs(&fields),
    )
    .await;
    let order = job_orders::list(
        &app.db,
        office.id,
        &Default::default(),
        tsunagu::present::format::today(),
    )
    .await
    .unwrap()
    .rows
    .remove(0)
    .order;
    let id = order.id;
    // B sees nothing of A's order on any portal route.
    assert!(!b.get("/portal").await.body.contains("エーの清掃"));
    for path in [
        format!("/portal/job-orders/{id}"),
        format!("/portal/job-orders/{id}/edit"),
    ] {
        assert_eq!(b.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let token = b.get("/portal").await.csrf();
    for path in [
        format!("/portal/job-orders/{id}/edit"),
        format!("/portal/job-orders/{id}/copy"),
        format!("/portal/job-orders/{id}/stop"),
    ] {
        let res = b
            .post_form(
                &path,
                &[
                    ("_csrf", &token),
                    ("occupation_title", "乗っ取り"),
                    ("action", "submit"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
    }
    let still = job_orders::get(&app.db, office.id, id).await.unwrap();
    assert_eq!(
        (still.state.code(), still.occupation_title.as_str()),
        ("draft", "エーの清掃")
    );
    assert_eq!(
        job_orders::list(
            &app.db,
            office.id,
            &Default::default(),
            tsunagu::present::format::today()
        )
        .await
        .unwrap()
        .total,
        1,
        "no copy was made"
    );
    // A portal session is not a staff session and the reverse.
    assert_eq!(a.get("/job-orders").await.status, StatusCode::SEE_OTHER);
    let mut s = app.signed_in(&staff.email).await;
    assert_eq!(
        s.get("/portal").await.location(),
        Some("/portal/login?next=/portal")
    );
    // A can copy its own order.
    let token = a.get("/portal").await.csrf();
    let res = a
        .post_form(
            &format!("/portal/job-orders/{id}/copy"),
            &[("_csrf", &token)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        job_orders::list(
            &app.db,
            office.id,
            &Default::default(),
            tsunagu::present::format::today()
        )
        .await
        .unwrap()
        .total,
        2
    );
}

async fn portal_edit_of_open_order_waits_for_review(app: TestApp) {
    let (office, _, staff) = app.office_with_users("TOYONAKA").await;
    let mut c = registered_employer(&app, "TOYONAKA", "株式会社つなぐ清掃", "hr@example.jp").await;
    let mut fields = order_pairs("清掃スタッフ", "8", "1500");
    fields.push(("action".into(), "submit".into()));
    c.submit(
        "/portal/job-orders/new",
        "/portal/job-orders",
        &as_refs(&fields),
    )
    .await;
    let o = job_orders::list(
        &app.db,
        office.id,
        &Default::default(),
        tsunagu::present::format::today(),
    )
    .await
    .unwrap()
    .rows
    .remove(0)
    .order;
    employers::confirm(&app.db, &Actor::staff(&staff), office.id, o.employer_id)
        .await
        .unwrap();
    job_orders::accept(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        o.id,
        tsunagu::present::format::today(),
        true,
    )
    .await
    .unwrap();
    let mut changed = order_pairs("清掃スタッフ", "8", "1600");
    changed.push(("action".into(), "submit".into()));
    let res = c
        .submit(
            &format!("/portal/job-orders/{}/edit", o.id),
            &format!("/portal/job-orders/{}/edit", o.id),
            &as_refs(&changed),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let now = job_orders::get(&app.db, office.id, o.id).await.unwrap();
    assert!(now.change_pending && now.state == entity::JobOrderState::Open);
    let (_, in_force) = job_orders::accepted_terms(&app.db, office.id, o.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        in_force.base_wage_min, 1500,
        "the accepted version stays in force"
    );
    let page = c.get(&format!("/portal/job-orders/{}", o.id)).await;
    assert!(page.body.contains("変更を審査中"));
    // Staff see it among orders waiting for review.
    let mut s = app.signed_in(&staff.email).await;
    assert!(
        s.get("/job-orders?state=pending")
            .await
            .body
            .contains("変更審査待ち")
    );
}

async fn public_job_list_shows_only_published_open_orders(app: TestApp) {
    let (office, _, staff) = app.office_with_users("TOYONAKA").await;
    let e = employers::create(
        &app.db,
        &Actor::system(),
        office.id,
        &EmployerInput {
            name: "株式会社つなぐ清掃".into(),
            prefecture_code: "27".into(),
            municipality: "豊中市".into(),
            address: "中桜塚1-1-1".into(),
            contact_name: "採用 花子".into(),
            contact_phone: "06-1234-5678".into(),
            ..Default::default()
        },
        entity::EmployerStatus::Active,
    )
    .await
    .unwrap();
    let actor = Actor::staff(&staff);
    let mk = |title: &'static str, hours: &'static str, publish: bool| {
        let mut p = order_pairs(title, hours, "1500");
        if !publish {
            p.retain(|(k, _)| k != "publishable");
        }
        JobOrderForm::from_pairs(&p)
    };
    let today = tsunagu::present::format::today();
    for (title, hours, publish, accept) in [
        ("短時間清掃", "8", true, true),
        ("長時間清掃", "30", true, true),
        ("非公開清掃", "8", false, true),
        ("未受理清掃", "8", true, false),
    ] {
        let o = job_orders::create_draft(
            &app.db,
            &actor,
            office.id,
            e.id,
            &mk(title, hours, publish),
            "staff",
        )
        .await
        .unwrap();
        if accept {
            job_orders::accept(&app.db, &actor, office.id, o.id, today, true)
                .await
                .unwrap();
        }
    }
    let mut c = app.client();
    let list = c.get("/o/TOYONAKA/jobs").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("短時間清掃") && list.body.contains("長時間清掃"));
    assert!(!list.body.contains("非公開清掃") && !list.body.contains("未受理清掃"));
    assert!(!list.body.contains("採用 花子"), "no personal data");
    let short = c.get("/o/TOYONAKA/jobs?short_only=1").await;
    assert!(short.body.contains("短時間清掃") && !short.body.contains("長時間清掃"));
    let kw = c
        .get("/o/TOYONAKA/jobs?q=%E9%95%B7%E6%99%82%E9%96%93")
        .await;
    assert!(kw.body.contains("長時間清掃") && !kw.body.contains("短時間清掃"));
    // The detail page has every 明示 item and the office as the contact; no personal data.
    let id = job_orders::list(
        &app.db,
        office.id,
        &job_orders::JobOrderFilter {
            q: "短時間清掃".into(),
            ..Default::default()
        },
        today,
    )
    .await
    .unwrap()
    .rows[0]
        .order
        .id;
    let page = c.get(&format!("/o/TOYONAKA/jobs/{id}")).await;
    for item in [
        "業務の変更の範囲",
        "就業場所の変更の範囲",
        "受動喫煙防止措置",
        "契約期間",
        "試用期間",
        "週払い",
        "加入保険",
        "情報の時点",
    ] {
        assert!(page.body.contains(item), "{item}");
    }
    assert!(!page.body.contains("採用 花子") && !page.body.contains("06-1234-5678"));
    // Unpublished orders and unknown offices are not found.
    let hidden = job_orders::list(
        &app.db,
        office.id,
        &job_orders::JobOrderFilter {
            q: "非公開清掃".into(),
            ..Default::default()
        },
        today,
    )
    .await
    .unwrap()
    .rows[0]
        .order
        .id;
    assert_eq!(
        c.get(&format!("/o/TOYONAKA/jobs/{hidden}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(c.get("/o/NOWHERE/jobs").await.status, StatusCode::NOT_FOUND);
}

async fn api_job_orders_follow_the_same_rules(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let (_, token) = api_tokens::create(&app.db, &Actor::staff(&staff), &staff, "t")
        .await
        .unwrap();
    let (app_ref, token_ref) = (&app, token.as_str());
    let call = move |method: &'static str, path: &str, body: serde_json::Value| {
        common::api_json(app_ref, token_ref, method, path.to_owned(), body)
    };
    let (status, body) = call(
        "POST",
        "/api/v1/employers",
        serde_json::json!({"name": "", "contact_phone": "1"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "name" && e["message"].as_str().unwrap().contains("名称"))
    );
    let (status, employer) = call("POST", "/api/v1/employers", serde_json::json!({
        "name": "株式会社つなぐ清掃", "prefecture_code": "27", "municipality": "豊中市", "address": "中桜塚1-1-1",
        "contact_name": "採用 花子", "contact_phone": "06-1234-5678"
    })).await;
    assert_eq!(status, StatusCode::CREATED);
    let terms = JobOrderForm::from_pairs(&order_pairs("清掃スタッフ", "8", "900"))
        .to_terms()
        .0;
    let (status, order) = call(
        "POST",
        "/api/v1/job-orders",
        serde_json::json!({"employer_id": employer["id"], "terms": terms}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    assert_eq!(order["state"], "draft");
    let id = order["id"].as_i64().unwrap();
    let (status, body) = call(
        "POST",
        &format!("/api/v1/job-orders/{id}/accept"),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = body["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["code"] == "minimum_wage" && e["field"] == "base_wage_min"),
        "{body}"
    );
    let (status, body) = call(
        "POST",
        &format!("/api/v1/job-orders/{id}/reject"),
        serde_json::json!({"ground": "2", "reason": "最低賃金を下回る"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["state"], "rejected");
    // Another office's records are not found.
    let (office_b, _, staff_b) = app.office_with_users("B").await;
    let eb = employers::create(
        &app.db,
        &Actor::system(),
        office_b.id,
        &EmployerInput {
            name: "B社".into(),
            prefecture_code: "27".into(),
            municipality: "豊中市".into(),
            address: "1-1".into(),
            contact_name: "b".into(),
            contact_phone: "06-1111-2222".into(),
            ..Default::default()
        },
        entity::EmployerStatus::Active,
    )
    .await
    .unwrap();
    let ob = job_orders::create_draft(
        &app.db,
        &Actor::staff(&staff_b),
        office_b.id,
        eb.id,
        &JobOrderForm::default(),
        "staff",
    )
    .await
    .unwrap();
    assert_eq!(
        call(
            "GET",
            &format!("/api/v1/job-orders/{}", ob.id),
            serde_json::Value::Null
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            "POST",
            &format!("/api/v1/job-orders/{}/accept", ob.id),
            serde_json::json!({})
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            "GET",
            &format!("/api/v1/employers/{}", eb.id),
            serde_json::Value::Null
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = call("GET", "/api/v1/job-orders", serde_json::Value::Null).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let _ = office;
}

/// The link of the first line in the newest mail to `to` that contains `needle`, as a path.
fn mailed_path(app: &TestApp, to: &str, needle: &str) -> String {
    let mail = app
        .mail()
        .into_iter()
        .rev()
        .find(|m| m.to.contains(&to.to_owned()) && m.body.contains(needle))
        .unwrap_or_else(|| panic!("no mail to {to} with {needle}"));
    let line = mail
        .body
        .lines()
        .find(|l| l.contains(needle))
        .unwrap()
        .trim()
        .to_owned();
    line[line.find(needle).unwrap()..].to_owned()
}

fn token_of(path: &str) -> &str {
    &path[path.find("token=").unwrap() + 6..]
}

fn counter_employer_input(name: &str, phone: &str, email: &str) -> EmployerInput {
    EmployerInput {
        name: name.into(),
        prefecture_code: "27".into(),
        municipality: "豊中市".into(),
        address: "1-1".into(),
        contact_name: "窓口 太郎".into(),
        contact_phone: phone.into(),
        contact_email: email.into(),
        ..Default::default()
    }
}

async fn public_register(app: &TestApp, name: &str, phone: &str, email: &str) -> common::Response {
    let mut c = app.client();
    c.submit(
        "/o/A/register",
        "/o/A/register",
        &[
            ("name", name),
            ("prefecture_code", "27"),
            ("municipality", "豊中市"),
            ("address", "中桜塚1-1-1"),
            ("contact_name", "採用 花子"),
            ("contact_phone", phone),
            ("contact_email", email),
            ("agreed", "1"),
        ],
    )
    .await
}

async fn employer_count(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    entity::employer::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

async fn known_employers_are_routed_to_the_office_and_invited(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    // The counter registered this employer, with an order.
    let counter = employers::create(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        &counter_employer_input(
            "株式会社カウンター",
            "06-5555-1111",
            "hr@counter.example.jp",
        ),
        entity::EmployerStatus::Active,
    )
    .await
    .unwrap();
    let o = job_orders::create_draft(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        counter.id,
        &JobOrderForm::from_pairs(&order_pairs("清掃スタッフ", "8", "1500")),
        "staff",
    )
    .await
    .unwrap();
    // A new employer and a known one read the same answer.
    let fresh = public_register(&app, "株式会社しんき", "06-7777-0000", "new@example.jp").await;
    let known = public_register(
        &app,
        "株式会社カウンター",
        "06-5555-1111",
        "other@counter.example.jp",
    )
    .await;
    let same_mail = public_register(
        &app,
        "カウンター商事",
        "06-0000-0000",
        "hr@counter.example.jp",
    )
    .await;
    for res in [&fresh, &known, &same_mail] {
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(
            res.body
                .contains("登録を受け付けました。確認のうえ担当者からご連絡します")
        );
    }
    assert_eq!(fresh.body, known.body, "nothing tells them apart");
    assert_eq!(fresh.body, same_mail.body);
    assert_eq!(
        employer_count(&app).await,
        2,
        "no duplicate of the known employer"
    );
    // The office is told, and the visitor gets a neutral receipt (no confirmation link).
    let mail = app.mail();
    assert!(
        mail.iter()
            .any(|m| m.to.contains(&staff.email) && m.subject.contains("ポータル連携の依頼"))
    );
    let receipt = mail
        .iter()
        .find(|m| m.to.contains(&"other@counter.example.jp".to_owned()))
        .expect("receipt");
    assert!(!receipt.body.contains("/portal/confirm"));
    // Staff see the request and invite the person; the link binds the account to the record.
    let mut s = app.signed_in(&staff.email).await;
    let page = s.get(&format!("/employers/{}/portal", counter.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("other@counter.example.jp") && page.body.contains("連携の依頼"));
    let res = s
        .submit(
            &format!("/employers/{}/portal", counter.id),
            &format!("/employers/{}/portal-users", counter.id),
            &[("email", "other@counter.example.jp"), ("name", "採用 花子")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let path = mailed_path(&app, "other@counter.example.jp", "/portal/confirm?token=");
    let mut p = app.client();
    let res = p
        .submit(
            &path,
            "/portal/confirm",
            &[
                ("token", token_of(&path)),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let home = p.get("/portal").await;
    assert!(home.body.contains("株式会社カウンター"), "{}", home.body);
    assert_eq!(
        p.get(&format!("/portal/job-orders/{}", o.id)).await.status,
        StatusCode::OK,
        "the counter's order is visible"
    );
    // Inviting an address that already has an account is refused next to the field.
    let res = s
        .submit(
            &format!("/employers/{}/portal", counter.id),
            &format!("/employers/{}/portal-users", counter.id),
            &[("email", "other@counter.example.jp"), ("name", "誰か")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("既に求人者ポータルに登録されています"));
}

/// Pretend the last confirmation mail went out five minutes ago.
async fn backdate_confirmation(app: &TestApp) {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
    let u = entity::employer_user::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am = u.into_active_model();
    am.confirm_sent_at = Set(Some(chrono::Utc::now() - chrono::Duration::minutes(5)));
    am.update(&app.db).await.unwrap();
}

async fn confirmation_can_be_resent_and_password_reset_by_mail(app: TestApp) {
    app.office_with_users("A").await;
    public_register(&app, "株式会社リセット", "06-1212-3434", "reset@example.jp").await;
    let first = mailed_path(&app, "reset@example.jp", "/portal/confirm?token=");
    // Ask again (the first mail "was lost"): a new link; the old one no longer works.
    let mut anon = app.client();
    // Within a minute of the last mail, nothing new goes out.
    let count = app.mail().len();
    anon.submit(
        "/o/A/register/resend",
        "/o/A/register/resend",
        &[("email", "reset@example.jp")],
    )
    .await;
    assert_eq!(app.mail().len(), count, "no second mail within a minute");
    backdate_confirmation(&app).await;
    let res = anon
        .submit(
            "/o/A/register/resend",
            "/o/A/register/resend",
            &[("email", "reset@example.jp")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = anon.get(res.location().unwrap()).await;
    assert!(page.body.contains("受け付けました"));
    let unknown = anon
        .submit(
            "/o/A/register/resend",
            "/o/A/register/resend",
            &[("email", "nobody@example.jp")],
        )
        .await;
    assert_eq!(
        unknown.location(),
        res.location(),
        "same answer for an unknown address"
    );
    let resent = mailed_path(&app, "reset@example.jp", "/portal/confirm?token=");
    assert_ne!(first, resent);
    assert_eq!(anon.get(&first).await.status, StatusCode::NOT_FOUND);
    // Signing up again with the unconfirmed address also sends a new link (not 既に登録).
    backdate_confirmation(&app).await;
    let res = public_register(&app, "株式会社リセット", "06-1212-3434", "reset@example.jp").await;
    assert!(res.body.contains("登録を受け付けました") && !res.body.contains("既に"));
    let second = mailed_path(&app, "reset@example.jp", "/portal/confirm?token=");
    assert_ne!(resent, second);
    assert_eq!(employer_count(&app).await, 1);
    let mut c = app.client();
    let res = c
        .submit(
            &second,
            "/portal/confirm",
            &[
                ("token", token_of(&second)),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(c.get("/portal").await.status, StatusCode::OK);

    // Forgotten password: a mailed link, valid once.
    let login = anon.get("/portal/login").await;
    assert!(login.body.contains("/portal/forgot"));
    let res = anon
        .submit(
            "/portal/forgot",
            "/portal/forgot",
            &[("email", "reset@example.jp")],
        )
        .await;
    assert_eq!(res.location(), Some("/portal/forgot?sent=1"));
    let res2 = anon
        .submit(
            "/portal/forgot",
            "/portal/forgot",
            &[("email", "nobody@example.jp")],
        )
        .await;
    assert_eq!(
        res2.location(),
        Some("/portal/forgot?sent=1"),
        "same answer"
    );
    for bad in ["reset\u{0}@example.jp", "no-at-sign", ""] {
        let res = anon
            .submit("/portal/forgot", "/portal/forgot", &[("email", bad)])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        // A control character is refused by the input gate before the form is read.
        let expected = if bad.contains('\u{0}') {
            "使用できない制御文字が含まれています"
        } else {
            "登録したメールアドレスを入力してください"
        };
        assert!(res.body.contains(expected), "{bad:?}");
    }
    let reset = mailed_path(&app, "reset@example.jp", "/portal/reset?token=");
    let new_password = "another long passphrase 42";
    let res = anon
        .submit(
            &reset,
            "/portal/reset",
            &[
                ("token", token_of(&reset)),
                ("password", new_password),
                ("password_confirmation", new_password),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("再設定しました"));
    // The session signed in with the old password has ended; the link is used up.
    assert_eq!(c.get("/portal").await.status, StatusCode::SEE_OTHER);
    assert_eq!(anon.get(&reset).await.status, StatusCode::NOT_FOUND);
    let mut fresh = app.client();
    let res = fresh
        .submit(
            "/portal/login",
            "/portal/login",
            &[
                ("email", "reset@example.jp"),
                ("password", new_password),
                ("next", "/portal"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // An hour later a reset link no longer works.
    {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
        anon.submit(
            "/portal/forgot",
            "/portal/forgot",
            &[("email", "reset@example.jp")],
        )
        .await;
        let late = mailed_path(&app, "reset@example.jp", "/portal/reset?token=");
        let u = entity::employer_user::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let mut am = u.into_active_model();
        am.reset_sent_at = Set(Some(chrono::Utc::now() - chrono::Duration::minutes(61)));
        am.update(&app.db).await.unwrap();
        assert_eq!(anon.get(&late).await.status, StatusCode::NOT_FOUND);
    }
}

async fn staff_deactivate_a_portal_account_and_merge_employers(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let mut p = registered_employer(&app, "A", "株式会社ダブり", "dup@example.jp").await;
    let portal_employer = entity::employer_user::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    use sea_orm::EntityTrait;
    let counter = employers::create(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        &counter_employer_input("株式会社ダブリ（窓口登録）", "06-2222-3333", ""),
        entity::EmployerStatus::Active,
    )
    .await
    .unwrap();
    let o = job_orders::create_draft(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        counter.id,
        &JobOrderForm::from_pairs(&order_pairs("清掃スタッフ", "8", "1500")),
        "staff",
    )
    .await
    .unwrap();
    let mut s = app.signed_in(&staff.email).await;
    // Merge the portal's record into the counter's: the account now sees the counter's order.
    let res = s
        .submit(
            &format!("/employers/{}/portal", counter.id),
            &format!("/employers/{}/merge", counter.id),
            &[("merged_id", &portal_employer.employer_id.to_string())],
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "confirmation required"
    );
    let res = s
        .submit(
            &format!("/employers/{}/portal", counter.id),
            &format!("/employers/{}/merge", counter.id),
            &[
                ("merged_id", &portal_employer.employer_id.to_string()),
                ("confirmed", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(
        entity::employer::Entity::find_by_id(portal_employer.employer_id)
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        p.get(&format!("/portal/job-orders/{}", o.id)).await.status,
        StatusCode::OK
    );
    let audit = common::audit_entries(&app.db, office.id).await;
    for id in [counter.id, portal_employer.employer_id] {
        assert!(
            audit.iter().any(|(a, t, e)| a == "merge"
                && t == "employer"
                && e.as_deref() == Some(&id.to_string())),
            "audit keeps #{id}"
        );
    }
    // Deactivate the account: its session ends at once, and it cannot sign in.
    let page = s.get(&format!("/employers/{}/portal", counter.id)).await;
    assert!(page.body.contains("dup@example.jp"));
    let res = s
        .submit(
            &format!("/employers/{}/portal", counter.id),
            &format!(
                "/employers/{}/portal-users/{}/deactivate",
                counter.id, portal_employer.id
            ),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(p.get("/portal").await.status, StatusCode::SEE_OTHER);
    let mut again = app.client();
    let res = again
        .submit(
            "/portal/login",
            "/portal/login",
            &[
                ("email", "dup@example.jp"),
                ("password", PASSWORD),
                ("next", "/portal"),
            ],
        )
        .await;
    assert_ne!(res.status, StatusCode::SEE_OTHER);
    // Another office's staff cannot touch the account.
    let (_, _, other) = app.office_with_users("B").await;
    let mut b = app.signed_in(&other.email).await;
    assert_eq!(
        b.get(&format!("/employers/{}/portal", counter.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn employer_is_told_of_each_referral_and_led_to_it_in_the_portal(app: TestApp) {
    use tsunagu::services::job_seekers::{self, JobSeekerInput};
    use tsunagu::services::referrals::{self, ReferralInput};
    let (office, _, staff) = app.office_with_users("A").await;
    let actor = Actor::staff(&staff);
    let mut p = registered_employer(&app, "A", "株式会社しょうかい", "ref@example.jp").await;
    let user = {
        use sea_orm::EntityTrait;
        entity::employer_user::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
    };
    employers::confirm(&app.db, &actor, office.id, user.employer_id)
        .await
        .unwrap();
    let today = tsunagu::present::format::today();
    let draft = job_orders::create_draft(
        &app.db,
        &actor,
        office.id,
        user.employer_id,
        &JobOrderForm::from_pairs(&order_pairs("清掃スタッフ", "8", "1500")),
        "staff",
    )
    .await
    .unwrap();
    let o = job_orders::accept(&app.db, &actor, office.id, draft.id, today, true)
        .await
        .unwrap();
    let seeker = job_seekers::register(
        &app.db,
        &actor,
        office.id,
        &JobSeekerInput {
            consent: Some("1".into()),
            consent_method: "written".into(),
            disclosure_delivered: Some("1".into()),
            name: "秘密 一郎".into(),
            name_kana: "ひみつ いちろう".into(),
            birth_date: "1980-05-10".into(),
            prefecture_code: "27".into(),
            municipality: "豊中市".into(),
            address: "中桜塚1-1".into(),
            phone: "090-1234-5678".into(),
            occupation1: "096".into(),
            desired_employment: "part".into(),
            avail_0: "9:00-13:00".into(),
            max_weekly_hours: "20".into(),
            ..Default::default()
        },
        today,
    )
    .await
    .unwrap();
    let before = app.mail().len();
    let r = referrals::create(
        &app.db,
        &actor,
        office.id,
        &ReferralInput {
            job_order_id: o.id,
            job_seeker_id: seeker.id,
            conditions_shown_method: "written".into(),
            interview: "12月1日 10:00 本社".into(),
            ..Default::default()
        },
        today,
    )
    .await
    .unwrap();
    // One mail to the employer: the 紹介番号, the order, a link — nothing about the person.
    let mail: Vec<_> = app.mail()[before..]
        .iter()
        .filter(|m| m.to.contains(&"ref@example.jp".to_owned()))
        .cloned()
        .collect();
    assert_eq!(mail.len(), 1, "{mail:?}");
    let m = &mail[0];
    assert!(m.subject.contains(&r.number) && m.body.contains("清掃スタッフ"));
    assert!(
        m.body.contains(&format!("/portal/referrals/{}", r.id)),
        "{}",
        m.body
    );
    for secret in ["秘密", "一郎", "090-1234-5678", "1980", "中桜塚1-1"] {
        assert!(
            !m.body.contains(secret) && !m.subject.contains(secret),
            "{secret} in the mail"
        );
    }
    // The portal leads to the person from its home and from the order, with the results awaited.
    let home = p.get("/portal").await;
    assert!(
        home.body.contains("href=\"/portal/referrals\""),
        "{}",
        home.body
    );
    assert!(
        home.body
            .contains(&format!("/portal/referrals?order={}", o.id))
    );
    assert!(home.body.contains("結果の入力待ち 1人"), "{}", home.body);
    assert!(
        home.body
            .contains("<a href=\"/portal\"><span class=\"logo\">"),
        "the logo leads to the portal"
    );
    let order_page = p.get(&format!("/portal/job-orders/{}", o.id)).await;
    assert!(
        order_page
            .body
            .contains(&format!("/portal/referrals?order={}", o.id))
    );
    let list = p.get(&format!("/portal/referrals?order={}", o.id)).await;
    assert!(list.body.contains(&r.number));
    // Recording the result shows a confirmation.
    let res = p
        .submit(
            &format!("/portal/referrals/{}", r.id),
            &format!("/portal/referrals/{}/result", r.id),
            &[
                ("result", "hired"),
                ("start_date", "2027-02-01"),
                ("indefinite", "1"),
                ("weekly_hours", "8"),
                ("hourly_yen", "1500"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = p.get(res.location().unwrap()).await;
    assert!(
        page.body.contains("選考結果を登録しました"),
        "{}",
        page.body
    );
    let home = p.get("/portal").await;
    assert!(
        !home.body.contains("結果の入力待ち"),
        "nothing awaited any more"
    );
}
