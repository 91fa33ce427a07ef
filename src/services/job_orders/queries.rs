//! Reading job orders: expiry at read time, one order and its versions, the filtered and
//! bounded lists of the staff pages and the API.
use super::*;

/// Whether an order counts as expired on `today`: open, but its validity ended before. Reads
/// show and filter such an order as 期限切れ at once; the scheduled job ([`expire_due`]) writes
/// the state later.
pub fn is_due(m: &job_order::Model, today: NaiveDate) -> bool {
    m.state == JobOrderState::Open && m.valid_until.is_some_and(|v| v < today)
}

/// The order as it stands on `today`: an open order past its validity is 期限切れ (closed on its
/// last valid day), whether or not the scheduled job has written that yet.
pub fn effective(mut m: job_order::Model, today: NaiveDate) -> job_order::Model {
    if is_due(&m, today) {
        m.state = JobOrderState::Expired;
        m.closed_on = m.valid_until;
    }
    m
}

/// SQL: the order is open and still valid on `today`.
pub fn open_on(today: NaiveDate) -> Condition {
    Condition::all()
        .add(job_order::Column::State.eq(JobOrderState::Open))
        .add(job_order::Column::ValidUntil.gte(today))
}

/// SQL: the order counts as expired on `today` (written, or open past its validity).
pub(super) fn expired_on(today: NaiveDate) -> Condition {
    Condition::any()
        .add(job_order::Column::State.eq(JobOrderState::Expired))
        .add(
            Condition::all()
                .add(job_order::Column::State.eq(JobOrderState::Open))
                .add(job_order::Column::ValidUntil.lt(today)),
        )
}

/// Orders expired per batch (one transaction each, so writers are never held up for long).
pub(super) const EXPIRY_BATCH: u64 = 500;

/// Expire every open order whose validity ended before `today` (all offices), in batches, each
/// with its audit entries in one transaction. Returns how many. Run by the scheduled job.
pub async fn expire_due(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, sea_orm::DbErr> {
    let mut n = 0;
    loop {
        let due: Vec<(i32, i32, Option<NaiveDate>)> = job_order::Entity::find()
            .filter(job_order::Column::State.eq(JobOrderState::Open))
            .filter(job_order::Column::ValidUntil.lt(today))
            .select_only()
            .column(job_order::Column::Id)
            .column(job_order::Column::OfficeId)
            .column(job_order::Column::ValidUntil)
            .order_by_asc(job_order::Column::ValidUntil)
            .order_by_asc(job_order::Column::Id)
            .limit(EXPIRY_BATCH)
            .into_tuple()
            .all(db)
            .await?;
        if due.is_empty() {
            return Ok(n);
        }
        let txn = db.begin().await?;
        for (id, office_id, valid_until) in &due {
            let res = job_order::Entity::update_many()
                .col_expr(
                    job_order::Column::State,
                    Expr::value(JobOrderState::Expired),
                )
                .col_expr(job_order::Column::ClosedOn, Expr::value(*valid_until))
                .col_expr(job_order::Column::UpdatedAt, Expr::value(now()))
                .filter(job_order::Column::Id.eq(*id))
                .filter(job_order::Column::State.eq(JobOrderState::Open))
                .exec(&txn)
                .await?;
            if res.rows_affected == 1 {
                n += 1;
                audit::record(
                    &txn,
                    &Actor::system(),
                    Some(*office_id),
                    "expire",
                    "job_order",
                    Some(id.to_string()),
                    "有効期限切れ",
                )
                .await?;
            }
        }
        txn.commit().await?;
        if (due.len() as u64) < EXPIRY_BATCH {
            return Ok(n);
        }
    }
}

pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<job_order::Model> {
    job_order::Entity::find_by_id(id)
        .filter(job_order::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn versions<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<Vec<(job_order_version::Model, JobOrderTerms)>> {
    get(db, office_id, id).await?;
    let rows = job_order_version::Entity::find()
        .filter(job_order_version::Column::JobOrderId.eq(id))
        .order_by_asc(job_order_version::Column::Version)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|v| {
            let t = serde_json::from_str(&v.terms_json).unwrap_or_default();
            (v, t)
        })
        .collect())
}

/// The version in force (the last accepted one).
pub async fn accepted_terms<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<Option<(job_order_version::Model, JobOrderTerms)>> {
    Ok(versions(db, office_id, id).await?.pop())
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct JobOrderFilter {
    pub q: String,
    pub state: String,
    pub occupation: String,
    pub municipality: String,
    /// Upper bound of weekly hours (e.g. 20 → orders under 20 h a week).
    pub max_weekly_hours: String,
    pub employer_id: Option<i32>,
    pub staff_id: Option<i32>,
    /// Days until expiry (e.g. 14 → expiring within two weeks).
    pub expiring_within: String,
    pub sort: String,
    pub page: Option<u64>,
}

pub struct JobOrderRow {
    pub order: job_order::Model,
    pub employer_name: String,
}

pub struct JobOrderPage {
    pub rows: Vec<JobOrderRow>,
    /// How many orders match, counted up to [`COUNT_CAP`].
    pub total: u64,
    /// More than [`COUNT_CAP`] match (shown as 「1万件以上」).
    pub capped: bool,
    pub page: u64,
    pub pages: u64,
}

pub const PAGE_SIZE: u64 = 50;
/// Counts stop here: past it a list says 「1万件以上」 instead of scanning every match.
pub const COUNT_CAP: u64 = 10_000;
/// The deepest page of a list: OFFSET over an index never skips more than [`COUNT_CAP`] rows.
pub const MAX_PAGE: u64 = COUNT_CAP / PAGE_SIZE;

/// The text of a bounded count: 「1,234」 or 「1万件以上」 (without 件 for the exact number).
pub fn count_label(total: u64, capped: bool) -> String {
    if capped {
        "1万件以上".into()
    } else {
        total.to_string()
    }
}

/// Escape `%`, `_` and `\` for `LIKE … ESCAPE '\'`.
pub fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// SQL: the column contains `s` literally (`%` and `_` are not wildcards).
pub fn contains_literal<Col: ColumnTrait>(col: Col, s: &str) -> sea_orm::sea_query::SimpleExpr {
    col.like(sea_orm::sea_query::LikeExpr::new(format!("%{}%", like_escape(s))).escape('\\'))
}

/// SQL: `search_text` contains the (normalised) keyword. Three characters or more go through the
/// trigram index (SQLite FTS5 `trigram`, PostgreSQL `pg_trgm` GIN); shorter ones are a `LIKE`.
///
/// `narrowed`: another filter (an occupation) picks its own index range. SQLite would otherwise
/// start from every order the phrase matches (it cannot know how many: a common job title
/// matches one in a hundred orders) and fetch each one's row; with `+id` the occupation's
/// covering index drives and the phrase's matches are only looked up.
pub fn keyword_condition(
    backend: DbBackend,
    term: &str,
    narrowed: bool,
) -> sea_orm::sea_query::SimpleExpr {
    let norm = normalize_name_for_match(term);
    if norm.chars().count() >= 3 && backend == DbBackend::Sqlite {
        let phrase = format!("\"{}\"", norm.replace('"', "\"\""));
        let id = if narrowed {
            "+\"job_orders\".\"id\""
        } else {
            "\"job_orders\".\"id\""
        };
        Expr::cust_with_values(
            format!("{id} IN (SELECT rowid FROM job_orders_fts WHERE job_orders_fts MATCH ?)"),
            [phrase],
        )
    } else {
        contains_literal(job_order::Column::SearchText, &norm)
    }
}

/// A page of a list and how many match, as [`page_counted`] gives them.
pub struct Counted<T> {
    pub rows: Vec<T>,
    /// How many match, counted up to the cap.
    pub total: u64,
    /// More than the cap match.
    pub capped: bool,
    /// The page shown (1-based): the one asked for, within the pages there are (past the cap,
    /// the cap's last page).
    pub page: u64,
}

/// Page `requested` (1-based, `size` rows) of `ordered`, and how many rows `q` (the same
/// filter, unordered) yields, counted up to `cap`. The first page is read before counting:
/// when it is not full it is every match, and the count (which reads the matches again) is
/// skipped.
pub async fn page_counted<E, C>(
    db: &C,
    q: sea_orm::Select<E>,
    ordered: sea_orm::Select<E>,
    requested: Option<u64>,
    size: u64,
    cap: u64,
) -> Result<Counted<E::Model>, sea_orm::DbErr>
where
    E: EntityTrait,
    E::Model: Send + Sync,
    C: ConnectionTrait,
{
    let requested = requested.unwrap_or(1);
    let first = if requested <= 1 {
        Some(ordered.clone().limit(size).all(db).await?)
    } else {
        None
    };
    let (total, capped) =
        bounded_count_beyond(db, q, first.as_ref().map(Vec::len), size, cap).await?;
    let last = if capped {
        cap / size
    } else {
        total.div_ceil(size).max(1)
    };
    let page = requested.clamp(1, last);
    let rows = match first {
        Some(rows) => rows,
        None => {
            ordered
                .offset((page - 1) * size)
                .limit(size)
                .all(db)
                .await?
        }
    };
    Ok(Counted {
        rows,
        total,
        capped,
        page,
    })
}

/// Like [`bounded_count`], for a list whose first page was read first (`first_page`: how many
/// rows it held, when it was read): a first page that is not full holds every match, so nothing
/// is counted.
pub async fn bounded_count_beyond<E, C>(
    db: &C,
    q: sea_orm::Select<E>,
    first_page: Option<usize>,
    page_size: u64,
    cap: u64,
) -> Result<(u64, bool), sea_orm::DbErr>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    match first_page {
        Some(n) if (n as u64) < page_size => Ok((n as u64, false)),
        _ => bounded_count(db, q, cap).await,
    }
}

/// How many rows `q` yields, counting at most `cap + 1`: (count, more than `cap`).
pub async fn bounded_count<E, C>(
    db: &C,
    q: sea_orm::Select<E>,
    cap: u64,
) -> Result<(u64, bool), sea_orm::DbErr>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    use sea_orm::QueryTrait;
    let backend = db.get_database_backend();
    let inner = q
        .select_only()
        .column_as(Expr::value(1), "one")
        .limit(cap + 1)
        .into_query();
    let outer = sea_orm::sea_query::Query::select()
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .from_subquery(inner, "bounded")
        .to_owned();
    let row = db.query_one(&outer).await?;
    let n: i64 = match row {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    let n = n.max(0) as u64;
    let _ = backend;
    Ok((n.min(cap), n > cap))
}

/// The orders of the office that match the filter (unsorted). States are as on `today`: an
/// open order past its validity counts as 期限切れ.
pub(super) fn filtered(
    backend: DbBackend,
    office_id: i32,
    f: &JobOrderFilter,
    today: NaiveDate,
    occupation_codes: Option<Vec<String>>,
) -> sea_orm::Select<job_order::Entity> {
    let mut q = job_order::Entity::find().filter(job_order::Column::OfficeId.eq(office_id));
    match f.state.as_str() {
        "open" => q = q.filter(open_on(today)),
        "expired" => q = q.filter(expired_on(today)),
        "active" => {
            q = q.filter(
                Condition::any()
                    .add(
                        job_order::Column::State
                            .is_in([JobOrderState::Draft, JobOrderState::Submitted]),
                    )
                    .add(open_on(today)),
            )
        }
        "pending" => {
            q = q.filter(
                Condition::any()
                    .add(job_order::Column::State.eq(JobOrderState::Submitted))
                    .add(job_order::Column::ChangePending.eq(true)),
            )
        }
        st => {
            if let Some(state) = JobOrderState::parse(st) {
                q = q.filter(job_order::Column::State.eq(state));
            }
        }
    }
    let term = f.q.trim();
    if !term.is_empty() {
        q = q.filter(keyword_condition(backend, term, occupation_codes.is_some()));
    }
    if let Some(codes) = occupation_codes {
        q = q.filter(job_order::Column::OccupationCode.is_in(codes));
    }
    if !f.municipality.trim().is_empty() {
        q = q.filter(contains_literal(
            job_order::Column::WorkplaceMunicipality,
            f.municipality.trim(),
        ));
    }
    if let Ok(h) = crate::domain::normalize::nfkc(f.max_weekly_hours.trim()).parse::<f64>() {
        q = q.filter(job_order::Column::WeeklyMinutes.lt((h * 60.0) as i32));
    }
    if let Some(e) = f.employer_id {
        q = q.filter(job_order::Column::EmployerId.eq(e));
    }
    if let Some(s) = f.staff_id {
        q = q.filter(job_order::Column::StaffInChargeId.eq(s));
    }
    if let Ok(days) = f.expiring_within.trim().parse::<i64>() {
        q = q
            .filter(open_on(today))
            .filter(job_order::Column::ValidUntil.lte(today + chrono::Duration::days(days)));
    }
    q
}

pub(super) async fn occupation_codes<C: ConnectionTrait>(
    db: &C,
    f: &JobOrderFilter,
) -> Result<Option<Vec<String>>, sea_orm::DbErr> {
    if f.occupation.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(
        refdata::occupation_codes_under(db, f.occupation.trim()).await?,
    ))
}

/// How many orders match the filter, counting at most [`COUNT_CAP`]: (count, more).
pub async fn count<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &JobOrderFilter,
    today: NaiveDate,
) -> Result<(u64, bool), sea_orm::DbErr> {
    let codes = occupation_codes(db, f).await?;
    let q = filtered(db.get_database_backend(), office_id, f, today, codes);
    bounded_count(db, q, COUNT_CAP).await
}

/// How many orders wait for review (new ones 受付, and changes of open ones), counting each kind
/// over its own index and at most [`COUNT_CAP`] of each: (count, more). The two kinds are
/// disjoint (a change is pending on an open order only).
pub async fn count_pending<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
) -> Result<(u64, bool), sea_orm::DbErr> {
    let office = job_order::Entity::find().filter(job_order::Column::OfficeId.eq(office_id));
    let (new, more_new) = bounded_count(
        db,
        office
            .clone()
            .filter(job_order::Column::State.eq(JobOrderState::Submitted)),
        COUNT_CAP,
    )
    .await?;
    let (changes, more_changes) = bounded_count(
        db,
        office.filter(job_order::Column::ChangePending.eq(true)),
        COUNT_CAP,
    )
    .await?;
    let n = new + changes;
    Ok((n.min(COUNT_CAP), more_new || more_changes || n > COUNT_CAP))
}

/// A page of the office's orders for the staff list, the portal and the API: the list columns
/// only (the search text is left empty), states as on `today`.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &JobOrderFilter,
    today: NaiveDate,
) -> Result<JobOrderPage, sea_orm::DbErr> {
    let codes = occupation_codes(db, f).await?;
    let q = filtered(db.get_database_backend(), office_id, f, today, codes);
    // Every order has an index behind it (office, key, id), so a page is an index range.
    let sorted = q.clone();
    let ordered = match f.sort.as_str() {
        "valid_until" => sorted
            .order_by_asc(job_order::Column::ValidUntil)
            .order_by_asc(job_order::Column::Id),
        "number" => sorted
            .order_by_desc(job_order::Column::Number)
            .order_by_desc(job_order::Column::Id),
        "hours" => sorted
            .order_by_asc(job_order::Column::WeeklyMinutes)
            .order_by_asc(job_order::Column::Id),
        "occupation" => sorted
            .order_by_asc(job_order::Column::OccupationTitle)
            .order_by_asc(job_order::Column::Id),
        _ => sorted
            .order_by_desc(job_order::Column::UpdatedAt)
            .order_by_desc(job_order::Column::Id),
    };
    // Past the counted orders a page would skip more than the cap over the index: the list
    // stops there (sort the other way, or narrow the search, to reach the rest).
    let Counted {
        rows: orders,
        total,
        capped,
        page,
    } = page_counted(db, q, narrow(ordered), f.page, PAGE_SIZE, COUNT_CAP).await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let ids: Vec<i32> = orders.iter().map(|o| o.employer_id).collect();
    let names = crate::services::employers::names(db, ids).await?;
    let rows = orders
        .into_iter()
        .map(|order| JobOrderRow {
            employer_name: names.get(&order.employer_id).cloned().unwrap_or_default(),
            order: effective(order, today),
        })
        .collect();
    let pages = if capped {
        (page + 1).min(MAX_PAGE)
    } else {
        pages
    };
    Ok(JobOrderPage {
        rows,
        total,
        capped,
        page,
        pages,
    })
}

/// A select of orders without the search text (it comes back empty).
pub fn narrow(q: sea_orm::Select<job_order::Entity>) -> sea_orm::Select<job_order::Entity> {
    use sea_orm::Iterable;
    let mut q = q.select_only();
    for c in job_order::Column::iter() {
        match c {
            job_order::Column::SearchText => {
                q = q.column_as(Expr::value(""), sea_orm::IdenStatic::as_str(&c))
            }
            c => q = q.column(c),
        }
    }
    q
}

/// The accepted terms (JSON) of the given (order id, version) pairs, in one query: order id →
/// the version's `terms_json`. Pairs whose version does not exist are left out.
pub async fn version_json<C: ConnectionTrait>(
    db: &C,
    wanted: &[(i32, i32)],
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let want: HashMap<i32, i32> = wanted.iter().copied().collect();
    // Orders and versions each as one IN list (an index range per order); the pairs are
    // picked out here.
    let rows: Vec<(i32, i32, String)> = job_order_version::Entity::find()
        .filter(job_order_version::Column::JobOrderId.is_in(want.keys().copied()))
        .filter(
            job_order_version::Column::Version.is_in(
                want.values()
                    .copied()
                    .collect::<std::collections::BTreeSet<i32>>(),
            ),
        )
        .select_only()
        .column(job_order_version::Column::JobOrderId)
        .column(job_order_version::Column::Version)
        .column(job_order_version::Column::TermsJson)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(id, v, _)| want.get(id) == Some(v))
        .map(|(id, _, json)| (id, json))
        .collect())
}

/// The terms of the given (order id, version) pairs, in one query: order id → terms (left out
/// where they cannot be read).
pub async fn terms_of_versions<C: ConnectionTrait>(
    db: &C,
    wanted: &[(i32, i32)],
) -> Result<HashMap<i32, JobOrderTerms>, sea_orm::DbErr> {
    Ok(version_json(db, wanted)
        .await?
        .into_iter()
        .filter_map(|(id, json)| Some((id, serde_json::from_str(&json).ok()?)))
        .collect())
}
