//! Job redesign over the database: the 作業分解書 of an order or an employer, the template
//! catalogue, carving plans (preset splits or fitted to chosen job seekers) with their legal
//! checks, and job orders created from the chosen positions (children of the source order).
use super::error::{ServiceError, ServiceResult};
use super::{
    Actor, audit, employers, job_order_form::JobOrderForm, job_orders, job_seekers, now, refdata,
};
use crate::domain::carving::law::{Check, LegalInput, legal_checks};
use crate::domain::carving::{
    self, BusinessHours, Demands, DisabilityKind, Frequency, MAX_TASKS, Plan, Position, Preset,
    Profile, Task, TaskKind, coverage,
};
use crate::domain::matching::parse_windows;
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use entity::{carving_plan, task_breakdown, task_template};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::time::{Duration, Instant};

/// Time budget of one carve: the solver runs off the async runtime's threads and returns the best
/// plan found when the budget is used up (the plan says so, with its gap to the bound).
pub const SOLVER_BUDGET: Duration = Duration::from_secs(2);
use serde::{Deserialize, Serialize};

pub const DEMAND_KEYS: [&str; 8] = [
    "standing",
    "lifting_10kg",
    "outdoors",
    "heat_cold",
    "judgement",
    "reading",
    "customer_contact",
    "pc",
];
pub const KINDS: &[(&str, &str)] = &[
    ("core", "日常業務"),
    ("episodic", "随時業務"),
    ("related", "関連業務"),
];
pub const FREQUENCIES: &[(&str, &str)] = &[
    ("daily", "毎日（月〜金）"),
    ("weekdays", "曜日指定"),
    ("per_week", "週N回"),
    ("per_month", "月N回"),
];

/// One task row as typed (strings; nothing typed is lost).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TaskRow {
    pub name: String,
    pub description: String,
    pub kind: String,
    pub frequency: String,
    /// Weekdays for `weekdays` ("0" = Monday)
    pub days: Vec<String>,
    /// N for `per_week` / `per_month`
    pub times: String,
    pub minutes: String,
    /// "9:00-10:00" or empty (any time within business hours)
    pub window: String,
    /// Demand keys that apply
    pub demands: Vec<String>,
    pub licences: String,
    pub intersecting: bool,
    pub essential: bool,
    pub group: String,
    pub not_carvable: bool,
}

impl TaskRow {
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.minutes.trim().is_empty()
    }
}

fn demands_of(keys: &[String], licences: &str) -> Demands {
    let has = |k: &str| keys.iter().any(|x| x == k);
    Demands {
        standing: has("standing"),
        lifting_10kg: has("lifting_10kg"),
        outdoors: has("outdoors"),
        heat_cold: has("heat_cold"),
        judgement: has("judgement"),
        reading: has("reading"),
        customer_contact: has("customer_contact"),
        pc: has("pc"),
        licences: licences
            .split(['、', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

/// Read task rows into tasks; every unreadable value gets a message at `task{i}_{field}`.
pub fn to_tasks(rows: &[TaskRow]) -> (Vec<Task>, FieldErrors) {
    let mut e = FieldErrors::new();
    let mut out = Vec::new();
    let n = rows.iter().filter(|r| !r.is_blank()).count();
    if n > MAX_TASKS {
        e.add(
            "tasks",
            format!(
                "作業は1つの作業分解書につき{MAX_TASKS}件までです（現在{n}件）。部署や工程ごとに作業分解書を分けてください"
            ),
        );
    }
    for (i, r) in rows.iter().enumerate() {
        if r.is_blank() {
            continue;
        }
        let f = |name: &str| format!("task{i}_{name}");
        if r.name.trim().is_empty() {
            e.add(&f("name"), "作業名を入力してください");
        }
        let minutes = crate::domain::normalize::nfkc(r.minutes.trim())
            .parse::<u16>()
            .ok()
            .filter(|m| (1..=720).contains(m));
        if minutes.is_none() {
            e.add(
                &f("minutes"),
                "1回あたりの時間（分）を1〜720で入力してください",
            );
        }
        let n = crate::domain::normalize::nfkc(r.times.trim())
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=31).contains(n));
        let frequency = match r.frequency.as_str() {
            "weekdays" => {
                let mask = r
                    .days
                    .iter()
                    .filter_map(|d| d.parse::<u8>().ok())
                    .filter(|d| *d < 7)
                    .fold(0u8, |m, d| m | (1 << d));
                if mask == 0 {
                    e.add(&f("frequency"), "曜日を選択してください");
                }
                Frequency::Weekdays(mask)
            }
            "per_week" => Frequency::TimesPerWeek(n.unwrap_or_else(|| {
                e.add(&f("times"), "週の回数を入力してください");
                1
            })),
            "per_month" => Frequency::TimesPerMonth(n.unwrap_or_else(|| {
                e.add(&f("times"), "月の回数を入力してください");
                1
            })),
            _ => Frequency::Daily,
        };
        let window = match r.window.trim() {
            "" => None,
            w => match parse_windows(w) {
                Ok(ws) if ws.len() == 1 => Some((ws[0].start, ws[0].end)),
                Ok(_) => {
                    e.add(
                        &f("window"),
                        "時間帯は1つだけ入力してください（例：9:00-10:00）",
                    );
                    None
                }
                Err(m) => {
                    e.add(&f("window"), m);
                    None
                }
            },
        };
        if let (Some((s, t)), Some(m)) = (window, minutes)
            && t.saturating_sub(s) < m
        {
            e.add(&f("window"), "時間帯が作業時間より短くなっています");
        }
        let group = match r.group.trim() {
            "" => None,
            g => crate::domain::normalize::nfkc(g)
                .parse::<u32>()
                .ok()
                .or_else(|| {
                    e.add(&f("group"), "グループは番号で入力してください");
                    None
                }),
        };
        out.push(Task {
            id: (i + 1) as u32,
            name: r.name.trim().to_owned(),
            kind: match r.kind.as_str() {
                "episodic" => TaskKind::Episodic,
                "related" => TaskKind::Related,
                _ => TaskKind::Core,
            },
            frequency,
            minutes: minutes.unwrap_or(0),
            window,
            demands: demands_of(&r.demands, &r.licences),
            intersecting: r.intersecting,
            essential: r.essential,
            group,
            not_carvable: r.not_carvable,
        });
    }
    (out, e)
}

pub fn rows_of(b: &task_breakdown::Model) -> Vec<TaskRow> {
    serde_json::from_str(&b.tasks_json).unwrap_or_default()
}

pub fn hours_of(b: &task_breakdown::Model) -> BusinessHours {
    BusinessHours {
        days: b.business_days as u8,
        open: b.open_minutes as u16,
        close: b.close_minutes as u16,
    }
}

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
pub async fn for_order<C: super::Db>(
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
        None => job_orders::draft_form(&order),
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
pub async fn for_employer<C: super::Db>(
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
async fn create_empty<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    employer_id: i32,
    job_order_id: Option<i32>,
    name: String,
    summary: String,
    start: BreakdownStart,
) -> ServiceResult<task_breakdown::Model> {
    let txn = super::write_tx(db).await?;
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
pub async fn save<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    i: &BreakdownInput,
) -> ServiceResult<(task_breakdown::Model, FieldErrors)> {
    let txn = super::write_tx(db).await?;
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

/// The shipped catalogue (name, kind, minutes, demands, description).
const TEMPLATES: &[(&str, &str, i32, &[&str], &str)] = &[
    (
        "封入作業",
        "core",
        60,
        &[],
        "書類を折り、封筒に入れて封をする",
    ),
    (
        "公用車洗車",
        "episodic",
        60,
        &["standing", "outdoors"],
        "公用車の外装洗車と車内清掃",
    ),
    (
        "花壇整備",
        "episodic",
        60,
        &["outdoors", "heat_cold"],
        "花壇の水やり・除草・植え替え",
    ),
    (
        "車椅子点検整備",
        "episodic",
        45,
        &["judgement"],
        "空気圧・ブレーキの点検と清拭",
    ),
    (
        "館内清掃",
        "core",
        120,
        &["standing"],
        "廊下・トイレ・ロビーの清掃",
    ),
    (
        "駐輪場整備",
        "core",
        30,
        &["outdoors"],
        "自転車の整列と清掃",
    ),
    (
        "PC文書作成",
        "core",
        60,
        &["pc", "reading"],
        "定型文書の入力・作成",
    ),
    (
        "庭園整備",
        "episodic",
        90,
        &["outdoors", "heat_cold"],
        "剪定補助・落ち葉清掃",
    ),
    (
        "檻の見回り",
        "core",
        30,
        &["outdoors"],
        "動物の檻の見回りと記録",
    ),
    ("袋詰め", "core", 60, &[], "商品・資材の袋詰め"),
    ("検品", "core", 60, &["judgement"], "製品の外観・数量の確認"),
    (
        "事務補助",
        "core",
        60,
        &["reading"],
        "コピー・ファイリング・郵便物の仕分け",
    ),
    ("内職", "core", 120, &[], "部品の組立て・封入などの軽作業"),
    (
        "公園清掃",
        "core",
        90,
        &["outdoors", "heat_cold"],
        "園内のごみ拾い・トイレ清掃",
    ),
    (
        "収穫作業",
        "episodic",
        120,
        &["outdoors", "standing", "heat_cold"],
        "野菜・果物の収穫と運搬",
    ),
    (
        "草刈り",
        "episodic",
        60,
        &["outdoors", "heat_cold"],
        "草刈り機・手作業による除草",
    ),
    (
        "資源化物の手選別",
        "core",
        120,
        &["standing"],
        "缶・瓶・ペットボトルの手選別",
    ),
    ("整網作業", "core", 120, &["judgement"], "漁網の補修・整理"),
    (
        "裁断",
        "core",
        90,
        &["standing", "judgement"],
        "革・布の裁断（裁断機を使用）",
    ),
    ("下張", "core", 60, &[], "芯材・裏地の貼り合わせ"),
    (
        "コバ塗り",
        "core",
        60,
        &[],
        "革の切り口（コバ）の塗装・磨き",
    ),
    ("縫製", "core", 120, &["judgement"], "ミシンによる縫製"),
    (
        "データ入力",
        "core",
        90,
        &["pc"],
        "伝票・アンケートのデータ入力",
    ),
    (
        "風呂桶洗い",
        "core",
        60,
        &["standing"],
        "浴場の桶・椅子の洗浄",
    ),
    ("清掃", "core", 60, &["standing"], "事務所・作業場の清掃"),
];

/// The shipped catalogue as task rows (daily, essential), in catalogue order.
pub fn catalogue() -> Vec<TaskRow> {
    TEMPLATES
        .iter()
        .map(|(name, kind, minutes, demands, description)| TaskRow {
            name: (*name).into(),
            description: (*description).into(),
            kind: (*kind).into(),
            frequency: "daily".into(),
            minutes: minutes.to_string(),
            demands: demands.iter().map(|d| (*d).to_owned()).collect(),
            essential: true,
            ..Default::default()
        })
        .collect()
}

/// Load the shipped templates once.
pub async fn seed_templates<C: ConnectionTrait>(db: &C) -> Result<(), sea_orm::DbErr> {
    if task_template::Entity::find()
        .filter(task_template::Column::OfficeId.is_null())
        .count(db)
        .await?
        > 0
    {
        return Ok(());
    }
    for (name, kind, minutes, demands, description) in TEMPLATES {
        task_template::ActiveModel {
            office_id: Set(None),
            name: Set((*name).into()),
            kind: Set((*kind).into()),
            minutes: Set(*minutes),
            description: Set((*description).into()),
            demands_json: Set(serde_json::to_string(demands).unwrap_or_else(|_| "[]".into())),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Shipped templates and the office's own.
pub async fn templates<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
) -> Result<Vec<task_template::Model>, sea_orm::DbErr> {
    task_template::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(task_template::Column::OfficeId.is_null())
                .add(task_template::Column::OfficeId.eq(office_id)),
        )
        .order_by_asc(task_template::Column::Id)
        .all(db)
        .await
}

/// An office adds a template of its own (from a task row).
pub async fn add_template<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    row: &TaskRow,
) -> ServiceResult<task_template::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let (tasks, e) = to_tasks(std::slice::from_ref(row));
    e.into_result()?;
    let t = tasks
        .first()
        .ok_or_else(|| ServiceError::Refused("作業名と時間を入力してください。".into()))?;
    let m = task_template::ActiveModel {
        office_id: Set(Some(office_id)),
        name: Set(t.name.clone()),
        kind: Set(if row.kind.is_empty() {
            "core".into()
        } else {
            row.kind.clone()
        }),
        minutes: Set(t.minutes as i32),
        description: Set(row.description.trim().to_owned()),
        demands_json: Set(serde_json::to_string(&row.demands).unwrap_or_else(|_| "[]".into())),
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
        "task_template",
        Some(m.id.to_string()),
        "作業テンプレートを追加",
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub fn row_from_template(t: &task_template::Model) -> TaskRow {
    TaskRow {
        name: t.name.clone(),
        description: t.description.clone(),
        kind: t.kind.clone(),
        frequency: "daily".into(),
        minutes: t.minutes.to_string(),
        demands: serde_json::from_str(&t.demands_json).unwrap_or_default(),
        essential: true,
        ..Default::default()
    }
}

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
enum Ask {
    Preset(Preset),
    Profiles(Vec<Profile>),
}

/// Runs the solver on a blocking thread with [`SOLVER_BUDGET`], so that a large carve never
/// holds an async runtime thread (other requests keep being answered).
async fn solve_off_runtime(
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

fn invalid(field: &str, message: &str) -> ServiceError {
    let mut e = FieldErrors::new();
    e.add(field, message);
    ServiceError::Invalid(e)
}

/// Carve, store the plan, and return it. Every input is checked before anything is computed
/// or stored.
pub async fn run<C: super::Db>(
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
    let txn = super::write_tx(db).await?;
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
fn profile_of(s: &entity::job_seeker::Model, n: usize, avoid: &[String]) -> Profile {
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
async fn default_hourly<C: ConnectionTrait>(
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
            None => job_orders::draft_form(&job_orders::get(db, office_id, id).await?),
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
    let txn = super::write_tx(db).await?;
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
const FULL_TIME_WORDS: &[&str] = &[
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

fn without_full_time_words(s: &str) -> String {
    let mut out = s.to_owned();
    for w in FULL_TIME_WORDS {
        out = out.replace(w, "");
    }
    out.trim().to_owned()
}

fn hm(m: u16) -> String {
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
fn minutes_as_hours(m: u32) -> String {
    if m.is_multiple_of(60) {
        (m / 60).to_string()
    } else {
        format!("{}", (f64::from(m) / 60.0 * 100.0).round() / 100.0)
    }
}

/// The position's shifts as job-order shift rows: days with the same start, end and break share a
/// row; every working day is in exactly one row.
pub fn shift_patterns(p: &Position) -> Vec<super::job_order_form::ShiftInput> {
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
        .map(|(s, days)| super::job_order_form::ShiftInput {
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
