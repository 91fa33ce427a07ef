use sea_orm::entity::prelude::*;

/// One desired occupation (`kind` `o`: a code of `desired_occupations`) or area (`a`: the
/// seeker's municipality or a name in `desired_areas`) of a seeker, for finding the seekers for
/// a job. Written by database triggers on `job_seekers` (see the migration `seeker_wishes`),
/// never by the app.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_seeker_wishes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub office_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub value: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_seeker_id: i32,
    /// The seeker's `valid_until` while the registration is active; `None` once closed.
    pub active_until: Option<Date>,
}

/// `kind` of a desired occupation.
pub const OCCUPATION: &str = "o";
/// `kind` of a desired area (or the municipality the seeker lives in).
pub const AREA: &str = "a";

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
