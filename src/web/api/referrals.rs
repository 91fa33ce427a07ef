//! JSON API for referrals: making one, the 紹介状 and the selection result (same rules as the pages).
use crate::error::ApiError;
use crate::present::format;
use crate::services::referrals::{self, ReferralFilter, ReferralInput, ResultInput};
use crate::services::{Actor, audit};
use crate::state::AppState;
use crate::web::session::ApiUser;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description (one `routes!` per path).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_referrals, create_referral))
        .routes(routes!(letter))
        .routes(routes!(result))
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

#[utoipa::path(get, tag = "referrals", path = "/api/v1/referrals", params(ReferralQuery), responses((status = 200, body = Vec<ReferralOut>)))]
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
#[utoipa::path(post, tag = "referrals", path = "/api/v1/referrals", request_body = ReferralInput, responses((status = 201, body = ReferralOut), (status = 422), (status = 404)))]
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
#[utoipa::path(get, tag = "referrals", path = "/api/v1/referrals/{id}/letter.pdf", responses((status = 200, content_type = "application/pdf", description = "紹介状"), (status = 404)))]
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
#[utoipa::path(post, tag = "referrals", path = "/api/v1/referrals/{id}/result", request_body = ResultInput, responses((status = 200, body = ResultOut), (status = 422), (status = 404)))]
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
