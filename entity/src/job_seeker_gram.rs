use sea_orm::entity::prelude::*;

/// A two-character piece of a seeker's normalised name or kana, for the name search. Written by
/// database triggers on `job_seekers` (see the migration `seeker_name_grams`), never by the app.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_seeker_grams")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub office_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub gram: String,
    /// The seeker's 求職受付年月日 (the list's order).
    #[sea_orm(primary_key, auto_increment = false)]
    pub registered_on: Date,
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_seeker_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::job_seeker::Entity",
        from = "Column::JobSeekerId",
        to = "super::job_seeker::Column::Id"
    )]
    JobSeeker,
}

impl ActiveModelBehavior for ActiveModel {}
