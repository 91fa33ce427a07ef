//! Use cases over the database. Services own their transactions and are callable from tests
//! without HTTP.
pub mod api_tokens;
pub use error::{ServiceError, ServiceResult};
pub mod app_settings;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod carving;
pub mod complaints;
pub mod employer_record;
pub mod employers;
pub mod error;
pub mod job_order_form;
pub mod job_order_record;
pub mod job_orders;
pub mod job_seekers;
pub mod ledgers;
pub mod matching;
pub mod notify;
pub mod numbering;
pub mod office_overview;
pub mod offices;
pub mod outbox;
pub mod packed;
pub mod placements;
pub mod portal;
pub mod public_jobs;
pub mod rate_limit;
pub mod refdata;
pub mod referral_record;
pub mod referrals;
pub mod rejection_review;
pub mod reports;
pub mod retention;
pub mod saved_searches;
pub mod seeker_record;
pub mod setup;
pub mod staff_users;
pub mod statistics;

use chrono::{DateTime, Utc};
use rand::RngExt;
use sha2::{Digest, Sha256};

/// Who does something: written to the audit log with every change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<i32>,
    pub office_id: Option<i32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActorKind {
    Staff,
    Api,
    Cli,
    System,
    Anonymous,
    /// An employer's contact person in the portal.
    Employer,
}

impl ActorKind {
    pub fn code(self) -> &'static str {
        match self {
            ActorKind::Staff => "staff",
            ActorKind::Api => "api",
            ActorKind::Cli => "cli",
            ActorKind::System => "system",
            ActorKind::Anonymous => "anonymous",
            ActorKind::Employer => "employer",
        }
    }
}

impl Actor {
    pub fn staff(user: &entity::staff_user::Model) -> Self {
        Self {
            kind: ActorKind::Staff,
            id: Some(user.id),
            office_id: Some(user.office_id),
        }
    }
    pub fn api(user: &entity::staff_user::Model) -> Self {
        Self {
            kind: ActorKind::Api,
            ..Self::staff(user)
        }
    }
    pub fn cli() -> Self {
        Self {
            kind: ActorKind::Cli,
            id: None,
            office_id: None,
        }
    }
    pub fn system() -> Self {
        Self {
            kind: ActorKind::System,
            id: None,
            office_id: None,
        }
    }
}

pub use crate::domain::label;

/// Begin a write transaction; every transaction that writes starts here.
///
/// On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`): a deferred transaction that
/// reads first holds a read lock, and in WAL mode it cannot upgrade that to a write lock while
/// another writer is active — it fails at once with "database is locked", whatever the busy
/// timeout. Taking the lock at `BEGIN` makes writers queue (up to the busy timeout) instead.
/// PostgreSQL ignores the SQLite mode.
/// Inside a transaction already (a use case called by another), it opens a savepoint instead.
pub async fn write_tx<C: Db>(db: &C) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// A connection or an open transaction: what a use case runs on and opens its own write
/// transaction (or savepoint) on.
pub trait Db:
    sea_orm::ConnectionTrait + sea_orm::TransactionTrait<Transaction = sea_orm::DatabaseTransaction>
{
}

impl<T> Db for T where
    T: sea_orm::ConnectionTrait
        + sea_orm::TransactionTrait<Transaction = sea_orm::DatabaseTransaction>
{
}

/// Is this database error a unique-constraint violation (a duplicate the database refused)?
pub fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Turn a unique-constraint violation into a message on a field (a double submission or a
/// duplicate is the user's to fix, never a 500); any other error passes through.
pub trait OnConstraint<T> {
    fn on_unique(self, field: &str, message: &str) -> ServiceResult<T>;
}

impl<T, E: Into<ServiceError>> OnConstraint<T> for Result<T, E> {
    fn on_unique(self, field: &str, message: &str) -> ServiceResult<T> {
        self.map_err(|e| match e.into() {
            ServiceError::Db(db) if is_unique_violation(&db) => {
                let mut f = crate::validation::FieldErrors::new();
                f.add_coded(field, "duplicate", message);
                ServiceError::Invalid(f)
            }
            other => other,
        })
    }
}

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// A random secret of 32 bytes, hex encoded (cookies, tokens).
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex::encode(bytes)
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// The version of a record as its edit form carries it: the time of its last change, to the
/// nanosecond (every save changes it).
pub fn version_token(updated_at: DateTime<Utc>) -> String {
    updated_at
        .timestamp_nanos_opt()
        .unwrap_or_default()
        .to_string()
}

/// The fields of two typed inputs whose values differ (their serde names), leaving out `ignored`
/// (form plumbing such as the version token).
pub fn changed_fields<T: serde::Serialize>(a: &T, b: &T, ignored: &[&str]) -> Vec<String> {
    let (Ok(serde_json::Value::Object(x)), Ok(serde_json::Value::Object(y))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return Vec::new();
    };
    x.iter()
        .filter(|(k, v)| !ignored.contains(&k.as_str()) && y.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect()
}

/// The labels of the changed fields `keys` (from a (field, label) table; unknown fields read
/// 「その他の項目」), each once, in order.
pub fn changed_item_labels<'a>(keys: &[String], labels: &[(&str, &'a str)]) -> Vec<&'a str> {
    let mut items: Vec<&'a str> = Vec::new();
    for k in keys {
        let label = labels
            .iter()
            .find(|(c, _)| *c == k.as_str())
            .map(|(_, l)| *l)
            .unwrap_or("その他の項目");
        if !items.contains(&label) {
            items.push(label);
        }
    }
    items
}

/// 「他の職員が先に更新しました」 on the field `lock`: nothing was saved, the input stays on the
/// form, and `items` (labels, never contents) name what now differs from the saved `what`.
pub fn stale_edit_error<S: AsRef<str>>(what: &str, items: &[S]) -> ServiceError {
    let list: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    let mut e = crate::validation::FieldErrors::new();
    e.add_coded(
        "lock",
        "stale",
        format!(
            "他の職員が先に{what}を更新しました。あなたの入力はまだ保存していません（下の欄に残しています）。{}内容を確かめて、もう一度保存してください。",
            if list.is_empty() {
                String::new()
            } else {
                format!("保存されている内容と違う項目：{}。", list.join("、"))
            }
        ),
    );
    ServiceError::Invalid(e)
}
