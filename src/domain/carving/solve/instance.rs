//! One instance of the assignment: the units (task occurrences and keep-together blocks), the
//! slots to fill (people or preset positions) and which start times each unit may take in each slot.

use super::*;

pub(super) fn merge(mut v: Ranges) -> Ranges {
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

pub(super) fn business_window(hours: &BusinessHours, day: u8) -> Option<(i32, i32)> {
    (hours.days >> day & 1 == 1 && hours.open < hours.close)
        .then(|| (i32::from(hours.open), i32::from(hours.close)))
}

pub(super) fn task_window(t: &Task, hours: &BusinessHours) -> (i32, i32) {
    let (a, b) = t.window.unwrap_or((hours.open, hours.close));
    (
        i32::from(a).max(i32::from(hours.open)),
        i32::from(b).min(i32::from(hours.close)),
    )
}

pub(in crate::domain::carving) fn profile_slots(
    profiles: &[Profile],
    hours: &BusinessHours,
) -> Vec<Slot> {
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

pub(in crate::domain::carving) fn preset_slots(
    preset: &Preset,
    hours: &BusinessHours,
) -> Vec<Slot> {
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
                crate::domain::carving::law::hours_text(u32::from(m))
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
    pub(in crate::domain::carving) fn new(
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

    pub(super) fn ranges(&self, u: usize, s: usize) -> Option<&Ranges> {
        self.elig[u][s].as_ref().ok()
    }

    pub(in crate::domain::carving) fn assignable(&self, u: usize) -> bool {
        !self.units[u].not_carvable && self.elig[u].iter().any(Result::is_ok)
    }

    /// The break lengths a day of slot `s` may have: none, the 6-hour break, the 8-hour break
    /// (each at least the profile's own break).
    pub(in crate::domain::carving) fn break_options(&self, s: usize) -> [u32; 3] {
        let b6 = self.slots[s].brk6;
        [0, 45u32.max(b6), 60u32.max(b6)]
    }

    /// The break 労働基準法34条 requires for `paid` working minutes of slot `s`.
    pub(in crate::domain::carving) fn need(&self, s: usize, paid: u32) -> u32 {
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
    pub(in crate::domain::carving) fn eval(
        &self,
        s: usize,
        set: &[usize],
        exact: bool,
    ) -> Option<Day> {
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
pub(super) fn eligibility(
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
