use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "occupations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `2022` or `2011`.
    pub revision: String,
    /// `major`, `middle`, `minor`.
    pub level: String,
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
