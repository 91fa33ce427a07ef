//! Job redesign ("carving", 業務の切り出し): from a task breakdown (作業分解書) of a source position
//! to short-hour positions, either for real people ([`plan_for_profiles`]) or by a preset split
//! ([`plan_for_preset`]), plus the dated legal checks of each position ([`legal_checks`]).
//!
//! Pure: no I/O, no clock, no randomness. The same input always gives the same plan.
//!
//! # Objective ([`OBJECTIVE_TEXT_PROFILES`], [`OBJECTIVE_TEXT_PRESET`])
//!
//! Plans are compared lexicographically on [`Score`]:
//! 1. cover the most work (task minutes per week placed in a position);
//! 2. for presets only: use the fewest positions;
//! 3. the fewest idle minutes inside shifts (time between the first start and the last end of a
//!    day that is neither a task nor the break);
//! 4. balance: the smallest difference between the largest and the smallest weekly minutes of
//!    the positions that are used.
//!
//! # Algorithm
//!
//! * Occurrences ([`expand`]) become *units*: one task occurrence, or all occurrences of a
//!   keep-together group on one day (a block done back to back, in task-id order).
//! * For each unit and position the allowed start times are computed once (task window ∩
//!   business hours ∩ the person's windows, and demand/licence/limit checks); a unit that fits
//!   nowhere gets its reason at this stage.
//! * A position's day is ONE shift: from its first task to its last, with one break. Idle time
//!   inside the shift is working time (手待ち時間, 労働基準法), so a position's daily minutes are
//!   the shift minus its break, and the limits (a preset's "4 hours", a person's maximum) apply
//!   to that, not to the task minutes alone: a gap costs capacity, and plans come out as
//!   contiguous shifts wherever the tasks allow.
//! * The day is scheduled by `schedule.rs`: exact (pivot + subset DP) for up to 12 items, a
//!   fixed-order heuristic beyond that. For each break length (none, the 6-hour break, the
//!   8-hour break; the profile's longer break if any) it minimises the shift; the day takes the
//!   option with the fewest working minutes whose break covers 労働基準法34条 for them
//!   (over 6 h: 45 min, over 8 h: 60 min) — a gap of an hour between tasks thus becomes the
//!   lunch break instead of paid idle time.
//! * Assignment: a greedy construction (hardest units first) plus local improvement (move, swap,
//!   eject-and-reinsert, empty a position) always runs. Instances of up to [`EXACT_UNITS`] units
//!   are then solved exactly by depth-first branch and bound over "unit → position or unplaced",
//!   units ordered by day, with the greedy plan as incumbent, a lexicographic bound (remaining
//!   coverable minutes, positions already used, idle minutes of finished days) and symmetry
//!   breaking between identical preset positions. [`Plan::proved_optimal`] says whether the
//!   search finished within its node budget.
//! * Large instances report the gap to simple bounds: [`Plan::covered_upper_bound`] and
//!   [`Plan::lower_bound_positions`].
//!
//! # Conventions
//! * Days: 0 = Monday … 6 = Sunday; times: minutes from midnight.
//! * `Frequency::Daily` = every open day from Monday to Friday. `Weekdays` keeps the given days even
//!   when the business is closed then (they are reported as outside every window).
//!   `TimesPerWeek(n)` uses the first `n` open days (wrapping round when `n` exceeds them).
//!   `TimesPerMonth(n)` is planned as `ceil(n · 12 / 52)` times a week (the weekly share rounded
//!   up, so the slot is always there; in weeks without the task the time is free).
//! * A keep-together group containing a not-carvable task stays with existing staff as a whole.
//! * `Profile::avoid.licences` is ignored; licences a person holds are in `Profile::licences`.

pub mod law;
mod schedule;
mod solve;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use law::{
    Check, DisabilityKind, LegalInput, RULES, Rule, RuleKey, Thresholds, coverage, halves_text,
    legal_checks, quota_count_halves, required_break_minutes, thresholds_on,
};
pub use solve::{
    EXACT_UNITS, plan_for_preset, plan_for_preset_within, plan_for_profiles,
    plan_for_profiles_within,
};

/// Most tasks a breakdown may hold (bounds the solver's work per request).
pub const MAX_TASKS: usize = 300;

/// Statement of the objective shown in the UI (fit to people).
pub const OBJECTIVE_TEXT_PROFILES: &str = "できるだけ多くの作業時間を対象者に割り当てます。次に、勤務中の空き時間（手待ち）が最も少なくなるようにし、最後に対象者間の週の勤務時間の差が小さくなるようにします。";
/// Statement of the objective shown in the UI (preset split).
pub const OBJECTIVE_TEXT_PRESET: &str = "できるだけ多くの作業時間をカバーし、そのうえで必要なポジション数を最も少なくします。次に、勤務中の空き時間（手待ち）が最も少なくなるようにし、最後にポジション間の週の勤務時間の差が小さくなるようにします。";

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

/// Kind of task in the job-analysis record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskKind {
    /// Daily routine.
    Core,
    /// Now and then.
    Episodic,
    /// Related to the job.
    Related,
}

/// How often a task occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frequency {
    /// Every open day Monday–Friday.
    Daily,
    /// On the given days (bitmask, bit 0 = Monday).
    Weekdays(u8),
    /// N times a week, on the first N open days.
    TimesPerWeek(u8),
    /// N times a month, planned as the weekly share rounded up.
    TimesPerMonth(u8),
}

/// What a task demands, or (in a profile) what a person cannot do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demands {
    pub standing: bool,
    pub lifting_10kg: bool,
    pub outdoors: bool,
    pub heat_cold: bool,
    pub judgement: bool,
    pub reading: bool,
    pub customer_contact: bool,
    pub pc: bool,
    /// Required licences or skills (in a task).
    pub licences: Vec<String>,
}

impl Demands {
    /// (key, Japanese label, flag) for every boolean demand.
    pub fn flags(&self) -> [(&'static str, &'static str, bool); 8] {
        [
            ("standing", "長時間の立ち作業", self.standing),
            ("lifting_10kg", "10kg以上の重量物の運搬", self.lifting_10kg),
            ("outdoors", "屋外作業", self.outdoors),
            ("heat_cold", "暑熱・寒冷環境", self.heat_cold),
            ("judgement", "判断を要する作業", self.judgement),
            ("reading", "読み書き", self.reading),
            ("customer_contact", "接客", self.customer_contact),
            ("pc", "パソコン操作", self.pc),
        ]
    }

    /// Keys of the demands of `self` (a task) that `avoid` (a person) excludes.
    pub fn excluded_by(&self, avoid: &Demands) -> Vec<&'static str> {
        self.flags()
            .iter()
            .zip(avoid.flags())
            .filter(|(t, a)| t.2 && a.2)
            .map(|(t, _)| t.0)
            .collect()
    }
}

/// Japanese label of a demand key (see [`Demands::flags`]).
pub fn demand_label(key: &str) -> &'static str {
    Demands::default()
        .flags()
        .iter()
        .find(|f| f.0 == key)
        .map_or("", |f| f.1)
}

/// One task of the task breakdown (作業分解書).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: u32,
    pub name: String,
    pub kind: TaskKind,
    pub frequency: Frequency,
    /// Minutes per occurrence.
    pub minutes: u16,
    /// Earliest start, latest end (minutes from midnight); `None` = any time within business hours.
    pub window: Option<(u16, u16)>,
    pub demands: Demands,
    /// Done alongside co-workers (natural support).
    pub intersecting: bool,
    /// Essential to the position (IDEA: ask nothing beyond the essential).
    pub essential: bool,
    /// Keep-together group: same person, same day, back to back, in task-id order.
    pub group: Option<u32>,
    /// Must stay with the existing employee.
    pub not_carvable: bool,
}

/// Business days and hours of the workplace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    /// Bitmask, bit 0 = Monday.
    pub days: u8,
    pub open: u16,
    pub close: u16,
}

/// A person (or a preset slot) a position is built for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: i32,
    pub label: String,
    /// Available windows per day (0 = Monday).
    pub days: [Vec<(u16, u16)>; 7],
    pub max_daily_minutes: u16,
    pub max_weekly_minutes: u16,
    /// A position below this is flagged ([`Position::below_minimum`]), not rejected.
    pub min_weekly_minutes: u16,
    /// What the person cannot do.
    pub avoid: Demands,
    pub licences: Vec<String>,
    /// Break on a day over 6 hours (statutory minimum 45; over 8 hours at least 60 applies).
    pub break_minutes_over_6h: u16,
}

/// A preset split of the source position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preset {
    /// Daily minutes per position, e.g. `[240, 240]` or `[360, 120]`.
    Split(Vec<u16>),
    /// Up to `positions` positions of at most `max_daily_minutes` a day.
    MaxHours {
        positions: u8,
        max_daily_minutes: u16,
    },
}

/// A task done by a position at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    pub task_id: u32,
    pub day: u8,
    pub start: u16,
    pub end: u16,
}

/// One day's shift of a position: from `start` to `end` with one break of `break_minutes`.
/// Everything inside the shift that is not the break is working time (idle time included:
/// 手待ち時間 is working time under 労働基準法).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub start: u16,
    pub end: u16,
    pub break_minutes: u16,
}

impl Shift {
    /// Working minutes: the shift minus its break.
    pub fn working_minutes(&self) -> u16 {
        self.end
            .saturating_sub(self.start)
            .saturating_sub(self.break_minutes)
    }
}

/// A carved position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// The profile's id; for presets the position number (1-based).
    pub profile_id: i32,
    pub label: String,
    /// Sorted by day and start.
    pub occurrences: Vec<Occurrence>,
    /// The shift of each day (None = day off).
    #[serde(default)]
    pub shifts: [Option<Shift>; 7],
    /// Working minutes per day: the shift minus its break (task minutes plus idle minutes).
    pub daily: [u16; 7],
    pub weekly_minutes: u16,
    /// Break minutes per day (at least the statutory break for the day's working minutes).
    pub breaks: [u16; 7],
    /// Idle minutes inside the shift per day (working time without a task: 手待ち).
    pub idle: [u16; 7],
    /// Weekly minutes are below the profile's minimum.
    pub below_minimum: bool,
}

/// Why a task occurrence was not placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnplacedReason {
    OutsideEveryWindow,
    NeedsLicence(String),
    /// Demand keys (see [`Demands::flags`]).
    DemandsExcluded(Vec<String>),
    GroupTooLong,
    NotCarvable,
    OverLimits,
    NoRoom,
}

/// A task occurrence left unplaced, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unplaced {
    pub task_id: u32,
    pub day: u8,
    pub reason: UnplacedReason,
    /// Japanese explanation.
    pub text: String,
}

/// Value of a plan under the objective (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Score {
    pub covered: u32,
    pub positions_used: u32,
    pub idle_gap_minutes: u32,
    pub imbalance: u32,
}

impl Score {
    /// Sort key: smaller is better. `count_positions` is true for presets.
    pub fn rank(&self, count_positions: bool) -> (std::cmp::Reverse<u32>, u32, u32, u32) {
        (
            std::cmp::Reverse(self.covered),
            if count_positions {
                self.positions_used
            } else {
                0
            },
            self.idle_gap_minutes,
            self.imbalance,
        )
    }
}

/// The result of carving (stored as JSON with the plan and read back with serde).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub positions: Vec<Position>,
    /// Sorted by day and task id.
    pub unplaced: Vec<Unplaced>,
    pub covered_minutes: u32,
    /// All task minutes per week, including not-carvable tasks.
    pub total_minutes: u32,
    /// Minutes of carvable occurrences that fit at least one position on their own.
    pub coverable_minutes: u32,
    /// Simple upper bound on `covered_minutes` (coverable minutes capped per day and per week by
    /// the positions' limits). The gap to the optimum is at most `covered_upper_bound − covered`.
    pub covered_upper_bound: u32,
    /// Simple lower bound: fewest positions whose weekly maxima can hold the coverable minutes.
    pub lower_bound_positions: u32,
    pub objective: Score,
    /// True for presets (fewest positions is part of the objective).
    pub counts_positions: bool,
    /// The branch and bound finished: the plan is optimal for the objective.
    pub proved_optimal: bool,
    /// The time budget ran out: this is the best plan found by then.
    #[serde(default)]
    pub stopped_early: bool,
    pub objective_text: String,
}

impl Plan {
    /// Minutes between the plan and the simple upper bound on coverable work (0 = provably all
    /// the work that any plan could place is placed).
    pub fn gap_minutes(&self) -> u32 {
        self.covered_upper_bound
            .saturating_sub(self.covered_minutes)
    }
}

// ---------------------------------------------------------------------------------------------
// Expansion
// ---------------------------------------------------------------------------------------------

/// Open days of the business (0 = Monday).
pub fn open_days(hours: &BusinessHours) -> Vec<u8> {
    (0..7u8).filter(|d| hours.days >> d & 1 == 1).collect()
}

/// Occurrences per week of every task with `minutes > 0`: `(task id, day, minutes)`, in task
/// order, then by day. See the module docs for the frequency conventions.
pub fn expand(tasks: &[Task], hours: &BusinessHours) -> Vec<(u32, u8, u16)> {
    let open = open_days(hours);
    let spread = |n: u32| -> Vec<u8> {
        if open.is_empty() {
            return Vec::new();
        }
        let mut v: Vec<u8> = (0..n as usize).map(|i| open[i % open.len()]).collect();
        v.sort_unstable();
        v
    };
    let mut out = Vec::new();
    for t in tasks.iter().filter(|t| t.minutes > 0) {
        let days: Vec<u8> = match t.frequency {
            Frequency::Daily => open.iter().copied().filter(|&d| d < 5).collect(),
            Frequency::Weekdays(mask) => (0..7u8).filter(|d| mask >> d & 1 == 1).collect(),
            Frequency::TimesPerWeek(n) => spread(u32::from(n)),
            Frequency::TimesPerMonth(n) => spread((u32::from(n) * 12).div_ceil(52)),
        };
        out.extend(days.into_iter().map(|d| (t.id, d, t.minutes)));
    }
    out
}
