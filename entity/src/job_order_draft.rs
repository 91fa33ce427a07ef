use sea_orm::entity::prelude::*;
use serde::Serialize;

/// The working copy of a job order: the form as typed (JSON of `JobOrderForm`), one row per
/// order. Kept apart from `job_orders` so the rows that lists, searches and matching read stay
/// narrow (the document is about 2 KB; the list columns a few hundred bytes).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "job_order_drafts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_order_id: i32,
    #[sea_orm(column_type = "Text")]
    pub draft_json: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
