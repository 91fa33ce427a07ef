//! JSON API for job orders: create, read, accept and reject, with the same rules and states as the pages.
use super::schema;
use crate::domain::job_order::JobOrderTerms;
use crate::error::ApiError;
use crate::present::format;
use crate::services::Actor;
use crate::services::job_order_form::JobOrderForm;
use crate::services::job_orders::{self, JobOrderFilter, RejectInput};
use crate::state::AppState;
use crate::web::session::ApiUser;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description (one `routes!` per path).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_job_orders, create_job_order))
        .routes(routes!(get_job_order))
        .routes(routes!(accept_job_order))
        .routes(routes!(reject_job_order))
}

#[derive(Serialize, ToSchema)]
pub struct JobOrderOut {
    id: i32,
    employer_id: i32,
    /// 求人番号 (after acceptance)
    number: Option<String>,
    /// `draft`, `submitted`, `open`, `rejected`, `filled`, `stopped`, `cancelled`, `expired`
    state: String,
    change_pending: bool,
    accepted_version: Option<i32>,
    accepted_on: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
    rejection_ground: Option<String>,
    rejection_reason: String,
    /// The version in force (last accepted)
    #[schema(value_type = Option<schema::JobOrderTerms>)]
    accepted_terms: Option<JobOrderTerms>,
    /// The working copy (may differ while a change waits for review)
    #[schema(value_type = schema::JobOrderTerms)]
    draft_terms: JobOrderTerms,
}

async fn order_out(
    state: &AppState,
    office_id: i32,
    m: entity::job_order::Model,
) -> Result<JobOrderOut, ApiError> {
    let accepted = job_orders::accepted_terms(&state.db, office_id, m.id)
        .await?
        .map(|(_, t)| t);
    let draft = job_orders::draft_form(&state.db, &m).await?;
    Ok(shape(
        job_orders::effective(m, format::today()),
        accepted,
        draft,
    ))
}

fn shape(
    m: entity::job_order::Model,
    accepted: Option<JobOrderTerms>,
    draft: JobOrderForm,
) -> JobOrderOut {
    let draft = draft.to_terms().0;
    JobOrderOut {
        id: m.id,
        employer_id: m.employer_id,
        number: m.number,
        state: m.state.code().to_owned(),
        change_pending: m.change_pending,
        accepted_version: m.accepted_version,
        accepted_on: m.accepted_on,
        valid_until: m.valid_until,
        rejection_ground: m.rejection_ground,
        rejection_reason: m.rejection_reason,
        accepted_terms: accepted,
        draft_terms: draft,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct JobOrderQuery {
    /// A state, or `active` (draft, submitted, open) or `pending` (waiting for review)
    state: Option<String>,
    employer_id: Option<i32>,
    /// Weekly hours below this
    max_weekly_hours: Option<String>,
    page: Option<u64>,
}

#[utoipa::path(get, tag = "job-orders", path = "/api/v1/job-orders", params(JobOrderQuery), responses((status = 200, body = Vec<JobOrderOut>)))]
pub async fn list_job_orders(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<JobOrderQuery>,
) -> Result<Json<Vec<JobOrderOut>>, ApiError> {
    let f = JobOrderFilter {
        state: q.state.unwrap_or_default(),
        employer_id: q.employer_id,
        max_weekly_hours: q.max_weekly_hours.unwrap_or_default(),
        page: q.page,
        ..Default::default()
    };
    let page = job_orders::list(&state.db, api.user.office_id, &f, format::today()).await?;
    // The versions in force of the whole page in one query.
    let wanted: Vec<(i32, i32)> = page
        .rows
        .iter()
        .filter_map(|r| r.order.accepted_version.map(|v| (r.order.id, v)))
        .collect();
    let mut accepted = job_orders::terms_of_versions(&state.db, &wanted).await?;
    let ids: Vec<i32> = page.rows.iter().map(|r| r.order.id).collect();
    let mut drafts = job_orders::drafts_of(&state.db, &ids).await?;
    Ok(Json(
        page.rows
            .into_iter()
            .map(|r| {
                let t = accepted.remove(&r.order.id);
                let d = drafts.remove(&r.order.id).unwrap_or_default();
                shape(r.order, t, d)
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewJobOrder {
    employer_id: i32,
    #[schema(value_type = schema::JobOrderTerms)]
    terms: JobOrderTerms,
}

/// Create a job order as a draft; accept it with `POST /api/v1/job-orders/{id}/accept`.
#[utoipa::path(post, tag = "job-orders", path = "/api/v1/job-orders", request_body = NewJobOrder, responses((status = 201, body = JobOrderOut), (status = 404)))]
pub async fn create_job_order(
    State(state): State<AppState>,
    api: ApiUser,
    Json(input): Json<NewJobOrder>,
) -> Result<(StatusCode, Json<JobOrderOut>), ApiError> {
    let form = JobOrderForm::from_terms(&input.terms);
    let m = job_orders::create_draft(
        &state.db,
        &Actor::api(&api.user),
        api.user.office_id,
        input.employer_id,
        &form,
        "api",
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(order_out(&state, api.user.office_id, m).await?),
    ))
}

#[utoipa::path(get, tag = "job-orders", path = "/api/v1/job-orders/{id}", responses((status = 200, body = JobOrderOut), (status = 404)))]
pub async fn get_job_order(
    State(state): State<AppState>,
    api: ApiUser,
    Path(id): Path<i32>,
) -> Result<Json<JobOrderOut>, ApiError> {
    let m = job_orders::get(&state.db, api.user.office_id, id).await?;
    Ok(Json(order_out(&state, api.user.office_id, m).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AcceptInput {
    /// Accept despite warnings (e.g. long overtime)
    warnings_confirmed: bool,
}

/// 受理: every rule is checked; a failure answers 422 with every problem.
#[utoipa::path(post, tag = "job-orders", path = "/api/v1/job-orders/{id}/accept", request_body = AcceptInput, responses((status = 200, body = JobOrderOut), (status = 422, description = "`{\"errors\":[{\"field\",\"code\",\"message\"}]}`; warnings have messages starting with 【確認】"), (status = 404)))]
pub async fn accept_job_order(
    State(state): State<AppState>,
    api: ApiUser,
    Path(id): Path<i32>,
    body: Option<Json<AcceptInput>>,
) -> Result<Json<JobOrderOut>, ApiError> {
    let confirmed = body.map(|b| b.0.warnings_confirmed).unwrap_or(false);
    let m = job_orders::accept(
        &state.db,
        &Actor::api(&api.user),
        api.user.office_id,
        id,
        format::today(),
        confirmed,
    )
    .await?;
    Ok(Json(order_out(&state, api.user.office_id, m).await?))
}

/// 不受理 with the ground under 職業安定法第5条の6第1項 (`1`–`6`) and a reason.
#[utoipa::path(post, tag = "job-orders", path = "/api/v1/job-orders/{id}/reject", request_body = RejectInput, responses((status = 200, body = JobOrderOut), (status = 422), (status = 404)))]
pub async fn reject_job_order(
    State(state): State<AppState>,
    api: ApiUser,
    Path(id): Path<i32>,
    Json(input): Json<RejectInput>,
) -> Result<Json<JobOrderOut>, ApiError> {
    let m = job_orders::reject(
        &state.db,
        &Actor::api(&api.user),
        api.user.office_id,
        id,
        &input,
        format::today(),
    )
    .await?;
    Ok(Json(order_out(&state, api.user.office_id, m).await?))
}
