//! JSON/CSV API for ledgers and reports.
use crate::error::{ApiError, AppError};
use crate::present::format;
use crate::services::ledgers::{Ledger, LedgerFilter};
use crate::services::reports::{self, AnnualReport, Month};
use crate::services::{Actor, audit, offices};
use crate::state::AppState;
use crate::web::respond::ledger_csv_response;
use crate::web::session::ApiUser;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description (one `routes!` per path).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(job_orders))
        .routes(routes!(job_seekers))
        .routes(routes!(referrals))
        .routes(routes!(annual))
        .routes(routes!(monthly))
}

#[derive(Deserialize, IntoParams)]
pub struct LedgerQuery {
    /// From (YYYY-MM-DD), by 受付年月日 / 紹介年月日
    from: Option<String>,
    to: Option<String>,
    /// `active` or `closed`
    state: Option<String>,
    /// `sjis` for Shift_JIS (default UTF-8 with BOM)
    encoding: Option<String>,
}

async fn ledger(
    state: AppState,
    api: ApiUser,
    l: Ledger,
    q: LedgerQuery,
) -> Result<Response, ApiError> {
    audit::record(
        &state.db,
        &Actor::api(&api.user),
        None,
        "export",
        "ledger",
        Some(l.slug().into()),
        format!("{}をCSVで出力（API）", l.title()),
    )
    .await?;
    let f = LedgerFilter {
        from: q.from.unwrap_or_default(),
        to: q.to.unwrap_or_default(),
        state: q.state.unwrap_or_default(),
        page: None,
        encoding: q.encoding,
    };
    Ok(ledger_csv_response(&state, api.user.office_id, l, f).await)
}

/// 求人管理簿 (CSV, streamed).
#[utoipa::path(get, tag = "reports", path = "/api/v1/ledgers/job-orders.csv", params(LedgerQuery), responses((status = 200, content_type = "text/csv", description = "求人管理簿")))]
pub async fn job_orders(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<LedgerQuery>,
) -> Result<Response, ApiError> {
    ledger(state, api, Ledger::JobOrders, q).await
}

/// 求職管理簿 (CSV, streamed).
#[utoipa::path(get, tag = "reports", path = "/api/v1/ledgers/job-seekers.csv", params(LedgerQuery), responses((status = 200, content_type = "text/csv", description = "求職管理簿")))]
pub async fn job_seekers(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<LedgerQuery>,
) -> Result<Response, ApiError> {
    ledger(state, api, Ledger::JobSeekers, q).await
}

/// 紹介台帳 (CSV, streamed).
#[utoipa::path(get, tag = "reports", path = "/api/v1/ledgers/referrals.csv", params(LedgerQuery), responses((status = 200, content_type = "text/csv", description = "紹介台帳")))]
pub async fn referrals(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<LedgerQuery>,
) -> Result<Response, ApiError> {
    ledger(state, api, Ledger::Referrals, q).await
}

#[derive(Deserialize, IntoParams)]
pub struct AnnualQuery {
    /// The 年度 (April–March), e.g. 2026
    fiscal_year: i32,
}

/// The annual report (事業報告) of a fiscal year.
#[utoipa::path(get, tag = "reports", path = "/api/v1/reports/annual", params(AnnualQuery), responses((status = 200, body = AnnualReport)))]
pub async fn annual(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<AnnualQuery>,
) -> Result<Json<AnnualReport>, ApiError> {
    Ok(Json(
        reports::annual_report(
            &state.db,
            api.user.office_id,
            q.fiscal_year,
            format::today(),
        )
        .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct MonthlyQuery {
    /// `YYYY-MM`
    from: String,
    /// `YYYY-MM`
    to: String,
}

/// Monthly statistics.
#[utoipa::path(get, tag = "reports", path = "/api/v1/reports/monthly", params(MonthlyQuery), responses((status = 200, body = Vec<Month>), (status = 400)))]
pub async fn monthly(
    State(state): State<AppState>,
    api: ApiUser,
    Query(q): Query<MonthlyQuery>,
) -> Result<Json<Vec<Month>>, ApiError> {
    let (Some(from), Some(to)) = (reports::parse_month(&q.from), reports::parse_month(&q.to))
    else {
        return Err(
            AppError::BadRequest("from と to は YYYY-MM の形で指定してください。".into()).into(),
        );
    };
    let office = offices::get(&state.db, api.user.office_id).await?;
    Ok(Json(
        reports::monthly_report(&state.db, office.id, from, to, office.population).await?,
    ))
}
