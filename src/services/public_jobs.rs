//! The public job list: open orders that may be published, with what their accepted version
//! says. No personal data: the employer's contact person never appears.
use super::{job_orders, refdata};
use crate::domain::job_order::JobOrderTerms;
use crate::domain::normalize::nfkc;
use chrono::NaiveDate;
use entity::{employer, job_order};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
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

pub const PAGE_SIZE: u64 = 30;

fn visible(office_id: i32) -> Condition {
    Condition::all()
        .add(job_order::Column::OfficeId.eq(office_id))
        .add(job_order::Column::State.eq("open"))
        .add(job_order::Column::Publishable.eq(true))
}

pub async fn search<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    s: &PublicSearch,
    today: NaiveDate,
) -> Result<(Vec<PublicJob>, u64), sea_orm::DbErr> {
    job_orders::expire_due(db, today).await?;
    let mut q = job_order::Entity::find().filter(visible(office_id));
    let term = nfkc(s.q.trim());
    if !term.is_empty() {
        let employer_ids: Vec<i32> = employer::Entity::find()
            .filter(employer::Column::OfficeId.eq(office_id))
            .filter(
                employer::Column::NameNormalized
                    .contains(crate::domain::normalize::normalize_name_for_match(&term)),
            )
            .select_only()
            .column(employer::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
        let mut any = Condition::any().add(job_order::Column::OccupationTitle.contains(&term));
        if !employer_ids.is_empty() {
            any = any.add(job_order::Column::EmployerId.is_in(employer_ids));
        }
        q = q.filter(any);
    }
    if !s.occupation.trim().is_empty() {
        q = q.filter(
            job_order::Column::OccupationCode
                .is_in(refdata::occupation_codes_under(db, s.occupation.trim()).await?),
        );
    }
    if !s.area.trim().is_empty() {
        q = q.filter(job_order::Column::WorkplaceMunicipality.contains(s.area.trim()));
    }
    if let Ok(h) = nfkc(s.max_weekly_hours.trim()).parse::<f64>() {
        q = q.filter(job_order::Column::WeeklyMinutes.lt((h * 60.0) as i32));
    }
    if s.short_only.is_some() {
        q = q.filter(job_order::Column::WeeklyMinutes.lt(SHORT_HOURS_MINUTES));
    }
    let total = q.clone().count(db).await?;
    let page = s.page.unwrap_or(1).max(1);
    let orders = q
        .order_by_desc(job_order::Column::AcceptedOn)
        .order_by_desc(job_order::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(orders.len());
    for o in orders {
        if let Some(job) = with_terms(db, o).await? {
            out.push(job);
        }
    }
    Ok((out, total))
}

async fn with_terms<C: ConnectionTrait>(
    db: &C,
    order: job_order::Model,
) -> Result<Option<PublicJob>, sea_orm::DbErr> {
    let Ok(Some((_, terms))) = job_orders::accepted_terms(db, order.office_id, order.id).await
    else {
        return Ok(None);
    };
    let employer_name = employer::Entity::find_by_id(order.employer_id)
        .one(db)
        .await?
        .map(|e| e.name)
        .unwrap_or_default();
    Ok(Some(PublicJob {
        order,
        employer_name,
        terms,
    }))
}

/// One published order, or `None` (not found, not open, or not to be published).
pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
    today: NaiveDate,
) -> Result<Option<PublicJob>, sea_orm::DbErr> {
    job_orders::expire_due(db, today).await?;
    let Some(order) = job_order::Entity::find_by_id(id)
        .filter(visible(office_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    with_terms(db, order).await
}
