use sea_orm::entity::prelude::*;
use serde::Serialize;

/// 苦情処理簿 (職業安定法第29条の5).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "complaints")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    pub received_on: Date,
    /// `employer` (求人者), `seeker` (求職者), `other` (その他).
    pub from_kind: String,
    pub from_name: String,
    pub contact: String,
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub response: String,
    pub closed_on: Option<Date>,
    pub staff_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub anonymized_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
