//! 求人管理簿, 求職管理簿 and the referral ledger (紹介台帳): columns in the order of
//! statutory.md §7F / §7G, each row with its referral history. Rows are produced a page at a
//! time so that an export of any size never holds every row in memory.
use super::{job_seekers, refdata};
use crate::domain::placement::left_within_six_months;
use crate::domain::states::{JobOrderState, ReferralState, SeekerState, StateName};
use crate::present::format;
use chrono::NaiveDate;
use entity::{employer, job_order, job_seeker, placement, referral};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ledger {
    JobOrders,
    JobSeekers,
    Referrals,
}

impl Ledger {
    pub fn from_slug(s: &str) -> Option<Self> {
        match s {
            "job-orders" => Some(Self::JobOrders),
            "job-seekers" => Some(Self::JobSeekers),
            "referrals" => Some(Self::Referrals),
            _ => None,
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            Self::JobOrders => "job-orders",
            Self::JobSeekers => "job-seekers",
            Self::Referrals => "referrals",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Self::JobOrders => "求人管理簿",
            Self::JobSeekers => "求職管理簿",
            Self::Referrals => "紹介台帳",
        }
    }
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Self::JobOrders => &[
                "求人番号",
                "求人者の氏名又は名称",
                "求人者の所在地",
                "求人に係る連絡先",
                "求人受付年月日",
                "求人の有効期間",
                "求人数",
                "職種",
                "就業場所",
                "雇用期間",
                "賃金",
                "状態",
                "職業紹介の取扱状況（紹介年月日・求職者・採否・採用年月日・無期・6か月以内離職）",
            ],
            Self::JobSeekers => &[
                "求職番号",
                "求職者の氏名",
                "住所",
                "生年月日",
                "希望職種",
                "求職受付年月日",
                "求職の有効期間",
                "状態",
                "職業紹介の取扱状況（紹介年月日・紹介先求人者・採否・採用年月日・無期・6か月以内離職）",
            ],
            Self::Referrals => &[
                "紹介番号",
                "紹介年月日",
                "求人番号",
                "求人者",
                "職種",
                "求職番号",
                "求職者",
                "労働条件の明示（日・方法・版）",
                "採否",
                "結果受領日",
                "採用年月日",
                "雇用期間",
                "6か月以内離職",
            ],
        }
    }
    /// Relative column widths for the PDF.
    pub fn widths(self) -> &'static [f32] {
        match self {
            Self::JobOrders => &[
                7.0, 9.0, 10.0, 8.0, 6.0, 8.0, 4.0, 8.0, 9.0, 6.0, 7.0, 5.0, 20.0,
            ],
            Self::JobSeekers => &[7.0, 9.0, 13.0, 7.0, 10.0, 7.0, 9.0, 6.0, 25.0],
            Self::Referrals => &[
                7.0, 7.0, 7.0, 10.0, 9.0, 7.0, 8.0, 11.0, 5.0, 7.0, 7.0, 6.0, 6.0,
            ],
        }
    }
}

/// Period (by 受付年月日 / 紹介年月日) and state.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct LedgerFilter {
    pub from: String,
    pub to: String,
    /// `active` or `closed` (empty = all)
    pub state: String,
    pub page: Option<u64>,
    /// CSV: `sjis` for Shift_JIS
    pub encoding: Option<String>,
}

impl LedgerFilter {
    fn range(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let p = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        (p(&self.from), p(&self.to))
    }
}

pub const PAGE_SIZE: u64 = 100;
/// The on-screen ledger counts this many rows at most (100 pages).
pub const SCREEN_CAP: u64 = 10_000;

fn yes_no(b: bool) -> &'static str {
    if b { "はい" } else { "いいえ" }
}

/// A line of an order's or a seeker's referral history: the referral, the other party's name,
/// and the hire (if there was one). Read as one element of the owner's `history` array
/// ([`history_of`]): `[referred_on, state, who, start_date, contract_indefinite, left_on]`.
#[derive(Clone, Debug, Deserialize)]
struct HistoryLine(
    NaiveDate,
    ReferralState,
    /// The seeker's name on an order's line, the employer's on a seeker's.
    String,
    Option<NaiveDate>,
    /// 1 or 0 (a boolean in neither database's JSON), `None` without a hire.
    Option<i64>,
    Option<NaiveDate>,
);

impl HistoryLine {
    fn text(&self) -> String {
        let Self(referred_on, state, who, start_date, indefinite, left_on) = self;
        let mut s = format!("{} {} {}", format::date(*referred_on), who, state.label());
        if let Some(start) = *start_date {
            s.push_str(&format!(
                " 採用{} 無期:{} 6か月以内離職:{}",
                format::date(start),
                yes_no(indefinite.unwrap_or(0) != 0),
                match left_on {
                    Some(l) if left_within_six_months(start, *l) => "あり",
                    _ => "なし",
                }
            ));
        }
        s
    }
}

/// Whose referral histories a ledger shows.
#[derive(Clone, Copy, Debug)]
enum HistoryOf {
    /// Job orders: each line names the seeker.
    Orders,
    /// Job seekers: each line names the employer.
    Seekers,
}

/// The referral history of each row of the ledger's own table, in date order, as one JSON
/// array a row (`NULL` or `[]` without referrals): a correlated subquery that joins the
/// referrals with the other party's name and the hire. One value a row instead of one row a
/// referral, so an export hands the database's rows over once per order, not three times.
fn history_of(backend: sea_orm::DbBackend, of: HistoryOf) -> sea_orm::sea_query::SimpleExpr {
    let (owner, owner_table, named, named_via) = match of {
        HistoryOf::Orders => ("job_order_id", "job_orders", "job_seekers", "job_seeker_id"),
        HistoryOf::Seekers => ("job_seeker_id", "job_seekers", "employers", "employer_id"),
    };
    // A hire's 無期 as 1/0 on both databases (PostgreSQL's JSON would say true/false).
    let indefinite = match backend {
        sea_orm::DbBackend::Postgres => "h_p.contract_indefinite::int",
        _ => "h_p.contract_indefinite",
    };
    let lines = super::packed::aggregate(
        backend,
        &format!("h_r.referred_on, h_r.state, h_n.name, h_p.start_date, {indefinite}, h_p.left_on"),
        "h_r.referred_on, h_r.id",
    );
    Expr::cust(format!(
        "(SELECT {lines} \
         FROM referrals h_r \
         JOIN {named} h_n ON h_n.id = h_r.{named_via} \
         LEFT JOIN placements h_p ON h_p.referral_id = h_r.id \
         WHERE h_r.{owner} = {owner_table}.id)"
    ))
}

/// A row's history as read inside a packed page: its JSON text (PostgreSQL), or the array
/// itself where SQLite passes it on as JSON.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
enum History {
    Text(String),
    Lines(Vec<HistoryLine>),
}

/// A row's history as the ledger's cell: one line per referral.
fn history_text(history: Option<History>) -> Result<String, sea_orm::DbErr> {
    let lines: Vec<HistoryLine> = match history {
        Some(History::Text(h)) => serde_json::from_str(&h)
            .map_err(|e| sea_orm::DbErr::Type(format!("referral history: {e}")))?,
        Some(History::Lines(lines)) => lines,
        None => Vec::new(),
    };
    Ok(lines
        .iter()
        .map(HistoryLine::text)
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The referral histories of these seekers (`ids`) as the ledger's cells: seeker → cell.
async fn seeker_histories<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i32>,
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    let rows: Vec<(i32, Option<String>)> = job_seeker::Entity::find()
        .select_only()
        .column(job_seeker::Column::Id)
        .expr(history_of(db.get_database_backend(), HistoryOf::Seekers))
        .filter(job_seeker::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(id, h)| Ok((id, history_text(h.map(History::Text))?)))
        .collect()
}

/// A row of the 求人管理簿 as read, in one join: the order, its employer, and the terms in
/// force (the latest version: versions are made only by acceptance, which puts the new one in
/// force).
#[derive(Clone, Debug, Deserialize)]
struct OrderLine {
    id: i32,
    number: Option<String>,
    received_on: Option<NaiveDate>,
    accepted_on: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    openings: i32,
    occupation_title: String,
    state: JobOrderState,
    employer_name: String,
    prefecture_code: String,
    municipality: String,
    address: String,
    contact_name: String,
    contact_phone: String,
    accepted_version: Option<i32>,
    workplace_municipality: String,
    workplace_address: String,
    #[serde(deserialize_with = "super::packed::bool_or_number")]
    contract_indefinite: bool,
    contract_months: i32,
    contract_days: i32,
    wage_form: String,
    base_wage_min: i32,
    base_wage_max: i32,
    /// The referral history ([`history_of`]).
    history: Option<History>,
}

/// A page of the 求人管理簿's rows with their employers and terms.
async fn order_lines<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &LedgerFilter,
    at: PageAt,
    size: u64,
) -> Result<Vec<OrderLine>, sea_orm::DbErr> {
    use employer::Column as E;
    use job_order::Column as O;
    use sea_orm::JoinType;
    let q = paged(order_query(office_id, f), O::ReceivedOn, O::Id, at, size)
        .select_only()
        .columns([
            O::Id,
            O::Number,
            O::ReceivedOn,
            O::AcceptedOn,
            O::ValidUntil,
            O::ClosedOn,
            O::Openings,
            O::OccupationTitle,
            O::State,
        ])
        .column_as(E::Name, "employer_name")
        .columns([
            E::PrefectureCode,
            E::Municipality,
            E::Address,
            E::ContactName,
            E::ContactPhone,
        ])
        // The terms in force, from the fact columns written with the accepted version.
        .columns([
            O::AcceptedVersion,
            O::WorkplaceMunicipality,
            O::WorkplaceAddress,
            O::ContractIndefinite,
            O::ContractMonths,
            O::ContractDays,
            O::WageForm,
            O::BaseWageMin,
            O::BaseWageMax,
        ])
        .expr_as(
            history_of(db.get_database_backend(), HistoryOf::Orders),
            "history",
        )
        .join(
            JoinType::InnerJoin,
            job_order::Entity::belongs_to(employer::Entity)
                .from(O::EmployerId)
                .to(E::Id)
                .into(),
        );
    // Packed: a page crosses from the database's worker in one value, not 500 rows.
    super::packed::rows(
        db,
        sea_orm::QueryTrait::into_query(q),
        ORDER_LINE,
        "received_on, id",
    )
    .await
}

/// The columns of [`OrderLine`], in its order (the page's select names them so).
const ORDER_LINE: &[&str] = &[
    "id",
    "number",
    "received_on",
    "accepted_on",
    "valid_until",
    "closed_on",
    "openings",
    "occupation_title",
    "state",
    "employer_name",
    "prefecture_code",
    "municipality",
    "address",
    "contact_name",
    "contact_phone",
    "accepted_version",
    "workplace_municipality",
    "workplace_address",
    "contract_indefinite",
    "contract_months",
    "contract_days",
    "wage_form",
    "base_wage_min",
    "base_wage_max",
    "history",
];

/// The filtered, ordered rows of the 求人管理簿 (by 受付年月日).
fn order_query(office_id: i32, f: &LedgerFilter) -> Select<job_order::Entity> {
    let (from, to) = f.range();
    let mut q = job_order::Entity::find()
        .filter(job_order::Column::OfficeId.eq(office_id))
        .filter(job_order::Column::ReceivedOn.is_not_null());
    if let Some(d) = from {
        q = q.filter(job_order::Column::ReceivedOn.gte(d));
    }
    if let Some(d) = to {
        q = q.filter(job_order::Column::ReceivedOn.lte(d));
    }
    q = match f.state.as_str() {
        "active" => q.filter(
            job_order::Column::State.is_in([JobOrderState::Submitted, JobOrderState::Open]),
        ),
        "closed" => q.filter(job_order::Column::State.is_in([
            JobOrderState::Rejected,
            JobOrderState::Filled,
            JobOrderState::Stopped,
            JobOrderState::Cancelled,
            JobOrderState::Expired,
        ])),
        _ => q,
    };
    q.order_by_asc(job_order::Column::ReceivedOn)
        .order_by_asc(job_order::Column::Id)
}

/// The filtered, ordered rows of the 求職管理簿 (by 求職受付年月日).
fn seeker_query(office_id: i32, f: &LedgerFilter) -> Select<job_seeker::Entity> {
    let (from, to) = f.range();
    let mut q = job_seeker::Entity::find().filter(job_seeker::Column::OfficeId.eq(office_id));
    if let Some(d) = from {
        q = q.filter(job_seeker::Column::RegisteredOn.gte(d));
    }
    if let Some(d) = to {
        q = q.filter(job_seeker::Column::RegisteredOn.lte(d));
    }
    if let Some(state) = SeekerState::parse(&f.state) {
        q = q.filter(job_seeker::Column::State.eq(state));
    }
    q.order_by_asc(job_seeker::Column::RegisteredOn)
        .order_by_asc(job_seeker::Column::Id)
}

/// The filtered, ordered rows of the referral ledger (by 紹介年月日).
fn referral_query(office_id: i32, f: &LedgerFilter) -> Select<referral::Entity> {
    let (from, to) = f.range();
    let mut q = referral::Entity::find().filter(referral::Column::OfficeId.eq(office_id));
    if let Some(d) = from {
        q = q.filter(referral::Column::ReferredOn.gte(d));
    }
    if let Some(d) = to {
        q = q.filter(referral::Column::ReferredOn.lte(d));
    }
    q = match f.state.as_str() {
        "active" => q.filter(referral::Column::State.eq(ReferralState::Referred)),
        "closed" => q.filter(referral::Column::State.ne(ReferralState::Referred)),
        _ => q,
    };
    q.order_by_asc(referral::Column::ReferredOn)
        .order_by_asc(referral::Column::Id)
}

/// Rows for the filter, counting at most `cap`: (count, more than `cap`).
pub async fn count<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    ledger: Ledger,
    f: &LedgerFilter,
    cap: u64,
) -> Result<(u64, bool), sea_orm::DbErr> {
    use super::job_orders::bounded_count;
    match ledger {
        Ledger::JobOrders => bounded_count(db, order_query(office_id, f), cap).await,
        Ledger::JobSeekers => bounded_count(db, seeker_query(office_id, f), cap).await,
        Ledger::Referrals => bounded_count(db, referral_query(office_id, f), cap).await,
    }
}

/// The most rows a printed ledger holds (about 80 A4 pages); more must be narrowed by period,
/// and the whole ledger is the CSV, which streams.
pub const PRINT_CAP: u64 = 2_000;

/// Every row of the filter for printing, read page by page along the (date, id) key; refused
/// (with what to do instead) past `cap` rows ([`PRINT_CAP`] for the pages), so a print never
/// grows with the office.
pub async fn rows_for_print<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    ledger: Ledger,
    f: &LedgerFilter,
    cap: u64,
) -> super::ServiceResult<Vec<Vec<String>>> {
    let (n, more) = count(db, office_id, ledger, f, cap).await?;
    if more {
        return Err(super::ServiceError::Refused(format!(
            "{}の印刷は{}件までです（この条件では{}件を超えます）。期間を指定して分けて印刷するか、全件はCSVで出力してください。",
            ledger.title(),
            format::number(cap),
            format::number(cap),
        )));
    }
    let mut all = Vec::with_capacity(n as usize);
    let mut at = PageAt::After(None);
    loop {
        let (rows, last) = rows_at(db, office_id, ledger, f, at, 500).await?;
        let done = rows.len() < 500;
        all.extend(rows);
        match last {
            Some(key) if !done => at = PageAt::After(Some(key)),
            _ => break,
        }
    }
    Ok(all)
}

/// Where a page of a ledger starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageAt {
    /// A 0-based page number (the ledger pages on screen).
    Page(u64),
    /// After the row with this (date, id) key; `None` = from the first row. The export walks
    /// the whole ledger this way: each page is an index range, however deep.
    After(Option<(chrono::NaiveDate, i32)>),
}

/// The rows after `key` in (date, id) order. `date >= key` comes first so that the database
/// starts the (office, date, id) index at the key: an `OR` alone would be read from the
/// ledger's first row on every page (quadratic over an export).
fn after<E: EntityTrait>(
    q: Select<E>,
    date: impl ColumnTrait,
    id: impl ColumnTrait,
    key: (chrono::NaiveDate, i32),
) -> Select<E> {
    q.filter(date.gte(key.0)).filter(
        sea_orm::Condition::any()
            .add(date.gt(key.0))
            .add(id.gt(key.1)),
    )
}

fn paged<E: EntityTrait>(
    q: Select<E>,
    date: impl ColumnTrait,
    id: impl ColumnTrait,
    at: PageAt,
    size: u64,
) -> Select<E> {
    match at {
        PageAt::Page(p) => q.offset(p * size).limit(size),
        PageAt::After(Some(key)) => after(q, date, id, key).limit(size),
        PageAt::After(None) => q.limit(size),
    }
}

/// The (date, id) key of the last row of the full page that starts at `at` (`None` when that
/// page is the last one): where the next page starts, read from the index alone, so an export
/// can fetch the next page while this one is still being read.
pub async fn page_end<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    ledger: Ledger,
    f: &LedgerFilter,
    start: Option<(chrono::NaiveDate, i32)>,
    size: u64,
) -> Result<Option<(chrono::NaiveDate, i32)>, sea_orm::DbErr> {
    /// The `size`-th row after `start`: the same index range as the page, its last row only.
    async fn last<E: EntityTrait, C: ConnectionTrait>(
        db: &C,
        q: Select<E>,
        date: impl ColumnTrait,
        id: impl ColumnTrait,
        start: Option<(chrono::NaiveDate, i32)>,
        size: u64,
    ) -> Result<Option<(chrono::NaiveDate, i32)>, sea_orm::DbErr> {
        let q = match start {
            Some(key) => after(q, date, id, key),
            None => q,
        };
        // The 求人管理簿's date may be NULL in the column (never in the ledger's rows).
        let row: Option<(Option<chrono::NaiveDate>, i32)> = q
            .select_only()
            .column(date)
            .column(id)
            .offset(size.saturating_sub(1))
            .limit(1)
            .into_tuple()
            .one(db)
            .await?;
        Ok(row.and_then(|(d, id)| d.map(|d| (d, id))))
    }
    match ledger {
        Ledger::JobOrders => {
            use job_order::Column as C;
            last(
                db,
                order_query(office_id, f),
                C::ReceivedOn,
                C::Id,
                start,
                size,
            )
            .await
        }
        Ledger::JobSeekers => {
            use job_seeker::Column as C;
            last(
                db,
                seeker_query(office_id, f),
                C::RegisteredOn,
                C::Id,
                start,
                size,
            )
            .await
        }
        Ledger::Referrals => {
            use referral::Column as C;
            last(
                db,
                referral_query(office_id, f),
                C::ReferredOn,
                C::Id,
                start,
                size,
            )
            .await
        }
    }
}

/// Rows a page of an export holds.
pub const EXPORT_PAGE: u64 = 500;

/// Pages an export reads at once: each on its own pooled connection and runtime thread, so
/// the database and the shaping of rows keep both cores busy (the whole 求人管理簿 of a
/// million orders: 23–25 s with three, 19–20 s with four; the pool keeps four connections
/// for everyone else).
pub const EXPORT_PAGES_AT_ONCE: usize = 4;

/// The whole ledger for the filter, `page` rows at a time, in ledger order, each page turned
/// into `T` by `each` (e.g. the page's CSV bytes): each page is an index range however deep
/// (by key, not OFFSET), and where the next page starts is read from the index alone, so
/// [`EXPORT_PAGES_AT_ONCE`] pages are read and shaped at once and still come out in order.
pub fn export<T: Send + 'static>(
    db: sea_orm::DatabaseConnection,
    office_id: i32,
    ledger: Ledger,
    f: LedgerFilter,
    page: u64,
    each: impl Fn(Vec<Vec<String>>) -> T + Clone + Send + Sync + 'static,
) -> impl futures_util::Stream<Item = Result<T, sea_orm::DbErr>> {
    use futures_util::StreamExt;
    let (db2, f2) = (db.clone(), f.clone());
    // `Some(start)`: a page starts after `start` (`None` = at the first row); `None`: done.
    futures_util::stream::unfold(Some(None), move |start| {
        let (db, f) = (db2.clone(), f2.clone());
        async move {
            let start: Option<(chrono::NaiveDate, i32)> = start?;
            match page_end(&db, office_id, ledger, &f, start, page).await {
                Ok(end) => Some((Ok(start), end.map(Some))),
                Err(e) => Some((Err(e), None)),
            }
        }
    })
    .map(move |start| {
        let (db, f, each) = (db.clone(), f.clone(), each.clone());
        // Spawned: the page's rows are decoded and shaped on any runtime thread, not on the
        // one that sends the export.
        let page = tokio::spawn(async move {
            let at = PageAt::After(start?);
            Ok(each(rows_at(&db, office_id, ledger, &f, at, page).await?.0))
        });
        async move {
            page.await
                .map_err(|e| sea_orm::DbErr::Custom(format!("export page: {e}")))?
        }
    })
    .buffered(EXPORT_PAGES_AT_ONCE)
}

/// One page of rows (0-based page), each as the ledger's columns.
pub async fn rows<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    ledger: Ledger,
    f: &LedgerFilter,
    page: u64,
    size: u64,
) -> Result<Vec<Vec<String>>, sea_orm::DbErr> {
    Ok(rows_at(db, office_id, ledger, f, PageAt::Page(page), size)
        .await?
        .0)
}

/// One page of rows from `at`, each as the ledger's columns, and the key of its last row.
pub async fn rows_at<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    ledger: Ledger,
    f: &LedgerFilter,
    at: PageAt,
    size: u64,
) -> Result<(Vec<Vec<String>>, Option<(chrono::NaiveDate, i32)>), sea_orm::DbErr> {
    match ledger {
        Ledger::JobOrders => {
            let orders = order_lines(db, office_id, f, at, size).await?;
            let last = orders.last().and_then(|o| o.received_on.map(|d| (d, o.id)));
            let prefectures = refdata::prefecture_names(db).await?;
            let mut out = Vec::with_capacity(orders.len());
            for o in orders {
                let pref = prefectures
                    .get(&o.prefecture_code)
                    .map(String::as_str)
                    .unwrap_or_default();
                // Before acceptance there are no terms in force.
                let accepted = o.accepted_version.is_some();
                out.push(vec![
                    o.number.unwrap_or_default(),
                    o.employer_name,
                    crate::domain::normalize::join_address(pref, &o.municipality, &o.address),
                    format!("{} {}", o.contact_name, o.contact_phone),
                    o.received_on.map(format::date).unwrap_or_default(),
                    match (o.accepted_on, o.valid_until) {
                        (Some(a), Some(v)) => format!(
                            "{}〜{}{}",
                            format::date(a),
                            format::date(v),
                            o.closed_on
                                .map(|c| format!("（{}終了）", format::date(c)))
                                .unwrap_or_default()
                        ),
                        _ => String::new(),
                    },
                    o.openings.to_string(),
                    o.occupation_title,
                    if accepted {
                        format!("{}{}", o.workplace_municipality, o.workplace_address)
                    } else {
                        String::new()
                    },
                    if !accepted {
                        String::new()
                    } else if o.contract_indefinite {
                        "期間の定めなし".to_owned()
                    } else if o.contract_months > 0 {
                        format!("期間の定めあり（{}か月）", o.contract_months)
                    } else {
                        format!("期間の定めあり（{}日）", o.contract_days)
                    },
                    if accepted {
                        crate::present::job_order_sheet::wage_range_text(
                            crate::domain::choices::parse(&o.wage_form).unwrap_or_default(),
                            o.base_wage_min.max(0) as u32,
                            o.base_wage_max.max(0) as u32,
                        )
                    } else {
                        String::new()
                    },
                    o.state.label().to_owned(),
                    history_text(o.history)?,
                ]);
            }
            Ok((out, last))
        }
        Ledger::JobSeekers => {
            let seekers = paged(
                seeker_query(office_id, f),
                job_seeker::Column::RegisteredOn,
                job_seeker::Column::Id,
                at,
                size,
            )
            .all(db)
            .await?;
            let last = seekers.last().map(|s| (s.registered_on, s.id));
            let mut history = seeker_histories(db, seekers.iter().map(|s| s.id).collect()).await?;
            let prefectures = refdata::prefecture_names(db).await?;
            let occupations = refdata::occupation_names(db).await?;
            let mut out = Vec::with_capacity(seekers.len());
            for s in seekers {
                let pref = prefectures
                    .get(&s.prefecture_code)
                    .cloned()
                    .unwrap_or_default();
                let occ: Vec<String> = job_seekers::desired_occupations(&s)
                    .iter()
                    .map(|c| occupations.get(c).cloned().unwrap_or_default())
                    .collect();
                out.push(vec![
                    s.number.clone(),
                    s.name.clone(),
                    crate::domain::normalize::join_address(&pref, &s.municipality, &s.address),
                    format::date(s.birth_date),
                    occ.join("、"),
                    format::date(s.registered_on),
                    format!(
                        "{}まで{}",
                        format::date(s.valid_until),
                        s.closed_on
                            .map(|c| format!("（{}終了）", format::date(c)))
                            .unwrap_or_default()
                    ),
                    if s.state == SeekerState::Active {
                        s.state.label().into()
                    } else {
                        job_seekers::label(
                            job_seekers::CLOSE_REASONS,
                            s.closed_reason.as_deref().unwrap_or(""),
                        )
                        .to_owned()
                    },
                    history.remove(&s.id).unwrap_or_default(),
                ]);
            }
            Ok((out, last))
        }
        Ledger::Referrals => {
            let refs = paged(
                referral_query(office_id, f),
                referral::Column::ReferredOn,
                referral::Column::Id,
                at,
                size,
            )
            .all(db)
            .await?;
            let last = refs.last().map(|r| (r.referred_on, r.id));
            // The number and title of each order, the number and name of each seeker.
            let orders: HashMap<i32, (Option<String>, String)> = job_order::Entity::find()
                .filter(
                    job_order::Column::Id
                        .is_in(refs.iter().map(|r| r.job_order_id).collect::<Vec<_>>()),
                )
                .select_only()
                .columns([
                    job_order::Column::Id,
                    job_order::Column::Number,
                    job_order::Column::OccupationTitle,
                ])
                .into_tuple::<(i32, Option<String>, String)>()
                .all(db)
                .await?
                .into_iter()
                .map(|(id, number, title)| (id, (number, title)))
                .collect();
            let seekers: HashMap<i32, (String, String)> = job_seeker::Entity::find()
                .filter(
                    job_seeker::Column::Id
                        .is_in(refs.iter().map(|r| r.job_seeker_id).collect::<Vec<_>>()),
                )
                .select_only()
                .columns([
                    job_seeker::Column::Id,
                    job_seeker::Column::Number,
                    job_seeker::Column::Name,
                ])
                .into_tuple::<(i32, String, String)>()
                .all(db)
                .await?
                .into_iter()
                .map(|(id, number, name)| (id, (number, name)))
                .collect();
            let employers =
                super::employers::names(db, refs.iter().map(|r| r.employer_id).collect()).await?;
            let placements: HashMap<i32, placement::Model> = placement::Entity::find()
                .filter(
                    placement::Column::ReferralId
                        .is_in(refs.iter().map(|r| r.id).collect::<Vec<_>>()),
                )
                .all(db)
                .await?
                .into_iter()
                .map(|p| (p.referral_id, p))
                .collect();
            let out = refs
                .into_iter()
                .map(|r| {
                    let o = orders.get(&r.job_order_id);
                    let s = seekers.get(&r.job_seeker_id);
                    let p = placements.get(&r.id);
                    vec![
                        r.number.clone(),
                        format::date(r.referred_on),
                        o.and_then(|o| o.0.clone()).unwrap_or_default(),
                        employers.get(&r.employer_id).cloned().unwrap_or_default(),
                        o.map(|o| o.1.clone()).unwrap_or_default(),
                        s.map(|s| s.0.clone()).unwrap_or_default(),
                        s.map(|s| s.1.clone()).unwrap_or_default(),
                        format!(
                            "{}・{}・第{}版",
                            format::date(r.conditions_shown_on),
                            if r.conditions_shown_method == "email" {
                                "電子メール"
                            } else {
                                "書面"
                            },
                            r.job_order_version
                        ),
                        r.state.label().to_owned(),
                        r.result_received_on.map(format::date).unwrap_or_default(),
                        p.map(|p| format::date(p.start_date)).unwrap_or_default(),
                        p.map(|p| {
                            if p.contract_indefinite {
                                "無期".to_owned()
                            } else {
                                format!("有期{}か月", p.contract_months.unwrap_or(0))
                            }
                        })
                        .unwrap_or_default(),
                        p.map(|p| {
                            match p.left_on {
                                Some(l) if left_within_six_months(p.start_date, l) => "あり",
                                _ => "なし",
                            }
                            .to_owned()
                        })
                        .unwrap_or_default(),
                    ]
                })
                .collect();
            Ok((out, last))
        }
    }
}
