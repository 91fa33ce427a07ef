//! Matching benchmark: `cargo bench --bench matching`.
//!
//! Generates 100,000 varied orders and 1,000 seekers deterministically (LCG), then times
//! `rank_orders` for 50 seekers over all orders and `rank_seekers` for 50 orders over all seekers.
//! Requirement: one `rank_orders` over 100,000 orders well under 100 ms in release.

use std::collections::HashSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tsunagu::domain::matching::{
    Availability, Match, OrderProfile, SeekerProfile, ShiftSlot, Window, rank_orders, rank_seekers,
};

const ORDERS: usize = 100_000;
const SEEKERS: usize = 1_000;
const RUNS: usize = 50;
const LIMIT: usize = 20;

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

fn middle_code(r: &mut Lcg) -> (String, String) {
    // 99 middle groups in 11 major groups (9 each).
    let middle = 1 + r.below(99);
    (
        format!("{middle:03}"),
        format!("{:02}", 1 + (middle - 1) / 9),
    )
}

fn prefecture(r: &mut Lcg) -> String {
    // Most orders and seekers are in the office's own prefecture.
    if r.chance(85) {
        "13".into()
    } else {
        format!("{:02}", 1 + r.below(47))
    }
}

fn municipality(r: &mut Lcg) -> String {
    format!("市区町村{:02}", r.below(40))
}

fn date(r: &mut Lcg) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(u64::from(r.below(365)))
}

fn weekday_mask(r: &mut Lcg) -> u8 {
    match r.below(4) {
        0 => 0b001_1111,               // Mon–Fri
        1 => 0b001_0101,               // Mon/Wed/Fri
        2 => 0b110_0000,               // weekends
        _ => (1 + r.below(127)) as u8, // anything
    }
}

fn order(r: &mut Lcg, id: i32) -> OrderProfile {
    let (occupation_code, occupation_major) = middle_code(r);
    let full_time = r.chance(30);
    let shifts: Vec<ShiftSlot> = (0..1 + r.below(3))
        .map(|_| {
            let (start, span) = if full_time {
                (8 * 60 + 30 * r.below(4) as u16, 9 * 60)
            } else if r.chance(10) {
                (20 * 60 + 60 * r.below(4) as u16, 8 * 60) // overnight
            } else {
                (
                    6 * 60 + 30 * r.below(28) as u16,
                    120 + 30 * r.below(12) as u16,
                )
            };
            let break_minutes = if span > 6 * 60 { 60 } else { 0 };
            ShiftSlot {
                weekdays: weekday_mask(r),
                start,
                end: start + span,
                working_minutes: span - break_minutes,
            }
        })
        .collect();
    let weekly_minutes = shifts
        .iter()
        .map(|s| u32::from(s.working_minutes) * s.weekdays.count_ones())
        .max()
        .unwrap_or(0);
    OrderProfile {
        id,
        occupation_code,
        occupation_major,
        prefecture_code: prefecture(r),
        municipality: municipality(r),
        hourly_yen: 1_000 + 10 * r.below(100),
        full_time,
        shifts,
        weekly_minutes,
        start_date: r.chance(60).then(|| date(r)),
    }
}

fn seeker(r: &mut Lcg, id: i32) -> SeekerProfile {
    let mut days: [Vec<Window>; 7] = Default::default();
    let mask = weekday_mask(r);
    for (d, day) in days.iter_mut().enumerate() {
        if mask & (1 << d) != 0 {
            for _ in 0..1 + r.below(2) {
                let start = 6 * 60 + 30 * r.below(28) as u16;
                let end = (start + 120 + 30 * r.below(16) as u16).min(24 * 60);
                day.push(Window { start, end });
            }
        }
    }
    SeekerProfile {
        id,
        occupations: (0..r.below(4)).map(|_| middle_code(r)).collect(),
        prefecture_code: prefecture(r),
        municipality: municipality(r),
        desired_areas: (0..r.below(4)).map(|_| municipality(r)).collect(),
        desired_hourly_yen: r.chance(70).then(|| 1_000 + 50 * r.below(20)),
        wants_full_time: [None, Some(true), Some(false), Some(false)][r.below(4) as usize],
        availability: Availability {
            days,
            max_daily_minutes: [0, 240, 300, 360][r.below(4) as usize],
            max_weekly_minutes: [0, 1_200, 1_800, 2_400][r.below(4) as usize],
            earliest_start: r.chance(50).then(|| date(r)),
        },
    }
}

/// Median and max of per-ranking times, in milliseconds.
fn summary(times: &mut [Duration]) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    (ms(times[times.len() / 2]), ms(times[times.len() - 1]))
}

/// Machine-independent fingerprint of the results (same on every machine).
fn checksum(acc: u64, matches: &[Match]) -> u64 {
    matches.iter().fold(acc, |acc, m| {
        acc.wrapping_mul(31)
            .wrapping_add(u64::from(m.score) * 1_000_003 + m.order_id as u64 + m.seeker_id as u64)
    })
}

fn main() {
    let mut r = Lcg(2025);
    let generated = Instant::now();
    let orders: Vec<OrderProfile> = (0..ORDERS).map(|i| order(&mut r, i as i32 + 1)).collect();
    let seekers: Vec<SeekerProfile> = (0..SEEKERS).map(|i| seeker(&mut r, i as i32 + 1)).collect();
    println!(
        "generated {ORDERS} orders and {SEEKERS} seekers in {:.0} ms",
        generated.elapsed().as_secs_f64() * 1_000.0
    );
    // Each seeker / order has a few referrals to leave out.
    let exclude: HashSet<i32> = (0..10).map(|_| 1 + r.below(ORDERS as u32) as i32).collect();

    // Warm-up.
    black_box(rank_orders(&seekers[0], &orders, &exclude, LIMIT));

    let mut sum = 0;
    let mut times = Vec::with_capacity(RUNS);
    for s in seekers.iter().step_by(SEEKERS / RUNS).take(RUNS) {
        let t = Instant::now();
        let top = black_box(rank_orders(black_box(s), &orders, &exclude, LIMIT));
        times.push(t.elapsed());
        assert_eq!(top.len(), LIMIT);
        sum = checksum(sum, &top);
    }
    let total: Duration = times.iter().sum();
    let (median, max) = summary(&mut times);
    println!(
        "rank_orders: {RUNS} seekers × {ORDERS} orders (top {LIMIT}): median {median:.2} ms, max {max:.2} ms per ranking; {} pairs scored, {:.1} M orders scored/s; checksum {sum:016x}",
        RUNS * ORDERS,
        (RUNS * ORDERS) as f64 / total.as_secs_f64() / 1e6,
    );

    black_box(rank_seekers(&orders[0], &seekers, &exclude, LIMIT));
    let mut sum = 0;
    let mut times = Vec::with_capacity(RUNS);
    for o in orders.iter().step_by(ORDERS / RUNS).take(RUNS) {
        let t = Instant::now();
        let top = black_box(rank_seekers(black_box(o), &seekers, &exclude, LIMIT));
        times.push(t.elapsed());
        assert_eq!(top.len(), LIMIT);
        sum = checksum(sum, &top);
    }
    let total: Duration = times.iter().sum();
    let (median, max) = summary(&mut times);
    println!(
        "rank_seekers: {RUNS} orders × {SEEKERS} seekers (top {LIMIT}): median {median:.3} ms, max {max:.3} ms per ranking; {} pairs scored, {:.1} M seekers scored/s; checksum {sum:016x}",
        RUNS * SEEKERS,
        (RUNS * SEEKERS) as f64 / total.as_secs_f64() / 1e6,
    );
}
