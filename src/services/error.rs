//! What a use case answers when it does not succeed. Nothing here knows of HTTP: the web layer
//! turns each kind into a page or a status (`crate::error::AppError`), the CLI into a message.

use crate::validation::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No such record in this office (another office's record is not found either).
    #[error("not found")]
    NotFound,
    /// A rule refuses the action as asked (an order that is not open cannot be extended …); the
    /// message says why, in Japanese.
    #[error("refused: {0}")]
    Refused(String),
    /// Input that breaks a rule: each message belongs next to its field.
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<FieldErrors> for ServiceError {
    fn from(e: FieldErrors) -> Self {
        ServiceError::Invalid(e)
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
