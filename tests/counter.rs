//! What a real counter tripped over (issue 12): the legal labels of 不受理, the result form's
//! defaults, the minimum-wage rise, unreadable requests, unnamed occupations, the annual report.
mod common;
use axum::http::StatusCode;
use common::TestApp;
use common::builders::{employer, open_order, order_form, referral, seeker, today};
use migration::MigratorTrait;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use tsunagu::services::job_orders::{self, RejectInput};
use tsunagu::services::{Actor, api_tokens, employers, refdata};

db_tests!(
    refusals_under_3_and_4_are_listed_for_review_not_renumbered,
    the_result_form_starts_from_the_order_version_and_no_result,
    a_decided_minimum_wage_rise_during_validity_is_warned,
    unreadable_api_bodies_and_page_queries_answer_in_japanese,
    occupations_are_never_blank_and_admins_can_name_them,
    the_annual_report_always_has_the_refusal_figure,
    the_seeker_page_shows_every_limit_and_the_record_in_fixed_queries,
    a_second_save_over_a_newer_version_is_refused_not_lost,
    an_employer_edit_over_a_newer_version_is_refused_not_lost,
    a_seeker_edit_over_a_newer_version_is_refused_not_lost,
);

async fn refusals_under_3_and_4_are_listed_for_review_not_renumbered(app: TestApp) {
    let (office, _admin, staff) = app.office_with_users("TOYONAKA").await;
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let actor = Actor::staff(&staff);
    // Two refusals recorded under the old labels: one under 3 (then shown as 「明示がない」),
    // one under 2 (not affected).
    let mut ids = Vec::new();
    for ground in ["3", "2"] {
        let o = job_orders::create_draft(
            &app.db,
            &actor,
            office.id,
            e.id,
            &order_form("清掃スタッフ", "9:00", "13:00", &[]),
            "staff",
        )
        .await
        .unwrap();
        job_orders::reject(
            &app.db,
            &actor,
            office.id,
            o.id,
            &RejectInput {
                ground: ground.into(),
                reason: "労働条件の明示がありません".into(),
            },
            today(),
        )
        .await
        .unwrap();
        ids.push(o.id);
    }
    // The labels now follow the law.
    assert_eq!(
        employers::label(employers::REJECTION_GROUNDS, "3"),
        "3号 労働関係法令違反で処分・公表等を受けた者の求人"
    );
    assert!(employers::label(employers::REJECTION_GROUNDS, "4").contains("明示"));
    // The review migration lists what was recorded before it ran (run it again over these).
    let all = migration::Migrator::migrations();
    let review = all
        .iter()
        .position(|m| m.name() == "m20261130_000005_rejection_review")
        .expect("the review migration");
    let steps = (all.len() - review) as u32;
    // On one connection of its own: SQLite checks a new `CREATE INDEX` against the schema the
    // connection last read, so an idle pooled connection that still remembers the dropped
    // index would refuse to make it again ("index … already exists").
    let first = job_orders::get(&app.db, office.id, ids[0]).await.unwrap();
    let draft_before = job_orders::draft_form(&app.db, &first).await.unwrap();
    assert_ne!(draft_before, Default::default());
    let mut opts = sea_orm::ConnectOptions::new(app.test_db.url.clone());
    opts.max_connections(1).min_connections(1);
    let one = sea_orm::Database::connect(opts).await.unwrap();
    migration::Migrator::down(&one, Some(steps)).await.unwrap();
    migration::Migrator::up(&one, None).await.unwrap();
    one.close().await.unwrap();
    // The working copies went back into `job_orders` and out again, unchanged.
    assert_eq!(
        job_orders::draft_form(&app.db, &first).await.unwrap(),
        draft_before
    );

    let mut c = app.signed_in(&staff.email).await;
    let home = c.get("/").await;
    assert!(home.body.contains("根拠（3号・4号）の確認が必要な不受理"));
    let page = c.get("/reports/rejection-review").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("/job-orders/{}", ids[0])));
    assert!(
        !page.body.contains(&format!("/job-orders/{}\"", ids[1])),
        "2号 is not listed"
    );
    assert!(
        page.body.contains("3号 労働条件の明示がない求人"),
        "the label shown then"
    );
    // Nothing was renumbered by itself.
    let o = job_orders::get(&app.db, office.id, ids[0]).await.unwrap();
    assert_eq!(o.rejection_ground.as_deref(), Some("3"));

    let review = entity::rejection_review::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(review.len(), 1);
    let res = c
        .submit(
            "/reports/rejection-review",
            &format!("/reports/rejection-review/{}", review[0].id),
            &[("ground", "4")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let o = job_orders::get(&app.db, office.id, ids[0]).await.unwrap();
    assert_eq!(
        o.rejection_ground.as_deref(),
        Some("4"),
        "corrected by a person"
    );
    let page = c.get("/reports/rejection-review").await;
    assert!(page.body.contains("確認が必要な不受理はありません"));
    let audit = common::audit_entries(&app.db, office.id).await;
    assert_eq!(
        audit
            .iter()
            .filter(|(a, _, _)| a == "rejection.review")
            .count(),
        1
    );
    // Confirming twice is refused.
    let res = c
        .submit(
            "/",
            &format!("/reports/rejection-review/{}", review[0].id),
            &[("ground", "3")],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

async fn the_result_form_starts_from_the_order_version_and_no_result(app: TestApp) {
    let (office, _admin, staff) = app.office_with_users("TOYONAKA").await;
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let form = order_form(
        "清掃スタッフ",
        "9:00",
        "13:00",
        &[
            ("contract_kind", "fixed"),
            ("contract_months", "6"),
            ("renewal_possibility", "conditional"),
            ("renewal_criteria", "勤務成績により判断"),
            ("renewal_upper_limit", "通算5年まで"),
        ],
    );
    let o = open_order(&app, &staff, e.id, &form).await;
    let s = seeker(&app, &staff, "紹介 太郎").await;
    let r = referral(&app, &staff, o.id, s.id).await;
    let mut c = app.signed_in(&staff.email).await;
    let page = c.get(&format!("/referrals/{}", r.id)).await;
    let b = &page.body;
    assert!(
        !b.contains("name=\"indefinite\" value=\"1\" checked"),
        "a 6-month contract is not 無期"
    );
    assert!(
        b.contains("id=\"contract_months\" name=\"contract_months\" value=\"6\"")
            || b.contains("value=\"6\"")
    );
    // No result is chosen for the user.
    let select = &b[b.find("name=\"result\"").unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(select.contains("<option value=\"\">"), "{select}");
    assert!(!select.contains("selected"), "{select}");
    // Sent without a result, the form says so and keeps what was typed.
    let res = c
        .submit(
            &format!("/referrals/{}", r.id),
            &format!("/referrals/{}/result", r.id),
            &[
                ("result", ""),
                ("note", "面接は良好"),
                ("received_via", "phone"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("結果を選択してください"));
    assert!(res.body.contains("面接は良好"), "typed note kept");
}

async fn a_decided_minimum_wage_rise_during_validity_is_warned(app: TestApp) {
    let (office, _admin, _staff) = app.office_with_users("TOYONAKA").await;
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let today = today();
    let current = refdata::minimum_wage_on(&app.db, "27", today)
        .await
        .unwrap()
        .expect("大阪府 has a minimum wage")
        .hourly_yen;
    let rise_on = today + chrono::Duration::days(20);
    entity::minimum_wage::ActiveModel {
        prefecture_code: Set("27".into()),
        hourly_yen: Set(current + 100),
        effective_date: Set(rise_on),
        fiscal_year: Set(2099),
        verified: Set(true),
        source: Set("test".into()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let wage = (current + 50).to_string();
    let form = order_form("清掃スタッフ", "9:00", "13:00", &[("base_wage_min", &wage)]);
    let (review, _) = job_orders::review(&app.db, &e, &form, today).await.unwrap();
    let rise = review
        .issues
        .iter()
        .find(|i| i.code == "minimum_wage_rise")
        .expect("the rise is warned about");
    assert!(
        rise.message
            .contains(&tsunagu::domain::wareki::format_wareki(rise_on)),
        "{}",
        rise.message
    );
    assert!(
        !review.issues.iter().any(|i| i.code == "minimum_wage"),
        "lawful today"
    );
    // A wage above the coming minimum is not warned about.
    let wage = (current + 150).to_string();
    let form = order_form("清掃スタッフ", "9:00", "13:00", &[("base_wage_min", &wage)]);
    let (review, _) = job_orders::review(&app.db, &e, &form, today).await.unwrap();
    assert!(!review.issues.iter().any(|i| i.code == "minimum_wage_rise"));
}

async fn unreadable_api_bodies_and_page_queries_answer_in_japanese(app: TestApp) {
    let (office, _admin, staff) = app.office_with_users("TOYONAKA").await;
    let (_, token) = api_tokens::create(&app.db, &Actor::staff(&staff), &staff, "t")
        .await
        .unwrap();
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    // A job order body that misses its terms.
    let (status, body) = common::api_json(
        &app,
        &token,
        "POST",
        "/api/v1/job-orders",
        serde_json::json!({"employer_id": e.id}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let err = &body["errors"][0];
    assert_eq!(err["field"], "terms", "{body}");
    assert_eq!(err["code"], "required");
    assert!(err["message"].as_str().unwrap().contains("必須"));
    // A body that is not JSON at all.
    let (status, bytes) = common::api_call(
        &app,
        &token,
        "POST",
        "/api/v1/employers",
        serde_json::json!("{"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON, not plain text");
    assert!(v["errors"].is_array());
    // A page whose query cannot be read.
    let o = open_order(
        &app,
        &staff,
        e.id,
        &order_form("清掃スタッフ", "9:00", "13:00", &[]),
    )
    .await;
    let mut c = app.signed_in(&staff.email).await;
    let page = c.get(&format!("/job-orders/{}/diff", o.id)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.body.contains("もう一度お試しください"));
    // A path that names no record.
    let page = c.get("/job-orders/abc").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("ページが見つかりません"));
}

async fn occupations_are_never_blank_and_admins_can_name_them(app: TestApp) {
    let (office, admin, staff) = app.office_with_users("TOYONAKA").await;
    let options = refdata::occupation_options(&app.db).await.unwrap();
    assert!(
        options
            .iter()
            .any(|(c, l)| c == "067" && l.contains("名称未確認"))
    );
    for (code, label) in &options {
        let name = label
            .trim_start_matches(['　', '【'])
            .trim_start_matches(code.as_str());
        assert!(
            !name.trim_matches(['】', ' ']).is_empty(),
            "{code} has a blank name"
        );
    }
    // The table is the deployment's: staff and office admins cannot import, a システム管理者
    // can; a bad line saves nothing.
    let mut s = app.signed_in(&staff.email).await;
    assert_eq!(
        s.get("/admin/occupations").await.status,
        StatusCode::FORBIDDEN
    );
    let mut oa = app.signed_in(&admin.email).await;
    let page = oa.get("/admin/occupations").await;
    assert!(
        page.body.contains("システム管理者が行います"),
        "read-only for office admins"
    );
    assert!(!page.body.contains("name=\"names\""));
    let res = oa
        .post_form(
            "/admin/occupations",
            &[("_csrf", &page.csrf()), ("names", "067,X")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let system = app
        .user(office.id, "sys@toyonaka.example.jp", "system")
        .await;
    let mut a = app.signed_in(&system.email).await;
    let page = a.get("/admin/occupations").await;
    assert!(page.body.contains("067"));
    let res = a
        .submit(
            "/admin/occupations",
            "/admin/occupations",
            &[("names", "067,テスト職業A\n999,ない職業")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("999"));
    assert!(res.body.contains("テスト職業A"), "typed text kept");
    assert_eq!(
        refdata::occupation_name(&app.db, "067").await.unwrap(),
        "名称未確認"
    );
    let res = a
        .submit(
            "/admin/occupations",
            "/admin/occupations",
            &[("names", "code,name\n067,テスト職業A")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        refdata::occupation_name(&app.db, "067").await.unwrap(),
        "テスト職業A"
    );
    let audit = common::audit_entries(&app.db, office.id).await;
    assert_eq!(
        audit
            .iter()
            .filter(|(a, _, _)| a == "refdata.occupations")
            .count(),
        1
    );
}

async fn the_annual_report_always_has_the_refusal_figure(app: TestApp) {
    let (_office, _admin, staff) = app.office_with_users("TOYONAKA").await;
    let mut c = app.signed_in(&staff.email).await;
    let fy = tsunagu::domain::fiscal_year::fiscal_year_of(today());
    let page = c.get(&format!("/reports/annual?fiscal_year={fy}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("不受理（合計）"));
    assert!(
        page.body
            .contains("3号 労働関係法令違反で処分・公表等を受けた者の求人")
    );
    assert!(page.body.contains("4号 労働条件の明示"));
}

async fn the_seeker_page_shows_every_limit_and_the_record_in_fixed_queries(app: TestApp) {
    let (office, _admin, staff) = app.office_with_users("TOYONAKA").await;
    let mut input = common::builders::seeker_input("表示 花子", "9:00-13:00");
    input.max_daily_hours = "4".into();
    input.earliest_start = "2026-12-01".into();
    let s = tsunagu::services::job_seekers::register(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        &input,
        today(),
    )
    .await
    .unwrap();
    // 60 employers: the 受入れ先 choice is not cut at the first page of 50, and the ones
    // that host experiences come first.
    for n in 0..60 {
        employer(&app, office.id, &format!("株式会社テスト{n:02}")).await;
    }
    let mut c = app.signed_in(&staff.email).await;
    let page = c.get(&format!("/job-seekers/{}", s.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("1日4時間まで"), "daily maximum shown");
    assert!(
        page.body.contains("令和8年12月1日から就業可能"),
        "earliest start shown"
    );
    let select = &page.body[page.body.find("name=\"employer_id\"").unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    // Every employer, after a blank first choice (no host is chosen for the user).
    assert_eq!(
        select.matches("<option").count(),
        61,
        "every employer offered"
    );
    assert!(select.contains("<option value=\"\">"));
}

/// Issue 10 item 8: A opens the edit form, B saves, A saves — B's change stays, A is told and
/// keeps what they typed.
async fn a_second_save_over_a_newer_version_is_refused_not_lost(app: TestApp) {
    let (office, admin, staff) = app.office_with_users("TOYONAKA").await;
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let o = job_orders::create_draft(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        e.id,
        &order_form("清掃スタッフ", "9:00", "13:00", &[]),
        "staff",
    )
    .await
    .unwrap();
    let edit = format!("/job-orders/{}/edit", o.id);
    let mut a = app.signed_in(&staff.email).await;
    let mut b = app.signed_in(&admin.email).await;
    let form_a = a.get(&edit).await;
    let lock = lock_in(&form_a.body);
    let fields = |title: &'static str, lock: &str| -> Vec<(String, String)> {
        let mut v = common::builders::order_pairs(title, "9:00", "13:00", &[]);
        v.push(("lock".into(), lock.to_owned()));
        v.push(("action".into(), "save".into()));
        v
    };
    // B saves first, from a fresh form.
    let form_b = b.get(&edit).await;
    let lock_b = lock_in(&form_b.body);
    let fb = fields("ビル清掃スタッフ", &lock_b);
    let fb: Vec<(&str, &str)> = fb.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = b.submit(&edit, &edit, &fb).await;
    assert!(
        res.status.is_redirection() || res.status.is_success(),
        "{}",
        res.status
    );
    // A saves over the older version: refused, A's input shown again, B's change kept.
    let fa = fields("窓拭きスタッフ", &lock);
    let fa: Vec<(&str, &str)> = fa.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = a.submit(&edit, &edit, &fa).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("他の職員が先に更新しました"));
    assert!(
        res.body.contains("value=\"窓拭きスタッフ\""),
        "A's input kept"
    );
    assert!(res.body.contains("職種名"), "what differs is named");
    let saved = job_orders::get(&app.db, office.id, o.id).await.unwrap();
    assert_eq!(
        saved.occupation_title, "ビル清掃スタッフ",
        "B's change is not lost"
    );
    // Saving again from the refused page (now on the newer version) goes through.
    let newer = lock_in(&res.body);
    let fa = fields("窓拭きスタッフ", &newer);
    let fa: Vec<(&str, &str)> = fa.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = a.submit(&edit, &edit, &fa).await;
    assert!(
        res.status.is_redirection() || res.status.is_success(),
        "{}",
        res.status
    );
    let saved = job_orders::get(&app.db, office.id, o.id).await.unwrap();
    assert_eq!(saved.occupation_title, "窓拭きスタッフ");
}

async fn an_employer_edit_over_a_newer_version_is_refused_not_lost(app: TestApp) {
    let (office, admin, staff) = app.office_with_users("TOYONAKA").await;
    let e = employer(&app, office.id, "株式会社つなぐ清掃").await;
    let edit = format!("/employers/{}/edit", e.id);
    let mut a = app.signed_in(&staff.email).await;
    let mut b = app.signed_in(&admin.email).await;
    let lock_a = lock_in(&a.get(&edit).await.body);
    let lock_b = lock_in(&b.get(&edit).await.body);
    let fields = |phone: &'static str, lock: String| -> Vec<(&'static str, String)> {
        vec![
            ("lock", lock),
            ("name", "株式会社つなぐ清掃".into()),
            ("prefecture_code", "27".into()),
            ("municipality", "豊中市".into()),
            ("address", "中桜塚1-1-1".into()),
            ("contact_name", "採用 花子".into()),
            ("contact_phone", phone.into()),
        ]
    };
    let fb = fields("06-1111-2222", lock_b);
    let fb: Vec<(&str, &str)> = fb.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        b.submit(&edit, &edit, &fb).await.status,
        StatusCode::SEE_OTHER
    );
    let fa = fields("06-3333-4444", lock_a);
    let fa: Vec<(&str, &str)> = fa.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = a.submit(&edit, &edit, &fa).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("他の職員が先にこの求人者を更新しました"));
    assert!(
        res.body.contains("担当者の電話番号"),
        "what differs is named"
    );
    assert!(res.body.contains("06-3333-4444"), "A's input kept");
    let saved = employers::get(&app.db, office.id, e.id).await.unwrap();
    assert_eq!(
        saved.contact_phone, "06-1111-2222",
        "B's change is not lost"
    );
    // From the refused page (now on the newer version) the save goes through.
    let fa = fields("06-3333-4444", lock_in(&res.body));
    let fa: Vec<(&str, &str)> = fa.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        a.submit(&edit, &edit, &fa).await.status,
        StatusCode::SEE_OTHER
    );
    let saved = employers::get(&app.db, office.id, e.id).await.unwrap();
    assert_eq!(saved.contact_phone, "06-3333-4444");
}

async fn a_seeker_edit_over_a_newer_version_is_refused_not_lost(app: TestApp) {
    use tsunagu::services::job_seekers;
    let (office, admin, staff) = app.office_with_users("TOYONAKA").await;
    let s = common::builders::seeker(&app, &staff, "編集 花子").await;
    // Both open the record (the form carries its version).
    let opened_a = job_seekers::JobSeekerInput::from_model(&s);
    let mut by_b = opened_a.clone();
    by_b.phone = "090-1111-2222".into();
    job_seekers::update(
        &app.db,
        &Actor::staff(&admin),
        office.id,
        s.id,
        &by_b,
        today(),
    )
    .await
    .unwrap();
    let mut by_a = opened_a;
    by_a.phone = "090-3333-4444".into();
    let err = job_seekers::update(
        &app.db,
        &Actor::staff(&staff),
        office.id,
        s.id,
        &by_a,
        today(),
    )
    .await
    .unwrap_err();
    match err {
        tsunagu::services::ServiceError::Invalid(e) => {
            let m = &e.map()["lock"][0];
            assert!(m.contains("他の職員が先に"), "{m}");
            assert!(m.contains("電話番号"), "{m}");
        }
        other => panic!("{other:?}"),
    }
    let saved = job_seekers::get(&app.db, office.id, s.id).await.unwrap();
    assert_eq!(saved.phone, "090-1111-2222", "B's change is not lost");
}

/// The version an edit form carries (its hidden `lock` field).
fn lock_in(body: &str) -> String {
    let marker = "name=\"lock\" value=\"";
    let start = body.find(marker).expect("the form carries its version") + marker.len();
    body[start..start + body[start..].find('"').unwrap()].to_owned()
}
