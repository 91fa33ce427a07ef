//! Issue 10: the app as an attacker and a failing network would try it. Each test here failed on
//! the code before the fix it names (see docs/security.md).
mod common;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDate;
use common::{PASSWORD, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::net::SocketAddr;
use tsunagu::services::Actor;
use tsunagu::services::employers::EmployerInput;
use tsunagu::services::job_seekers;

db_tests!(
    office_admins_see_minimum_wages_read_only,
    a_double_click_refers_once,
    simultaneous_registrations_never_fail,
    parallel_guesses_are_counted_before_checking,
    a_locked_address_still_admits_its_owner,
    a_client_is_limited_across_addresses,
    registrations_are_rate_limited,
    csv_exports_neutralise_formulas,
    control_characters_and_long_input_are_refused,
    reference_codes_are_checked_in_the_api,
    page_numbers_are_bounded,
    sign_in_redirects_only_within_the_site,
    changing_the_password_ends_other_sessions_and_tokens,
    common_passwords_are_refused,
    security_headers,
    portal_sign_in_takes_as_long_for_an_unknown_address,
);

fn today() -> NaiveDate {
    tsunagu::present::format::today()
}

fn from(ip: &str) -> ConnectInfo<SocketAddr> {
    ConnectInfo(format!("{ip}:50000").parse().expect("address"))
}

/// POST a form from a given client address (with the CSRF token of `form_page`).
async fn submit_from(
    c: &mut common::Client,
    ip: &str,
    form_page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> common::Response {
    let token = c.get(form_page).await.csrf();
    let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
    all.extend_from_slice(fields);
    let body = serde_urlencoded::to_string(&all).expect("encode");
    let req = Request::post(action)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "http://localhost")
        .extension(from(ip))
        .body(Body::from(body))
        .expect("request");
    c.send(req).await
}

use common::builders::employer;

/// An accepted order with room for many referrals.
async fn open_order(
    app: &TestApp,
    _office_id: i32,
    staff: &entity::staff_user::Model,
    employer_id: i32,
    title: &str,
) -> entity::job_order::Model {
    let form = common::builders::order_form(title, "09:00", "13:00", &[("openings", "20")]);
    common::builders::open_order(app, staff, employer_id, &form).await
}

/// The n-th consented job seeker (a phone number of their own).
async fn seeker(app: &TestApp, office_id: i32, staff: &entity::staff_user::Model, n: u32) -> i32 {
    let mut i = common::builders::seeker_input(&format!("求職者 {n}"), "9:00-13:00");
    i.phone = format!("090-0000-{n:04}");
    job_seekers::register(&app.db, &Actor::staff(staff), office_id, &i, today())
        .await
        .unwrap()
        .id
}

fn wage_csv(yen: &str) -> String {
    format!("pref_code,pref_name,hourly_yen,effective_date\n27,大阪府,{yen},2099-10-01\n")
}

async fn upload_wages(c: &mut common::Client, csv: &str) -> common::Response {
    let page = c.get("/admin/refdata").await;
    let token = if page.body.contains("name=\"_csrf\"") {
        page.csrf()
    } else {
        String::new()
    };
    let boundary = "XBOUNDARYX";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mw.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let req = Request::post("/admin/refdata/minimum-wages")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::ORIGIN, "http://localhost")
        .header("x-csrf-token", token)
        .body(Body::from(body))
        .expect("request");
    c.send(req).await
}

async fn wage_2099(app: &TestApp) -> Option<i32> {
    entity::minimum_wage::Entity::find()
        .filter(entity::minimum_wage::Column::PrefectureCode.eq("27"))
        .filter(
            entity::minimum_wage::Column::EffectiveDate
                .eq(NaiveDate::from_ymd_opt(2099, 10, 1).unwrap()),
        )
        .one(&app.db)
        .await
        .unwrap()
        .map(|w| w.hourly_yen)
}

/// (Item 1) Minimum wages belong to the deployment: an office admin sees them read-only; only a
/// system administrator (or the CLI) imports and confirms, and every change is audited.
async fn office_admins_see_minimum_wages_read_only(app: TestApp) {
    let (a, _, _) = app.office_with_users("A").await;
    let (_, admin_b, _) = app.office_with_users("B").await;
    let sys = app.user(a.id, "sys@a.example.jp", "system").await;
    let mut b = app.signed_in(&admin_b.email).await;
    let page = b.get("/admin/refdata").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("システム管理者のみ"), "{}", page.body);
    assert!(!page.body.contains("type=\"file\""));
    let res = upload_wages(&mut b, &wage_csv("900")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert_eq!(wage_2099(&app).await, None);
    let res = b
        .submit(
            "/admin/refdata",
            "/admin/refdata/minimum-wages/2026/confirm",
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // Nor can an office admin make anyone a システム管理者.
    let res = b
        .submit(
            "/admin/users/new",
            "/admin/users",
            &[
                ("name", "昇格 したい"),
                ("email", "climb@b.example.jp"),
                ("role", "system"),
                ("password", "a new long passphrase 7"),
                ("password_confirmation", "a new long passphrase 7"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("システム管理者の権限"), "{}", res.body);

    let mut s = app.signed_in(&sys.email).await;
    let res = upload_wages(&mut s, &wage_csv("1500")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("取り込みました"));
    assert_eq!(wage_2099(&app).await, Some(1500));
    let audited = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::EntityType.eq("minimum_wage"))
        .filter(entity::audit_log::Column::ActorId.eq(sys.id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 1);
    // The import form carries its CSRF token in the body, never in the URL.
    let page = s.get("/admin/refdata").await;
    assert!(!page.body.contains("?_csrf="), "token in a URL");
}

/// (Item 2) Two identical requests at once make one referral and one 紹介番号.
async fn a_double_click_refers_once(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let o = open_order(&app, office.id, &staff, e.id, "清掃スタッフ").await;
    let mut c = app.signed_in(&staff.email).await;
    let token = c.get("/settings").await.csrf();
    for n in 0..10 {
        let s = seeker(&app, office.id, &staff, n).await;
        let (oid, sid) = (o.id.to_string(), s.to_string());
        let fields = vec![
            ("_csrf", token.clone()),
            ("job_order_id", oid),
            ("job_seeker_id", sid),
            ("conditions_shown_method", "written".to_owned()),
            ("interview", "12月1日 10:00".to_owned()),
        ];
        let body = serde_urlencoded::to_string(&fields).unwrap();
        let mut handles = Vec::new();
        for _ in 0..2 {
            let mut c2 = app.client();
            c2.cookies = c.cookies.clone();
            let body = body.clone();
            handles.push(tokio::spawn(async move {
                c2.send(
                    Request::post("/referrals")
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .header(header::ORIGIN, "http://localhost")
                        .body(Body::from(body))
                        .unwrap(),
                )
                .await
            }));
        }
        let mut statuses = Vec::new();
        for h in handles {
            let r = h.await.unwrap();
            assert!(
                r.status == StatusCode::SEE_OTHER
                    || (r.status == StatusCode::UNPROCESSABLE_ENTITY
                        && r.body.contains("既にこの求人に紹介中です")),
                "{}: {}",
                r.status,
                r.body
            );
            statuses.push(r.status);
        }
        assert!(statuses.contains(&StatusCode::SEE_OTHER));
        let n = entity::referral::Entity::find()
            .filter(entity::referral::Column::JobSeekerId.eq(s))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(n, 1, "one referral per pair");
    }
    let numbers = entity::referral::Entity::find().all(&app.db).await.unwrap();
    let mut ns: Vec<String> = numbers.iter().map(|r| r.number.clone()).collect();
    ns.sort();
    ns.dedup();
    assert_eq!(ns.len(), 10);
    // 紹介番号 run without gaps: no number was taken by the refused twin.
    assert!(ns.last().is_some_and(|n| n.ends_with("-00010")), "{ns:?}");
}

fn registration_fields<'a>(name: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("prefecture_code", "27"),
        ("municipality", "豊中市"),
        ("address", "中桜塚1-1-1 2階"),
        ("contact_name", "採用 花子"),
        ("contact_phone", "06-1234-5678"),
        ("contact_email", email),
        ("agreed", "1"),
    ]
}

/// (Item 3) 200 simultaneous writers wait for the write lock instead of failing ("database is
/// locked").
async fn simultaneous_registrations_never_fail(app: TestApp) {
    app.office_with_users("A").await;
    let mut c = app.client();
    let token = c.get("/o/A/register").await.csrf();
    let mut handles = Vec::new();
    for n in 0..200 {
        let mut c2 = app.client();
        c2.cookies = c.cookies.clone();
        let token = token.clone();
        handles.push(tokio::spawn(async move {
            let name = format!("株式会社同時{n}");
            let email = format!("hr{n}@simul.example.jp");
            let mut fields = registration_fields(&name, &email);
            fields.insert(0, ("_csrf", &token));
            let body = serde_urlencoded::to_string(&fields).unwrap();
            c2.send(
                Request::post("/o/A/register")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ORIGIN, "http://localhost")
                    .extension(from(&format!("10.0.{}.{}", n / 200, n % 200 + 1)))
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await
        }));
    }
    let mut ok = 0;
    for h in handles {
        let r = h.await.unwrap();
        assert!(!r.status.is_server_error(), "{}: {}", r.status, r.body);
        if r.status == StatusCode::OK {
            ok += 1;
        }
    }
    assert_eq!(ok, 200);
    assert_eq!(
        entity::employer_user::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        200
    );
}

async fn sign_in_from(c: &mut common::Client, ip: &str, email: &str, password: &str) -> StatusCode {
    submit_from(
        c,
        ip,
        "/login",
        "/login",
        &[("email", email), ("password", password), ("next", "/")],
    )
    .await
    .status
}

/// (Item 4) Forty guesses at once: the limit of five holds, because each attempt is counted before
/// its password is checked.
async fn parallel_guesses_are_counted_before_checking(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let mut c = app.client();
    let token = c.get("/login").await.csrf();
    let mut handles = Vec::new();
    for _ in 0..40 {
        let mut c2 = app.client();
        c2.cookies = c.cookies.clone();
        let body = serde_urlencoded::to_string([
            ("_csrf", token.as_str()),
            ("email", admin.email.as_str()),
            ("password", "wrong password!"),
        ])
        .unwrap();
        handles.push(tokio::spawn(async move {
            c2.send(
                Request::post("/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ORIGIN, "http://localhost")
                    .extension(from("192.0.2.66"))
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await
            .status
        }));
    }
    let mut checked = 0;
    for h in handles {
        match h.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            s => panic!("unexpected {s}"),
        }
    }
    assert!(checked <= 5, "{checked} of 40 guesses were checked");
    // The attacker's client stays refused, even with the right password.
    assert_eq!(
        sign_in_from(&mut c, "192.0.2.66", &admin.email, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// (Item 4) The lock-out is no denial of service: the owner, from a client that has not failed,
/// still signs in.
async fn a_locked_address_still_admits_its_owner(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let mut attacker = app.client();
    for _ in 0..8 {
        sign_in_from(
            &mut attacker,
            "198.51.100.7",
            &admin.email,
            "wrong password!",
        )
        .await;
    }
    assert_eq!(
        sign_in_from(&mut attacker, "198.51.100.7", &admin.email, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    let mut owner = app.client();
    assert_eq!(
        sign_in_from(&mut owner, "203.0.113.20", &admin.email, PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

/// (Item 4) One client spraying many addresses runs out of its own budget.
async fn a_client_is_limited_across_addresses(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let mut c = app.client();
    for n in 0..20 {
        let status = sign_in_from(
            &mut c,
            "198.51.100.9",
            &format!("someone{n}@a.example.jp"),
            "wrong password!",
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    assert_eq!(
        sign_in_from(&mut c, "198.51.100.9", &admin.email, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    let mut other = app.client();
    assert_eq!(
        sign_in_from(&mut other, "203.0.113.21", &admin.email, PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

/// (Item 12) Fifty registrations in a row from one client do not send fifty mails.
async fn registrations_are_rate_limited(app: TestApp) {
    app.office_with_users("A").await;
    let mut c = app.client();
    let mut limited = 0;
    for n in 0..15 {
        let name = format!("株式会社連続{n}");
        let email = format!("burst{n}@example.jp");
        let r = submit_from(
            &mut c,
            "10.2.0.1",
            "/o/A/register",
            "/o/A/register",
            &registration_fields(&name, &email),
        )
        .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(r.body.contains("しばらく"), "{}", r.body);
            limited += 1;
        } else {
            assert_eq!(r.status, StatusCode::OK);
        }
    }
    assert!(limited >= 5, "{limited}");
    assert!(app.mail().len() <= 10, "{} mails", app.mail().len());
    // One address, many clients: limited per address as well.
    let mut limited = 0;
    for n in 0..6 {
        let name = format!("株式会社同一{n}");
        let r = submit_from(
            &mut c,
            &format!("10.3.0.{}", n + 1),
            "/o/A/register",
            "/o/A/register",
            &registration_fields(&name, "same@example.jp"),
        )
        .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            limited += 1;
        }
    }
    assert!(limited >= 3, "{limited}");
}

/// (Item 5) A name starting with `=`, `+`, `-`, `@`, tab or CR is text in every CSV, never a formula.
async fn csv_exports_neutralise_formulas(app: TestApp) {
    let (office, admin, staff) = app.office_with_users("A").await;
    let e = employer(&app, office.id, "=HYPERLINK(\"http://evil.example\",\"x\")").await;
    open_order(&app, office.id, &staff, e.id, "@SUM(1+1)").await;
    let mut c = app.signed_in(&staff.email).await;
    for enc in ["", "&encoding=sjis"] {
        let res = c
            .get(&format!(
                "/ledgers/job-orders/csv?from={}{enc}",
                "2000-01-01"
            ))
            .await;
        assert_eq!(res.status, StatusCode::OK);
        let text = if enc.is_empty() {
            String::from_utf8_lossy(&res.body_bytes).into_owned()
        } else {
            encoding_rs::SHIFT_JIS
                .decode(&res.body_bytes)
                .0
                .into_owned()
        };
        assert!(text.contains("'@SUM(1+1)"), "{text}");
        assert!(!text.contains(",@SUM"), "{text}");
        assert!(
            !text.contains(",\"=HYPERLINK") && !text.contains(",=HYPERLINK"),
            "{text}"
        );
    }
    let (_, token) =
        tsunagu::services::api_tokens::create(&app.db, &Actor::staff(&admin), &admin, "test")
            .await
            .unwrap();
    let res = c
        .api_get(
            "/api/v1/ledgers/job-orders.csv?from=2000-01-01",
            Some(&token),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("'@SUM(1+1)"), "{}", res.body);
}

/// (Item 9) NUL bytes, other control characters and over-long values are refused with a message
/// before they reach the database (PostgreSQL answered 500).
async fn control_characters_and_long_input_are_refused(app: TestApp) {
    let (_, _, staff) = app.office_with_users("A").await;
    let mut anon = app.client();
    for q in ["q=%00", "q=a%00b", "area=%00", "occupation=%01"] {
        let res = anon.get(&format!("/o/A/jobs?{q}")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        assert!(res.body.contains("制御文字"), "{q}: {}", res.body);
    }
    let res = anon.get("/o/%00/jobs").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let mut c = app.signed_in(&staff.email).await;
    let long = "長".repeat(600);
    for (field, value, message) in [
        ("name", "株式会社\u{0}つなぐ", "制御文字"),
        ("name", "株式会社\nつなぐ", "改行"),
        ("name", long.as_str(), "500文字以内"),
    ] {
        let res = c
            .submit(
                "/employers/new",
                "/employers",
                &[
                    (field, value),
                    ("prefecture_code", "27"),
                    ("municipality", "豊中市"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(res.body.contains(message), "{}", res.body);
    }
    // Multi-line fields keep their line breaks.
    let res = c
        .submit(
            "/employers/new",
            "/employers",
            &[
                ("name", "株式会社つなぐ"),
                ("prefecture_code", "27"),
                ("municipality", "豊中市"),
                ("address", "中桜塚1-1-1"),
                ("contact_name", "採用 花子"),
                ("contact_phone", "06-1234-5678"),
                ("business_description", "清掃\r\n警備"),
            ],
        )
        .await;
    assert!(!res.body.contains("制御文字"), "{}", res.body);
    assert!(!res.status.is_server_error());
    // The sign-in form and the API too.
    let res = app.client().sign_in("a\u{0}@example.jp", PASSWORD).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// (Item 9) Codes are checked against the reference data in the API as well.
async fn reference_codes_are_checked_in_the_api(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let (_, token) =
        tsunagu::services::api_tokens::create(&app.db, &Actor::staff(&admin), &admin, "test")
            .await
            .unwrap();
    let (status, body) = common::api_json(
        &app,
        &token,
        "POST",
        "/api/v1/employers",
        serde_json::json!({
            "name": "株式会社コード",
            "prefecture_code": "9999999999",
            "industry_code": "ZZZ",
            "municipality": "豊中市",
        }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let codes: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap_or_default())
        .collect();
    assert!(codes.contains(&"unknown_code"), "{body}");
    let (status, body) = common::api_json(
        &app,
        &token,
        "POST",
        "/api/v1/employers",
        serde_json::json!({ "name": "株式会社\u{0}" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["code"], "control_character");
}

/// (Item 10) Page numbers are bounded (an overflow panicked a worker); a panic answers a Japanese
/// 500 page.
async fn page_numbers_are_bounded(app: TestApp) {
    let (_, admin, staff) = app.office_with_users("A").await;
    let mut anon = app.client();
    let res = anon.get("/o/A/jobs?page=307445734561825862").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("ページ番号"));
    assert_eq!(anon.get("/o/A/jobs?page=2").await.status, StatusCode::OK);
    let mut c = app.signed_in(&staff.email).await;
    for path in ["/job-orders", "/employers", "/job-seekers", "/admin/audit"] {
        let res = c.get(&format!("{path}?page=18446744073709551615")).await;
        assert!(!res.status.is_server_error(), "{path}");
        assert_ne!(res.status, StatusCode::OK, "{path}");
    }
    let (_, token) =
        tsunagu::services::api_tokens::create(&app.db, &Actor::staff(&admin), &admin, "test")
            .await
            .unwrap();
    let res = c
        .api_get("/api/v1/job-orders?page=307445734561825862", Some(&token))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
}

/// (Item 11) After sign-in, only paths of this site are followed; a bad `next` never causes a 500.
async fn sign_in_redirects_only_within_the_site(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    for next in [
        "/\t/evil.example",
        "/%09/evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "https://evil.example/",
        "/\n/evil.example",
        "/ok\r\nSet-Cookie: x=1",
        "javascript:alert(1)",
        "/%5cevil.example",
        "/%2f/evil.example",
    ] {
        let mut c = app.client();
        let res = c
            .submit(
                "/login",
                "/login",
                &[
                    ("email", &admin.email),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert!(!res.status.is_server_error(), "{next:?}: {}", res.status);
        if res.status == StatusCode::SEE_OTHER {
            assert_eq!(res.location(), Some("/"), "{next:?}");
        }
    }
    let mut c = app.client();
    let res = c
        .submit(
            "/login",
            "/login",
            &[
                ("email", &admin.email),
                ("password", PASSWORD),
                ("next", "/job-orders?page=2"),
            ],
        )
        .await;
    assert_eq!(res.location(), Some("/job-orders?page=2"));
}

/// (Item 12) A password change ends the user's other sessions and revokes their API tokens.
async fn changing_the_password_ends_other_sessions_and_tokens(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let mut other = app.signed_in(&admin.email).await;
    let mut me = app.signed_in(&admin.email).await;
    let (_, token) =
        tsunagu::services::api_tokens::create(&app.db, &Actor::staff(&admin), &admin, "test")
            .await
            .unwrap();
    assert_eq!(
        me.api_get("/api/v1/job-orders", Some(&token)).await.status,
        StatusCode::OK
    );
    let page = me.get("/settings").await;
    assert!(page.body.contains("ほかの端末"), "{}", page.body);
    let res = me
        .submit(
            "/settings",
            "/settings/password",
            &[
                ("current_password", PASSWORD),
                ("password", "a new long passphrase 7"),
                ("password_confirmation", "a new long passphrase 7"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(me.get("/settings").await.status, StatusCode::OK);
    assert_eq!(other.get("/settings").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        me.api_get("/api/v1/job-orders", Some(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// (Item 12) Common and patterned passwords are refused.
async fn common_passwords_are_refused(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let mut me = app.signed_in(&admin.email).await;
    for p in [
        "password12",
        "Password123",
        "1234567890",
        "qwertyuiop",
        "P@ssw0rd2024",
        "iloveyou123",
        "abcabcabcabc",
        "zzzzzzzzzzzz",
    ] {
        let res = me
            .submit(
                "/settings",
                "/settings/password",
                &[
                    ("current_password", PASSWORD),
                    ("password", p),
                    ("password_confirmation", p),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    }
}

/// (Item 12) HSTS behind TLS, a CSP on pages and on Swagger UI.
async fn security_headers(app: TestApp) {
    let mut c = app.client();
    let res = c.get("/login").await;
    assert!(res.headers.get(header::CONTENT_SECURITY_POLICY).is_some());
    assert!(res.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
    let docs = c.get("/api/docs/").await;
    let csp = docs
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let app = app.reconfigure(|s| s.secure_cookies = true).await;
    let res = app.client().get("/login").await;
    let hsts = res
        .headers
        .get(header::STRICT_TRANSPORT_SECURITY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(hsts.contains("max-age="), "{hsts}");
}

/// (Item 4) The portal answers an unknown address as slowly as a wrong password (a dummy hash is
/// verified), so timing does not tell which addresses have accounts.
async fn portal_sign_in_takes_as_long_for_an_unknown_address(app: TestApp) {
    use tsunagu::services::portal::{self, RegistrationInput};
    let (office, _, _) = app.office_with_users("A").await;
    let reg = portal::register(
        &app.db,
        office.id,
        &RegistrationInput {
            employer: EmployerInput {
                name: "株式会社じかん".into(),
                prefecture_code: "27".into(),
                municipality: "豊中市".into(),
                address: "中桜塚1-1-1".into(),
                contact_name: "採用 花子".into(),
                contact_phone: "06-1234-5678".into(),
                contact_email: "known@timing.example.jp".into(),
                ..Default::default()
            },
            agreed: Some("1".into()),
        },
    )
    .await
    .unwrap();
    portal::confirm(&app.db, &reg.token, PASSWORD, PASSWORD)
        .await
        .unwrap();
    let settings = app.state.settings.clone();
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for n in 0..3 {
        let t = std::time::Instant::now();
        let r = portal::sign_in(
            &app.db,
            &settings,
            "known@timing.example.jp",
            "wrong password!",
            &format!("10.9.0.{n}"),
        )
        .await
        .unwrap();
        assert!(matches!(r, portal::PortalSignIn::Invalid));
        known.push(t.elapsed());
        let t = std::time::Instant::now();
        let r = portal::sign_in(
            &app.db,
            &settings,
            &format!("nobody{n}@timing.example.jp"),
            "wrong password!",
            &format!("10.9.1.{n}"),
        )
        .await
        .unwrap();
        assert!(matches!(r, portal::PortalSignIn::Invalid));
        unknown.push(t.elapsed());
    }
    let (k, u) = (known.iter().min().unwrap(), unknown.iter().min().unwrap());
    assert!(
        u.as_secs_f64() * 2.0 > k.as_secs_f64(),
        "unknown {u:?}, known {k:?}"
    );
}

/// (Item 12) With the database down, `/healthz` says 503 within about two seconds and pages answer
/// a Japanese 503 page within the acquire timeout (they waited 30 s).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_down_fails_fast() {
    let url = "postgres://postgres@127.0.0.1:1/nothing_listens_here";
    let mut opts = tsunagu::db::options(url);
    opts.connect_lazy(true);
    let db = sea_orm::Database::connect(opts).await.unwrap();
    let state = tsunagu::AppState::new(db, tsunagu::config::Settings::for_database(url))
        .await
        .unwrap()
        .with_mailer(tsunagu::mail::Mailer::memory());
    let mut c = common::TestApp::client_for(state);
    let t = std::time::Instant::now();
    let res = c.get("/healthz").await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        t.elapsed() < std::time::Duration::from_millis(2500),
        "{:?}",
        t.elapsed()
    );
    let t = std::time::Instant::now();
    let res = c.get("/login").await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.body);
    assert!(res.body.contains("しばらく待ってから"), "{}", res.body);
    assert!(
        t.elapsed() < tsunagu::db::ACQUIRE_TIMEOUT + std::time::Duration::from_secs(2),
        "{:?}",
        t.elapsed()
    );
}

/// (Item 12) `tsunagu serve` starts before its database: it keeps trying until the database exists.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_waits_for_its_database() {
    let Some(base) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        return;
    };
    let name = format!("tsunagu_late_{}", &tsunagu::services::random_token()[..12]);
    let (prefix, _) = base.rsplit_once('/').unwrap();
    let url = format!("{prefix}/{name}");
    let waiting = tokio::spawn({
        let url = url.clone();
        async move {
            tsunagu::db::connect_and_migrate_retrying(
                &url,
                Some(std::time::Duration::from_secs(60)),
            )
            .await
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(!waiting.is_finished(), "the database does not exist yet");
    let admin = sea_orm::Database::connect(&base).await.unwrap();
    sea_orm::ConnectionTrait::execute_unprepared(&admin, &format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let db = tokio::time::timeout(std::time::Duration::from_secs(30), waiting)
        .await
        .expect("connected once the database was there")
        .unwrap()
        .expect("migrated");
    assert_eq!(
        tsunagu::services::refdata::prefectures(&db)
            .await
            .unwrap()
            .len(),
        47
    );
    db.close().await.ok();
    let _ = sea_orm::ConnectionTrait::execute_unprepared(
        &admin,
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    .await;
}
