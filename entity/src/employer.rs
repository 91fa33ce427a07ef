use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "employers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    /// `pending` (self-registered, not yet confirmed) or `active`.
    pub status: crate::EmployerStatus,
    pub name: String,
    pub name_kana: String,
    /// For duplicate detection: NFKC, no spaces, lower-case.
    pub name_normalized: String,
    pub corporate_number: String,
    pub employment_insurance_number: String,
    pub postal_code: String,
    pub prefecture_code: String,
    pub municipality: String,
    /// 番地・建物名・階・部屋番号まで
    pub address: String,
    pub representative: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_phone_digits: String,
    pub contact_email: String,
    pub phone: String,
    pub fax: String,
    pub industry_code: String,
    #[sea_orm(column_type = "Text")]
    pub business_description: String,
    pub employees_total: Option<i32>,
    pub employees_workplace: Option<i32>,
    pub employees_women: Option<i32>,
    pub employees_part_time: Option<i32>,
    pub pension_insured_count: Option<i32>,
    pub has_work_rules: bool,
    pub retirement_age: Option<i32>,
    pub rehire: String,
    pub has_labor_union: bool,
    /// JSON list of co-operation kinds (`general`, `visit`, `experience`, `internship`, `short_hours`, `training_employed`, `training_unemployed`).
    #[sea_orm(column_type = "Text")]
    pub cooperation: String,
    pub training_certifier: String,
    pub training_certified_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub capacity: String,
    #[sea_orm(column_type = "Text")]
    pub notes: String,
    /// 不受理: the ground under 職安法5条の6① (`1`–`6`), decision date, until when, reason.
    pub rejection_ground: Option<String>,
    pub rejection_decided_on: Option<Date>,
    pub rejection_until: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub rejection_reason: String,
    /// 労働争議 (職安法20条): blocks referrals.
    pub labor_dispute: bool,
    pub labor_dispute_since: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub labor_dispute_note: String,
    pub disclosure_delivered_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Set when retention anonymised the record (names, contacts, free text).
    pub anonymized_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
