use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "task_breakdowns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    pub employer_id: i32,
    /// The source order, if the breakdown is of an order (else of the employer's department).
    pub job_order_id: Option<i32>,
    pub name: String,
    /// Business days, bitmask (bit 0 = Monday).
    pub business_days: i32,
    pub open_minutes: i32,
    pub close_minutes: i32,
    /// JSON list of task rows (`services::carving::TaskRow`).
    #[sea_orm(column_type = "Text")]
    pub tasks_json: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
