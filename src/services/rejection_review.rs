//! The one-off review of refusals (不受理) recorded under 職業安定法第5条の6第1項 3号 or 4号
//! while the app showed those two grounds the other way round (3号 as 「明示がない」, 4号 as
//! 「処分等を受けた者」). The migration listed every such refusal; staff confirm each one under the
//! law's numbering (3号 = 処分・公表等を受けた者, 4号 = 明示がない), which may change the record's
//! ground. Nothing is renumbered without a person deciding.
use super::error::{ServiceError, ServiceResult};
use super::{Actor, audit, employers, now};
use entity::{employer, job_order, rejection_review};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// At most this many reviews are listed at once (the list is one-off and short; confirmed
/// entries leave it).
pub const PAGE: u64 = 200;

/// One refusal to review, with what the person saw when recording it.
pub struct ReviewItem {
    pub id: i32,
    /// `job_order` or `employer`.
    pub record_kind: String,
    pub record_id: i32,
    /// 求人番号 or the employer's name.
    pub record_label: String,
    pub rejected_on: Option<chrono::NaiveDate>,
    pub reason: String,
    /// The ground as stored (its code).
    pub recorded_ground: String,
    /// The label the app showed for that code when it was recorded.
    pub label_shown_then: &'static str,
}

/// The labels the app showed before the correction, by code.
pub fn label_shown_before_correction(code: &str) -> &'static str {
    match code {
        "3" => "3号 労働条件の明示がない求人",
        "4" => "4号 労働関係法令違反で処分・公表等を受けた者の求人",
        _ => "",
    }
}

pub async fn pending_count<C: ConnectionTrait>(db: &C, office_id: i32) -> ServiceResult<u64> {
    Ok(rejection_review::Entity::find()
        .filter(rejection_review::Column::OfficeId.eq(office_id))
        .filter(rejection_review::Column::ReviewedAt.is_null())
        .count(db)
        .await?)
}

/// The reviews still open, oldest first, with their records (three queries whatever the count).
pub async fn pending<C: ConnectionTrait>(db: &C, office_id: i32) -> ServiceResult<Vec<ReviewItem>> {
    let reviews = rejection_review::Entity::find()
        .filter(rejection_review::Column::OfficeId.eq(office_id))
        .filter(rejection_review::Column::ReviewedAt.is_null())
        .order_by_asc(rejection_review::Column::Id)
        .limit(PAGE)
        .all(db)
        .await?;
    let ids = |kind: &str| -> Vec<i32> {
        reviews
            .iter()
            .filter(|r| r.record_kind == kind)
            .map(|r| r.record_id)
            .collect()
    };
    let orders: HashMap<i32, job_order::Model> = job_order::Entity::find()
        .filter(job_order::Column::Id.is_in(ids("job_order")))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let emps: HashMap<i32, employer::Model> = employer::Entity::find()
        .filter(employer::Column::Id.is_in(ids("employer")))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    Ok(reviews
        .into_iter()
        .map(|r| {
            let (record_label, rejected_on, reason) = match r.record_kind.as_str() {
                "job_order" => orders
                    .get(&r.record_id)
                    .map(|o| {
                        (
                            format!(
                                "求人 {}（{}）",
                                o.number.clone().unwrap_or_else(|| format!("#{}", o.id)),
                                o.occupation_title
                            ),
                            o.rejected_on,
                            o.rejection_reason.clone(),
                        )
                    })
                    .unwrap_or_default(),
                _ => emps
                    .get(&r.record_id)
                    .map(|e| {
                        (
                            format!("求人者 {}", e.name),
                            e.rejection_decided_on,
                            e.rejection_reason.clone(),
                        )
                    })
                    .unwrap_or_default(),
            };
            ReviewItem {
                label_shown_then: label_shown_before_correction(&r.recorded_ground),
                id: r.id,
                record_kind: r.record_kind,
                record_id: r.record_id,
                record_label,
                rejected_on,
                reason,
                recorded_ground: r.recorded_ground,
            }
        })
        .collect())
}

/// Confirm one refusal under the law's numbering: `ground` is "3" or "4". The record takes
/// that ground (if it differs) and the review closes, with an audit entry, in one transaction.
pub async fn confirm(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    review_id: i32,
    ground: &str,
) -> ServiceResult<()> {
    if !matches!(ground, "3" | "4") {
        return Err(ServiceError::Refused(
            "根拠は3号か4号のどちらかを選んでください。".into(),
        ));
    }
    let tx = super::write_tx(db).await?;
    let review = rejection_review::Entity::find_by_id(review_id)
        .filter(rejection_review::Column::OfficeId.eq(office_id))
        .one(&tx)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if review.reviewed_at.is_some() {
        return Err(ServiceError::Refused(
            "この不受理は既に確認済みです。".into(),
        ));
    }
    match review.record_kind.as_str() {
        "job_order" => {
            let o = job_order::Entity::find_by_id(review.record_id)
                .one(&tx)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let mut am: job_order::ActiveModel = o.into();
            am.rejection_ground = Set(Some(ground.to_owned()));
            am.update(&tx).await?;
        }
        _ => {
            let e = employer::Entity::find_by_id(review.record_id)
                .one(&tx)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let mut am: employer::ActiveModel = e.into();
            am.rejection_ground = Set(Some(ground.to_owned()));
            am.update(&tx).await?;
        }
    }
    let recorded = review.recorded_ground.clone();
    let (kind, record_id) = (review.record_kind.clone(), review.record_id);
    let mut am: rejection_review::ActiveModel = review.into();
    am.confirmed_ground = Set(Some(ground.to_owned()));
    am.reviewed_at = Set(Some(now()));
    am.reviewed_by = Set(actor.id);
    am.update(&tx).await?;
    audit::record(
        &tx,
        actor,
        Some(office_id),
        "rejection.review",
        &kind,
        Some(record_id.to_string()),
        format!(
            "不受理の根拠を確認: 記録{}号 → {}号（{}）",
            recorded,
            ground,
            employers::label(employers::REJECTION_GROUNDS, ground)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
