//! Test harness: every test gets a fresh database — an SQLite file always, and a fresh
//! PostgreSQL database when `TEST_DATABASE_URL` is set (dropped again at the end).
#![allow(dead_code)]

pub mod builders;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::collections::HashMap;
use tower::ServiceExt;
use tsunagu::config::Settings;
use tsunagu::services::{Actor, offices, staff_users};
use tsunagu::{AppState, db};

/// Generates, for each named `async fn name(app: TestApp)`, a module `name` with a `sqlite` and a
/// `postgres` test.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::common::TestApp::sqlite().await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    match $crate::common::TestApp::postgres().await {
                        Some(app) => super::$name(app).await,
                        None => $crate::common::skipped_without_postgres(stringify!($name)),
                    }
                }
            }
        )*
    };
}

/// The PostgreSQL twin of a database test when `TEST_DATABASE_URL` is not set: it says so
/// (a test that silently passes would hide that PostgreSQL was never tried), and under CI
/// (`CI` set) it fails, because CI must run every database test on both databases.
pub fn skipped_without_postgres(name: &str) {
    if std::env::var("CI").is_ok_and(|v| !v.is_empty()) {
        panic!("{name}: CI is set but TEST_DATABASE_URL is not; PostgreSQL was not tested");
    }
    eprintln!("{name}::postgres skipped: TEST_DATABASE_URL is not set");
}

pub enum Backend {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

pub struct TestDb {
    pub url: String,
    pub backend: Backend,
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}",
        tsunagu::services::random_token()[..16].to_owned()
    )
}

impl TestDb {
    pub fn sqlite() -> Self {
        let path = std::env::temp_dir().join(format!("{}.db", unique("tsunagu_test")));
        Self {
            url: format!("sqlite://{}?mode=rwc", path.display()),
            backend: Backend::Sqlite(path),
        }
    }

    /// A fresh database on the server of `TEST_DATABASE_URL`, or `None` when it is not set.
    pub async fn postgres() -> Option<Self> {
        let base = std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|s| !s.is_empty())?;
        let name = unique("tsunagu_test");
        let admin = Database::connect(&base)
            .await
            .expect("TEST_DATABASE_URL is set but PostgreSQL is not reachable");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        admin.close().await.ok();
        let (prefix, _) = base.rsplit_once('/').expect("database URL has a path");
        Some(Self {
            url: format!("{prefix}/{name}"),
            backend: Backend::Postgres {
                admin_url: base,
                name,
            },
        })
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self.backend, Backend::Sqlite(_))
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.backend {
            Backend::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Backend::Postgres { admin_url, name } => {
                let (url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("runtime");
                    rt.block_on(async {
                        if let Ok(c) = Database::connect(&url).await {
                            let _ = c
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                            let _ = c.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

pub struct TestApp {
    pub state: AppState,
    pub db: DatabaseConnection,
    pub test_db: TestDb,
}

impl TestApp {
    pub async fn sqlite() -> Self {
        Self::with(TestDb::sqlite(), |_| {}).await
    }

    pub async fn postgres() -> Option<Self> {
        Some(Self::with(TestDb::postgres().await?, |_| {}).await)
    }

    pub async fn with(test_db: TestDb, tweak: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = Settings::for_database(&test_db.url);
        tweak(&mut settings);
        let conn = db::connect(&test_db.url).await.expect("connect");
        db::migrate(&conn).await.expect("migrate");
        let state = AppState::new(conn.clone(), settings)
            .await
            .expect("state")
            .with_mailer(tsunagu::mail::Mailer::memory());
        Self {
            state,
            db: conn,
            test_db,
        }
    }

    /// The same database with other settings (e.g. a short session timeout).
    pub async fn reconfigure(self, tweak: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = (*self.state.settings).clone();
        tweak(&mut settings);
        let state = AppState::new(self.db.clone(), settings)
            .await
            .expect("state");
        Self { state, ..self }
    }

    /// Mail sent so far (in-memory transport): first the outbox is delivered, as the background
    /// worker of `serve` would (needs the multi-thread runtime of `db_tests!`).
    pub fn mail(&self) -> Vec<tsunagu::mail::SentMail> {
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(self.deliver_mail())
        });
        self.state.mailer.sent()
    }

    /// Run the outbox worker until nothing is due; returns what it did.
    pub async fn deliver_mail(&self) -> tsunagu::services::outbox::Round {
        self.state
            .outbox_worker("test")
            .drain(&self.db, chrono::Utc::now())
            .await
            .expect("outbox worker")
    }

    pub fn client(&self) -> Client {
        Client {
            router: tsunagu::app(self.state.clone()),
            cookies: HashMap::new(),
        }
    }

    /// A client of an app built from any state (e.g. one whose database is down).
    pub fn client_for(state: AppState) -> Client {
        Client {
            router: tsunagu::app(state),
            cookies: HashMap::new(),
        }
    }

    /// An office with the given code (prefecture 27, 大阪府).
    pub async fn office(&self, code: &str, name: &str) -> entity::office::Model {
        offices::create(
            &self.db,
            &Actor::system(),
            &offices::OfficeInput::with_defaults(code, name, "27"),
        )
        .await
        .expect("office")
    }

    pub async fn user(&self, office_id: i32, email: &str, role: &str) -> entity::staff_user::Model {
        staff_users::create(
            &self.db,
            &Actor::system(),
            office_id,
            &staff_users::NewStaffUser {
                name: format!("職員 {email}"),
                email: email.into(),
                role: role.into(),
                password: PASSWORD.into(),
                password_confirmation: PASSWORD.into(),
            },
        )
        .await
        .expect("user")
    }

    /// An office with an admin and a member of staff; returns (office, admin, staff).
    pub async fn office_with_users(
        &self,
        code: &str,
    ) -> (
        entity::office::Model,
        entity::staff_user::Model,
        entity::staff_user::Model,
    ) {
        let o = self.office(code, &format!("{code}市無料職業紹介所")).await;
        let lc = code.to_lowercase();
        let admin = self
            .user(o.id, &format!("admin@{lc}.example.jp"), "admin")
            .await;
        let staff = self
            .user(o.id, &format!("staff@{lc}.example.jp"), "staff")
            .await;
        (o, admin, staff)
    }

    /// A client signed in as the user.
    pub async fn signed_in(&self, email: &str) -> Client {
        let mut c = self.client();
        let res = c.sign_in(email, PASSWORD).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "sign-in failed: {}",
            res.body
        );
        c
    }
}

pub const PASSWORD: &str = "correct horse battery";

pub struct Response {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    pub body_bytes: Vec<u8>,
}

impl Response {
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }
    /// The CSRF token of the first form on the page.
    pub fn csrf(&self) -> String {
        let marker = "name=\"_csrf\" value=\"";
        let start = self
            .body
            .find(marker)
            .expect("page has a form with a CSRF token")
            + marker.len();
        self.body[start..start + 64].to_owned()
    }
}

/// A browser-like client over the Router: keeps cookies, never needs a port.
pub struct Client {
    router: axum::Router,
    pub cookies: HashMap<String, String>,
}

impl Client {
    pub async fn send(&mut self, req: Request<Body>) -> Response {
        let (mut parts, body) = req.into_parts();
        parts
            .headers
            .insert(header::HOST, "localhost".parse().expect("host"));
        if !self.cookies.is_empty() {
            let c = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            parts
                .headers
                .insert(header::COOKIE, c.parse().expect("cookie"));
        }
        let res = self
            .router
            .clone()
            .oneshot(Request::from_parts(parts, body))
            .await
            .expect("infallible");
        for v in res.headers().get_all(header::SET_COOKIE) {
            let s = v.to_str().expect("ascii cookie");
            let pair = s.split(';').next().unwrap_or_default();
            if let Some((k, v)) = pair.split_once('=') {
                let removed = s.contains("Max-Age=0") || v.is_empty();
                if removed {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Response {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            body_bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Response {
        self.send(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    /// POST a form as a browser on this site would (same Origin).
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.post_form_with(path, fields, Some("http://localhost"))
            .await
    }

    pub async fn post_form_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> Response {
        let body = serde_urlencoded::to_string(fields).expect("encode");
        let mut req =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        self.send(req.body(Body::from(body)).expect("request"))
            .await
    }

    /// GET the page that holds the form, then POST the form with its CSRF token.
    pub async fn submit(
        &mut self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> Response {
        let page = self.get(form_page).await;
        assert!(page.status.is_success(), "{form_page}: {}", page.status);
        let token = page.csrf();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(action, &all).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Response {
        self.submit(
            "/login",
            "/login",
            &[("email", email), ("password", password), ("next", "/")],
        )
        .await
    }

    pub async fn api_get(&mut self, path: &str, token: Option<&str>) -> Response {
        let mut req = Request::get(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }
}

/// Audit entries of an office, oldest first, as (action, entity_type, entity_id).
pub async fn audit_entries(
    db: &DatabaseConnection,
    office_id: i32,
) -> Vec<(String, String, Option<String>)> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::OfficeId.eq(office_id))
        .order_by_asc(entity::audit_log::Column::Id)
        .all(db)
        .await
        .expect("audit")
        .into_iter()
        .map(|a| (a.action, a.entity_type, a.entity_id))
        .collect()
}

/// A JSON API call with a bearer token, through the Router: (status, raw body).
pub async fn api_call(
    app: &TestApp,
    token: &str,
    method: &str,
    path: impl AsRef<str>,
    body: serde_json::Value,
) -> (StatusCode, Vec<u8>) {
    let req = Request::builder()
        .method(method)
        .uri(path.as_ref())
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    let res = tsunagu::app(app.state.clone())
        .oneshot(req)
        .await
        .expect("infallible");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, bytes.to_vec())
}

/// [`api_call`] with the body read as JSON (`Null` when it is not JSON).
pub async fn api_json(
    app: &TestApp,
    token: &str,
    method: &str,
    path: impl AsRef<str>,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let (status, bytes) = api_call(app, token, method, path, body).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}
