//! Saved matching searches: a member of staff keeps "jobs for this seeker" or "seekers for this
//! order" under a name and runs it again later (always against today's records).
use super::error::{ServiceError, ServiceResult};
use super::{Actor, audit, job_orders, job_seekers, now};
use crate::validation::FieldErrors;
use entity::saved_search;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

pub const KINDS: &[(&str, &str)] = &[
    ("orders_for_seeker", "求職者に合う求人"),
    ("seekers_for_order", "求人に合う求職者"),
];

pub async fn save<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    kind: &str,
    subject_id: i32,
    name: &str,
) -> ServiceResult<saved_search::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let default_name = match kind {
        "orders_for_seeker" => {
            let s = job_seekers::get(db, office_id, subject_id).await?;
            format!("{} {} さんに合う求人", s.number, s.name)
        }
        "seekers_for_order" => {
            let o = job_orders::get(db, office_id, subject_id).await?;
            format!(
                "{} {} に合う求職者",
                o.number.unwrap_or_default(),
                o.occupation_title
            )
        }
        _ => return Err(ServiceError::NotFound),
    };
    let name = match name.trim() {
        "" => default_name,
        n if n.chars().count() > 100 => {
            let mut e = FieldErrors::new();
            e.add("name", "名前は100文字以内にしてください");
            return Err(ServiceError::Invalid(e));
        }
        n => n.to_owned(),
    };
    let m = saved_search::ActiveModel {
        office_id: Set(office_id),
        staff_user_id: Set(actor.id.unwrap_or_default()),
        name: Set(name),
        kind: Set(kind.to_owned()),
        subject_id: Set(subject_id),
        params_json: Set("{}".into()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "saved_search",
        Some(m.id.to_string()),
        "検索を保存",
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn mine<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    staff_user_id: i32,
) -> Result<Vec<saved_search::Model>, sea_orm::DbErr> {
    saved_search::Entity::find()
        .filter(saved_search::Column::OfficeId.eq(office_id))
        .filter(saved_search::Column::StaffUserId.eq(staff_user_id))
        .order_by_desc(saved_search::Column::Id)
        .all(db)
        .await
}

pub async fn delete<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    staff_user_id: i32,
    id: i32,
) -> ServiceResult<()> {
    let res = saved_search::Entity::delete_many()
        .filter(saved_search::Column::Id.eq(id))
        .filter(saved_search::Column::OfficeId.eq(office_id))
        .filter(saved_search::Column::StaffUserId.eq(staff_user_id))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Where a saved search runs.
pub fn link(m: &saved_search::Model) -> String {
    match m.kind.as_str() {
        "seekers_for_order" => format!("/job-orders/{}/matches", m.subject_id),
        _ => format!("/job-seekers/{}/matches", m.subject_id),
    }
}
