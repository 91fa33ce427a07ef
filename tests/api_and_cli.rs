//! The JSON API, its OpenAPI document and Swagger UI, health, and the `tsunagu` command line.
mod common;
use axum::http::StatusCode;
use common::{PASSWORD, TestApp};
use std::process::Command;
use tsunagu::services::{Actor, api_tokens};

db_tests!(
    api_needs_a_bearer_token,
    api_answers_with_office_data,
    cli_creates_office_user_and_token,
);

async fn api_needs_a_bearer_token(app: TestApp) {
    let mut c = app.client();
    let res = c.api_get("/api/v1/me", None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.body.contains("\"error\""), "JSON error: {}", res.body);
    assert_eq!(
        c.api_get("/api/v1/me", Some("tsu_not-a-token"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // A revoked token stops working.
    let (_, admin, _) = app.office_with_users("A").await;
    let (row, token) = api_tokens::create(&app.db, &Actor::staff(&admin), &admin, "test")
        .await
        .unwrap();
    assert_eq!(
        c.api_get("/api/v1/me", Some(&token)).await.status,
        StatusCode::OK
    );
    api_tokens::revoke(&app.db, &admin, row.id).await.unwrap();
    assert_eq!(
        c.api_get("/api/v1/me", Some(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn api_answers_with_office_data(app: TestApp) {
    let (office, _, staff) = app.office_with_users("A").await;
    let (_, token) = api_tokens::create(&app.db, &Actor::staff(&staff), &staff, "test")
        .await
        .unwrap();
    let mut c = app.client();
    let me: serde_json::Value =
        serde_json::from_str(&c.api_get("/api/v1/me", Some(&token)).await.body).unwrap();
    assert_eq!(me["email"], staff.email);
    assert_eq!(me["role"], "staff");
    let o: serde_json::Value =
        serde_json::from_str(&c.api_get("/api/v1/office", Some(&token)).await.body).unwrap();
    assert_eq!(o["id"], office.id);
    assert_eq!(o["validity_rule"], "month_end+2");
    let w: serde_json::Value = serde_json::from_str(
        &c.api_get(
            "/api/v1/minimum-wages?prefecture=27&date=2025-10-16",
            Some(&token),
        )
        .await
        .body,
    )
    .unwrap();
    assert_eq!(w["hourly_yen"], 1177);
    assert_eq!(w["verified"], true);
    assert_eq!(
        c.api_get(
            "/api/v1/minimum-wages?prefecture=27&date=2000-01-01",
            Some(&token)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // The API's description and its viewer are served by the app itself.
    let doc: serde_json::Value =
        serde_json::from_str(&c.get("/api/openapi.json").await.body).unwrap();
    for path in ["/api/v1/me", "/api/v1/office", "/api/v1/minimum-wages"] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let ui = c.get("/api/docs/").await;
    assert_eq!(ui.status, StatusCode::OK);
    assert!(ui.body.contains("swagger"), "Swagger UI page");
    let health = c.get("/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert!(health.body.contains("\"ok\""));
    // Unknown pages get the Japanese 404 page.
    let missing = c.get("/no-such-page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("ページが見つかりません"));
}

fn tsunagu(url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("TSUNAGU_PASSWORD", PASSWORD)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run tsunagu")
}

fn ok(out: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

async fn cli_creates_office_user_and_token(app: TestApp) {
    let url = app.test_db.url.clone();
    ok(&tsunagu(&url, &["migrate"]));
    let out = ok(&tsunagu(
        &url,
        &[
            "office",
            "create",
            "--code",
            "KUSHIRO",
            "--name",
            "釧路市無料職業紹介所",
            "--prefecture",
            "01",
        ],
    ));
    assert!(out.contains("KUSHIRO"));
    // The same code twice is refused with a message.
    let dup = tsunagu(
        &url,
        &[
            "office",
            "create",
            "--code",
            "KUSHIRO",
            "--name",
            "x",
            "--prefecture",
            "01",
        ],
    );
    assert!(!dup.status.success());
    assert!(String::from_utf8_lossy(&dup.stderr).contains("この事業所コードは既に使われています"));
    ok(&tsunagu(
        &url,
        &[
            "user",
            "create",
            "--office",
            "KUSHIRO",
            "--email",
            "admin@kushiro.example.jp",
            "--name",
            "管理者",
            "--role",
            "admin",
        ],
    ));
    let bad_role = tsunagu(
        &url,
        &[
            "user",
            "create",
            "--office",
            "KUSHIRO",
            "--email",
            "x@kushiro.example.jp",
            "--name",
            "x",
            "--role",
            "root",
        ],
    );
    assert!(!bad_role.status.success());
    let out = ok(&tsunagu(
        &url,
        &["token", "create", "--email", "admin@kushiro.example.jp"],
    ));
    let token = out.trim_end().lines().last().unwrap().to_owned();
    assert!(token.starts_with("tsu_") && !token.contains(' '));
    let user = api_tokens::authenticate(&app.db, &token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.email, "admin@kushiro.example.jp");
    // The user can sign in on the web with the password from TSUNAGU_PASSWORD.
    assert_eq!(
        app.client()
            .sign_in("admin@kushiro.example.jp", PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // The planner's statistics: SQLite's tables with rows are analysed once, then only after they
    // grew; PostgreSQL's autovacuum does it there.
    let first = ok(&tsunagu(&url, &["analyze"]));
    let again = ok(&tsunagu(&url, &["analyze"]));
    assert!(again.contains("0 tables analysed"), "{again}");
    if url.starts_with("sqlite") {
        assert!(first.contains("analysed offices ("), "{first}");
        assert!(first.contains("analysed staff_users ("), "{first}");
    } else {
        assert!(first.contains("0 tables analysed"), "{first}");
    }
    // Backup: SQLite gets a consistent copy that opens and holds the data; PostgreSQL points to pg_dump.
    let dir = std::env::temp_dir().join(format!(
        "tsunagu_backup_{}",
        &tsunagu::services::random_token()[..8]
    ));
    let path = dir.join("copy.db");
    let out = tsunagu(&url, &["backup", path.to_str().unwrap()]);
    if app.test_db.is_sqlite() {
        ok(&out);
        let copy = tsunagu::db::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let office = tsunagu::services::offices::find_by_code(&copy, "KUSHIRO")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(office.name, "釧路市無料職業紹介所");
        assert!(
            tsunagu::services::staff_users::find_by_email(&copy, "admin@kushiro.example.jp")
                .await
                .unwrap()
                .is_some()
        );
        copy.close().await.unwrap();
        // It refuses to overwrite an existing file.
        assert!(
            !tsunagu(&url, &["backup", path.to_str().unwrap()])
                .status
                .success()
        );
    } else {
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
    }
    let _ = std::fs::remove_dir_all(dir);
}
