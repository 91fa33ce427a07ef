//! The searchable and matchable facts of an order (occupation, place, hours, weekdays, wage)
//! in indexed columns of `job_orders`, written with each version and backfilled for old rows.
use super::*;
use crate::domain::job_order::ContractTerm;
use crate::domain::matching::ShiftSlot;

/// Copy list columns and the searchable facts from the form (as far as they can be read).
pub(super) async fn denormalize<C: ConnectionTrait>(
    db: &C,
    am: &mut job_order::ActiveModel,
    form: &JobOrderForm,
    employer_id: i32,
    number: Option<&str>,
) -> Result<(), sea_orm::DbErr> {
    let (terms, _) = form.to_terms();
    am.occupation_title = Set(terms.occupation_title.chars().take(200).collect());
    am.occupation_code = Set(terms.occupation_code.chars().take(8).collect());
    am.workplace_municipality = Set(terms.workplace_municipality.chars().take(100).collect());
    am.weekly_minutes = Set(terms.weekly_minutes as i32);
    am.openings = Set(terms.openings as i32);
    am.publishable = Set(terms.publishable);
    let majors = major_of(db, &terms.occupation_code).await?;
    let employer_name: Option<String> = entity::employer::Entity::find_by_id(employer_id)
        .select_only()
        .column(entity::employer::Column::NameNormalized)
        .into_tuple()
        .one(db)
        .await?;
    set_facts(
        am,
        &terms,
        &majors,
        number,
        employer_name.as_deref().unwrap_or_default(),
    );
    Ok(())
}

/// The major group of one occupation code, as a map for [`order_facts`].
pub(super) async fn major_of<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<HashMap<String, String>, sea_orm::DbErr> {
    let parent: Option<Option<String>> = entity::occupation::Entity::find()
        .filter(entity::occupation::Column::Revision.eq("2022"))
        .filter(entity::occupation::Column::Code.eq(code.trim()))
        .select_only()
        .column(entity::occupation::Column::ParentCode)
        .into_tuple()
        .one(db)
        .await?;
    Ok(parent
        .flatten()
        .map(|p| HashMap::from([(code.trim().to_owned(), p)]))
        .unwrap_or_default())
}

/// The version of the fact columns' definition; rows with an older one are refreshed by
/// [`backfill_facts`] (2: the matching and ledger columns from `full_time` on).
pub const FACTS_VERSION: i32 = 2;

/// The searchable and matchable facts of one version's terms, as stored in `job_orders`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderFacts {
    /// 大分類 of the occupation.
    pub occupation_major: String,
    pub prefecture_code: String,
    /// Weekdays worked, bit 0 = Monday … bit 6 = Sunday (a shift "by arrangement" counts as every day).
    pub weekday_mask: i32,
    /// Earliest shift start and latest shift end, minutes from midnight (an end past midnight
    /// is > 1440); 0 / 0 without shifts.
    pub earliest_start: i32,
    pub latest_end: i32,
    /// The wage as an hourly amount (yen, rounded down); 0 when unknown.
    pub hourly_wage_yen: i32,
    pub full_time: bool,
    pub start_date: Option<chrono::NaiveDate>,
    /// The shifts as matching reads them (`ShiftSlot::encode_all`).
    pub shift_slots: String,
    pub workplace_address: String,
    pub contract_indefinite: bool,
    pub contract_months: i32,
    pub contract_days: i32,
    pub wage_form: String,
    pub base_wage_min: i32,
    pub base_wage_max: i32,
}

/// The facts of `terms`; `majors` maps a middle group to its major group.
pub fn order_facts(terms: &JobOrderTerms, majors: &HashMap<String, String>) -> OrderFacts {
    let code = terms.occupation_code.trim();
    let occupation_major = match majors.get(code) {
        Some(m) => m.clone(),
        // A major group itself (or an unknown code: its own first two digits).
        None => code.chars().take(2).collect(),
    };
    let slots = ShiftSlot::of(&terms.shifts);
    let mask = slots.iter().fold(0, |m, s| m | i32::from(s.weekdays));
    let earliest = slots.iter().map(|s| i32::from(s.start)).min().unwrap_or(0);
    let latest = slots.iter().map(|s| i32::from(s.end)).max().unwrap_or(0);
    let (contract_indefinite, contract_months, contract_days) = match terms.contract {
        ContractTerm::Indefinite => (true, 0, 0),
        ContractTerm::Fixed { months, days } => (false, clamp_i32(months), clamp_i32(days)),
    };
    OrderFacts {
        occupation_major,
        prefecture_code: terms.workplace_prefecture_code.chars().take(2).collect(),
        full_time: terms.full_time,
        start_date: terms.start_date,
        shift_slots: ShiftSlot::encode_all(&slots),
        workplace_address: terms.workplace_address.clone(),
        contract_indefinite,
        contract_months,
        contract_days,
        wage_form: crate::domain::choices::code(&terms.wage_form),
        base_wage_min: clamp_i32(terms.base_wage_min),
        base_wage_max: clamp_i32(terms.base_wage_max),
        weekday_mask: mask,
        earliest_start: earliest,
        latest_end: latest,
        hourly_wage_yen: crate::domain::wage::hourly_equivalent_yen(terms)
            .map(|h| h.floor().clamp(0.0, i32::MAX as f64) as i32)
            .unwrap_or(0),
    }
}

/// The facts as stored in an order's row (what [`apply_facts`] wrote).
pub fn stored_facts(o: &job_order::Model) -> OrderFacts {
    OrderFacts {
        occupation_major: o.occupation_major.clone(),
        prefecture_code: o.prefecture_code.clone(),
        weekday_mask: o.weekday_mask,
        earliest_start: o.earliest_start,
        latest_end: o.latest_end,
        hourly_wage_yen: o.hourly_wage_yen,
        full_time: o.full_time,
        start_date: o.start_date,
        shift_slots: o.shift_slots.clone(),
        workplace_address: o.workplace_address.clone(),
        contract_indefinite: o.contract_indefinite,
        contract_months: o.contract_months,
        contract_days: o.contract_days,
        wage_form: o.wage_form.clone(),
        base_wage_min: o.base_wage_min,
        base_wage_max: o.base_wage_max,
    }
}

fn clamp_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The text keyword search looks in: 求人番号, 職種名 and the employer's name, normalised as
/// search terms are (NFKC, no spaces, lower case).
pub fn search_text(number: Option<&str>, title: &str, employer_name_normalized: &str) -> String {
    format!(
        "{}\n{}\n{}",
        number.unwrap_or_default().to_lowercase(),
        normalize_name_for_match(title),
        employer_name_normalized
    )
}

pub(super) fn set_facts(
    am: &mut job_order::ActiveModel,
    terms: &JobOrderTerms,
    majors: &HashMap<String, String>,
    number: Option<&str>,
    employer_name_normalized: &str,
) {
    apply_facts(am, order_facts(terms, majors));
    am.search_text = Set(search_text(
        number,
        &terms.occupation_title,
        employer_name_normalized,
    ));
}

/// Set the fact columns of `am` (not the search text) and mark them current.
pub fn apply_facts(am: &mut job_order::ActiveModel, f: OrderFacts) {
    am.occupation_major = Set(f.occupation_major);
    am.prefecture_code = Set(f.prefecture_code);
    am.weekday_mask = Set(f.weekday_mask);
    am.earliest_start = Set(f.earliest_start);
    am.latest_end = Set(f.latest_end);
    am.hourly_wage_yen = Set(f.hourly_wage_yen);
    am.full_time = Set(f.full_time);
    am.start_date = Set(f.start_date);
    am.shift_slots = Set(f.shift_slots);
    am.workplace_address = Set(f.workplace_address);
    am.contract_indefinite = Set(f.contract_indefinite);
    am.contract_months = Set(f.contract_months);
    am.contract_days = Set(f.contract_days);
    am.wage_form = Set(f.wage_form);
    am.base_wage_min = Set(f.base_wage_min);
    am.base_wage_max = Set(f.base_wage_max);
    am.facts_version = Set(FACTS_VERSION);
}

/// Fill the fact columns of orders written before they existed (or by an older definition):
/// from the accepted version in force, or the working copy before acceptance. Batches of 500,
/// each in one transaction; returns how many orders were filled. Run by `db::migrate`.
pub async fn backfill_facts(db: &DatabaseConnection) -> Result<u64, sea_orm::DbErr> {
    let majors = crate::services::refdata::occupation_majors();
    let mut n = 0;
    loop {
        #[allow(clippy::type_complexity)] // one row of a narrow select
        let rows: Vec<(i32, i32, Option<String>, Option<i32>, String)> = job_order::Entity::find()
            // A literal, so the partial index `… WHERE facts_version = 0` serves it (with a
            // bound parameter SQLite cannot use it, and start-up read the whole table).
            .filter(Expr::cust("\"job_orders\".\"facts_version\" = 0"))
            .select_only()
            .column(job_order::Column::Id)
            .column(job_order::Column::EmployerId)
            .column(job_order::Column::Number)
            .column(job_order::Column::AcceptedVersion)
            .column(job_order::Column::SearchText)
            .order_by_asc(job_order::Column::Id)
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        if rows.is_empty() {
            return Ok(n);
        }
        let ids: Vec<i32> = rows.iter().map(|r| r.0).collect();
        let mut drafts = super::drafts_of(db, &ids).await?;
        // The version in force of each accepted order.
        let pairs: Vec<(i32, i32)> = rows
            .iter()
            .filter_map(|(id, _, _, v, _)| v.map(|v| (*id, v)))
            .collect();
        let accepted = super::version_json(db, &pairs).await?;
        let employer_ids: Vec<i32> = rows.iter().map(|r| r.1).collect();
        let names: HashMap<i32, String> = entity::employer::Entity::find()
            .filter(entity::employer::Column::Id.is_in(employer_ids))
            .select_only()
            .column(entity::employer::Column::Id)
            .column(entity::employer::Column::NameNormalized)
            .into_tuple::<(i32, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let txn = db.begin().await?;
        for (id, employer_id, number, version, old_text) in &rows {
            let terms: JobOrderTerms = match (version, accepted.get(id)) {
                (Some(_), Some(json)) => serde_json::from_str(json).unwrap_or_default(),
                _ => drafts.remove(id).unwrap_or_default().to_terms().0,
            };
            let mut am = <job_order::ActiveModel as Default>::default();
            apply_facts(&mut am, order_facts(&terms, majors));
            let text = search_text(
                number.as_deref(),
                &terms.occupation_title,
                names
                    .get(employer_id)
                    .map(String::as_str)
                    .unwrap_or_default(),
            );
            // Unchanged text is not written: the full-text index would redo the row.
            if &text != old_text {
                am.search_text = Set(text);
            }
            job_order::Entity::update_many()
                .set(am)
                .filter(job_order::Column::Id.eq(*id))
                .exec(&txn)
                .await?;
            n += 1;
        }
        txn.commit().await?;
    }
}

/// Fill the first-version columns the reports count by (contract class, weekly minutes) of
/// accepted orders written before they existed, from each order's first version; `""` marks
/// terms that cannot be read (counted as 常用, as before). Batches of 500, each in one
/// transaction; returns how many orders were filled. Run by `db::migrate` (a no-op once done).
pub async fn backfill_first_terms(db: &DatabaseConnection) -> Result<u64, sea_orm::DbErr> {
    let mut n = 0;
    loop {
        let ids: Vec<i32> = job_order::Entity::find()
            .filter(job_order::Column::FirstContractClass.is_null())
            .filter(job_order::Column::AcceptedVersion.is_not_null())
            .select_only()
            .column(job_order::Column::Id)
            .order_by_asc(job_order::Column::Id)
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        if ids.is_empty() {
            return Ok(n);
        }
        // Versions are numbered from 1 at the first acceptance.
        let pairs: Vec<(i32, i32)> = ids.iter().map(|id| (*id, 1)).collect();
        let first = super::version_json(db, &pairs).await?;
        let txn = db.begin().await?;
        for id in &ids {
            let (class, weekly) = first
                .get(id)
                .map(|json| crate::services::reports::first_version_columns_of(json))
                .unwrap_or(("", None));
            job_order::Entity::update_many()
                .col_expr(job_order::Column::FirstContractClass, Expr::value(class))
                .col_expr(job_order::Column::FirstWeeklyMinutes, Expr::value(weekly))
                .filter(job_order::Column::Id.eq(*id))
                .exec(&txn)
                .await?;
            n += 1;
        }
        txn.commit().await?;
    }
}

/// Refresh the search text of an employer's orders after its name changed.
pub async fn refresh_employer_name<C: ConnectionTrait>(
    db: &C,
    employer_id: i32,
) -> Result<(), sea_orm::DbErr> {
    let name: Option<String> = entity::employer::Entity::find_by_id(employer_id)
        .select_only()
        .column(entity::employer::Column::NameNormalized)
        .into_tuple()
        .one(db)
        .await?;
    let Some(name) = name else { return Ok(()) };
    let rows: Vec<(i32, Option<String>, String)> = job_order::Entity::find()
        .filter(job_order::Column::EmployerId.eq(employer_id))
        .select_only()
        .column(job_order::Column::Id)
        .column(job_order::Column::Number)
        .column(job_order::Column::OccupationTitle)
        .into_tuple()
        .all(db)
        .await?;
    for (id, number, title) in rows {
        job_order::Entity::update_many()
            .col_expr(
                job_order::Column::SearchText,
                Expr::value(search_text(number.as_deref(), &title, &name)),
            )
            .filter(job_order::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(())
}
