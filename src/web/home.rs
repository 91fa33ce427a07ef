use super::admin::audit_rows;
use super::auth::notice_text;
use super::session::Staff;
use super::view;
use crate::domain::fiscal_year;
use crate::error::AppResult;
use crate::services::{audit, refdata, setup, staff_users};
use crate::state::AppState;
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
    let today = view::today();
    let fy = fiscal_year::fiscal_year_of(today);
    let wage = refdata::minimum_wage_on(&state.db, &staff.office.prefecture_code, today).await?;
    let unverified: Vec<String> = {
        let mut years: Vec<i32> = refdata::minimum_wages(&state.db)
            .await?
            .into_iter()
            .filter(|w| !w.verified)
            .map(|w| w.fiscal_year)
            .collect();
        years.dedup();
        years
            .into_iter()
            .map(fiscal_year::format_fiscal_year)
            .collect()
    };
    let recent = if staff.is_admin() {
        let page = audit::list(&state.db, staff.office.id, &Default::default()).await?;
        audit_rows(page.entries.into_iter().take(10))
    } else {
        Vec::new()
    };
    let v = pages::HomeView {
        today: view::date(today),
        fiscal_year: fiscal_year::format_fiscal_year(fy),
        staff_count: staff_users::list(&state.db, staff.office.id).await?.len() as u64,
        minimum_wage: wage.map(|w| {
            format!(
                "{}（{}発効{}）",
                view::yen(w.hourly_yen.into()),
                view::date(w.effective_date),
                if w.verified { "" } else { "・未確認" }
            )
        }),
        unverified_wage_years: unverified,
        recent,
    };
    let mut ctx = staff.ctx("home");
    ctx.flash = notice_text(q.notice.as_deref());
    Ok(pages::home(&ctx, &v).into_response())
}
