//! Greedy placement and local improvement (moves and swaps) until no pass helps.

use super::*;

pub(super) fn greedy(inst: &Inst<'_>) -> State {
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
pub(super) fn place_best(inst: &Inst<'_>, st: &mut State, u: usize, except: Option<usize>) -> bool {
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

pub(super) fn improve(inst: &Inst<'_>, st: &mut State, stop: Stop<'_>) {
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
