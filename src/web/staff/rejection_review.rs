//! The one-off review of refusals recorded under 3号 / 4号 (see `services::rejection_review`).
use crate::error::AppResult;
use crate::present::format;
use crate::services::rejection_review;
use crate::state::AppState;
use crate::web::session::Staff;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use templates::rejection_review as tpl;

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let items = rejection_review::pending(&state.db, staff.office.id).await?;
    let more = items.len() as u64 >= rejection_review::PAGE;
    let rows: Vec<tpl::ReviewRow> = items
        .into_iter()
        .map(|i| tpl::ReviewRow {
            id: i.id,
            record_href: match i.record_kind.as_str() {
                "job_order" => format!("/job-orders/{}", i.record_id),
                _ => format!("/employers/{}", i.record_id),
            },
            record: i.record_label,
            rejected_on: i.rejected_on.map(format::date).unwrap_or_default(),
            reason: i.reason,
            label_shown_then: i.label_shown_then.to_owned(),
            recorded_ground: i.recorded_ground,
        })
        .collect();
    Ok(tpl::list(&staff.ctx("reports"), &rows, more).into_response())
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    ground: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(f): Form<ConfirmForm>,
) -> AppResult<Response> {
    rejection_review::confirm(&state.db, &staff.actor(), staff.office.id, id, &f.ground).await?;
    Ok(Redirect::to("/reports/rejection-review").into_response())
}
