//! Job orders from the chosen positions of a plan (children of the source order), all or none.
use super::*;
use crate::domain::carving::law::Check;
use crate::domain::carving::{self, Position, Task, coverage};
use crate::services::error::ServiceResult;
use crate::services::{Actor, audit, job_order_form::JobOrderForm, job_orders};
use chrono::NaiveDate;
use entity::carving_plan;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};
use serde::Deserialize;

/// The other adjustments the seeds name next to hours.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Adjustments {
    /// `weekly` (週払い) or `daily` (日払い); empty keeps the source order's pay cycle
    pub pay_cycle: String,
    /// Relax the age condition to 年齢不問 (always lawful)
    pub age_unrestricted: bool,
}

/// Turn the chosen positions into job orders (drafts, children of the source order), all or
/// none in one transaction. Each order states the position exactly: its shifts and breaks,
/// hours, wage and insurance as the plan's checks on `today` decide them, with a title and PR
/// text written for the position; each then goes through normal acceptance.
pub async fn create_orders(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    plan_id: i32,
    chosen: &[i32],
    adjust: &Adjustments,
    today: NaiveDate,
) -> ServiceResult<Vec<entity::job_order::Model>> {
    let r = report(db, office_id, plan_id, today).await?;
    let base_form = match r.breakdown.job_order_id {
        Some(id) => match job_orders::accepted_terms(db, office_id, id).await? {
            Some((_, t)) => JobOrderForm::from_terms(&t),
            None => job_orders::draft_form(db, &job_orders::get(db, office_id, id).await?).await?,
        },
        None => JobOrderForm::for_employer(&r.employer),
    };
    let picked: Vec<(&Position, &Vec<Check>)> = r
        .plan
        .positions
        .iter()
        .zip(&r.checks)
        .filter(|(p, _)| chosen.contains(&p.profile_id) && p.weekly_minutes > 0)
        .collect();
    if picked.is_empty() {
        return Err(invalid("positions", "求人にするポジションを選んでください"));
    }
    let txn = crate::services::write_tx(db).await?;
    let mut created = Vec::new();
    for (p, checks) in picked {
        let form = order_form(&base_form, p, &r.tasks, r.model.hourly_yen, checks, adjust);
        let order = job_orders::create_draft(
            &txn,
            actor,
            office_id,
            r.breakdown.employer_id,
            &form,
            "staff",
        )
        .await?;
        let mut am: entity::job_order::ActiveModel = order.into();
        am.parent_id = Set(r.breakdown.job_order_id);
        let order = am.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            Some(office_id),
            "create",
            "job_order",
            Some(order.id.to_string()),
            format!("切り出し案 #{plan_id} の{}から求人を作成", p.label),
        )
        .await?;
        created.push(order);
    }
    txn.commit().await?;
    Ok(created)
}

/// Words of a full-time order that must not carry over into a short-hour position.
pub(super) const FULL_TIME_WORDS: &[&str] = &[
    "（フルタイム）",
    "(フルタイム)",
    "【フルタイム】",
    "フルタイム",
    "（正社員）",
    "(正社員)",
    "【正社員】",
    "正社員",
    "（常勤）",
    "常勤",
    "（短時間）",
];

pub(super) fn without_full_time_words(s: &str) -> String {
    let mut out = s.to_owned();
    for w in FULL_TIME_WORDS {
        out = out.replace(w, "");
    }
    out.trim().to_owned()
}

pub(super) fn hm(m: u16) -> String {
    format!("{}:{:02}", m / 60, m % 60)
}

/// The job-order form of one position: the source order's conditions with the position's exact
/// shifts (start, end, break per day), weekly hours and days, hourly wage, and the insurance the
/// checks decide (雇用保険 by hours; 健康保険・厚生年金 only when the position is covered), with a
/// title, duties and PR text written for the position.
pub fn order_form(
    base: &JobOrderForm,
    p: &Position,
    tasks: &[Task],
    hourly_yen: i32,
    checks: &[Check],
    adjust: &Adjustments,
) -> JobOrderForm {
    let mut form = base.clone();
    let task_of = |id: u32| tasks.iter().find(|t| t.id == id);
    let mut names: Vec<&str> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for o in &p.occurrences {
        if let Some(t) = task_of(o.task_id)
            && !names.contains(&t.name.as_str())
        {
            names.push(&t.name);
            let days: Vec<&str> = (0..7u8)
                .filter(|d| {
                    p.occurrences
                        .iter()
                        .any(|x| x.task_id == t.id && x.day == *d)
                })
                .map(|d| crate::domain::WEEKDAYS[usize::from(d)])
                .collect();
            lines.push(format!(
                "・{}（{}曜、1回{}分）",
                t.name,
                days.join("・"),
                t.minutes
            ));
        }
    }
    let shifts = shift_patterns(p);
    let days_worked = p.shifts.iter().filter(|s| s.is_some()).count();
    let first = p.shifts.iter().flatten().next();
    let when = match (shifts.len(), first) {
        (1, Some(one)) => format!("{}〜{}", hm(one.start), hm(one.end)),
        _ => format!(
            "週{}",
            carving::law::hours_text(u32::from(p.weekly_minutes))
        ),
    };
    let base_title = without_full_time_words(&base.occupation_title);
    let title = if base_title.is_empty() {
        format!("{}スタッフ", names.first().copied().unwrap_or("作業"))
    } else {
        base_title
    };
    form.occupation_title = format!("{title}（短時間 {when}）");
    form.job_description = format!(
        "{}\n（業務の切り出しによる短時間の求人です。上記の作業を担当します）",
        lines.join("\n")
    );
    let daily_max = p.daily.iter().copied().max().unwrap_or(0);
    form.pr = format!(
        "{}を担当する、1日{}・週{}日の短時間の仕事です。担当する作業はあらかじめ決まっています。{}",
        names.join("・"),
        carving::law::hours_text(u32::from(daily_max)),
        days_worked,
        if p.occurrences
            .iter()
            .filter_map(|o| task_of(o.task_id))
            .any(|t| t.intersecting)
        {
            "職場の同僚と一緒に行う作業があります。"
        } else {
            ""
        }
    );
    form.openings = "1".into();
    form.full_time = String::new();
    form.employment_form = "non_regular".into();
    let name = without_full_time_words(&form.employment_form_name);
    form.employment_form_name = if name.is_empty() {
        "パート".into()
    } else {
        name
    };
    form.wage_form = "hourly".into();
    form.base_wage_min = hourly_yen.to_string();
    form.base_wage_max = String::new();
    form.fixed_overtime_exists = String::new();
    form.fixed_overtime_amount_yen = String::new();
    form.fixed_overtime_hours = String::new();
    form.fixed_overtime_excess_paid = String::new();
    form.allowances = Vec::new();
    form.shifts = shifts;
    form.weekly_hours = minutes_as_hours(u32::from(p.weekly_minutes));
    form.weekly_days = days_worked.to_string();
    // Hourly pay needs no monthly average; the source order's figure would be wrong here.
    form.monthly_hours = String::new();
    form.overtime = String::new();
    form.overtime_monthly_hours = String::new();
    let mut off: Vec<&str> = (0..7)
        .filter(|d| p.shifts[*d].is_none())
        .map(|d| crate::domain::WEEKDAYS[d])
        .collect();
    if base.holidays.contains('祝') {
        off.push("祝日");
    }
    form.holidays = if off.is_empty() {
        "なし（祝日も勤務）".into()
    } else {
        off.join("・")
    };
    form.annual_holidays = String::new();
    let flag = |b: bool| if b { "1".to_string() } else { String::new() };
    form.insurance_workers_comp = "1".into();
    form.insurance_employment = flag(coverage(checks, "employment_insurance") == Some(true));
    let health = coverage(checks, "health_pension");
    form.insurance_health = flag(health == Some(true));
    form.insurance_pension = flag(health == Some(true));
    if health.is_none() {
        let note = "健康保険・厚生年金の加入は事業所の厚生年金の被保険者数で決まります。求人者に確認のうえ、受理前に加入欄を直してください。";
        form.notes = if form.notes.trim().is_empty() {
            note.into()
        } else {
            format!("{}\n{note}", form.notes.trim())
        };
    }
    if matches!(adjust.pay_cycle.as_str(), "weekly" | "daily" | "monthly") {
        form.pay_cycle = adjust.pay_cycle.clone();
    }
    if adjust.age_unrestricted {
        // 年齢不問 is the lawful form of any age condition (労働施策総合推進法9条).
        form.age_exception = String::new();
        form.age_min = String::new();
        form.age_max = String::new();
        form.age_reason = String::new();
    }
    form.padded()
}

/// "20", "17.5", "4.25" (hours as the form reads them).
pub(super) fn minutes_as_hours(m: u32) -> String {
    if m.is_multiple_of(60) {
        (m / 60).to_string()
    } else {
        format!("{}", (f64::from(m) / 60.0 * 100.0).round() / 100.0)
    }
}

/// The position's shifts as job-order shift rows: days with the same start, end and break share a
/// row; every working day is in exactly one row.
pub fn shift_patterns(p: &Position) -> Vec<crate::services::job_order_form::ShiftInput> {
    let mut patterns: Vec<(carving::Shift, Vec<String>)> = Vec::new();
    for (day, s) in p.shifts.iter().enumerate() {
        let Some(s) = s else { continue };
        match patterns.iter_mut().find(|(x, _)| x == s) {
            Some(pat) => pat.1.push(day.to_string()),
            None => patterns.push((*s, vec![day.to_string()])),
        }
    }
    patterns
        .into_iter()
        .map(|(s, days)| crate::services::job_order_form::ShiftInput {
            start: format!("{:02}:{:02}", s.start / 60 % 24, s.start % 60),
            end: format!("{:02}:{:02}", s.end / 60 % 24, s.end % 60),
            break_minutes: s.break_minutes.to_string(),
            weekdays: days,
        })
        .collect()
}

/// "9:00〜13:00（休憩なし）" per working day of a position.
pub fn shift_text(s: &carving::Shift) -> String {
    if s.break_minutes == 0 {
        format!("{}〜{}（休憩なし）", hm(s.start), hm(s.end))
    } else {
        format!(
            "{}〜{}（休憩{}分）",
            hm(s.start),
            hm(s.end),
            s.break_minutes
        )
    }
}

pub async fn plans_of<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    breakdown_id: i32,
) -> Result<Vec<carving_plan::Model>, sea_orm::DbErr> {
    carving_plan::Entity::find()
        .filter(carving_plan::Column::OfficeId.eq(office_id))
        .filter(carving_plan::Column::BreakdownId.eq(breakdown_id))
        .order_by_desc(carving_plan::Column::Id)
        .all(db)
        .await
}

/// Records that the proposal of plan `id` was printed.
pub async fn record_print<C: ConnectionTrait>(db: &C, actor: &Actor, id: i32) -> ServiceResult<()> {
    audit::record(
        db,
        actor,
        None,
        "print",
        "carving_plan",
        Some(id.to_string()),
        "業務切り出し提案書を印刷",
    )
    .await?;
    Ok(())
}
