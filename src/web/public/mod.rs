//! Pages anyone may open, without signing in (`/o/{code}/…`): an office's jobs, the
//! registration of an employer, the office's disclosure.
pub mod disclosure;
pub mod jobs;
pub mod register;

use crate::error::{AppError, AppResult};
use crate::services::offices;
use crate::state::AppState;
use axum::Router;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/o/{code}/jobs", get(jobs::jobs))
        .route("/o/{code}/jobs/{id}", get(jobs::job))
        .route(
            "/o/{code}/register",
            get(register::register_form).post(register::register),
        )
        .route(
            "/o/{code}/register/resend",
            get(register::resend_form).post(register::resend),
        )
        .route("/o/{code}/disclosure", get(disclosure::disclosure_page))
}

/// The office a public address names (`/o/{code}`), or not found.
async fn office(state: &AppState, code: &str) -> AppResult<entity::office::Model> {
    offices::find_by_code(&state.db, code)
        .await?
        .ok_or(AppError::NotFound)
}
