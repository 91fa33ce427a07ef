//! JSON API for placements (就職) and their follow-ups (定着確認).
use crate::error::ApiError;
use crate::present::format;
use crate::services::Actor;
use crate::services::placements::{self, FollowUpInput};
use crate::state::AppState;
use crate::web::session::ApiUser;
use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description (one `routes!` per path).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_placements))
        .routes(routes!(list_follow_ups))
        .routes(routes!(record_follow_up))
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

#[derive(Deserialize, IntoParams)]
pub struct PlacementQuery {
    /// Only placements with a smaller id (the last id of the previous page)
    before_id: Option<i32>,
    /// Page size, 1–500 (default 100)
    limit: Option<u64>,
}

/// The office's placements, newest first, a page at a time: pass the last id of a page as
/// `before_id` for the next one (an empty page is the end).
#[utoipa::path(get, tag = "placements", path = "/api/v1/placements", params(PlacementQuery), responses((status = 200, body = Vec<PlacementOut>)))]
pub async fn list_placements(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<PlacementQuery>,
) -> Result<Json<Vec<PlacementOut>>, ApiError> {
    let rows = placements::page(
        &state.db,
        api.user.office_id,
        q.before_id,
        q.limit.unwrap_or(100),
    )
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
#[utoipa::path(get, tag = "placements", path = "/api/v1/follow-ups", params(DueQuery), responses((status = 200, body = Vec<FollowUpOut>)))]
pub async fn list_follow_ups(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<DueQuery>,
) -> Result<Json<Vec<FollowUpOut>>, ApiError> {
    let until = q
        .until
        .unwrap_or_else(|| format::today() + chrono::Duration::days(7));
    let rows =
        placements::due_follow_ups(&state.db, api.user.office_id, until, placements::DUE_CAP)
            .await?;
    Ok(Json(
        rows.into_iter().map(|(f, _)| follow_up_out(f)).collect(),
    ))
}

#[utoipa::path(post, tag = "placements", path = "/api/v1/follow-ups/{id}", request_body = FollowUpInput, responses((status = 200, body = FollowUpOut), (status = 422), (status = 404)))]
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
