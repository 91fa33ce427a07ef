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

fn merge(mut v: Ranges) -> Ranges {
    v.retain(|r| r.0 < r.1);
    v.sort_unstable();
    let mut out: Ranges = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => out.push(r),
        }
    }
    out
}

fn business_window(hours: &BusinessHours, day: u8) -> Option<(i32, i32)> {
    (hours.days >> day & 1 == 1 && hours.open < hours.close)
        .then(|| (i32::from(hours.open), i32::from(hours.close)))
}

fn task_window(t: &Task, hours: &BusinessHours) -> (i32, i32) {
    let (a, b) = t.window.unwrap_or((hours.open, hours.close));
    (
        i32::from(a).max(i32::from(hours.open)),
        i32::from(b).min(i32::from(hours.close)),
    )
}

pub(super) fn profile_slots(profiles: &[Profile], hours: &BusinessHours) -> Vec<Slot> {
    profiles
        .iter()
        .map(|p| Slot {
            profile_id: p.id,
            label: p.label.clone(),
            windows: std::array::from_fn(|d| match business_window(hours, d as u8) {
                Some((o, c)) => merge(
                    p.days[d]
                        .iter()
                        .map(|&(a, b)| (i32::from(a).max(o), i32::from(b).min(c)))
                        .collect(),
                ),
                None => Vec::new(),
            }),
            max_daily: u32::from(p.max_daily_minutes),
            max_weekly: u32::from(p.max_weekly_minutes),
            min_weekly: u32::from(p.min_weekly_minutes),
            brk6: u32::from(p.break_minutes_over_6h),
            avoid: p.avoid.clone(),
            licences: p.licences.clone(),
            class: None,
        })
        .collect()
}

pub(super) fn preset_slots(preset: &Preset, hours: &BusinessHours) -> Vec<Slot> {
    let dailies: Vec<u16> = match preset {
        Preset::Split(v) => v.clone(),
        Preset::MaxHours {
            positions,
            max_daily_minutes,
        } => vec![*max_daily_minutes; usize::from(*positions)],
    };
    let open_count = (0..7u8)
        .filter(|&d| business_window(hours, d).is_some())
        .count() as u32;
    dailies
        .iter()
        .enumerate()
        .map(|(i, &m)| Slot {
            profile_id: i as i32 + 1,
            label: format!(
                "ポジション{}（1日{}）",
                i + 1,
                super::law::hours_text(u32::from(m))
            ),
            windows: std::array::from_fn(|d| business_window(hours, d as u8).into_iter().collect()),
            max_daily: u32::from(m),
            max_weekly: u32::from(m) * open_count,
            min_weekly: 0,
            brk6: 45,
            avoid: Demands::default(),
            licences: Vec::new(),
            class: Some(u32::from(m)),
        })
        .collect()
}

impl<'a> Inst<'a> {
    pub(super) fn new(
        tasks: &'a [Task],
        hours: &BusinessHours,
        slots: Vec<Slot>,
        preset: bool,
    ) -> Self {
        let index: HashMap<u32, usize> = tasks
            .iter()
            .enumerate()
            .rev()
            .map(|(i, t)| (t.id, i))
            .collect();
        let occ = expand(tasks, hours);
        let total_minutes = occ.iter().map(|o| u32::from(o.2)).sum();
        let mut units: Vec<Unit> = Vec::new();
        let mut groups: Vec<((u32, u8), Vec<Member>)> = Vec::new();
        for (n, &(id, day, minutes)) in occ.iter().enumerate() {
            let Some(&ti) = index.get(&id) else { continue };
            match tasks[ti].group {
                Some(g) => {
                    let m = (id, n, u32::from(minutes));
                    match groups.iter_mut().find(|(k, _)| *k == (g, day)) {
                        Some((_, v)) => v.push(m),
                        None => groups.push(((g, day), vec![m])),
                    }
                }
                None => units.push(Unit {
                    day,
                    occ: vec![(ti, u32::from(minutes))],
                    minutes: u32::from(minutes),
                    grouped: false,
                    not_carvable: tasks[ti].not_carvable,
                }),
            }
        }
        for ((_, day), mut members) in groups {
            members.sort_unstable();
            let occ: Vec<(usize, u32)> =
                members.iter().map(|&(id, _, m)| (index[&id], m)).collect();
            units.push(Unit {
                day,
                minutes: occ.iter().map(|o| o.1).sum(),
                not_carvable: occ.iter().any(|o| tasks[o.0].not_carvable),
                grouped: true,
                occ,
            });
        }
        units.sort_by_key(|u| (u.day, u.occ.first().map(|o| tasks[o.0].id)));
        let elig = units
            .iter()
            .map(|u| {
                slots
                    .iter()
                    .map(|s| eligibility(tasks, hours, u, s))
                    .collect()
            })
            .collect();
        Inst {
            tasks,
            units,
            slots,
            elig,
            preset,
            total_minutes,
        }
    }

    fn ranges(&self, u: usize, s: usize) -> Option<&Ranges> {
        self.elig[u][s].as_ref().ok()
    }

    pub(super) fn assignable(&self, u: usize) -> bool {
        !self.units[u].not_carvable && self.elig[u].iter().any(Result::is_ok)
    }

    /// The break lengths a day of slot `s` may have: none, the 6-hour break, the 8-hour break
    /// (each at least the profile's own break).
    pub(super) fn break_options(&self, s: usize) -> [u32; 3] {
        let b6 = self.slots[s].brk6;
        [0, 45u32.max(b6), 60u32.max(b6)]
    }

    /// The break 労働基準法34条 requires for `paid` working minutes of slot `s`.
    pub(super) fn need(&self, s: usize, paid: u32) -> u32 {
        let o = self.break_options(s);
        if paid > 480 {
            o[2]
        } else if paid > 360 {
            o[1]
        } else {
            0
        }
    }

    /// Schedules `set` (unit indices) for slot `s` on its day as one shift: the break option with
    /// the fewest working minutes (then the shorter break) whose break is lawful for them, within
    /// the slot's daily limit. `None` = no such shift.
    pub(super) fn eval(&self, s: usize, set: &[usize], exact: bool) -> Option<Day> {
        if set.is_empty() {
            return Some(Day::default());
        }
        let work: u32 = set.iter().map(|&u| self.units[u].minutes).sum();
        if work > self.slots[s].max_daily {
            return None;
        }
        let items: Vec<Item<'_>> = set
            .iter()
            .map(|&u| {
                self.ranges(u, s).map(|r| Item {
                    dur: self.units[u].minutes as i32,
                    ranges: r,
                })
            })
            .collect::<Option<_>>()?;
        let mut best: Option<Day> = None;
        let mut tried: Vec<u32> = Vec::with_capacity(3);
        for brk in self.break_options(s) {
            if tried.contains(&brk) {
                continue;
            }
            tried.push(brk);
            let Some(sc) = schedule::schedule(&items, brk as i32, exact) else {
                continue;
            };
            let paid = work + sc.idle;
            if paid > self.slots[s].max_daily || self.need(s, paid) > brk {
                continue;
            }
            if best.as_ref().is_none_or(|b| paid < b.paid) {
                best = Some(Day {
                    starts: sc.starts,
                    work,
                    paid,
                    brk,
                    idle: sc.idle,
                });
            }
        }
        best
    }
}

/// Allowed start times of a unit for a slot, or why there are none. Stages: 0 licence,
/// 1 demands, 2 window, 3 length.
fn eligibility(
    tasks: &[Task],
    hours: &BusinessHours,
    u: &Unit,
    s: &Slot,
) -> Result<Ranges, (u8, UnplacedReason)> {
    for &(ti, _) in &u.occ {
        if let Some(l) = tasks[ti]
            .demands
            .licences
            .iter()
            .find(|l| !s.licences.contains(l))
        {
            return Err((0, UnplacedReason::NeedsLicence(l.clone())));
        }
    }
    let mut excluded: Vec<&'static str> = Vec::new();
    for &(ti, _) in &u.occ {
        for k in tasks[ti].demands.excluded_by(&s.avoid) {
            if !excluded.contains(&k) {
                excluded.push(k);
            }
        }
    }
    if !excluded.is_empty() {
        return Err((
            1,
            UnplacedReason::DemandsExcluded(excluded.into_iter().map(str::to_owned).collect()),
        ));
    }
    let windows = &s.windows[usize::from(u.day)];
    let block = |occ: &[(usize, u32)]| -> Ranges {
        let (mut lo, mut hi, mut pre) = (i32::MIN / 4, i32::MAX / 4, 0i32);
        for &(ti, m) in occ {
            let (a, b) = task_window(&tasks[ti], hours);
            lo = lo.max(a - pre);
            hi = hi.min(b - pre - m as i32);
            pre += m as i32;
        }
        windows
            .iter()
            .filter_map(|&(p, q)| {
                let (a, b) = (p.max(lo), (q - pre).min(hi));
                (a <= b).then_some((a, b))
            })
            .collect()
    };
    let ranges = block(&u.occ);
    let too_long = u.minutes > s.max_daily || u.minutes > s.max_weekly;
    if ranges.is_empty() {
        let each_fits = u
            .occ
            .iter()
            .all(|o| !block(std::slice::from_ref(o)).is_empty());
        return Err(if u.grouped && each_fits {
            (3, UnplacedReason::GroupTooLong)
        } else {
            (2, UnplacedReason::OutsideEveryWindow)
        });
    }
    if too_long || u.minutes > LONGEST_UNBROKEN {
        return Err((
            3,
            if u.grouped {
                UnplacedReason::GroupTooLong
            } else {
                UnplacedReason::OverLimits
            },
        ));
    }
    Ok(ranges)
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

#[derive(Clone)]
pub(super) struct State {
    pub assign: Vec<Option<usize>>,
    /// `[slot][day]`: units, sorted by index.
    pub sets: Vec<[Vec<usize>; 7]>,
    /// `[slot]`: working minutes of the week (the days' `paid`).
    pub weekly: Vec<u32>,
    pub days: Vec<[Day; 7]>,
}

impl State {
    fn new(inst: &Inst<'_>) -> Self {
        let n = inst.slots.len();
        State {
            assign: vec![None; inst.units.len()],
            sets: (0..n).map(|_| Default::default()).collect(),
            weekly: vec![0; n],
            days: (0..n).map(|_| Default::default()).collect(),
        }
    }

    pub(super) fn from_assign(inst: &Inst<'_>, assign: &[Option<usize>]) -> Option<Self> {
        let mut st = State::new(inst);
        for (u, a) in assign.iter().enumerate() {
            if let Some(s) = *a {
                st.sets[s][usize::from(inst.units[u].day)].push(u);
                st.assign[u] = Some(s);
            }
        }
        for s in 0..inst.slots.len() {
            for d in 0..7 {
                st.days[s][d] = inst.eval(s, &st.sets[s][d], true)?;
                st.weekly[s] += st.days[s][d].paid;
            }
            if st.weekly[s] > inst.slots[s].max_weekly {
                return None;
            }
        }
        Some(st)
    }

    /// Cheap necessary condition for adding `u` to `s` (the task minutes alone fit).
    fn fits(&self, inst: &Inst<'_>, u: usize, s: usize) -> bool {
        let m = inst.units[u].minutes;
        let d = usize::from(inst.units[u].day);
        let sl = &inst.slots[s];
        let day = &self.days[s][d];
        inst.ranges(u, s).is_some()
            && day.work + m <= sl.max_daily
            && self.weekly[s] - day.paid + day.work + m <= sl.max_weekly
    }

    /// The day of `s` with `u` added, if feasible (shift within the daily and weekly limits).
    fn with(&self, inst: &Inst<'_>, u: usize, s: usize) -> Option<(Vec<usize>, Day)> {
        if !self.fits(inst, u, s) {
            return None;
        }
        let d = usize::from(inst.units[u].day);
        let mut set = self.sets[s][d].clone();
        let pos = set.binary_search(&u).unwrap_or_else(|p| p);
        set.insert(pos, u);
        let day = inst.eval(s, &set, false)?;
        (self.weekly[s] - self.days[s][d].paid + day.paid <= inst.slots[s].max_weekly)
            .then_some((set, day))
    }

    /// The day of `u`'s slot without `u`, if that day is still a lawful shift.
    fn without(&self, inst: &Inst<'_>, u: usize) -> Option<(usize, Vec<usize>, Day)> {
        let s = self.assign[u]?;
        let d = usize::from(inst.units[u].day);
        let mut set = self.sets[s][d].clone();
        set.retain(|&x| x != u);
        let day = inst.eval(s, &set, false)?;
        (self.weekly[s] - self.days[s][d].paid + day.paid <= inst.slots[s].max_weekly)
            .then_some((s, set, day))
    }

    fn replace_day(&mut self, s: usize, d: usize, set: Vec<usize>, day: Day) {
        for &u in &self.sets[s][d] {
            self.assign[u] = None;
        }
        for &u in &set {
            self.assign[u] = Some(s);
        }
        self.weekly[s] = self.weekly[s] - self.days[s][d].paid + day.paid;
        self.sets[s][d] = set;
        self.days[s][d] = day;
    }

    fn snapshot(&self, s: usize, d: usize) -> (usize, usize, Vec<usize>, Day) {
        (s, d, self.sets[s][d].clone(), self.days[s][d].clone())
    }

    fn restore(&mut self, snaps: Vec<(usize, usize, Vec<usize>, Day)>) {
        // Clear first, then set: a unit may have moved between two of the restored days.
        for (s, d, _, _) in &snaps {
            for &u in &self.sets[*s][*d] {
                self.assign[u] = None;
            }
        }
        for (s, d, set, day) in snaps {
            for &u in &set {
                self.assign[u] = Some(s);
            }
            self.weekly[s] = self.weekly[s] - self.days[s][d].paid + day.paid;
            self.sets[s][d] = set;
            self.days[s][d] = day;
        }
    }

    pub(super) fn score(&self, inst: &Inst<'_>) -> Score {
        let covered = self
            .assign
            .iter()
            .enumerate()
            .filter(|(_, a)| a.is_some())
            .map(|(u, _)| inst.units[u].minutes)
            .sum();
        let used: Vec<u32> = self.weekly.iter().copied().filter(|&w| w > 0).collect();
        Score {
            covered,
            positions_used: used.len() as u32,
            idle_gap_minutes: self.days.iter().flatten().map(|d| d.idle).sum(),
            imbalance: imbalance(&used),
        }
    }
}

pub(super) fn imbalance(used_weekly: &[u32]) -> u32 {
    match (used_weekly.iter().max(), used_weekly.iter().min()) {
        (Some(a), Some(b)) => a - b,
        _ => 0,
    }
}

// ---------------------------------------------------------------------------------------------
// Greedy + local improvement
// ---------------------------------------------------------------------------------------------

fn greedy(inst: &Inst<'_>) -> State {
    let mut st = State::new(inst);
    let mut order: Vec<usize> = (0..inst.units.len())
        .filter(|&u| inst.assignable(u))
        .collect();
    let n_elig = |u: usize| inst.elig[u].iter().filter(|e| e.is_ok()).count();
    let width = |u: usize| -> i32 {
        inst.elig[u]
            .iter()
            .flatten()
            .flatten()
            .map(|r| r.1 - r.0)
            .sum()
    };
    order.sort_by_key(|&u| {
        (
            n_elig(u),
            Reverse(inst.units[u].minutes),
            width(u),
            inst.units[u].day,
            u,
        )
    });
    for u in order {
        place_best(inst, &mut st, u, None);
    }
    st
}

/// Places `u` in the best slot (other than `except`), if any. Returns whether it was placed.
fn place_best(inst: &Inst<'_>, st: &mut State, u: usize, except: Option<usize>) -> bool {
    let d = usize::from(inst.units[u].day);
    let mut best: Option<Candidate> = None;
    for s in 0..inst.slots.len() {
        if Some(s) == except {
            continue;
        }
        if let Some((set, day)) = st.with(inst, u, s) {
            let delta = i64::from(day.idle) - i64::from(st.days[s][d].idle);
            let load = i64::from(st.weekly[s]);
            let key = if inst.preset {
                (st.weekly[s] == 0, delta, -load, s)
            } else {
                (false, delta, load, s)
            };
            if best.as_ref().is_none_or(|b| key < b.0) {
                best = Some((key, s, set, day));
            }
        }
    }
    match best {
        Some((_, s, set, day)) => {
            st.replace_day(s, d, set, day);
            true
        }
        None => false,
    }
}

fn improve(inst: &Inst<'_>, st: &mut State, stop: Stop<'_>) {
    let better = |a: &Score, b: &Score| a.rank(inst.preset) < b.rank(inst.preset);
    for _ in 0..PASSES {
        if stop() {
            return;
        }
        let before = st.score(inst);
        // 1. Unplaced units: direct insertion, or eject one unit and re-place it elsewhere.
        let mut unplaced: Vec<usize> = (0..inst.units.len())
            .filter(|&u| st.assign[u].is_none() && inst.assignable(u))
            .collect();
        unplaced.sort_by_key(|&u| (Reverse(inst.units[u].minutes), u));
        for u in unplaced {
            if stop() {
                return;
            }
            if place_best(inst, st, u, None) {
                continue;
            }
            let d = usize::from(inst.units[u].day);
            'slots: for s in 0..inst.slots.len() {
                if inst.ranges(u, s).is_none() {
                    continue;
                }
                for v in st.sets[s][d].clone() {
                    let score0 = st.score(inst);
                    let snaps = vec![st.snapshot(s, d)];
                    let Some((_, set, day)) = st.without(inst, v) else {
                        continue;
                    };
                    st.replace_day(s, d, set, day);
                    if let Some((set, day)) = st.with(inst, u, s) {
                        st.replace_day(s, d, set, day);
                        let mut snaps2 = snaps.clone();
                        for s2 in 0..inst.slots.len() {
                            if s2 != s {
                                snaps2.push(st.snapshot(s2, d));
                            }
                        }
                        place_best(inst, st, v, Some(s));
                        if better(&st.score(inst), &score0) {
                            break 'slots;
                        }
                        st.restore(snaps2);
                    } else {
                        st.restore(snaps);
                    }
                }
            }
        }
        // 2. Moves between positions on the same day that improve the score.
        for u in 0..inst.units.len() {
            if u % 64 == 0 && stop() {
                return;
            }
            let Some(s) = st.assign[u] else { continue };
            let d = usize::from(inst.units[u].day);
            let score0 = st.score(inst);
            let snaps: Vec<_> = (0..inst.slots.len()).map(|x| st.snapshot(x, d)).collect();
            let Some((_, set, day)) = st.without(inst, u) else {
                continue;
            };
            st.replace_day(s, d, set, day);
            if !(place_best(inst, st, u, Some(s)) && better(&st.score(inst), &score0)) {
                st.restore(snaps);
            }
        }
        // 3. Presets: try to empty the least loaded position.
        if inst.preset {
            let mut used: Vec<usize> = (0..inst.slots.len())
                .filter(|&s| st.weekly[s] > 0)
                .collect();
            used.sort_by_key(|&s| (st.weekly[s], s));
            for s in used {
                if stop() {
                    return;
                }
                let score0 = st.score(inst);
                let snaps: Vec<_> = (0..inst.slots.len())
                    .flat_map(|x| (0..7).map(move |d| (x, d)))
                    .map(|(x, d)| st.snapshot(x, d))
                    .collect();
                let members: Vec<usize> = st.sets[s].iter().flatten().copied().collect();
                let mut ok = true;
                for u in members {
                    match st.without(inst, u) {
                        Some((_, set, day)) => {
                            let d = usize::from(inst.units[u].day);
                            st.replace_day(s, d, set, day);
                        }
                        None => {
                            ok = false;
                            break;
                        }
                    }
                    if !place_best(inst, st, u, Some(s)) {
                        ok = false;
                        break;
                    }
                }
                if !(ok && better(&st.score(inst), &score0)) {
                    st.restore(snaps);
                }
            }
        }
        if !better(&st.score(inst), &before) {
            break;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Exact branch and bound
// ---------------------------------------------------------------------------------------------

struct Bnb<'i, 'a, 's> {
    inst: &'i Inst<'a>,
    stop: Stop<'s>,
    order: Vec<usize>,
    suffix: Vec<u32>,
    bit: Vec<u64>,
    /// (slot, day set as bits of `order`) → (working minutes, idle minutes) of the shift.
    cache: HashMap<(usize, u64), Option<(u32, u32)>>,
    masks: Vec<[u64; 7]>,
    work: Vec<[u32; 7]>,
    paid: Vec<[u32; 7]>,
    weekly: Vec<u32>,
    idle: Vec<[u32; 7]>,
    assign: Vec<Option<usize>>,
    covered: u32,
    nodes: u64,
    aborted: bool,
    best: (Rank, Vec<Option<usize>>),
}

impl Bnb<'_, '_, '_> {
    fn day_for(&mut self, s: usize, mask: u64) -> Option<(u32, u32)> {
        if let Some(v) = self.cache.get(&(s, mask)) {
            return *v;
        }
        let set: Vec<usize> = self
            .order
            .iter()
            .enumerate()
            .filter(|(i, _)| mask >> i & 1 == 1)
            .map(|(_, &u)| u)
            .collect();
        let v = self.inst.eval(s, &set, true).map(|d| (d.paid, d.idle));
        self.cache.insert((s, mask), v);
        v
    }

    fn dfs(&mut self, i: usize) {
        self.nodes += 1;
        if self.nodes > NODE_BUDGET || (self.nodes.is_multiple_of(2048) && (self.stop)()) {
            self.aborted = true;
            return;
        }
        let inst = self.inst;
        let preset = inst.preset;
        let used = self.weekly.iter().filter(|&&w| w > 0).count() as u32;
        let cap: u32 = inst
            .slots
            .iter()
            .zip(&self.weekly)
            .map(|(s, &w)| s.max_weekly.saturating_sub(w))
            .sum();
        let day_now = self
            .order
            .get(i)
            .map_or(7, |&u| usize::from(inst.units[u].day));
        let gap_lb: u32 = self
            .idle
            .iter()
            .map(|d| d[..day_now].iter().sum::<u32>())
            .sum();
        let bound: Rank = (
            Reverse(self.covered + self.suffix[i].min(cap)),
            if preset { used } else { 0 },
            gap_lb,
            0,
        );
        if bound >= self.best.0 {
            return;
        }
        if i == self.order.len() {
            let w: Vec<u32> = self.weekly.iter().copied().filter(|&w| w > 0).collect();
            let rank = (
                Reverse(self.covered),
                if preset { used } else { 0 },
                gap_lb,
                imbalance(&w),
            );
            if rank < self.best.0 {
                self.best = (rank, self.assign.clone());
            }
            return;
        }
        let u = self.order[i];
        let d = usize::from(inst.units[u].day);
        let m = inst.units[u].minutes;
        for s in 0..inst.slots.len() {
            if self.aborted {
                return;
            }
            let sl = &inst.slots[s];
            if inst.ranges(u, s).is_none()
                || self.work[s][d] + m > sl.max_daily
                || self.weekly[s] - self.paid[s][d] + self.work[s][d] + m > sl.max_weekly
            {
                continue;
            }
            if preset
                && self.weekly[s] == 0
                && (0..s).any(|x| {
                    self.weekly[x] == 0
                        && inst.slots[x].class == sl.class
                        && inst.ranges(u, x).is_some()
                })
            {
                continue;
            }
            let mask = self.masks[s][d] | self.bit[u];
            let Some((paid, idle)) = self.day_for(s, mask) else {
                continue;
            };
            let weekly = self.weekly[s] - self.paid[s][d] + paid;
            if weekly > sl.max_weekly {
                continue;
            }
            let old = (
                self.masks[s][d],
                self.idle[s][d],
                self.paid[s][d],
                self.weekly[s],
            );
            self.masks[s][d] = mask;
            self.idle[s][d] = idle;
            self.paid[s][d] = paid;
            self.weekly[s] = weekly;
            self.work[s][d] += m;
            self.covered += m;
            self.assign[u] = Some(s);
            self.dfs(i + 1);
            self.assign[u] = None;
            self.covered -= m;
            self.work[s][d] -= m;
            (
                self.masks[s][d],
                self.idle[s][d],
                self.paid[s][d],
                self.weekly[s],
            ) = old;
        }
        if !self.aborted {
            self.dfs(i + 1);
        }
    }
}

/// Exact search from an incumbent. Returns the best assignment and whether it is proved optimal.
fn branch_and_bound(
    inst: &Inst<'_>,
    incumbent: &State,
    stop: Stop<'_>,
) -> (Vec<Option<usize>>, bool) {
    let mut order: Vec<usize> = (0..inst.units.len())
        .filter(|&u| inst.assignable(u))
        .collect();
    order.sort_by_key(|&u| {
        let n = inst.elig[u].iter().filter(|e| e.is_ok()).count();
        (inst.units[u].day, n, Reverse(inst.units[u].minutes), u)
    });
    let mut suffix = vec![0u32; order.len() + 1];
    for i in (0..order.len()).rev() {
        suffix[i] = suffix[i + 1] + inst.units[order[i]].minutes;
    }
    let mut bit = vec![0u64; inst.units.len()];
    for (i, &u) in order.iter().enumerate() {
        bit[u] = 1 << i;
    }
    let n = inst.slots.len();
    let mut b = Bnb {
        inst,
        stop,
        order,
        suffix,
        bit,
        cache: HashMap::new(),
        masks: vec![[0; 7]; n],
        work: vec![[0; 7]; n],
        paid: vec![[0; 7]; n],
        weekly: vec![0; n],
        idle: vec![[0; 7]; n],
        assign: vec![None; inst.units.len()],
        covered: 0,
        nodes: 0,
        aborted: false,
        best: (
            incumbent.score(inst).rank(inst.preset),
            incumbent.assign.clone(),
        ),
    };
    b.dfs(0);
    (b.best.1, !b.aborted)
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

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
