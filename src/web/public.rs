//! Public pages of an office (`/o/{code}/…`): the job list and details, employer registration.
use super::employers::employer_form_view;
use super::job_orders::{names, to_view};
use super::session::CsrfToken;
use crate::error::{AppError, AppResult};
use crate::present::format;
use crate::present::job_order_sheet;
use crate::services::ServiceError;
use crate::services::portal::{self, RegistrationInput};
use crate::services::public_jobs::{self, PublicSearch, SHORT_HOURS_MINUTES};
use crate::services::{offices, rate_limit, refdata};
use crate::state::AppState;
use crate::validation::FieldErrors;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use templates::public as tpl;

async fn office(state: &AppState, code: &str) -> AppResult<entity::office::Model> {
    offices::find_by_code(&state.db, code)
        .await?
        .ok_or(AppError::NotFound)
}

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

async fn render_register(
    state: &AppState,
    o: &entity::office::Model,
    csrf: &str,
    i: &RegistrationInput,
    e: &FieldErrors,
) -> AppResult<maud::Markup> {
    let prefectures = refdata::prefecture_options(&state.db).await?;
    let industries = refdata::industry_options(&state.db).await?;
    let coops: Vec<(String, String)> = crate::services::employers::COOPERATION
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect();
    let mut f = employer_form_view(
        &i.employer,
        format!("/o/{}/register", o.code),
        &prefectures,
        &industries,
        &coops,
        &[],
    );
    f.email_required = true;
    let d = tpl::Disclosure {
        scope: &o.scope_of_handling,
        complaints: &o.complaint_handling,
        privacy: &o.privacy_policy,
    };
    Ok(tpl::register(
        &o.name,
        &o.code,
        csrf,
        &f,
        &d,
        i.agreed.is_some(),
        e.map(),
    ))
}

pub async fn register_form(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let o = office(&state, &code).await?;
    let mut i = RegistrationInput::default();
    i.employer.prefecture_code = o.prefecture_code.clone();
    Ok(render_register(&state, &o, &csrf, &i, &FieldErrors::new())
        .await?
        .into_response())
}

pub async fn register(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    super::session::ClientIp(client): super::session::ClientIp,
    Path(code): Path<String>,
    Form(i): Form<RegistrationInput>,
) -> AppResult<Response> {
    let o = office(&state, &code).await?;
    // Every registration sends a mail in the office's name: a limit per client and per address,
    // counted in the database (all instances see it). A form with mistakes does not count.
    let Ok(taken) = registration_limit(&state, &client, &i).await? else {
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            templates::layout::error_page(
                "しばらくしてからお試しください",
                "短い時間に多くの登録がありました。しばらく時間をおいてから、もう一度お試しください。お急ぎの場合は紹介所へお電話ください。",
            ),
        )
            .into_response());
    };
    // A new account, an address already registered, or a record the office already has: the
    // visitor gets the same answer (the mail and the office's follow-up differ).
    let result = portal::register_public(&state.db, o.id, &i).await;
    // Mistakes in the form do not count against the limits.
    if let Err(ServiceError::Invalid(e)) = &result
        && !e.has("contact_email")
    {
        rate_limit::give_back(&state.db, taken).await?;
    }
    match result {
        Ok(_) => Ok(tpl::registered(&o.name, &o.code).into_response()),
        Err(ServiceError::Invalid(e)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render_register(&state, &o, &csrf, &i, &e).await?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// Take one registration from the client's hourly and the address's daily allowance.
async fn registration_limit(
    state: &AppState,
    client: &str,
    i: &RegistrationInput,
) -> AppResult<Result<rate_limit::Taken, ()>> {
    let email = crate::domain::normalize::normalize_email(&i.employer.contact_email);
    let s = &state.settings;
    let mut limits = vec![rate_limit::Limit {
        bucket: "register_client",
        key: client,
        max: s.registrations_per_client_per_hour,
        window: chrono::Duration::hours(1),
    }];
    if !email.is_empty() {
        limits.push(rate_limit::Limit {
            bucket: "register_address",
            key: &email,
            max: s.registrations_per_address_per_day,
            window: chrono::Duration::days(1),
        });
    }
    if rand::random::<u8>() < 3 {
        // Now and then, forget events too old to count.
        rate_limit::prune(&state.db).await?;
    }
    Ok(rate_limit::take(&state.db, &limits).await?)
}

#[derive(Deserialize, Default)]
pub struct SentQuery {
    #[serde(default)]
    sent: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

pub async fn resend_form(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Path(code): Path<String>,
    Query(q): Query<SentQuery>,
) -> AppResult<Response> {
    let o = office(&state, &code).await?;
    Ok(tpl::resend_form(
        &o.name,
        &o.code,
        &csrf,
        "",
        q.sent.is_some(),
        &Default::default(),
    )
    .into_response())
}

/// The employer asks for the confirmation mail again; the answer is the same whether or not the
/// address has an unconfirmed account.
pub async fn resend(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Path(code): Path<String>,
    Form(f): Form<EmailForm>,
) -> AppResult<Response> {
    let o = office(&state, &code).await?;
    match portal::resend_confirmation(&state.db, o.id, &f.email).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/o/{}/register/resend?sent=1", o.code)).into_response())
        }
        Err(ServiceError::Invalid(e)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            tpl::resend_form(&o.name, &o.code, &csrf, &f.email, false, e.map()),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
