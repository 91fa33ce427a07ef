//! Assignment of work units to positions: greedy + local improvement, then exact branch and bound
//! on small instances. See the module docs of `carving` for the objective and the method.

use crate::domain::WEEKDAYS;
use std::cmp::Reverse;
use std::collections::HashMap;

use super::schedule::{self, Item};
use super::{
    BusinessHours, Demands, OBJECTIVE_TEXT_PRESET, OBJECTIVE_TEXT_PROFILES, Occurrence, Plan,
    Position, Preset, Profile, Score, Shift, Task, Unplaced, UnplacedReason, demand_label, expand,
};

/// Instances with at most this many assignable units are solved exactly (branch and bound).
pub const EXACT_UNITS: usize = 24;
/// Node budget of the branch and bound; beyond it the best plan found so far is returned.
const NODE_BUDGET: u64 = 400_000;
/// Passes of local improvement.
const PASSES: usize = 4;
/// A single unit longer than this cannot be done without a break inside it.
const LONGEST_UNBROKEN: u32 = 360;

type Ranges = Vec<(i32, i32)>;
type Rank = (Reverse<u32>, u32, u32, u32);
/// (task id, occurrence number, minutes) of a group member.
type Member = (u32, usize, u32);
/// A candidate placement: (preference key, slot, new day set, its schedule).
type Candidate = ((bool, i64, i64, usize), usize, Vec<usize>, Day);

/// Asks whether the time budget is used up (checked now and then; never called in tests
/// that need the exact result).
pub type Stop<'a> = &'a dyn Fn() -> bool;

/// The shift of one slot on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Day {
    /// Start time per unit of the day's set (same order).
    pub starts: Vec<i32>,
    /// Task minutes.
    pub work: u32,
    /// Working minutes: shift length minus break (task minutes plus idle minutes).
    pub paid: u32,
    pub brk: u32,
    pub idle: u32,
}

/// A position to fill: a person, or a preset slot.
pub(super) struct Slot {
    pub profile_id: i32,
    pub label: String,
    /// Availability ∩ business hours per day: sorted, merged.
    pub windows: [Ranges; 7],
    pub max_daily: u32,
    pub max_weekly: u32,
    pub min_weekly: u32,
    pub brk6: u32,
    pub avoid: Demands,
    pub licences: Vec<String>,
    /// Slots with the same class are interchangeable (symmetry breaking).
    pub class: Option<u32>,
}

/// One task occurrence, or a keep-together block on one day.
pub(super) struct Unit {
    pub day: u8,
    /// (task index, minutes), in execution order.
    pub occ: Vec<(usize, u32)>,
    pub minutes: u32,
    pub grouped: bool,
    pub not_carvable: bool,
}

pub(super) struct Inst<'a> {
    pub tasks: &'a [Task],
    pub units: Vec<Unit>,
    pub slots: Vec<Slot>,
    /// `[unit][slot]`: allowed start times, or (stage, reason) why not.
    pub elig: Vec<Vec<Result<Ranges, (u8, UnplacedReason)>>>,
    pub preset: bool,
    pub total_minutes: u32,
}

mod exact;
mod instance;
mod local;
mod state;

use exact::*;
pub(super) use instance::*;
use local::*;
pub(super) use state::*;

/// Fits the tasks to real people: maximises the work covered, then minimises idle gaps, then
/// balances weekly minutes. Every profile gets a position (possibly empty).
pub fn plan_for_profiles(tasks: &[Task], hours: &BusinessHours, profiles: &[Profile]) -> Plan {
    plan_for_profiles_within(tasks, hours, profiles, &|| false)
}

/// [`plan_for_profiles`] with a time budget: `stop` says when to return the best plan so far.
pub fn plan_for_profiles_within(
    tasks: &[Task],
    hours: &BusinessHours,
    profiles: &[Profile],
    stop: Stop<'_>,
) -> Plan {
    let inst = Inst::new(tasks, hours, profile_slots(profiles, hours), false);
    solve(&inst, stop)
}

/// Splits the tasks by a preset: maximises the work covered, then uses the fewest positions, then
/// minimises idle gaps, then balances. Only used positions are returned.
pub fn plan_for_preset(tasks: &[Task], hours: &BusinessHours, preset: &Preset) -> Plan {
    plan_for_preset_within(tasks, hours, preset, &|| false)
}

/// [`plan_for_preset`] with a time budget: `stop` says when to return the best plan so far.
pub fn plan_for_preset_within(
    tasks: &[Task],
    hours: &BusinessHours,
    preset: &Preset,
    stop: Stop<'_>,
) -> Plan {
    let inst = Inst::new(tasks, hours, preset_slots(preset, hours), true);
    solve(&inst, stop)
}

fn solve(inst: &Inst<'_>, stop: Stop<'_>) -> Plan {
    let mut st = greedy(inst);
    improve(inst, &mut st, stop);
    let assignable = (0..inst.units.len())
        .filter(|&u| inst.assignable(u))
        .count();
    let mut proved = assignable == 0;
    if assignable > 0 && assignable <= EXACT_UNITS && !stop() {
        if let Some(exact_st) = State::from_assign(inst, &st.assign) {
            st = exact_st;
        }
        let (assign, done) = branch_and_bound(inst, &st, stop);
        if let Some(best) = State::from_assign(inst, &assign) {
            st = best;
            proved = done;
        }
    } else {
        polish(inst, &mut st, stop);
    }
    build_plan(inst, &st, proved, stop())
}

/// Re-schedules small days exactly when that lowers the idle time.
fn polish(inst: &Inst<'_>, st: &mut State, stop: Stop<'_>) {
    for s in 0..inst.slots.len() {
        if stop() {
            return;
        }
        for d in 0..7 {
            let set = &st.sets[s][d];
            if set.len() > 1
                && set.len() <= 9
                && st.days[s][d].idle > 0
                && let Some(day) = inst.eval(s, set, true)
                && day.paid < st.days[s][d].paid
            {
                let set = set.clone();
                st.replace_day(s, d, set, day);
            }
        }
    }
}

fn to_u16(v: u32) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}

#[allow(clippy::needless_range_loop)] // `d` indexes the day in several parallel tables
fn build_plan(inst: &Inst<'_>, st: &State, proved: bool, stopped: bool) -> Plan {
    let objective = st.score(inst);
    let mut positions = Vec::new();
    for (s, slot) in inst.slots.iter().enumerate() {
        if inst.preset && st.weekly[s] == 0 {
            continue;
        }
        let mut occurrences = Vec::new();
        let mut shifts: [Option<Shift>; 7] = [None; 7];
        for d in 0..7 {
            let mut first = i32::MAX;
            let mut last = i32::MIN;
            for (&u, &start) in st.sets[s][d].iter().zip(&st.days[s][d].starts) {
                let mut t = start;
                first = first.min(t);
                for &(ti, m) in &inst.units[u].occ {
                    let end = t + m as i32;
                    occurrences.push(Occurrence {
                        task_id: inst.tasks[ti].id,
                        day: d as u8,
                        start: u16::try_from(t).unwrap_or(0),
                        end: u16::try_from(end).unwrap_or(0),
                    });
                    t = end;
                }
                last = last.max(t);
            }
            if first < last {
                shifts[d] = Some(Shift {
                    start: u16::try_from(first).unwrap_or(0),
                    end: u16::try_from(last).unwrap_or(0),
                    break_minutes: to_u16(st.days[s][d].brk),
                });
            }
        }
        occurrences.sort_by_key(|o| (o.day, o.start));
        let days = &st.days[s];
        positions.push(Position {
            profile_id: slot.profile_id,
            label: slot.label.clone(),
            occurrences,
            shifts,
            daily: std::array::from_fn(|d| to_u16(days[d].paid)),
            weekly_minutes: to_u16(st.weekly[s]),
            breaks: std::array::from_fn(|d| to_u16(days[d].brk)),
            idle: std::array::from_fn(|d| to_u16(days[d].idle)),
            below_minimum: st.weekly[s] < slot.min_weekly,
        });
    }
    let mut unplaced = Vec::new();
    for (u, unit) in inst.units.iter().enumerate() {
        if st.assign[u].is_some() {
            continue;
        }
        let reason = unplaced_reason(inst, st, u);
        let max_daily = inst.slots.iter().map(|s| s.max_daily).max().unwrap_or(0);
        for &(ti, _) in &unit.occ {
            let t = &inst.tasks[ti];
            unplaced.push(Unplaced {
                task_id: t.id,
                day: unit.day,
                text: reason_text(&t.name, unit, &reason, max_daily),
                reason: reason.clone(),
            });
        }
    }
    unplaced.sort_by_key(|x| (x.day, x.task_id));
    let (coverable, upper, lower) = bounds(inst);
    Plan {
        positions,
        unplaced,
        covered_minutes: objective.covered,
        total_minutes: inst.total_minutes,
        coverable_minutes: coverable,
        covered_upper_bound: upper,
        lower_bound_positions: lower,
        objective,
        counts_positions: inst.preset,
        proved_optimal: proved,
        stopped_early: stopped,
        objective_text: if inst.preset {
            OBJECTIVE_TEXT_PRESET
        } else {
            OBJECTIVE_TEXT_PROFILES
        }
        .to_owned(),
    }
}

/// (coverable minutes, upper bound on covered minutes, lower bound on positions).
fn bounds(inst: &Inst<'_>) -> (u32, u32, u32) {
    let mut per_day = [0u32; 7];
    for (u, unit) in inst.units.iter().enumerate() {
        if inst.assignable(u) {
            per_day[usize::from(unit.day)] += unit.minutes;
        }
    }
    let coverable: u32 = per_day.iter().sum();
    let day_cap = |s: &Slot, d: usize| -> u32 {
        let len: i32 = s.windows[d].iter().map(|w| w.1 - w.0).sum();
        s.max_daily.min(u32::try_from(len).unwrap_or(0))
    };
    let mut upper = 0;
    for (d, &e) in per_day.iter().enumerate() {
        let cap: u32 = inst.slots.iter().map(|s| day_cap(s, d)).sum();
        upper += e.min(cap);
    }
    let mut caps: Vec<u32> = inst
        .slots
        .iter()
        .map(|s| s.max_weekly.min((0..7).map(|d| day_cap(s, d)).sum()))
        .collect();
    upper = upper.min(caps.iter().sum());
    caps.sort_unstable_by(|a, b| b.cmp(a));
    let mut acc = 0;
    let mut lower = caps.len() as u32;
    if coverable == 0 {
        lower = 0;
    } else {
        for (i, c) in caps.iter().enumerate() {
            acc += c;
            if acc >= coverable {
                lower = i as u32 + 1;
                break;
            }
        }
    }
    (coverable, upper, lower)
}

fn unplaced_reason(inst: &Inst<'_>, st: &State, u: usize) -> UnplacedReason {
    let unit = &inst.units[u];
    if unit.not_carvable {
        return UnplacedReason::NotCarvable;
    }
    if inst.slots.is_empty() {
        return UnplacedReason::NoRoom;
    }
    if !inst.assignable(u) {
        let mut best: Option<&(u8, UnplacedReason)> = None;
        for e in inst.elig[u].iter().filter_map(|e| e.as_ref().err()) {
            if best.is_none_or(|b| e.0 > b.0) {
                best = Some(e);
            }
        }
        return best.map_or(UnplacedReason::NoRoom, |b| b.1.clone());
    }
    let d = usize::from(unit.day);
    let over = (0..inst.slots.len())
        .filter(|&s| inst.ranges(u, s).is_some())
        .all(|s| {
            st.days[s][d].paid + unit.minutes > inst.slots[s].max_daily
                || st.weekly[s] + unit.minutes > inst.slots[s].max_weekly
        });
    if over {
        UnplacedReason::OverLimits
    } else {
        UnplacedReason::NoRoom
    }
}

/// `max_daily`: the longest day any position may work (the break rule is quoted only when a
/// day over 6 hours is possible at all).
fn reason_text(name: &str, unit: &Unit, reason: &UnplacedReason, max_daily: u32) -> String {
    let day = WEEKDAYS[usize::from(unit.day) % 7];
    match reason {
        UnplacedReason::OutsideEveryWindow => format!(
            "{name}（{day}曜）の作業時間帯が、営業時間・対象者の勤務可能時間のいずれにも収まりません"
        ),
        UnplacedReason::NeedsLicence(l) => {
            format!("{name}には{l}が必要ですが、対象者に該当者がいません")
        }
        UnplacedReason::DemandsExcluded(keys) => {
            let labels: Vec<&str> = keys.iter().map(|k| demand_label(k)).collect();
            format!(
                "{name}は{}を伴うため、対象者の「できないこと」に当たります",
                labels.join("・")
            )
        }
        UnplacedReason::GroupTooLong => format!(
            "{name}は続けて行う一連の作業（計{}分）の一部で、対象者の1日の上限時間または勤務可能時間に収まりません",
            unit.minutes
        ),
        UnplacedReason::NotCarvable => {
            format!("{name}は切り出し対象外のため、既存の職員が引き続き担当します")
        }
        UnplacedReason::OverLimits => format!(
            "{name}（{day}曜、{}分）を加えると、1日または週の上限時間を超えます（勤務中の空き時間も労働時間に含みます{}）",
            unit.minutes,
            if max_daily > 360 {
                "。6時間を超える勤務には途中で休憩が必要です"
            } else {
                ""
            }
        ),
        UnplacedReason::NoRoom => {
            format!("{name}（{day}曜）の時間帯は他の作業で埋まっており、入る余地がありません")
        }
    }
}
