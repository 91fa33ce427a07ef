use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "placements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    pub referral_id: i32,
    pub job_seeker_id: i32,
    pub job_order_id: i32,
    pub employer_id: i32,
    pub start_date: Date,
    pub contract_indefinite: bool,
    pub contract_months: Option<i32>,
    pub weekly_minutes: i32,
    pub hourly_yen: i32,
    /// `regular` (常用), `temporary` (臨時), `daily` (日雇).
    pub classification: String,
    pub left_on: Option<Date>,
    /// `self`, `dismissal`, `contract_end`, `other`.
    pub left_reason: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
