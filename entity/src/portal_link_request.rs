use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A public registration that matched an existing employer: the office links it (by inviting the
/// person to the portal) instead of creating a second record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "portal_link_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    pub employer_id: i32,
    pub email: String,
    pub name: String,
    pub phone: String,
    pub created_at: DateTimeUtc,
    pub handled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
