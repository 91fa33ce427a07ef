use sea_orm::entity::prelude::*;
use serde::Serialize;

/// 職場見学・就労体験・企業実習: a seeker spends time at an employer to see or try the work. Not a
/// referral (職業紹介) and not a placement (就職): it stays out of the ledgers and the annual report.

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "work_experiences")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    pub job_seeker_id: i32,
    pub employer_id: i32,
    /// `visit` (見学), `experience` (体験), `internship` (実習). Not 職業紹介.
    pub kind: String,
    pub start_on: Date,
    pub end_on: Date,
    pub hours: String,
    pub host_fee_yen: Option<i32>,
    pub insurance: String,
    #[sea_orm(column_type = "Text")]
    pub assessment: String,
    #[sea_orm(column_type = "Text")]
    pub outcome: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
