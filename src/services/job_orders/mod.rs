//! Job orders (求人): drafts, review against the law, acceptance (求人番号, validity, an
//! immutable version), 不受理, edits of open orders that wait for review, closing and expiry.
//!
//! States: `draft` → `submitted` (sent by the employer) → `open` (accepted) or `rejected`
//! (不受理) → `filled` (充足) / `stopped` (募集停止) / `cancelled` (取消) / `expired` (期限切れ).
use super::error::{ServiceError, ServiceResult};
use super::job_order_form::JobOrderForm;
use super::{Actor, audit, employers, now, numbering, refdata};
use crate::domain::fiscal_year::fiscal_year_of;
use crate::domain::job_order::JobOrderTerms;
use crate::domain::job_order_rules::{CheckContext, Issue, Level, check};
use crate::domain::normalize::normalize_name_for_match;
use crate::domain::numbering::NumberKind;
use crate::domain::states::{EmployerStatus, JobOrderState, StateName, is_ending, is_reviewable};
use crate::domain::validity::ValidityRule;
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use entity::{job_order, job_order_draft, job_order_version, office};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use serde::Deserialize;
use std::collections::HashMap;

fn parse_form(json: &str) -> JobOrderForm {
    serde_json::from_str::<JobOrderForm>(json)
        .unwrap_or_default()
        .padded()
}

/// The working copy of an order: the form as last saved (empty when it cannot be read).
pub async fn draft_form<C: ConnectionTrait>(
    db: &C,
    m: &job_order::Model,
) -> Result<JobOrderForm, sea_orm::DbErr> {
    let json: Option<String> = job_order_draft::Entity::find_by_id(m.id)
        .select_only()
        .column(job_order_draft::Column::DraftJson)
        .into_tuple()
        .one(db)
        .await?;
    Ok(parse_form(json.as_deref().unwrap_or_default()))
}

/// The working copies of these orders, in one query: order id → form.
pub async fn drafts_of<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<HashMap<i32, JobOrderForm>, sea_orm::DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, String)> = job_order_draft::Entity::find()
        .filter(job_order_draft::Column::JobOrderId.is_in(ids.iter().copied()))
        .select_only()
        .columns([
            job_order_draft::Column::JobOrderId,
            job_order_draft::Column::DraftJson,
        ])
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, json)| (id, parse_form(&json)))
        .collect())
}

/// Write the working copy of order `id` (in the caller's transaction).
async fn put_draft<C: ConnectionTrait>(
    db: &C,
    id: i32,
    form: &JobOrderForm,
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::sea_query::OnConflict;
    job_order_draft::Entity::insert(job_order_draft::ActiveModel {
        job_order_id: Set(id),
        draft_json: Set(serde_json::to_string(form).unwrap_or_default()),
    })
    .on_conflict(
        OnConflict::column(job_order_draft::Column::JobOrderId)
            .update_column(job_order_draft::Column::DraftJson)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

mod facts;
mod queries;

pub use facts::*;
pub use queries::*;

/// A new order as a draft.
pub async fn create_draft<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    employer_id: i32,
    form: &JobOrderForm,
    source: &str,
) -> ServiceResult<job_order::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    employers::get(db, office_id, employer_id).await?;
    let t = now();
    let mut am = job_order::ActiveModel {
        office_id: Set(office_id),
        employer_id: Set(employer_id),
        state: Set(JobOrderState::Draft),
        source: Set(source.into()),
        change_pending: Set(false),
        rejection_reason: Set(String::new()),
        staff_in_charge_id: Set(actor.id.filter(|_| actor.kind == super::ActorKind::Staff)),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    };
    denormalize(db, &mut am, form, employer_id, None).await?;
    let m = am.insert(db).await?;
    put_draft(db, m.id, form).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "create",
        "job_order",
        Some(m.id.to_string()),
        "求人を下書き保存",
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// Save the working copy. For an open order this is a change that waits for review: the
/// accepted version stays in force until the change is accepted.
pub async fn save_draft<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    form: &JobOrderForm,
) -> ServiceResult<job_order::Model> {
    save_draft_of_version(db, actor, office_id, id, form, None).await
}

/// The version of an order as an edit form carries it: the time of its last change, to the
/// nanosecond (every save changes it).
pub fn lock_token(m: &job_order::Model) -> String {
    super::version_token(m.updated_at)
}

/// Save an edit made on the version `lock` (as the form carried it; empty = no check). When
/// someone saved the order since, nothing is saved: the answer names the items that now differ
/// from what this person typed, so their input can be shown again next to the saved order.
pub async fn save_draft_if_unchanged<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    form: &JobOrderForm,
    lock: &str,
) -> ServiceResult<job_order::Model> {
    let expected = lock
        .trim()
        .parse::<i64>()
        .ok()
        .map(chrono::DateTime::from_timestamp_nanos);
    save_draft_of_version(db, actor, office_id, id, form, expected).await
}

/// 「他の職員が先に更新しました」 with the items of the saved order that differ from `typed`.
pub fn stale_edit(saved: &JobOrderForm, typed: &JobOrderForm) -> ServiceError {
    use crate::present::job_order_sheet::{Names, diff, sections};
    let names = Names {
        prefecture: String::new(),
        occupation: String::new(),
    };
    let (a, _) = saved.to_terms();
    let (b, _) = typed.to_terms();
    let items: Vec<String> = diff(&sections(&a, &names), &sections(&b, &names))
        .into_iter()
        .map(|(_, item, _, _)| item.to_owned())
        .collect();
    super::stale_edit_error("この求人", &items)
}

async fn save_draft_of_version<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    form: &JobOrderForm,
    expected: Option<chrono::DateTime<chrono::Utc>>,
) -> ServiceResult<job_order::Model> {
    let m = get(db, office_id, id).await?;
    if expected.is_some_and(|e| e != m.updated_at) {
        return Err(stale_edit(&draft_form(db, &m).await?, form));
    }
    let read_at = m.updated_at;
    if !is_reviewable(m.state) {
        return Err(ServiceError::Refused(format!(
            "「{}」の求人は変更できません。",
            m.state.label()
        )));
    }
    let open = m.state == JobOrderState::Open;
    let (employer_id, number) = (m.employer_id, m.number.clone());
    let mut am: job_order::ActiveModel = m.into();
    if open {
        // Keep the list columns of the accepted version; only the working copy changes.
        am.change_pending = Set(true);
    } else {
        denormalize(db, &mut am, form, employer_id, number.as_deref()).await?;
    }
    am.updated_at = Set(now());
    let txn = super::write_tx(db).await?;
    let db = &txn;
    // Only over the version read above: a save in between makes this one stale, not lost.
    let m = match job_order::Entity::update(am)
        .validate()?
        .filter(job_order::Column::UpdatedAt.eq(read_at))
        .exec(db)
        .await
    {
        Ok(m) => m,
        Err(sea_orm::DbErr::RecordNotUpdated) => {
            // What the other save left is the saved order now.
            let saved = get(db, office_id, id).await?;
            return Err(stale_edit(&draft_form(db, &saved).await?, form));
        }
        Err(e) => return Err(e.into()),
    };
    put_draft(db, m.id, form).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "update",
        "job_order",
        Some(m.id.to_string()),
        if open {
            "受付中の求人の変更を保存（審査待ち）"
        } else {
            "求人の下書きを保存"
        },
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// What the law says about the working copy: read errors, then every rule (errors and warnings).
pub struct Review {
    pub terms: JobOrderTerms,
    pub issues: Vec<Issue>,
    pub minimum_wage: Option<entity::minimum_wage::Model>,
}

impl Review {
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.level == Level::Error)
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.level == Level::Warning)
    }
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
    /// Field → messages, with the form's field names (`renewal.criteria` → `renewal_criteria`).
    pub fn field_errors(&self, read_errors: &FieldErrors, include_warnings: bool) -> FieldErrors {
        let mut out = read_errors.clone();
        for i in &self.issues {
            if i.level == Level::Error || include_warnings {
                let prefix = if i.level == Level::Warning {
                    "【確認】"
                } else {
                    ""
                };
                out.add_coded(
                    &form_field(i.field),
                    i.code,
                    format!("{prefix}{}", i.message),
                );
            }
        }
        out
    }
}

/// The form's name for a rule's field path.
pub fn form_field(path: &str) -> String {
    match path {
        "weekly_minutes" => "weekly_hours".into(),
        "monthly_scheduled_minutes" => "monthly_hours".into(),
        "shifts" => "shift1_start".into(),
        "contract" => "contract_months".into(),
        "age.exception" => "age_exception".into(),
        p => p.replace('.', "_"),
    }
}

/// Review a form for acceptance on `date` (the minimum wage in force on the later of `date` and
/// the start date, in the workplace's prefecture).
pub async fn review<C: ConnectionTrait>(
    db: &C,
    employer: &entity::employer::Model,
    form: &JobOrderForm,
    date: NaiveDate,
) -> ServiceResult<(Review, FieldErrors)> {
    let (terms, read_errors) = form.to_terms();
    let wage_date = terms.start_date.map_or(date, |s| s.max(date));
    let pref = if terms.workplace_prefecture_code.is_empty() {
        employer.prefecture_code.clone()
    } else {
        terms.workplace_prefecture_code.clone()
    };
    let minimum_wage = refdata::minimum_wage_on(db, &pref, wage_date).await?;
    // A rise already decided (a dated row) that takes effect before the order would expire.
    let office = office::Entity::find_by_id(employer.office_id)
        .one(db)
        .await?;
    let valid_until = office
        .as_ref()
        .map(office_rule)
        .unwrap_or_default()
        .valid_until(date);
    let upcoming = refdata::minimum_wage_rise_between(db, &pref, wage_date, valid_until).await?;
    let pref_name = entity::prefecture::Entity::find_by_id(pref.clone())
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let ctx = CheckContext {
        minimum_wage_yen: minimum_wage.as_ref().map(|w| w.hourly_yen as u32),
        minimum_wage_effective: minimum_wage.as_ref().map(|w| w.effective_date),
        // An unconfirmed table still applies, but staff should know it is unconfirmed.
        minimum_wage_prefecture_name: match &minimum_wage {
            Some(w) if !w.verified => format!("{pref_name}（未確認の最低賃金表）"),
            _ => pref_name,
        },
        employer_retirement_age: employer.retirement_age.map(|a| a as u32),
        upcoming_minimum_wage: upcoming
            .map(|w| (w.hourly_yen as u32, w.effective_date, valid_until)),
    };
    let issues = check(&terms, &ctx);
    Ok((
        Review {
            terms,
            issues,
            minimum_wage,
        },
        read_errors,
    ))
}

/// The employer submits (portal, public form): the order must have no errors.
pub async fn submit(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
    today: NaiveDate,
) -> ServiceResult<job_order::Model> {
    let m = get(db, office_id, id).await?;
    if !matches!(m.state, JobOrderState::Draft | JobOrderState::Rejected) {
        return Err(ServiceError::Refused("この求人は送信済みです。".into()));
    }
    let employer = employers::get(db, office_id, m.employer_id).await?;
    let (review, read_errors) = review(db, &employer, &draft_form(db, &m).await?, today).await?;
    let errors = review.field_errors(&read_errors, false);
    errors.into_result()?;
    let mut am: job_order::ActiveModel = m.into();
    am.state = Set(JobOrderState::Submitted);
    am.received_on = Set(Some(today));
    am.updated_at = Set(now());
    let txn = super::write_tx(db).await?;
    let m = am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Some(office_id),
        "submit",
        "job_order",
        Some(id.to_string()),
        "求人を受付（受理待ち）",
    )
    .await?;
    super::notify::order_submitted(&txn, office_id, id).await?;
    txn.commit().await?;
    Ok(m)
}

fn office_rule(office: &office::Model) -> ValidityRule {
    ValidityRule::from_code(&office.validity_rule).unwrap_or_default()
}

/// Accept (受理) the working copy on `today`: every error blocks; warnings block unless
/// `warnings_confirmed`. A first acceptance allocates the 求人番号 and the validity period; an
/// accepted change of an open order becomes the next version (number and validity stay).
pub async fn accept(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
    today: NaiveDate,
    warnings_confirmed: bool,
) -> ServiceResult<job_order::Model> {
    let m = effective(get(db, office_id, id).await?, today);
    if !is_reviewable(m.state) || (m.state == JobOrderState::Open && !m.change_pending) {
        return Err(ServiceError::Refused(format!(
            "「{}」の求人は受理できません。",
            m.state.label()
        )));
    }
    let employer = employers::get(db, office_id, m.employer_id).await?;
    let mut blocking = FieldErrors::new();
    if employer.status == EmployerStatus::Pending {
        blocking.add(
            "employer",
            "求人者の登録がまだ確認されていません。先に求人者を確認してください。",
        );
    }
    if employers::rejected_on(&employer, today) {
        blocking.add(
            "employer",
            "この求人者は不受理の期間中です（職業安定法第5条の6）。",
        );
    }
    let (review, read_errors) = review(db, &employer, &draft_form(db, &m).await?, today).await?;
    let mut errors = review.field_errors(&read_errors, !warnings_confirmed);
    errors.merge(blocking);
    errors.into_result()?;

    let office = super::offices::get(db, office_id).await?;
    let first = m.number.is_none();
    let number = match &m.number {
        Some(n) => n.clone(),
        None => {
            numbering::allocate(db, office_id, NumberKind::JobOrder, fiscal_year_of(today)).await?
        }
    };
    let valid_until = match (m.valid_until, first || m.state != JobOrderState::Open) {
        (Some(v), false) => v,
        _ => office_rule(&office).valid_until(today),
    };
    let version = m.accepted_version.unwrap_or(0) + 1;
    let terms_json = serde_json::to_string(&review.terms).map_err(anyhow::Error::from)?;
    let form = draft_form(db, &m).await?;
    let txn = super::write_tx(db).await?;
    // The update comes first (it takes the write lock) and only succeeds if nobody accepted
    // the order in the meantime.
    let mut upd = job_order::Entity::update_many()
        .col_expr(job_order::Column::State, Expr::value(JobOrderState::Open))
        .col_expr(job_order::Column::Number, Expr::value(number.clone()))
        .col_expr(job_order::Column::AcceptedVersion, Expr::value(version))
        .col_expr(job_order::Column::ChangePending, Expr::value(false))
        .col_expr(
            job_order::Column::AcceptedOn,
            Expr::value(m.accepted_on.unwrap_or(today)),
        )
        .col_expr(
            job_order::Column::ReceivedOn,
            Expr::value(m.received_on.unwrap_or(today)),
        )
        .col_expr(job_order::Column::ValidUntil, Expr::value(valid_until))
        .col_expr(
            job_order::Column::RejectionGround,
            Expr::value(Option::<String>::None),
        )
        .col_expr(job_order::Column::RejectionReason, Expr::value(""))
        // An order that came in through the portal or the public form gets the accepting
        // staff member as its 担当者 unless someone is already in charge.
        .col_expr(
            job_order::Column::StaffInChargeId,
            Expr::value(m.staff_in_charge_id.or(actor.id.filter(|_| {
                matches!(actor.kind, super::ActorKind::Staff | super::ActorKind::Api)
            }))),
        )
        .col_expr(job_order::Column::UpdatedAt, Expr::value(now()))
        .filter(job_order::Column::Id.eq(id))
        .filter(job_order::Column::UpdatedAt.eq(m.updated_at));
    upd = match m.accepted_version {
        Some(v) => upd.filter(job_order::Column::AcceptedVersion.eq(v)),
        None => upd.filter(job_order::Column::AcceptedVersion.is_null()),
    };
    let res = upd.exec(&txn).await?;
    if res.rows_affected != 1 {
        txn.rollback().await?;
        return Err(ServiceError::Refused(
            "この求人は他の操作で変更されました。画面を開き直してから、もう一度操作してください。"
                .into(),
        ));
    }
    let mut am: job_order::ActiveModel = job_order::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?
        .into();
    denormalize(&txn, &mut am, &form, m.employer_id, Some(&number)).await?;
    if m.accepted_version.is_none() {
        // The first version's class and hours, which the reports count by.
        let (class, weekly) = super::reports::first_version_columns(&review.terms);
        am.first_contract_class = Set(Some(class.into()));
        am.first_weekly_minutes = Set(Some(weekly));
    }
    am.update(&txn).await?;
    job_order_version::ActiveModel {
        job_order_id: Set(id),
        version: Set(version),
        terms_json: Set(terms_json),
        accepted_on: Set(today),
        accepted_by: Set(actor.id),
        valid_until: Set(valid_until),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Some(office_id),
        "accept",
        "job_order",
        Some(id.to_string()),
        format!("求人を受理（{number}、第{version}版、有効期限 {valid_until}）"),
    )
    .await?;
    super::notify::order_accepted(&txn, office_id, id).await?;
    txn.commit().await?;
    get(db, office_id, id).await
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RejectInput {
    pub ground: String,
    pub reason: String,
}

/// 不受理 (職安法5条の6①): the ground and a reason are required.
pub async fn reject(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
    input: &RejectInput,
    today: NaiveDate,
) -> ServiceResult<job_order::Model> {
    let m = effective(get(db, office_id, id).await?, today);
    let rejectable = matches!(m.state, JobOrderState::Draft | JobOrderState::Submitted)
        || (m.state == JobOrderState::Open && m.change_pending);
    if !rejectable {
        return Err(ServiceError::Refused(
            "この求人は不受理にできません。".into(),
        ));
    }
    let mut e = FieldErrors::new();
    if !employers::REJECTION_GROUNDS
        .iter()
        .any(|(c, _)| *c == input.ground)
    {
        e.add(
            "ground",
            "不受理の根拠（職業安定法第5条の6第1項の号）を選択してください",
        );
    }
    if input.reason.trim().is_empty() {
        e.add(
            "reason",
            "不受理の理由を入力してください（求人者に通知されます）",
        );
    }
    e.into_result()?;
    let was_open = m.state == JobOrderState::Open;
    let mut am: job_order::ActiveModel = m.into();
    if was_open {
        // The change is refused; the accepted version stays in force.
        am.change_pending = Set(false);
    } else {
        am.state = Set(JobOrderState::Rejected);
    }
    // A refused order was still received (求人受付年月日 in the ledger).
    if !was_open {
        let received = match &am.received_on {
            sea_orm::ActiveValue::Set(v) | sea_orm::ActiveValue::Unchanged(v) => *v,
            _ => None,
        };
        am.received_on = Set(Some(received.unwrap_or(today)));
    }
    am.rejection_ground = Set(Some(input.ground.clone()));
    am.rejection_reason = Set(input.reason.trim().to_owned());
    am.rejected_on = Set(Some(today));
    am.updated_at = Set(now());
    let txn = super::write_tx(db).await?;
    let m = am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Some(office_id),
        "reject",
        "job_order",
        Some(id.to_string()),
        format!(
            "{}を不受理（{}号）",
            if was_open {
                "求人の変更"
            } else {
                "求人"
            },
            input.ground
        ),
    )
    .await?;
    super::notify::order_rejected(&txn, office_id, id).await?;
    sea_orm::TransactionSession::commit(txn).await?;
    Ok(m)
}

/// Close an open order: `filled` (充足), `stopped` (募集停止) or `cancelled` (取消).
pub async fn close(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
    new_state: JobOrderState,
    today: NaiveDate,
) -> ServiceResult<job_order::Model> {
    let m = effective(get(db, office_id, id).await?, today);
    if !is_ending(new_state) {
        return Err(ServiceError::Refused("操作が正しくありません。".into()));
    }
    let allowed = match new_state {
        JobOrderState::Cancelled => matches!(
            m.state,
            JobOrderState::Draft | JobOrderState::Submitted | JobOrderState::Open
        ),
        _ => m.state == JobOrderState::Open,
    };
    if !allowed {
        return Err(ServiceError::Refused(format!(
            "「{}」の求人を「{}」にはできません。",
            m.state.label(),
            new_state.label()
        )));
    }
    let mut am: job_order::ActiveModel = m.into();
    am.state = Set(new_state);
    am.closed_on = Set(Some(today));
    am.change_pending = Set(false);
    am.updated_at = Set(now());
    let txn = super::write_tx(db).await?;
    let m = am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Some(office_id),
        "close",
        "job_order",
        Some(id.to_string()),
        format!("求人を「{}」に変更", new_state.label()),
    )
    .await?;
    // The employer is told of a stop (by them or by staff); filled and cancelled need no mail.
    if new_state == JobOrderState::Stopped {
        super::notify::order_stopped(&txn, office_id, id).await?;
    }
    sea_orm::TransactionSession::commit(txn).await?;
    Ok(m)
}

/// Extend an open order's validity: a new period by the office's rule, counted from today.
pub async fn extend<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
    today: NaiveDate,
) -> ServiceResult<job_order::Model> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let m = effective(get(db, office_id, id).await?, today);
    if m.state != JobOrderState::Open {
        return Err(ServiceError::Refused(
            "受付中の求人だけ延長できます。".into(),
        ));
    }
    let office = super::offices::get(db, office_id).await?;
    let until = office_rule(&office).valid_until(today);
    let mut am: job_order::ActiveModel = m.into();
    am.valid_until = Set(Some(until));
    am.updated_at = Set(now());
    let m = am.update(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "extend",
        "job_order",
        Some(id.to_string()),
        format!("有効期限を{until}まで延長"),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}
