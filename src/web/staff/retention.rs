//! 保存期間: the records due for anonymisation and the admin's action on them.
use crate::error::AppResult;
use crate::present::format::{self};
use crate::services::retention;
use crate::state::AppState;
use crate::web::session::{Admin, CsrfToken};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use templates::paperwork as tpl;

fn kind_label(k: &str) -> &'static str {
    match k {
        "job_seeker" => "求職者",
        "employer" => "求人者（連絡担当者）",
        _ => "苦情",
    }
}

pub async fn retention_page(
    State(state): State<AppState>,
    Admin(staff): Admin,
    CsrfToken(_): CsrfToken,
) -> AppResult<Response> {
    let rows: Vec<(String, String, String)> = retention::due(&state.db, format::today())
        .await?
        .into_iter()
        .filter(|d| d.office_id == staff.office.id)
        .map(|d| {
            (
                kind_label(d.kind).to_owned(),
                d.label,
                format::date(d.completed_on),
            )
        })
        .collect();
    Ok(tpl::retention(&staff.ctx("admin"), staff.office.retention_years, &rows).into_response())
}

pub async fn retention_apply(
    State(state): State<AppState>,
    Admin(staff): Admin,
) -> AppResult<Response> {
    let done =
        retention::apply_for_office(&state.db, &staff.actor(), staff.office.id, format::today())
            .await?;
    tracing::info!(count = done.len(), "records anonymised");
    Ok(Redirect::to("/admin/retention").into_response())
}
