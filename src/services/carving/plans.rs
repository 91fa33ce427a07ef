//! Carving plans: preset splits or fitted to chosen job seekers, solved off the async runtime,
//! stored as the typed plan, and read back with their legal checks.
use super::*;
use crate::domain::carving::law::{Check, LegalInput, legal_checks};
use crate::domain::carving::{self, BusinessHours, DisabilityKind, Plan, Preset, Profile, Task};
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::{Actor, audit, employers, job_orders, job_seekers, now, refdata};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use entity::{carving_plan, task_breakdown};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// Time budget of one carve: the solver runs off the async runtime's threads and returns the best
/// plan found when the budget is used up (the plan says so, with its gap to the bound).
pub const SOLVER_BUDGET: Duration = Duration::from_secs(2);

/// How to carve.
#[derive(Clone, Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PlanInput {
    /// `split44`, `split62`, `max` (n positions of at most h hours) or `seekers`
    pub mode: String,
    pub positions: String,
    pub max_hours: String,
    /// For `seekers`: the job seekers to fit
    pub seeker_ids: Vec<i32>,
    /// What each chosen seeker cannot do: "seekerId:demandKey"
    pub avoid: Vec<String>,
    /// Seekers who agreed that the kind and grade of their disability be used for the
    /// 障害者雇用率 count in the proposal given to the employer (only with recorded consent)
    pub disclose: Vec<i32>,
    /// Hourly wage of the positions (default: the source order's hourly equivalent)
    pub hourly_yen: String,
    /// The date the legal checks apply (YYYY-MM-DD or 和暦; default today)
    pub date: String,
}

/// What the solver is asked to do.
pub(super) enum Ask {
    Preset(Preset),
    Profiles(Vec<Profile>),
}

/// Runs the solver on a blocking thread with [`SOLVER_BUDGET`], so that a large carve never
/// holds an async runtime thread (other requests keep being answered).
pub(super) async fn solve_off_runtime(
    tasks: Vec<Task>,
    hours: BusinessHours,
    ask: Ask,
) -> ServiceResult<Plan> {
    tokio::task::spawn_blocking(move || {
        let deadline = Instant::now() + SOLVER_BUDGET;
        let stop = move || Instant::now() >= deadline;
        match ask {
            Ask::Preset(p) => carving::plan_for_preset_within(&tasks, &hours, &p, &stop),
            Ask::Profiles(p) => carving::plan_for_profiles_within(&tasks, &hours, &p, &stop),
        }
    })
    .await
    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("carving solver: {e}")))
}

pub(super) fn invalid(field: &str, message: &str) -> ServiceError {
    let mut e = FieldErrors::new();
    e.add(field, message);
    ServiceError::Invalid(e)
}

/// Carve, store the plan, and return it. Every input is checked before anything is computed
/// or stored.
pub async fn run<C: crate::services::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    breakdown_id: i32,
    i: &PlanInput,
    today: NaiveDate,
) -> ServiceResult<(carving_plan::Model, Plan)> {
    let b = get(db, office_id, breakdown_id).await?;
    let (tasks, e) = to_tasks(&rows_of(&b));
    if let Some(m) = e.map().get("tasks").and_then(|m| m.first()) {
        return Err(invalid("mode", m));
    }
    if !e.is_empty() {
        return Err(invalid(
            "mode",
            "作業分解書に読み取れない行があります。先に作業分解書を直してください",
        ));
    }
    if tasks.is_empty() {
        return Err(invalid("mode", "作業分解書に作業を登録してください"));
    }
    let check_date = match i.date.trim() {
        "" => today,
        d => crate::domain::wareki::parse_date(d).ok_or_else(|| {
            invalid(
                "date",
                "法令チェックの基準日を「2026-12-01」または「令和8年12月1日」の形で入力してください",
            )
        })?,
    };
    let hours = hours_of(&b);
    let mut e = FieldErrors::new();
    let num = |s: &str| crate::domain::normalize::nfkc(s.trim()).parse::<f64>().ok();
    let ask = match i.mode.as_str() {
        "split44" => Ask::Preset(Preset::Split(vec![240, 240])),
        "split62" => Ask::Preset(Preset::Split(vec![360, 120])),
        "max" => {
            let n = num(&i.positions).filter(|n| (1.0..=20.0).contains(n));
            let h = num(&i.max_hours).filter(|h| *h > 0.0 && *h <= 12.0);
            if n.is_none() {
                e.add("positions", "ポジション数を1〜20で入力してください");
            }
            if h.is_none() {
                e.add(
                    "max_hours",
                    "1日の上限時間を0より大きく12以下で入力してください",
                );
            }
            e.clone().into_result()?;
            Ask::Preset(Preset::MaxHours {
                positions: n.unwrap_or(1.0) as u8,
                max_daily_minutes: (h.unwrap_or(4.0) * 60.0) as u16,
            })
        }
        "seekers" => {
            if i.seeker_ids.is_empty() {
                return Err(invalid("seeker_ids", "対象の求職者を選んでください"));
            }
            let mut profiles = Vec::new();
            for (n, id) in i.seeker_ids.iter().take(26).enumerate() {
                let s = job_seekers::get(db, office_id, *id).await?;
                profiles.push(profile_of(&s, n, &i.avoid));
            }
            Ask::Profiles(profiles)
        }
        _ => return Err(invalid("mode", "分割の方法を選択してください")),
    };
    let employer = employers::get(db, office_id, b.employer_id).await?;
    let minimum = refdata::minimum_wage_on(db, &employer.prefecture_code, check_date)
        .await?
        .map(|w| w.hourly_yen)
        .unwrap_or(0);
    let hourly = match num(&i.hourly_yen) {
        Some(h) if h > 0.0 && h < 100_000.0 => {
            if (h as i32) < minimum {
                return Err(invalid(
                    "hourly_yen",
                    &format!("時給が最低賃金（{minimum}円）を下回っています"),
                ));
            }
            h as i32
        }
        Some(_) => return Err(invalid("hourly_yen", "時給を円で入力してください")),
        // The source order's hourly equivalent, never below the minimum wage.
        None => default_hourly(db, office_id, &b, today).await?.max(minimum),
    };
    let plan = solve_off_runtime(tasks, hours, ask).await?;
    let txn = crate::services::write_tx(db).await?;
    let db = &txn;
    let input_json = serde_json::to_string(i).unwrap_or_default();
    let m = carving_plan::ActiveModel {
        office_id: Set(office_id),
        breakdown_id: Set(b.id),
        mode: Set(if i.mode == "seekers" {
            "profiles".into()
        } else {
            "preset".into()
        }),
        input_json: Set(input_json),
        plan_json: Set(serde_json::to_string(&plan).unwrap_or_default()),
        hourly_yen: Set(hourly),
        created_by: Set(actor.id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "carving_plan",
        Some(m.id.to_string()),
        format!(
            "業務の切り出し案を作成（{}ポジション）",
            plan.positions.len()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok((m, plan))
}

/// The profile of the `n`-th chosen seeker (anonymous label 対象者A, B …).
pub(super) fn profile_of(s: &entity::job_seeker::Model, n: usize, avoid: &[String]) -> Profile {
    let a = job_seekers::availability(s);
    let avoid_keys: Vec<String> = avoid
        .iter()
        .filter_map(|v| v.split_once(':'))
        .filter(|(sid, _)| sid.parse::<i32>().ok() == Some(s.id))
        .map(|(_, k)| k.to_owned())
        .collect();
    Profile {
        id: s.id,
        label: seeker_label(n),
        days: std::array::from_fn(|d| a.days[d].iter().map(|w| (w.start, w.end)).collect()),
        max_daily_minutes: if a.max_daily_minutes == 0 {
            480
        } else {
            a.max_daily_minutes.min(720) as u16
        },
        max_weekly_minutes: if a.max_weekly_minutes == 0 {
            2400
        } else {
            a.max_weekly_minutes.min(3000) as u16
        },
        min_weekly_minutes: 0,
        avoid: demands_of(&avoid_keys, ""),
        licences: s
            .licenses
            .split(['、', ',', '\n'])
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect(),
        break_minutes_over_6h: 45,
    }
}

/// 対象者A, 対象者B, …
pub fn seeker_label(n: usize) -> String {
    format!("対象者{}", (b'A' + (n % 26) as u8) as char)
}

/// The source order's hourly equivalent, else the minimum wage of the workplace.
pub(super) async fn default_hourly<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    b: &task_breakdown::Model,
    today: NaiveDate,
) -> ServiceResult<i32> {
    if let Some(order_id) = b.job_order_id
        && let Some((_, t)) = job_orders::accepted_terms(db, office_id, order_id).await?
        && let Some(h) = crate::domain::wage::hourly_equivalent_yen(&t)
    {
        return Ok(h.ceil() as i32);
    }
    let e = employers::get(db, office_id, b.employer_id).await?;
    Ok(refdata::minimum_wage_on(db, &e.prefecture_code, today)
        .await?
        .map(|w| w.hourly_yen)
        .unwrap_or(0))
}

/// A stored plan, read back as the typed [`Plan`] it was stored from.
pub async fn plan<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<(carving_plan::Model, Plan)> {
    let m = carving_plan::Entity::find_by_id(id)
        .filter(carving_plan::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let p: Plan = serde_json::from_str(&m.plan_json).map_err(|e| {
        ServiceError::Internal(anyhow::anyhow!("carving plan #{} unreadable: {e}", m.id))
    })?;
    Ok((m, p))
}

pub fn input_of(m: &carving_plan::Model) -> PlanInput {
    serde_json::from_str(&m.input_json).unwrap_or_default()
}

/// A fitted seeker as the plan may show them: anonymous label, and the disability kind for the
/// 障害者雇用率 count only where the record holds it with consent (要配慮個人情報).
#[derive(Clone, Debug)]
pub struct FittedSeeker {
    pub profile_id: i32,
    pub label: String,
    pub seeker: entity::job_seeker::Model,
    pub disability: Option<DisabilityKind>,
    /// The seeker agreed that the employer be told (the proposal may carry the count).
    pub disclose: bool,
}

/// One position's 障害者雇用率 count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct QuotaCount {
    pub profile_id: i32,
    pub label: String,
    /// 身体障害者, 重度身体障害者, 知的障害者, 重度知的障害者, 精神障害者
    pub kind: String,
    pub weekly_minutes: u32,
    /// The count in halves (1 = 0.5人, 2 = 1人, 4 = 2人)
    pub halves: u32,
    /// "0.5人"
    pub count: String,
    /// The seeker agreed that the employer be told (shown in the proposal)
    pub disclosed: bool,
}

/// Everything the plan page, the proposal and the API show about a plan, read in a fixed
/// number of queries (one per fitted seeker).
pub struct PlanReport {
    pub model: carving_plan::Model,
    pub plan: Plan,
    pub breakdown: task_breakdown::Model,
    pub employer: entity::employer::Model,
    pub tasks: Vec<Task>,
    /// Per position (same order as `plan.positions`).
    pub checks: Vec<Vec<Check>>,
    pub date: NaiveDate,
    pub seekers: Vec<FittedSeeker>,
    pub quota: Vec<QuotaCount>,
}

impl PlanReport {
    /// Total 障害者雇用率 count in halves, over all or only the disclosed positions.
    pub fn quota_total_halves(&self, disclosed_only: bool) -> u32 {
        self.quota
            .iter()
            .filter(|q| q.disclosed || !disclosed_only)
            .map(|q| q.halves)
            .sum()
    }

    pub fn task_name(&self, id: u32) -> &str {
        self.tasks
            .iter()
            .find(|t| t.id == id)
            .map_or("", |t| t.name.as_str())
    }
}

/// The plan with its legal checks on `date` and the fitted seekers.
pub async fn report<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
    date: NaiveDate,
) -> ServiceResult<PlanReport> {
    let (model, plan) = plan(db, office_id, id).await?;
    let breakdown = get(db, office_id, model.breakdown_id).await?;
    let employer = employers::get(db, office_id, breakdown.employer_id).await?;
    let (tasks, _) = to_tasks(&rows_of(&breakdown));
    let input = input_of(&model);
    let mut seekers = Vec::new();
    if model.mode == "profiles" {
        for (n, sid) in input.seeker_ids.iter().take(26).enumerate() {
            if let Ok(s) = job_seekers::get(db, office_id, *sid).await {
                let disability = s
                    .sensitive_consent
                    .then(|| DisabilityKind::from_record(&s.disability_type, &s.disability_grade))
                    .flatten();
                seekers.push(FittedSeeker {
                    profile_id: s.id,
                    label: seeker_label(n),
                    disclose: disability.is_some() && input.disclose.contains(&s.id),
                    disability,
                    seeker: s,
                });
            }
        }
    }
    let mw = refdata::minimum_wage_on(db, &employer.prefecture_code, date)
        .await?
        .map(|w| w.hourly_yen.max(0) as u32)
        .unwrap_or(0);
    let insured = employer.pension_insured_count.map(|n| n.max(0) as u32);
    let mut checks = Vec::new();
    let mut quota = Vec::new();
    for p in &plan.positions {
        let mut li =
            LegalInput::for_position(date, model.hourly_yen.max(0) as u32, mw, p, 365, insured);
        let fitted = seekers.iter().find(|s| s.profile_id == p.profile_id);
        li.disability = fitted.and_then(|s| s.disability);
        if let (Some(s), Some(kind)) = (fitted, li.disability) {
            let halves = carving::quota_count_halves(kind, li.weekly_minutes, date);
            quota.push(QuotaCount {
                profile_id: p.profile_id,
                label: s.label.clone(),
                kind: kind.label().to_owned(),
                weekly_minutes: li.weekly_minutes,
                halves,
                count: carving::halves_text(halves),
                disclosed: s.disclose,
            });
        }
        checks.push(legal_checks(&li));
    }
    Ok(PlanReport {
        model,
        plan,
        breakdown,
        employer,
        tasks,
        checks,
        date,
        seekers,
        quota,
    })
}
