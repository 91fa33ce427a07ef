//! Referrals (紹介): the checks, the 明示 of working conditions (the accepted version shown),
//! 紹介番号, state transitions with their log, results from staff or the employer, hires
//! (placements with follow-ups) and reminders.
use super::error::{ServiceError, ServiceResult};
use super::{Actor, audit, employers, job_orders, job_seekers, now, numbering, refdata};
use crate::domain::fiscal_year::fiscal_year_of;
use crate::domain::numbering::NumberKind;
use crate::domain::placement::{FOLLOW_UPS, classify, follow_up_due};
use crate::domain::referral::{self, ReferralFacts};
use crate::domain::states::{JobOrderState, ReferralState, StateName, can_transition};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use entity::{follow_up, job_order, placement, referral as referral_entity, referral_transition};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReferralInput {
    pub job_order_id: i32,
    pub job_seeker_id: i32,
    /// The day the working conditions were shown to the seeker (YYYY-MM-DD); empty = today.
    pub conditions_shown_on: String,
    /// `written` (書面) or `email` (電子メール).
    pub conditions_shown_method: String,
    /// Interview date, time and place.
    pub interview: String,
    /// Documents to bring.
    pub documents: String,
}

fn parse_date(v: &str) -> Option<NaiveDate> {
    crate::domain::wareki::parse_date(v)
}

/// Referrals of an order still waiting for a result, counted up to `cap`: (count, more).
pub async fn count_waiting_for_order<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    job_order_id: i32,
    cap: u64,
) -> Result<(u64, bool), sea_orm::DbErr> {
    super::job_orders::bounded_count(
        db,
        referral_entity::Entity::find()
            .filter(referral_entity::Column::OfficeId.eq(office_id))
            .filter(referral_entity::Column::JobOrderId.eq(job_order_id))
            .filter(referral_entity::Column::State.eq(ReferralState::Referred)),
        cap,
    )
    .await
}

/// Every check for a referral of this seeker to this order on `today` (empty = may refer).
pub async fn check<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    input: &ReferralInput,
    today: NaiveDate,
) -> ServiceResult<FieldErrors> {
    let order = job_orders::get(db, office_id, input.job_order_id).await?;
    let seeker = job_seekers::get(db, office_id, input.job_seeker_id).await?;
    let employer = employers::get(db, office_id, order.employer_id).await?;
    let office = super::offices::get(db, office_id).await?;
    let open = referral_entity::Entity::find()
        .filter(referral_entity::Column::JobOrderId.eq(order.id))
        .filter(referral_entity::Column::JobSeekerId.eq(seeker.id))
        .filter(referral_entity::Column::State.eq(ReferralState::Referred))
        .one(db)
        .await?;
    let major = major_of(db, &order.occupation_code).await?;
    let shown = if input.conditions_shown_on.trim().is_empty() {
        Some(today)
    } else {
        parse_date(&input.conditions_shown_on)
    };
    let facts = ReferralFacts {
        today,
        order_state: order.state,
        order_valid_until: order.valid_until,
        order_has_accepted_version: order.accepted_version.is_some(),
        employer_labor_dispute: employer.labor_dispute,
        employer_rejected: employers::rejected_on(&employer, today),
        seeker_state: seeker.state,
        seeker_valid_until: seeker.valid_until,
        open_referral: open.map(|r| r.number),
        outside_scope: referral::outside_scope(
            &office.excluded_occupations,
            &order.occupation_code,
            &major,
        ),
        conditions_shown_on: shown,
        conditions_shown_method: input.conditions_shown_method.clone(),
    };
    let mut e = FieldErrors::new();
    for (field, code, msg) in referral::checks(&facts) {
        e.add_coded(field, code, msg);
    }
    Ok(e)
}

async fn major_of<C: ConnectionTrait>(db: &C, middle: &str) -> Result<String, sea_orm::DbErr> {
    Ok(entity::occupation::Entity::find()
        .filter(entity::occupation::Column::Revision.eq("2022"))
        .filter(entity::occupation::Column::Code.eq(middle))
        .one(db)
        .await?
        .and_then(|o| o.parent_code)
        .unwrap_or_default())
}

async fn log_transition<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    referral_id: i32,
    from: Option<ReferralState>,
    to: ReferralState,
    reason: &str,
) -> Result<(), sea_orm::DbErr> {
    referral_transition::ActiveModel {
        referral_id: Set(referral_id),
        from_state: Set(from),
        to_state: Set(to),
        reason: Set(reason.to_owned()),
        actor_kind: Set(actor.kind.code().to_owned()),
        actor_id: Set(actor.id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Refer a seeker to an order after every check passes.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    input: &ReferralInput,
    today: NaiveDate,
) -> ServiceResult<referral_entity::Model> {
    check(db, office_id, input, today).await?.into_result()?;
    let order = job_orders::get(db, office_id, input.job_order_id).await?;
    let seeker = job_seekers::get(db, office_id, input.job_seeker_id).await?;
    let version = order.accepted_version.ok_or(ServiceError::NotFound)?;
    let shown = if input.conditions_shown_on.trim().is_empty() {
        today
    } else {
        parse_date(&input.conditions_shown_on).unwrap_or(today)
    };
    // The number is taken inside the transaction: when the database refuses a second open
    // referral of this seeker to this order (a double click: the partial unique index
    // `ux_referrals_open_order_seeker`), the rollback gives the number back, so the ledger has
    // neither a second referral nor a gap.
    let txn = super::write_tx(db).await?;
    let number =
        numbering::allocate(&txn, office_id, NumberKind::Referral, fiscal_year_of(today)).await?;
    let t = now();
    let inserted = referral_entity::ActiveModel {
        office_id: Set(office_id),
        number: Set(number),
        job_order_id: Set(order.id),
        job_order_version: Set(version),
        job_seeker_id: Set(seeker.id),
        employer_id: Set(order.employer_id),
        state: Set(ReferralState::Referred),
        referred_on: Set(today),
        conditions_shown_on: Set(shown),
        conditions_shown_method: Set(input.conditions_shown_method.clone()),
        interview: Set(input.interview.trim().to_owned()),
        documents: Set(input.documents.trim().to_owned()),
        result_note: Set(String::new()),
        flagged: Set(false),
        staff_user_id: Set(actor.id.filter(|_| actor.kind == super::ActorKind::Staff)),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let r = match inserted {
        Ok(r) => r,
        Err(e) if super::is_unique_violation(&e) => {
            txn.rollback().await?;
            // The twin request won: answer as for any second referral (the message names the
            // existing 紹介番号).
            let errors = check(db, office_id, input, today).await?;
            return Err(if errors.is_empty() {
                ServiceError::Db(e)
            } else {
                ServiceError::Invalid(errors)
            });
        }
        Err(e) => return Err(e.into()),
    };
    log_transition(&txn, actor, r.id, None, ReferralState::Referred, "紹介").await?;
    job_seekers::renew(&txn, office_id, seeker, today).await?;
    audit::record(
        &txn,
        actor,
        Some(office_id),
        "create",
        "referral",
        Some(r.id.to_string()),
        format!(
            "紹介（{}、求人 #{} 第{version}版を明示）",
            r.number, order.id
        ),
    )
    .await?;
    super::notify::referral_made(&txn, &r).await?;
    txn.commit().await?;
    Ok(r)
}

pub async fn get<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<referral_entity::Model> {
    referral_entity::Entity::find_by_id(id)
        .filter(referral_entity::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn transitions<C: ConnectionTrait>(
    db: &C,
    referral_id: i32,
) -> Result<Vec<referral_transition::Model>, sea_orm::DbErr> {
    referral_transition::Entity::find()
        .filter(referral_transition::Column::ReferralId.eq(referral_id))
        .order_by_asc(referral_transition::Column::Id)
        .all(db)
        .await
}

/// The selection result, as the employer reports it (portal) or staff enter it.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ResultInput {
    /// `hired`, `not_hired`, `declined`, `cancelled`
    pub result: String,
    pub reason_code: String,
    pub note: String,
    /// How the result arrived: `portal`, `fax`, `phone`, `post`, `counter`, `email`
    pub received_via: String,
    pub received_on: String,
    /// For a hire: start date, 無期 (`1`) or the contract length in months, weekly hours, hourly wage.
    pub start_date: String,
    pub indefinite: Option<String>,
    pub contract_months: String,
    pub weekly_hours: String,
    pub hourly_yen: String,
}

pub const RECEIVED_VIA: &[(&str, &str)] = &[
    ("fax", "FAX"),
    ("phone", "電話"),
    ("post", "郵送"),
    ("counter", "窓口"),
    ("email", "メール"),
    ("portal", "求人者ポータル"),
];

#[derive(Debug)]
pub struct Recorded {
    pub referral: referral_entity::Model,
    pub placement: Option<placement::Model>,
    /// Other open referrals of the seeker, now flagged for staff.
    pub flagged: Vec<referral_entity::Model>,
    pub order_filled: bool,
}

/// Record the result; a hire creates the placement and its follow-ups, flags the seeker's
/// other open referrals, and fills the order when its openings are taken.
pub async fn record_result(
    db: &DatabaseConnection,
    actor: &Actor,
    office_id: i32,
    id: i32,
    i: &ResultInput,
    today: NaiveDate,
) -> ServiceResult<Recorded> {
    let r = get(db, office_id, id).await?;
    let mut e = FieldErrors::new();
    // An unknown or missing result reads as 紹介中, which no referral may move to.
    let result = ReferralState::parse(&i.result).unwrap_or(ReferralState::Referred);
    if !can_transition(r.state, result) {
        if r.state != ReferralState::Referred {
            e.add_coded(
                "result",
                "already_recorded",
                format!(
                    "この紹介の結果は既に「{}」で記録されています。",
                    r.state.label()
                ),
            );
        } else {
            e.add_coded("result", "invalid", "結果を選択してください");
        }
    }
    if result == ReferralState::NotHired
        && !i.reason_code.is_empty()
        && !referral::NOT_HIRED_REASONS
            .iter()
            .any(|(c, _)| *c == i.reason_code)
    {
        e.add("reason_code", "理由を選択してください");
    }
    let via = if i.received_via.is_empty() {
        "counter".to_owned()
    } else {
        i.received_via.clone()
    };
    if !RECEIVED_VIA.iter().any(|(c, _)| *c == via) {
        e.add("received_via", "受領方法を選択してください");
    }
    let received_on = if i.received_on.trim().is_empty() {
        Some(today)
    } else {
        parse_date(&i.received_on)
    };
    if received_on.is_none() {
        e.add("received_on", "日付を正しく入力してください");
    }
    let mut hire = None;
    if result == ReferralState::Hired {
        let start = parse_date(&i.start_date);
        if start.is_none() {
            e.add("start_date", "入社（予定）日を入力してください");
        }
        let months = if i.indefinite.is_some() {
            None
        } else {
            match crate::domain::normalize::nfkc(i.contract_months.trim()).parse::<u32>() {
                Ok(m) if m <= 120 => Some(m),
                _ => {
                    e.add(
                        "contract_months",
                        "無期でない場合は契約期間（か月、1か月未満は0）を入力してください",
                    );
                    None
                }
            }
        };
        let weekly = crate::domain::normalize::nfkc(i.weekly_hours.trim())
            .parse::<f64>()
            .ok()
            .filter(|h| *h > 0.0 && *h <= 80.0);
        if weekly.is_none() {
            e.add("weekly_hours", "週の所定労働時間を入力してください");
        }
        let wage = crate::domain::normalize::nfkc(i.hourly_yen.trim())
            .replace(',', "")
            .parse::<i32>()
            .ok()
            .filter(|y| *y > 0);
        if wage.is_none() {
            e.add("hourly_yen", "賃金（時間額）を入力してください");
        }
        if let (Some(s), Some(w), Some(y)) = (start, weekly, wage) {
            hire = Some((s, months, (w * 60.0).round() as i32, y));
        }
    }
    e.into_result()?;
    let order = job_orders::get(db, office_id, r.job_order_id).await?;
    let txn = super::write_tx(db).await?;
    let from = r.state;
    // Only one result: the state changes only if it is still 紹介中 (two people answering at once
    // cannot both record a hire).
    let claimed = referral_entity::Entity::update_many()
        .col_expr(
            referral_entity::Column::State,
            sea_orm::sea_query::Expr::value(result),
        )
        .filter(referral_entity::Column::Id.eq(r.id))
        .filter(referral_entity::Column::State.eq(ReferralState::Referred))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        txn.rollback().await?;
        let mut e = FieldErrors::new();
        e.add_coded(
            "result",
            "already_recorded",
            "この紹介の結果は既に記録されています。",
        );
        return Err(ServiceError::Invalid(e));
    }
    let mut am: referral_entity::ActiveModel = r.clone().into();
    am.state = Set(result);
    am.result_reason_code = Set(
        (result == ReferralState::NotHired && !i.reason_code.is_empty())
            .then(|| i.reason_code.clone()),
    );
    am.result_note = Set(i.note.trim().to_owned());
    am.result_received_on = Set(received_on);
    am.result_received_via = Set(Some(via.clone()));
    am.updated_at = Set(now());
    let r = am.update(&txn).await?;
    let reason = match result {
        ReferralState::NotHired => referral::NOT_HIRED_REASONS
            .iter()
            .find(|(c, _)| *c == i.reason_code)
            .map(|(_, l)| l.to_string())
            .unwrap_or_default(),
        _ => i.note.trim().to_owned(),
    };
    log_transition(&txn, actor, r.id, Some(from), result, &reason).await?;
    let mut placement_row = None;
    let mut flagged = Vec::new();
    let mut order_filled = false;
    if let Some((start, months, weekly_minutes, hourly)) = hire {
        let p = placement::ActiveModel {
            office_id: Set(office_id),
            referral_id: Set(r.id),
            job_seeker_id: Set(r.job_seeker_id),
            job_order_id: Set(r.job_order_id),
            employer_id: Set(r.employer_id),
            start_date: Set(start),
            contract_indefinite: Set(months.is_none()),
            contract_months: Set(months.map(|m| m as i32)),
            weekly_minutes: Set(weekly_minutes),
            hourly_yen: Set(hourly),
            classification: Set(classify(months).code().to_owned()),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (kind, _) in FOLLOW_UPS {
            if let Some(due) = follow_up_due(start, kind) {
                follow_up::ActiveModel {
                    office_id: Set(office_id),
                    placement_id: Set(p.id),
                    due_kind: Set(kind.to_owned()),
                    due_on: Set(due),
                    note: Set(String::new()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
        // The seeker's other open referrals are flagged for staff.
        let others = referral_entity::Entity::find()
            .filter(referral_entity::Column::JobSeekerId.eq(r.job_seeker_id))
            .filter(referral_entity::Column::State.eq(ReferralState::Referred))
            .filter(referral_entity::Column::Id.ne(r.id))
            .all(&txn)
            .await?;
        for o in others {
            let mut am: referral_entity::ActiveModel = o.into();
            am.flagged = Set(true);
            flagged.push(am.update(&txn).await?);
        }
        // Hires count against the order's openings.
        let hires = referral_entity::Entity::find()
            .filter(referral_entity::Column::JobOrderId.eq(order.id))
            .filter(referral_entity::Column::State.eq(ReferralState::Hired))
            .count(&txn)
            .await?;
        if order.state == JobOrderState::Open && hires >= order.openings.max(1) as u64 {
            let mut am: job_order::ActiveModel = order.clone().into();
            am.state = Set(JobOrderState::Filled);
            am.closed_on = Set(Some(today));
            am.updated_at = Set(now());
            am.update(&txn).await?;
            audit::record(
                &txn,
                &Actor::system(),
                Some(office_id),
                "close",
                "job_order",
                Some(order.id.to_string()),
                "採用により求人数が充足",
            )
            .await?;
            order_filled = true;
        }
        placement_row = Some(p);
    }
    audit::record(
        &txn,
        actor,
        Some(office_id),
        "result",
        "referral",
        Some(r.id.to_string()),
        format!(
            "選考結果を記録（{}、{}）",
            result.label(),
            label(RECEIVED_VIA, &via)
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Recorded {
        referral: r,
        placement: placement_row,
        flagged,
        order_filled,
    })
}

pub use super::label;

/// Staff acknowledge a flag (the seeker was hired elsewhere).
pub async fn clear_flag<C: super::Db>(
    db: &C,
    actor: &Actor,
    office_id: i32,
    id: i32,
) -> ServiceResult<()> {
    let txn = super::write_tx(db).await?;
    let db = &txn;
    let r = get(db, office_id, id).await?;
    let mut am: referral_entity::ActiveModel = r.into();
    am.flagged = Set(false);
    am.update(db).await?;
    audit::record(
        db,
        actor,
        Some(office_id),
        "update",
        "referral",
        Some(id.to_string()),
        "他の紹介での採用の確認済み",
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReferralFilter {
    pub state: String,
    pub job_seeker_id: Option<i32>,
    pub job_order_id: Option<i32>,
    pub employer_id: Option<i32>,
    pub flagged: Option<String>,
    pub overdue: Option<String>,
}

pub struct ReferralRow {
    pub referral: referral_entity::Model,
    pub seeker_name: String,
    pub seeker_number: String,
    pub order_title: String,
    pub order_number: String,
    pub employer_name: String,
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    f: &ReferralFilter,
    today: NaiveDate,
) -> Result<Vec<ReferralRow>, sea_orm::DbErr> {
    let mut q =
        referral_entity::Entity::find().filter(referral_entity::Column::OfficeId.eq(office_id));
    if let Some(state) = ReferralState::parse(&f.state) {
        q = q.filter(referral_entity::Column::State.eq(state));
    }
    if let Some(s) = f.job_seeker_id {
        q = q.filter(referral_entity::Column::JobSeekerId.eq(s));
    }
    if let Some(o) = f.job_order_id {
        q = q.filter(referral_entity::Column::JobOrderId.eq(o));
    }
    if let Some(e) = f.employer_id {
        q = q.filter(referral_entity::Column::EmployerId.eq(e));
    }
    if f.flagged.is_some() {
        q = q.filter(referral_entity::Column::Flagged.eq(true));
    }
    if f.overdue.is_some() {
        let days = super::offices::get(db, office_id)
            .await
            .map(|o| o.result_reminder_days)
            .unwrap_or(14);
        q = q
            .filter(referral_entity::Column::State.eq(ReferralState::Referred))
            .filter(
                referral_entity::Column::ReferredOn
                    .lte(today - chrono::Duration::days(days.into())),
            );
    }
    let rows = q.order_by_desc(referral_entity::Column::Id).all(db).await?;
    // Names for the whole list in three queries, not three per row.
    let ids = |f: fn(&referral_entity::Model) -> i32| rows.iter().map(f).collect::<Vec<i32>>();
    let seekers: HashMap<i32, entity::job_seeker::Model> = entity::job_seeker::Entity::find()
        .filter(entity::job_seeker::Column::Id.is_in(ids(|r| r.job_seeker_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let orders: HashMap<i32, job_order::Model> = job_order::Entity::find()
        .filter(job_order::Column::Id.is_in(ids(|r| r.job_order_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let employers: HashMap<i32, String> = entity::employer::Entity::find()
        .filter(entity::employer::Column::Id.is_in(ids(|r| r.employer_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let seeker = seekers.get(&r.job_seeker_id);
            let order = orders.get(&r.job_order_id);
            ReferralRow {
                seeker_name: seeker.map(|s| s.name.clone()).unwrap_or_default(),
                seeker_number: seeker.map(|s| s.number.clone()).unwrap_or_default(),
                order_title: order
                    .map(|o| o.occupation_title.clone())
                    .unwrap_or_default(),
                order_number: order.and_then(|o| o.number.clone()).unwrap_or_default(),
                employer_name: employers.get(&r.employer_id).cloned().unwrap_or_default(),
                referral: r,
            }
        })
        .collect())
}

/// Referrals without a result after the office's reminder period; each gets one reminder.
pub async fn due_reminders<C: ConnectionTrait>(
    db: &C,
    today: NaiveDate,
) -> Result<Vec<referral_entity::Model>, sea_orm::DbErr> {
    let mut out = Vec::new();
    for office in super::offices::all(db).await? {
        let cutoff = today - chrono::Duration::days(office.result_reminder_days.into());
        out.extend(
            referral_entity::Entity::find()
                .filter(referral_entity::Column::OfficeId.eq(office.id))
                .filter(referral_entity::Column::State.eq(ReferralState::Referred))
                .filter(referral_entity::Column::ReferredOn.lte(cutoff))
                .filter(referral_entity::Column::RemindedOn.is_null())
                .all(db)
                .await?,
        );
    }
    Ok(out)
}

pub async fn mark_reminded<C: ConnectionTrait>(
    db: &C,
    r: referral_entity::Model,
    today: NaiveDate,
) -> Result<(), sea_orm::DbErr> {
    let mut am: referral_entity::ActiveModel = r.into();
    am.reminded_on = Set(Some(today));
    am.update(db).await?;
    Ok(())
}

/// Everything the 紹介状 names: the referral, the version of the order that was shown, the
/// seeker, the employer, the office, and the names of their codes (a fixed number of queries).
pub struct LetterRecord {
    pub referral: referral_entity::Model,
    pub office: entity::office::Model,
    pub order: job_order::Model,
    pub terms: crate::domain::job_order::JobOrderTerms,
    pub seeker: entity::job_seeker::Model,
    pub employer: entity::employer::Model,
    pub workplace_prefecture: String,
    pub occupation: String,
    pub office_prefecture: String,
    pub seeker_prefecture: String,
}

pub async fn letter_record<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
    id: i32,
) -> ServiceResult<LetterRecord> {
    let r = get(db, office_id, id).await?;
    let office = super::offices::get(db, office_id).await?;
    let order = job_orders::get(db, office_id, r.job_order_id).await?;
    let seeker = job_seekers::get(db, office_id, r.job_seeker_id).await?;
    let employer = employers::get(db, office_id, r.employer_id).await?;
    let terms = job_orders::versions(db, office_id, order.id)
        .await?
        .into_iter()
        .find(|(v, _)| v.version == r.job_order_version)
        .map(|(_, t)| t)
        .ok_or(ServiceError::NotFound)?;
    Ok(LetterRecord {
        workplace_prefecture: refdata::prefecture_name(db, &terms.workplace_prefecture_code)
            .await?,
        occupation: refdata::occupation_name(db, &terms.occupation_code).await?,
        office_prefecture: refdata::prefecture_name(db, &office.prefecture_code).await?,
        seeker_prefecture: refdata::prefecture_name(db, &seeker.prefecture_code).await?,
        referral: r,
        office,
        order,
        terms,
        seeker,
        employer,
    })
}

/// How many referrals of the office wait for their result.
/// How many referrals wait for their result, counting at most `COUNT_CAP`: (count, more).
pub async fn count_open<C: ConnectionTrait>(
    db: &C,
    office_id: i32,
) -> Result<(u64, bool), sea_orm::DbErr> {
    let q = referral_entity::Entity::find()
        .filter(referral_entity::Column::OfficeId.eq(office_id))
        .filter(referral_entity::Column::State.eq(ReferralState::Referred));
    super::job_orders::bounded_count(db, q, super::job_orders::COUNT_CAP).await
}
