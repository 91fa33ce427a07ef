use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "audit_logs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub office_id: Option<i32>,
    /// `staff`, `api`, `cli`, `system`, `anonymous`.
    pub actor_kind: String,
    pub actor_id: Option<i32>,
    /// `create`, `update`, `delete`, `view`, `sign_in`, …
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    /// What changed, by field name; never the personal data itself.
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
