//! The audit log: every change to a record and every view of a person's personal data.
//! Summaries name fields and record ids, never the personal data itself.
use super::{Actor, now};
use entity::{audit_log, staff_user};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Write one entry.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    office_id: Option<i32>,
    action: &str,
    entity_type: &str,
    entity_id: Option<String>,
    summary: impl Into<String>,
) -> Result<(), sea_orm::DbErr> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        office_id: Set(office_id.or(actor.office_id)),
        actor_kind: Set(actor.kind.code().to_owned()),
        actor_id: Set(actor.id),
        action: Set(action.to_owned()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(entity_id),
        summary: Set(summary.into()),
        created_at: Set(now()),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Filters of the admin's audit page. Empty fields do not filter.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub actor_id: Option<String>,
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub entity_type: Option<String>,
    #[serde(default)]
    pub entity_id: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub page: Option<u64>,
}

pub struct AuditEntry {
    pub log: audit_log::Model,
    pub actor_name: Option<String>,
}

pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

pub const PAGE_SIZE: u64 = 50;

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// One office's entries, newest first.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &AuditFilter,
) -> Result<AuditPage, sea_orm::DbErr> {
    let mut q = audit_log::Entity::find().filter(audit_log::Column::OfficeId.eq(office_id));
    if let Some(a) = non_empty(&f.actor_id).and_then(|s| s.parse::<i32>().ok()) {
        q = q.filter(audit_log::Column::ActorId.eq(a));
    }
    if let Some(a) = non_empty(&f.action) {
        q = q.filter(audit_log::Column::Action.eq(a));
    }
    if let Some(t) = non_empty(&f.entity_type) {
        q = q.filter(audit_log::Column::EntityType.eq(t));
    }
    if let Some(id) = non_empty(&f.entity_id) {
        q = q.filter(audit_log::Column::EntityId.eq(id));
    }
    if let Some(d) = non_empty(&f.from).and_then(|s| s.parse::<chrono::NaiveDate>().ok()) {
        q = q.filter(audit_log::Column::CreatedAt.gte(day_start(d)));
    }
    if let Some(next) = non_empty(&f.to)
        .and_then(|s| s.parse::<chrono::NaiveDate>().ok())
        .and_then(|d| d.succ_opt())
    {
        q = q.filter(audit_log::Column::CreatedAt.lt(day_start(next)));
    }
    let total = q.clone().count(db).await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = f.page.unwrap_or(1).clamp(1, pages);
    let logs = q
        .order_by_desc(audit_log::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let names = actor_names(db, &logs).await?;
    let entries = logs
        .into_iter()
        .map(|log| AuditEntry {
            actor_name: log
                .actor_id
                .filter(|_| matches!(log.actor_kind.as_str(), "staff" | "api"))
                .and_then(|id| names.get(&id).cloned()),
            log,
        })
        .collect();
    Ok(AuditPage {
        entries,
        total,
        page,
        pages,
    })
}

/// Japan's date boundaries: the office works in JST.
fn day_start(d: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    let jst = chrono::FixedOffset::east_opt(9 * 3600).expect("static offset");
    d.and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_local_timezone(jst)
        .single()
        .expect("fixed offset")
        .to_utc()
}

async fn actor_names<C: ConnectionTrait>(
    db: &C,
    logs: &[audit_log::Model],
) -> Result<HashMap<i32, String>, sea_orm::DbErr> {
    let mut ids: Vec<i32> = logs
        .iter()
        .filter(|l| matches!(l.actor_kind.as_str(), "staff" | "api"))
        .filter_map(|l| l.actor_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(staff_user::Entity::find()
        .filter(staff_user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}
