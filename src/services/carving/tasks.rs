//! The rows of a 作業分解書 as typed, and reading them into the solver's tasks.
use crate::domain::carving::{BusinessHours, Demands, Frequency, MAX_TASKS, Task, TaskKind};
use crate::domain::matching::parse_windows;
use crate::validation::FieldErrors;
use entity::task_breakdown;
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

pub(super) fn demands_of(keys: &[String], licences: &str) -> Demands {
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
