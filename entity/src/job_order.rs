use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "job_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub office_id: i32,
    pub employer_id: i32,
    /// 求人番号, allocated at acceptance; unique per office, never reused.
    pub number: Option<String>,
    /// `draft`, `submitted`, `open`, `rejected`, `filled`, `stopped`, `cancelled`, `expired`.
    pub state: String,
    /// `staff`, `portal`, `public`, `api`.
    pub source: String,
    /// The working copy: the form as typed (JSON of `JobOrderForm`).
    #[sea_orm(column_type = "Text")]
    pub draft_json: String,
    /// An edit of an open order waits for review; the accepted version stays in force.
    pub change_pending: bool,
    pub accepted_version: Option<i32>,
    /// 受付年月日
    pub received_on: Option<Date>,
    pub accepted_on: Option<Date>,
    pub valid_until: Option<Date>,
    pub closed_on: Option<Date>,
    pub rejection_ground: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub rejection_reason: String,
    pub rejected_on: Option<Date>,
    pub staff_in_charge_id: Option<i32>,
    pub parent_id: Option<i32>,
    pub occupation_title: String,
    pub occupation_code: String,
    pub workplace_municipality: String,
    pub weekly_minutes: i32,
    pub openings: i32,
    pub publishable: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
