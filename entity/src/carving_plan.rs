use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "carving_plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    pub breakdown_id: i32,
    /// `preset` or `profiles`.
    pub mode: String,
    #[sea_orm(column_type = "Text")]
    pub input_json: String,
    /// The computed `domain::carving::Plan` as JSON.
    #[sea_orm(column_type = "Text")]
    pub plan_json: String,
    pub hourly_yen: i32,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
