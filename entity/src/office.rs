use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "offices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub municipality: String,
    pub prefecture_code: String,
    pub postal_code: String,
    pub address: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
    pub population: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub scope_of_handling: String,
    #[sea_orm(column_type = "Text")]
    pub complaint_handling: String,
    #[sea_orm(column_type = "Text")]
    pub privacy_policy: String,
    /// A `domain::validity::ValidityRule` code, e.g. `month_end+2`.
    pub validity_rule: String,
    /// 職業分類 codes (major or middle) outside the scope of handling, comma-separated.
    #[sea_orm(column_type = "Text")]
    pub excluded_occupations: String,
    /// Remind the employer when no selection result has come this many days after a referral.
    pub result_reminder_days: i32,
    /// Show the seeker's birth date and address on the 紹介状 (off by default: data minimisation).
    pub letter_shows_birth_and_address: bool,
    /// Closed records are anonymised this many years after completion.
    pub retention_years: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
