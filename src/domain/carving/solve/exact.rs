//! Exact branch and bound on small instances, from the incumbent of the local search.

use super::*;

pub(super) struct Bnb<'i, 'a, 's> {
    pub(super) inst: &'i Inst<'a>,
    pub(super) stop: Stop<'s>,
    pub(super) order: Vec<usize>,
    pub(super) suffix: Vec<u32>,
    pub(super) bit: Vec<u64>,
    /// (slot, day set as bits of `order`) → (working minutes, idle minutes) of the shift.
    pub(super) cache: HashMap<(usize, u64), Option<(u32, u32)>>,
    pub(super) masks: Vec<[u64; 7]>,
    pub(super) work: Vec<[u32; 7]>,
    pub(super) paid: Vec<[u32; 7]>,
    pub(super) weekly: Vec<u32>,
    pub(super) idle: Vec<[u32; 7]>,
    pub(super) assign: Vec<Option<usize>>,
    pub(super) covered: u32,
    pub(super) nodes: u64,
    pub(super) aborted: bool,
    pub(super) best: (Rank, Vec<Option<usize>>),
}

impl Bnb<'_, '_, '_> {
    pub(super) fn day_for(&mut self, s: usize, mask: u64) -> Option<(u32, u32)> {
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

    pub(super) fn dfs(&mut self, i: usize) {
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
pub(super) fn branch_and_bound(
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
