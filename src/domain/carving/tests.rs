//! Tests: exhaustive comparison, generated property tests, worked examples, legal checks.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::solve::{Inst, imbalance, preset_slots, profile_slots};
use super::*;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A tiny deterministic LCG (no rand crate).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
    fn below(&mut self, n: u32) -> u32 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len() as u32) as usize]
    }
}

fn task(id: u32, name: &str, frequency: Frequency, minutes: u16) -> Task {
    Task {
        id,
        name: name.into(),
        kind: TaskKind::Core,
        frequency,
        minutes,
        window: None,
        demands: Demands::default(),
        intersecting: false,
        essential: true,
        group: None,
        not_carvable: false,
    }
}

fn profile(id: i32, label: &str, days: u8, window: (u16, u16), max_daily: u16) -> Profile {
    Profile {
        id,
        label: label.into(),
        days: std::array::from_fn(|d| {
            if days >> d & 1 == 1 {
                vec![window]
            } else {
                Vec::new()
            }
        }),
        max_daily_minutes: max_daily,
        max_weekly_minutes: max_daily.saturating_mul(7),
        min_weekly_minutes: 0,
        avoid: Demands::default(),
        licences: Vec::new(),
        break_minutes_over_6h: 45,
    }
}

const WEEKDAYS: u8 = 0b001_1111;

fn hours(days: u8, open: u16, close: u16) -> BusinessHours {
    BusinessHours { days, open, close }
}

/// The profiles a preset stands for (for validation against raw constraints).
fn preset_profiles(preset: &Preset, h: &BusinessHours) -> Vec<Profile> {
    let dailies: Vec<u16> = match preset {
        Preset::Split(v) => v.clone(),
        Preset::MaxHours {
            positions,
            max_daily_minutes,
        } => vec![*max_daily_minutes; usize::from(*positions)],
    };
    let open = open_days(h).len() as u16;
    dailies
        .iter()
        .enumerate()
        .map(|(i, &m)| {
            let mut p = profile(i as i32 + 1, "", h.days, (h.open, h.close), m);
            p.max_weekly_minutes = m.saturating_mul(open);
            p
        })
        .collect()
}

enum Who {
    Profiles(Vec<Profile>),
    Preset(Preset),
}

impl Who {
    fn inst<'a>(&self, tasks: &'a [Task], h: &BusinessHours) -> Inst<'a> {
        match self {
            Who::Profiles(p) => Inst::new(tasks, h, profile_slots(p, h), false),
            Who::Preset(p) => Inst::new(tasks, h, preset_slots(p, h), true),
        }
    }
    fn plan(&self, tasks: &[Task], h: &BusinessHours) -> Plan {
        match self {
            Who::Profiles(p) => plan_for_profiles(tasks, h, p),
            Who::Preset(p) => plan_for_preset(tasks, h, p),
        }
    }
    fn profiles(&self, h: &BusinessHours) -> Vec<Profile> {
        match self {
            Who::Profiles(p) => p.clone(),
            Who::Preset(p) => preset_profiles(p, h),
        }
    }
    fn preset(&self) -> bool {
        matches!(self, Who::Preset(_))
    }
}

// ---------------------------------------------------------------------------------------------
// Exhaustive search (independent of the solver's search and of its day scheduler; shares only
// the unit and eligibility construction of `Inst`)
// ---------------------------------------------------------------------------------------------

fn next_permutation(v: &mut [usize]) -> bool {
    let Some(i) = (1..v.len()).rev().find(|&i| v[i - 1] < v[i]) else {
        return false;
    };
    let j = (i..v.len()).rev().find(|&j| v[j] > v[i - 1]).unwrap_or(i);
    v.swap(i - 1, j);
    v[i..].reverse();
    true
}

/// The day of slot `s` as one shift, by brute force: (working minutes, idle minutes). Every
/// break length of 0, 45 and 60 minutes (at least the profile's break) is tried; a shift counts
/// when its break is lawful for its working minutes (労基法34条) and it fits the daily limit;
/// the fewest working minutes win.
fn brute_day(inst: &Inst<'_>, s: usize, set: &[usize]) -> Option<(u32, u32)> {
    if set.is_empty() {
        return Some((0, 0));
    }
    let work: u32 = set.iter().map(|&u| inst.units[u].minutes).sum();
    let b6 = inst.slots[s].brk6;
    let (b45, b60) = (45u32.max(b6), 60u32.max(b6));
    let mut best: Option<(u32, u32)> = None;
    for brk in [0, b45, b60] {
        let Some(span) = brute_span(inst, s, set, brk as i32) else {
            continue;
        };
        let paid = span - brk;
        let need = if paid > 480 {
            b60
        } else if paid > 360 {
            b45
        } else {
            0
        };
        if need > brk || paid > inst.slots[s].max_daily {
            continue;
        }
        if best.is_none_or(|b| paid < b.0) {
            best = Some((paid, paid - work));
        }
    }
    best
}

/// Shortest span of a day with a gap of at least `brk` between two items (`brk` > 0): every
/// order, every break position, and every item pinned at every end point of its allowed starts
/// (greedy outwards from it).
fn brute_span(inst: &Inst<'_>, s: usize, set: &[usize], brk: i32) -> Option<u32> {
    let dur: Vec<i32> = set.iter().map(|&u| inst.units[u].minutes as i32).collect();
    let rng: Vec<&Vec<(i32, i32)>> = set
        .iter()
        .map(|&u| inst.elig[u][s].as_ref().ok())
        .collect::<Option<_>>()?;
    let m = set.len();
    let slots: Vec<Option<usize>> = if brk > 0 {
        (1..m).map(Some).collect()
    } else {
        vec![None]
    };
    let mut perm: Vec<usize> = (0..m).collect();
    let mut best: Option<i32> = None;
    loop {
        for &slot in &slots {
            let gap = |p: usize| if slot == Some(p) { brk } else { 0 };
            for p in 0..m {
                let k = perm[p];
                for &(a, b) in rng[k].iter() {
                    'x: for x in [a, b] {
                        let mut t = x + dur[k];
                        for (i, &j) in perm.iter().enumerate().skip(p + 1) {
                            let need = t + gap(i);
                            let Some(s) = rng[j]
                                .iter()
                                .filter(|r| r.1 >= need)
                                .map(|r| r.0.max(need))
                                .min()
                            else {
                                continue 'x;
                            };
                            t = s + dur[j];
                        }
                        let mut st = x;
                        for i in (0..p).rev() {
                            let j = perm[i];
                            let lim = st - gap(i + 1) - dur[j];
                            let Some(s) = rng[j]
                                .iter()
                                .filter(|r| r.0 <= lim)
                                .map(|r| r.1.min(lim))
                                .max()
                            else {
                                continue 'x;
                            };
                            st = s;
                        }
                        if best.is_none_or(|b| t - st < b) {
                            best = Some(t - st);
                        }
                    }
                }
            }
        }
        if !next_permutation(&mut perm) {
            break;
        }
    }
    best.map(|span| span as u32)
}

/// (slot, day set) → (working minutes, idle minutes) of the shift, if any.
type DayCache = HashMap<(usize, Vec<usize>), Option<(u32, u32)>>;

struct Exhaustive<'i, 'a> {
    inst: &'i Inst<'a>,
    cache: DayCache,
    sets: Vec<[Vec<usize>; 7]>,
    /// Task minutes placed.
    covered: u32,
    best: Option<Score>,
}

impl Exhaustive<'_, '_> {
    fn day(&mut self, s: usize, d: usize) -> Option<(u32, u32)> {
        let key = (s, self.sets[s][d].clone());
        if let Some(v) = self.cache.get(&key) {
            return *v;
        }
        let v = brute_day(self.inst, s, &key.1);
        self.cache.insert(key, v);
        v
    }

    fn go(&mut self, u: usize) {
        let inst = self.inst;
        if u == inst.units.len() {
            let mut idle = 0;
            let mut weekly = vec![0u32; inst.slots.len()];
            for (s, w) in weekly.iter_mut().enumerate() {
                for d in 0..7 {
                    let Some((paid, i)) = self.day(s, d) else {
                        return;
                    };
                    idle += i;
                    *w += paid;
                }
                if *w > inst.slots[s].max_weekly {
                    return;
                }
            }
            let used: Vec<u32> = weekly.iter().copied().filter(|&w| w > 0).collect();
            let score = Score {
                covered: self.covered,
                positions_used: used.len() as u32,
                idle_gap_minutes: idle,
                imbalance: imbalance(&used),
            };
            if self
                .best
                .is_none_or(|b| score.rank(inst.preset) < b.rank(inst.preset))
            {
                self.best = Some(score);
            }
            return;
        }
        self.go(u + 1);
        if inst.units[u].not_carvable {
            return;
        }
        let d = usize::from(inst.units[u].day);
        let m = inst.units[u].minutes;
        for s in 0..inst.slots.len() {
            if inst.elig[u][s].is_err() {
                continue;
            }
            // Every assignment is tried; only the finished plan is checked (no pruning that the
            // solver's own search order could disagree with).
            self.sets[s][d].push(u);
            self.covered += m;
            self.go(u + 1);
            self.covered -= m;
            self.sets[s][d].pop();
        }
    }
}

/// The optimum of the objective over all assignments (tests only).
fn optimal_by_exhaustive_search(tasks: &[Task], h: &BusinessHours, who: &Who) -> Score {
    let inst = who.inst(tasks, h);
    let n = inst.slots.len();
    let mut ex = Exhaustive {
        inst: &inst,
        cache: HashMap::new(),
        sets: (0..n).map(|_| Default::default()).collect(),
        covered: 0,
        best: None,
    };
    ex.go(0);
    ex.best.unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Validation of a plan against the raw input
// ---------------------------------------------------------------------------------------------

fn validate(tasks: &[Task], h: &BusinessHours, profiles: &[Profile], plan: &Plan) {
    let by_id: HashMap<u32, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
    let mut placed: Vec<(u32, u8)> = Vec::new();
    let mut covered = 0u32;
    let mut idle_total = 0u32;
    let mut group_pos: HashMap<(u32, u8), i32> = HashMap::new();
    for pos in &plan.positions {
        let p = profiles
            .iter()
            .find(|p| p.id == pos.profile_id)
            .expect("position for a known profile");
        let mut weekly = 0u32;
        for d in 0..7u8 {
            let occ: Vec<&Occurrence> = pos.occurrences.iter().filter(|o| o.day == d).collect();
            let work: u32 = occ.iter().map(|o| u32::from(o.end - o.start)).sum();
            let shift = pos.shifts[usize::from(d)];
            assert_eq!(
                shift.is_some(),
                !occ.is_empty(),
                "a shift on working days only"
            );
            // Idle time inside the shift is working time: the day's minutes are the shift
            // minus its break, and the limits apply to that.
            let paid = shift.map_or(0, |s| u32::from(s.working_minutes()));
            assert_eq!(
                u32::from(pos.daily[usize::from(d)]),
                paid,
                "daily = shift − break"
            );
            assert!(paid >= work, "shift holds the tasks");
            assert!(paid <= u32::from(p.max_daily_minutes), "max daily");
            if let (Some(sh), Some(f), Some(l)) = (shift, occ.first(), occ.last()) {
                assert_eq!(
                    (sh.start, sh.end),
                    (f.start, l.end),
                    "shift from first to last task"
                );
                assert_eq!(sh.break_minutes, pos.breaks[usize::from(d)], "break field");
            }
            weekly += paid;
            for o in &occ {
                let t = by_id[&o.task_id];
                assert!(!t.not_carvable, "not carvable task placed");
                assert_eq!(o.end - o.start, t.minutes, "duration");
                assert!(h.days >> d & 1 == 1, "closed day");
                assert!(o.start >= h.open && o.end <= h.close, "business hours");
                if let Some((a, b)) = t.window {
                    assert!(o.start >= a && o.end <= b, "task window");
                }
                assert!(
                    p.days[usize::from(d)]
                        .iter()
                        .any(|w| o.start >= w.0 && o.end <= w.1),
                    "profile window"
                );
                for l in &t.demands.licences {
                    assert!(p.licences.contains(l), "licence");
                }
                assert!(t.demands.excluded_by(&p.avoid).is_empty(), "demands");
                placed.push((o.task_id, d));
                covered += u32::from(t.minutes);
                if let Some(g) = t.group {
                    let e = group_pos.entry((g, d)).or_insert(pos.profile_id);
                    assert_eq!(*e, pos.profile_id, "group split between people");
                }
            }
            for w in occ.windows(2) {
                assert!(w[1].start >= w[0].end, "overlap");
            }
            // Groups: members back to back, in id order.
            for (i, o) in occ.iter().enumerate() {
                if let Some(g) = by_id[&o.task_id].group {
                    let members = occ
                        .iter()
                        .filter(|x| by_id[&x.task_id].group == Some(g))
                        .count();
                    let first = occ
                        .iter()
                        .position(|x| by_id[&x.task_id].group == Some(g))
                        .unwrap_or(0);
                    assert!(i < first + members, "group not consecutive");
                    if i > first {
                        assert_eq!(occ[i - 1].end, o.start, "group gap");
                        assert!(occ[i - 1].task_id <= o.task_id, "group order");
                    }
                }
            }
            let need = match required_break_minutes(paid) {
                0 => 0,
                r => r.max(u32::from(p.break_minutes_over_6h)),
            };
            let brk = u32::from(pos.breaks[usize::from(d)]);
            assert!(brk >= need, "労基法34条: break {brk} for {paid} minutes");
            let max_gap = occ
                .windows(2)
                .map(|w| u32::from(w[1].start - w[0].end))
                .max()
                .unwrap_or(0);
            assert!(max_gap >= brk, "the break lies between two tasks");
            let idle = paid - work;
            assert_eq!(u32::from(pos.idle[usize::from(d)]), idle, "idle");
            idle_total += idle;
        }
        assert_eq!(u32::from(pos.weekly_minutes), weekly, "weekly sum");
        assert!(weekly <= u32::from(p.max_weekly_minutes), "max weekly");
        assert_eq!(
            pos.below_minimum,
            weekly < u32::from(p.min_weekly_minutes),
            "minimum flag"
        );
    }
    assert_eq!(plan.covered_minutes, covered);
    assert_eq!(plan.objective.covered, covered);
    assert_eq!(plan.objective.idle_gap_minutes, idle_total);
    assert!(plan.covered_minutes <= plan.covered_upper_bound);
    for u in &plan.unplaced {
        placed.push((u.task_id, u.day));
        assert!(!u.text.is_empty());
        if by_id[&u.task_id].not_carvable {
            assert_eq!(u.reason, UnplacedReason::NotCarvable);
        }
    }
    let mut expected: Vec<(u32, u8)> = expand(tasks, h).iter().map(|e| (e.0, e.1)).collect();
    expected.sort_unstable();
    placed.sort_unstable();
    assert_eq!(
        placed, expected,
        "every occurrence placed or explained once"
    );
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const LIC: &str = "フォークリフト免許";

fn gen_demands(r: &mut Lcg, rate: u32) -> Demands {
    Demands {
        standing: r.chance(rate),
        lifting_10kg: r.chance(rate / 2),
        outdoors: r.chance(rate / 2),
        heat_cold: false,
        judgement: r.chance(rate / 2),
        reading: false,
        customer_contact: r.chance(rate / 3),
        pc: r.chance(rate / 3),
        licences: if r.chance(rate / 2) {
            vec![LIC.into()]
        } else {
            Vec::new()
        },
    }
}

fn gen_tasks(r: &mut Lcg, h: &BusinessHours, n: usize, first_id: u32) -> Vec<Task> {
    let minutes = [15, 30, 45, 60, 60, 90, 120, 150, 180, 240];
    (0..n)
        .map(|i| {
            let m: u16 = r.pick(&minutes);
            let freq = match r.below(10) {
                0..=3 => Frequency::Daily,
                4..=6 => Frequency::Weekdays(1 << r.below(5) | 1 << r.below(5)),
                7 | 8 => Frequency::TimesPerWeek(1 + r.below(3) as u8),
                _ => Frequency::TimesPerMonth(1 + r.below(6) as u8),
            };
            let mut t = task(first_id + i as u32, &format!("作業{i}"), freq, m);
            if r.chance(40) {
                let span = u32::from(h.close - h.open);
                let start = h.open + r.below(span.saturating_sub(u32::from(m)) + 1) as u16;
                let len = m + r.below(180) as u16;
                t.window = Some((start, start.saturating_add(len)));
            }
            t.demands = gen_demands(r, 20);
            if r.chance(15) {
                t.group = Some(1 + r.below(2));
            }
            t.not_carvable = r.chance(5);
            t.kind = r.pick(&[TaskKind::Core, TaskKind::Episodic, TaskKind::Related]);
            t
        })
        .collect()
}

fn gen_profiles(r: &mut Lcg, h: &BusinessHours, n: usize) -> Vec<Profile> {
    (0..n)
        .map(|i| {
            let mut p = profile(i as i32 + 1, &format!("対象者{i}"), 0, (0, 0), 0);
            for d in 0..7 {
                if h.days >> d & 1 == 1 && r.chance(75) {
                    let a = h.open + 30 * r.below(6) as u16;
                    let b = a + 120 + 30 * r.below(12) as u16;
                    p.days[d] = if r.chance(25) {
                        vec![(a, a + 120), (a + 180, b.max(a + 240))]
                    } else {
                        vec![(a, b)]
                    };
                }
            }
            p.max_daily_minutes = r.pick(&[120, 180, 240, 300, 360, 420, 480]);
            p.max_weekly_minutes = r.pick(&[300, 600, 900, 1200, 1800, 2400]);
            p.min_weekly_minutes = r.pick(&[0, 0, 600, 1200]);
            p.avoid = gen_demands(r, 25);
            p.avoid.licences.clear();
            if r.chance(40) {
                p.licences.push(LIC.into());
            }
            p.break_minutes_over_6h = r.pick(&[45, 45, 60]);
            p
        })
        .collect()
}

fn gen_hours(r: &mut Lcg) -> BusinessHours {
    let days = r.pick(&[WEEKDAYS, 0b011_1111, 0b000_0111, 0b000_0011, 0b001_0101]);
    hours(
        days,
        480 + 30 * r.below(3) as u16,
        960 + 30 * r.below(5) as u16,
    )
}

fn gen_preset(r: &mut Lcg) -> Preset {
    if r.chance(50) {
        let n = 1 + r.below(3) as usize;
        Preset::Split((0..n).map(|_| r.pick(&[120, 180, 240, 360, 420])).collect())
    } else {
        Preset::MaxHours {
            positions: 1 + r.below(3) as u8,
            max_daily_minutes: r.pick(&[120, 240, 360, 480]),
        }
    }
}

/// A small instance: at most 12 occurrences, at most 5 per day, search space bounded.
fn gen_small(r: &mut Lcg) -> (Vec<Task>, BusinessHours, Who) {
    loop {
        let h = gen_hours(r);
        let n = 1 + r.below(8) as usize;
        let mut tasks = gen_tasks(r, &h, n, 1);
        while expand(&tasks, &h).len() > 12 {
            tasks.pop();
        }
        let occ = expand(&tasks, &h);
        if occ.is_empty() || (0..7).any(|d| occ.iter().filter(|o| o.1 == d).count() > 5) {
            continue;
        }
        let who = if r.chance(35) {
            Who::Preset(gen_preset(r))
        } else {
            let k = 1 + r.below(3) as usize;
            Who::Profiles(gen_profiles(r, &h, k))
        };
        let inst = who.inst(&tasks, &h);
        let space: f64 = inst
            .elig
            .iter()
            .map(|e| 1.0 + e.iter().filter(|x| x.is_ok()).count() as f64)
            .product();
        if space <= 200_000.0 {
            return (tasks, h, who);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generated tests
// ---------------------------------------------------------------------------------------------

#[test]
fn exact_on_small_instances_matches_exhaustive_search() {
    let mut r = Lcg(20_240_401);
    let mut twelve = 0;
    let mut presets = 0;
    let instances = 220;
    for case in 0..instances {
        let (tasks, h, who) = gen_small(&mut r);
        let plan = who.plan(&tasks, &h);
        let best = optimal_by_exhaustive_search(&tasks, &h, &who);
        let preset = who.preset();
        assert!(plan.proved_optimal, "case {case}: search did not finish");
        assert_eq!(
            plan.objective.rank(preset),
            best.rank(preset),
            "case {case}: solver {:?} vs exhaustive {:?}",
            plan.objective,
            best
        );
        validate(&tasks, &h, &who.profiles(&h), &plan);
        twelve += usize::from(expand(&tasks, &h).len() == 12);
        presets += usize::from(preset);
    }
    assert!(
        twelve >= 10,
        "too few instances at the size limit: {twelve}"
    );
    assert!(presets >= 40 && presets <= instances - 40);
}

#[test]
fn generated_plans_respect_every_constraint() {
    let mut r = Lcg(7);
    for case in 0..60 {
        let h = gen_hours(&mut r);
        let n = 5 + r.below(40) as usize;
        let tasks = gen_tasks(&mut r, &h, n, 100);
        let who = if case % 3 == 0 {
            Who::Preset(gen_preset(&mut r))
        } else {
            let k = 1 + r.below(6) as usize;
            Who::Profiles(gen_profiles(&mut r, &h, k))
        };
        let plan = who.plan(&tasks, &h);
        validate(&tasks, &h, &who.profiles(&h), &plan);
        assert_eq!(plan, who.plan(&tasks, &h), "deterministic");
    }
}

/// The benchmark's instance shape (200 tasks, 5 days), checked for validity in debug.
#[test]
fn large_instance_is_valid_with_small_gap() {
    let mut r = Lcg(99);
    let h = hours(WEEKDAYS, 480, 1080);
    let mut tasks = gen_tasks(&mut r, &h, 200, 1);
    for t in &mut tasks {
        t.demands = Demands::default();
        t.minutes = t.minutes.min(120);
    }
    let preset = Preset::MaxHours {
        positions: 40,
        max_daily_minutes: 240,
    };
    let plan = plan_for_preset(&tasks, &h, &preset);
    validate(&tasks, &h, &preset_profiles(&preset, &h), &plan);
    assert!(plan.covered_upper_bound - plan.covered_minutes <= plan.covered_upper_bound / 50);
    let used = plan.positions.len() as u32;
    assert!(used <= plan.lower_bound_positions + plan.lower_bound_positions / 5 + 1);
}

// ---------------------------------------------------------------------------------------------
// Expansion and odd input
// ---------------------------------------------------------------------------------------------

#[test]
fn expansion_follows_the_documented_conventions() {
    let h = hours(0b010_1111, 540, 1020); // Mon–Thu and Sat
    let tasks = vec![
        task(1, "毎日", Frequency::Daily, 30),
        task(2, "火木", Frequency::Weekdays(0b1010), 30),
        task(3, "週2", Frequency::TimesPerWeek(2), 30),
        task(4, "月2", Frequency::TimesPerMonth(2), 30),
        task(5, "月5", Frequency::TimesPerMonth(5), 30),
        task(6, "週7", Frequency::TimesPerWeek(7), 30),
        task(7, "0分", Frequency::Daily, 0),
    ];
    let e = expand(&tasks, &h);
    let days = |id: u32| -> Vec<u8> { e.iter().filter(|x| x.0 == id).map(|x| x.1).collect() };
    assert_eq!(days(1), vec![0, 1, 2, 3]);
    assert_eq!(days(2), vec![1, 3]);
    assert_eq!(days(3), vec![0, 1]);
    assert_eq!(days(4), vec![0]);
    assert_eq!(days(5), vec![0, 1]);
    assert_eq!(days(6), vec![0, 0, 1, 1, 2, 3, 5]);
    assert!(days(7).is_empty());
}

#[test]
fn odd_input_does_not_panic() {
    let h = hours(0, 600, 500);
    let mut t = task(1, "逆転", Frequency::Daily, u16::MAX);
    t.window = Some((900, 100));
    let tasks = vec![
        t.clone(),
        task(1, "重複ID", Frequency::TimesPerWeek(200), 30),
    ];
    let plan = plan_for_profiles(&tasks, &h, &[]);
    assert!(plan.positions.is_empty());
    let plan = plan_for_preset(&tasks, &h, &Preset::Split(vec![]));
    assert_eq!(plan.covered_minutes, 0);
    let h = hours(0xFF, 0, 1440);
    let p = profile(1, "x", 0xFF, (0, u16::MAX), u16::MAX);
    let plan = plan_for_profiles(&tasks, &h, &[p]);
    validate(&tasks, &h, &plan_profiles_for_odd(), &plan);
    let plan = plan_for_preset(
        &[],
        &h,
        &Preset::MaxHours {
            positions: 0,
            max_daily_minutes: 0,
        },
    );
    assert_eq!(plan.total_minutes, 0);
    assert!(plan.proved_optimal);
}

fn plan_profiles_for_odd() -> Vec<Profile> {
    vec![profile(1, "x", 0xFF, (0, u16::MAX), u16::MAX)]
}

// ---------------------------------------------------------------------------------------------
// Worked examples
// ---------------------------------------------------------------------------------------------

/// An 8-hour cleaning order (480 minutes a day, Mon–Fri).
fn cleaning() -> (Vec<Task>, BusinessHours) {
    let h = hours(WEEKDAYS, 480, 1020);
    let mut tasks = vec![
        task(1, "玄関・ロビー清掃", Frequency::Daily, 60),
        task(2, "トイレ清掃（午前）", Frequency::Daily, 60),
        task(3, "事務室清掃", Frequency::Daily, 90),
        task(4, "ごみ回収・分別", Frequency::Daily, 60),
        task(5, "廊下モップがけ", Frequency::Daily, 90),
        task(6, "トイレ清掃（午後）", Frequency::Daily, 60),
        task(7, "資源化物の手選別", Frequency::Daily, 60),
    ];
    tasks[0].window = Some((480, 600));
    tasks[5].window = Some((780, 1020));
    (tasks, h)
}

#[test]
fn cleaning_order_split_four_plus_four() {
    let (tasks, h) = cleaning();
    let total: u32 = expand(&tasks, &h).iter().map(|e| u32::from(e.2)).sum();
    assert_eq!(total, 480 * 5);
    let preset = Preset::Split(vec![240, 240]);
    let plan = plan_for_preset(&tasks, &h, &preset);
    validate(&tasks, &h, &preset_profiles(&preset, &h), &plan);
    assert!(plan.unplaced.is_empty());
    assert_eq!(plan.covered_minutes, total);
    assert_eq!(plan.positions.len(), 2);
    assert_eq!(plan.lower_bound_positions, 2);
    for p in &plan.positions {
        assert_eq!(p.daily, [240, 240, 240, 240, 240, 0, 0]);
        assert_eq!(p.weekly_minutes, 1200);
        assert_eq!(p.breaks, [0; 7]);
    }
    assert_eq!(plan.objective.idle_gap_minutes, 0);
    assert_eq!(plan.objective_text, OBJECTIVE_TEXT_PRESET);
}

#[test]
fn cleaning_order_split_six_plus_two() {
    let (tasks, h) = cleaning();
    let preset = Preset::Split(vec![360, 120]);
    let plan = plan_for_preset(&tasks, &h, &preset);
    validate(&tasks, &h, &preset_profiles(&preset, &h), &plan);
    assert!(plan.unplaced.is_empty());
    assert_eq!(plan.covered_minutes, 2400);
    let dailies: Vec<[u16; 7]> = plan.positions.iter().map(|p| p.daily).collect();
    assert_eq!(
        dailies,
        vec![
            [360, 360, 360, 360, 360, 0, 0],
            [120, 120, 120, 120, 120, 0, 0]
        ]
    );
    // Exactly 6 hours needs no statutory break.
    assert_eq!(plan.positions[0].breaks, [0; 7]);
    // A single 8-hour position needs its 60-minute break, which fits 8:00–17:00.
    let full = plan_for_preset(&tasks, &h, &Preset::Split(vec![480]));
    assert!(full.unplaced.is_empty());
    assert_eq!(full.positions[0].breaks, [45, 45, 45, 45, 45, 0, 0]);
}

/// 前橋: tasks regular staff need not do, carved into 3–4-hour part-time work at the minimum wage.
#[test]
fn maebashi_style_part_time_positions() {
    let h = hours(WEEKDAYS, 510, 1050);
    let mut tasks = vec![
        task(1, "入荷検品補助", Frequency::Daily, 120),
        task(2, "商品の袋詰め", Frequency::Daily, 120),
        task(3, "棚の補充", Frequency::Daily, 60),
        task(4, "館内清掃", Frequency::Daily, 60),
        task(5, "封入作業", Frequency::Daily, 120),
        task(6, "データ入力", Frequency::Daily, 90),
        task(7, "発注判断", Frequency::Daily, 60),
        task(8, "顧客対応", Frequency::Daily, 120),
        task(9, "棚卸補助", Frequency::TimesPerMonth(2), 120),
    ];
    tasks[0].window = Some((540, 720));
    tasks[2].window = Some((780, 900));
    tasks[3].window = Some((510, 600));
    tasks[5].demands.pc = true;
    tasks[6].not_carvable = true;
    tasks[7].not_carvable = true;
    tasks[7].demands.customer_contact = true;
    tasks[8].kind = TaskKind::Episodic;
    let preset = Preset::MaxHours {
        positions: 4,
        max_daily_minutes: 240,
    };
    let plan = plan_for_preset(&tasks, &h, &preset);
    validate(&tasks, &h, &preset_profiles(&preset, &h), &plan);
    // Everything carvable is covered with the fewest 4-hour positions.
    assert_eq!(
        plan.covered_minutes,
        (120 + 120 + 60 + 60 + 120 + 90) * 5 + 120
    );
    assert_eq!(plan.positions.len(), 3);
    assert_eq!(plan.lower_bound_positions, 3);
    for p in &plan.positions {
        assert!(p.daily.iter().all(|&m| m <= 240));
    }
    // The two not-carvable tasks stay with the existing staff.
    assert_eq!(plan.unplaced.len(), 10);
    assert!(
        plan.unplaced
            .iter()
            .all(|u| u.reason == UnplacedReason::NotCarvable && [7, 8].contains(&u.task_id))
    );
    assert!(plan.unplaced[0].text.contains("既存の職員"));
    // At 群馬県's minimum wage (1,063円 from 2026-03-01) each position passes the wage check;
    // under 20 hours a week it is outside 雇用保険 until 2028-10.
    let date = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    for p in &plan.positions {
        let input = LegalInput::for_position(date, 1063, 1063, p, 365, Some(30));
        let checks = legal_checks(&input);
        let get = |r: &str| checks.iter().find(|c| c.rule == r).unwrap();
        assert!(get("minimum_wage").ok);
        assert!(get("breaks").ok);
        assert!(get("working_hours").ok);
        assert_eq!(get("employment_insurance").ok, p.weekly_minutes >= 1200);
    }
}

/// Seed 000: the bag maker I.D.S. (裁断, 下張, コバ塗り, 縫製, 検品) and two people.
#[test]
fn bag_maker_split_between_two_people() {
    let h = hours(WEEKDAYS, 540, 1020);
    let mut tasks = vec![
        task(1, "裁断", Frequency::Daily, 120),
        task(2, "下張", Frequency::Daily, 90),
        task(3, "コバ塗り", Frequency::Daily, 90),
        task(4, "縫製", Frequency::Daily, 150),
        task(5, "検品", Frequency::Daily, 60),
    ];
    tasks[0].demands.standing = true;
    tasks[0].demands.licences = vec!["裁断機講習".into()];
    tasks[1].window = Some((540, 660)); // 下張 before sewing, 9:00–11:00
    tasks[3].demands.licences = vec!["工業用ミシン".into()];
    tasks[4].demands.judgement = true;
    tasks[4].window = Some((900, 1020)); // 検品 in the afternoon
    // A: trained on the cutting machine and the sewing machine, cannot stand long; 9–15.
    let mut a = profile(1, "Aさん", WEEKDAYS, (540, 900), 240);
    a.avoid.standing = true;
    a.licences = vec!["裁断機講習".into(), "工業用ミシン".into()];
    // B: no machine training, cannot lift; 10–16.
    let mut b = profile(2, "Bさん", WEEKDAYS, (600, 960), 180);
    b.avoid.lifting_10kg = true;
    let profiles = vec![a, b];
    let plan = plan_for_profiles(&tasks, &h, &profiles);
    validate(&tasks, &h, &profiles, &plan);
    let ids = |i: usize| -> Vec<u32> {
        let mut v: Vec<u32> = plan.positions[i]
            .occurrences
            .iter()
            .map(|o| o.task_id)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    assert_eq!(
        ids(0),
        vec![2, 4],
        "A: 下張 (only A is there at 9:00) and 縫製 (needs ミシン)"
    );
    assert_eq!(
        ids(1),
        vec![3, 5],
        "B: コバ塗り and 検品 (A leaves at 15:00)"
    );
    assert_eq!(plan.covered_minutes, (90 + 90 + 150 + 60) * 5);
    assert_eq!(plan.objective.idle_gap_minutes, 0);
    assert!(plan.proved_optimal);
    // 裁断: A has the training but cannot stand long; B has no training.
    assert_eq!(plan.unplaced.len(), 5);
    for u in &plan.unplaced {
        assert_eq!(u.task_id, 1);
        assert_eq!(
            u.reason,
            UnplacedReason::DemandsExcluded(vec!["standing".to_owned()])
        );
        assert!(u.text.contains("立ち作業"), "{}", u.text);
    }
    // Without A, 裁断 needs a licence nobody has.
    let plan = plan_for_profiles(&tasks, &h, &profiles[1..]);
    let cut = plan.unplaced.iter().find(|u| u.task_id == 1).unwrap();
    assert_eq!(
        cut.reason,
        UnplacedReason::NeedsLicence("裁断機講習".into())
    );
    assert_eq!(
        cut.text,
        "裁断には裁断機講習が必要ですが、対象者に該当者がいません"
    );
    let sew = plan.unplaced.iter().find(|u| u.task_id == 4).unwrap();
    assert_eq!(
        sew.reason,
        UnplacedReason::NeedsLicence("工業用ミシン".into())
    );
    let lower = plan.unplaced.iter().find(|u| u.task_id == 2).unwrap();
    assert_eq!(lower.reason, UnplacedReason::OutsideEveryWindow);
}

#[test]
fn groups_minimum_and_limits_are_explained() {
    let h = hours(WEEKDAYS, 540, 1020);
    let mut tasks = vec![
        task(1, "仕分け", Frequency::Daily, 120),
        task(2, "袋詰め", Frequency::Daily, 120),
        task(3, "封入", Frequency::Weekdays(1), 60),
    ];
    tasks[0].group = Some(9);
    tasks[1].group = Some(9);
    let mut p = profile(1, "C", WEEKDAYS, (540, 720), 180);
    p.min_weekly_minutes = 600;
    let plan = plan_for_profiles(&tasks, &h, std::slice::from_ref(&p));
    validate(&tasks, &h, std::slice::from_ref(&p), &plan);
    assert_eq!(plan.covered_minutes, 60);
    assert!(plan.positions[0].below_minimum);
    assert!(
        plan.unplaced
            .iter()
            .all(|u| u.reason == UnplacedReason::GroupTooLong && u.text.contains("240分"))
    );
    // With a longer day the group is placed back to back, in id order.
    p.max_daily_minutes = 300;
    p.days = std::array::from_fn(|d| if d < 5 { vec![(540, 900)] } else { Vec::new() });
    let plan = plan_for_profiles(&tasks, &h, std::slice::from_ref(&p));
    validate(&tasks, &h, std::slice::from_ref(&p), &plan);
    assert_eq!(plan.covered_minutes, 240 * 5 + 60);
    // Two tasks that cannot both fit: the shorter one is left with OverLimits or NoRoom.
    let mut q = profile(2, "D", 1, (540, 660), 120);
    q.max_weekly_minutes = 120;
    let tasks = vec![
        task(1, "a", Frequency::Weekdays(1), 120),
        task(2, "b", Frequency::Weekdays(1), 60),
    ];
    let plan = plan_for_profiles(&tasks, &h, &[q]);
    assert_eq!(plan.covered_minutes, 120);
    assert_eq!(plan.unplaced[0].reason, UnplacedReason::OverLimits);
}

// ---------------------------------------------------------------------------------------------
// Legal checks
// ---------------------------------------------------------------------------------------------

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn input(on: NaiveDate, weekly_hours: u32, days: u8) -> LegalInput {
    LegalInput {
        date: on,
        hourly_yen: 1200,
        minimum_wage_yen: 1063,
        weekly_minutes: weekly_hours * 60,
        days_per_week: days,
        longest_day_minutes: weekly_hours * 60 / u32::from(days.max(1)),
        break_minutes: 0,
        expected_days: 365,
        employer_insured_count: Some(100),
        full_time_weekly_minutes: 2400,
        full_time_days_per_week: 5,
        student: false,
        disability: None,
    }
}

fn check(i: &LegalInput, rule: &str) -> Check {
    legal_checks(i)
        .into_iter()
        .find(|c| c.rule == rule)
        .unwrap_or_else(|| panic!("no check {rule}"))
}

#[test]
fn minimum_wage_check() {
    let mut i = input(date(2026, 4, 1), 20, 5);
    i.hourly_yen = 1063;
    let c = check(&i, "minimum_wage");
    assert!(c.ok && c.requirement);
    assert!(c.text.contains("1,063円"));
    i.hourly_yen = 1062;
    assert!(!check(&i, "minimum_wage").ok);
    i.minimum_wage_yen = 0;
    assert!(!check(&i, "minimum_wage").ok);
}

#[test]
fn employment_insurance_threshold_and_2028_switch() {
    let i = input(date(2026, 4, 1), 20, 5);
    assert!(check(&i, "employment_insurance").ok);
    let mut i = input(date(2028, 9, 30), 15, 5);
    let c = check(&i, "employment_insurance");
    assert!(!c.ok);
    assert!(c.text.contains("令和10年10月1日から"), "{}", c.text);
    i.date = date(2028, 10, 1);
    let c = check(&i, "employment_insurance");
    assert!(c.ok, "{}", c.text);
    assert!(c.text.contains("令和6年法律第26号"));
    i.weekly_minutes = 9 * 60;
    assert!(!check(&i, "employment_insurance").ok);
    let mut i = input(date(2026, 4, 1), 25, 5);
    i.expected_days = 30;
    assert!(!check(&i, "employment_insurance").ok);
    i.expected_days = 31;
    assert!(check(&i, "employment_insurance").ok);
}

#[test]
fn health_and_pension_rules() {
    // ¾ rule: 30 h and 4 days of a 40 h, 5-day full-timer.
    let mut i = input(date(2026, 4, 1), 30, 4);
    i.employer_insured_count = Some(5);
    let c = check(&i, "health_pension");
    assert!(c.ok && c.text.contains("4分の3"), "{}", c.text);
    // Short-time rule: 20 h × 1,200円 ≈ 104,000円/month, employer of 60.
    let mut i = input(date(2026, 4, 1), 20, 5);
    i.employer_insured_count = Some(60);
    let c = check(&i, "health_pension");
    assert!(c.ok, "{}", c.text);
    assert!(
        c.text.contains("令和9年10月1日から被保険者36人以上"),
        "{}",
        c.text
    );
    // Employer size: 40 insured fails in 2026, passes from 2027-10-01 (36+).
    i.employer_insured_count = Some(40);
    assert!(!check(&i, "health_pension").ok);
    i.date = date(2027, 9, 30);
    assert!(!check(&i, "health_pension").ok);
    i.date = date(2027, 10, 1);
    assert!(check(&i, "health_pension").ok);
    i.employer_insured_count = Some(5);
    i.date = date(2035, 9, 30);
    assert!(!check(&i, "health_pension").ok);
    i.date = date(2035, 10, 1);
    assert!(check(&i, "health_pension").ok);
    // Wage requirement: 1,000円 × 20 h ≈ 86,666円 < 88,000円, until the abolition.
    let mut i = input(date(2026, 4, 1), 20, 5);
    i.hourly_yen = 1000;
    let c = check(&i, "health_pension");
    assert!(!c.ok && c.text.contains("88,000円"), "{}", c.text);
    assert!(c.text.contains("施行日未確認"));
    i.date = date(2028, 6, 19);
    assert!(check(&i, "health_pension").ok);
    // Under 20 h, a student, or 2 months or less: not covered.
    let mut i = input(date(2026, 4, 1), 19, 5);
    assert!(!check(&i, "health_pension").ok);
    i.weekly_minutes = 1200;
    i.student = true;
    assert!(!check(&i, "health_pension").ok);
    i.student = false;
    i.expected_days = 61;
    assert!(!check(&i, "health_pension").ok);
    i.expected_days = 62;
    assert!(check(&i, "health_pension").ok);
}

#[test]
fn disability_quota_counts() {
    let count = |kind, hours: u32, on: NaiveDate| {
        let mut i = input(on, hours, 5);
        i.disability = Some(kind);
        check(&i, "disability_quota")
    };
    let d = date(2026, 4, 1);
    use DisabilityKind::*;
    assert!(count(Physical, 30, d).text.contains("1人"));
    assert!(count(PhysicalSevere, 30, d).text.contains("2人"));
    assert!(count(Physical, 20, d).text.contains("0.5人"));
    assert!(count(IntellectualSevere, 20, d).text.contains("1人"));
    assert!(count(Mental, 25, d).text.contains("で1人"));
    assert!(!count(Physical, 15, d).ok);
    assert!(!count(Intellectual, 15, d).ok);
    assert!(count(PhysicalSevere, 15, d).ok);
    // 精神 10–20 h: 0 until 2024-03-31, 0.5 from 2024-04-01.
    let before = count(Mental, 15, date(2024, 3, 31));
    assert!(!before.ok);
    let after = count(Mental, 15, date(2024, 4, 1));
    assert!(after.ok && after.text.contains("0.5人"), "{}", after.text);
    assert!(after.text.contains("令和6年4月1日から"));
    let idea = count(Mental, 9, d);
    assert!(!idea.ok && idea.text.contains("IDEA"));
    let mut i = input(d, 30, 5);
    i.disability = None;
    assert!(
        legal_checks(&i)
            .iter()
            .all(|c| c.rule != "disability_quota")
    );
}

#[test]
fn paid_leave_proportional_grant() {
    let d = date(2026, 4, 1);
    let c = check(&input(d, 20, 4), "paid_leave");
    assert!(!c.ok && c.text.contains("7日"), "{}", c.text);
    assert!(check(&input(d, 12, 3), "paid_leave").text.contains("5日"));
    assert!(check(&input(d, 4, 1), "paid_leave").text.contains("1日"));
    let c = check(&input(d, 30, 4), "paid_leave");
    assert!(c.ok && c.text.contains("10日"));
    let c = check(&input(d, 20, 5), "paid_leave");
    assert!(c.ok && c.text.contains("10日"));
}

#[test]
fn break_and_hours_checks() {
    let d = date(2026, 4, 1);
    let mut i = input(d, 30, 5);
    i.longest_day_minutes = 360;
    assert!(check(&i, "breaks").ok);
    i.longest_day_minutes = 420;
    assert!(!check(&i, "breaks").ok);
    i.break_minutes = 45;
    assert!(check(&i, "breaks").ok);
    i.longest_day_minutes = 481;
    assert!(!check(&i, "breaks").ok);
    i.break_minutes = 60;
    assert!(check(&i, "breaks").ok);
    assert!(!check(&i, "working_hours").ok);
    i.longest_day_minutes = 480;
    assert!(check(&i, "working_hours").ok);
    i.weekly_minutes = 2460;
    assert!(!check(&i, "working_hours").ok);
}

#[test]
fn thresholds_table_is_dated_and_sourced() {
    let t = thresholds_on(date(2026, 4, 1));
    assert_eq!(t.employment_insurance_weekly_minutes.value, 1200);
    assert_eq!(t.short_time_employer_min_insured.value, 51);
    assert_eq!(t.short_time_monthly_wage_yen.value, 88_000);
    assert_eq!(
        thresholds_on(date(2028, 10, 1))
            .employment_insurance_weekly_minutes
            .value,
        600
    );
    assert_eq!(
        thresholds_on(date(2029, 10, 1))
            .short_time_employer_min_insured
            .value,
        21
    );
    assert_eq!(
        thresholds_on(date(2032, 10, 1))
            .short_time_employer_min_insured
            .value,
        11
    );
    assert_eq!(
        thresholds_on(date(2035, 10, 1))
            .short_time_employer_min_insured
            .value,
        0
    );
    assert_eq!(
        thresholds_on(date(2020, 1, 1))
            .short_time_employer_min_insured
            .value,
        501
    );
    assert_eq!(
        thresholds_on(date(2020, 1, 1))
            .short_time_expected_days_over
            .value,
        364
    );
    assert!(RULES.iter().all(|r| !r.source.is_empty()));
    for w in RULES.windows(2) {
        if w[0].key == w[1].key {
            assert!(w[0].from < w[1].from, "rows in date order");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shifts: idle time is working time (issue 12 item 14)
// ---------------------------------------------------------------------------------------------

/// The breakdown the counter used (9:00–18:00, 8 hours of cleaning a day): 25 units, beyond the
/// exact search, where the old plan left a 4-hour position at 10:00–14:30 with a 30-minute gap.
fn counter_cleaning() -> (Vec<Task>, BusinessHours) {
    let h = hours(WEEKDAYS, 540, 1080);
    let mut tasks = vec![
        task(1, "トイレ清掃", Frequency::Daily, 120),
        task(2, "廊下・ロビー清掃", Frequency::Daily, 120),
        task(3, "ごみ回収", Frequency::Daily, 60),
        task(4, "会議室の清掃", Frequency::Daily, 120),
        task(5, "備品の補充", Frequency::Daily, 60),
    ];
    tasks[0].window = Some((540, 780));
    tasks[2].window = Some((780, 1080));
    tasks[3].window = Some((780, 1080));
    (tasks, h)
}

#[test]
fn preset_positions_are_contiguous_shifts_of_the_stated_length() {
    let (tasks, h) = counter_cleaning();
    for (preset, lengths) in [
        (Preset::Split(vec![240, 240]), vec![240, 240]),
        (Preset::Split(vec![360, 120]), vec![360, 120]),
    ] {
        let plan = plan_for_preset(&tasks, &h, &preset);
        validate(&tasks, &h, &preset_profiles(&preset, &h), &plan);
        assert_eq!(
            plan.covered_minutes, 2400,
            "{preset:?}: every minute placed"
        );
        assert!(plan.unplaced.is_empty());
        assert_eq!(plan.objective.idle_gap_minutes, 0, "{preset:?}: no gaps");
        let mut got: Vec<u16> = Vec::new();
        for p in &plan.positions {
            for d in 0..5 {
                let s = p.shifts[d].expect("a shift every weekday");
                assert_eq!(s.break_minutes, 0, "≤ 6 hours: no break needed");
                assert_eq!(s.working_minutes(), p.daily[d]);
                assert_eq!(p.idle[d], 0);
                // Tasks back to back from the start to the end of the shift.
                let occ: Vec<&Occurrence> =
                    p.occurrences.iter().filter(|o| o.day == d as u8).collect();
                for w in occ.windows(2) {
                    assert_eq!(w[0].end, w[1].start, "contiguous");
                }
            }
            got.push(p.daily[0]);
        }
        got.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(got, lengths, "{preset:?}: shifts of the stated length");
    }
}

#[test]
fn a_gap_that_cannot_be_avoided_is_paid_or_becomes_the_break() {
    // Two fixed tasks, 9–11 and 12–14, for one 4-hour position: the hour between them cannot be
    // idle working time (that would be 5 hours), so it becomes a 60-minute break.
    let h = hours(WEEKDAYS, 540, 1080);
    let mut tasks = vec![
        task(1, "午前の受付", Frequency::Weekdays(1), 120),
        task(2, "午後の受付", Frequency::Weekdays(1), 120),
    ];
    tasks[0].window = Some((540, 660));
    tasks[1].window = Some((720, 840));
    let preset = Preset::Split(vec![240]);
    let plan = plan_for_preset(&tasks, &h, &preset);
    validate(&tasks, &h, &preset_profiles(&preset, &h), &plan);
    assert_eq!(plan.covered_minutes, 240);
    let p = &plan.positions[0];
    assert_eq!(
        p.shifts[0],
        Some(Shift {
            start: 540,
            end: 840,
            break_minutes: 60
        })
    );
    assert_eq!((p.daily[0], p.idle[0]), (240, 0));
    // With a 30-minute gap the gap is paid idle time and counts against the 4 hours: only one
    // task fits a 4-hour position, both fit a 5-hour one (4.5 h of working time, idle 30).
    tasks[1].window = Some((690, 810));
    let plan = plan_for_preset(&tasks, &h, &preset);
    assert_eq!(plan.covered_minutes, 120);
    let five = Preset::Split(vec![300]);
    let plan = plan_for_preset(&tasks, &h, &five);
    validate(&tasks, &h, &preset_profiles(&five, &h), &plan);
    assert_eq!(plan.covered_minutes, 240);
    assert_eq!(
        (plan.positions[0].daily[0], plan.positions[0].idle[0]),
        (270, 30)
    );
}

#[test]
fn disability_kind_from_the_seeker_record() {
    use DisabilityKind::*;
    assert_eq!(
        DisabilityKind::from_record("physical", "1級"),
        Some(PhysicalSevere)
    );
    assert_eq!(
        DisabilityKind::from_record("physical", "２級"),
        Some(PhysicalSevere)
    );
    assert_eq!(
        DisabilityKind::from_record("physical", "3級"),
        Some(Physical)
    );
    assert_eq!(
        DisabilityKind::from_record("intellectual", "A2"),
        Some(IntellectualSevere)
    );
    assert_eq!(
        DisabilityKind::from_record("intellectual", "B1"),
        Some(Intellectual)
    );
    assert_eq!(DisabilityKind::from_record("mental", "2級"), Some(Mental));
    assert_eq!(DisabilityKind::from_record("", "1級"), None);
    // 精神 20–30 h counts 1 (当分の間), 10–20 h 0.5 since 2024-04; 重度 10–20 h 0.5.
    let d = date(2026, 12, 1);
    assert_eq!(quota_count_halves(Mental, 25 * 60, d), 2);
    assert_eq!(quota_count_halves(Mental, 15 * 60, d), 1);
    assert_eq!(quota_count_halves(PhysicalSevere, 15 * 60, d), 1);
    assert_eq!(quota_count_halves(Physical, 15 * 60, d), 0);
    assert_eq!(quota_count_halves(IntellectualSevere, 30 * 60, d), 4);
    assert_eq!(halves_text(3), "1.5人");
}

#[test]
fn only_the_break_rule_for_the_hours_is_quoted() {
    let d = date(2026, 12, 1);
    let mut i = input(d, 20, 5);
    i.longest_day_minutes = 240;
    let c = check(&i, "breaks");
    assert!(
        c.ok && c.text.contains("休憩の付与義務はありません"),
        "{}",
        c.text
    );
    assert!(
        !c.text.contains("45分") && !c.text.contains("8時間"),
        "{}",
        c.text
    );
    i.longest_day_minutes = 420;
    i.break_minutes = 45;
    let c = check(&i, "breaks");
    assert!(
        c.ok && c.text.contains("6時間を超える") && !c.text.contains("60分"),
        "{}",
        c.text
    );
}

#[test]
fn an_unknown_insured_count_says_so_and_what_to_ask() {
    let mut i = input(date(2026, 12, 1), 20, 5);
    i.employer_insured_count = None;
    let c = check(&i, "health_pension");
    assert!(c.unknown && !c.ok, "{}", c.text);
    assert!(
        c.text.contains("未入力") && c.text.contains("確認してください"),
        "{}",
        c.text
    );
    assert!(!c.text.contains("現在0人"));
    assert_eq!(coverage(&legal_checks(&i), "health_pension"), None);
    // Under 20 hours the count does not matter: not covered, whatever it is.
    i.weekly_minutes = 15 * 60;
    let c = check(&i, "health_pension");
    assert!(!c.unknown && !c.ok, "{}", c.text);
    // Dates a person reads are 和暦.
    assert!(c.text.contains("令和8年12月1日時点"), "{}", c.text);
}
