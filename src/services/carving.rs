//! Job redesign over the database: the 作業分解書 of an order or an employer, the template
//! catalogue, carving plans (preset splits or fitted to chosen job seekers) with their legal
//! checks, and job orders created from the chosen positions (children of the source order).
use super::{
    Actor, audit, employers, job_order_form::JobOrderForm, job_orders, job_seekers, now, refdata,
};
use crate::domain::carving::law::{Check, LegalInput, legal_checks};
use crate::domain::carving::{
    self, BusinessHours, Demands, Frequency, Plan, Position, Preset, Profile, Task, TaskKind,
};
use crate::domain::matching::parse_windows;
use crate::error::{AppError, AppResult};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use entity::{carving_plan, task_breakdown, task_template};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
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

/// The breakdown of an order, created empty (Mon–Fri 9:00–18:00) the first time.
pub async fn for_order<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    order_id: i32,
) -> AppResult<task_breakdown::Model> {
    let order = job_orders::get(db, office_id, order_id).await?;
    if let Some(b) = task_breakdown::Entity::find()
        .filter(task_breakdown::Column::OfficeId.eq(office_id))
        .filter(task_breakdown::Column::JobOrderId.eq(order_id))
        .one(db)
        .await?
    {
        return Ok(b);
    }
    create_empty(
        db,
        actor,
        office_id,
        order.employer_id,
        Some(order_id),
        format!("{} の作業分解書", order.occupation_title),
        format!("求人 #{order_id} の作業分解書を作成"),
    )
    .await
}

/// The breakdown of an employer's department (no source order), created the first time.
pub async fn for_employer<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    employer_id: i32,
) -> AppResult<task_breakdown::Model> {
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
    )
    .await
}

/// A new, empty breakdown (Mon–Fri 9:00–18:00).
async fn create_empty<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    employer_id: i32,
    job_order_id: Option<i32>,
    name: String,
    summary: String,
) -> AppResult<task_breakdown::Model> {
    let t = now();
    let b = task_breakdown::ActiveModel {
        office_id: Set(office_id),
        employer_id: Set(employer_id),
        job_order_id: Set(job_order_id),
        name: Set(name),
        business_days: Set(0b0011111),
        open_minutes: Set(9 * 60),
        close_minutes: Set(18 * 60),
        tasks_json: Set("[]".into()),
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
    Ok(b)
}

pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> AppResult<task_breakdown::Model> {
    task_breakdown::Entity::find_by_id(id)
        .filter(task_breakdown::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
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
pub async fn save<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    i: &BreakdownInput,
) -> AppResult<(task_breakdown::Model, FieldErrors)> {
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
pub async fn add_template<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    row: &TaskRow,
) -> AppResult<task_template::Model> {
    let (tasks, e) = to_tasks(std::slice::from_ref(row));
    e.into_result()?;
    let t = tasks
        .first()
        .ok_or_else(|| AppError::BadRequest("作業名と時間を入力してください。".into()))?;
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
    /// Hourly wage of the positions (default: the source order's hourly equivalent)
    pub hourly_yen: String,
    /// The date the legal checks apply (YYYY-MM-DD; default today)
    pub date: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredPlan {
    pub plan: serde_json::Value,
    pub labels: Vec<(i32, String)>,
}

/// Carve, store the plan, and return it.
pub async fn run<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    breakdown_id: i32,
    i: &PlanInput,
    today: NaiveDate,
) -> AppResult<(carving_plan::Model, Plan)> {
    let b = get(db, office_id, breakdown_id).await?;
    let (tasks, e) = to_tasks(&rows_of(&b));
    if !e.is_empty() {
        let mut e2 = FieldErrors::new();
        e2.add(
            "mode",
            "作業分解書に読み取れない行があります。先に作業分解書を直してください",
        );
        return Err(AppError::Invalid(e2));
    }
    if tasks.is_empty() {
        let mut e2 = FieldErrors::new();
        e2.add("mode", "作業分解書に作業を登録してください");
        return Err(AppError::Invalid(e2));
    }
    let hours = hours_of(&b);
    let mut e = FieldErrors::new();
    let num = |s: &str| crate::domain::normalize::nfkc(s.trim()).parse::<f64>().ok();
    let plan = match i.mode.as_str() {
        "split44" => carving::plan_for_preset(&tasks, &hours, &Preset::Split(vec![240, 240])),
        "split62" => carving::plan_for_preset(&tasks, &hours, &Preset::Split(vec![360, 120])),
        "max" => {
            let n = num(&i.positions).filter(|n| (1.0..=20.0).contains(n));
            let h = num(&i.max_hours).filter(|h| *h > 0.0 && *h <= 12.0);
            if n.is_none() {
                e.add("positions", "ポジション数を1〜20で入力してください");
            }
            if h.is_none() {
                e.add("max_hours", "1日の上限時間を入力してください");
            }
            e.clone().into_result()?;
            carving::plan_for_preset(
                &tasks,
                &hours,
                &Preset::MaxHours {
                    positions: n.unwrap_or(1.0) as u8,
                    max_daily_minutes: (h.unwrap_or(4.0) * 60.0) as u16,
                },
            )
        }
        "seekers" => {
            if i.seeker_ids.is_empty() {
                e.add("seeker_ids", "対象の求職者を選んでください");
                return Err(AppError::Invalid(e));
            }
            let mut profiles = Vec::new();
            for (n, id) in i.seeker_ids.iter().enumerate() {
                let s = job_seekers::get(db, office_id, *id).await?;
                let a = job_seekers::availability(&s);
                let avoid_keys: Vec<String> = i
                    .avoid
                    .iter()
                    .filter_map(|v| v.split_once(':'))
                    .filter(|(sid, _)| sid.parse::<i32>().ok() == Some(*id))
                    .map(|(_, k)| k.to_owned())
                    .collect();
                profiles.push(Profile {
                    id: s.id,
                    label: format!("対象者{}", (b'A' + n as u8) as char),
                    days: std::array::from_fn(|d| {
                        a.days[d].iter().map(|w| (w.start, w.end)).collect()
                    }),
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
                });
            }
            carving::plan_for_profiles(&tasks, &hours, &profiles)
        }
        _ => {
            e.add("mode", "分割の方法を選択してください");
            return Err(AppError::Invalid(e));
        }
    };
    let employer = employers::get(db, office_id, b.employer_id).await?;
    let check_date = crate::domain::wareki::parse_date(&i.date).unwrap_or(today);
    let minimum = refdata::minimum_wage_on(db, &employer.prefecture_code, check_date)
        .await?
        .map(|w| w.hourly_yen)
        .unwrap_or(0);
    let hourly = match num(&i.hourly_yen) {
        Some(h) if h > 0.0 => {
            if (h as i32) < minimum {
                let mut e = FieldErrors::new();
                e.add(
                    "hourly_yen",
                    format!("時給が最低賃金（{minimum}円）を下回っています"),
                );
                return Err(AppError::Invalid(e));
            }
            h as i32
        }
        // The source order's hourly equivalent, never below the minimum wage.
        _ => default_hourly(db, office_id, &b, today).await?.max(minimum),
    };
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
    Ok((m, plan))
}

/// The source order's hourly equivalent, else the minimum wage of the workplace.
async fn default_hourly<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    b: &task_breakdown::Model,
    today: NaiveDate,
) -> AppResult<i32> {
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

pub async fn plan<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> AppResult<(carving_plan::Model, serde_json::Value)> {
    let m = carving_plan::Entity::find_by_id(id)
        .filter(carving_plan::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let v = serde_json::from_str(&m.plan_json).unwrap_or(serde_json::Value::Null);
    Ok((m, v))
}

pub fn input_of(m: &carving_plan::Model) -> PlanInput {
    serde_json::from_str(&m.input_json).unwrap_or_default()
}

/// The legal checks of every position of a stored plan on `date`.
pub async fn checks<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    m: &carving_plan::Model,
    positions: &[Position],
    date: NaiveDate,
) -> AppResult<Vec<Vec<Check>>> {
    let b = get(db, office_id, m.breakdown_id).await?;
    let e = employers::get(db, office_id, b.employer_id).await?;
    let mw = refdata::minimum_wage_on(db, &e.prefecture_code, date)
        .await?
        .map(|w| w.hourly_yen as u32)
        .unwrap_or(0);
    Ok(positions
        .iter()
        .map(|p| {
            legal_checks(&LegalInput::for_position(
                date,
                m.hourly_yen.max(0) as u32,
                mw,
                p,
                365,
                e.pension_insured_count.unwrap_or(0).max(0) as u32,
            ))
        })
        .collect())
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

/// Turn the chosen positions into job orders (drafts, children of the source order, its
/// conditions copied); each then goes through normal acceptance.
pub async fn create_orders<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    plan_id: i32,
    chosen: &[i32],
    adjust: &Adjustments,
) -> AppResult<Vec<entity::job_order::Model>> {
    let (m, v) = plan(db, office_id, plan_id).await?;
    let b = get(db, office_id, m.breakdown_id).await?;
    let positions: Vec<PositionView> =
        serde_json::from_value(v.get("positions").cloned().unwrap_or_default()).unwrap_or_default();
    let (tasks, _) = to_tasks(&rows_of(&b));
    let base_form = match b.job_order_id {
        Some(id) => match job_orders::accepted_terms(db, office_id, id).await? {
            Some((_, t)) => JobOrderForm::from_terms(&t),
            None => job_orders::draft_form(&job_orders::get(db, office_id, id).await?),
        },
        None => JobOrderForm::for_employer(&employers::get(db, office_id, b.employer_id).await?),
    };
    let mut created = Vec::new();
    for p in positions.iter().filter(|p| chosen.contains(&p.profile_id)) {
        let mut form = base_form.clone();
        let names: Vec<String> = {
            let mut seen = Vec::new();
            for o in &p.occurrences {
                if let Some(t) = tasks.iter().find(|t| t.id == o.task_id)
                    && !seen.contains(&t.name)
                {
                    seen.push(t.name.clone());
                }
            }
            seen
        };
        form.occupation_title = format!(
            "{}（短時間）",
            if base_form.occupation_title.is_empty() {
                "作業スタッフ"
            } else {
                base_form.occupation_title.as_str()
            }
        );
        form.job_description =
            format!("{}\n（業務の切り出しによる短時間の求人）", names.join("、"));
        form.openings = "1".into();
        form.full_time = String::new();
        form.employment_form = "non_regular".into();
        if form.employment_form_name.is_empty() {
            form.employment_form_name = "パート".into();
        }
        form.wage_form = "hourly".into();
        form.base_wage_min = m.hourly_yen.to_string();
        form.base_wage_max = String::new();
        form.fixed_overtime_exists = String::new();
        form.allowances = Vec::new();
        form.shifts = shifts_of(p);
        form.weekly_hours = format!("{}", p.weekly_minutes as f64 / 60.0);
        form.weekly_days = p.daily.iter().filter(|d| **d > 0).count().to_string();
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
        let form = form.padded();
        let order =
            job_orders::create_draft(db, actor, office_id, b.employer_id, &form, "staff").await?;
        let mut am: entity::job_order::ActiveModel = order.into();
        am.parent_id = Set(b.job_order_id);
        let order = am.update(db).await?;
        audit::record(
            db,
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
    if created.is_empty() {
        let mut e = FieldErrors::new();
        e.add("positions", "求人にするポジションを選んでください");
        return Err(AppError::Invalid(e));
    }
    Ok(created)
}

/// A stored position (the fields used here).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct PositionView {
    pub profile_id: i32,
    pub label: String,
    pub occurrences: Vec<OccurrenceView>,
    pub daily: [u16; 7],
    pub weekly_minutes: u16,
    pub breaks: [u16; 7],
}

#[derive(Clone, Copy, Debug, Default, Deserialize)]
#[serde(default)]
pub struct OccurrenceView {
    pub task_id: u32,
    pub day: u8,
    pub start: u16,
    pub end: u16,
}

/// Shift patterns of a position: days with the same start, end and break share a pattern.
pub fn shifts_of(p: &PositionView) -> Vec<super::job_order_form::ShiftInput> {
    let mut patterns: Vec<(u16, u16, u16, Vec<String>)> = Vec::new();
    for day in 0..7u8 {
        let occ: Vec<&OccurrenceView> = p.occurrences.iter().filter(|o| o.day == day).collect();
        let (Some(start), Some(end)) = (
            occ.iter().map(|o| o.start).min(),
            occ.iter().map(|o| o.end).max(),
        ) else {
            continue;
        };
        let brk = p.breaks[day as usize];
        match patterns
            .iter_mut()
            .find(|(s, e, b, _)| *s == start && *e == end && *b == brk)
        {
            Some(pat) => pat.3.push(day.to_string()),
            None => patterns.push((start, end, brk, vec![day.to_string()])),
        }
    }
    let hm = |m: u16| format!("{:02}:{:02}", m / 60 % 24, m % 60);
    patterns
        .into_iter()
        .take(super::job_order_form::SHIFT_ROWS)
        .map(|(s, e, b, days)| super::job_order_form::ShiftInput {
            start: hm(s),
            end: hm(e),
            break_minutes: b.to_string(),
            weekdays: days,
        })
        .collect()
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
