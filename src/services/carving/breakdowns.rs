//! 作業分解書: the breakdown of an order or of an employer's department, created on first use
//! from the order's hours and duties, and saved with its rows kept as typed.
use super::*;
use crate::domain::matching::parse_windows;
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::{Actor, audit, employers, job_order_form::JobOrderForm, job_orders, now};
use crate::validation::FieldErrors;
use entity::task_breakdown;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};

/// Where a new breakdown starts: business days and hours, and the first rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BreakdownStart {
    /// Bitmask, bit 0 = Monday.
    pub days: i32,
    pub open: i32,
    pub close: i32,
    pub rows: Vec<TaskRow>,
}

impl Default for BreakdownStart {
    /// Mon–Fri 9:00–18:00, no tasks (an employer's department without an order).
    fn default() -> Self {
        BreakdownStart {
            days: 0b0011111,
            open: 9 * 60,
            close: 18 * 60,
            rows: Vec::new(),
        }
    }
}

impl BreakdownStart {
    /// From an order: its working hours as 営業時間 (the days of its shifts, the earliest start
    /// and the latest end) and its duties as the first task (daily minutes = the first shift's
    /// working time), to be split into tasks by the staff.
    pub fn from_terms(t: &crate::domain::job_order::JobOrderTerms) -> Self {
        use chrono::Timelike;
        let mut start = BreakdownStart::default();
        let minutes = |x: chrono::NaiveTime| (x.hour() * 60 + x.minute()) as i32;
        let shifts: Vec<_> = t.shifts.iter().filter(|s| s.start < s.end).collect();
        if let (Some(open), Some(close)) = (
            shifts.iter().map(|s| minutes(s.start)).min(),
            shifts.iter().map(|s| minutes(s.end)).max(),
        ) {
            start.open = open;
            start.close = close;
        }
        let mask = shifts
            .iter()
            .flat_map(|s| s.weekdays.iter())
            .filter(|d| **d < 7)
            .fold(0i32, |m, d| m | 1 << d);
        if mask != 0 {
            start.days = mask;
        }
        let duties = t.job_description.trim();
        if duties.is_empty() && t.occupation_title.trim().is_empty() {
            return start;
        }
        let first_line = duties.lines().map(str::trim).find(|l| !l.is_empty());
        let name: String = match first_line {
            Some(l) => l.chars().take(40).collect(),
            None => t.occupation_title.trim().chars().take(40).collect(),
        };
        let daily = shifts
            .first()
            .map(|s| crate::domain::wage::shift_working_minutes(s))
            .unwrap_or(0)
            .min(720);
        let days: Vec<String> = (0..7)
            .filter(|d| start.days & (1 << d) != 0)
            .map(|d| d.to_string())
            .collect();
        start.rows.push(TaskRow {
            name,
            description: duties.to_owned(),
            kind: "core".into(),
            frequency: if start.days == 0b0011111 {
                "daily".into()
            } else {
                "weekdays".into()
            },
            days,
            minutes: if daily == 0 {
                String::new()
            } else {
                daily.to_string()
            },
            essential: true,
            ..Default::default()
        });
        start
    }
}

/// The breakdown of an order, created the first time from the order's hours and duties.
pub async fn for_order<C: crate::services::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    order_id: i32,
) -> ServiceResult<task_breakdown::Model> {
    let order = job_orders::get(db, office_id, order_id).await?;
    if let Some(b) = task_breakdown::Entity::find()
        .filter(task_breakdown::Column::OfficeId.eq(office_id))
        .filter(task_breakdown::Column::JobOrderId.eq(order_id))
        .one(db)
        .await?
    {
        return Ok(b);
    }
    let form = match job_orders::accepted_terms(db, office_id, order_id).await? {
        Some((_, t)) => JobOrderForm::from_terms(&t),
        None => job_orders::draft_form(db, &order).await?,
    };
    let (terms, _) = form.to_terms();
    create_empty(
        db,
        actor,
        office_id,
        order.employer_id,
        Some(order_id),
        format!("{} の作業分解書", order.occupation_title),
        format!("求人 #{order_id} の作業分解書を作成"),
        BreakdownStart::from_terms(&terms),
    )
    .await
}

/// The breakdown of an employer's department (no source order), created the first time.
pub async fn for_employer<C: crate::services::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    employer_id: i32,
) -> ServiceResult<task_breakdown::Model> {
    let e = employers::get(db, office_id, employer_id).await?;
    if let Some(b) = task_breakdown::Entity::find()
        .filter(task_breakdown::Column::OfficeId.eq(office_id))
        .filter(task_breakdown::Column::EmployerId.eq(employer_id))
        .filter(task_breakdown::Column::JobOrderId.is_null())
        .one(db)
        .await?
    {
        return Ok(b);
    }
    create_empty(
        db,
        actor,
        office_id,
        employer_id,
        None,
        format!("{} の作業分解書", e.name),
        format!("求人者 #{employer_id} の作業分解書を作成"),
        BreakdownStart::default(),
    )
    .await
}

/// A new breakdown from `start`.
#[allow(clippy::too_many_arguments)]
pub(super) async fn create_empty<C: crate::services::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    employer_id: i32,
    job_order_id: Option<i32>,
    name: String,
    summary: String,
    start: BreakdownStart,
) -> ServiceResult<task_breakdown::Model> {
    let txn = crate::services::write_tx(db).await?;
    let db = &txn;
    let t = now();
    let b = task_breakdown::ActiveModel {
        office_id: Set(office_id),
        employer_id: Set(employer_id),
        job_order_id: Set(job_order_id),
        name: Set(name),
        business_days: Set(start.days),
        open_minutes: Set(start.open),
        close_minutes: Set(start.close),
        tasks_json: Set(serde_json::to_string(&start.rows).unwrap_or_else(|_| "[]".into())),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "task_breakdown",
        Some(b.id.to_string()),
        summary,
    )
    .await?;
    txn.commit().await?;
    Ok(b)
}

pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<task_breakdown::Model> {
    task_breakdown::Entity::find_by_id(id)
        .filter(task_breakdown::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BreakdownInput {
    pub name: String,
    /// Business days ("0" = Monday)
    pub days: Vec<String>,
    /// "9:00-18:00"
    pub hours: String,
    pub tasks: Vec<TaskRow>,
}

/// Save the breakdown; rows are kept as typed even when some cannot be read (the errors say so).
pub async fn save<C: crate::services::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    i: &BreakdownInput,
) -> ServiceResult<(task_breakdown::Model, FieldErrors)> {
    let txn = crate::services::write_tx(db).await?;
    let db = &txn;
    let b = get(db, office_id, id).await?;
    let mut e = FieldErrors::new();
    let days = i
        .days
        .iter()
        .filter_map(|d| d.parse::<u8>().ok())
        .filter(|d| *d < 7)
        .fold(0u8, |m, d| m | (1 << d));
    if days == 0 {
        e.add("days", "営業日を選択してください");
    }
    let (open, close) = match parse_windows(&i.hours) {
        Ok(w) if w.len() == 1 => (w[0].start as i32, w[0].end as i32),
        _ => {
            e.add("hours", "営業時間を「9:00-18:00」の形で入力してください");
            (b.open_minutes, b.close_minutes)
        }
    };
    let rows: Vec<TaskRow> = i.tasks.iter().filter(|r| !r.is_blank()).cloned().collect();
    let (_, task_errors) = to_tasks(&rows);
    e.merge(task_errors);
    let mut am: task_breakdown::ActiveModel = b.into();
    if !i.name.trim().is_empty() {
        am.name = Set(i.name.trim().to_owned());
    }
    am.business_days = Set(if days == 0 { 0b0011111 } else { days as i32 });
    am.open_minutes = Set(open);
    am.close_minutes = Set(close);
    am.tasks_json = Set(serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into()));
    am.updated_at = Set(now());
    let b = am.update(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "update",
        "task_breakdown",
        Some(id.to_string()),
        format!("作業分解書を保存（{}作業）", rows.len()),
    )
    .await?;
    txn.commit().await?;
    Ok((b, e))
}
