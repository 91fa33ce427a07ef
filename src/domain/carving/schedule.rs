//! Scheduling the work of one position on one day.
//!
//! Input: the work items of that position and day (a single task occurrence, or a keep-together
//! block), each with its duration and the set of allowed *start* times (a sorted list of disjoint
//! inclusive intervals, already the intersection of task window, business hours and the person's
//! windows). Output: start times without overlaps, with one gap of at least `brk` minutes between
//! two items when a break is required, minimising the idle time inside the shift
//! (`span − work − brk`).
//!
//! **Exact method** (`exact_dp`): an optimal schedule can always be shifted rigidly until some
//! item starts at an end point of one of its allowed intervals (shifting keeps every gap). So we
//! try every item `k` as the *pivot* at every end point `x`, and then solve two subset DPs:
//! forwards, the earliest possible end of any subset scheduled after `x + d_k`; backwards, the
//! latest possible start of any subset scheduled before `x`; each with a flag "the break gap is
//! already there". Earliest end (latest start) dominates, because waiting is always allowed. The
//! best split of the other items into "before" and "after" gives the best span for that pivot.
//! Cost `O(m · e · 2^m · m)`, used for up to [`EXACT_MAX`] items.
//!
//! **Heuristic** (`heuristic`): a few fixed orders (by deadline, by release, by midpoint), each with
//! a few candidate break positions, and the same pivot trick on the fixed order (greedy forwards and
//! backwards from the pivot). `O(m²)` per order.

/// Largest number of items the exact day scheduler handles.
pub(super) const EXACT_MAX: usize = 12;

const INF: i32 = i32::MAX / 4;
const NEG: i32 = i32::MIN / 4;

/// One work item of a position on one day.
#[derive(Debug, Clone, Copy)]
pub(super) struct Item<'a> {
    pub dur: i32,
    /// Allowed start times: sorted, disjoint, inclusive intervals.
    pub ranges: &'a [(i32, i32)],
}

/// A day's schedule: start time per item (same order as the input) and idle minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DaySched {
    pub starts: Vec<i32>,
    pub idle: u32,
}

fn earliest(it: &Item<'_>, t: i32) -> Option<i32> {
    it.ranges.iter().find(|r| r.1 >= t).map(|r| r.0.max(t))
}

fn latest(it: &Item<'_>, t: i32) -> Option<i32> {
    it.ranges
        .iter()
        .rev()
        .find(|r| r.0 <= t)
        .map(|r| r.1.min(t))
}

fn endpoints<'a>(it: &Item<'a>) -> impl Iterator<Item = i32> + 'a {
    it.ranges
        .iter()
        .flat_map(|&(a, b)| [Some(a), (b != a).then_some(b)])
        .flatten()
}

/// Schedules `items` with a required break of `brk` minutes (0 = none). `exact` selects the
/// exact method when the set is small enough. `None` = infeasible (as far as the method can tell;
/// the exact method is never wrong about feasibility).
pub(super) fn schedule(items: &[Item<'_>], brk: i32, exact: bool) -> Option<DaySched> {
    if items.is_empty() {
        return Some(DaySched {
            starts: Vec::new(),
            idle: 0,
        });
    }
    let work: i32 = items.iter().map(|i| i.dur).sum();
    let (span, starts) = if exact && items.len() <= EXACT_MAX {
        exact_dp(items, brk)?
    } else {
        heuristic(items, brk)?
    };
    let idle = (span - work - brk).max(0);
    Some(DaySched {
        starts,
        idle: u32::try_from(idle).unwrap_or(0),
    })
}

#[allow(clippy::needless_range_loop)] // masks index two parallel tables
fn exact_dp(items: &[Item<'_>], brk: i32) -> Option<(i32, Vec<i32>)> {
    let m = items.len();
    let n = m - 1;
    let size = 1usize << n;
    let full = size - 1;
    let flag = brk > 0;
    let mut fwd = vec![[INF; 2]; size];
    let mut fpar = vec![[(0u8, 0u8, 0i32); 2]; size];
    let mut bwd = vec![[NEG; 2]; size];
    let mut bpar = vec![[(0u8, 0u8, 0i32); 2]; size];
    let mut best: Option<(i32, Vec<i32>)> = None;
    let mut rest = Vec::with_capacity(n);
    for k in 0..m {
        rest.clear();
        rest.extend((0..m).filter(|&j| j != k));
        let pts: Vec<i32> = endpoints(&items[k]).collect();
        for x in pts {
            fwd.iter_mut().for_each(|v| *v = [INF; 2]);
            bwd.iter_mut().for_each(|v| *v = [NEG; 2]);
            fwd[0][0] = x + items[k].dur;
            bwd[0][0] = x;
            for mask in 0..size {
                for f in 0..2 {
                    let e = fwd[mask][f];
                    if e < INF {
                        for (bi, &j) in rest.iter().enumerate() {
                            if mask >> bi & 1 == 1 {
                                continue;
                            }
                            let it = &items[j];
                            let nm = mask | 1 << bi;
                            if let Some(s) = earliest(it, e) {
                                let nf = f | usize::from(flag && s - e >= brk);
                                if s + it.dur < fwd[nm][nf] {
                                    fwd[nm][nf] = s + it.dur;
                                    fpar[nm][nf] = (f as u8, bi as u8, s);
                                }
                            }
                            if flag
                                && f == 0
                                && let Some(s) = earliest(it, e + brk)
                                && s + it.dur < fwd[nm][1]
                            {
                                fwd[nm][1] = s + it.dur;
                                fpar[nm][1] = (0, bi as u8, s);
                            }
                        }
                    }
                    let st = bwd[mask][f];
                    if st > NEG {
                        for (bi, &j) in rest.iter().enumerate() {
                            if mask >> bi & 1 == 1 {
                                continue;
                            }
                            let it = &items[j];
                            let nm = mask | 1 << bi;
                            if let Some(s) = latest(it, st - it.dur) {
                                let nf = f | usize::from(flag && st - (s + it.dur) >= brk);
                                if s > bwd[nm][nf] {
                                    bwd[nm][nf] = s;
                                    bpar[nm][nf] = (f as u8, bi as u8, s);
                                }
                            }
                            if flag
                                && f == 0
                                && let Some(s) = latest(it, st - brk - it.dur)
                                && s > bwd[nm][1]
                            {
                                bwd[nm][1] = s;
                                bpar[nm][1] = (0, bi as u8, s);
                            }
                        }
                    }
                }
            }
            let mut local: Option<(i32, usize, usize, usize)> = None;
            for xm in 0..size {
                let ym = full ^ xm;
                for fx in 0..2 {
                    if bwd[xm][fx] <= NEG {
                        continue;
                    }
                    for fy in 0..2 {
                        if fwd[ym][fy] >= INF || (flag && fx | fy == 0) {
                            continue;
                        }
                        let span = fwd[ym][fy] - bwd[xm][fx];
                        if local.is_none_or(|l| span < l.0) {
                            local = Some((span, xm, fx, fy));
                        }
                    }
                }
            }
            if let Some((span, xm, fx, fy)) = local
                && best.as_ref().is_none_or(|b| span < b.0)
            {
                let mut starts = vec![0; m];
                starts[k] = x;
                let (mut mask, mut f) = (full ^ xm, fy);
                while mask != 0 {
                    let (pf, bi, s) = fpar[mask][f];
                    starts[rest[bi as usize]] = s;
                    mask ^= 1 << bi;
                    f = pf as usize;
                }
                let (mut mask, mut f) = (xm, fx);
                while mask != 0 {
                    let (pf, bi, s) = bpar[mask][f];
                    starts[rest[bi as usize]] = s;
                    mask ^= 1 << bi;
                    f = pf as usize;
                }
                best = Some((span, starts));
            }
        }
    }
    best
}

fn heuristic(items: &[Item<'_>], brk: i32) -> Option<(i32, Vec<i32>)> {
    let m = items.len();
    let first = |i: usize| items[i].ranges.first().map_or(0, |r| r.0);
    let deadline = |i: usize| items[i].ranges.last().map_or(0, |r| r.1) + items[i].dur;
    let mut orders: Vec<Vec<usize>> = Vec::with_capacity(3);
    let mut o: Vec<usize> = (0..m).collect();
    o.sort_by_key(|&i| (deadline(i), first(i), i));
    orders.push(o.clone());
    o.sort_by_key(|&i| (first(i), deadline(i), i));
    orders.push(o.clone());
    o.sort_by_key(|&i| (first(i) + deadline(i), i));
    orders.push(o);
    orders.dedup();
    let mut best: Option<(i32, Vec<i32>)> = None;
    let mut starts = vec![0; m];
    for order in &orders {
        let slots: Vec<Option<usize>> = if brk > 0 {
            // Break candidates: the gaps nearest to where half of the work is done.
            let total: i32 = items.iter().map(|i| i.dur).sum();
            let mut acc = 0;
            let mut mid = 1;
            for (p, &i) in order.iter().enumerate() {
                acc += items[i].dur;
                if acc * 2 >= total {
                    mid = p + 1;
                    break;
                }
            }
            let mut c: Vec<usize> = (1..m).collect();
            c.sort_by_key(|&p| (p.abs_diff(mid), p));
            c.into_iter().take(3).map(Some).collect()
        } else {
            vec![None]
        };
        for slot in slots {
            if let Some(span) = eval_order(items, order, brk, slot, &mut starts)
                && best.as_ref().is_none_or(|b| span.0 < b.0)
            {
                best = Some(span);
            }
        }
    }
    best
}

/// Best span of a fixed order with the break (if any) forced before position `slot`.
fn eval_order(
    items: &[Item<'_>],
    order: &[usize],
    brk: i32,
    slot: Option<usize>,
    starts: &mut [i32],
) -> Option<(i32, Vec<i32>)> {
    let m = order.len();
    let mut best: Option<(i32, Vec<i32>)> = None;
    let gap_before = |p: usize| if slot == Some(p) { brk } else { 0 };
    for p in 0..m {
        let piv = &items[order[p]];
        'x: for x in endpoints(piv) {
            starts[order[p]] = x;
            let mut t = x + piv.dur;
            for (i, &j) in order.iter().enumerate().skip(p + 1) {
                let Some(s) = earliest(&items[j], t + gap_before(i)) else {
                    continue 'x;
                };
                starts[j] = s;
                t = s + items[j].dur;
            }
            let mut st = x;
            for i in (0..p).rev() {
                let j = order[i];
                let Some(s) = latest(&items[j], st - gap_before(i + 1) - items[j].dur) else {
                    continue 'x;
                };
                starts[j] = s;
                st = s;
            }
            let span = t - st;
            if best.as_ref().is_none_or(|b| span < b.0) {
                best = Some((span, starts.to_vec()));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn it(dur: i32, ranges: &[(i32, i32)]) -> Item<'_> {
        Item { dur, ranges }
    }

    #[test]
    fn packs_without_gaps_when_possible() {
        let a = [(540, 1000)];
        let b = [(600, 600)];
        let items = [it(60, &a), it(30, &b)];
        let s = schedule(&items, 0, true).unwrap();
        assert_eq!(s.idle, 0);
        assert_eq!(s.starts, vec![540, 600]);
        let h = schedule(&items, 0, false).unwrap();
        assert_eq!(h.idle, 0);
    }

    #[test]
    fn forced_gap_and_break() {
        let a = [(540, 540)];
        let b = [(720, 720)];
        let items = [it(120, &a), it(60, &b)];
        assert_eq!(schedule(&items, 0, true).unwrap().idle, 60);
        // The 60-minute gap hosts a 45-minute break: 15 idle minutes remain.
        assert_eq!(schedule(&items, 45, true).unwrap().idle, 15);
        assert!(schedule(&items, 61, true).is_none());
    }

    #[test]
    fn infeasible_overlap() {
        let a = [(540, 540)];
        let items = [it(60, &a), it(60, &a)];
        assert!(schedule(&items, 0, true).is_none());
        assert!(schedule(&items, 0, false).is_none());
    }
}
