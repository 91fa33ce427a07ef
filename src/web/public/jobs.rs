//! The public job list and one public job of an office.
use super::office;
use crate::error::{AppError, AppResult};
use crate::present::format;
use crate::present::job_order::to_view;
use crate::present::job_order_sheet;
use crate::services::public_jobs::{self, PublicSearch, SHORT_HOURS_MINUTES};
use crate::services::refdata;
use crate::state::AppState;
use crate::web::order_form::names;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use templates::public as tpl;

pub async fn jobs(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(s): Query<PublicSearch>,
) -> AppResult<Response> {
    let o = office(&state, &code).await?;
    let found = public_jobs::search(&state.db, o.id, &s, format::today()).await?;
    let (jobs, total, capped) = (found.jobs, found.total, found.capped);
    let prefectures = refdata::prefecture_names(&state.db).await?;
    let mut cards = Vec::new();
    for j in jobs {
        let pref = prefectures
            .get(&j.terms.workplace_prefecture_code)
            .cloned()
            .unwrap_or_default();
        cards.push(tpl::JobCard {
            id: j.order.id,
            number: j.order.number.clone().unwrap_or_default(),
            title: j.terms.occupation_title.clone(),
            employer: j.employer_name.clone(),
            place: format!("{pref}{}", j.terms.workplace_municipality),
            wage: job_order_sheet::wage_text(&j.terms),
            hours: job_order_sheet::weekly_hours_text(&j.terms),
            short: j.order.weekly_minutes < SHORT_HOURS_MINUTES,
        });
    }
    let occupations = refdata::occupation_options(&state.db).await?;
    let search = tpl::JobSearch {
        q: &s.q,
        occupation: &s.occupation,
        area: &s.area,
        max_weekly_hours: &s.max_weekly_hours,
        short_only: s.short_only.is_some(),
        occupations: &occupations,
    };
    Ok(tpl::jobs(&o.name, &o.code, &search, &cards, total, capped).into_response())
}

pub async fn job(
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let o = office(&state, &code).await?;
    let j = public_jobs::get(&state.db, o.id, id, format::today())
        .await?
        .ok_or(AppError::NotFound)?;
    let n = names(&state, &j.terms).await?;
    let facts = vec![
        (
            "求人番号".to_owned(),
            j.order.number.clone().unwrap_or_default(),
        ),
        ("事業所".to_owned(), j.employer_name.clone()),
        (
            "受理日（情報の時点）".to_owned(),
            j.order.accepted_on.map(format::date).unwrap_or_default(),
        ),
        (
            "有効期限".to_owned(),
            j.order.valid_until.map(format::date).unwrap_or_default(),
        ),
    ];
    let contact = format!(
        "{}\n電話 {}　{}\n応募をご希望の方は、紹介所の窓口または電話でご相談ください。紹介状をお渡しします。",
        o.name, o.phone, o.email
    );
    Ok(tpl::job(
        &o.name,
        &o.code,
        &j.terms.occupation_title,
        &facts,
        &to_view(job_order_sheet::sections(&j.terms, &n)),
        &contact,
    )
    .into_response())
}
