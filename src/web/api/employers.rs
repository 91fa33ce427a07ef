//! JSON API for employers, with the same rules and states as the pages.
use crate::domain::states::EmployerStatus;
use crate::error::ApiError;
use crate::present::format;
use crate::services::Actor;
use crate::services::employers::{self, EmployerFilter, EmployerInput};
use crate::state::AppState;
use crate::web::session::ApiUser;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description (one `routes!` per path).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_employers, create_employer))
        .routes(routes!(get_employer))
}

#[derive(Serialize, ToSchema)]
pub struct EmployerOut {
    id: i32,
    status: String,
    name: String,
    corporate_number: String,
    prefecture_code: String,
    municipality: String,
    address: String,
    contact_name: String,
    contact_phone: String,
    contact_email: String,
    /// 不受理 in force today
    rejected: bool,
    labor_dispute: bool,
}

fn employer_out(m: entity::employer::Model) -> EmployerOut {
    EmployerOut {
        rejected: employers::rejected_on(&m, format::today()),
        id: m.id,
        status: m.status.code().to_owned(),
        name: m.name,
        corporate_number: m.corporate_number,
        prefecture_code: m.prefecture_code,
        municipality: m.municipality,
        address: m.address,
        contact_name: m.contact_name,
        contact_phone: m.contact_phone,
        contact_email: m.contact_email,
        labor_dispute: m.labor_dispute,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct EmployerQuery {
    /// Name, フリガナ, phone, 法人番号 or municipality
    q: Option<String>,
    page: Option<u64>,
}

/// Employers of the token holder's office.
#[utoipa::path(get, tag = "employers", path = "/api/v1/employers", params(EmployerQuery), responses((status = 200, body = Vec<EmployerOut>)))]
pub async fn list_employers(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<EmployerQuery>,
) -> Result<Json<Vec<EmployerOut>>, ApiError> {
    let f = EmployerFilter {
        q: q.q.unwrap_or_default(),
        page: q.page,
        ..Default::default()
    };
    let page = employers::list(&state.db, api.user.office_id, &f).await?;
    Ok(Json(page.rows.into_iter().map(employer_out).collect()))
}

/// Register an employer (as staff would: status `active`).
#[utoipa::path(post, tag = "employers", path = "/api/v1/employers", request_body = EmployerInput, responses((status = 201, body = EmployerOut), (status = 422, description = "`{\"errors\":[{\"field\",\"code\",\"message\"}]}`")))]
pub async fn create_employer(
    State(state): State<AppState>,
    api: ApiUser,
    Json(input): Json<EmployerInput>,
) -> Result<(StatusCode, Json<EmployerOut>), ApiError> {
    let m = employers::create(
        &state.db,
        &Actor::api(&api.user),
        api.user.office_id,
        &input,
        EmployerStatus::Active,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(employer_out(m))))
}

#[utoipa::path(get, tag = "employers", path = "/api/v1/employers/{id}", responses((status = 200, body = EmployerOut), (status = 404)))]
pub async fn get_employer(
    State(state): State<AppState>,
    api: ApiUser,
    Path(id): Path<i32>,
) -> Result<Json<EmployerOut>, ApiError> {
    let m = employers::get(&state.db, api.user.office_id, id).await?;
    crate::services::audit::record(
        &state.db,
        &Actor::api(&api.user),
        None,
        "view",
        "employer",
        Some(id.to_string()),
        "求人者を閲覧（API）",
    )
    .await?;
    Ok(Json(employer_out(m)))
}
