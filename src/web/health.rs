//! `/healthz`: liveness and database reachability for a load balancer (not part of the API document).
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use sea_orm::ConnectionTrait;

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
