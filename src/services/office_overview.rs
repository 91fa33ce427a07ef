//! What the home page tells a staff member about their office today: the work waiting, the
//! minimum wage in force and, for an admin, the latest audit entries. A fixed number of
//! queries whatever the size of the office.
use super::error::ServiceResult;
use super::{audit, job_orders, job_seekers, placements, refdata, referrals, rejection_review};
use chrono::NaiveDate;
use entity::{minimum_wage, office, staff_user};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

/// A count that stops at a cap: (count, more than it).
pub type Bounded = (u64, bool);

pub struct OfficeOverview {
    pub open_orders: Bounded,
    /// New orders and changes waiting for review.
    pub pending_orders: Bounded,
    pub active_seekers: Bounded,
    /// Referrals waiting for their result.
    pub open_referrals: Bounded,
    /// Follow-ups due within a week (at most `placements::DUE_CAP` counted).
    pub follow_ups_due: Bounded,
    /// 不受理 whose ground (3号・4号) must be confirmed.
    pub rejections_to_review: u64,
    pub staff_count: u64,
    /// The regional minimum wage in force in the office's prefecture.
    pub minimum_wage: Option<minimum_wage::Model>,
    /// Fiscal years whose wage table is from a single unconfirmed source.
    pub unverified_wage_years: Vec<i32>,
    /// The ten latest audit entries (read only when `with_audit`).
    pub recent: Vec<audit::AuditEntry>,
}

pub async fn read(
    db: &DatabaseConnection,
    office: &office::Model,
    with_audit: bool,
    today: NaiveDate,
) -> ServiceResult<OfficeOverview> {
    let id = office.id;
    let orders = |state: &str| job_orders::JobOrderFilter {
        state: state.to_owned(),
        ..Default::default()
    };
    let mut unverified_wage_years: Vec<i32> = refdata::minimum_wages(db)
        .await?
        .into_iter()
        .filter(|w| !w.verified)
        .map(|w| w.fiscal_year)
        .collect();
    unverified_wage_years.dedup();
    let recent = if with_audit {
        let page = audit::list(db, id, &Default::default()).await?;
        page.entries.into_iter().take(10).collect()
    } else {
        Vec::new()
    };
    let week = today + chrono::Duration::days(7);
    Ok(OfficeOverview {
        open_orders: job_orders::count(db, id, &orders("open"), today).await?,
        pending_orders: job_orders::count_pending(db, id).await?,
        active_seekers: job_seekers::count_active(db, id).await?,
        open_referrals: referrals::count_open(db, id).await?,
        follow_ups_due: placements::count_due_follow_ups(db, id, week).await?,
        rejections_to_review: rejection_review::pending_count(db, id).await?,
        staff_count: staff_user::Entity::find()
            .filter(staff_user::Column::OfficeId.eq(id))
            .count(db)
            .await?,
        minimum_wage: refdata::minimum_wage_on(db, &office.prefecture_code, today).await?,
        unverified_wage_years,
        recent,
    })
}
