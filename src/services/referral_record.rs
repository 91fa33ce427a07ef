//! A referral as its page shows it, to staff and to the employer in the portal: the referral,
//! the person, the order and the employer it joins, the terms of the version shown, and its
//! transitions with who made each. A fixed number of queries whatever the number of
//! transitions.
use super::error::ServiceResult;
use super::{employers, job_orders, job_seekers, referrals};
use crate::domain::job_order::JobOrderTerms;
use entity::{employer, job_order, job_seeker, referral, referral_transition, staff_user};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub struct ReferralRecord {
    pub referral: referral::Model,
    pub seeker: job_seeker::Model,
    pub order: job_order::Model,
    pub employer: employer::Model,
    /// The terms of the order version the person was shown (`None` if it cannot be read).
    pub terms: Option<JobOrderTerms>,
    /// Oldest first, each with the name of the staff member who made it (empty if none).
    pub transitions: Vec<(referral_transition::Model, String)>,
}

/// Read the record of a referral already found in the office (the caller audits the view).
pub async fn read(
    db: &DatabaseConnection,
    office_id: i32,
    r: &referral::Model,
) -> ServiceResult<ReferralRecord> {
    let seeker = job_seekers::get(db, office_id, r.job_seeker_id).await?;
    let order = job_orders::get(db, office_id, r.job_order_id).await?;
    let employer = employers::get(db, office_id, r.employer_id).await?;
    let terms = job_orders::terms_of_versions(db, &[(order.id, r.job_order_version)])
        .await?
        .remove(&order.id);
    let transitions = referrals::transitions(db, r.id).await?;
    let staff_ids: Vec<i32> = transitions
        .iter()
        .filter(|t| matches!(t.actor_kind.as_str(), "staff" | "api"))
        .filter_map(|t| t.actor_id)
        .collect();
    let names: HashMap<i32, String> = staff_user::Entity::find()
        .filter(staff_user::Column::OfficeId.eq(office_id))
        .filter(staff_user::Column::Id.is_in(staff_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let transitions = transitions
        .into_iter()
        .map(|t| {
            let who = match t.actor_kind.as_str() {
                "staff" | "api" => t
                    .actor_id
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            (t, who)
        })
        .collect();
    Ok(ReferralRecord {
        referral: r.clone(),
        seeker,
        order,
        employer,
        terms,
        transitions,
    })
}
