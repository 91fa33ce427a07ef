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
    pub state: crate::JobOrderState,
    /// `staff`, `portal`, `public`, `api`.
    pub source: String,
    // The working copy (the form as typed) is in `job_order_drafts`.
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
    // The searchable and matchable facts of the version in force (of the draft before the first
    // acceptance), written with it; see `services::job_orders::order_facts`.
    /// 職業分類 大分類.
    pub occupation_major: String,
    /// Workplace prefecture (JIS code).
    pub prefecture_code: String,
    /// Weekdays worked: bit 0 = Monday … bit 6 = Sunday.
    pub weekday_mask: i32,
    /// Earliest shift start, minutes from midnight.
    pub earliest_start: i32,
    /// Latest shift end, minutes from midnight (past midnight: > 1440).
    pub latest_end: i32,
    /// The wage as an hourly amount in yen (0 = unknown).
    pub hourly_wage_yen: i32,
    /// 求人番号, 職種名 and the employer's name, normalised, for keyword search (FTS5 trigram on
    /// SQLite, pg_trgm on PostgreSQL).
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    /// Version of the fact columns (0 = not yet filled; see `backfill_facts`).
    pub facts_version: i32,
    /// 常用・臨時・日雇 (`Classification::code`) of the first accepted version, for the reports;
    /// `""` when its terms could not be read, `NULL` before the first acceptance.
    pub first_contract_class: Option<String>,
    /// Weekly minutes of the first accepted version, for the reports.
    pub first_weekly_minutes: Option<i32>,
    // The rest of the terms that matching weighs and the 求人管理簿 prints, from the same version
    // as the facts above (`facts_version` 2).
    /// フルタイム.
    pub full_time: bool,
    /// 就業開始予定日.
    pub start_date: Option<Date>,
    /// The shifts as matching reads them: `weekdays,start,end,working` (minutes; an end past
    /// midnight is > 1440) for each shift, separated by `;`
    /// (`domain::matching::ShiftSlot::encode_all`).
    #[sea_orm(column_type = "Text")]
    pub shift_slots: String,
    /// 就業場所 after the municipality (町名・番地・建物).
    #[sea_orm(column_type = "Text")]
    pub workplace_address: String,
    /// 雇用期間: `true` = 期間の定めなし; otherwise `contract_months` or `contract_days`.
    pub contract_indefinite: bool,
    pub contract_months: i32,
    pub contract_days: i32,
    /// 賃金形態 (`hourly`, `daily`, `monthly`) and the base wage range in yen.
    pub wage_form: String,
    pub base_wage_min: i32,
    pub base_wage_max: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
