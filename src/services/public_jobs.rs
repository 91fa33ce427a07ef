//! The public job list: open orders that may be published, with what their accepted version
//! says. No personal data: the employer's contact person never appears.
//!
//! A page is three queries whatever the office's size: the orders (through the index of
//! published open orders, newest acceptance first), their versions in force and their employers'
//! names. An order past its validity is not shown even before the scheduled job expires it.
use super::{job_orders, refdata};
use crate::domain::job_order::JobOrderTerms;
use crate::domain::normalize::nfkc;
use chrono::NaiveDate;
use entity::job_order;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Deserialize;

/// Weekly hours under which an order counts as short-hour (短時間) on the public list.
pub const SHORT_HOURS_MINUTES: i32 = 20 * 60;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublicSearch {
    pub q: String,
    pub occupation: String,
    pub area: String,
    pub max_weekly_hours: String,
    pub short_only: Option<String>,
    pub page: Option<u64>,
}

pub struct PublicJob {
    pub order: job_order::Model,
    pub employer_name: String,
    pub terms: JobOrderTerms,
}

/// A page of results and how many match (counted up to [`job_orders::COUNT_CAP`]).
pub struct PublicPage {
    pub jobs: Vec<PublicJob>,
    pub total: u64,
    pub capped: bool,
}

pub const PAGE_SIZE: u64 = 30;

fn visible(office_id: i32, today: NaiveDate) -> Condition {
    Condition::all()
        .add(job_order::Column::OfficeId.eq(office_id))
        .add(job_orders::open_on(today))
        .add(job_order::Column::Publishable.eq(true))
}

pub async fn search<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    s: &PublicSearch,
    today: NaiveDate,
) -> Result<PublicPage, sea_orm::DbErr> {
    let mut q = job_order::Entity::find().filter(visible(office_id, today));
    let term = nfkc(s.q.trim());
    if !term.is_empty() {
        q = q.filter(job_orders::keyword_condition(
            db.get_database_backend(),
            &term,
            !s.occupation.trim().is_empty(),
        ));
    }
    if !s.occupation.trim().is_empty() {
        q = q.filter(
            job_order::Column::OccupationCode
                .is_in(refdata::occupation_codes_under(db, s.occupation.trim()).await?),
        );
    }
    if !s.area.trim().is_empty() {
        q = q.filter(job_orders::contains_literal(
            job_order::Column::WorkplaceMunicipality,
            s.area.trim(),
        ));
    }
    if let Ok(h) = nfkc(s.max_weekly_hours.trim()).parse::<f64>() {
        q = q.filter(job_order::Column::WeeklyMinutes.lt((h * 60.0) as i32));
    }
    if s.short_only.is_some() {
        q = q.filter(job_order::Column::WeeklyMinutes.lt(SHORT_HOURS_MINUTES));
    }
    let page = s.page.unwrap_or(1).max(1);
    let orders = job_orders::narrow(
        q.clone()
            .order_by_desc(job_order::Column::AcceptedOn)
            .order_by_desc(job_order::Column::Id),
    )
    .offset((page - 1) * PAGE_SIZE)
    .limit(PAGE_SIZE)
    .all(db)
    .await?;
    // A first page that is not full is every match: nothing more to count.
    let (total, capped) = job_orders::bounded_count_beyond(
        db,
        q,
        (page == 1).then_some(orders.len()),
        PAGE_SIZE,
        job_orders::COUNT_CAP,
    )
    .await?;
    Ok(PublicPage {
        jobs: with_terms(db, orders).await?,
        total,
        capped,
    })
}

/// The versions in force and the employers' names of `orders`, in two queries.
async fn with_terms<C: ConnectionTrait>(
    db: &C,
    orders: Vec<job_order::Model>,
) -> Result<Vec<PublicJob>, sea_orm::DbErr> {
    let wanted: Vec<(i32, i32)> = orders
        .iter()
        .filter_map(|o| o.accepted_version.map(|v| (o.id, v)))
        .collect();
    let mut terms = job_orders::terms_of_versions(db, &wanted).await?;
    let employer_ids: Vec<i32> = orders.iter().map(|o| o.employer_id).collect();
    let names = crate::services::employers::names(db, employer_ids).await?;
    Ok(orders
        .into_iter()
        .filter_map(|order| {
            let terms = terms.remove(&order.id)?;
            Some(PublicJob {
                employer_name: names.get(&order.employer_id).cloned().unwrap_or_default(),
                order,
                terms,
            })
        })
        .collect())
}

/// One published order, or `None` (not found, not open, past its validity, or not to be
/// published).
pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
    today: NaiveDate,
) -> Result<Option<PublicJob>, sea_orm::DbErr> {
    let Some(order) =
        job_orders::narrow(job_order::Entity::find_by_id(id).filter(visible(office_id, today)))
            .one(db)
            .await?
    else {
        return Ok(None);
    };
    Ok(with_terms(db, vec![order]).await?.pop())
}
