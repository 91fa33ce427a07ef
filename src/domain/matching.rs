//! Matching job seekers with job orders (求職者と求人のマッチング). Pure, no I/O.
//!
//! The office specialises in short-hour work, so whether the order's hours fit the times a person
//! can work is the heart of the score.
//!
//! # Scoring (0–1000, higher is better)
//!
//! | aspect | points | rule |
//! |---|---|---|
//! | Hours | 400 | see below |
//! | Occupation | 200 | same middle group 200, same major group 100, otherwise 0; no desired occupation 100 (neutral) |
//! | Area | 150 | the seeker's own municipality (same prefecture) or one of `desired_areas` 150, same prefecture 75, otherwise 0 |
//! | Wage | 100 | hourly ≥ desired (or no wish) 100; otherwise 4 points off per 1 % shortfall (rounded up), 0 at 25 % short |
//! | Employment form | 75 | matches the wish, or no wish, 75; otherwise 0 |
//! | Start date | 75 | order has no start date, seeker has no earliest date, or start ≥ earliest 75; otherwise 0 |
//!
//! Hours (400) = time slots 300 + weekly limit 50 + daily limit 50:
//! * **Time slots (300)**: every (shift pattern × weekday) of the order is a *shift-day*; it fits when it
//!   lies entirely inside one of the seeker's windows on that weekday (windows that touch or overlap are
//!   merged first; the part of an overnight shift after midnight must fit the next day's windows from
//!   0:00). Points = 300 × fitting shift-days ÷ all shift-days, rounded down. If the order has no
//!   shift-days or the seeker has registered no window at all, this cannot be judged: 150 (neutral)
//!   and the reason is a misfit so staff check it.
//! * **Weekly limit (50)**: `weekly_minutes ≤ max_weekly_minutes` (or either is 0 = unknown / no
//!   limit) 50; otherwise 50 × limit ÷ weekly, rounded down.
//! * **Daily limit (50)**: the longest `working_minutes` of the order's shifts ≤ `max_daily_minutes`
//!   (or either is 0) 50; otherwise 50 × limit ÷ longest, rounded down.
//!
//! Every aspect yields exactly one [`Reason`], in the order Hours, Occupation, Area, Wage, Employment
//! form, Start date. A reason "fits" only when that aspect earned its full points (a no-wish neutral
//! counts as fitting, except undeterminable hours).
//!
//! Ranking computes only the numeric score for every candidate (no allocation per candidate, the
//! seeker's windows prepared once), keeps a bounded min-heap of the best `limit`, skips the hours check
//! when even full hours points could not reach the heap, and writes the sentences only for the matches
//! returned. Ties are broken by the lower id (then by position in the input slice).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use chrono::{NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

/// The highest possible score.
pub const MAX_SCORE: u32 = 1000;
/// Weight of [`Aspect::Hours`].
pub const HOURS_POINTS: u32 = 400;
/// Weight of [`Aspect::Occupation`].
pub const OCCUPATION_POINTS: u32 = 200;
/// Weight of [`Aspect::Area`].
pub const AREA_POINTS: u32 = 150;
/// Weight of [`Aspect::Wage`].
pub const WAGE_POINTS: u32 = 100;
/// Weight of [`Aspect::EmploymentForm`].
pub const EMPLOYMENT_POINTS: u32 = 75;
/// Weight of [`Aspect::StartDate`].
pub const START_DATE_POINTS: u32 = 75;

const SLOT_POINTS: u32 = 300;
const WEEKLY_LIMIT_POINTS: u32 = 50;
const DAILY_LIMIT_POINTS: u32 = 50;

const DAY_MINUTES: u16 = 24 * 60;
const ALL_WEEKDAYS: u8 = 0x7f;
use super::WEEKDAYS;

/// A time window within a day, minutes from midnight, [start, end).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub start: u16,
    pub end: u16,
}

/// When and how much a job seeker can work.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    /// Index 0 = Monday … 6 = Sunday; empty = not available that day.
    pub days: [Vec<Window>; 7],
    /// 0 = no limit
    pub max_daily_minutes: u32,
    /// 0 = no limit
    pub max_weekly_minutes: u32,
    pub earliest_start: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default)]
pub struct SeekerProfile {
    pub id: i32,
    /// Desired occupations (up to 3): (middle-group code e.g. "096", major-group code e.g. "15").
    pub occupations: Vec<(String, String)>,
    pub prefecture_code: String,
    pub municipality: String,
    /// Municipalities the person is willing to work in (besides their own); empty = only own.
    pub desired_areas: Vec<String>,
    /// Desired wage as an hourly amount in yen; None = no wish.
    pub desired_hourly_yen: Option<u32>,
    /// Desired employment: None = any; Some(true) = full-time; Some(false) = part-time.
    pub wants_full_time: Option<bool>,
    pub availability: Availability,
}

/// One shift pattern of an order: weekday bitmask (bit 0 = Monday … bit 6 = Sunday), times in
/// minutes from midnight (end may be > 1440 for overnight), working minutes (span minus break).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShiftSlot {
    pub weekdays: u8,
    pub start: u16,
    pub end: u16,
    pub working_minutes: u16,
}

impl ShiftSlot {
    /// The slots of an order's shifts: a shift without weekdays ("by arrangement") is every
    /// day; an end at or before the start is past midnight.
    pub fn of(shifts: &[crate::domain::job_order::Shift]) -> Vec<ShiftSlot> {
        shifts
            .iter()
            .map(|s| {
                let minutes = |t: chrono::NaiveTime| (t.hour() * 60 + t.minute()) as u16;
                let start = minutes(s.start);
                let mut end = minutes(s.end);
                if end <= start {
                    end += 1440;
                }
                let weekdays = if s.weekdays.is_empty() {
                    0b1111111
                } else {
                    s.weekdays
                        .iter()
                        .filter(|d| **d < 7)
                        .fold(0u8, |m, d| m | (1 << d))
                };
                ShiftSlot {
                    weekdays,
                    start,
                    end,
                    working_minutes: crate::domain::wage::shift_working_minutes(s) as u16,
                }
            })
            .collect()
    }

    /// Slots as stored with the order: `weekdays,start,end,working` each, separated by `;`.
    pub fn encode_all(slots: &[ShiftSlot]) -> String {
        slots
            .iter()
            .map(|s| format!("{},{},{},{}", s.weekdays, s.start, s.end, s.working_minutes))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The slots of [`ShiftSlot::encode_all`]; a part that cannot be read is left out.
    pub fn decode_all(text: &str) -> Vec<ShiftSlot> {
        text.split(';')
            .filter_map(|part| {
                let mut n = part.split(',').map(|x| x.trim().parse::<u16>().ok());
                let slot = ShiftSlot {
                    weekdays: u8::try_from(n.next()??).ok()?,
                    start: n.next()??,
                    end: n.next()??,
                    working_minutes: n.next()??,
                };
                n.next().is_none().then_some(slot)
            })
            .collect()
    }
}

#[derive(Clone, Debug, Default)]
pub struct OrderProfile {
    pub id: i32,
    /// Middle group.
    pub occupation_code: String,
    /// Major group.
    pub occupation_major: String,
    pub prefecture_code: String,
    pub municipality: String,
    /// The order's wage as an hourly amount (wages that count).
    pub hourly_yen: u32,
    pub full_time: bool,
    pub shifts: Vec<ShiftSlot>,
    pub weekly_minutes: u32,
    pub start_date: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Aspect {
    Hours,
    Occupation,
    Area,
    Wage,
    EmploymentForm,
    StartDate,
}

/// One reason a match fits or does not fit, with a Japanese sentence for staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub aspect: Aspect,
    pub fits: bool,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Match {
    pub seeker_id: i32,
    pub order_id: i32,
    pub score: u32,
    pub reasons: Vec<Reason>,
}

/// Score of one pair, 0–1000 (higher is better), with every reason (fits and misfits).
pub fn evaluate(s: &SeekerProfile, o: &OrderProfile) -> Match {
    build_match(&Prepared::new(s), o)
}

/// The best `limit` orders for a seeker, best first (ties: lower order id first); `exclude` = order
/// ids already referred.
pub fn rank_orders(
    s: &SeekerProfile,
    orders: &[OrderProfile],
    exclude: &HashSet<i32>,
    limit: usize,
) -> Vec<Match> {
    let seeker = Prepared::new(s);
    let top = select_top(
        orders,
        limit,
        exclude,
        |o| o.id,
        |o, floor| {
            let other = other_points(s, o);
            // Even full hours points cannot reach the heap: skip the hours check.
            if other + HOURS_POINTS < floor {
                return None;
            }
            Some(other + HoursCheck::new(&seeker, o).points())
        },
    );
    top.into_iter()
        .map(|(i, score)| {
            let m = build_match(&seeker, &orders[i]);
            debug_assert_eq!(m.score, score);
            m
        })
        .collect()
}

/// The best `limit` seekers for an order, best first (ties: lower seeker id first); `exclude` =
/// seeker ids already referred.
pub fn rank_seekers(
    o: &OrderProfile,
    seekers: &[SeekerProfile],
    exclude: &HashSet<i32>,
    limit: usize,
) -> Vec<Match> {
    let top = select_top(
        seekers,
        limit,
        exclude,
        |s| s.id,
        |s, floor| {
            let other = other_points(s, o);
            if other + HOURS_POINTS < floor {
                return None;
            }
            Some(other + HoursCheck::new(&Prepared::new(s), o).points())
        },
    );
    top.into_iter()
        .map(|(i, score)| {
            let m = evaluate(&seekers[i], o);
            debug_assert_eq!(m.score, score);
            m
        })
        .collect()
}

/// Parse "9:00-13:00, 14:00-17:00" into windows.
///
/// Full-width digits and colons are accepted, as are the range marks `-` `~` `～` `〜` (and similar
/// dashes), list separators `,` `、` `，` `;` or plain spaces, and times written `9`, `9時`, `9時30分`
/// or `9時半`. `24:00` is allowed as an end. An empty string is no windows. Err (a Japanese message
/// for staff) when unreadable or end <= start.
pub fn parse_windows(s: &str) -> Result<Vec<Window>, String> {
    let chars: Vec<char> = s.chars().map(normalize_char).collect();
    let mut p = WindowParser {
        chars: &chars,
        pos: 0,
    };
    let unreadable = || {
        format!(
            "「{}」を時間帯として読み取れません（例: 9:00〜13:00、14:00〜17:00）",
            s.trim()
        )
    };
    let mut windows = Vec::new();
    loop {
        p.skip_spaces_and(',');
        if p.at_end() {
            break;
        }
        let start = p.time().ok_or_else(unreadable)?;
        p.skip_spaces();
        if !p.eat('-') {
            return Err(unreadable());
        }
        p.skip_spaces();
        let end = p.time().ok_or_else(unreadable)?;
        if end <= start {
            return Err(format!(
                "{}〜{}：終了時刻は開始時刻より後にしてください",
                format_time(start),
                format_time(end)
            ));
        }
        windows.push(Window { start, end });
        p.skip_spaces();
        if !(p.at_end() || p.eat(',') || p.peek().is_some_and(|c| c.is_ascii_digit())) {
            return Err(unreadable());
        }
    }
    Ok(windows)
}

/// Format windows as "9:00〜13:00、14:00〜17:00" (empty for no windows).
pub fn format_windows(w: &[Window]) -> String {
    w.iter()
        .map(|w| format!("{}〜{}", format_time(w.start), format_time(w.end)))
        .collect::<Vec<_>>()
        .join("、")
}

// ---------------------------------------------------------------------------------------------
// Prepared seeker data
// ---------------------------------------------------------------------------------------------

/// A seeker with windows sorted and merged per weekday, in one flat allocation.
struct Prepared<'a> {
    seeker: &'a SeekerProfile,
    windows: Vec<Window>,
    /// Windows of weekday `d` are `windows[bounds[d]..bounds[d + 1]]`.
    bounds: [usize; 8],
}

impl<'a> Prepared<'a> {
    fn new(seeker: &'a SeekerProfile) -> Self {
        let mut windows: Vec<Window> = Vec::new();
        let mut bounds = [0; 8];
        for (d, day) in seeker.availability.days.iter().enumerate() {
            let begin = windows.len();
            windows.extend(day.iter().filter_map(|w| {
                let end = w.end.min(DAY_MINUTES);
                (w.start < end).then_some(Window {
                    start: w.start,
                    end,
                })
            }));
            windows[begin..].sort_unstable_by_key(|w| w.start);
            let mut out = begin;
            for i in begin..windows.len() {
                let w = windows[i];
                if out > begin && w.start <= windows[out - 1].end {
                    windows[out - 1].end = windows[out - 1].end.max(w.end);
                } else {
                    windows[out] = w;
                    out += 1;
                }
            }
            windows.truncate(out);
            bounds[d + 1] = out;
        }
        Self {
            seeker,
            windows,
            bounds,
        }
    }

    fn has_windows(&self) -> bool {
        !self.windows.is_empty()
    }

    /// Whether [start, end) on weekday `day` lies inside one window; the part after midnight must
    /// lie inside a window of the next day starting at 0:00.
    fn covers(&self, day: usize, start: u16, end: u16) -> bool {
        if start >= end {
            return false;
        }
        let next = (day + 1) % 7;
        if start >= DAY_MINUTES {
            return self.covers(next, start - DAY_MINUTES, end - DAY_MINUTES);
        }
        if end > DAY_MINUTES {
            return self.covers_within(day, start, DAY_MINUTES)
                && self.covers(next, 0, end - DAY_MINUTES);
        }
        self.covers_within(day, start, end)
    }

    fn covers_within(&self, day: usize, start: u16, end: u16) -> bool {
        self.windows[self.bounds[day]..self.bounds[day + 1]]
            .iter()
            .any(|w| w.start <= start && end <= w.end)
    }
}

// ---------------------------------------------------------------------------------------------
// Per-aspect classification (shared by the fast score and the sentences)
// ---------------------------------------------------------------------------------------------

/// Iterate the weekdays (0 = Monday) set in a bitmask.
fn weekdays(mask: u8) -> impl Iterator<Item = usize> {
    let mut bits = mask & ALL_WEEKDAYS;
    std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let d = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            d
        })
    })
}

struct HoursCheck {
    fit_days: u32,
    total_days: u32,
    windows_known: bool,
    weekly: u32,
    weekly_limit: u32,
    longest: u32,
    daily_limit: u32,
}

impl HoursCheck {
    fn new(p: &Prepared<'_>, o: &OrderProfile) -> Self {
        let a = &p.seeker.availability;
        let windows_known = p.has_windows();
        let (mut fit_days, mut total_days, mut longest) = (0, 0, 0);
        for slot in o.shifts.iter().filter(|x| x.weekdays & ALL_WEEKDAYS != 0) {
            longest = longest.max(u32::from(slot.working_minutes));
            total_days += (slot.weekdays & ALL_WEEKDAYS).count_ones();
            if windows_known {
                fit_days += weekdays(slot.weekdays)
                    .filter(|&d| p.covers(d, slot.start, slot.end))
                    .count() as u32;
            }
        }
        Self {
            fit_days,
            total_days,
            windows_known,
            weekly: o.weekly_minutes,
            weekly_limit: a.max_weekly_minutes,
            longest,
            daily_limit: a.max_daily_minutes,
        }
    }

    fn judgeable(&self) -> bool {
        self.windows_known && self.total_days > 0
    }

    fn weekly_ok(&self) -> bool {
        within_limit(self.weekly, self.weekly_limit)
    }

    fn daily_ok(&self) -> bool {
        within_limit(self.longest, self.daily_limit)
    }

    fn points(&self) -> u32 {
        let slots = if self.judgeable() {
            SLOT_POINTS * self.fit_days / self.total_days
        } else {
            SLOT_POINTS / 2
        };
        slots
            + limit_points(WEEKLY_LIMIT_POINTS, self.weekly, self.weekly_limit)
            + limit_points(DAILY_LIMIT_POINTS, self.longest, self.daily_limit)
    }

    fn fits(&self) -> bool {
        self.judgeable() && self.fit_days == self.total_days && self.weekly_ok() && self.daily_ok()
    }
}

/// 0 on either side means unknown / no limit.
fn within_limit(actual: u32, limit: u32) -> bool {
    limit == 0 || actual <= limit
}

fn limit_points(points: u32, actual: u32, limit: u32) -> u32 {
    if within_limit(actual, limit) {
        points
    } else {
        (u64::from(points) * u64::from(limit) / u64::from(actual)) as u32
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum OccupationFit {
    NoWish,
    Middle,
    Major,
    Different,
}

fn occupation_fit(s: &SeekerProfile, o: &OrderProfile) -> OccupationFit {
    if s.occupations.is_empty() {
        return OccupationFit::NoWish;
    }
    let same = |a: &str, b: &str| !a.is_empty() && a == b;
    if s.occupations
        .iter()
        .any(|(middle, _)| same(middle, &o.occupation_code))
    {
        OccupationFit::Middle
    } else if s
        .occupations
        .iter()
        .any(|(_, major)| same(major, &o.occupation_major))
    {
        OccupationFit::Major
    } else {
        OccupationFit::Different
    }
}

impl OccupationFit {
    fn points(self) -> u32 {
        match self {
            Self::Middle => OCCUPATION_POINTS,
            Self::NoWish | Self::Major => OCCUPATION_POINTS / 2,
            Self::Different => 0,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum AreaFit {
    Home,
    Desired,
    Prefecture,
    Outside,
}

fn area_fit(s: &SeekerProfile, o: &OrderProfile) -> AreaFit {
    let muni = o.municipality.as_str();
    let same_pref = !o.prefecture_code.is_empty() && o.prefecture_code == s.prefecture_code;
    // Municipality names repeat across prefectures (府中市), so "home" also needs the same
    // prefecture when both are known.
    let pref_compatible = same_pref || o.prefecture_code.is_empty() || s.prefecture_code.is_empty();
    if muni.is_empty() {
        if same_pref {
            AreaFit::Prefecture
        } else {
            AreaFit::Outside
        }
    } else if muni == s.municipality && pref_compatible {
        AreaFit::Home
    } else if s.desired_areas.iter().any(|a| a == muni) {
        AreaFit::Desired
    } else if same_pref {
        AreaFit::Prefecture
    } else {
        AreaFit::Outside
    }
}

impl AreaFit {
    fn points(self) -> u32 {
        match self {
            Self::Home | Self::Desired => AREA_POINTS,
            Self::Prefecture => AREA_POINTS / 2,
            Self::Outside => 0,
        }
    }
}

/// The wish, if any (0 counts as no wish).
fn desired_wage(s: &SeekerProfile) -> Option<u32> {
    s.desired_hourly_yen.filter(|&d| d > 0)
}

fn wage_points(s: &SeekerProfile, o: &OrderProfile) -> u32 {
    match desired_wage(s) {
        Some(desired) if o.hourly_yen < desired => {
            let short = u64::from(desired - o.hourly_yen);
            let percent_short = (100 * short).div_ceil(u64::from(desired));
            WAGE_POINTS - (4 * percent_short).min(u64::from(WAGE_POINTS)) as u32
        }
        _ => WAGE_POINTS,
    }
}

fn employment_fits(s: &SeekerProfile, o: &OrderProfile) -> bool {
    s.wants_full_time.is_none_or(|w| w == o.full_time)
}

fn start_date_fits(s: &SeekerProfile, o: &OrderProfile) -> bool {
    match (o.start_date, s.availability.earliest_start) {
        (Some(start), Some(earliest)) => start >= earliest,
        _ => true,
    }
}

/// Every aspect except hours: cheap, so ranking computes it first.
fn other_points(s: &SeekerProfile, o: &OrderProfile) -> u32 {
    let flag = |fits: bool, points: u32| if fits { points } else { 0 };
    occupation_fit(s, o).points()
        + area_fit(s, o).points()
        + wage_points(s, o)
        + flag(employment_fits(s, o), EMPLOYMENT_POINTS)
        + flag(start_date_fits(s, o), START_DATE_POINTS)
}

// ---------------------------------------------------------------------------------------------
// Top-k selection
// ---------------------------------------------------------------------------------------------

/// (score, lower id first, earlier position first): greater is better.
type Key = (u32, Reverse<i32>, Reverse<usize>);

/// Indices and scores of the best `limit` items, best first. `score(item, floor)` may return None
/// when it can tell the score is below `floor` (the worst score in a full heap, else 0).
fn select_top<T>(
    items: &[T],
    limit: usize,
    exclude: &HashSet<i32>,
    id: impl Fn(&T) -> i32,
    mut score: impl FnMut(&T, u32) -> Option<u32>,
) -> Vec<(usize, u32)> {
    if limit == 0 {
        return Vec::new();
    }
    let mut heap: BinaryHeap<Reverse<Key>> = BinaryHeap::with_capacity(limit.min(items.len()));
    for (idx, item) in items.iter().enumerate() {
        let worst = if heap.len() == limit {
            heap.peek().map(|Reverse(k)| *k)
        } else {
            None
        };
        let Some(points) = score(item, worst.map_or(0, |k| k.0)) else {
            continue;
        };
        let key = (points, Reverse(id(item)), Reverse(idx));
        if worst.is_some_and(|w| key <= w) || exclude.contains(&key.1.0) {
            continue;
        }
        if worst.is_some() {
            if let Some(mut top) = heap.peek_mut() {
                *top = Reverse(key);
            }
        } else {
            heap.push(Reverse(key));
        }
    }
    let mut keys: Vec<Key> = heap.into_iter().map(|Reverse(k)| k).collect();
    keys.sort_unstable_by(|a, b| b.cmp(a));
    keys.into_iter()
        .map(|(points, _, Reverse(idx))| (idx, points))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reasons (only for matches that are shown)
// ---------------------------------------------------------------------------------------------

fn build_match(p: &Prepared<'_>, o: &OrderProfile) -> Match {
    let s = p.seeker;
    let hours = HoursCheck::new(p, o);
    let score = hours.points() + other_points(s, o);
    debug_assert!(score <= MAX_SCORE);
    Match {
        seeker_id: s.id,
        order_id: o.id,
        score,
        reasons: vec![
            hours_reason(p, o, &hours),
            occupation_reason(s, o),
            area_reason(s, o),
            wage_reason(s, o),
            employment_reason(s, o),
            start_date_reason(s, o),
        ],
    }
}

fn reason(aspect: Aspect, fits: bool, text: String) -> Reason {
    Reason { aspect, fits, text }
}

fn hours_reason(p: &Prepared<'_>, o: &OrderProfile, h: &HoursCheck) -> Reason {
    let mut parts: Vec<String> = Vec::new();
    if !h.windows_known {
        parts.push(
            "勤務可能な曜日・時間帯が登録されていないため、勤務時間帯は照合できません".into(),
        );
    } else if h.total_days == 0 {
        parts.push("求人の勤務時間帯が登録されていないため、照合できません".into());
    } else {
        for slot in o.shifts.iter().filter(|x| x.weekdays & ALL_WEEKDAYS != 0) {
            let (mut fit, mut miss) = (0u8, 0u8);
            for d in weekdays(slot.weekdays) {
                if p.covers(d, slot.start, slot.end) {
                    fit |= 1 << d;
                } else {
                    miss |= 1 << d;
                }
            }
            let span = format_span(slot.start, slot.end);
            if fit != 0 {
                let all = if miss == 0 && fit.count_ones() > 1 {
                    "すべて"
                } else {
                    ""
                };
                parts.push(format!(
                    "{} {span} は{all}勤務可能な時間帯に収まります",
                    day_list(fit)
                ));
            }
            if miss != 0 {
                parts.push(format!(
                    "{} {span} は勤務可能な時間帯の外です",
                    day_list(miss)
                ));
            }
        }
    }
    if h.weekly > 0 && h.weekly_limit > 0 {
        let (actual, limit) = (format_minutes(h.weekly), format_minutes(h.weekly_limit));
        parts.push(if h.weekly_ok() {
            format!("週の所定労働時間{actual}は、希望の上限{limit}以内です")
        } else {
            format!("週の所定労働時間{actual}が、希望の上限{limit}を超えています")
        });
    }
    if h.longest > 0 && h.daily_limit > 0 {
        let (actual, limit) = (format_minutes(h.longest), format_minutes(h.daily_limit));
        parts.push(if h.daily_ok() {
            format!("1日の実労働時間（最長{actual}）は、希望の上限{limit}以内です")
        } else {
            format!("1日の実労働時間{actual}が、希望の上限{limit}を超えています")
        });
    }
    reason(Aspect::Hours, h.fits(), parts.join("。"))
}

fn occupation_reason(s: &SeekerProfile, o: &OrderProfile) -> Reason {
    let fit = occupation_fit(s, o);
    let text = match fit {
        OccupationFit::NoWish => "希望職種の登録がないため、職種は問いません".to_string(),
        OccupationFit::Middle => format!("希望職種と中分類（{}）が一致します", o.occupation_code),
        OccupationFit::Major => format!(
            "中分類（{}）は希望と異なりますが、大分類（{}）は希望職種と同じです",
            o.occupation_code, o.occupation_major
        ),
        OccupationFit::Different => {
            let wished: Vec<&str> = s.occupations.iter().map(|(m, _)| m.as_str()).collect();
            format!(
                "職種（中分類{}）は希望職種（{}）と異なります",
                o.occupation_code,
                wished.join("・")
            )
        }
    };
    reason(
        Aspect::Occupation,
        matches!(fit, OccupationFit::NoWish | OccupationFit::Middle),
        text,
    )
}

fn area_reason(s: &SeekerProfile, o: &OrderProfile) -> Reason {
    let fit = area_fit(s, o);
    let place = if o.municipality.is_empty() {
        "就業場所".to_string()
    } else {
        format!("就業場所（{}）", o.municipality)
    };
    let text = match fit {
        AreaFit::Home => format!("{place}は居住地と同じ市区町村です"),
        AreaFit::Desired => format!("{place}は希望勤務地に含まれます"),
        AreaFit::Prefecture => format!("{place}は同じ都道府県内ですが、希望勤務地ではありません"),
        AreaFit::Outside => format!("{place}は希望勤務地の外で、都道府県も異なります"),
    };
    reason(
        Aspect::Area,
        matches!(fit, AreaFit::Home | AreaFit::Desired),
        text,
    )
}

fn wage_reason(s: &SeekerProfile, o: &OrderProfile) -> Reason {
    let offered = format_yen(o.hourly_yen);
    match desired_wage(s) {
        None => reason(
            Aspect::Wage,
            true,
            format!("希望賃金の指定はありません（時給換算{offered}円）"),
        ),
        Some(desired) if o.hourly_yen >= desired => reason(
            Aspect::Wage,
            true,
            format!(
                "時給換算{offered}円は希望の{}円以上です",
                format_yen(desired)
            ),
        ),
        Some(desired) => reason(
            Aspect::Wage,
            false,
            format!(
                "時給換算{offered}円は希望の{}円を下回ります",
                format_yen(desired)
            ),
        ),
    }
}

fn employment_reason(s: &SeekerProfile, o: &OrderProfile) -> Reason {
    let form = |full: bool| {
        if full {
            "フルタイム"
        } else {
            "パートタイム"
        }
    };
    let offered = form(o.full_time);
    let text = match s.wants_full_time {
        None => format!("雇用形態の希望はありません（{offered}の求人です）"),
        Some(w) if w == o.full_time => format!("希望どおり{offered}の求人です"),
        Some(w) => format!("{}希望ですが、{offered}の求人です", form(w)),
    };
    reason(Aspect::EmploymentForm, employment_fits(s, o), text)
}

fn start_date_reason(s: &SeekerProfile, o: &OrderProfile) -> Reason {
    let text = match (o.start_date, s.availability.earliest_start) {
        (None, _) => "求人に就業開始日の指定はありません".to_string(),
        (Some(start), None) => format!("就業開始日は{}です", format_date(start)),
        (Some(start), Some(earliest)) if start >= earliest => format!(
            "就業開始日{}は、就業可能日{}以降です",
            format_date(start),
            format_date(earliest)
        ),
        (Some(start), Some(earliest)) => format!(
            "就業開始日{}は、就業可能日{}より前です",
            format_date(start),
            format_date(earliest)
        ),
    };
    reason(Aspect::StartDate, start_date_fits(s, o), text)
}

// ---------------------------------------------------------------------------------------------
// Formatting and parsing helpers
// ---------------------------------------------------------------------------------------------

/// "9:00", "24:00".
fn format_time(minutes: u16) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// "9:00〜13:00"; an end past midnight is written "翌5:00".
fn format_span(start: u16, end: u16) -> String {
    if end > DAY_MINUTES {
        format!(
            "{}〜翌{}",
            format_time(start),
            format_time(end - DAY_MINUTES)
        )
    } else {
        format!("{}〜{}", format_time(start), format_time(end))
    }
}

/// "月・水・金".
fn day_list(mask: u8) -> String {
    weekdays(mask)
        .map(|d| WEEKDAYS[d])
        .collect::<Vec<_>>()
        .join("・")
}

/// "20時間", "7時間30分", "45分".
fn format_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h}時間"),
        (0, m) => format!("{m}分"),
        (h, m) => format!("{h}時間{m}分"),
    }
}

/// "1,200".
fn format_yen(yen: u32) -> String {
    let digits = yen.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "令和7年4月1日": dates a person reads are in 和暦.
fn format_date(d: NaiveDate) -> String {
    super::wareki::format_wareki(d)
}

/// Full-width digits and punctuation to ASCII; range marks to '-', list separators to ','.
fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10).unwrap_or(c),
        '：' => ':',
        '~' | '～' | '〜' | '－' | '−' | '‐' | '‑' | '–' | '—' | '―' | 'ー' => '-',
        '、' | '，' | '､' | ';' | '；' | '/' | '／' | '\n' => ',',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

struct WindowParser<'a> {
    chars: &'a [char],
    pos: usize,
}

impl WindowParser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn skip_spaces(&mut self) {
        self.skip_spaces_and(' ');
    }

    fn skip_spaces_and(&mut self, also: char) {
        while self.peek().is_some_and(|c| c == ' ' || c == also) {
            self.pos += 1;
        }
    }

    /// One or two digits.
    fn number(&mut self) -> Option<u16> {
        let mut value = None;
        for _ in 0..2 {
            let Some(d) = self.peek().and_then(|c| c.to_digit(10)) else {
                break;
            };
            value = Some(value.unwrap_or(0) * 10 + d as u16);
            self.pos += 1;
        }
        value
    }

    /// "9", "09:00", "9時", "9時30分", "9時半" → minutes from midnight (up to 24:00).
    fn time(&mut self) -> Option<u16> {
        let hour = self.number()?;
        let minute = if self.eat(':') {
            let before = self.pos;
            let m = self.number()?;
            (self.pos - before == 2).then_some(m)?
        } else if self.eat('時') {
            if self.eat('半') {
                30
            } else if let Some(m) = self.number() {
                self.eat('分').then_some(m)?
            } else {
                0
            }
        } else {
            0
        };
        (minute < 60 && (hour < 24 || (hour == 24 && minute == 0))).then_some(hour * 60 + minute)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: &str, end: &str) -> Window {
        let t = |s: &str| {
            let (h, m) = s.split_once(':').unwrap();
            h.parse::<u16>().unwrap() * 60 + m.parse::<u16>().unwrap()
        };
        Window {
            start: t(start),
            end: t(end),
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const MON: u8 = 1;
    const TUE: u8 = 2;
    const WED: u8 = 4;
    const FRI: u8 = 16;
    const WEEKDAYS: u8 = 0b1_1111;

    /// Mon–Fri 9:00–13:00, at most 20 h a week, wants part-time cleaning work near home.
    fn short_hour_seeker() -> SeekerProfile {
        let mut days: [Vec<Window>; 7] = Default::default();
        for day in days.iter_mut().take(5) {
            day.push(w("9:00", "13:00"));
        }
        SeekerProfile {
            id: 7,
            occupations: vec![("096".into(), "15".into())],
            prefecture_code: "13".into(),
            municipality: "八王子市".into(),
            desired_areas: vec!["日野市".into()],
            desired_hourly_yen: Some(1_200),
            wants_full_time: Some(false),
            availability: Availability {
                days,
                max_daily_minutes: 0,
                max_weekly_minutes: 20 * 60,
                earliest_start: Some(date(2025, 4, 1)),
            },
        }
    }

    fn order(id: i32, weekdays: u8, start: &str, end: &str, working: u16) -> OrderProfile {
        let win = w(start, end);
        OrderProfile {
            id,
            occupation_code: "096".into(),
            occupation_major: "15".into(),
            prefecture_code: "13".into(),
            municipality: "八王子市".into(),
            hourly_yen: 1_250,
            full_time: false,
            shifts: vec![ShiftSlot {
                weekdays,
                start: win.start,
                end: win.end,
                working_minutes: working,
            }],
            weekly_minutes: u32::from(working) * weekdays.count_ones(),
            start_date: Some(date(2025, 4, 1)),
        }
    }

    #[test]
    fn shift_slots_as_stored() {
        use crate::domain::job_order::Shift;
        let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let shifts = [
            Shift {
                start: t(9, 0),
                end: t(13, 0),
                break_minutes: 0,
                weekdays: vec![0, 2],
            },
            // Overnight, by arrangement (every day), an hour's break.
            Shift {
                start: t(22, 0),
                end: t(6, 30),
                break_minutes: 60,
                weekdays: vec![],
            },
        ];
        let slots = ShiftSlot::of(&shifts);
        assert_eq!(
            slots,
            vec![
                ShiftSlot {
                    weekdays: MON | WED,
                    start: 540,
                    end: 780,
                    working_minutes: 240
                },
                ShiftSlot {
                    weekdays: 0b111_1111,
                    start: 1320,
                    end: 1830,
                    working_minutes: 450
                },
            ]
        );
        let text = ShiftSlot::encode_all(&slots);
        assert_eq!(text, "5,540,780,240;127,1320,1830,450");
        assert_eq!(ShiftSlot::decode_all(&text), slots);
        assert_eq!(ShiftSlot::decode_all(""), vec![]);
        // A damaged part is left out, not read as something else.
        assert_eq!(
            ShiftSlot::decode_all("5,540,780;300,1,2,3;5,540,780,240,9;x"),
            vec![]
        );
        assert_eq!(
            ShiftSlot::decode_all("5,540,780,240;x"),
            slots[..1].to_vec()
        );
    }

    fn reason_of(m: &Match, aspect: Aspect) -> &Reason {
        let found: Vec<_> = m.reasons.iter().filter(|r| r.aspect == aspect).collect();
        assert_eq!(found.len(), 1, "exactly one reason per aspect");
        found[0]
    }

    fn cleaning() -> OrderProfile {
        order(30, MON | WED | FRI, "9:00", "13:00", 240)
    }

    fn full_time() -> OrderProfile {
        OrderProfile {
            full_time: true,
            ..order(10, WEEKDAYS, "9:00", "18:00", 480)
        }
    }

    fn afternoon() -> OrderProfile {
        order(20, WEEKDAYS, "14:00", "18:00", 240)
    }

    #[test]
    fn short_hour_order_ranks_first_with_reasons() {
        let s = short_hour_seeker();
        let orders = vec![full_time(), afternoon(), cleaning()];
        let ranked = rank_orders(&s, &orders, &HashSet::new(), 10);
        let ids: Vec<i32> = ranked.iter().map(|m| m.order_id).collect();
        assert_eq!(ids, vec![30, 20, 10]);
        assert_eq!(ranked[0].score, MAX_SCORE);
        assert!(ranked[0].score > ranked[1].score && ranked[0].score > ranked[2].score);

        let best = reason_of(&ranked[0], Aspect::Hours);
        assert!(best.fits);
        assert!(
            best.text
                .contains("月・水・金 9:00〜13:00 はすべて勤務可能な時間帯に収まります"),
            "{}",
            best.text
        );
        assert!(
            best.text
                .contains("週の所定労働時間12時間は、希望の上限20時間以内です")
        );

        let afternoon = reason_of(&ranked[1], Aspect::Hours);
        assert!(!afternoon.fits);
        assert!(
            afternoon
                .text
                .starts_with("月・火・水・木・金 14:00〜18:00 は勤務可能な時間帯の外です"),
            "{}",
            afternoon.text
        );

        let ft = &ranked[2];
        let hours = reason_of(ft, Aspect::Hours);
        assert!(!hours.fits);
        assert!(
            hours
                .text
                .contains("週の所定労働時間40時間が、希望の上限20時間を超えています"),
            "{}",
            hours.text
        );
        let form = reason_of(ft, Aspect::EmploymentForm);
        assert!(!form.fits);
        assert_eq!(form.text, "パートタイム希望ですが、フルタイムの求人です");
        // Slots 0, weekly 50 × 20/40 = 25, daily 50; employment form 0; all else full.
        assert_eq!(ft.score, 75 + 200 + 150 + 100 + 75);
    }

    #[test]
    fn evaluate_gives_one_reason_per_aspect_in_order() {
        let m = evaluate(&short_hour_seeker(), &cleaning());
        let aspects: Vec<Aspect> = m.reasons.iter().map(|r| r.aspect).collect();
        assert_eq!(
            aspects,
            vec![
                Aspect::Hours,
                Aspect::Occupation,
                Aspect::Area,
                Aspect::Wage,
                Aspect::EmploymentForm,
                Aspect::StartDate
            ]
        );
        assert!(m.reasons.iter().all(|r| r.fits));
        assert_eq!((m.seeker_id, m.order_id), (7, 30));
    }

    #[test]
    fn partially_fitting_shifts_name_the_days_outside() {
        let s = short_hour_seeker();
        let mut o = cleaning();
        o.shifts = vec![
            ShiftSlot {
                weekdays: MON,
                start: 9 * 60,
                end: 13 * 60,
                working_minutes: 240,
            },
            ShiftSlot {
                weekdays: TUE,
                start: 14 * 60,
                end: 18 * 60,
                working_minutes: 240,
            },
        ];
        o.weekly_minutes = 480;
        let m = evaluate(&s, &o);
        let h = reason_of(&m, Aspect::Hours);
        assert!(!h.fits);
        assert_eq!(
            h.text,
            "月 9:00〜13:00 は勤務可能な時間帯に収まります。\
             火 14:00〜18:00 は勤務可能な時間帯の外です。\
             週の所定労働時間8時間は、希望の上限20時間以内です"
        );
        // Half of the shift-days fit: 150 + 50 + 50.
        assert_eq!(m.score, 400 + 200 + 150 + 100 + 75 + 75 - 150);
    }

    #[test]
    fn adjacent_windows_merge_and_overnight_needs_next_morning() {
        let mut s = SeekerProfile::default();
        s.availability.days[0] = vec![w("12:00", "15:00"), w("9:00", "12:00")];
        s.availability.days[4] = vec![w("22:00", "24:00")];
        s.availability.days[5] = vec![w("0:00", "5:00")];
        s.availability.days[5].push(w("22:00", "24:00"));
        let p = Prepared::new(&s);
        assert!(p.covers(0, 10 * 60, 14 * 60));
        assert!(!p.covers(0, 8 * 60, 14 * 60));
        // Fri 22:00 → Sat 5:00 fits; Sat 22:00 → Sun 5:00 does not (Sunday empty).
        assert!(p.covers(4, 22 * 60, 29 * 60));
        assert!(!p.covers(5, 22 * 60, 29 * 60));

        let o = OrderProfile {
            shifts: vec![ShiftSlot {
                weekdays: FRI | 32,
                start: 22 * 60,
                end: 29 * 60,
                working_minutes: 360,
            }],
            ..Default::default()
        };
        let h = reason_of(&evaluate(&s, &o), Aspect::Hours).clone();
        assert_eq!(
            h.text,
            "金 22:00〜翌5:00 は勤務可能な時間帯に収まります。土 22:00〜翌5:00 は勤務可能な時間帯の外です"
        );
    }

    #[test]
    fn daily_limit_and_unknown_hours() {
        let mut s = short_hour_seeker();
        s.availability.max_daily_minutes = 180;
        let m = evaluate(&s, &cleaning());
        let h = reason_of(&m, Aspect::Hours);
        assert!(!h.fits);
        assert!(
            h.text
                .contains("1日の実労働時間4時間が、希望の上限3時間を超えています")
        );
        // Daily 50 × 180/240 = 37.
        assert_eq!(m.score, MAX_SCORE - 13);

        let blank = SeekerProfile::default();
        let m = evaluate(&blank, &cleaning());
        let h = reason_of(&m, Aspect::Hours);
        assert!(!h.fits);
        assert!(h.text.contains("登録されていない"));
        // Neutral 150 + 50 + 50 hours, occupation neutral 100, area 0, wage/form/start full.
        assert_eq!(m.score, 250 + 100 + 100 + 75 + 75);
        assert!(reason_of(&m, Aspect::Occupation).fits);
        assert_eq!(
            reason_of(&m, Aspect::Occupation).text,
            "希望職種の登録がないため、職種は問いません"
        );
    }

    #[test]
    fn occupation_area_wage_and_start_sentences() {
        let s = short_hour_seeker();
        let mut o = cleaning();
        o.occupation_code = "097".into();
        o.municipality = "日野市".into();
        o.hourly_yen = 1_100;
        o.start_date = Some(date(2025, 3, 15));
        let m = evaluate(&s, &o);
        let occ = reason_of(&m, Aspect::Occupation);
        assert!(!occ.fits);
        assert_eq!(
            occ.text,
            "中分類（097）は希望と異なりますが、大分類（15）は希望職種と同じです"
        );
        let area = reason_of(&m, Aspect::Area);
        assert!(area.fits);
        assert_eq!(area.text, "就業場所（日野市）は希望勤務地に含まれます");
        let wage = reason_of(&m, Aspect::Wage);
        assert!(!wage.fits);
        assert_eq!(wage.text, "時給換算1,100円は希望の1,200円を下回ります");
        let start = reason_of(&m, Aspect::StartDate);
        assert!(!start.fits);
        assert_eq!(
            start.text,
            "就業開始日令和7年3月15日は、就業可能日令和7年4月1日より前です"
        );
        // Occupation 100, area 150, wage 100 − 4 × ceil(8.33 %) = 64, start 0.
        assert_eq!(m.score, 400 + 100 + 150 + 64 + 75);

        o.municipality = "町田市".into();
        o.occupation_major = "16".into();
        assert_eq!(
            evaluate(&s, &o).reasons[2].text,
            "就業場所（町田市）は同じ都道府県内ですが、希望勤務地ではありません"
        );
        o.prefecture_code = "14".into();
        o.municipality = "八王子市".into();
        let m = evaluate(&s, &o);
        assert!(!m.reasons[2].fits, "same name in another prefecture");
        assert_eq!(
            m.reasons[1].text,
            "職種（中分類097）は希望職種（096）と異なります"
        );
    }

    #[test]
    fn wage_formatting_and_scaling() {
        assert_eq!(format_yen(0), "0");
        assert_eq!(format_yen(999), "999");
        assert_eq!(format_yen(1_200), "1,200");
        assert_eq!(format_yen(1_234_567), "1,234,567");
        let s = SeekerProfile {
            desired_hourly_yen: Some(1_300),
            ..Default::default()
        };
        let o = |yen| OrderProfile {
            hourly_yen: yen,
            ..Default::default()
        };
        assert_eq!(wage_points(&s, &o(1_300)), 100);
        assert_eq!(wage_points(&s, &o(1_200)), 68);
        assert_eq!(wage_points(&s, &o(975)), 0);
        assert_eq!(wage_points(&s, &o(0)), 0);
        assert_eq!(
            evaluate(&s, &o(1_200)).reasons[3].text,
            "時給換算1,200円は希望の1,300円を下回ります"
        );
    }

    #[test]
    fn excluded_ids_are_left_out_and_limit_respected() {
        let s = short_hour_seeker();
        let orders = vec![full_time(), afternoon(), cleaning()];
        let exclude: HashSet<i32> = [30].into();
        let ids: Vec<i32> = rank_orders(&s, &orders, &exclude, 10)
            .iter()
            .map(|m| m.order_id)
            .collect();
        assert_eq!(ids, vec![20, 10]);
        assert_eq!(rank_orders(&s, &orders, &exclude, 1)[0].order_id, 20);
        assert!(rank_orders(&s, &orders, &HashSet::new(), 0).is_empty());
        assert!(rank_orders(&s, &[], &HashSet::new(), 5).is_empty());

        let mut other = short_hour_seeker();
        other.id = 8;
        other.availability = Availability::default();
        let seekers = vec![other, short_hour_seeker()];
        let ranked = rank_seekers(&cleaning(), &seekers, &HashSet::new(), 5);
        assert_eq!(
            ranked.iter().map(|m| m.seeker_id).collect::<Vec<_>>(),
            vec![7, 8]
        );
        let ranked = rank_seekers(&cleaning(), &seekers, &[7].into(), 5);
        assert_eq!(
            ranked.iter().map(|m| m.seeker_id).collect::<Vec<_>>(),
            vec![8]
        );
    }

    #[test]
    fn ties_are_broken_by_lower_id() {
        let s = short_hour_seeker();
        let orders: Vec<OrderProfile> = [5, 3, 9, 1, 7]
            .into_iter()
            .map(|id| OrderProfile { id, ..cleaning() })
            .collect();
        for limit in 1..=6 {
            let ids: Vec<i32> = rank_orders(&s, &orders, &HashSet::new(), limit)
                .iter()
                .map(|m| m.order_id)
                .collect();
            let expected: Vec<i32> = [1, 3, 5, 7, 9].into_iter().take(limit).collect();
            assert_eq!(ids, expected);
        }
    }

    #[test]
    fn parse_windows_accepts_full_width_and_variants() {
        assert_eq!(
            parse_windows("９：００～１３：００"),
            Ok(vec![w("9:00", "13:00")])
        );
        assert_eq!(
            parse_windows("9:00-13:00, 14:00-17:00"),
            Ok(vec![w("9:00", "13:00"), w("14:00", "17:00")])
        );
        assert_eq!(
            parse_windows("09:30〜12:00、 １８：００～２４：００"),
            Ok(vec![w("9:30", "12:00"), w("18:00", "24:00")])
        );
        assert_eq!(
            parse_windows("9時~13時半 14時15分-17時"),
            Ok(vec![w("9:00", "13:30"), w("14:15", "17:00")])
        );
        assert_eq!(parse_windows("  "), Ok(vec![]));
    }

    #[test]
    fn parse_windows_rejects_bad_input() {
        let err = parse_windows("13:00-9:00").unwrap_err();
        assert_eq!(err, "13:00〜9:00：終了時刻は開始時刻より後にしてください");
        assert!(parse_windows("9:00-9:00").is_err());
        for bad in [
            "午前中",
            "9:00",
            "9:00-",
            "9:0-13:00",
            "25:00-26:00",
            "9:60-13:00",
            "9:00-13:00 x",
            "9:00-24:30",
        ] {
            let e = parse_windows(bad).unwrap_err();
            assert!(e.contains("読み取れません"), "{bad}: {e}");
        }
    }

    #[test]
    fn format_windows_round_trips() {
        let ws = vec![w("9:00", "13:00"), w("14:00", "17:00")];
        let text = format_windows(&ws);
        assert_eq!(text, "9:00〜13:00、14:00〜17:00");
        assert_eq!(parse_windows(&text), Ok(ws));
        assert_eq!(format_windows(&[]), "");
    }

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

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len() as u32) as usize]
        }
    }

    const MIDDLES: [&str; 4] = ["096", "097", "101", "102"];
    const MUNIS: [&str; 4] = ["八王子市", "日野市", "町田市", "府中市"];
    const PREFS: [&str; 2] = ["13", "14"];

    fn major_of(middle: &str) -> String {
        if middle < "100" { "15" } else { "16" }.to_string()
    }

    fn random_seeker(r: &mut Lcg, id: i32) -> SeekerProfile {
        let mut days: [Vec<Window>; 7] = Default::default();
        for day in days.iter_mut() {
            for _ in 0..r.below(3) {
                let start = r.below(20) as u16 * 60;
                day.push(Window {
                    start,
                    end: start + (1 + r.below(6) as u16) * 60,
                });
            }
        }
        let occupations = (0..r.below(3))
            .map(|_| {
                let m = r.pick(&MIDDLES);
                (m.to_string(), major_of(m))
            })
            .collect();
        SeekerProfile {
            id,
            occupations,
            prefecture_code: r.pick(&PREFS).into(),
            municipality: r.pick(&MUNIS).into(),
            desired_areas: (0..r.below(2)).map(|_| r.pick(&MUNIS).into()).collect(),
            desired_hourly_yen: (r.below(2) == 0).then(|| 1_000 + r.below(5) * 100),
            wants_full_time: [None, Some(true), Some(false)][r.below(3) as usize],
            availability: Availability {
                days,
                max_daily_minutes: r.below(3) * 180,
                max_weekly_minutes: r.below(3) * 900,
                earliest_start: (r.below(2) == 0).then(|| date(2025, 4, 1 + r.below(20))),
            },
        }
    }

    fn random_order(r: &mut Lcg, id: i32) -> OrderProfile {
        let shifts: Vec<ShiftSlot> = (0..r.below(3))
            .map(|_| {
                let start = r.below(24) as u16 * 60;
                let len = (2 + r.below(8) as u16) * 60;
                ShiftSlot {
                    weekdays: r.below(128) as u8,
                    start,
                    end: start + len,
                    working_minutes: len - 60 * u16::from(len > 360),
                }
            })
            .collect();
        let middle = r.pick(&MIDDLES);
        OrderProfile {
            id,
            occupation_code: middle.into(),
            occupation_major: major_of(middle),
            prefecture_code: r.pick(&PREFS).into(),
            municipality: r.pick(&MUNIS).into(),
            hourly_yen: 950 + r.below(6) * 100,
            full_time: r.below(3) == 0,
            weekly_minutes: shifts
                .iter()
                .map(|x| u32::from(x.working_minutes) * (x.weekdays & 0x7f).count_ones())
                .sum(),
            shifts,
            start_date: (r.below(2) == 0).then(|| date(2025, 4, 1 + r.below(20))),
        }
    }

    fn expected_top(mut all: Vec<(u32, i32)>, limit: usize) -> Vec<(u32, i32)> {
        all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        all.truncate(limit);
        all
    }

    #[test]
    fn rank_orders_equals_sorting_every_evaluation() {
        let mut r = Lcg(42);
        // Duplicate ids are allowed in the input: ids drawn from a small range.
        let orders: Vec<OrderProfile> = (0..300)
            .map(|_| {
                let id = r.below(250) as i32;
                random_order(&mut r, id)
            })
            .collect();
        for seeker_id in 0..12 {
            let s = random_seeker(&mut r, seeker_id);
            let exclude: HashSet<i32> = (0..r.below(30)).map(|_| r.below(250) as i32).collect();
            let all: Vec<(u32, i32)> = orders
                .iter()
                .filter(|o| !exclude.contains(&o.id))
                .map(|o| {
                    let m = evaluate(&s, o);
                    assert!(m.score <= MAX_SCORE);
                    assert_eq!(m.reasons.len(), 6);
                    (m.score, o.id)
                })
                .collect();
            for limit in [1, 3, 10, 50, 400] {
                let got: Vec<(u32, i32)> = rank_orders(&s, &orders, &exclude, limit)
                    .iter()
                    .map(|m| (m.score, m.order_id))
                    .collect();
                assert_eq!(got, expected_top(all.clone(), limit), "seeker {seeker_id}");
            }
        }
    }

    #[test]
    fn rank_seekers_equals_sorting_every_evaluation() {
        let mut r = Lcg(7);
        let seekers: Vec<SeekerProfile> = (0..250).map(|i| random_seeker(&mut r, i)).collect();
        for order_id in 0..12 {
            let o = random_order(&mut r, order_id);
            let exclude: HashSet<i32> = (0..r.below(30)).map(|_| r.below(250) as i32).collect();
            let all: Vec<(u32, i32)> = seekers
                .iter()
                .filter(|s| !exclude.contains(&s.id))
                .map(|s| (evaluate(s, &o).score, s.id))
                .collect();
            for limit in [1, 7, 40, 300] {
                let got: Vec<(u32, i32)> = rank_seekers(&o, &seekers, &exclude, limit)
                    .iter()
                    .map(|m| (m.score, m.seeker_id))
                    .collect();
                assert_eq!(got, expected_top(all.clone(), limit), "order {order_id}");
            }
        }
    }
}
