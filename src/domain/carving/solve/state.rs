//! A partial assignment and its schedules, with the moves the search makes on it.

use super::*;

#[derive(Clone)]
pub(in crate::domain::carving) struct State {
    pub assign: Vec<Option<usize>>,
    /// `[slot][day]`: units, sorted by index.
    pub sets: Vec<[Vec<usize>; 7]>,
    /// `[slot]`: working minutes of the week (the days' `paid`).
    pub weekly: Vec<u32>,
    pub days: Vec<[Day; 7]>,
}

impl State {
    pub(super) fn new(inst: &Inst<'_>) -> Self {
        let n = inst.slots.len();
        State {
            assign: vec![None; inst.units.len()],
            sets: (0..n).map(|_| Default::default()).collect(),
            weekly: vec![0; n],
            days: (0..n).map(|_| Default::default()).collect(),
        }
    }

    pub(in crate::domain::carving) fn from_assign(
        inst: &Inst<'_>,
        assign: &[Option<usize>],
    ) -> Option<Self> {
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
    pub(super) fn fits(&self, inst: &Inst<'_>, u: usize, s: usize) -> bool {
        let m = inst.units[u].minutes;
        let d = usize::from(inst.units[u].day);
        let sl = &inst.slots[s];
        let day = &self.days[s][d];
        inst.ranges(u, s).is_some()
            && day.work + m <= sl.max_daily
            && self.weekly[s] - day.paid + day.work + m <= sl.max_weekly
    }

    /// The day of `s` with `u` added, if feasible (shift within the daily and weekly limits).
    pub(super) fn with(&self, inst: &Inst<'_>, u: usize, s: usize) -> Option<(Vec<usize>, Day)> {
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
    pub(super) fn without(&self, inst: &Inst<'_>, u: usize) -> Option<(usize, Vec<usize>, Day)> {
        let s = self.assign[u]?;
        let d = usize::from(inst.units[u].day);
        let mut set = self.sets[s][d].clone();
        set.retain(|&x| x != u);
        let day = inst.eval(s, &set, false)?;
        (self.weekly[s] - self.days[s][d].paid + day.paid <= inst.slots[s].max_weekly)
            .then_some((s, set, day))
    }

    pub(super) fn replace_day(&mut self, s: usize, d: usize, set: Vec<usize>, day: Day) {
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

    pub(super) fn snapshot(&self, s: usize, d: usize) -> (usize, usize, Vec<usize>, Day) {
        (s, d, self.sets[s][d].clone(), self.days[s][d].clone())
    }

    pub(super) fn restore(&mut self, snaps: Vec<(usize, usize, Vec<usize>, Day)>) {
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

    pub(in crate::domain::carving) fn score(&self, inst: &Inst<'_>) -> Score {
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

pub(in crate::domain::carving) fn imbalance(used_weekly: &[u32]) -> u32 {
    match (used_weekly.iter().max(), used_weekly.iter().min()) {
        (Some(a), Some(b)) => a - b,
        _ => 0,
    }
}
