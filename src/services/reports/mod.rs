//! The annual report (事業報告, in the shape of 様式第8号) and monthly statistics, computed from
//! the participant-level records only — never typed in.
//!
//! Definitions used (stated on the report pages too):
//! - 新規求人: orders accepted (first version) in the period; 人数 = 求人数.
//! - 有効求人 on a day D: accepted on or before D, valid until D or later, not closed on or before D.
//! - 新規求職: registrations in the period; 有効求職 on D likewise.
//! - 紹介件数: referrals made in the period.
//! - 就職件数: hires whose 採用年月日 (start date) falls in the period; 常用 / 臨時 / 日雇 by contract.
//! - うち6か月以内離職（解雇以外）: left before the same date six months later, reason not 解雇.
//! - 判明不能: no 離職 recorded and the 6-month follow-up not confirmed 在職 although it is due.
use crate::domain::job_order::{ContractTerm, JobOrderTerms};
use crate::domain::placement::{Classification, classify, left_within_six_months};
use chrono::{Datelike, NaiveDate};
use entity::{complaint, follow_up, job_order, job_order_version, job_seeker, placement, referral};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

mod sql;

/// The columns of an order the figures read.
#[derive(Clone, Debug, sea_orm::FromQueryResult)]
pub struct OrderRow {
    pub id: i32,
    pub accepted_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub rejected_on: Option<NaiveDate>,
    pub rejection_ground: Option<String>,
    pub openings: i32,
    pub occupation_code: String,
    pub weekly_minutes: i32,
    pub parent_id: Option<i32>,
}

/// What the figures read of an order's first accepted version.
#[derive(Clone, Copy, Debug, Deserialize)]
pub struct FirstTerms {
    pub contract: ContractTerm,
    pub weekly_minutes: u32,
}

/// The columns of a registration the figures read.
#[derive(Clone, Debug, sea_orm::FromQueryResult)]
pub struct SeekerRow {
    pub id: i32,
    pub registered_on: NaiveDate,
    pub valid_until: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub support_categories: String,
}

/// Everything the figures are computed from, for one office: only the columns they read.
pub struct Data {
    pub orders: Vec<(OrderRow, Option<FirstTerms>)>,
    pub seekers: Vec<SeekerRow>,
    /// 紹介年月日 of each referral.
    pub referrals: Vec<NaiveDate>,
    pub placements: Vec<placement::Model>,
    pub follow_ups: Vec<follow_up::Model>,
    pub complaints: Vec<complaint::Model>,
    pub majors: &'static HashMap<String, String>,
}

/// Every record of the office the figures can count, read into memory: the reference the
/// aggregated [`annual_report`] and [`monthly_report`] are checked against (the tests compare
/// them on both databases). Its cost grows with the office's history, so no request uses it.
pub async fn load<C: ConnectionTrait>(db: &C, office_id: i32) -> Result<Data, sea_orm::DbErr> {
    use sea_orm::QuerySelect;
    let order_q = job_order::Entity::find().filter(job_order::Column::OfficeId.eq(office_id));
    let seeker_q = job_seeker::Entity::find().filter(job_seeker::Column::OfficeId.eq(office_id));
    let referral_q = referral::Entity::find().filter(referral::Column::OfficeId.eq(office_id));
    let placement_q = placement::Entity::find().filter(placement::Column::OfficeId.eq(office_id));
    let complaint_q = complaint::Entity::find().filter(complaint::Column::OfficeId.eq(office_id));
    let follow_up_q = follow_up::Entity::find().filter(follow_up::Column::OfficeId.eq(office_id));
    use job_order::Column as O;
    let orders: Vec<OrderRow> = order_q
        .select_only()
        .columns([
            O::Id,
            O::AcceptedOn,
            O::ValidUntil,
            O::ClosedOn,
            O::RejectedOn,
            O::RejectionGround,
            O::Openings,
            O::OccupationCode,
            O::WeeklyMinutes,
            O::ParentId,
        ])
        .into_model()
        .all(db)
        .await?;
    // The first version of each accepted order: which one, then only its terms are read.
    let mut first_terms: HashMap<i32, FirstTerms> = HashMap::new();
    {
        let ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
        for chunk in ids.chunks(500) {
            let versions: Vec<(i32, i32)> = job_order_version::Entity::find()
                .filter(job_order_version::Column::JobOrderId.is_in(chunk.to_vec()))
                .select_only()
                .column(job_order_version::Column::JobOrderId)
                .column(job_order_version::Column::Version)
                .into_tuple()
                .all(db)
                .await?;
            let mut first: HashMap<i32, i32> = HashMap::new();
            for (id, v) in versions {
                let e = first.entry(id).or_insert(v);
                *e = (*e).min(v);
            }
            let pairs: Vec<(i32, i32)> = first.into_iter().collect();
            for (id, json) in super::job_orders::version_json(db, &pairs).await? {
                if let Ok(t) = serde_json::from_str::<FirstTerms>(&json) {
                    first_terms.insert(id, t);
                }
            }
        }
    }
    let orders = orders
        .into_iter()
        .map(|o| {
            let t = first_terms.remove(&o.id);
            (o, t)
        })
        .collect();
    use job_seeker::Column as S;
    let seekers: Vec<SeekerRow> = seeker_q
        .select_only()
        .columns([
            S::Id,
            S::RegisteredOn,
            S::ValidUntil,
            S::ClosedOn,
            S::SupportCategories,
        ])
        .into_model()
        .all(db)
        .await?;
    let referrals: Vec<NaiveDate> = referral_q
        .select_only()
        .column(referral::Column::ReferredOn)
        .into_tuple()
        .all(db)
        .await?;
    Ok(Data {
        orders,
        seekers,
        referrals,
        placements: placement_q.all(db).await?,
        follow_ups: follow_up_q.all(db).await?,
        complaints: complaint_q.all(db).await?,
        majors: super::refdata::occupation_majors(),
    })
}

fn in_range(d: Option<NaiveDate>, from: NaiveDate, to: NaiveDate) -> bool {
    d.is_some_and(|d| from <= d && d <= to)
}

fn order_valid_on(o: &OrderRow, d: NaiveDate) -> bool {
    o.accepted_on.is_some_and(|a| a <= d)
        && o.valid_until.is_some_and(|v| v >= d)
        && o.closed_on.is_none_or(|c| c > d)
}

fn seeker_valid_on(s: &SeekerRow, d: NaiveDate) -> bool {
    s.registered_on <= d && s.valid_until >= d && s.closed_on.is_none_or(|c| c > d)
}

pub fn order_classification(t: &JobOrderTerms) -> Classification {
    contract_classification(t.contract)
}

/// The columns `job_orders` keeps of an order's first accepted version for the reports: its
/// contract class code and weekly minutes.
pub fn first_version_columns(t: &JobOrderTerms) -> (&'static str, i32) {
    (order_classification(t).code(), t.weekly_minutes as i32)
}

/// The same from a version's stored terms: `""` when they cannot be read (counted as 常用).
pub fn first_version_columns_of(terms_json: &str) -> (&'static str, Option<i32>) {
    match serde_json::from_str::<FirstTerms>(terms_json) {
        Ok(t) => (
            contract_classification(t.contract).code(),
            Some(t.weekly_minutes as i32),
        ),
        Err(_) => ("", None),
    }
}

fn contract_classification(c: ContractTerm) -> Classification {
    match c {
        ContractTerm::Indefinite => Classification::Regular,
        ContractTerm::Fixed { months, .. } => classify(Some(months)),
    }
}

/// 常用 / 臨時 / 日雇 and the total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ByTerm {
    pub regular: u64,
    pub temporary: u64,
    pub daily: u64,
    pub total: u64,
}

impl ByTerm {
    fn add(&mut self, c: Classification, n: u64) {
        match c {
            Classification::Regular => self.regular += n,
            Classification::Temporary => self.temporary += n,
            Classification::Daily => self.daily += n,
        }
        self.total += n;
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AnnualReport {
    pub fiscal_year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// 新規求人 件数 and 人数
    pub new_orders: ByTerm,
    pub new_openings: ByTerm,
    /// 有効求人 at 3月末日
    pub valid_orders_at_end: ByTerm,
    pub valid_openings_at_end: ByTerm,
    pub new_seekers: u64,
    pub valid_seekers_at_end: u64,
    pub referrals: u64,
    pub placements: ByTerm,
    pub placements_indefinite: u64,
    pub left_within_6_months_not_dismissal: u64,
    pub unknown: u64,
    /// 職業分類 大分類 → (new orders, placements)
    pub by_occupation: BTreeMap<String, (u64, u64)>,
    /// support category → (new registrations, placements)
    pub by_support: BTreeMap<String, (u64, u64)>,
    pub short_orders_under_20h: u64,
    pub short_orders_under_10h: u64,
    pub short_placements_under_20h: u64,
    pub short_placements_under_10h: u64,
    /// Orders created by job redesign (children of a source order) accepted in the year.
    pub redesign_orders: u64,
    /// 不受理 by ground (1–6)
    pub rejections: BTreeMap<String, u64>,
    pub complaints: u64,
    pub complaints_closed: u64,
}

/// The fiscal years a report can be asked for.
pub const FISCAL_YEARS: std::ops::RangeInclusive<i32> = 1989..=2200;

pub fn annual(d: &Data, fiscal_year: i32, today: NaiveDate) -> AnnualReport {
    let fiscal_year = fiscal_year.clamp(*FISCAL_YEARS.start(), *FISCAL_YEARS.end());
    let (from, to) = crate::domain::fiscal_year::fiscal_year_range(fiscal_year);
    let mut r = AnnualReport {
        fiscal_year,
        from,
        to,
        ..Default::default()
    };
    for (o, t) in &d.orders {
        if in_range(o.rejected_on, from, to)
            && let Some(g) = &o.rejection_ground
        {
            *r.rejections.entry(g.clone()).or_default() += 1;
        }
        // An order whose terms cannot be read still counts (as 常用) so no report drops it.
        let c = t
            .map(|t| contract_classification(t.contract))
            .unwrap_or(Classification::Regular);
        let openings = o.openings.max(0) as u64;
        if in_range(o.accepted_on, from, to) {
            r.new_orders.add(c, 1);
            r.new_openings.add(c, openings);
            let major = d
                .majors
                .get(&o.occupation_code)
                .cloned()
                .unwrap_or_else(|| "不明".into());
            r.by_occupation.entry(major).or_default().0 += 1;
            let weekly = t
                .as_ref()
                .map(|t| t.weekly_minutes as i32)
                .unwrap_or(o.weekly_minutes);
            if weekly > 0 && weekly < 20 * 60 {
                r.short_orders_under_20h += 1;
            }
            if weekly > 0 && weekly < 10 * 60 {
                r.short_orders_under_10h += 1;
            }
            if o.parent_id.is_some() {
                r.redesign_orders += 1;
            }
        }
        if order_valid_on(o, to) {
            r.valid_orders_at_end.add(c, 1);
            r.valid_openings_at_end.add(c, openings);
        }
    }
    let seekers: HashMap<i32, &SeekerRow> = d.seekers.iter().map(|s| (s.id, s)).collect();
    let categories = |s: &SeekerRow| {
        serde_json::from_str::<Vec<String>>(&s.support_categories).unwrap_or_default()
    };
    for s in &d.seekers {
        if in_range(Some(s.registered_on), from, to) {
            r.new_seekers += 1;
            for c in categories(s) {
                r.by_support.entry(c).or_default().0 += 1;
            }
        }
        if seeker_valid_on(s, to) {
            r.valid_seekers_at_end += 1;
        }
    }
    r.referrals = d
        .referrals
        .iter()
        .filter(|x| in_range(Some(**x), from, to))
        .count() as u64;
    let orders: HashMap<i32, &OrderRow> = d.orders.iter().map(|(o, _)| (o.id, o)).collect();
    // The 6-month follow-up of each hire, looked up by key (not a search per hire).
    let six_months: HashMap<i32, &follow_up::Model> = d
        .follow_ups
        .iter()
        .filter(|f| f.due_kind == "6m")
        .map(|f| (f.placement_id, f))
        .collect();
    for p in &d.placements {
        if !in_range(Some(p.start_date), from, to) {
            continue;
        }
        let c = Classification::from_code(&p.classification).unwrap_or(Classification::Regular);
        r.placements.add(c, 1);
        if p.contract_indefinite {
            r.placements_indefinite += 1;
        }
        if let Some(left) = p.left_on
            && left_within_six_months(p.start_date, left)
            && p.left_reason.as_deref() != Some("dismissal")
        {
            r.left_within_6_months_not_dismissal += 1;
        }
        if p.left_on.is_none() {
            let six = six_months.get(&p.id).copied();
            let confirmed = six.is_some_and(|f| f.result.as_deref() == Some("employed"));
            let due = six.is_none_or(|f| f.due_on <= today);
            if due && !confirmed {
                r.unknown += 1;
            }
        }
        if p.weekly_minutes < 20 * 60 {
            r.short_placements_under_20h += 1;
        }
        if p.weekly_minutes < 10 * 60 {
            r.short_placements_under_10h += 1;
        }
        let major = orders
            .get(&p.job_order_id)
            .and_then(|o| d.majors.get(&o.occupation_code))
            .cloned()
            .unwrap_or_else(|| "不明".into());
        r.by_occupation.entry(major).or_default().1 += 1;
        if let Some(s) = seekers.get(&p.job_seeker_id) {
            for c in categories(s) {
                r.by_support.entry(c).or_default().1 += 1;
            }
        }
    }
    r.complaints = d
        .complaints
        .iter()
        .filter(|c| in_range(Some(c.received_on), from, to))
        .count() as u64;
    r.complaints_closed = d
        .complaints
        .iter()
        .filter(|c| in_range(Some(c.received_on), from, to) && c.closed_on.is_some())
        .count() as u64;
    r
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Month {
    /// `YYYY-MM`
    pub month: String,
    pub new_openings: u64,
    /// Carried over from the previous month's end plus new in the month.
    pub valid_openings: u64,
    pub new_seekers: u64,
    pub valid_seekers: u64,
    pub referrals: u64,
    pub placements: u64,
    /// 有効求人倍率 (valid openings ÷ valid seekers), 2 decimals
    pub ratio: Option<f64>,
    /// Per 100,000 inhabitants (office population)
    pub new_seekers_per_100k: Option<f64>,
    pub placements_per_100k: Option<f64>,
}

pub fn monthly(d: &Data, from: (i32, u32), to: (i32, u32), population: Option<i32>) -> Vec<Month> {
    let mut out = Vec::new();
    let (mut y, mut m) = from;
    while (y, m) <= to && out.len() < 120 {
        let Some((start, end)) = crate::domain::fiscal_year::checked_month_range(y, m) else {
            break;
        };
        let prev_end = start.pred_opt().unwrap_or(start);
        let openings = |o: &OrderRow| o.openings.max(0) as u64;
        let new_openings: u64 = d
            .orders
            .iter()
            .filter(|(o, _)| in_range(o.accepted_on, start, end))
            .map(|(o, _)| openings(o))
            .sum();
        let carried: u64 = d
            .orders
            .iter()
            .filter(|(o, _)| order_valid_on(o, prev_end))
            .map(|(o, _)| openings(o))
            .sum();
        let new_seekers = d
            .seekers
            .iter()
            .filter(|s| in_range(Some(s.registered_on), start, end))
            .count() as u64;
        let carried_seekers = d
            .seekers
            .iter()
            .filter(|s| seeker_valid_on(s, prev_end))
            .count() as u64;
        let placements = d
            .placements
            .iter()
            .filter(|p| in_range(Some(p.start_date), start, end))
            .count() as u64;
        let referrals = d
            .referrals
            .iter()
            .filter(|r| in_range(Some(**r), start, end))
            .count() as u64;
        out.push(month_figures(
            (y, m),
            Counts {
                new_openings,
                valid_openings: carried + new_openings,
                new_seekers,
                valid_seekers: carried_seekers + new_seekers,
                referrals,
                placements,
            },
            population,
        ));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// One month's counts, before the ratios.
struct Counts {
    new_openings: u64,
    valid_openings: u64,
    new_seekers: u64,
    valid_seekers: u64,
    referrals: u64,
    placements: u64,
}

/// A month's figures from its counts: 有効求人倍率 and the figures per 100,000 inhabitants.
fn month_figures((y, m): (i32, u32), c: Counts, population: Option<i32>) -> Month {
    let per = |n: u64| {
        population
            .filter(|p| *p > 0)
            .map(|p| (n as f64 * 100_000.0 / p as f64 * 100.0).round() / 100.0)
    };
    Month {
        month: format!("{y:04}-{m:02}"),
        new_openings: c.new_openings,
        valid_openings: c.valid_openings,
        new_seekers: c.new_seekers,
        valid_seekers: c.valid_seekers,
        referrals: c.referrals,
        placements: c.placements,
        ratio: (c.valid_seekers > 0)
            .then(|| (c.valid_openings as f64 / c.valid_seekers as f64 * 100.0).round() / 100.0),
        new_seekers_per_100k: per(c.new_seekers),
        placements_per_100k: per(c.placements),
    }
}

/// The annual report of a fiscal year, aggregated by the database over the year's records.
pub async fn annual_report<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    fiscal_year: i32,
    today: NaiveDate,
) -> Result<AnnualReport, sea_orm::DbErr> {
    let fy = fiscal_year.clamp(*FISCAL_YEARS.start(), *FISCAL_YEARS.end());
    sql::annual_sql(db, office_id, fy, today).await
}

/// Monthly statistics from `from` to `to`, aggregated by the database month by month.
pub async fn monthly_report<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    from: (i32, u32),
    to: (i32, u32),
    population: Option<i32>,
) -> Result<Vec<Month>, sea_orm::DbErr> {
    sql::monthly_sql(db, office_id, from, to, population).await
}

/// `YYYY-MM` → (year, month).
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

/// The last `n` months up to and including the month of `today`.
pub fn last_months(today: NaiveDate, n: u32) -> ((i32, u32), (i32, u32)) {
    let end = (today.year(), today.month());
    let total = today.year() * 12 + today.month() as i32 - 1 - (n as i32 - 1);
    (
        (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32),
        end,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn month_arithmetic() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(last_months(d, 12), ((2025, 12), (2026, 11)));
        assert_eq!(last_months(d, 1), ((2026, 11), (2026, 11)));
        assert_eq!(parse_month("2026-04"), Some((2026, 4)));
        assert_eq!(parse_month("2026-13"), None);
    }
}
