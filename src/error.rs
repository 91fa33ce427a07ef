//! One error type for the whole app: an HTML page in Japanese for people, JSON under `/api`.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not found, or belongs to another office (never reveal which).
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Not signed in: pages redirect to the sign-in page.
    #[error("unauthorized")]
    Unauthorized { next: String },
    /// Not signed in to the employer portal.
    #[error("portal unauthorized")]
    PortalUnauthorized { next: String },
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Input that breaks a rule; forms re-render with these messages next to their fields.
    #[error("invalid input")]
    Invalid(crate::validation::FieldErrors),
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

/// A use case's answer, as a page or a status: a refusal is a 400 with its message, invalid
/// input a 422 with the messages next to their fields.
impl From<crate::services::ServiceError> for AppError {
    fn from(e: crate::services::ServiceError) -> Self {
        use crate::services::ServiceError as S;
        match e {
            S::NotFound => AppError::NotFound,
            S::Refused(m) => AppError::BadRequest(m),
            S::Invalid(f) => AppError::Invalid(f),
            S::Db(e) => AppError::Db(e),
            S::Internal(e) => AppError::Internal(e),
        }
    }
}

impl From<crate::validation::FieldErrors> for AppError {
    fn from(e: crate::validation::FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}

/// The database cannot be reached or is too busy (no connection within the acquire timeout,
/// a broken connection, SQLite still locked after its busy timeout): a 503, not a 500.
pub fn db_unavailable(e: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr, sqlx};
    let runtime = match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(r) | DbErr::Query(r) => r,
        _ => return false,
    };
    match runtime {
        RuntimeErr::SqlxError(err) => match err.as_ref() {
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => true,
            sqlx::Error::Database(d) => {
                // SQLITE_BUSY (5) / SQLITE_LOCKED (6), PostgreSQL 57P01-57P03 (shutting down,
                // cannot connect now).
                matches!(
                    d.code().as_deref(),
                    Some("5" | "6" | "517" | "57P01" | "57P02" | "57P03")
                )
            }
            _ => false,
        },
        _ => false,
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unauthorized { .. } | AppError::PortalUnauthorized { .. } => {
                StatusCode::UNAUTHORIZED
            }
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Db(e) if db_unavailable(e) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Db(e) if crate::services::is_unique_violation(e) => StatusCode::CONFLICT,
            AppError::Db(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn message(&self) -> (&'static str, String) {
        match self {
            AppError::NotFound => (
                "ページが見つかりません",
                "お探しのページは存在しないか、閲覧する権限がありません。".into(),
            ),
            AppError::Forbidden => (
                "権限がありません",
                "この操作は管理者のみが行えます。".into(),
            ),
            AppError::Unauthorized { .. } | AppError::PortalUnauthorized { .. } => (
                "ログインが必要です",
                "ログインしてから操作してください。".into(),
            ),
            AppError::BadRequest(m) => ("リクエストを処理できません", m.clone()),
            AppError::Invalid(e) => (
                "入力内容を確認してください",
                e.map()
                    .iter()
                    .flat_map(|(f, ms)| ms.iter().map(move |m| format!("{f}: {m}")))
                    .collect::<Vec<_>>()
                    .join(" / "),
            ),
            AppError::Db(e) if db_unavailable(e) => (
                "ただいま利用できません",
                "データベースに接続できないか、混み合っています。しばらく待ってから、もう一度お試しください。".into(),
            ),
            AppError::Db(e) if crate::services::is_unique_violation(e) => (
                "既に登録されています",
                "同じ内容が既に登録されています（二重に送信された可能性があります）。一覧で登録済みの内容を確認してください。".into(),
            ),
            AppError::Db(_) | AppError::Internal(_) => (
                "システムエラー",
                "処理中にエラーが発生しました。時間をおいて再度お試しください。解決しない場合はシステム管理者に連絡してください。".into(),
            ),
        }
    }

    fn log(&self) {
        if let AppError::Db(e) = self {
            tracing::error!(error = %e, "database error");
        } else if let AppError::Internal(e) = self {
            tracing::error!(error = %e, "internal error");
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        if let AppError::Unauthorized { next } = &self {
            let target = format!("/login?next={}", urlencode(next));
            return Redirect::to(&target).into_response();
        }
        if let AppError::PortalUnauthorized { next } = &self {
            let target = format!("/portal/login?next={}", urlencode(next));
            return Redirect::to(&target).into_response();
        }
        let (title, detail) = self.message();
        (self.status(), templates::layout::error_page(title, &detail)).into_response()
    }
}

/// Errors of the JSON API.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        if let AppError::Invalid(fields) = &self.0 {
            let errors: Vec<serde_json::Value> = fields
                .entries()
                .into_iter()
                .map(|(field, code, message)| serde_json::json!({ "field": field, "code": code, "message": message }))
                .collect();
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                axum::Json(serde_json::json!({ "errors": errors })),
            )
                .into_response();
        }
        let status = self.0.status();
        let (title, detail) = self.0.message();
        let body = serde_json::json!({ "error": title, "detail": detail });
        (status, axum::Json(body)).into_response()
    }
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
