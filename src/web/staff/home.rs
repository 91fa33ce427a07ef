//! The staff home page: the work waiting in the office today.
use super::auth::notice_text;
use crate::error::AppResult;
use crate::present::{self, format};
use crate::services::{office_overview, setup};
use crate::state::AppState;
use crate::web::session::Staff;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use templates::pages;

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    #[serde(default)]
    pub notice: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    staff: Result<Staff, crate::error::AppError>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let staff = match staff {
        Ok(s) => s,
        Err(_) if setup::needed(&state.db).await? => {
            return Ok(Redirect::to("/login").into_response());
        }
        Err(e) => return Err(e),
    };
    let today = format::today();
    let overview = office_overview::read(&state.db, &staff.office, staff.is_admin(), today).await?;
    let v = present::home::page(overview, today);
    let mut ctx = staff.ctx("home");
    ctx.flash = notice_text(q.notice.as_deref());
    Ok(pages::home(&ctx, &v).into_response())
}
