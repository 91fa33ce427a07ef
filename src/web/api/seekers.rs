//! JSON API for job seekers (sensitive items are never part of the API).
use crate::error::ApiError;
use crate::present::format;
use crate::services::job_seekers::{self, JobSeekerInput, SeekerFilter};
use crate::services::{Actor, audit};
use crate::state::AppState;
use crate::web::session::ApiUser;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description (one `routes!` per path).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_seekers, create_seeker))
}

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
#[utoipa::path(get, tag = "job-seekers", path = "/api/v1/job-seekers", params(SeekerQuery), responses((status = 200, body = Vec<JobSeekerOut>)))]
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
#[utoipa::path(post, tag = "job-seekers", path = "/api/v1/job-seekers", request_body = JobSeekerInput, responses((status = 201, body = JobSeekerOut), (status = 422)))]
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
