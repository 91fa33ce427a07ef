use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    /// 紹介番号
    pub number: String,
    pub job_order_id: i32,
    /// The accepted version shown to the seeker (明示).
    pub job_order_version: i32,
    pub job_seeker_id: i32,
    pub employer_id: i32,
    /// `referred`, `hired`, `not_hired`, `declined`, `cancelled`.
    pub state: crate::ReferralState,
    pub referred_on: Date,
    pub conditions_shown_on: Date,
    /// `written` (書面) or `email` (電子メール).
    pub conditions_shown_method: String,
    #[sea_orm(column_type = "Text")]
    pub interview: String,
    #[sea_orm(column_type = "Text")]
    pub documents: String,
    pub result_reason_code: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub result_note: String,
    pub result_received_on: Option<Date>,
    /// `portal`, `fax`, `phone`, `post`, `counter`, `email`.
    pub result_received_via: Option<String>,
    /// The seeker was hired elsewhere while this referral was open.
    pub flagged: bool,
    pub reminded_on: Option<Date>,
    pub staff_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
