use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "experience_placements")]
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
