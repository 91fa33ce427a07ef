//! Carving benchmark: `cargo bench --bench carving`.
//!
//! Generates a 200-task, 5-day task breakdown deterministically (LCG) and times
//! `plan_for_preset` (4-hour positions) and `plan_for_profiles` (12 people with windows, limits and
//! restrictions). Prints the time and the gap to the simple bounds.
//! Requirement: each plan well under a second in release.

use std::hint::black_box;
use std::time::Instant;

use tsunagu::domain::carving::{
    BusinessHours, Demands, Frequency, Plan, Preset, Profile, Task, TaskKind, expand,
    plan_for_preset, plan_for_profiles,
};

const TASKS: u32 = 200;
const RUNS: u32 = 5;

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
        self.next() % n
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }
}

fn tasks(r: &mut Lcg, hours: &BusinessHours) -> Vec<Task> {
    let minutes = [15u16, 20, 30, 30, 45, 60, 60, 90, 120];
    (1..=TASKS)
        .map(|id| {
            let m = minutes[r.below(minutes.len() as u32) as usize];
            let frequency = match r.below(10) {
                0..=4 => Frequency::Daily,
                5..=7 => Frequency::Weekdays((1 << r.below(5)) | (1 << r.below(5))),
                8 => Frequency::TimesPerWeek(1 + r.below(3) as u8),
                _ => Frequency::TimesPerMonth(1 + r.below(4) as u8),
            };
            let window = r.chance(30).then(|| {
                let start = hours.open + 30 * r.below(14) as u16;
                (
                    start,
                    (start + m + 60 + 30 * r.below(6) as u16).min(hours.close),
                )
            });
            Task {
                id,
                name: format!("作業{id}"),
                kind: TaskKind::Core,
                frequency,
                minutes: m,
                window,
                demands: Demands {
                    standing: r.chance(30),
                    lifting_10kg: r.chance(10),
                    outdoors: r.chance(10),
                    pc: r.chance(15),
                    licences: if r.chance(3) {
                        vec!["フォークリフト免許".into()]
                    } else {
                        Vec::new()
                    },
                    ..Demands::default()
                },
                intersecting: r.chance(50),
                essential: true,
                group: r.chance(10).then(|| 1 + r.below(10)),
                not_carvable: r.chance(5),
            }
        })
        .collect()
}

fn profiles(r: &mut Lcg, hours: &BusinessHours) -> Vec<Profile> {
    (0..12)
        .map(|i| {
            let start = hours.open + 60 * r.below(3) as u16;
            let len = 180 + 60 * r.below(6) as u16;
            let window = (start, (start + len).min(hours.close));
            let off = r.below(7);
            Profile {
                id: i + 1,
                label: format!("対象者{}", i + 1),
                days: std::array::from_fn(|d| {
                    if d < 5 && d as u32 != off {
                        vec![window]
                    } else {
                        Vec::new()
                    }
                }),
                max_daily_minutes: 240 + 60 * r.below(5) as u16,
                max_weekly_minutes: 1200 + 300 * r.below(5) as u16,
                min_weekly_minutes: 600,
                avoid: Demands {
                    standing: r.chance(25),
                    lifting_10kg: r.chance(40),
                    pc: r.chance(30),
                    ..Demands::default()
                },
                licences: if r.chance(20) {
                    vec!["フォークリフト免許".into()]
                } else {
                    Vec::new()
                },
                break_minutes_over_6h: 45,
            }
        })
        .collect()
}

fn report(name: &str, plan: &Plan, best: f64) {
    println!(
        "{name}: {best:.1} ms (best of {RUNS}); covered {} / upper bound {} (gap {}), total {} min; positions {} / lower bound {}; idle {} min; unplaced occurrences {}",
        plan.covered_minutes,
        plan.covered_upper_bound,
        plan.covered_upper_bound - plan.covered_minutes,
        plan.total_minutes,
        plan.positions
            .iter()
            .filter(|p| p.weekly_minutes > 0)
            .count(),
        plan.lower_bound_positions,
        plan.objective.idle_gap_minutes,
        plan.unplaced.len(),
    );
}

fn time<F: Fn() -> Plan>(f: F) -> (Plan, f64) {
    let mut best = f64::MAX;
    let mut plan = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let p = black_box(f());
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        plan = Some(p);
    }
    (plan.expect("at least one run"), best)
}

fn main() {
    let mut r = Lcg(2026);
    let hours = BusinessHours {
        days: 0b001_1111,
        open: 510,
        close: 1080,
    };
    let tasks = tasks(&mut r, &hours);
    let people = profiles(&mut r, &hours);
    println!(
        "instance: {} tasks, {} occurrences per week, 5 days",
        tasks.len(),
        expand(&tasks, &hours).len()
    );
    let preset = Preset::MaxHours {
        positions: 60,
        max_daily_minutes: 240,
    };
    let (plan, ms) = time(|| plan_for_preset(black_box(&tasks), &hours, &preset));
    report("preset 60 × 4h", &plan, ms);
    let (plan, ms) = time(|| plan_for_profiles(black_box(&tasks), &hours, &people));
    report("12 profiles", &plan, ms);
}
