use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "employer_contacts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    pub employer_id: i32,
    pub staff_user_id: Option<i32>,
    pub contacted_on: Date,
    /// `visit`, `phone`, `mail`, `other`.
    pub channel: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
