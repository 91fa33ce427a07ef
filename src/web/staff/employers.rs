//! Staff pages for employers (求人者).
use super::auth::notice_text;
use super::home::NoticeQuery;
use crate::domain::states::EmployerStatus;
use crate::error::AppResult;
use crate::present::format::{self, opts};
use crate::present::{self, employer::employer_form_view};
use crate::services::ServiceError;
use crate::services::employer_record;
use crate::services::employers::{self, ContactInput, EmployerFilter, EmployerInput, StatusInput};
use crate::services::{audit, refdata};
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::session::Staff;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use entity::employer;
use templates::employers as tpl;

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(f): Query<EmployerFilter>,
) -> AppResult<Response> {
    let page = employers::list(&state.db, staff.office.id, &f).await?;
    let today = format::today();
    let rows: Vec<tpl::EmployerRow> = page
        .rows
        .iter()
        .map(|m| tpl::EmployerRow {
            id: m.id,
            name: m.name.clone(),
            name_kana: m.name_kana.clone(),
            municipality: m.municipality.clone(),
            contact: format!("{} {}", m.contact_name, m.contact_phone),
            badges: present::employer::badges(m, today),
        })
        .collect();
    let statuses = opts(&[
        ("pending", "確認待ち"),
        ("rejected", "不受理あり"),
        ("dispute", "労働争議"),
    ]);
    let coops = opts(employers::COOPERATION);
    let query = serde_urlencoded::to_string([
        ("q", &f.q),
        ("status", &f.status),
        ("cooperation", &f.cooperation),
    ])
    .unwrap_or_default();
    let lf = tpl::ListFilter {
        q: &f.q,
        status: &f.status,
        cooperation: &f.cooperation,
        statuses: &statuses,
        cooperations: &coops,
    };
    let mut ctx = staff.ctx("employers");
    ctx.flash = None;
    Ok(tpl::list(&ctx, &lf, &rows, page.total, page.page, page.pages, &query).into_response())
}

async fn render_form(
    state: &AppState,
    staff: &Staff,
    title: &str,
    action: String,
    i: &EmployerInput,
    duplicates: &[employer::Model],
    errors: &FieldErrors,
) -> AppResult<maud::Markup> {
    let prefectures = refdata::prefecture_options(&state.db).await?;
    let industries = refdata::industry_options(&state.db).await?;
    let coops = opts(employers::COOPERATION);
    let f = employer_form_view(i, action, &prefectures, &industries, &coops, duplicates);
    Ok(tpl::form(&staff.ctx("employers"), title, &f, errors.map()))
}

pub async fn new(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let i = EmployerInput {
        prefecture_code: staff.office.prefecture_code.clone(),
        municipality: staff.office.municipality.clone(),
        ..Default::default()
    };
    Ok(render_form(
        &state,
        &staff,
        "求人者の登録",
        "/employers".into(),
        &i,
        &[],
        &FieldErrors::new(),
    )
    .await?
    .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(i): Form<EmployerInput>,
) -> AppResult<Response> {
    let duplicates = if i.allow_duplicate.is_some() {
        Vec::new()
    } else {
        employers::find_duplicates(&state.db, staff.office.id, &i, None).await?
    };
    let result = if duplicates.is_empty() {
        employers::create(
            &state.db,
            &staff.actor(),
            staff.office.id,
            &i,
            EmployerStatus::Active,
        )
        .await
    } else {
        Err(ServiceError::Invalid(FieldErrors::new()))
    };
    crate::web::respond::after_post(
        result,
        |m| format!("/employers/{}?notice=created", m.id),
        |e| async move {
            render_form(
                &state,
                &staff,
                "求人者の登録",
                "/employers".into(),
                &i,
                &duplicates,
                &e,
            )
            .await
        },
    )
    .await
}

pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let m = employers::get(&state.db, staff.office.id, id).await?;
    let i = EmployerInput::from_model(&m);
    Ok(render_form(
        &state,
        &staff,
        "求人者情報の編集",
        format!("/employers/{id}/edit"),
        &i,
        &[],
        &FieldErrors::new(),
    )
    .await?
    .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<EmployerInput>,
) -> AppResult<Response> {
    crate::web::respond::after_post(
        employers::update(&state.db, &staff.actor(), staff.office.id, id, &i).await,
        |_| format!("/employers/{id}?notice=saved"),
        |e| async move {
            // Shown again with what was typed, on the version saved now: when someone else
            // saved first, the next save goes over their change knowingly.
            let mut i = i;
            if e.has("lock") {
                let current = employers::get(&state.db, staff.office.id, id).await?;
                i.lock = employers::lock_token(&current);
            }
            render_form(
                &state,
                &staff,
                "求人者情報の編集",
                format!("/employers/{id}/edit"),
                &i,
                &[],
                &e,
            )
            .await
        },
    )
    .await
}

async fn render_show(
    state: &AppState,
    staff: &Staff,
    id: i32,
    status: Option<&StatusInput>,
    errors: &FieldErrors,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let today = format::today();
    let rec = employer_record::read(&state.db, staff.office.id, id, today).await?;
    let v = present::employer::page(&rec, today);
    let current = present::employer::status_values(&rec.employer);
    let grounds = opts(employers::REJECTION_GROUNDS);
    let sf = present::employer::status_form(status.unwrap_or(&current), &grounds);
    let mut ctx = staff.ctx("employers");
    ctx.flash = flash;
    Ok(tpl::show(
        &ctx,
        &v,
        &sf,
        &opts(employers::CONTACT_CHANNELS),
        errors.map(),
    ))
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let page = render_show(
        &state,
        &staff,
        id,
        None,
        &FieldErrors::new(),
        notice_text(q.notice.as_deref()),
    )
    .await?;
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "view",
        "employer",
        Some(id.to_string()),
        "求人者を閲覧",
    )
    .await?;
    Ok(page.into_response())
}

pub async fn confirm(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    employers::confirm(&state.db, &staff.actor(), staff.office.id, id).await?;
    Ok(Redirect::to(&format!("/employers/{id}?notice=confirmed")).into_response())
}

pub async fn set_status(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<StatusInput>,
) -> AppResult<Response> {
    crate::web::respond::after_post(
        employers::set_status(&state.db, &staff.actor(), staff.office.id, id, &i).await,
        |_| format!("/employers/{id}?notice=saved"),
        |e| async move { render_show(&state, &staff, id, Some(&i), &e, None).await },
    )
    .await
}

pub async fn add_contact(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<ContactInput>,
) -> AppResult<Response> {
    crate::web::respond::after_post(
        employers::add_contact(&state.db, &staff.actor(), staff.office.id, id, &i).await,
        |_| format!("/employers/{id}?notice=created"),
        |e| async move { render_show(&state, &staff, id, None, &e, None).await },
    )
    .await
}
