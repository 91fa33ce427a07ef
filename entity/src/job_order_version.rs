use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "job_order_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub job_order_id: i32,
    pub version: i32,
    /// The accepted `JobOrderTerms` as JSON; never changed.
    #[sea_orm(column_type = "Text")]
    pub terms_json: String,
    pub accepted_on: Date,
    pub accepted_by: Option<i32>,
    pub valid_until: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
