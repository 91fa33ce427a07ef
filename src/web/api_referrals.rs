//! JSON API for job seekers, referrals, placements and follow-ups (same rules as the pages).
use super::session::ApiUser;
use crate::error::ApiError;
use crate::present::format;
use crate::services::job_seekers::{self, JobSeekerInput, SeekerFilter};
use crate::services::placements::{self, FollowUpInput};
use crate::services::referrals::{self, ReferralFilter, ReferralInput, ResultInput};
use crate::services::{Actor, audit};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct JobSeekerOut {
    id: i32,
    number: String,
    state: String,
    name: String,
    name_kana: String,
    registered_on: NaiveDate,
    valid_until: NaiveDate,
    desired_occupations: Vec<String>,
    municipality: String,
}

fn seeker_out(m: entity::job_seeker::Model) -> JobSeekerOut {
    JobSeekerOut {
        desired_occupations: job_seekers::desired_occupations(&m),
        id: m.id,
        number: m.number,
        state: m.state.code().to_owned(),
        name: m.name,
        name_kana: m.name_kana,
        registered_on: m.registered_on,
        valid_until: m.valid_until,
        municipality: m.municipality,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct SeekerQuery {
    /// Name, フリガナ, 求職番号 or phone
    q: Option<String>,
    /// `active` (default), `closed`, `all`
    state: Option<String>,
}

/// Job seekers of the office (sensitive items are never part of the API).
#[utoipa::path(get, path = "/api/v1/job-seekers", params(SeekerQuery), responses((status = 200, body = Vec<JobSeekerOut>)))]
pub async fn list_seekers(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<SeekerQuery>,
) -> Result<Json<Vec<JobSeekerOut>>, ApiError> {
    let f = SeekerFilter {
        q: q.q.unwrap_or_default(),
        state: q.state.unwrap_or_default(),
        ..Default::default()
    };
    let page = job_seekers::list(&state.db, api.user.office_id, &f).await?;
    audit::record(
        &state.db,
        &Actor::api(&api.user),
        None,
        "view",
        "job_seeker",
        None,
        format!("求職者一覧を取得（{}件、API）", page.rows.len()),
    )
    .await?;
    Ok(Json(page.rows.into_iter().map(seeker_out).collect()))
}

/// Register a job seeker; `consent` must be set (職安法5条の5) or nothing is stored.
#[utoipa::path(post, path = "/api/v1/job-seekers", request_body = JobSeekerInput, responses((status = 201, body = JobSeekerOut), (status = 422)))]
pub async fn create_seeker(
    State(state): State<AppState>,
    api: ApiUser,
    Json(i): Json<JobSeekerInput>,
) -> Result<(StatusCode, Json<JobSeekerOut>), ApiError> {
    let m = job_seekers::register(
        &state.db,
        &Actor::api(&api.user),
        api.user.office_id,
        &i,
        format::today(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(seeker_out(m))))
}

#[derive(Serialize, ToSchema)]
pub struct ReferralOut {
    id: i32,
    number: String,
    job_order_id: i32,
    job_order_version: i32,
    job_seeker_id: i32,
    employer_id: i32,
    /// `referred`, `hired`, `not_hired`, `declined`, `cancelled`
    state: String,
    referred_on: NaiveDate,
    conditions_shown_on: NaiveDate,
    conditions_shown_method: String,
    result_received_on: Option<NaiveDate>,
    flagged: bool,
}

fn referral_out(r: entity::referral::Model) -> ReferralOut {
    ReferralOut {
        id: r.id,
        number: r.number,
        job_order_id: r.job_order_id,
        job_order_version: r.job_order_version,
        job_seeker_id: r.job_seeker_id,
        employer_id: r.employer_id,
        state: r.state.code().to_owned(),
        referred_on: r.referred_on,
        conditions_shown_on: r.conditions_shown_on,
        conditions_shown_method: r.conditions_shown_method,
        result_received_on: r.result_received_on,
        flagged: r.flagged,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct ReferralQuery {
    state: Option<String>,
    job_seeker_id: Option<i32>,
    job_order_id: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/referrals", params(ReferralQuery), responses((status = 200, body = Vec<ReferralOut>)))]
pub async fn list_referrals(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<ReferralQuery>,
) -> Result<Json<Vec<ReferralOut>>, ApiError> {
    let f = ReferralFilter {
        state: q.state.unwrap_or_default(),
        job_seeker_id: q.job_seeker_id,
        job_order_id: q.job_order_id,
        ..Default::default()
    };
    let rows = referrals::list(&state.db, api.user.office_id, &f, format::today()).await?;
    Ok(Json(
        rows.into_iter().map(|r| referral_out(r.referral)).collect(),
    ))
}

/// Refer after every check (each failure is its own error code: `order_not_open`, `labor_dispute`, `duplicate_referral`, …).
#[utoipa::path(post, path = "/api/v1/referrals", request_body = ReferralInput, responses((status = 201, body = ReferralOut), (status = 422), (status = 404)))]
pub async fn create_referral(
    State(state): State<AppState>,
    api: ApiUser,
    Json(i): Json<ReferralInput>,
) -> Result<(StatusCode, Json<ReferralOut>), ApiError> {
    let r = referrals::create(
        &state.db,
        &Actor::api(&api.user),
        api.user.office_id,
        &i,
        format::today(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(referral_out(r))))
}

/// The 紹介状 (PDF).
#[utoipa::path(get, path = "/api/v1/referrals/{id}/letter.pdf", responses((status = 200, content_type = "application/pdf", description = "紹介状"), (status = 404)))]
pub async fn letter(
    State(state): State<AppState>,
    api: ApiUser,
    Path(id): Path<i32>,
) -> Result<Response, ApiError> {
    let record = referrals::letter_record(&state.db, api.user.office_id, id).await?;
    let data = crate::present::referral_letter::letter_data(&record, &api.user.name);
    let bytes = crate::pdf::render_blocking(state.fonts.clone(), move |f| {
        crate::pdf::referral_letter::render(&data, f)
    })
    .await
    .map_err(crate::error::AppError::from)?;
    audit::record(
        &state.db,
        &Actor::api(&api.user),
        None,
        "print",
        "referral",
        Some(id.to_string()),
        "紹介状を出力（API）",
    )
    .await?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/pdf")],
        bytes,
    )
        .into_response())
}

#[derive(Serialize, ToSchema)]
pub struct ResultOut {
    referral: ReferralOut,
    placement_id: Option<i32>,
    /// 常用 `regular` / 臨時 `temporary` / 日雇 `daily`
    classification: Option<String>,
    flagged_referral_ids: Vec<i32>,
    order_filled: bool,
}

/// Record the selection result; a hire creates the placement and its follow-ups.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/result", request_body = ResultInput, responses((status = 200, body = ResultOut), (status = 422), (status = 404)))]
pub async fn result(
    State(state): State<AppState>,
    api: ApiUser,
    Path(id): Path<i32>,
    Json(i): Json<ResultInput>,
) -> Result<Json<ResultOut>, ApiError> {
    let rec = referrals::record_result(
        &state.db,
        &Actor::api(&api.user),
        api.user.office_id,
        id,
        &i,
        format::today(),
    )
    .await?;
    Ok(Json(ResultOut {
        placement_id: rec.placement.as_ref().map(|p| p.id),
        classification: rec.placement.map(|p| p.classification),
        flagged_referral_ids: rec.flagged.iter().map(|r| r.id).collect(),
        order_filled: rec.order_filled,
        referral: referral_out(rec.referral),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PlacementOut {
    id: i32,
    referral_id: i32,
    job_seeker_id: i32,
    job_order_id: i32,
    employer_id: i32,
    start_date: NaiveDate,
    contract_indefinite: bool,
    contract_months: Option<i32>,
    weekly_minutes: i32,
    hourly_yen: i32,
    classification: String,
    left_on: Option<NaiveDate>,
    left_reason: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/placements", responses((status = 200, body = Vec<PlacementOut>)))]
pub async fn list_placements(
    State(state): State<AppState>,
    api: ApiUser,
) -> Result<Json<Vec<PlacementOut>>, ApiError> {
    let rows = entity::placement::Entity::find()
        .filter(entity::placement::Column::OfficeId.eq(api.user.office_id))
        .order_by_desc(entity::placement::Column::StartDate)
        .all(&state.db)
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|p| PlacementOut {
                id: p.id,
                referral_id: p.referral_id,
                job_seeker_id: p.job_seeker_id,
                job_order_id: p.job_order_id,
                employer_id: p.employer_id,
                start_date: p.start_date,
                contract_indefinite: p.contract_indefinite,
                contract_months: p.contract_months,
                weekly_minutes: p.weekly_minutes,
                hourly_yen: p.hourly_yen,
                classification: p.classification,
                left_on: p.left_on,
                left_reason: p.left_reason,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct FollowUpOut {
    id: i32,
    placement_id: i32,
    /// `1w`, `1m`, `3m`, `6m`
    due_kind: String,
    due_on: NaiveDate,
    done_on: Option<NaiveDate>,
    result: Option<String>,
}

fn follow_up_out(f: entity::follow_up::Model) -> FollowUpOut {
    FollowUpOut {
        id: f.id,
        placement_id: f.placement_id,
        due_kind: f.due_kind,
        due_on: f.due_on,
        done_on: f.done_on,
        result: f.result,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct DueQuery {
    /// Due on or before (default: today + 7 days)
    until: Option<NaiveDate>,
}

/// Follow-ups due and not yet done.
#[utoipa::path(get, path = "/api/v1/follow-ups", params(DueQuery), responses((status = 200, body = Vec<FollowUpOut>)))]
pub async fn list_follow_ups(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<DueQuery>,
) -> Result<Json<Vec<FollowUpOut>>, ApiError> {
    let until = q
        .until
        .unwrap_or_else(|| format::today() + chrono::Duration::days(7));
    let rows = placements::due_follow_ups(&state.db, api.user.office_id, until).await?;
    Ok(Json(
        rows.into_iter().map(|(f, _)| follow_up_out(f)).collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/follow-ups/{id}", request_body = FollowUpInput, responses((status = 200, body = FollowUpOut), (status = 422), (status = 404)))]
pub async fn record_follow_up(
    State(state): State<AppState>,
    api: ApiUser,
    Path(id): Path<i32>,
    Json(i): Json<FollowUpInput>,
) -> Result<Json<FollowUpOut>, ApiError> {
    let f = placements::record_follow_up(
        &state.db,
        &Actor::api(&api.user),
        api.user.office_id,
        id,
        &i,
        format::today(),
    )
    .await?;
    Ok(Json(follow_up_out(f)))
}
