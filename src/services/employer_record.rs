//! The employer's record as staff read it: the employer, the names its codes stand for, the
//! contact history with who made each contact, and its orders. A fixed number of queries
//! whatever the number of contacts or orders.
use super::error::ServiceResult;
use super::{employers, job_orders, refdata};
use chrono::NaiveDate;
use entity::{employer, employer_contact, industry, job_order, staff_user};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub struct EmployerRecord {
    pub employer: employer::Model,
    pub prefecture_name: String,
    /// "code name" of the industry, when the code is one of the table's.
    pub industry: Option<String>,
    /// Newest first, each with the name of the staff member who made it (empty if unknown).
    pub contacts: Vec<(employer_contact::Model, String)>,
    /// The first page of the employer's orders, in the order list's order.
    pub orders: Vec<job_order::Model>,
}

/// Read the record (the caller audits the view).
pub async fn read(
    db: &DatabaseConnection,
    office_id: i32,
    id: i32,
    today: NaiveDate,
) -> ServiceResult<EmployerRecord> {
    let employer = employers::get(db, office_id, id).await?;
    let prefecture_name = refdata::prefecture_name(db, &employer.prefecture_code).await?;
    let industry = industry::Entity::find_by_id(employer.industry_code.clone())
        .one(db)
        .await?
        .map(|i| format!("{} {}", i.code, i.name));
    let contacts = employers::contacts(db, office_id, id).await?;
    let staff_ids: Vec<i32> = contacts.iter().filter_map(|c| c.staff_user_id).collect();
    let names: HashMap<i32, String> = staff_user::Entity::find()
        .filter(staff_user::Column::OfficeId.eq(office_id))
        .filter(staff_user::Column::Id.is_in(staff_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let contacts = contacts
        .into_iter()
        .map(|c| {
            let who = c
                .staff_user_id
                .and_then(|s| names.get(&s).cloned())
                .unwrap_or_default();
            (c, who)
        })
        .collect();
    let orders = job_orders::list(
        db,
        office_id,
        &job_orders::JobOrderFilter {
            employer_id: Some(id),
            ..Default::default()
        },
        today,
    )
    .await?
    .rows
    .into_iter()
    .map(|r| r.order)
    .collect();
    Ok(EmployerRecord {
        employer,
        prefecture_name,
        industry,
        contacts,
        orders,
    })
}
