use sea_orm::entity::prelude::*;
use serde::Serialize;

/// An employer's contact person with access to the employer portal.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "employer_users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    pub employer_id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// Unset until the e-mail address is confirmed and a password chosen.
    #[serde(skip_serializing)]
    pub password_hash: Option<String>,
    pub email_confirmed_at: Option<DateTimeUtc>,
    /// SHA-256 of the one-time confirmation token.
    #[serde(skip_serializing)]
    pub confirm_token_hash: Option<String>,
    pub confirm_sent_at: Option<DateTimeUtc>,
    /// SHA-256 of the one-time password-reset token.
    #[serde(skip_serializing)]
    pub reset_token_hash: Option<String>,
    pub reset_sent_at: Option<DateTimeUtc>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
