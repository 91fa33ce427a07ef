//! Office settings, staff accounts and reference data, through the admin's pages.
mod common;
use axum::http::StatusCode;
use chrono::NaiveDate;
use common::{PASSWORD, TestApp};
use tsunagu::services::{Actor, offices, refdata};

db_tests!(
    office_settings_are_saved_and_audited,
    bad_office_settings_keep_what_was_typed,
    admin_creates_staff_who_can_sign_in,
    staff_change_their_own_password,
    bundled_reference_data_is_loaded,
    minimum_wage_in_force_on_a_date,
    minimum_wage_csv_import_corrects_and_adds,
    bad_minimum_wage_csv_is_explained,
    unverified_table_can_be_confirmed,
    migrations_and_reference_data_are_idempotent,
);

fn office_fields<'a>(
    name: &'a str,
    phone: &'a str,
    population: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("code", "A"),
        ("municipality", "豊中市"),
        ("prefecture_code", "27"),
        ("postal_code", "561-8501"),
        ("address", "豊中市中桜塚3丁目1番1号"),
        ("phone", phone),
        ("fax", "06-6858-5112"),
        ("email", "shokai@city.example.jp"),
        ("population", population),
        ("scope_of_handling", "取扱職種：全職種"),
        ("complaint_handling", "苦情は窓口で受け付けます。"),
        ("privacy_policy", "個人情報は適正に管理します。"),
        ("validity_rule", "month_end+3"),
    ]
}

async fn office_settings_are_saved_and_audited(app: TestApp) {
    let (office, admin, _) = app.office_with_users("A").await;
    let mut c = app.signed_in(&admin.email).await;
    let res = c
        .submit(
            "/admin/office",
            "/admin/office",
            &office_fields(
                "豊中市無料職業紹介所",
                "０６－６８５８－５１１１",
                "401,558",
            ),
        )
        .await;
    assert_eq!(
        res.location(),
        Some("/admin/office?notice=saved"),
        "{}",
        res.body
    );
    let o = offices::get(&app.db, office.id).await.unwrap();
    assert_eq!(o.phone, "06-6858-5111");
    assert_eq!(o.population, Some(401_558));
    assert_eq!(o.validity_rule, "month_end+3");
    assert_eq!(o.address, "豊中市中桜塚3丁目1番1号");
    let page = c.get("/admin/office?notice=saved").await;
    assert!(page.body.contains("保存しました"));
    assert!(page.body.contains("受理日の属する月の3か月後の末日まで"));
    // The header shows the new name.
    assert!(page.body.contains("豊中市無料職業紹介所"));
    let audit = c.get("/admin/audit?entity_type=office").await;
    assert!(audit.body.contains("設定を変更"), "{}", audit.body);
    assert!(audit.body.contains("population"));
}

async fn bad_office_settings_keep_what_was_typed(app: TestApp) {
    let (office, admin, _) = app.office_with_users("A").await;
    let mut c = app.signed_in(&admin.email).await;
    let mut fields = office_fields("新しい名称", "12-34", "たくさん");
    fields.retain(|(k, _)| *k != "privacy_policy");
    fields.push(("privacy_policy", ""));
    let res = c.submit("/admin/office", "/admin/office", &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("電話番号を市外局番から入力してください"));
    assert!(res.body.contains("人口は正の整数で入力してください"));
    assert!(
        res.body
            .contains("職業安定法第29条の5により明示が必要な事項です")
    );
    assert!(res.body.contains("value=\"新しい名称\"") && res.body.contains("value=\"たくさん\""));
    assert_eq!(
        offices::get(&app.db, office.id).await.unwrap().name,
        office.name,
        "nothing saved"
    );
}

async fn admin_creates_staff_who_can_sign_in(app: TestApp) {
    let (_, admin, _) = app.office_with_users("A").await;
    let mut c = app.signed_in(&admin.email).await;
    let fields = [
        ("name", "窓口 一郎"),
        ("email", "ichiro@a.example.jp"),
        ("role", "staff"),
        ("password", PASSWORD),
        ("password_confirmation", PASSWORD),
    ];
    let res = c.submit("/admin/users/new", "/admin/users", &fields).await;
    assert_eq!(res.location(), Some("/admin/users?notice=created"));
    assert!(c.get("/admin/users").await.body.contains("窓口 一郎"));
    // The same address twice is refused next to the field.
    let res = c.submit("/admin/users/new", "/admin/users", &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body
            .contains("このメールアドレスは既に登録されています")
    );
    assert!(res.body.contains("value=\"窓口 一郎\""));
    // Mismatched confirmation.
    let res = c
        .submit(
            "/admin/users/new",
            "/admin/users",
            &[
                ("name", "二郎"),
                ("email", "jiro@a.example.jp"),
                ("role", "staff"),
                ("password", PASSWORD),
                ("password_confirmation", "something else"),
            ],
        )
        .await;
    assert!(res.body.contains("確認用のパスワードが一致しません"));
    let mut s = app.client();
    assert_eq!(
        s.sign_in("ichiro@a.example.jp", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn staff_change_their_own_password(app: TestApp) {
    let (_, _, staff) = app.office_with_users("A").await;
    let mut c = app.signed_in(&staff.email).await;
    let res = c
        .submit(
            "/settings",
            "/settings/password",
            &[
                ("current_password", "wrong one!!"),
                ("password", "a new long password"),
                ("password_confirmation", "a new long password"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("現在のパスワードが正しくありません"));
    let res = c
        .submit(
            "/settings",
            "/settings/password",
            &[
                ("current_password", PASSWORD),
                ("password", "a new long password"),
                ("password_confirmation", "a new long password"),
            ],
        )
        .await;
    assert_eq!(res.location(), Some("/settings?notice=password"));
    assert_eq!(
        app.client().sign_in(&staff.email, PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.client()
            .sign_in(&staff.email, "a new long password")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

async fn bundled_reference_data_is_loaded(app: TestApp) {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    assert_eq!(refdata::prefectures(&app.db).await.unwrap().len(), 47);
    let wages = refdata::minimum_wages(&app.db).await.unwrap();
    for fy in [2024, 2025, 2026] {
        assert_eq!(
            wages.iter().filter(|w| w.fiscal_year == fy).count(),
            47,
            "FY{fy}"
        );
    }
    assert!(
        wages
            .iter()
            .filter(|w| w.fiscal_year <= 2025)
            .all(|w| w.verified)
    );
    assert!(
        wages
            .iter()
            .filter(|w| w.fiscal_year == 2026)
            .all(|w| !w.verified),
        "the 2026 table is unverified"
    );
    assert!(refdata::occupation_count(&app.db, "2022").await.unwrap() > 100);
    assert_eq!(entity::era::Entity::find().count(&app.db).await.unwrap(), 5);
    assert_eq!(
        entity::industry::Entity::find()
            .filter(entity::industry::Column::Code.eq("D"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .name,
        "建設業"
    );
}

async fn minimum_wage_in_force_on_a_date(app: TestApp) {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    // 東京: 1,163 from 2024-10-01, 1,226 from 2025-10-03.
    let on = |date| {
        let db = app.db.clone();
        async move {
            refdata::minimum_wage_on(&db, "13", date)
                .await
                .unwrap()
                .map(|w| w.hourly_yen)
        }
    };
    assert_eq!(on(d(2024, 9, 30)).await, None);
    assert_eq!(on(d(2024, 10, 1)).await, Some(1163));
    assert_eq!(on(d(2025, 10, 2)).await, Some(1163));
    assert_eq!(on(d(2025, 10, 3)).await, Some(1226));
    // 秋田's FY2025 revision takes effect only on 2026-03-31.
    let akita = refdata::minimum_wage_on(&app.db, "05", d(2026, 3, 30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(akita.effective_date.format("%Y").to_string(), "2024");
    let akita = refdata::minimum_wage_on(&app.db, "05", d(2026, 3, 31))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(akita.hourly_yen, 1031);
}

async fn minimum_wage_csv_import_corrects_and_adds(app: TestApp) {
    let (office, admin, _) = app.office_with_users("A").await;
    let d = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let before = refdata::minimum_wage_on(&app.db, "01", d)
        .await
        .unwrap()
        .unwrap();
    assert!(!before.verified);
    let csv = "\u{feff}pref_code,pref_name,hourly_yen,effective_date\n01,北海道,\"1,140\",2026-10-01\n13,東京都,1300,2027-10-01\n";
    let report = refdata::import_minimum_wages(&app.db, &Actor::staff(&admin), csv.as_bytes())
        .await
        .unwrap();
    assert_eq!((report.inserted, report.updated), (1, 1));
    let after = refdata::minimum_wage_on(&app.db, "01", d)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (after.hourly_yen, after.verified, after.confirmed_by),
        (1140, true, Some(admin.id))
    );
    let tokyo =
        refdata::minimum_wage_on(&app.db, "13", NaiveDate::from_ymd_opt(2027, 10, 1).unwrap())
            .await
            .unwrap()
            .unwrap();
    assert_eq!((tokyo.hourly_yen, tokyo.fiscal_year), (1300, 2027));
    assert!(
        common::audit_entries(&app.db, office.id)
            .await
            .iter()
            .any(|(a, t, _)| a == "import" && t == "minimum_wage")
    );
}

async fn bad_minimum_wage_csv_is_explained(app: TestApp) {
    let (office, _, _) = app.office_with_users("A").await;
    let sys = app.user(office.id, "sys@a.example.jp", "system").await;
    let mut c = app.signed_in(&sys.email).await;
    let token = c.get("/admin/refdata").await.csrf();
    let boundary = "XBOUNDARY";
    let csv = "pref_code,pref_name,hourly_yen,effective_date\n99,どこか,abc,2026-13-01\n";
    // The CSRF token travels as a field of the upload, like any form's.
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mw.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let req = axum::http::Request::post("/admin/refdata/minimum-wages")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("origin", "http://localhost")
        .body(axum::body::Body::from(body))
        .unwrap();
    let res = c.send(req).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body
            .contains("2行目: 都道府県コード「99」が正しくありません")
    );
    assert!(res.body.contains("2行目: 時間額「abc」が正しくありません"));
    assert!(
        res.body
            .contains("2行目: 発効日「2026-13-01」が正しくありません")
    );
    // Without the token the upload is refused; in the URL it is no longer accepted.
    let req = axum::http::Request::post(format!("/admin/refdata/minimum-wages?_csrf={token}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(axum::body::Body::from("--XBOUNDARY--\r\n"))
        .unwrap();
    assert_eq!(c.send(req).await.status, StatusCode::FORBIDDEN);
}

async fn unverified_table_can_be_confirmed(app: TestApp) {
    let (office, _, _) = app.office_with_users("A").await;
    let sys = app.user(office.id, "sys@a.example.jp", "system").await;
    let mut c = app.signed_in(&sys.email).await;
    let page = c.get("/admin/refdata").await;
    assert!(page.body.contains("令和8年度の表を確認済みにする"));
    let home = c.get("/").await;
    assert!(home.body.contains("未確認の最低賃金"));
    let res = c
        .submit(
            "/admin/refdata",
            "/admin/refdata/minimum-wages/2026/confirm",
            &[],
        )
        .await;
    assert_eq!(res.location(), Some("/admin/refdata?notice=confirmed"));
    let wages = refdata::minimum_wages(&app.db).await.unwrap();
    assert!(wages.iter().all(|w| w.verified));
    assert!(!c.get("/").await.body.contains("未確認の最低賃金"));
}

async fn migrations_and_reference_data_are_idempotent(app: TestApp) {
    use migration::MigratorTrait;
    tsunagu::db::migrate(&app.db).await.unwrap();
    tsunagu::db::migrate(&app.db).await.unwrap();
    assert_eq!(refdata::prefectures(&app.db).await.unwrap().len(), 47);
    assert_eq!(refdata::minimum_wages(&app.db).await.unwrap().len(), 47 * 3);
    assert!(
        migration::Migrator::get_pending_migrations(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
}
