//! JSON API for job redesign: the breakdown of an order, carving plans, orders from positions.
use crate::error::ApiError;
use crate::present::format;
use crate::services::Actor;
use crate::services::carving::{self, BreakdownInput, PlanInput, TaskRow};
use crate::state::AppState;
use crate::web::session::ApiUser;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description (one `routes!` per path).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_breakdown, put_breakdown))
        .routes(routes!(create_plan))
        .routes(routes!(create_orders))
}

#[derive(Serialize, ToSchema)]
pub struct BreakdownOut {
    id: i32,
    job_order_id: Option<i32>,
    name: String,
    /// Business days, bitmask (bit 0 = Monday)
    business_days: i32,
    open_minutes: i32,
    close_minutes: i32,
    tasks: Vec<TaskRow>,
}

fn out(b: entity::task_breakdown::Model) -> BreakdownOut {
    BreakdownOut {
        tasks: carving::rows_of(&b),
        id: b.id,
        job_order_id: b.job_order_id,
        name: b.name,
        business_days: b.business_days,
        open_minutes: b.open_minutes,
        close_minutes: b.close_minutes,
    }
}

/// The 作業分解書 (tasks) of an order (created empty the first time).
#[utoipa::path(get, tag = "carving", path = "/api/v1/job-orders/{id}/breakdown", responses((status = 200, body = BreakdownOut), (status = 404)))]
pub async fn get_breakdown(
    State(state): State<AppState>,
    api: ApiUser,
    Path(id): Path<i32>,
) -> Result<Json<BreakdownOut>, ApiError> {
    let b = carving::for_order(&state.db, &Actor::api(&api.user), api.user.office_id, id).await?;
    Ok(Json(out(b)))
}

/// Replace the tasks of an order's breakdown; unreadable rows answer 422 (rows are kept).
#[utoipa::path(put, tag = "carving", path = "/api/v1/job-orders/{id}/breakdown", request_body = BreakdownInput, responses((status = 200, body = BreakdownOut), (status = 422), (status = 404)))]
pub async fn put_breakdown(
    State(state): State<AppState>,
    api: ApiUser,
    Path(id): Path<i32>,
    Json(i): Json<BreakdownInput>,
) -> Result<Json<BreakdownOut>, ApiError> {
    let actor = Actor::api(&api.user);
    let b = carving::for_order(&state.db, &actor, api.user.office_id, id).await?;
    // The API stores nothing that cannot be read (the page keeps such rows for the person typing).
    let rows: Vec<TaskRow> = i.tasks.iter().filter(|r| !r.is_blank()).cloned().collect();
    carving::to_tasks(&rows).1.into_result()?;
    let (b, errors) = carving::save(&state.db, &actor, api.user.office_id, b.id, &i).await?;
    errors.into_result()?;
    Ok(Json(out(b)))
}

#[derive(Serialize, ToSchema)]
pub struct PlanOut {
    id: i32,
    hourly_yen: i32,
    /// The plan: positions (with their shifts and occurrences per day), unplaced tasks with
    /// reasons, covered and total minutes, bounds, whether the time budget stopped the search,
    /// and the objective
    #[schema(value_type = Object)]
    plan: crate::domain::carving::Plan,
    /// Minutes between the covered work and the simple upper bound
    gap_minutes: u32,
    /// 障害者雇用率 count of each position fitted to a seeker whose disability was recorded
    /// with consent
    quota: Vec<carving::QuotaCount>,
    /// Total count in halves (1 = 0.5人)
    quota_total_halves: u32,
}

/// Carve the order's breakdown: a preset (`split44`, `split62`, `max`) or fitted to job seekers (`seekers`).
#[utoipa::path(post, tag = "carving", path = "/api/v1/job-orders/{id}/carving-plans", request_body = PlanInput, responses((status = 201, body = PlanOut), (status = 422), (status = 404)))]
pub async fn create_plan(
    State(state): State<AppState>,
    api: ApiUser,
    Path(id): Path<i32>,
    Json(i): Json<PlanInput>,
) -> Result<(StatusCode, Json<PlanOut>), ApiError> {
    let actor = Actor::api(&api.user);
    let b = carving::for_order(&state.db, &actor, api.user.office_id, id).await?;
    let today = format::today();
    let (m, _) = carving::run(&state.db, &actor, api.user.office_id, b.id, &i, today).await?;
    let date = crate::domain::wareki::parse_date(&i.date).unwrap_or(today);
    let r = carving::report(&state.db, api.user.office_id, m.id, date).await?;
    Ok((
        StatusCode::CREATED,
        Json(PlanOut {
            id: m.id,
            hourly_yen: m.hourly_yen,
            gap_minutes: r.plan.gap_minutes(),
            quota_total_halves: r.quota_total_halves(false),
            quota: r.quota,
            plan: r.plan,
        }),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PositionsIn {
    /// `profile_id` of each chosen position
    positions: Vec<i32>,
    /// Pay cycle and age adjustments
    #[serde(default)]
    adjustments: carving::Adjustments,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedOrders {
    job_order_ids: Vec<i32>,
}

/// Turn chosen positions into job orders (drafts linked to the source order).
#[utoipa::path(post, tag = "carving", path = "/api/v1/carving-plans/{id}/job-orders", request_body = PositionsIn, responses((status = 201, body = CreatedOrders), (status = 422), (status = 404)))]
pub async fn create_orders(
    State(state): State<AppState>,
    api: ApiUser,
    Path(id): Path<i32>,
    Json(i): Json<PositionsIn>,
) -> Result<(StatusCode, Json<CreatedOrders>), ApiError> {
    let created = carving::create_orders(
        &state.db,
        &Actor::api(&api.user),
        api.user.office_id,
        id,
        &i.positions,
        &i.adjustments,
        format::today(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedOrders {
            job_order_ids: created.into_iter().map(|o| o.id).collect(),
        }),
    ))
}
