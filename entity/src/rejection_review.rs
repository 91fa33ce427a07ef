use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A refusal (不受理) recorded under 3号 or 4号 before their labels were corrected, to be
/// confirmed or corrected by staff once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "rejection_reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    /// `job_order` or `employer`.
    pub record_kind: String,
    pub record_id: i32,
    pub recorded_ground: String,
    pub confirmed_ground: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
