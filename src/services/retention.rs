//! Retention: closed records older than the office's retention period (default 2 years after
//! completion) are anonymised — names, contacts, addresses and free text — never deleted, so
//! every figure stays the same. Every anonymisation is in the audit log.
use super::{Actor, audit, now};
use crate::domain::states::{JobOrderState, SeekerState};
use chrono::{Months, NaiveDate};
use entity::{
    case_note, complaint, employer, employer_contact, job_order, job_seeker, work_experience,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

pub const MASK: &str = "（匿名化済み）";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    pub office_id: i32,
    /// `job_seeker`, `employer`, `complaint`
    pub kind: &'static str,
    pub id: i32,
    pub label: String,
    pub completed_on: NaiveDate,
}

fn cutoff(today: NaiveDate, years: i32) -> NaiveDate {
    today
        .checked_sub_months(Months::new((years.max(1) * 12) as u32))
        .unwrap_or(today)
}

/// What is due for anonymisation on `today` (all offices, each with its own period).
pub async fn due<C: ConnectionTrait>(db: &C, today: NaiveDate) -> Result<Vec<Due>, sea_orm::DbErr> {
    let mut out = Vec::new();
    for office in super::offices::all(db).await? {
        let limit = cutoff(today, office.retention_years);
        for s in job_seeker::Entity::find()
            .filter(job_seeker::Column::OfficeId.eq(office.id))
            .filter(job_seeker::Column::State.eq(SeekerState::Closed))
            .filter(job_seeker::Column::ClosedOn.lt(limit))
            .filter(job_seeker::Column::AnonymizedAt.is_null())
            .all(db)
            .await?
        {
            out.push(Due {
                office_id: office.id,
                kind: "job_seeker",
                id: s.id,
                label: s.number.clone(),
                completed_on: s.closed_on.unwrap_or(s.registered_on),
            });
        }
        for c in complaint::Entity::find()
            .filter(complaint::Column::OfficeId.eq(office.id))
            .filter(complaint::Column::ClosedOn.lt(limit))
            .filter(complaint::Column::AnonymizedAt.is_null())
            .all(db)
            .await?
        {
            out.push(Due {
                office_id: office.id,
                kind: "complaint",
                id: c.id,
                label: format!("苦情 #{}", c.id),
                completed_on: c.closed_on.unwrap_or(c.received_on),
            });
        }
        // An employer is complete when none of its orders is still in progress and the last one
        // closed before the limit (its contact person's data is anonymised; the business stays).
        for e in employer::Entity::find()
            .filter(employer::Column::OfficeId.eq(office.id))
            .filter(employer::Column::AnonymizedAt.is_null())
            .all(db)
            .await?
        {
            let orders = job_order::Entity::find()
                .filter(job_order::Column::EmployerId.eq(e.id))
                .all(db)
                .await?;
            if orders.is_empty()
                || orders.iter().any(|o| {
                    matches!(
                        o.state,
                        JobOrderState::Draft | JobOrderState::Submitted | JobOrderState::Open
                    )
                })
            {
                continue;
            }
            let last = orders
                .iter()
                .filter_map(|o| o.closed_on.or(o.rejected_on))
                .max();
            if let Some(last) = last
                && last < limit
            {
                out.push(Due {
                    office_id: office.id,
                    kind: "employer",
                    id: e.id,
                    label: e.name.clone(),
                    completed_on: last,
                });
            }
        }
    }
    Ok(out)
}

/// Anonymise everything due in one office.
pub async fn apply_for_office<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    today: NaiveDate,
) -> Result<Vec<Due>, sea_orm::DbErr> {
    let items: Vec<Due> = due(db, today)
        .await?
        .into_iter()
        .filter(|d| d.office_id == office_id)
        .collect();
    anonymise(db, actor, items).await
}

/// Anonymise everything due in every office; returns what was done.
pub async fn apply<C: super::Db>(
    db: &C,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<Due>, sea_orm::DbErr> {
    let items = due(db, today).await?;
    anonymise(db, actor, items).await
}

async fn anonymise<C: super::Db>(
    db: &C,
    actor: &Actor,
    items: Vec<Due>,
) -> Result<Vec<Due>, sea_orm::DbErr> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    for d in &items {
        match d.kind {
            "job_seeker" => anonymise_seeker(db, d.id).await?,
            "complaint" => {
                if let Some(c) = complaint::Entity::find_by_id(d.id).one(db).await? {
                    let mut am: complaint::ActiveModel = c.into();
                    am.from_name = Set(MASK.into());
                    am.contact = Set(String::new());
                    am.subject = Set(MASK.into());
                    am.response = Set(MASK.into());
                    am.anonymized_at = Set(Some(now()));
                    am.update(db).await?;
                }
            }
            _ => {
                if let Some(e) = employer::Entity::find_by_id(d.id).one(db).await? {
                    let mut am: employer::ActiveModel = e.into();
                    am.contact_name = Set(MASK.into());
                    am.contact_phone = Set(String::new());
                    am.contact_phone_digits = Set(String::new());
                    am.contact_email = Set(String::new());
                    am.representative = Set(String::new());
                    am.notes = Set(String::new());
                    am.anonymized_at = Set(Some(now()));
                    am.update(db).await?;
                    for c in employer_contact::Entity::find()
                        .filter(employer_contact::Column::EmployerId.eq(d.id))
                        .all(db)
                        .await?
                    {
                        let mut am: employer_contact::ActiveModel = c.into();
                        am.summary = Set(MASK.into());
                        am.update(db).await?;
                    }
                }
            }
        }
        audit::record(
            db,
            actor,
            Some(d.office_id),
            "anonymize",
            d.kind,
            Some(d.id.to_string()),
            format!("保存期間の経過により匿名化（完結 {}）", d.completed_on),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(items)
}

async fn anonymise_seeker<C: ConnectionTrait>(db: &C, id: i32) -> Result<(), sea_orm::DbErr> {
    use chrono::Datelike;
    let Some(s) = job_seeker::Entity::find_by_id(id).one(db).await? else {
        return Ok(());
    };
    let year_only = NaiveDate::from_ymd_opt(s.birth_date.year(), 1, 1).unwrap_or(s.birth_date);
    let mut am: job_seeker::ActiveModel = s.into();
    am.name = Set(MASK.into());
    am.name_kana = Set(String::new());
    am.name_normalized = Set(String::new());
    am.birth_date = Set(year_only);
    am.postal_code = Set(String::new());
    am.address = Set(String::new());
    am.nearest_station = Set(String::new());
    am.phone = Set(String::new());
    am.phone_digits = Set(String::new());
    am.email = Set(String::new());
    am.contact_preference = Set(String::new());
    am.education = Set(String::new());
    am.licenses = Set(String::new());
    am.work_history = Set(String::new());
    am.disability_type = Set(String::new());
    am.disability_grade = Set(String::new());
    am.disability_notes = Set(String::new());
    am.supporting_agency = Set(String::new());
    am.agency_contact = Set(String::new());
    am.anonymized_at = Set(Some(now()));
    am.update(db).await?;
    for n in case_note::Entity::find()
        .filter(case_note::Column::JobSeekerId.eq(id))
        .all(db)
        .await?
    {
        let mut am: case_note::ActiveModel = n.into();
        am.body = Set(MASK.into());
        am.update(db).await?;
    }
    for x in work_experience::Entity::find()
        .filter(work_experience::Column::JobSeekerId.eq(id))
        .all(db)
        .await?
    {
        let mut am: work_experience::ActiveModel = x.into();
        am.assessment = Set(String::new());
        am.outcome = Set(String::new());
        am.update(db).await?;
    }
    Ok(())
}
