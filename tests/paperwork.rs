//! Ledgers, the annual report, monthly figures, CSV encodings, PDFs and retention, checked
//! against a data set built by hand.
mod common;
use axum::http::StatusCode;
use chrono::NaiveDate;
use common::TestApp;
use tsunagu::services::employers::{self, EmployerInput};
use tsunagu::services::job_order_form::JobOrderForm;
use tsunagu::services::job_seekers::{self, JobSeekerInput};
use tsunagu::services::placements::{self, FollowUpInput};
use tsunagu::services::referrals::{self, ReferralInput, ResultInput};
use tsunagu::services::{Actor, complaints, job_orders, reports, retention};

db_tests!(
    annual_report_and_ledgers_from_a_known_data_set,
    csv_encodings_and_pdfs,
    retention_keeps_the_figures,
    complaint_register
);

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn order_form(title: &str, contract: Option<u32>, weekly: &str, openings: &str) -> JobOrderForm {
    let months = contract.map(|m| m.to_string()).unwrap_or_default();
    let mut v: Vec<(&str, &str)> = vec![
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
        ("wage_form", "hourly"),
        ("base_wage_min", "1500"),
        ("pay_closing_day", "月末"),
        ("pay_day", "翌月25日"),
        ("pay_cycle", "monthly"),
        ("shift1_start", "09:00"),
        ("shift1_end", "13:00"),
        ("shift1_break", "0"),
        ("shift1_weekdays", "0"),
        ("weekly_hours", weekly),
        ("weekly_days", "2"),
        ("holidays", "土日祝"),
        ("insurance_workers_comp", "1"),
        ("selection_method", "面接"),
    ];
    if contract.is_some() {
        v.extend([
            ("contract_kind", "fixed"),
            ("contract_months", months.as_str()),
            ("renewal_possibility", "none"),
        ]);
    } else {
        v.push(("contract_kind", "indefinite"));
    }
    JobOrderForm::from_pairs(
        &v.into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect::<Vec<_>>(),
    )
}

fn seeker(name: &str, phone: &str, support: &[&str]) -> JobSeekerInput {
    JobSeekerInput {
        consent: Some("1".into()),
        consent_method: "written".into(),
        name: name.into(),
        name_kana: "テスト".into(),
        birth_date: "1985-06-01".into(),
        prefecture_code: "27".into(),
        municipality: "豊中市".into(),
        address: "1-1".into(),
        phone: phone.into(),
        occupation1: "096".into(),
        desired_employment: "any".into(),
        support_categories: support.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

struct World {
    office_id: i32,
    staff: entity::staff_user::Model,
}

async fn accept(
    app: &TestApp,
    w: &World,
    employer_id: i32,
    form: JobOrderForm,
    on: NaiveDate,
) -> entity::job_order::Model {
    let a = Actor::staff(&w.staff);
    let o = job_orders::create_draft(&app.db, &a, w.office_id, employer_id, &form, "staff")
        .await
        .unwrap();
    job_orders::accept(&app.db, &a, w.office_id, o.id, on, true)
        .await
        .unwrap()
}

#[allow(clippy::too_many_arguments)] // a test helper that reads like the sentence it replaces
async fn hire(
    app: &TestApp,
    w: &World,
    order: i32,
    seeker: i32,
    referred: NaiveDate,
    start: &str,
    months: Option<&str>,
    weekly: &str,
    recorded: NaiveDate,
) -> entity::placement::Model {
    let a = Actor::staff(&w.staff);
    let r = referrals::create(
        &app.db,
        &a,
        w.office_id,
        &ReferralInput {
            job_order_id: order,
            job_seeker_id: seeker,
            conditions_shown_method: "written".into(),
            ..Default::default()
        },
        referred,
    )
    .await
    .unwrap();
    let i = ResultInput {
        result: "hired".into(),
        received_via: "fax".into(),
        start_date: start.into(),
        indefinite: months.is_none().then(|| "1".into()),
        contract_months: months.unwrap_or("").into(),
        weekly_hours: weekly.into(),
        hourly_yen: "1500".into(),
        ..Default::default()
    };
    referrals::record_result(&app.db, &a, w.office_id, r.id, &i, recorded)
        .await
        .unwrap()
        .placement
        .unwrap()
}

async fn leave(
    app: &TestApp,
    w: &World,
    p: &entity::placement::Model,
    kind: &str,
    on: &str,
    reason: &str,
) {
    let f = placements::follow_ups_of(&app.db, p.id)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.due_kind == kind)
        .unwrap();
    placements::record_follow_up(
        &app.db,
        &Actor::staff(&w.staff),
        w.office_id,
        f.id,
        &FollowUpInput {
            done_on: on.into(),
            contact_with: "employer".into(),
            channel: "phone".into(),
            result: "left".into(),
            left_reason: reason.into(),
            left_on: on.into(),
            ..Default::default()
        },
        d(2027, 6, 30),
    )
    .await
    .unwrap();
}

/// The data set (FY2026 = 2026-04-01 … 2027-03-31); see each line.
async fn build(app: &TestApp) -> World {
    let (office, _, staff) = app.office_with_users("A").await;
    let w = World {
        office_id: office.id,
        staff,
    };
    let a = Actor::staff(&w.staff);
    let mut office_input = tsunagu::services::offices::OfficeInput::from_model(&office);
    office_input.population = "400000".into();
    tsunagu::services::offices::update(&app.db, &a, office.id, &office_input)
        .await
        .unwrap();
    let e = employers::create(
        &app.db,
        &a,
        office.id,
        &EmployerInput {
            name: "株式会社髙橋𠮷田清掃".into(),
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
    // Seekers: S4 registered in FY2025; S3, S2, S1 in FY2026; S5 near the end (valid at 3月末).
    let s4 = job_seekers::register(
        &app.db,
        &a,
        office.id,
        &seeker("S4", "090-0000-0004", &[]),
        d(2026, 3, 1),
    )
    .await
    .unwrap();
    let s3 = job_seekers::register(
        &app.db,
        &a,
        office.id,
        &seeker("S3", "090-0000-0003", &["elderly"]),
        d(2026, 4, 5),
    )
    .await
    .unwrap();
    let s2 = job_seekers::register(
        &app.db,
        &a,
        office.id,
        &seeker("S2", "090-0000-0002", &["disability", "needy"]),
        d(2026, 5, 1),
    )
    .await
    .unwrap();
    let s1 = job_seekers::register(
        &app.db,
        &a,
        office.id,
        &seeker("S1", "090-0000-0001", &["needy"]),
        d(2026, 9, 1),
    )
    .await
    .unwrap();
    job_seekers::register(
        &app.db,
        &a,
        office.id,
        &seeker("S5", "090-0000-0005", &[]),
        d(2027, 2, 10),
    )
    .await
    .unwrap();
    let _ = s4;
    // O1: accepted in FY2025, valid into FY2026 and expired on 2026-05-31.
    accept(
        app,
        &w,
        e.id,
        order_form("前年度の清掃", None, "20", "2"),
        d(2026, 3, 20),
    )
    .await;
    job_orders::expire_due(&app.db, d(2026, 6, 1))
        .await
        .unwrap();
    // O5: 2026-04-10, S3 hired 2026-05-01 (無期, 30h) and left after 7 months.
    let o5 = accept(
        app,
        &w,
        e.id,
        order_form("館内清掃", None, "30", "1"),
        d(2026, 4, 10),
    )
    .await;
    let p5 = hire(
        app,
        &w,
        o5.id,
        s3.id,
        d(2026, 4, 20),
        "2026-05-01",
        None,
        "30",
        d(2026, 4, 25),
    )
    .await;
    leave(app, &w, &p5, "6m", "2026-12-01", "self").await;
    // O2: 2026-05-10, 3-month contract (臨時), 12h; S2 hired from 2026-06-01 for 3 months.
    let o2 = accept(
        app,
        &w,
        e.id,
        order_form("短期の清掃", Some(3), "12", "1"),
        d(2026, 5, 10),
    )
    .await;
    hire(
        app,
        &w,
        o2.id,
        s2.id,
        d(2026, 5, 12),
        "2026-06-01",
        Some("3"),
        "12",
        d(2026, 5, 20),
    )
    .await;
    // O6: rejected (不受理, 2号) on 2026-07-01.
    let o6 = job_orders::create_draft(
        &app.db,
        &a,
        office.id,
        e.id,
        &order_form("不受理の求人", None, "20", "1"),
        "staff",
    )
    .await
    .unwrap();
    job_orders::reject(
        &app.db,
        &a,
        office.id,
        o6.id,
        &job_orders::RejectInput {
            ground: "2".into(),
            reason: "賃金が著しく低い".into(),
        },
        d(2026, 7, 1),
    )
    .await
    .unwrap();
    // O4: 2026-10-01; S1 hired 2026-11-01 (無期, 20h) and left after 5 months.
    let o4 = accept(
        app,
        &w,
        e.id,
        order_form("事務所清掃", None, "20", "1"),
        d(2026, 10, 1),
    )
    .await;
    let p4 = hire(
        app,
        &w,
        o4.id,
        s1.id,
        d(2026, 10, 5),
        "2026-11-01",
        None,
        "20",
        d(2026, 10, 20),
    )
    .await;
    leave(app, &w, &p4, "6m", "2027-04-01", "self").await;
    // O3: 2027-03-15, 8h a week, 3 openings, still valid on 3月末.
    accept(
        app,
        &w,
        e.id,
        order_form("週1日の清掃", None, "8", "3"),
        d(2027, 3, 15),
    )
    .await;
    // A complaint received and closed in the year.
    complaints::create(
        &app.db,
        &a,
        office.id,
        &complaints::ComplaintInput {
            received_on: "2026-08-01".into(),
            from_kind: "seeker".into(),
            from_name: "山田".into(),
            subject: "紹介状の記載誤り".into(),
            response: "訂正して再交付".into(),
            closed_on: "2026-08-03".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    w
}

async fn annual_report_and_ledgers_from_a_known_data_set(app: TestApp) {
    let w = build(&app).await;
    let data = reports::load(&app.db, w.office_id).await.unwrap();
    let r = reports::annual(&data, 2026, d(2027, 6, 30));
    let t = |b: reports::ByTerm| (b.regular, b.temporary, b.daily, b.total);
    assert_eq!(
        t(r.new_orders),
        (3, 1, 0, 4),
        "O5, O4, O3 常用; O2 臨時; O1 is last year's, O6 was rejected"
    );
    assert_eq!(t(r.new_openings), (5, 1, 0, 6));
    assert_eq!(
        t(r.valid_orders_at_end),
        (1, 0, 0, 1),
        "only O3 on 2027-03-31"
    );
    assert_eq!(t(r.valid_openings_at_end), (3, 0, 0, 3));
    assert_eq!(r.new_seekers, 4);
    assert_eq!(r.valid_seekers_at_end, 1, "only S5");
    assert_eq!(r.referrals, 3);
    assert_eq!(t(r.placements), (2, 1, 0, 3));
    assert_eq!(r.placements_indefinite, 2);
    assert_eq!(
        r.left_within_6_months_not_dismissal, 1,
        "left at 5 months counts, at 7 months does not"
    );
    assert_eq!(r.unknown, 1, "S2's 6-month follow-up was never confirmed");
    assert_eq!((r.short_orders_under_20h, r.short_orders_under_10h), (2, 1));
    assert_eq!(
        (r.short_placements_under_20h, r.short_placements_under_10h),
        (1, 0)
    );
    assert_eq!(r.rejections.get("2"), Some(&1));
    assert_eq!((r.complaints, r.complaints_closed), (1, 1));
    assert_eq!(r.by_occupation.get("15"), Some(&(4, 3)));
    assert_eq!(r.by_support.get("needy"), Some(&(2, 2)));
    assert_eq!(r.by_support.get("elderly"), Some(&(1, 1)));
    // The previous year sees O1 and S4.
    let prev = reports::annual(&data, 2025, d(2027, 6, 30));
    assert_eq!(
        (
            prev.new_orders.total,
            prev.new_seekers,
            prev.valid_orders_at_end.total
        ),
        (1, 1, 1)
    );
    // Monthly figures.
    let months = reports::monthly(&data, (2026, 5), (2026, 6), Some(400_000));
    assert_eq!(months[0].month, "2026-05");
    assert_eq!(
        (
            months[0].new_openings,
            months[0].new_seekers,
            months[0].referrals
        ),
        (1, 1, 1)
    );
    assert_eq!(
        months[0].valid_openings,
        2 + 1,
        "O1 (2) carried (O5 was filled on 4/25), O2 (1) new"
    );
    assert_eq!(months[1].placements, 1);
    assert_eq!(months[1].placements_per_100k, Some(0.25));
    // The 求人管理簿, row by row (by 受付年月日).
    let rows = tsunagu::services::ledgers::rows(
        &app.db,
        w.office_id,
        tsunagu::services::ledgers::Ledger::JobOrders,
        &Default::default(),
        0,
        100,
    )
    .await
    .unwrap();
    let titles: Vec<&str> = rows.iter().map(|r| r[7].as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "前年度の清掃",
            "館内清掃",
            "短期の清掃",
            "不受理の求人",
            "事務所清掃",
            "週1日の清掃"
        ]
    );
    let o2 = &rows[2];
    assert_eq!(o2[1], "株式会社髙橋𠮷田清掃");
    assert_eq!(o2[4], "令和8年5月10日");
    assert_eq!(o2[9], "期間の定めあり（3か月）");
    // The workplace and the wage are those of the terms in force.
    {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let order = entity::job_order::Entity::find()
            .filter(entity::job_order::Column::OccupationTitle.eq("短期の清掃"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let terms = tsunagu::services::job_orders::terms_of_versions(
            &app.db,
            &[(order.id, order.accepted_version.unwrap())],
        )
        .await
        .unwrap()
        .remove(&order.id)
        .unwrap();
        assert_eq!(
            o2[8],
            format!(
                "{}{}",
                terms.workplace_municipality, terms.workplace_address
            )
        );
        assert!(!o2[8].is_empty());
        assert_eq!(o2[10], tsunagu::present::job_order_sheet::wage_text(&terms));
        assert!(o2[10].contains('円'), "{}", o2[10]);
    }
    assert!(
        o2[12].contains("令和8年5月12日 S2 採用 採用令和8年6月1日 無期:いいえ"),
        "{}",
        o2[12]
    );
    assert!(rows[4][12].contains("6か月以内離職:あり"));
    assert!(rows[1][12].contains("6か月以内離職:なし"));
    assert_eq!(rows[0][11], "期限切れ");
    let seekers = tsunagu::services::ledgers::rows(
        &app.db,
        w.office_id,
        tsunagu::services::ledgers::Ledger::JobSeekers,
        &Default::default(),
        0,
        100,
    )
    .await
    .unwrap();
    assert_eq!(
        seekers.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(),
        vec!["S4", "S3", "S2", "S1", "S5"]
    );
    assert!(seekers[3][8].contains("株式会社髙橋𠮷田清掃 採用"));
    // Filtered by period.
    let f = tsunagu::services::ledgers::LedgerFilter {
        from: "2026-04-01".into(),
        to: "2027-03-31".into(),
        ..Default::default()
    };
    assert_eq!(
        tsunagu::services::ledgers::count(
            &app.db,
            w.office_id,
            tsunagu::services::ledgers::Ledger::Referrals,
            &f,
            100
        )
        .await
        .unwrap(),
        (3, false)
    );
    // Printing reads the same rows along the key, and refuses past its cap.
    use tsunagu::services::ledgers::{Ledger, rows_for_print};
    let printed = rows_for_print(&app.db, w.office_id, Ledger::Referrals, &f, 3)
        .await
        .unwrap();
    let shown =
        tsunagu::services::ledgers::rows(&app.db, w.office_id, Ledger::Referrals, &f, 0, 100)
            .await
            .unwrap();
    assert_eq!(printed, shown);
    match rows_for_print(&app.db, w.office_id, Ledger::Referrals, &f, 2).await {
        Err(tsunagu::services::ServiceError::Refused(m)) => {
            assert!(m.contains("2件まで") && m.contains("CSV"), "{m}")
        }
        other => panic!("expected a refusal, got {:?}", other.map(|r| r.len())),
    }
}

async fn csv_encodings_and_pdfs(app: TestApp) {
    let w = build(&app).await;
    let mut c = app.signed_in(&w.staff.email).await;
    let utf8 = c.get("/ledgers/job-orders/csv").await;
    assert_eq!(utf8.status, StatusCode::OK);
    assert!(utf8.body_bytes.starts_with(b"\xEF\xBB\xBF"), "BOM");
    assert_eq!(
        utf8.body_bytes
            .windows(3)
            .filter(|w| *w == b"\xEF\xBB\xBF")
            .count(),
        1,
        "one BOM only"
    );
    assert!(utf8.body.contains("株式会社髙橋𠮷田清掃"));
    assert!(utf8.body.contains("\r\n"));
    let sjis = c.get("/ledgers/job-orders/csv?encoding=sjis").await;
    assert!(
        sjis.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Shift_JIS")
    );
    let (text, _, errors) = encoding_rs::SHIFT_JIS.decode(&sjis.body_bytes);
    assert!(!errors, "valid Shift_JIS");
    assert!(
        text.contains("株式会社髙橋〓[U+20BB7]田清掃"),
        "a character outside Shift_JIS is shown, not dropped"
    );
    assert!(text.contains("求人管理簿") || text.contains("求人番号"));
    // PDFs: fonts embedded and subset, the Japanese text comes back.
    for (path, needle) in [
        ("/ledgers/job-orders/pdf", "求人管理簿"),
        ("/ledgers/job-seekers/pdf", "求職管理簿"),
        ("/ledgers/referrals/pdf", "紹介台帳"),
        ("/reports/annual/pdf?fiscal_year=2026", "就職件数"),
        ("/complaints/pdf", "苦情処理簿"),
        ("/reports/disclosure.pdf", "取扱職種の範囲等"),
        ("/reports/notices/start", "職業安定法第29条"),
        ("/reports/personal-info-file/pdf", "個人情報ファイル"),
    ] {
        let res = c.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        let check = tsunagu::pdf::testing::check_pdf(&res.body_bytes);
        assert!(
            check.fonts_embedded_and_subset,
            "{path}: {}",
            check.font_lines
        );
        assert!(check.text.contains(needle), "{path}: {needle}");
    }
    // Screens and the monthly dashboard with its charts.
    assert!(
        c.get("/reports/annual?fiscal_year=2026")
            .await
            .body
            .contains("うち6か月以内の離職（解雇を除く）")
    );
    let monthly = c.get("/reports/monthly?from=2026-04&to=2027-03").await;
    assert!(monthly.body.contains("<svg") && monthly.body.contains("有効求人倍率"));
    let csv = c.get("/reports/monthly/csv?from=2026-04&to=2027-03").await;
    assert!(csv.body.contains("2026-05"));
    // The API.
    let (_, token) =
        tsunagu::services::api_tokens::create(&app.db, &Actor::staff(&w.staff), &w.staff, "t")
            .await
            .unwrap();
    let annual = c
        .api_get("/api/v1/reports/annual?fiscal_year=2026", Some(&token))
        .await;
    let v: serde_json::Value = serde_json::from_str(&annual.body).unwrap();
    assert_eq!(v["placements"]["total"], 3);
    let ledger = c
        .api_get("/api/v1/ledgers/referrals.csv", Some(&token))
        .await;
    assert!(ledger.body_bytes.starts_with(b"\xEF\xBB\xBF") && ledger.body.contains("紹介番号"));
    // The public disclosure page.
    assert!(
        app.client()
            .get("/o/A/disclosure")
            .await
            .body
            .contains("個人情報の取扱いに関する事項")
    );
}

async fn retention_keeps_the_figures(app: TestApp) {
    let w = build(&app).await;
    let before = reports::annual(
        &reports::load(&app.db, w.office_id).await.unwrap(),
        2026,
        d(2027, 6, 30),
    );
    // Close every seeker so they are all complete.
    for s in job_seekers::list(
        &app.db,
        w.office_id,
        &job_seekers::SeekerFilter {
            state: "all".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .rows
    {
        if s.state == entity::SeekerState::Active {
            job_seekers::close(
                &app.db,
                &Actor::staff(&w.staff),
                w.office_id,
                s.id,
                "withdrawn",
                d(2027, 4, 1),
            )
            .await
            .unwrap();
        }
    }
    job_seekers::expire_due(&app.db, d(2027, 6, 1))
        .await
        .unwrap();
    assert!(
        retention::due(&app.db, d(2028, 1, 1))
            .await
            .unwrap()
            .iter()
            .all(|x| x.kind != "job_seeker" || x.completed_on < d(2026, 1, 1)),
        "not before two years"
    );
    let due = retention::due(&app.db, d(2030, 1, 1)).await.unwrap();
    assert!(
        due.iter().any(|x| x.kind == "job_seeker") && due.iter().any(|x| x.kind == "complaint")
    );
    let done = retention::apply(&app.db, &Actor::cli(), d(2030, 1, 1))
        .await
        .unwrap();
    assert_eq!(done.len(), due.len());
    let after = reports::annual(
        &reports::load(&app.db, w.office_id).await.unwrap(),
        2026,
        d(2027, 6, 30),
    );
    assert_eq!(before, after, "retention does not change any figure");
    let seekers = job_seekers::list(
        &app.db,
        w.office_id,
        &job_seekers::SeekerFilter {
            state: "all".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .rows;
    assert!(
        seekers
            .iter()
            .all(|s| s.name == retention::MASK && s.phone.is_empty() && s.anonymized_at.is_some())
    );
    assert!(
        common::audit_entries(&app.db, w.office_id)
            .await
            .iter()
            .filter(|(a, _, _)| a == "anonymize")
            .count()
            >= done.len()
    );
    assert!(
        retention::due(&app.db, d(2030, 1, 1))
            .await
            .unwrap()
            .is_empty(),
        "nothing twice"
    );
    // The CLI dry run lists nothing now.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["retention", "--dry-run"])
        .env("DATABASE_URL", &app.test_db.url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 record(s)"));
}

async fn complaint_register(app: TestApp) {
    let (_, _, staff) = app.office_with_users("A").await;
    let mut c = app.signed_in(&staff.email).await;
    let res = c
        .submit(
            "/complaints/new",
            "/complaints",
            &[
                ("received_on", "2026-11-20"),
                ("from_kind", ""),
                ("subject", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("申出人の区分を選択してください")
            && res.body.contains("苦情の内容を入力してください")
    );
    let res = c
        .submit(
            "/complaints/new",
            "/complaints",
            &[
                ("received_on", "2026-11-20"),
                ("from_kind", "employer"),
                ("from_name", "株式会社エー"),
                ("subject", "紹介の連絡が遅い"),
                ("closed_on", "2026-11-21"),
            ],
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "closing needs the response"
    );
    assert!(res.body.contains("対応の内容を記録してください"));
    let res = c
        .submit(
            "/complaints/new",
            "/complaints",
            &[
                ("received_on", "2026-11-20"),
                ("from_kind", "employer"),
                ("from_name", "株式会社エー"),
                ("subject", "紹介の連絡が遅い"),
            ],
        )
        .await;
    assert_eq!(res.location(), Some("/complaints"));
    let list = c.get("/complaints?state=open").await;
    assert!(list.body.contains("紹介の連絡が遅い") && list.body.contains("処理中"));
    assert!(
        !c.get("/complaints?state=closed")
            .await
            .body
            .contains("紹介の連絡が遅い")
    );
}
