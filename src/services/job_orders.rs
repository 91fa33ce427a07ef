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
use crate::domain::states::{EmployerStatus, JobOrderState, StateName, is_reviewable};
use crate::domain::validity::ValidityRule;
use crate::validation::FieldErrors;
use chrono::{NaiveDate, Timelike};
use entity::{job_order, job_order_version, office};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use serde::Deserialize;
use std::collections::HashMap;

fn parse_form(json: &str) -> JobOrderForm {
    serde_json::from_str::<JobOrderForm>(json)
        .unwrap_or_default()
        .padded()
}

pub fn draft_form(m: &job_order::Model) -> JobOrderForm {
    parse_form(&m.draft_json)
}

/// Copy list columns and the searchable facts from the form (as far as they can be read).
async fn denormalize<C: ConnectionTrait>(
    db: &C,
    am: &mut job_order::ActiveModel,
    form: &JobOrderForm,
    employer_id: i32,
    number: Option<&str>,
) -> Result<(), sea_orm::DbErr> {
    let (terms, _) = form.to_terms();
    am.occupation_title = Set(terms.occupation_title.chars().take(200).collect());
    am.occupation_code = Set(terms.occupation_code.chars().take(8).collect());
    am.workplace_municipality = Set(terms.workplace_municipality.chars().take(100).collect());
    am.weekly_minutes = Set(terms.weekly_minutes as i32);
    am.openings = Set(terms.openings as i32);
    am.publishable = Set(terms.publishable);
    am.draft_json = Set(serde_json::to_string(form).unwrap_or_default());
    let majors = major_of(db, &terms.occupation_code).await?;
    let employer_name: Option<String> = entity::employer::Entity::find_by_id(employer_id)
        .select_only()
        .column(entity::employer::Column::NameNormalized)
        .into_tuple()
        .one(db)
        .await?;
    set_facts(
        am,
        &terms,
        &majors,
        number,
        employer_name.as_deref().unwrap_or_default(),
    );
    Ok(())
}

/// The major group of one occupation code, as a map for [`order_facts`].
async fn major_of<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<HashMap<String, String>, sea_orm::DbErr> {
    let parent: Option<Option<String>> = entity::occupation::Entity::find()
        .filter(entity::occupation::Column::Revision.eq("2022"))
        .filter(entity::occupation::Column::Code.eq(code.trim()))
        .select_only()
        .column(entity::occupation::Column::ParentCode)
        .into_tuple()
        .one(db)
        .await?;
    Ok(parent
        .flatten()
        .map(|p| HashMap::from([(code.trim().to_owned(), p)]))
        .unwrap_or_default())
}

/// The version of the fact columns' definition; rows with an older one are refreshed by
/// [`backfill_facts`].
pub const FACTS_VERSION: i32 = 1;

/// The searchable and matchable facts of one version's terms, as stored in `job_orders`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderFacts {
    /// 大分類 of the occupation.
    pub occupation_major: String,
    pub prefecture_code: String,
    /// Weekdays worked, bit 0 = Monday … bit 6 = Sunday (a shift "by arrangement" counts as every day).
    pub weekday_mask: i32,
    /// Earliest shift start and latest shift end, minutes from midnight (an end past midnight
    /// is > 1440); 0 / 0 without shifts.
    pub earliest_start: i32,
    pub latest_end: i32,
    /// The wage as an hourly amount (yen, rounded down); 0 when unknown.
    pub hourly_wage_yen: i32,
}

/// The facts of `terms`; `majors` maps a middle group to its major group.
pub fn order_facts(terms: &JobOrderTerms, majors: &HashMap<String, String>) -> OrderFacts {
    let code = terms.occupation_code.trim();
    let occupation_major = match majors.get(code) {
        Some(m) => m.clone(),
        // A major group itself (or an unknown code: its own first two digits).
        None => code.chars().take(2).collect(),
    };
    let mut mask = 0i32;
    let mut earliest = i32::MAX;
    let mut latest = 0i32;
    for s in &terms.shifts {
        let start = (s.start.hour() * 60 + s.start.minute()) as i32;
        let mut end = (s.end.hour() * 60 + s.end.minute()) as i32;
        if end <= start {
            end += 1440;
        }
        mask |= if s.weekdays.is_empty() {
            0x7f
        } else {
            s.weekdays
                .iter()
                .filter(|d| **d < 7)
                .fold(0, |m, d| m | (1 << d))
        };
        earliest = earliest.min(start);
        latest = latest.max(end);
    }
    if terms.shifts.is_empty() {
        earliest = 0;
    }
    OrderFacts {
        occupation_major,
        prefecture_code: terms.workplace_prefecture_code.chars().take(2).collect(),
        weekday_mask: mask,
        earliest_start: earliest,
        latest_end: latest,
        hourly_wage_yen: crate::domain::wage::hourly_equivalent_yen(terms)
            .map(|h| h.floor().clamp(0.0, i32::MAX as f64) as i32)
            .unwrap_or(0),
    }
}

/// The text keyword search looks in: 求人番号, 職種名 and the employer's name, normalised as
/// search terms are (NFKC, no spaces, lower case).
pub fn search_text(number: Option<&str>, title: &str, employer_name_normalized: &str) -> String {
    format!(
        "{}\n{}\n{}",
        number.unwrap_or_default().to_lowercase(),
        normalize_name_for_match(title),
        employer_name_normalized
    )
}

fn set_facts(
    am: &mut job_order::ActiveModel,
    terms: &JobOrderTerms,
    majors: &HashMap<String, String>,
    number: Option<&str>,
    employer_name_normalized: &str,
) {
    let f = order_facts(terms, majors);
    am.occupation_major = Set(f.occupation_major);
    am.prefecture_code = Set(f.prefecture_code);
    am.weekday_mask = Set(f.weekday_mask);
    am.earliest_start = Set(f.earliest_start);
    am.latest_end = Set(f.latest_end);
    am.hourly_wage_yen = Set(f.hourly_wage_yen);
    am.search_text = Set(search_text(
        number,
        &terms.occupation_title,
        employer_name_normalized,
    ));
    am.facts_version = Set(FACTS_VERSION);
}

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
pub fn stale_edit(saved: &job_order::Model, typed: &JobOrderForm) -> ServiceError {
    use crate::present::job_order_sheet::{Names, diff, sections};
    let names = Names {
        prefecture: String::new(),
        occupation: String::new(),
    };
    let (a, _) = draft_form(saved).to_terms();
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
        return Err(stale_edit(&m, form));
    }
    let read_at = m.updated_at;
    let saved_before = m.clone();
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
        am.draft_json = Set(serde_json::to_string(form).unwrap_or_default());
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
        Err(sea_orm::DbErr::RecordNotUpdated) => return Err(stale_edit(&saved_before, form)),
        Err(e) => return Err(e.into()),
    };
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
    let (review, read_errors) = review(db, &employer, &draft_form(&m), today).await?;
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
    let (review, read_errors) = review(db, &employer, &draft_form(&m), today).await?;
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
    let form = draft_form(&m);
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
    if !matches!(
        new_state,
        JobOrderState::Filled | JobOrderState::Stopped | JobOrderState::Cancelled
    ) {
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

/// Whether an order counts as expired on `today`: open, but its validity ended before. Reads
/// show and filter such an order as 期限切れ at once; the scheduled job ([`expire_due`]) writes
/// the state later.
pub fn is_due(m: &job_order::Model, today: NaiveDate) -> bool {
    m.state == JobOrderState::Open && m.valid_until.is_some_and(|v| v < today)
}

/// The order as it stands on `today`: an open order past its validity is 期限切れ (closed on its
/// last valid day), whether or not the scheduled job has written that yet.
pub fn effective(mut m: job_order::Model, today: NaiveDate) -> job_order::Model {
    if is_due(&m, today) {
        m.state = JobOrderState::Expired;
        m.closed_on = m.valid_until;
    }
    m
}

/// SQL: the order is open and still valid on `today`.
pub fn open_on(today: NaiveDate) -> Condition {
    Condition::all()
        .add(job_order::Column::State.eq(JobOrderState::Open))
        .add(job_order::Column::ValidUntil.gte(today))
}

/// SQL: the order counts as expired on `today` (written, or open past its validity).
fn expired_on(today: NaiveDate) -> Condition {
    Condition::any()
        .add(job_order::Column::State.eq(JobOrderState::Expired))
        .add(
            Condition::all()
                .add(job_order::Column::State.eq(JobOrderState::Open))
                .add(job_order::Column::ValidUntil.lt(today)),
        )
}

/// Orders expired per batch (one transaction each, so writers are never held up for long).
const EXPIRY_BATCH: u64 = 500;

/// Expire every open order whose validity ended before `today` (all offices), in batches, each
/// with its audit entries in one transaction. Returns how many. Run by the scheduled job.
pub async fn expire_due(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, sea_orm::DbErr> {
    let mut n = 0;
    loop {
        let due: Vec<(i32, i32, Option<NaiveDate>)> = job_order::Entity::find()
            .filter(job_order::Column::State.eq(JobOrderState::Open))
            .filter(job_order::Column::ValidUntil.lt(today))
            .select_only()
            .column(job_order::Column::Id)
            .column(job_order::Column::OfficeId)
            .column(job_order::Column::ValidUntil)
            .order_by_asc(job_order::Column::ValidUntil)
            .order_by_asc(job_order::Column::Id)
            .limit(EXPIRY_BATCH)
            .into_tuple()
            .all(db)
            .await?;
        if due.is_empty() {
            return Ok(n);
        }
        let txn = db.begin().await?;
        for (id, office_id, valid_until) in &due {
            let res = job_order::Entity::update_many()
                .col_expr(
                    job_order::Column::State,
                    Expr::value(JobOrderState::Expired),
                )
                .col_expr(job_order::Column::ClosedOn, Expr::value(*valid_until))
                .col_expr(job_order::Column::UpdatedAt, Expr::value(now()))
                .filter(job_order::Column::Id.eq(*id))
                .filter(job_order::Column::State.eq(JobOrderState::Open))
                .exec(&txn)
                .await?;
            if res.rows_affected == 1 {
                n += 1;
                audit::record(
                    &txn,
                    &Actor::system(),
                    Some(*office_id),
                    "expire",
                    "job_order",
                    Some(id.to_string()),
                    "有効期限切れ",
                )
                .await?;
            }
        }
        txn.commit().await?;
        if (due.len() as u64) < EXPIRY_BATCH {
            return Ok(n);
        }
    }
}

pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<job_order::Model> {
    job_order::Entity::find_by_id(id)
        .filter(job_order::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn versions<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<Vec<(job_order_version::Model, JobOrderTerms)>> {
    get(db, office_id, id).await?;
    let rows = job_order_version::Entity::find()
        .filter(job_order_version::Column::JobOrderId.eq(id))
        .order_by_asc(job_order_version::Column::Version)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|v| {
            let t = serde_json::from_str(&v.terms_json).unwrap_or_default();
            (v, t)
        })
        .collect())
}

/// The version in force (the last accepted one).
pub async fn accepted_terms<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<Option<(job_order_version::Model, JobOrderTerms)>> {
    Ok(versions(db, office_id, id).await?.pop())
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct JobOrderFilter {
    pub q: String,
    pub state: String,
    pub occupation: String,
    pub municipality: String,
    /// Upper bound of weekly hours (e.g. 20 → orders under 20 h a week).
    pub max_weekly_hours: String,
    pub employer_id: Option<i32>,
    pub staff_id: Option<i32>,
    /// Days until expiry (e.g. 14 → expiring within two weeks).
    pub expiring_within: String,
    pub sort: String,
    pub page: Option<u64>,
}

pub struct JobOrderRow {
    pub order: job_order::Model,
    pub employer_name: String,
}

pub struct JobOrderPage {
    pub rows: Vec<JobOrderRow>,
    /// How many orders match, counted up to [`COUNT_CAP`].
    pub total: u64,
    /// More than [`COUNT_CAP`] match (shown as 「1万件以上」).
    pub capped: bool,
    pub page: u64,
    pub pages: u64,
}

pub const PAGE_SIZE: u64 = 50;
/// Counts stop here: past it a list says 「1万件以上」 instead of scanning every match.
pub const COUNT_CAP: u64 = 10_000;

/// The text of a bounded count: 「1,234」 or 「1万件以上」 (without 件 for the exact number).
pub fn count_label(total: u64, capped: bool) -> String {
    if capped {
        "1万件以上".into()
    } else {
        total.to_string()
    }
}

/// Escape `%`, `_` and `\` for `LIKE … ESCAPE '\'`.
pub fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// SQL: the column contains `s` literally (`%` and `_` are not wildcards).
pub fn contains_literal<Col: ColumnTrait>(col: Col, s: &str) -> sea_orm::sea_query::SimpleExpr {
    col.like(sea_orm::sea_query::LikeExpr::new(format!("%{}%", like_escape(s))).escape('\\'))
}

/// SQL: `search_text` contains the (normalised) keyword. Three characters or more go through the
/// trigram index (SQLite FTS5 `trigram`, PostgreSQL `pg_trgm` GIN); shorter ones are a `LIKE`.
pub fn keyword_condition(backend: DbBackend, term: &str) -> sea_orm::sea_query::SimpleExpr {
    let norm = normalize_name_for_match(term);
    if norm.chars().count() >= 3 && backend == DbBackend::Sqlite {
        let phrase = format!("\"{}\"", norm.replace('"', "\"\""));
        Expr::cust_with_values(
            "\"job_orders\".\"id\" IN (SELECT rowid FROM job_orders_fts WHERE job_orders_fts MATCH ?)",
            [phrase],
        )
    } else {
        contains_literal(job_order::Column::SearchText, &norm)
    }
}

/// How many rows `q` yields, counting at most `cap + 1`: (count, more than `cap`).
pub async fn bounded_count<E, C>(
    db: &C,
    q: sea_orm::Select<E>,
    cap: u64,
) -> Result<(u64, bool), sea_orm::DbErr>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    use sea_orm::QueryTrait;
    let backend = db.get_database_backend();
    let inner = q
        .select_only()
        .column_as(Expr::value(1), "one")
        .limit(cap + 1)
        .into_query();
    let outer = sea_orm::sea_query::Query::select()
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .from_subquery(inner, "bounded")
        .to_owned();
    let row = db.query_one(&outer).await?;
    let n: i64 = match row {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    let n = n.max(0) as u64;
    let _ = backend;
    Ok((n.min(cap), n > cap))
}

/// The orders of the office that match the filter (unsorted). States are as on `today`: an
/// open order past its validity counts as 期限切れ.
fn filtered(
    backend: DbBackend,
    office_id: i32,
    f: &JobOrderFilter,
    today: NaiveDate,
    occupation_codes: Option<Vec<String>>,
) -> sea_orm::Select<job_order::Entity> {
    let mut q = job_order::Entity::find().filter(job_order::Column::OfficeId.eq(office_id));
    match f.state.as_str() {
        "open" => q = q.filter(open_on(today)),
        "expired" => q = q.filter(expired_on(today)),
        "active" => {
            q = q.filter(
                Condition::any()
                    .add(
                        job_order::Column::State
                            .is_in([JobOrderState::Draft, JobOrderState::Submitted]),
                    )
                    .add(open_on(today)),
            )
        }
        "pending" => {
            q = q.filter(
                Condition::any()
                    .add(job_order::Column::State.eq(JobOrderState::Submitted))
                    .add(job_order::Column::ChangePending.eq(true)),
            )
        }
        st => {
            if let Some(state) = JobOrderState::parse(st) {
                q = q.filter(job_order::Column::State.eq(state));
            }
        }
    }
    let term = f.q.trim();
    if !term.is_empty() {
        q = q.filter(keyword_condition(backend, term));
    }
    if let Some(codes) = occupation_codes {
        q = q.filter(job_order::Column::OccupationCode.is_in(codes));
    }
    if !f.municipality.trim().is_empty() {
        q = q.filter(contains_literal(
            job_order::Column::WorkplaceMunicipality,
            f.municipality.trim(),
        ));
    }
    if let Ok(h) = crate::domain::normalize::nfkc(f.max_weekly_hours.trim()).parse::<f64>() {
        q = q.filter(job_order::Column::WeeklyMinutes.lt((h * 60.0) as i32));
    }
    if let Some(e) = f.employer_id {
        q = q.filter(job_order::Column::EmployerId.eq(e));
    }
    if let Some(s) = f.staff_id {
        q = q.filter(job_order::Column::StaffInChargeId.eq(s));
    }
    if let Ok(days) = f.expiring_within.trim().parse::<i64>() {
        q = q
            .filter(open_on(today))
            .filter(job_order::Column::ValidUntil.lte(today + chrono::Duration::days(days)));
    }
    q
}

async fn occupation_codes<C: ConnectionTrait>(
    db: &C,
    f: &JobOrderFilter,
) -> Result<Option<Vec<String>>, sea_orm::DbErr> {
    if f.occupation.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(
        refdata::occupation_codes_under(db, f.occupation.trim()).await?,
    ))
}

/// How many orders match the filter.
pub async fn count<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &JobOrderFilter,
    today: NaiveDate,
) -> Result<u64, sea_orm::DbErr> {
    let codes = occupation_codes(db, f).await?;
    filtered(db.get_database_backend(), office_id, f, today, codes)
        .count(db)
        .await
}

/// A page of the office's orders for the staff list and the portal: the list columns only (the
/// working copy and the search text are left empty), states as on `today`.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &JobOrderFilter,
    today: NaiveDate,
) -> Result<JobOrderPage, sea_orm::DbErr> {
    list_rows(db, office_id, f, today, false).await
}

/// Like [`list`], with the working copy of each order (the API shows it).
pub async fn list_wide<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &JobOrderFilter,
    today: NaiveDate,
) -> Result<JobOrderPage, sea_orm::DbErr> {
    list_rows(db, office_id, f, today, true).await
}

async fn list_rows<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &JobOrderFilter,
    today: NaiveDate,
    wide: bool,
) -> Result<JobOrderPage, sea_orm::DbErr> {
    let codes = occupation_codes(db, f).await?;
    let q = filtered(db.get_database_backend(), office_id, f, today, codes);
    let (total, capped) = bounded_count(db, q.clone(), COUNT_CAP).await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = if capped {
        f.page.unwrap_or(1).max(1)
    } else {
        f.page.unwrap_or(1).clamp(1, pages)
    };
    // Every order has an index behind it (office, key, id), so a page is an index range.
    let q = match f.sort.as_str() {
        "valid_until" => q
            .order_by_asc(job_order::Column::ValidUntil)
            .order_by_asc(job_order::Column::Id),
        "number" => q
            .order_by_desc(job_order::Column::Number)
            .order_by_desc(job_order::Column::Id),
        "hours" => q
            .order_by_asc(job_order::Column::WeeklyMinutes)
            .order_by_asc(job_order::Column::Id),
        "occupation" => q
            .order_by_asc(job_order::Column::OccupationTitle)
            .order_by_asc(job_order::Column::Id),
        _ => q
            .order_by_desc(job_order::Column::UpdatedAt)
            .order_by_desc(job_order::Column::Id),
    };
    let q = if wide { q } else { narrow(q) };
    let orders = q
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let ids: Vec<i32> = orders.iter().map(|o| o.employer_id).collect();
    let names: HashMap<i32, String> = entity::employer::Entity::find()
        .filter(entity::employer::Column::Id.is_in(ids))
        .select_only()
        .column(entity::employer::Column::Id)
        .column(entity::employer::Column::Name)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let rows = orders
        .into_iter()
        .map(|order| JobOrderRow {
            employer_name: names.get(&order.employer_id).cloned().unwrap_or_default(),
            order: effective(order, today),
        })
        .collect();
    let pages = if capped { page + 1 } else { pages };
    Ok(JobOrderPage {
        rows,
        total,
        capped,
        page,
        pages,
    })
}

/// A select of orders without the wide text columns (the working copy, the search text): they
/// come back empty.
pub fn narrow(q: sea_orm::Select<job_order::Entity>) -> sea_orm::Select<job_order::Entity> {
    use sea_orm::Iterable;
    let mut q = q.select_only();
    for c in job_order::Column::iter() {
        match c {
            job_order::Column::DraftJson | job_order::Column::SearchText => {
                q = q.column_as(Expr::value(""), sea_orm::IdenStatic::as_str(&c))
            }
            c => q = q.column(c),
        }
    }
    q
}

/// Fill the fact columns of orders written before they existed (or by an older definition):
/// from the accepted version in force, or the working copy before acceptance. Batches of 500,
/// each in one transaction; returns how many orders were filled. Run by `db::migrate`.
pub async fn backfill_facts(db: &DatabaseConnection) -> Result<u64, sea_orm::DbErr> {
    let majors = super::matching::majors(db).await?;
    let mut n = 0;
    loop {
        #[allow(clippy::type_complexity)] // one row of a narrow select
        let rows: Vec<(i32, i32, Option<String>, Option<i32>, String)> = job_order::Entity::find()
            .filter(job_order::Column::FactsVersion.eq(0))
            .select_only()
            .column(job_order::Column::Id)
            .column(job_order::Column::EmployerId)
            .column(job_order::Column::Number)
            .column(job_order::Column::AcceptedVersion)
            .column(job_order::Column::DraftJson)
            .order_by_asc(job_order::Column::Id)
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        if rows.is_empty() {
            return Ok(n);
        }
        let ids: Vec<i32> = rows.iter().map(|r| r.0).collect();
        let mut accepted: HashMap<i32, (i32, String)> = HashMap::new();
        for v in job_order_version::Entity::find()
            .filter(job_order_version::Column::JobOrderId.is_in(ids))
            .all(db)
            .await?
        {
            let e = accepted.entry(v.job_order_id).or_insert((0, String::new()));
            if v.version > e.0 {
                *e = (v.version, v.terms_json);
            }
        }
        let employer_ids: Vec<i32> = rows.iter().map(|r| r.1).collect();
        let names: HashMap<i32, String> = entity::employer::Entity::find()
            .filter(entity::employer::Column::Id.is_in(employer_ids))
            .select_only()
            .column(entity::employer::Column::Id)
            .column(entity::employer::Column::NameNormalized)
            .into_tuple::<(i32, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let txn = db.begin().await?;
        for (id, employer_id, number, version, draft) in &rows {
            let terms: JobOrderTerms = match (version, accepted.get(id)) {
                (Some(_), Some((_, json))) => serde_json::from_str(json).unwrap_or_default(),
                _ => parse_form(draft).to_terms().0,
            };
            let f = order_facts(&terms, &majors);
            job_order::Entity::update_many()
                .col_expr(
                    job_order::Column::OccupationMajor,
                    Expr::value(f.occupation_major),
                )
                .col_expr(
                    job_order::Column::PrefectureCode,
                    Expr::value(f.prefecture_code),
                )
                .col_expr(job_order::Column::WeekdayMask, Expr::value(f.weekday_mask))
                .col_expr(
                    job_order::Column::EarliestStart,
                    Expr::value(f.earliest_start),
                )
                .col_expr(job_order::Column::LatestEnd, Expr::value(f.latest_end))
                .col_expr(
                    job_order::Column::HourlyWageYen,
                    Expr::value(f.hourly_wage_yen),
                )
                .col_expr(
                    job_order::Column::SearchText,
                    Expr::value(search_text(
                        number.as_deref(),
                        &terms.occupation_title,
                        names
                            .get(employer_id)
                            .map(String::as_str)
                            .unwrap_or_default(),
                    )),
                )
                .col_expr(job_order::Column::FactsVersion, Expr::value(FACTS_VERSION))
                .filter(job_order::Column::Id.eq(*id))
                .exec(&txn)
                .await?;
            n += 1;
        }
        txn.commit().await?;
    }
}

/// Refresh the search text of an employer's orders after its name changed.
pub async fn refresh_employer_name<C: ConnectionTrait>(
    db: &C,
    employer_id: i32,
) -> Result<(), sea_orm::DbErr> {
    let name: Option<String> = entity::employer::Entity::find_by_id(employer_id)
        .select_only()
        .column(entity::employer::Column::NameNormalized)
        .into_tuple()
        .one(db)
        .await?;
    let Some(name) = name else { return Ok(()) };
    let rows: Vec<(i32, Option<String>, String)> = job_order::Entity::find()
        .filter(job_order::Column::EmployerId.eq(employer_id))
        .select_only()
        .column(job_order::Column::Id)
        .column(job_order::Column::Number)
        .column(job_order::Column::OccupationTitle)
        .into_tuple()
        .all(db)
        .await?;
    for (id, number, title) in rows {
        job_order::Entity::update_many()
            .col_expr(
                job_order::Column::SearchText,
                Expr::value(search_text(number.as_deref(), &title, &name)),
            )
            .filter(job_order::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The terms of the given (order id, version) pairs, in one query: order id → terms.
pub async fn terms_of_versions<C: ConnectionTrait>(
    db: &C,
    wanted: &[(i32, i32)],
) -> Result<HashMap<i32, JobOrderTerms>, sea_orm::DbErr> {
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let want: HashMap<i32, i32> = wanted.iter().copied().collect();
    let rows: Vec<(i32, i32, String)> = job_order_version::Entity::find()
        .filter(job_order_version::Column::JobOrderId.is_in(want.keys().copied()))
        .filter(
            job_order_version::Column::Version.is_in(
                want.values()
                    .copied()
                    .collect::<std::collections::BTreeSet<i32>>(),
            ),
        )
        .select_only()
        .column(job_order_version::Column::JobOrderId)
        .column(job_order_version::Column::Version)
        .column(job_order_version::Column::TermsJson)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(id, v, _)| want.get(id) == Some(v))
        .filter_map(|(id, _, json)| Some((id, serde_json::from_str(&json).ok()?)))
        .collect())
}
