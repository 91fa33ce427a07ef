use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "job_seekers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    /// 求職番号
    pub number: String,
    /// `active` or `closed`.
    pub state: crate::SeekerState,
    /// `placed` (就職), `withdrawn` (取消), `expired` (期限切れ).
    pub closed_reason: Option<String>,
    pub closed_on: Option<Date>,
    pub registered_on: Date,
    pub valid_until: Date,
    /// 職安法5条の5: purposes shown and consent recorded before anything is stored.
    pub consent_given_on: Date,
    #[sea_orm(column_type = "Text")]
    pub consent_scope: String,
    /// `written` (書面) or `electronic`.
    pub consent_method: String,
    /// Explicit consent for sensitive items (障害・病歴); without it they are not stored.
    pub sensitive_consent: bool,
    /// Consent to share information with the supporting agency.
    pub share_consent: bool,
    pub disclosure_delivered_on: Option<Date>,
    pub name: String,
    pub name_kana: String,
    pub name_normalized: String,
    pub birth_date: Date,
    pub postal_code: String,
    pub prefecture_code: String,
    pub municipality: String,
    pub address: String,
    pub nearest_station: String,
    pub phone: String,
    pub phone_digits: String,
    pub email: String,
    pub contact_preference: String,
    /// JSON list of 職業分類 middle-group codes (up to 3).
    #[sea_orm(column_type = "Text")]
    pub desired_occupations: String,
    /// Municipalities, separated by 、 or commas.
    #[sea_orm(column_type = "Text")]
    pub desired_areas: String,
    pub desired_hourly_yen: Option<i32>,
    /// `any`, `full`, `part`.
    pub desired_employment: String,
    /// JSON of `domain::matching::Availability`.
    #[sea_orm(column_type = "Text")]
    pub availability_json: String,
    #[sea_orm(column_type = "Text")]
    pub education: String,
    #[sea_orm(column_type = "Text")]
    pub licenses: String,
    #[sea_orm(column_type = "Text")]
    pub work_history: String,
    /// JSON list of support-category codes.
    #[sea_orm(column_type = "Text")]
    pub support_categories: String,
    pub disability_type: String,
    pub disability_grade: String,
    pub disability_suspected: bool,
    #[sea_orm(column_type = "Text")]
    pub disability_notes: String,
    /// The step on the ladder: `piecework`, `visit`, `experience`, `internship`, `short_hours`, `general`.
    pub ladder_step: String,
    pub supporting_agency: String,
    pub agency_contact: String,
    pub staff_in_charge_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Set when retention anonymised the record (names, contacts, free text).
    pub anonymized_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
