//! Typed settings from the environment, with defaults that make a fresh `cargo run` work.
use std::net::SocketAddr;

#[derive(Clone, Debug)]
pub struct Settings {
    /// `DATABASE_URL`; default: an SQLite file under `data/`.
    pub database_url: String,
    /// `TSUNAGU_BIND`; default `127.0.0.1:3000`.
    pub bind: SocketAddr,
    /// `TSUNAGU_SECRET_KEY`; when unset, a key is generated once and kept in the database so
    /// that several instances on one PostgreSQL share it.
    pub secret_key: Option<String>,
    /// `TSUNAGU_BASE_URL`; used in links printed to the console and in mail.
    pub base_url: String,
    /// `TSUNAGU_SECURE_COOKIES=1` behind TLS.
    pub secure_cookies: bool,
    /// `TSUNAGU_SESSION_IDLE_MINUTES` (default 120) and `TSUNAGU_SESSION_MAX_HOURS` (default 12).
    pub session_idle_minutes: i64,
    pub session_max_hours: i64,
    /// Sign-in throttling: `TSUNAGU_LOGIN_MAX_FAILURES` failures (default 5) within
    /// `TSUNAGU_LOGIN_WINDOW_MINUTES` (default 15) lock the e-mail address for the rest of the window.
    pub login_max_failures: u64,
    pub login_window_minutes: i64,
    /// `TSUNAGU_LOGIN_MAX_FAILURES_PER_CLIENT` (default 20): failures from one client (IP
    /// address), on any addresses, within the window before that client must wait.
    pub login_max_failures_per_client: u64,
    /// `TSUNAGU_REGISTRATIONS_PER_CLIENT_PER_HOUR` (default 10) and
    /// `TSUNAGU_REGISTRATIONS_PER_ADDRESS_PER_DAY` (default 3): public employer registrations.
    pub registrations_per_client_per_hour: u64,
    pub registrations_per_address_per_day: u64,
    /// `TSUNAGU_TRUST_PROXY=true` behind a reverse proxy: the client's address is the last
    /// entry of `X-Forwarded-For` (the one the proxy added) instead of the peer address.
    pub trust_proxy: bool,
    pub smtp: SmtpSettings,
    /// Where mail goes without SMTP: `TSUNAGU_OUTBOX` (default `data/outbox`).
    pub outbox_dir: std::path::PathBuf,
}

/// Outgoing mail. With no `SMTP_HOST`, messages are written to `data/outbox/`.
#[derive(Clone, Debug, Default)]
pub struct SmtpSettings {
    pub host: Option<String>,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: String,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/tsunagu.db?mode=rwc";

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parsed<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| anyhow::anyhow!("{name} has an invalid value: {v}")),
    }
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Self> {
        let bind: SocketAddr = parsed("TSUNAGU_BIND", "127.0.0.1:3000".parse()?)?;
        Ok(Self {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            bind,
            secret_key: var("TSUNAGU_SECRET_KEY"),
            base_url: var("TSUNAGU_BASE_URL").unwrap_or_else(|| format!("http://{bind}")),
            secure_cookies: parsed("TSUNAGU_SECURE_COOKIES", false)?,
            session_idle_minutes: parsed("TSUNAGU_SESSION_IDLE_MINUTES", 120)?,
            session_max_hours: parsed("TSUNAGU_SESSION_MAX_HOURS", 12)?,
            login_max_failures: parsed("TSUNAGU_LOGIN_MAX_FAILURES", 5)?,
            login_window_minutes: parsed("TSUNAGU_LOGIN_WINDOW_MINUTES", 15)?,
            login_max_failures_per_client: parsed("TSUNAGU_LOGIN_MAX_FAILURES_PER_CLIENT", 20)?,
            registrations_per_client_per_hour: parsed(
                "TSUNAGU_REGISTRATIONS_PER_CLIENT_PER_HOUR",
                10,
            )?,
            registrations_per_address_per_day: parsed(
                "TSUNAGU_REGISTRATIONS_PER_ADDRESS_PER_DAY",
                3,
            )?,
            trust_proxy: parsed("TSUNAGU_TRUST_PROXY", false)?,
            outbox_dir: var("TSUNAGU_OUTBOX")
                .unwrap_or_else(|| "data/outbox".into())
                .into(),
            smtp: SmtpSettings {
                host: var("SMTP_HOST"),
                port: parsed("SMTP_PORT", 587)?,
                username: var("SMTP_USERNAME"),
                password: var("SMTP_PASSWORD"),
                from: var("SMTP_FROM").unwrap_or_else(|| "tsunagu@localhost".into()),
            },
        })
    }

    /// Settings for tests: everything default but the database.
    pub fn for_database(database_url: &str) -> Self {
        Self {
            database_url: database_url.into(),
            bind: "127.0.0.1:0".parse().expect("static address"),
            secret_key: Some("test-secret-key".into()),
            base_url: "http://localhost".into(),
            secure_cookies: false,
            session_idle_minutes: 120,
            session_max_hours: 12,
            login_max_failures: 5,
            login_window_minutes: 15,
            login_max_failures_per_client: 20,
            registrations_per_client_per_hour: 10,
            registrations_per_address_per_day: 3,
            trust_proxy: false,
            smtp: SmtpSettings {
                from: "tsunagu@localhost".into(),
                ..SmtpSettings::default()
            },
            outbox_dir: std::env::temp_dir().join("tsunagu-test-outbox"),
        }
    }
}
