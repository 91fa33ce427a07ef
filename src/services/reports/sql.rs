//! The annual report and the monthly statistics as the database computes them: COUNT and SUM
//! … GROUP BY over indexed columns (the contract class and weekly hours of each order's first
//! version are columns of `job_orders`, written when it is first accepted). The cost grows with
//! the period's records, not with the office's history; the only rows read into memory are the
//! hires of the year who left (for the six-month rule, which is date arithmetic). The same
//! figures as [`annual`] / [`monthly`] over [`load`] — the tests compare the two on both databases.
use super::*;
use sea_orm::{DbBackend, QueryResult, QuerySelect, Statement, Value};

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

async fn rows<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<QueryResult>, sea_orm::DbErr> {
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
    let majors = super::super::matching::majors(db).await?;
    let major = |code: Option<String>| {
        code.and_then(|c| majors.get(&c).cloned())
            .unwrap_or_else(|| "不明".into())
    };
    let categories = |json: Option<String>| -> Vec<String> {
        serde_json::from_str(json.as_deref().unwrap_or_default()).unwrap_or_default()
    };

    // 新規求人 by contract class, with the short-hour and job-redesign counts.
    for row in rows(
        db,
        &format!(
            "SELECT first_contract_class, COUNT(*), {OPENINGS}, \
             SUM(CASE WHEN {FIRST_WEEKLY} > 0 AND {FIRST_WEEKLY} < 1200 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN {FIRST_WEEKLY} > 0 AND {FIRST_WEEKLY} < 600 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN parent_id IS NOT NULL THEN 1 ELSE 0 END) \
             FROM job_orders WHERE office_id = ? AND accepted_on >= ? AND accepted_on <= ? \
             GROUP BY first_contract_class"
        ),
        period(),
    )
    .await?
    {
        let c = class_of(text(&row, 0)?.as_deref());
        r.new_orders.add(c, int(&row, 1)?);
        r.new_openings.add(c, int(&row, 2)?);
        r.short_orders_under_20h += int(&row, 3)?;
        r.short_orders_under_10h += int(&row, 4)?;
        r.redesign_orders += int(&row, 5)?;
    }
    for row in rows(
        db,
        "SELECT occupation_code, COUNT(*) FROM job_orders \
         WHERE office_id = ? AND accepted_on >= ? AND accepted_on <= ? GROUP BY occupation_code",
        period(),
    )
    .await?
    {
        r.by_occupation.entry(major(text(&row, 0)?)).or_default().0 += int(&row, 1)?;
    }
    // 有効求人 on the last day of the year.
    for row in rows(
        db,
        &format!(
            "SELECT first_contract_class, COUNT(*), {OPENINGS} FROM job_orders \
             WHERE office_id = ? AND valid_until >= ? AND accepted_on <= ? \
             AND (closed_on IS NULL OR closed_on > ?) GROUP BY first_contract_class"
        ),
        vec![office_id.into(), to.into(), to.into(), to.into()],
    )
    .await?
    {
        let c = class_of(text(&row, 0)?.as_deref());
        r.valid_orders_at_end.add(c, int(&row, 1)?);
        r.valid_openings_at_end.add(c, int(&row, 2)?);
    }
    for row in rows(
        db,
        "SELECT rejection_ground, COUNT(*) FROM job_orders \
         WHERE office_id = ? AND rejected_on >= ? AND rejected_on <= ? \
         AND rejection_ground IS NOT NULL GROUP BY rejection_ground",
        period(),
    )
    .await?
    {
        if let Some(g) = text(&row, 0)? {
            *r.rejections.entry(g).or_default() += int(&row, 1)?;
        }
    }
    // 新規求職 (by support category) and 有効求職 at the end.
    for row in rows(
        db,
        "SELECT support_categories, COUNT(*) FROM job_seekers \
         WHERE office_id = ? AND registered_on >= ? AND registered_on <= ? \
         GROUP BY support_categories",
        period(),
    )
    .await?
    {
        let n = int(&row, 1)?;
        r.new_seekers += n;
        for c in categories(text(&row, 0)?) {
            r.by_support.entry(c).or_default().0 += n;
        }
    }
    if let Some(row) = rows(
        db,
        "SELECT COUNT(*) FROM job_seekers WHERE office_id = ? AND valid_until >= ? \
         AND registered_on <= ? AND (closed_on IS NULL OR closed_on > ?)",
        vec![office_id.into(), to.into(), to.into(), to.into()],
    )
    .await?
    .first()
    {
        r.valid_seekers_at_end = int(row, 0)?;
    }
    if let Some(row) = rows(
        db,
        "SELECT COUNT(*) FROM referrals WHERE office_id = ? AND referred_on >= ? AND referred_on <= ?",
        period(),
    )
    .await?
    .first()
    {
        r.referrals = int(row, 0)?;
    }
    // 就職: by class, 無期, short hours; by occupation and support category of the hire.
    for row in rows(
        db,
        "SELECT classification, COUNT(*), \
         SUM(CASE WHEN contract_indefinite THEN 1 ELSE 0 END), \
         SUM(CASE WHEN weekly_minutes < 1200 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN weekly_minutes < 600 THEN 1 ELSE 0 END) \
         FROM placements WHERE office_id = ? AND start_date >= ? AND start_date <= ? \
         GROUP BY classification",
        period(),
    )
    .await?
    {
        let c = class_of(text(&row, 0)?.as_deref());
        r.placements.add(c, int(&row, 1)?);
        r.placements_indefinite += int(&row, 2)?;
        r.short_placements_under_20h += int(&row, 3)?;
        r.short_placements_under_10h += int(&row, 4)?;
    }
    for row in rows(
        db,
        "SELECT o.occupation_code, COUNT(*) FROM placements p \
         LEFT JOIN job_orders o ON o.id = p.job_order_id \
         WHERE p.office_id = ? AND p.start_date >= ? AND p.start_date <= ? \
         GROUP BY o.occupation_code",
        period(),
    )
    .await?
    {
        r.by_occupation.entry(major(text(&row, 0)?)).or_default().1 += int(&row, 1)?;
    }
    for row in rows(
        db,
        "SELECT s.support_categories, COUNT(*) FROM placements p \
         JOIN job_seekers s ON s.id = p.job_seeker_id \
         WHERE p.office_id = ? AND p.start_date >= ? AND p.start_date <= ? \
         GROUP BY s.support_categories",
        period(),
    )
    .await?
    {
        let n = int(&row, 1)?;
        for c in categories(text(&row, 0)?) {
            r.by_support.entry(c).or_default().1 += n;
        }
    }
    // 判明不能: still employed as far as known, the 6-month follow-up due and not confirmed.
    let mut unknown = period();
    unknown.push(today.into());
    if let Some(row) = rows(
        db,
        "SELECT COUNT(*) FROM placements p \
         LEFT JOIN follow_ups f ON f.placement_id = p.id AND f.due_kind = '6m' \
         WHERE p.office_id = ? AND p.start_date >= ? AND p.start_date <= ? AND p.left_on IS NULL \
         AND (f.id IS NULL OR f.due_on <= ?) AND (f.result IS NULL OR f.result <> 'employed')",
        unknown,
    )
    .await?
    .first()
    {
        r.unknown = int(row, 0)?;
    }
    // うち6か月以内離職（解雇以外）: only the hires who left are read.
    let left: Vec<(NaiveDate, Option<NaiveDate>)> = placement::Entity::find()
        .select_only()
        .column(placement::Column::StartDate)
        .column(placement::Column::LeftOn)
        .filter(placement::Column::OfficeId.eq(office_id))
        .filter(placement::Column::StartDate.gte(from))
        .filter(placement::Column::StartDate.lte(to))
        .filter(placement::Column::LeftOn.is_not_null())
        .filter(
            sea_orm::Condition::any()
                .add(placement::Column::LeftReason.is_null())
                .add(placement::Column::LeftReason.ne("dismissal")),
        )
        .into_tuple()
        .all(db)
        .await?;
    r.left_within_6_months_not_dismissal = left
        .into_iter()
        .filter(|(start, left)| left.is_some_and(|l| left_within_six_months(*start, l)))
        .count() as u64;
    if let Some(row) = rows(
        db,
        "SELECT COUNT(*), SUM(CASE WHEN closed_on IS NOT NULL THEN 1 ELSE 0 END) FROM complaints \
         WHERE office_id = ? AND received_on >= ? AND received_on <= ?",
        period(),
    )
    .await?
    .first()
    {
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
    let mut out = Vec::new();
    let (mut y, mut m) = from;
    while (y, m) <= to && out.len() < 120 {
        let Some((start, end)) = crate::domain::fiscal_year::checked_month_range(y, m) else {
            break;
        };
        let prev = start.pred_opt().unwrap_or(start);
        let o: Value = office_id.into();
        let (s, e, p): (Value, Value, Value) = (start.into(), end.into(), prev.into());
        let values = vec![
            o.clone(),
            s.clone(),
            e.clone(),
            o.clone(),
            p.clone(),
            p.clone(),
            p.clone(),
            o.clone(),
            s.clone(),
            e.clone(),
            o.clone(),
            p.clone(),
            p.clone(),
            p,
            o.clone(),
            s.clone(),
            e.clone(),
            o,
            s,
            e,
        ];
        let found = rows(db, MONTH_SQL, values).await?;
        let row = found.first();
        let n = |i| {
            row.map(|r| int(r, i))
                .transpose()
                .map(Option::unwrap_or_default)
        };
        out.push(month_figures(
            (y, m),
            Counts {
                new_openings: n(0)?,
                valid_openings: n(1)? + n(0)?,
                new_seekers: n(2)?,
                valid_seekers: n(3)? + n(2)?,
                referrals: n(4)?,
                placements: n(5)?,
            },
            population,
        ));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    Ok(out)
}
