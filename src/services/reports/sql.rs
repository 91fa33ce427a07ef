//! The annual report and the monthly statistics as the database computes them: COUNT and SUM
//! … GROUP BY over indexed columns (the contract class and weekly hours of each order's first
//! version are columns of `job_orders`, written when it is first accepted). The cost grows with
//! the period's records, not with the office's history; the only rows read into memory are the
//! hires of the year who left (for the six-month rule, which is date arithmetic). The same
//! figures as [`annual`] / [`monthly`] over [`load`] — the tests compare the two on both databases.
use super::*;
use sea_orm::{DbBackend, QueryResult, Statement, Value};

/// `sql` with `?` placeholders, numbered for PostgreSQL.
fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 16);
            let mut n = 0;
            for ch in sql.chars() {
                if ch == '?' {
                    n += 1;
                    out.push('$');
                    out.push_str(&n.to_string());
                } else {
                    out.push(ch);
                }
            }
            out
        }
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// How many report statements run at once in this process. Each groups or sums a period's
/// records, with a sort that may hold a connection's whole cache; more at once than the
/// machine has cores only adds memory (eight annual reports at once peaked at 314 MB).
static REPORT_STATEMENTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(3);

async fn rows<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<QueryResult>, sea_orm::DbErr> {
    let _turn = REPORT_STATEMENTS
        .acquire()
        .await
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    db.query_all_raw(statement(db.get_database_backend(), sql, values))
        .await
}

fn int(r: &QueryResult, i: usize) -> Result<u64, sea_orm::DbErr> {
    Ok(r.try_get_by_index::<Option<i64>>(i)?.unwrap_or(0).max(0) as u64)
}

fn text(r: &QueryResult, i: usize) -> Result<Option<String>, sea_orm::DbErr> {
    r.try_get_by_index::<Option<String>>(i)
}

/// A contract class as stored (`NULL` or unreadable terms count as 常用, as in [`annual`]).
fn class_of(code: Option<&str>) -> Classification {
    code.and_then(Classification::from_code)
        .unwrap_or(Classification::Regular)
}

/// Openings of a row, never negative.
const OPENINGS: &str = "COALESCE(SUM(CASE WHEN openings > 0 THEN openings ELSE 0 END), 0)";
/// The first version's weekly minutes (the working columns when it has none).
const FIRST_WEEKLY: &str = "COALESCE(first_weekly_minutes, weekly_minutes)";

/// The statements of the annual report, each over the year's records (or one day's valid
/// orders and seekers); `?` = office, first day, last day, unless said.
mod annual {
    use super::{FIRST_WEEKLY, OPENINGS};

    /// 新規求人 by contract class and occupation, with the short-hour and job-redesign counts
    /// (one scan of the year's orders).
    pub fn new_orders() -> String {
        format!(
            "SELECT first_contract_class, occupation_code, COUNT(*), {OPENINGS}, \
         SUM(CASE WHEN {FIRST_WEEKLY} > 0 AND {FIRST_WEEKLY} < 1200 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN {FIRST_WEEKLY} > 0 AND {FIRST_WEEKLY} < 600 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN parent_id IS NOT NULL THEN 1 ELSE 0 END) \
         FROM job_orders WHERE office_id = ? AND accepted_on >= ? AND accepted_on <= ? \
         GROUP BY first_contract_class, occupation_code"
        )
    }
    /// 有効求人 on a day (`?` = office, the day three times).
    pub fn valid_orders() -> String {
        format!(
            "SELECT first_contract_class, COUNT(*), {OPENINGS} FROM job_orders \
         WHERE office_id = ? AND valid_until >= ? AND accepted_on <= ? \
         AND (closed_on IS NULL OR closed_on > ?) GROUP BY first_contract_class"
        )
    }
    pub const REJECTIONS: &str = "SELECT rejection_ground, COUNT(*) FROM job_orders \
         WHERE office_id = ? AND rejected_on >= ? AND rejected_on <= ? \
         AND rejection_ground IS NOT NULL GROUP BY rejection_ground";
    pub const NEW_SEEKERS: &str = "SELECT support_categories, COUNT(*) FROM job_seekers \
         WHERE office_id = ? AND registered_on >= ? AND registered_on <= ? \
         GROUP BY support_categories";
    /// 有効求職 on a day (`?` = office, the day three times).
    pub const VALID_SEEKERS: &str = "SELECT COUNT(*) FROM job_seekers \
         WHERE office_id = ? AND valid_until >= ? \
         AND registered_on <= ? AND (closed_on IS NULL OR closed_on > ?)";
    pub const REFERRALS: &str = "SELECT COUNT(*) FROM referrals \
         WHERE office_id = ? AND referred_on >= ? AND referred_on <= ?";
    /// 就職 by class and the order's occupation, with 無期 and short hours.
    pub const PLACEMENTS: &str = "SELECT p.classification, o.occupation_code, COUNT(*), \
         SUM(CASE WHEN p.contract_indefinite THEN 1 ELSE 0 END), \
         SUM(CASE WHEN p.weekly_minutes < 1200 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN p.weekly_minutes < 600 THEN 1 ELSE 0 END) \
         FROM placements p LEFT JOIN job_orders o ON o.id = p.job_order_id \
         WHERE p.office_id = ? AND p.start_date >= ? AND p.start_date <= ? \
         GROUP BY p.classification, o.occupation_code";
    pub const PLACEMENTS_BY_SUPPORT: &str = "SELECT s.support_categories, COUNT(*) \
         FROM placements p JOIN job_seekers s ON s.id = p.job_seeker_id \
         WHERE p.office_id = ? AND p.start_date >= ? AND p.start_date <= ? \
         GROUP BY s.support_categories";
    /// 判明不能: still employed as far as known, the 6-month follow-up due and not confirmed
    /// (`?` = office, first day, last day, today).
    pub const UNKNOWN: &str = "SELECT COUNT(*) FROM placements p \
         LEFT JOIN follow_ups f ON f.placement_id = p.id AND f.due_kind = '6m' \
         WHERE p.office_id = ? AND p.start_date >= ? AND p.start_date <= ? AND p.left_on IS NULL \
         AND (f.id IS NULL OR f.due_on <= ?) AND (f.result IS NULL OR f.result <> 'employed')";
    /// The hires of the year who left, not dismissed (the six-month rule is date arithmetic).
    pub const LEFT: &str = "SELECT start_date, left_on FROM placements \
         WHERE office_id = ? AND start_date >= ? AND start_date <= ? AND left_on IS NOT NULL \
         AND (left_reason IS NULL OR left_reason <> 'dismissal')";
    pub const COMPLAINTS: &str = "SELECT COUNT(*), \
         SUM(CASE WHEN closed_on IS NOT NULL THEN 1 ELSE 0 END) FROM complaints \
         WHERE office_id = ? AND received_on >= ? AND received_on <= ?";
}

pub(super) async fn annual_sql<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    fiscal_year: i32,
    today: NaiveDate,
) -> Result<AnnualReport, sea_orm::DbErr> {
    let (from, to) = crate::domain::fiscal_year::fiscal_year_range(fiscal_year);
    let mut r = AnnualReport {
        fiscal_year,
        from,
        to,
        ..Default::default()
    };
    let period = || -> Vec<Value> { vec![office_id.into(), from.into(), to.into()] };
    let at_end = || -> Vec<Value> { vec![office_id.into(), to.into(), to.into(), to.into()] };
    let mut unknown = period();
    unknown.push(today.into());
    // The statements are independent: on a pool each runs on its own connection, so the
    // report takes about as long as its longest statement, not their sum.
    let statements = [
        (annual::new_orders(), period()),
        (annual::valid_orders(), at_end()),
        (annual::REJECTIONS.to_owned(), period()),
        (annual::NEW_SEEKERS.to_owned(), period()),
        (annual::VALID_SEEKERS.to_owned(), at_end()),
        (annual::REFERRALS.to_owned(), period()),
        (annual::PLACEMENTS.to_owned(), period()),
        (annual::PLACEMENTS_BY_SUPPORT.to_owned(), period()),
        (annual::UNKNOWN.to_owned(), unknown),
        (annual::LEFT.to_owned(), period()),
        (annual::COMPLAINTS.to_owned(), period()),
    ];
    let found = futures_util::future::try_join_all(
        statements
            .into_iter()
            .map(|(sql, values)| async move { rows(db, &sql, values).await }),
    )
    .await?;
    let majors = super::super::refdata::occupation_majors();
    let [
        new_orders,
        valid_orders,
        rejections,
        new_seekers,
        valid_seekers,
        referrals,
        placements,
        by_support,
        unknown,
        left,
        complaints,
    ]: [Vec<QueryResult>; 11] = found
        .try_into()
        .map_err(|_| sea_orm::DbErr::Custom("annual report: a statement is missing".into()))?;
    let major = |code: Option<String>| {
        code.and_then(|c| majors.get(&c).cloned())
            .unwrap_or_else(|| "不明".into())
    };
    let categories = |json: Option<String>| -> Vec<String> {
        serde_json::from_str(json.as_deref().unwrap_or_default()).unwrap_or_default()
    };
    for row in new_orders {
        let c = class_of(text(&row, 0)?.as_deref());
        let n = int(&row, 2)?;
        r.new_orders.add(c, n);
        r.new_openings.add(c, int(&row, 3)?);
        r.short_orders_under_20h += int(&row, 4)?;
        r.short_orders_under_10h += int(&row, 5)?;
        r.redesign_orders += int(&row, 6)?;
        r.by_occupation.entry(major(text(&row, 1)?)).or_default().0 += n;
    }
    for row in valid_orders {
        let c = class_of(text(&row, 0)?.as_deref());
        r.valid_orders_at_end.add(c, int(&row, 1)?);
        r.valid_openings_at_end.add(c, int(&row, 2)?);
    }
    for row in rejections {
        if let Some(g) = text(&row, 0)? {
            *r.rejections.entry(g).or_default() += int(&row, 1)?;
        }
    }
    for row in new_seekers {
        let n = int(&row, 1)?;
        r.new_seekers += n;
        for c in categories(text(&row, 0)?) {
            r.by_support.entry(c).or_default().0 += n;
        }
    }
    if let Some(row) = valid_seekers.first() {
        r.valid_seekers_at_end = int(row, 0)?;
    }
    if let Some(row) = referrals.first() {
        r.referrals = int(row, 0)?;
    }
    for row in placements {
        let c = class_of(text(&row, 0)?.as_deref());
        let n = int(&row, 2)?;
        r.placements.add(c, n);
        r.placements_indefinite += int(&row, 3)?;
        r.short_placements_under_20h += int(&row, 4)?;
        r.short_placements_under_10h += int(&row, 5)?;
        r.by_occupation.entry(major(text(&row, 1)?)).or_default().1 += n;
    }
    for row in by_support {
        let n = int(&row, 1)?;
        for c in categories(text(&row, 0)?) {
            r.by_support.entry(c).or_default().1 += n;
        }
    }
    if let Some(row) = unknown.first() {
        r.unknown = int(row, 0)?;
    }
    let mut left_early = 0;
    for row in left {
        let start: NaiveDate = row.try_get_by_index(0)?;
        let left_on: Option<NaiveDate> = row.try_get_by_index(1)?;
        if left_on.is_some_and(|l| left_within_six_months(start, l)) {
            left_early += 1;
        }
    }
    r.left_within_6_months_not_dismissal = left_early;
    if let Some(row) = complaints.first() {
        r.complaints = int(row, 0)?;
        r.complaints_closed = int(row, 1)?;
    }
    Ok(r)
}

/// One month's counts, one statement: new and carried-over openings and registrations
/// (valid on the day before the month), referrals and hires.
const MONTH_SQL: &str = "SELECT \
    (SELECT COALESCE(SUM(CASE WHEN openings > 0 THEN openings ELSE 0 END), 0) FROM job_orders \
     WHERE office_id = ? AND accepted_on >= ? AND accepted_on <= ?), \
    (SELECT COALESCE(SUM(CASE WHEN openings > 0 THEN openings ELSE 0 END), 0) FROM job_orders \
     WHERE office_id = ? AND valid_until >= ? AND accepted_on <= ? \
     AND (closed_on IS NULL OR closed_on > ?)), \
    (SELECT COUNT(*) FROM job_seekers \
     WHERE office_id = ? AND registered_on >= ? AND registered_on <= ?), \
    (SELECT COUNT(*) FROM job_seekers WHERE office_id = ? AND valid_until >= ? \
     AND registered_on <= ? AND (closed_on IS NULL OR closed_on > ?)), \
    (SELECT COUNT(*) FROM referrals \
     WHERE office_id = ? AND referred_on >= ? AND referred_on <= ?), \
    (SELECT COUNT(*) FROM placements \
     WHERE office_id = ? AND start_date >= ? AND start_date <= ?)";

pub(super) async fn monthly_sql<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    from: (i32, u32),
    to: (i32, u32),
    population: Option<i32>,
) -> Result<Vec<Month>, sea_orm::DbErr> {
    use futures_util::{StreamExt, TryStreamExt};
    let mut months = Vec::new();
    let (mut y, mut m) = from;
    while (y, m) <= to && months.len() < 120 {
        let Some((start, end)) = crate::domain::fiscal_year::checked_month_range(y, m) else {
            break;
        };
        months.push(((y, m), start, end));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    // Three months at a time, each on its own connection of the pool, in month order.
    futures_util::stream::iter(months)
        .map(|(month, start, end)| month_sql(db, office_id, month, start, end, population))
        .buffered(3)
        .try_collect()
        .await
}

/// One month's figures ([`MONTH_SQL`]).
async fn month_sql<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    month: (i32, u32),
    start: NaiveDate,
    end: NaiveDate,
    population: Option<i32>,
) -> Result<Month, sea_orm::DbErr> {
    let prev = start.pred_opt().unwrap_or(start);
    // (office, first day, last day) for the new and the monthly flows; (office, the day
    // before three times) for those valid then.
    let new: [Value; 3] = [office_id.into(), start.into(), end.into()];
    let valid: [Value; 4] = [office_id.into(), prev.into(), prev.into(), prev.into()];
    let values = [&new[..], &valid, &new, &valid, &new, &new].concat();
    let found = rows(db, MONTH_SQL, values).await?;
    let row = found.first();
    let n = |i| {
        row.map(|r| int(r, i))
            .transpose()
            .map(Option::unwrap_or_default)
    };
    Ok(month_figures(
        month,
        Counts {
            new_openings: n(0)?,
            valid_openings: n(1)? + n(0)?,
            new_seekers: n(2)?,
            valid_seekers: n(3)? + n(2)?,
            referrals: n(4)?,
            placements: n(5)?,
        },
        population,
    ))
}
