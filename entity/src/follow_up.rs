use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "follow_ups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    pub placement_id: i32,
    /// `1w`, `1m`, `3m`, `6m`.
    pub due_kind: String,
    pub due_on: Date,
    pub done_on: Option<Date>,
    /// `person` (本人) or `employer` (事業所).
    pub contact_with: Option<String>,
    /// `phone`, `visit`, `email`.
    pub channel: Option<String>,
    /// `employed` (在職), `left` (離職), `unknown` (不明).
    pub result: Option<String>,
    pub left_reason: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub staff_user_id: Option<i32>,
    /// No longer due: the hire left on this day before the follow-up was done.
    pub cancelled_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
