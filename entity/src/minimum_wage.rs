use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "minimum_wages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub prefecture_code: String,
    pub hourly_yen: i32,
    pub effective_date: Date,
    pub fiscal_year: i32,
    /// False for a table taken from a single unconfirmed source until an admin confirms it.
    pub verified: bool,
    #[sea_orm(column_type = "Text")]
    pub source: String,
    pub confirmed_at: Option<DateTimeUtc>,
    pub confirmed_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
