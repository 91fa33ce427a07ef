//! The complaint register (苦情処理簿, 職業安定法第29条の5): intake, response, closing.
use super::error::{ServiceError, ServiceResult};
use super::{Actor, audit, now};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use entity::complaint;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};

pub const FROM_KINDS: &[(&str, &str)] = &[
    ("employer", "求人者"),
    ("seeker", "求職者"),
    ("other", "その他"),
];

pub fn label(code: &str) -> &'static str {
    super::label(FROM_KINDS, code)
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ComplaintInput {
    pub received_on: String,
    pub from_kind: String,
    pub from_name: String,
    pub contact: String,
    pub subject: String,
    pub response: String,
    pub closed_on: String,
}

impl ComplaintInput {
    pub fn from_model(m: &complaint::Model) -> Self {
        Self {
            received_on: m.received_on.to_string(),
            from_kind: m.from_kind.clone(),
            from_name: m.from_name.clone(),
            contact: m.contact.clone(),
            subject: m.subject.clone(),
            response: m.response.clone(),
            closed_on: m.closed_on.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

fn parse(e: &mut FieldErrors, field: &str, v: &str) -> Option<NaiveDate> {
    crate::validation::optional_date(
        e,
        field,
        v,
        "日付を正しく入力してください（例：2026-11-24）",
    )
}

fn clean(i: &ComplaintInput) -> Result<(NaiveDate, Option<NaiveDate>), ServiceError> {
    let mut e = FieldErrors::new();
    let received = parse(&mut e, "received_on", &i.received_on);
    if received.is_none() && !e.has("received_on") {
        e.add("received_on", "受付日を入力してください");
    }
    if !FROM_KINDS.iter().any(|(c, _)| *c == i.from_kind) {
        e.add("from_kind", "申出人の区分を選択してください");
    }
    if i.subject.trim().is_empty() {
        e.add("subject", "苦情の内容を入力してください");
    }
    let closed = parse(&mut e, "closed_on", &i.closed_on);
    if let (Some(r), Some(c)) = (received, closed)
        && c < r
    {
        e.add("closed_on", "処理完了日は受付日以降にしてください");
    }
    if closed.is_some() && i.response.trim().is_empty() {
        e.add(
            "response",
            "処理を完了するには、対応の内容を記録してください",
        );
    }
    e.into_result()?;
    Ok((received.unwrap_or_default(), closed))
}

pub async fn create<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    i: &ComplaintInput,
) -> ServiceResult<complaint::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let (received, closed) = clean(i)?;
    let t = now();
    let m = complaint::ActiveModel {
        office_id: Set(office_id),
        received_on: Set(received),
        from_kind: Set(i.from_kind.clone()),
        from_name: Set(i.from_name.trim().to_owned()),
        contact: Set(i.contact.trim().to_owned()),
        subject: Set(i.subject.trim().to_owned()),
        response: Set(i.response.trim().to_owned()),
        closed_on: Set(closed),
        staff_user_id: Set(actor.id),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "complaint",
        Some(m.id.to_string()),
        "苦情を受付",
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn update<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    i: &ComplaintInput,
) -> ServiceResult<complaint::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = get(db, office_id, id).await?;
    let (received, closed) = clean(i)?;
    let mut am: complaint::ActiveModel = m.into();
    am.received_on = Set(received);
    am.from_kind = Set(i.from_kind.clone());
    am.from_name = Set(i.from_name.trim().to_owned());
    am.contact = Set(i.contact.trim().to_owned());
    am.subject = Set(i.subject.trim().to_owned());
    am.response = Set(i.response.trim().to_owned());
    am.closed_on = Set(closed);
    am.updated_at = Set(now());
    let m = am.update(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "update",
        "complaint",
        Some(id.to_string()),
        if closed.is_some() {
            "苦情の処理を記録（完了）"
        } else {
            "苦情の処理を記録"
        },
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<complaint::Model> {
    complaint::Entity::find_by_id(id)
        .filter(complaint::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ComplaintFilter {
    pub from: String,
    pub to: String,
    pub state: String,
    pub from_kind: String,
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &ComplaintFilter,
) -> Result<Vec<complaint::Model>, sea_orm::DbErr> {
    let mut q = complaint::Entity::find().filter(complaint::Column::OfficeId.eq(office_id));
    let mut ignore = FieldErrors::new();
    if let Some(d) = parse(&mut ignore, "from", &f.from) {
        q = q.filter(complaint::Column::ReceivedOn.gte(d));
    }
    if let Some(d) = parse(&mut ignore, "to", &f.to) {
        q = q.filter(complaint::Column::ReceivedOn.lte(d));
    }
    match f.state.as_str() {
        "open" => q = q.filter(complaint::Column::ClosedOn.is_null()),
        "closed" => q = q.filter(complaint::Column::ClosedOn.is_not_null()),
        _ => {}
    }
    if FROM_KINDS.iter().any(|(c, _)| *c == f.from_kind) {
        q = q.filter(complaint::Column::FromKind.eq(f.from_kind.clone()));
    }
    q.order_by_desc(complaint::Column::ReceivedOn)
        .order_by_desc(complaint::Column::Id)
        .all(db)
        .await
}
