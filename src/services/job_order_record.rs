//! The job order as staff read it: the order (its state as of today), its employer, every
//! accepted version, the terms the page shows, and the names its codes and its person in
//! charge stand for. A fixed number of queries whatever the number of versions.
use super::error::ServiceResult;
use super::{employers, job_orders, refdata};
use crate::domain::job_order::JobOrderTerms;
use chrono::NaiveDate;
use entity::{employer, job_order, job_order_version, staff_user};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

pub struct JobOrderRecord {
    pub order: job_order::Model,
    pub employer: employer::Model,
    /// The accepted versions, oldest first.
    pub versions: Vec<(job_order_version::Model, JobOrderTerms)>,
    /// The terms shown: the last accepted version, or the working copy before any acceptance.
    pub terms: JobOrderTerms,
    /// True when no version has been accepted yet (`terms` is the working copy).
    pub draft_only: bool,
    pub prefecture_name: String,
    pub occupation_name: String,
    /// The staff member in charge (empty if none).
    pub staff_name: String,
}

/// Read the record (the caller audits the view when it must).
pub async fn read(
    db: &DatabaseConnection,
    office_id: i32,
    id: i32,
    today: NaiveDate,
) -> ServiceResult<JobOrderRecord> {
    let order = job_orders::effective(job_orders::get(db, office_id, id).await?, today);
    let employer = employers::get(db, office_id, order.employer_id).await?;
    let versions = job_orders::versions(db, office_id, id).await?;
    let (terms, draft_only) = match versions.last() {
        Some((_, t)) => (t.clone(), false),
        None => (job_orders::draft_form(db, &order).await?.to_terms().0, true),
    };
    let prefecture_name = refdata::prefecture_name(db, &terms.workplace_prefecture_code).await?;
    let occupation_name = refdata::occupation_name(db, &terms.occupation_code).await?;
    let staff_name = match order.staff_in_charge_id {
        Some(sid) => staff_user::Entity::find_by_id(sid)
            .filter(staff_user::Column::OfficeId.eq(office_id))
            .one(db)
            .await?
            .map(|u| u.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(JobOrderRecord {
        order,
        employer,
        versions,
        terms,
        draft_only,
        prefecture_name,
        occupation_name,
        staff_name,
    })
}
