//! The employer portal (`/portal`): the employer's own orders, submitting, copying, editing (an
//! edit of an open order goes back to review) and stopping recruitment.
//! Every route is scoped to the signed-in employer: another employer's order is "not found".
use super::auth::LoginQuery;
use crate::domain::states::{EmployerStatus, JobOrderState, StateName};
use crate::error::{AppError, AppResult};
use crate::present::format;
use crate::present::job_order::to_view;
use crate::present::job_order_sheet;
use crate::services::job_order_form::JobOrderForm;
use crate::services::portal::{self};
use crate::services::{employers, job_orders};
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::order_form::{FormPage, names, render_form};
use crate::web::session::PortalUser;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use entity::job_order;
use templates::portal as tpl;

/// One of the signed-in employer's orders, or not found.
async fn own_order(state: &AppState, pu: &PortalUser, id: i32) -> AppResult<job_order::Model> {
    let o = job_orders::get(&state.db, pu.office.id, id).await?;
    if o.employer_id != pu.employer.id {
        return Err(AppError::NotFound);
    }
    Ok(o)
}

pub async fn home(
    State(state): State<AppState>,
    pu: PortalUser,
    Query(q): Query<LoginQuery>,
) -> AppResult<Response> {
    let today = format::today();
    let f = job_orders::JobOrderFilter {
        employer_id: Some(pu.employer.id),
        ..Default::default()
    };
    let counts = portal::referral_counts(&state.db, pu.office.id, pu.employer.id).await?;
    let rows: Vec<tpl::OrderRow> = job_orders::list(&state.db, pu.office.id, &f, today)
        .await?
        .rows
        .into_iter()
        .map(|r| {
            let o = r.order;
            let (referred, awaiting) = counts.get(&o.id).copied().unwrap_or_default();
            tpl::OrderRow {
                id: o.id,
                referred,
                awaiting,
                number: o.number.clone().unwrap_or_else(|| "—".into()),
                title: if o.occupation_title.is_empty() {
                    "（職種未入力）".into()
                } else {
                    o.occupation_title.clone()
                },
                state: o.state.label().into(),
                note: if o.change_pending {
                    "変更を審査中".into()
                } else if o.state == JobOrderState::Rejected {
                    "理由をご確認ください".into()
                } else {
                    String::new()
                },
                valid_until: o.valid_until.map(format::date).unwrap_or_default(),
            }
        })
        .collect();
    let mut ctx = pu.ctx("portal");
    ctx.flash = match q.notice.as_deref() {
        Some("confirmed") => Some("メールアドレスを確認し、パスワードを設定しました。".into()),
        Some("submitted") => Some("求人を送信しました。紹介所で内容を確認します。".into()),
        Some("stopped") => Some("募集を停止しました。".into()),
        _ => None,
    };
    Ok(tpl::home(
        &ctx,
        &pu.employer.name,
        pu.employer.status == EmployerStatus::Pending,
        &rows,
    )
    .into_response())
}

fn form_page(action: String, open: bool, employer_name: &str) -> FormPage<'_> {
    FormPage {
        lock: None,
        title: if open {
            "求人内容の変更"
        } else {
            "求人の申込み"
        },
        action,
        employer_name,
        can_accept: false,
        submit_label: if open {
            "変更を送信する"
        } else {
            "紹介所へ送信する"
        },
        section: "portal_new",
    }
}

pub async fn new(State(state): State<AppState>, pu: PortalUser) -> AppResult<Response> {
    let form = JobOrderForm::for_employer(&pu.employer);
    let p = form_page("/portal/job-orders".into(), false, &pu.employer.name);
    Ok(render_form(
        &state,
        &pu.ctx("portal_new"),
        &p,
        &form,
        &FieldErrors::new(),
    )
    .await?
    .into_response())
}

/// Save, then submit when asked; problems come back on the form with everything typed.
async fn save_and_maybe_submit(
    state: &AppState,
    pu: &PortalUser,
    order: job_order::Model,
    form: &JobOrderForm,
    action: &str,
) -> AppResult<Response> {
    let id = order.id;
    let open = order.state == JobOrderState::Open;
    let today = format::today();
    let (review, read) = job_orders::review(&state.db, &pu.employer, form, today).await?;
    let errors = review.field_errors(&read, false);
    if action == "submit" && !errors.is_empty() {
        if !open {
            job_orders::save_draft(&state.db, &pu.actor(), pu.office.id, id, form).await?;
        }
        let p = form_page(
            format!("/portal/job-orders/{id}/edit"),
            open,
            &pu.employer.name,
        );
        let mut ctx = pu.ctx("portal");
        ctx.flash = Some(if open {
            "変更はまだ送信されていません。".into()
        } else {
            "まだ送信していません。入力内容は下書きとして保存しました。下の項目を直してから送信してください。".into()
        });
        ctx.flash_warning = true;
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render_form(state, &ctx, &p, form, &errors).await?,
        )
            .into_response());
    }
    if action == "submit" && open {
        // A change of an open order waits for review: saved with its receipt mail at once.
        portal::submit_change(&state.db, &pu.actor(), pu.office.id, id, form).await?;
        return Ok(Redirect::to("/portal?notice=submitted").into_response());
    }
    job_orders::save_draft(&state.db, &pu.actor(), pu.office.id, id, form).await?;
    if action == "submit" {
        job_orders::submit(&state.db, &pu.actor(), pu.office.id, id, today).await?;
        return Ok(Redirect::to("/portal?notice=submitted").into_response());
    }
    Ok(Redirect::to(&format!("/portal/job-orders/{id}?notice=saved")).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    pu: PortalUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = JobOrderForm::from_pairs(&pairs);
    let action = pairs
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let order = job_orders::create_draft(
        &state.db,
        &pu.actor(),
        pu.office.id,
        pu.employer.id,
        &form,
        "portal",
    )
    .await?;
    save_and_maybe_submit(&state, &pu, order, &form, &action).await
}

pub async fn show(
    State(state): State<AppState>,
    pu: PortalUser,
    Path(id): Path<i32>,
    Query(q): Query<LoginQuery>,
) -> AppResult<Response> {
    let o = own_order(&state, &pu, id).await?;
    let versions = job_orders::versions(&state.db, pu.office.id, id).await?;
    let (terms, draft_only) = match versions.last() {
        Some((_, t)) => (t.clone(), false),
        None => (
            job_orders::draft_form(&state.db, &o).await?.to_terms().0,
            true,
        ),
    };
    let n = names(&state, &terms).await?;
    let (referred, awaiting) = portal::referral_counts(&state.db, pu.office.id, pu.employer.id)
        .await?
        .get(&id)
        .copied()
        .unwrap_or_default();
    let v = tpl::OrderView {
        id,
        referred,
        awaiting,
        title: if terms.occupation_title.is_empty() {
            "（職種未入力）".into()
        } else {
            terms.occupation_title.clone()
        },
        state: o.state.label().into(),
        state_code: o.state.code().to_owned(),
        change_pending: o.change_pending,
        facts: vec![
            (
                "求人番号".into(),
                o.number
                    .clone()
                    .unwrap_or_else(|| "受理後に付きます".into()),
            ),
            (
                "受理日".into(),
                o.accepted_on.map(format::date).unwrap_or_default(),
            ),
            (
                "有効期限".into(),
                o.valid_until.map(format::date).unwrap_or_default(),
            ),
        ],
        rejection: o.rejection_ground.as_ref().map(|g| {
            format!(
                "不受理（{}）：{}",
                employers::label(employers::REJECTION_GROUNDS, g),
                o.rejection_reason
            )
        }),
        sections: to_view(job_order_sheet::sections(&terms, &n)),
        draft_only,
    };
    let mut ctx = pu.ctx("portal");
    ctx.flash = (q.notice.as_deref() == Some("saved")).then(|| "保存しました。".into());
    Ok(tpl::order(&ctx, &v, &Default::default()).into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    pu: PortalUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let o = own_order(&state, &pu, id).await?;
    if !matches!(
        o.state,
        JobOrderState::Draft | JobOrderState::Rejected | JobOrderState::Open
    ) {
        return Err(AppError::BadRequest("この求人は変更できません。".into()));
    }
    let form = job_orders::draft_form(&state.db, &o).await?;
    let p = form_page(
        format!("/portal/job-orders/{id}/edit"),
        o.state == JobOrderState::Open,
        &pu.employer.name,
    );
    Ok(
        render_form(&state, &pu.ctx("portal"), &p, &form, &FieldErrors::new())
            .await?
            .into_response(),
    )
}

pub async fn update(
    State(state): State<AppState>,
    pu: PortalUser,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let o = own_order(&state, &pu, id).await?;
    let form = JobOrderForm::from_pairs(&pairs);
    let action = pairs
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    save_and_maybe_submit(&state, &pu, o, &form, &action).await
}

/// A new draft from a past order (its accepted version, else its draft).
pub async fn copy(
    State(state): State<AppState>,
    pu: PortalUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let o = own_order(&state, &pu, id).await?;
    let form = match job_orders::accepted_terms(&state.db, pu.office.id, id).await? {
        Some((_, t)) => JobOrderForm::from_terms(&t),
        None => job_orders::draft_form(&state.db, &o).await?,
    };
    let copy = job_orders::create_draft(
        &state.db,
        &pu.actor(),
        pu.office.id,
        pu.employer.id,
        &form,
        "portal",
    )
    .await?;
    Ok(Redirect::to(&format!("/portal/job-orders/{}/edit", copy.id)).into_response())
}

pub async fn stop(
    State(state): State<AppState>,
    pu: PortalUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    own_order(&state, &pu, id).await?;
    job_orders::close(
        &state.db,
        &pu.actor(),
        pu.office.id,
        id,
        JobOrderState::Stopped,
        format::today(),
    )
    .await?;
    Ok(Redirect::to("/portal?notice=stopped").into_response())
}
