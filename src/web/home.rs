use super::admin::audit_rows;
use super::auth::notice_text;
use super::session::Staff;
use crate::domain::fiscal_year;
use crate::error::AppResult;
use crate::present::format;
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
    let today = format::today();
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
    let office_id = staff.office.id;
    let orders = |state: &str| crate::services::job_orders::JobOrderFilter {
        state: state.to_owned(),
        ..Default::default()
    };
    let mut work = vec![
        (
            "受付中の求人".to_owned(),
            crate::services::job_orders::count(&state.db, office_id, &orders("open"), today)
                .await?,
            "/job-orders?state=open".to_owned(),
        ),
        (
            "審査待ちの求人（新規・変更）".to_owned(),
            crate::services::job_orders::count(&state.db, office_id, &orders("pending"), today)
                .await?,
            "/job-orders?state=pending".to_owned(),
        ),
        (
            "有効な求職者".to_owned(),
            crate::services::job_seekers::count_active(&state.db, office_id).await?,
            "/job-seekers".to_owned(),
        ),
        (
            "結果待ちの紹介".to_owned(),
            crate::services::referrals::count_open(&state.db, office_id).await?,
            "/referrals?state=referred".to_owned(),
        ),
        (
            "今週の定着確認".to_owned(),
            crate::services::placements::due_follow_ups(
                &state.db,
                office_id,
                today + chrono::Duration::days(7),
            )
            .await?
            .len() as u64,
            "/follow-ups".to_owned(),
        ),
    ];
    let to_review = crate::services::rejection_review::pending_count(&state.db, office_id).await?;
    if to_review > 0 {
        work.push((
            "根拠（3号・4号）の確認が必要な不受理".to_owned(),
            to_review,
            "/reports/rejection-review".to_owned(),
        ));
    }
    let v = pages::HomeView {
        work,
        today: format::date(today),
        fiscal_year: fiscal_year::format_fiscal_year(fy),
        staff_count: staff_users::list(&state.db, staff.office.id).await?.len() as u64,
        minimum_wage: wage.map(|w| {
            format!(
                "{}（{}発効{}）",
                format::yen(w.hourly_yen.into()),
                format::date(w.effective_date),
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
