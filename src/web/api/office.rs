//! JSON API: the token holder, their office and the regional minimum wage.
use super::ErrorOut;
use crate::error::ApiError;
use crate::services::{offices, refdata};
use crate::state::AppState;
use crate::web::session::ApiUser;
use axum::Json;
use axum::extract::{Query, State};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description (one `routes!` per path).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(office))
        .routes(routes!(minimum_wage))
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    id: i32,
    name: String,
    email: String,
    /// `admin` or `staff`
    role: String,
    office_id: i32,
}

/// The user the token belongs to.
#[utoipa::path(get, tag = "office", path = "/api/v1/me", responses((status = 200, body = Me), (status = 401, body = ErrorOut)))]
pub async fn me(api: ApiUser) -> Json<Me> {
    let u = api.user;
    Json(Me {
        id: u.id,
        name: u.name,
        email: u.email,
        role: u.role,
        office_id: u.office_id,
    })
}

#[derive(Serialize, ToSchema)]
pub struct OfficeOut {
    id: i32,
    code: String,
    name: String,
    municipality: String,
    prefecture_code: String,
    address: String,
    phone: String,
    email: String,
    population: Option<i32>,
    scope_of_handling: String,
    /// The validity rule's code, e.g. `month_end+2`.
    validity_rule: String,
}

/// The token holder's office and its public settings.
#[utoipa::path(get, tag = "office", path = "/api/v1/office", responses((status = 200, body = OfficeOut), (status = 401, body = ErrorOut)))]
pub async fn office(
    State(state): State<AppState>,
    api: ApiUser,
) -> Result<Json<OfficeOut>, ApiError> {
    let o = offices::get(&state.db, api.user.office_id).await?;
    Ok(Json(OfficeOut {
        id: o.id,
        code: o.code,
        name: o.name,
        municipality: o.municipality,
        prefecture_code: o.prefecture_code,
        address: o.address,
        phone: o.phone,
        email: o.email,
        population: o.population,
        scope_of_handling: o.scope_of_handling,
        validity_rule: o.validity_rule,
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct WageQuery {
    /// JIS prefecture code `01`–`47`
    prefecture: String,
    /// `YYYY-MM-DD`; default today (JST)
    date: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct MinimumWageOut {
    prefecture_code: String,
    hourly_yen: i32,
    effective_date: NaiveDate,
    fiscal_year: i32,
    /// False while the table is from a single unconfirmed source.
    verified: bool,
}

/// The regional minimum wage in force in a prefecture on a date.
#[utoipa::path(get, tag = "office", path = "/api/v1/minimum-wages", params(WageQuery), responses((status = 200, body = MinimumWageOut), (status = 404, body = ErrorOut), (status = 401, body = ErrorOut)))]
pub async fn minimum_wage(
    State(state): State<AppState>,
    _api: ApiUser,
    Query(q): Query<WageQuery>,
) -> Result<Json<MinimumWageOut>, ApiError> {
    let date = q.date.unwrap_or_else(crate::present::format::today);
    let w = refdata::minimum_wage_on(&state.db, &q.prefecture, date)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    Ok(Json(MinimumWageOut {
        prefecture_code: w.prefecture_code,
        hourly_yen: w.hourly_yen,
        effective_date: w.effective_date,
        fiscal_year: w.fiscal_year,
        verified: w.verified,
    }))
}
