use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A message waiting to be sent, sent, or failed: written in the same transaction as the change
/// that causes it and sent by the background worker.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "mail_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: Option<i32>,
    /// What the message is about (`order_accepted`, `email_confirmation`, …).
    pub kind: String,
    /// JSON array of addresses.
    #[sea_orm(column_type = "Text")]
    #[serde(skip_serializing)]
    pub recipients: String,
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    #[serde(skip_serializing)]
    pub body: String,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// The worker that is sending it, until `claimed_until`.
    pub claimed_by: Option<String>,
    pub claimed_until: Option<DateTimeUtc>,
    /// The last error (no addresses, no server reply text).
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
