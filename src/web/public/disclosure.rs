//! The public disclosure page of an office (職業安定法第29条の5).
use crate::error::{AppError, AppResult};
use crate::services::offices;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use templates::paperwork as tpl;

/// The public disclosure page of an office (職業安定法第29条の5).
pub async fn disclosure_page(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let o = offices::find_by_code(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(tpl::disclosure(
        &o.name,
        &o.code,
        &crate::present::office::disclosure_rows(&o),
    )
    .into_response())
}
