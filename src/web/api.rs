//! The JSON API under `/api/v1` (bearer tokens), described by OpenAPI at `/api/openapi.json`
//! with Swagger UI at `/api/docs/` served by the app itself.
use super::session::ApiUser;
use crate::error::ApiError;
use crate::services::{offices, refdata};
use crate::state::AppState;
use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};
use utoipa_swagger_ui::SwaggerUi;

#[derive(OpenApi)]
#[openapi(
    info(title = "つなぐ API", description = "無料職業紹介所 業務システム tsunagu の JSON API。`Authorization: Bearer <token>`（トークンは「アカウント設定」または `tsunagu token create` で発行）。"),
    paths(
        me,
        office,
        minimum_wage,
        super::api_job_orders::list_employers,
        super::api_job_orders::create_employer,
        super::api_job_orders::get_employer,
        super::api_job_orders::list_job_orders,
        super::api_job_orders::create_job_order,
        super::api_job_orders::get_job_order,
        super::api_job_orders::accept_job_order,
        super::api_job_orders::reject_job_order,
        super::api_referrals::list_seekers,
        super::api_referrals::create_seeker,
        super::api_referrals::list_referrals,
        super::api_referrals::create_referral,
        super::api_referrals::letter,
        super::api_referrals::result,
        super::api_referrals::list_placements,
        super::api_referrals::list_follow_ups,
        super::api_referrals::record_follow_up,
        super::api_reports::job_orders,
        super::api_reports::job_seekers,
        super::api_reports::referrals,
        super::api_reports::annual,
        super::api_reports::monthly,
        super::api_carving::get_breakdown,
        super::api_carving::put_breakdown,
        super::api_carving::create_plan,
        super::api_carving::create_orders,
    ),
    components(schemas(Me, OfficeOut, MinimumWageOut, ErrorOut)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/office", get(office))
        .route("/api/v1/minimum-wages", get(minimum_wage))
        .route(
            "/api/v1/employers",
            get(super::api_job_orders::list_employers).post(super::api_job_orders::create_employer),
        )
        .route(
            "/api/v1/employers/{id}",
            get(super::api_job_orders::get_employer),
        )
        .route(
            "/api/v1/job-orders",
            get(super::api_job_orders::list_job_orders)
                .post(super::api_job_orders::create_job_order),
        )
        .route(
            "/api/v1/job-orders/{id}",
            get(super::api_job_orders::get_job_order),
        )
        .route(
            "/api/v1/job-orders/{id}/accept",
            axum::routing::post(super::api_job_orders::accept_job_order),
        )
        .route(
            "/api/v1/job-orders/{id}/reject",
            axum::routing::post(super::api_job_orders::reject_job_order),
        )
        .route(
            "/api/v1/job-seekers",
            get(super::api_referrals::list_seekers).post(super::api_referrals::create_seeker),
        )
        .route(
            "/api/v1/referrals",
            get(super::api_referrals::list_referrals).post(super::api_referrals::create_referral),
        )
        .route(
            "/api/v1/referrals/{id}/letter.pdf",
            get(super::api_referrals::letter),
        )
        .route(
            "/api/v1/referrals/{id}/result",
            axum::routing::post(super::api_referrals::result),
        )
        .route(
            "/api/v1/placements",
            get(super::api_referrals::list_placements),
        )
        .route(
            "/api/v1/follow-ups",
            get(super::api_referrals::list_follow_ups),
        )
        .route(
            "/api/v1/follow-ups/{id}",
            axum::routing::post(super::api_referrals::record_follow_up),
        )
        .route(
            "/api/v1/ledgers/job-orders.csv",
            get(super::api_reports::job_orders),
        )
        .route(
            "/api/v1/ledgers/job-seekers.csv",
            get(super::api_reports::job_seekers),
        )
        .route(
            "/api/v1/ledgers/referrals.csv",
            get(super::api_reports::referrals),
        )
        .route("/api/v1/reports/annual", get(super::api_reports::annual))
        .route("/api/v1/reports/monthly", get(super::api_reports::monthly))
        .route(
            "/api/v1/job-orders/{id}/breakdown",
            get(super::api_carving::get_breakdown).put(super::api_carving::put_breakdown),
        )
        .route(
            "/api/v1/job-orders/{id}/carving-plans",
            axum::routing::post(super::api_carving::create_plan),
        )
        .route(
            "/api/v1/carving-plans/{id}/job-orders",
            axum::routing::post(super::api_carving::create_orders),
        )
        .merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", ApiDoc::openapi()))
}

#[derive(Serialize, ToSchema)]
pub struct ErrorOut {
    error: String,
    detail: String,
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
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me), (status = 401, body = ErrorOut)))]
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
#[utoipa::path(get, path = "/api/v1/office", responses((status = 200, body = OfficeOut), (status = 401, body = ErrorOut)))]
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
#[utoipa::path(get, path = "/api/v1/minimum-wages", params(WageQuery), responses((status = 200, body = MinimumWageOut), (status = 404, body = ErrorOut), (status = 401, body = ErrorOut)))]
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

/// Liveness and database reachability.
pub async fn healthz(
    State(state): State<AppState>,
) -> (axum::http::StatusCode, Json<serde_json::Value>) {
    // Answer within two seconds even when the database does not (a load balancer must learn
    // at once that this instance cannot serve).
    let probe = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        state.db.execute_unprepared("SELECT 1"),
    )
    .await;
    match probe {
        Ok(Ok(_)) => (
            axum::http::StatusCode::OK,
            Json(serde_json::json!({ "status": "ok", "database": "ok" })),
        ),
        Ok(Err(_)) | Err(_) => (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "error", "database": "unreachable" })),
        ),
    }
}
