//! Staff pages for job orders (求人): list, form, acceptance and 不受理, detail, versions.
use super::auth::notice_text;
use super::home::NoticeQuery;
use crate::domain::states::{JobOrderState, StateName, is_ending};
use crate::error::{AppError, AppResult};
use crate::present;
use crate::present::format::{self, opts};
use crate::present::job_order::to_view;
use crate::present::job_order_sheet::{self};
use crate::services::ServiceError;
use crate::services::job_order_form::JobOrderForm;
use crate::services::job_order_record;
use crate::services::job_orders::{self, JobOrderFilter, RejectInput};
use crate::services::{audit, employers, refdata, referrals, staff_users};
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::order_form::{FormPage, names, render_form};
use crate::web::session::Staff;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use templates::job_orders as tpl;

pub fn hours_label(minutes: i32) -> String {
    if minutes <= 0 {
        "—".into()
    } else {
        job_order_sheet::hours(minutes as u32)
    }
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(f): Query<JobOrderFilter>,
) -> AppResult<Response> {
    let today = format::today();
    let page = job_orders::list(&state.db, staff.office.id, &f, today).await?;
    let rows: Vec<tpl::Row> = page
        .rows
        .into_iter()
        .map(|r| {
            let o = r.order;
            tpl::Row {
                id: o.id,
                number: o.number.clone().unwrap_or_else(|| "（未受理）".into()),
                title: if o.occupation_title.is_empty() {
                    "（職種未入力）".into()
                } else {
                    o.occupation_title.clone()
                },
                employer: r.employer_name,
                municipality: o.workplace_municipality.clone(),
                hours: hours_label(o.weekly_minutes),
                state: o.state.label().into(),
                valid_until: o.valid_until.map(format::date).unwrap_or_default(),
                change_pending: o.change_pending,
            }
        })
        .collect();
    let mut states = vec![
        ("active".to_owned(), "受付中・未受理".to_owned()),
        ("pending".to_owned(), "審査待ち（新規・変更）".to_owned()),
    ];
    states.extend(opts(&JobOrderState::choices()));
    let occupations = refdata::occupation_options(&state.db).await?;
    let staff_opts: Vec<(String, String)> = staff_users::list(&state.db, staff.office.id)
        .await?
        .into_iter()
        .map(|u| (u.id.to_string(), u.name))
        .collect();
    let sorts = opts(&[
        ("valid_until", "有効期限が近い順"),
        ("number", "求人番号順"),
        ("hours", "週の時間が短い順"),
        ("occupation", "職種名順"),
    ]);
    let mut values: BTreeMap<&'static str, String> = BTreeMap::new();
    values.insert("q", f.q.clone());
    values.insert("state", f.state.clone());
    values.insert("occupation", f.occupation.clone());
    values.insert("municipality", f.municipality.clone());
    values.insert("max_weekly_hours", f.max_weekly_hours.clone());
    values.insert(
        "staff_id",
        f.staff_id.map(|s| s.to_string()).unwrap_or_default(),
    );
    values.insert("expiring_within", f.expiring_within.clone());
    values.insert("sort", f.sort.clone());
    let query = serde_urlencoded::to_string(values.iter().collect::<Vec<_>>()).unwrap_or_default();
    let lf = tpl::ListFilter {
        values: &values,
        states: &states,
        occupations: &occupations,
        staff: &staff_opts,
        sorts: &sorts,
    };
    Ok(tpl::list(
        &staff.ctx("job_orders"),
        &lf,
        &rows,
        (page.total, page.capped),
        page.page,
        page.pages,
        &query,
    )
    .into_response())
}

fn pairs_form(pairs: &[(String, String)]) -> (JobOrderForm, String, bool) {
    let action = pairs
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let confirmed = pairs
        .iter()
        .any(|(k, v)| k == "warnings_confirmed" && v == "1");
    (JobOrderForm::from_pairs(pairs), action, confirmed)
}

pub async fn new(
    State(state): State<AppState>,
    staff: Staff,
    Path(employer_id): Path<i32>,
) -> AppResult<Response> {
    let employer = employers::get(&state.db, staff.office.id, employer_id).await?;
    let form = JobOrderForm::for_employer(&employer);
    let p = FormPage {
        lock: None,
        title: "求人の登録",
        action: format!("/employers/{employer_id}/job-orders"),
        employer_name: &employer.name,
        can_accept: true,
        submit_label: "受理する",
        section: "job_orders",
    };
    Ok(render_form(
        &state,
        &staff.ctx(p.section),
        &p,
        &form,
        &FieldErrors::new(),
    )
    .await?
    .into_response())
}

/// After saving: accept if asked; a failed acceptance shows the form again with every problem.
async fn save_and_maybe_accept(
    state: &AppState,
    staff: &Staff,
    id: i32,
    employer_name: &str,
    form: &JobOrderForm,
    action: &str,
    confirmed: bool,
) -> AppResult<Response> {
    if action != "accept" {
        return Ok(Redirect::to(&format!("/job-orders/{id}/edit?notice=saved")).into_response());
    }
    match job_orders::accept(
        &state.db,
        &staff.actor(),
        staff.office.id,
        id,
        format::today(),
        confirmed,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/job-orders/{id}?notice=accepted")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            // The draft was saved: the form goes on from the saved version.
            let saved = job_orders::get(&state.db, staff.office.id, id).await?;
            let p = FormPage {
                lock: Some(job_orders::lock_token(&saved)),
                title: "求人の編集・受理",
                action: format!("/job-orders/{id}/edit"),
                employer_name,
                can_accept: true,
                submit_label: "受理する",
                section: "job_orders",
            };
            let mut ctx = staff.ctx(p.section);
            ctx.flash = Some(
                "まだ受理していません。入力内容は下書きとして保存しました。下の項目を直してから、もう一度「受理する」を押してください。".into(),
            );
            ctx.flash_warning = true;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render_form(state, &ctx, &p, form, &e).await?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Path(employer_id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let employer = employers::get(&state.db, staff.office.id, employer_id).await?;
    let (form, action, confirmed) = pairs_form(&pairs);
    let order = job_orders::create_draft(
        &state.db,
        &staff.actor(),
        staff.office.id,
        employer_id,
        &form,
        "staff",
    )
    .await?;
    save_and_maybe_accept(
        &state,
        &staff,
        order.id,
        &employer.name,
        &form,
        &action,
        confirmed,
    )
    .await
}

pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let order = job_orders::get(&state.db, staff.office.id, id).await?;
    let employer = employers::get(&state.db, staff.office.id, order.employer_id).await?;
    let form = job_orders::draft_form(&state.db, &order).await?;
    let title = if order.state == JobOrderState::Open {
        "受付中の求人の変更"
    } else {
        "求人の編集・受理"
    };
    let label = if order.state == JobOrderState::Open {
        "変更を受理する"
    } else {
        "受理する"
    };
    let p = FormPage {
        lock: Some(job_orders::lock_token(&order)),
        title,
        action: format!("/job-orders/{id}/edit"),
        employer_name: &employer.name,
        can_accept: true,
        submit_label: label,
        section: "job_orders",
    };
    let mut ctx = staff.ctx(p.section);
    ctx.flash = notice_text(q.notice.as_deref());
    // Show what the law says about the saved draft right away.
    let (review, read) = job_orders::review(&state.db, &employer, &form, format::today()).await?;
    let errors = if q.notice.is_some() {
        review.field_errors(&read, true)
    } else {
        FieldErrors::new()
    };
    Ok(render_form(&state, &ctx, &p, &form, &errors)
        .await?
        .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let order = job_orders::get(&state.db, staff.office.id, id).await?;
    let employer = employers::get(&state.db, staff.office.id, order.employer_id).await?;
    let (form, action, confirmed) = pairs_form(&pairs);
    let lock = pairs
        .iter()
        .find(|(k, _)| k == "lock")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    match job_orders::save_draft_if_unchanged(
        &state.db,
        &staff.actor(),
        staff.office.id,
        id,
        &form,
        lock,
    )
    .await
    {
        Ok(_) => {}
        Err(ServiceError::Invalid(e)) if e.has("lock") => {
            // Someone saved first: keep what this person typed, on the newer version.
            let current = job_orders::get(&state.db, staff.office.id, id).await?;
            let p = FormPage {
                lock: Some(job_orders::lock_token(&current)),
                title: "求人の編集・受理",
                action: format!("/job-orders/{id}/edit"),
                employer_name: &employer.name,
                can_accept: true,
                submit_label: "受理する",
                section: "job_orders",
            };
            let mut ctx = staff.ctx(p.section);
            ctx.flash =
                Some("他の職員が先に更新しました。あなたの入力はまだ保存していません。".into());
            ctx.flash_warning = true;
            return Ok((
                StatusCode::CONFLICT,
                render_form(&state, &ctx, &p, &form, &e).await?,
            )
                .into_response());
        }
        Err(e) => return Err(e.into()),
    }
    save_and_maybe_accept(
        &state,
        &staff,
        id,
        &employer.name,
        &form,
        &action,
        confirmed,
    )
    .await
}

async fn render_show(
    state: &AppState,
    staff: &Staff,
    id: i32,
    errors: &FieldErrors,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let rec = job_order_record::read(&state.db, staff.office.id, id, format::today()).await?;
    let d = present::job_order::page(&rec);
    let mut ctx = staff.ctx("job_orders");
    ctx.flash = flash;
    Ok(tpl::show(&ctx, &d, errors.map()))
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let flash = match q.notice.as_deref() {
        Some("accepted") => Some("受理しました。".to_owned()),
        Some("rejected") => Some("不受理にしました。".to_owned()),
        Some("closed") => Some("状態を変更しました。".to_owned()),
        Some("extended") => Some("有効期限を延長しました。".to_owned()),
        other => notice_text(other),
    };
    Ok(render_show(&state, &staff, id, &FieldErrors::new(), flash)
        .await?
        .into_response())
}

pub async fn reject(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<RejectInput>,
) -> AppResult<Response> {
    match job_orders::reject(
        &state.db,
        &staff.actor(),
        staff.office.id,
        id,
        &i,
        format::today(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/job-orders/{id}?notice=rejected")).into_response()),
        Err(ServiceError::Invalid(e)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render_show(&state, &staff, id, &e, None).await?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    state: String,
}

/// The page before an order is ended: what 充足・募集停止・取消 mean, and that it is final.
pub async fn close_confirm(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(f): Query<CloseForm>,
) -> AppResult<Response> {
    let new_state = JobOrderState::parse(&f.state)
        .filter(|s| is_ending(*s))
        .ok_or_else(|| AppError::BadRequest("操作が正しくありません。".into()))?;
    let o = job_orders::get(&state.db, staff.office.id, id).await?;
    let employer = employers::get(&state.db, staff.office.id, o.employer_id).await?;
    let (waiting, _) =
        referrals::count_waiting_for_order(&state.db, staff.office.id, id, 999).await?;
    Ok(templates::job_orders::close_confirm(
        &staff.ctx("job_orders"),
        &templates::job_orders::CloseConfirm {
            id,
            number: o.number.as_deref(),
            title: &o.occupation_title,
            employer_name: &employer.name,
            state_code: new_state.code(),
            state_label: new_state.label(),
            waiting,
        },
    )
    .into_response())
}

pub async fn close(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(f): Form<CloseForm>,
) -> AppResult<Response> {
    job_orders::close(
        &state.db,
        &staff.actor(),
        staff.office.id,
        id,
        JobOrderState::parse(&f.state)
            .ok_or_else(|| AppError::BadRequest("操作が正しくありません。".into()))?,
        format::today(),
    )
    .await?;
    Ok(Redirect::to(&format!("/job-orders/{id}?notice=closed")).into_response())
}

pub async fn extend(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    job_orders::extend(
        &state.db,
        &staff.actor(),
        staff.office.id,
        id,
        format::today(),
    )
    .await?;
    Ok(Redirect::to(&format!("/job-orders/{id}?notice=extended")).into_response())
}

pub async fn version(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, n)): Path<(i32, i32)>,
) -> AppResult<Response> {
    let o = job_orders::get(&state.db, staff.office.id, id).await?;
    let versions = job_orders::versions(&state.db, staff.office.id, id).await?;
    let (v, t) = versions
        .into_iter()
        .find(|(v, _)| v.version == n)
        .ok_or(AppError::NotFound)?;
    let names = names(&state, &t).await?;
    let label = format!(
        "{}受理・有効期限{}",
        format::date(v.accepted_on),
        format::date(v.valid_until)
    );
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "view",
        "job_order_version",
        Some(v.id.to_string()),
        format!("求人 #{id} 第{n}版を閲覧"),
    )
    .await?;
    Ok(tpl::version(
        &staff.ctx("job_orders"),
        id,
        o.number.as_deref().unwrap_or(""),
        n,
        &label,
        &to_view(job_order_sheet::sections(&t, &names)),
    )
    .into_response())
}

#[derive(Deserialize)]
pub struct DiffQuery {
    from: i32,
    to: i32,
}

pub async fn diff(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Query(q): Query<DiffQuery>,
) -> AppResult<Response> {
    let o = job_orders::get(&state.db, staff.office.id, id).await?;
    let versions = job_orders::versions(&state.db, staff.office.id, id).await?;
    let find = |n: i32| {
        versions
            .iter()
            .find(|(v, _)| v.version == n)
            .map(|(_, t)| t.clone())
            .ok_or(AppError::NotFound)
    };
    let (a, b) = (find(q.from)?, find(q.to)?);
    let (na, nb) = (names(&state, &a).await?, names(&state, &b).await?);
    let rows: Vec<(String, String, String, String)> = job_order_sheet::diff(
        &job_order_sheet::sections(&a, &na),
        &job_order_sheet::sections(&b, &nb),
    )
    .into_iter()
    .map(|(s, k, x, y)| (s.to_owned(), k.to_owned(), x, y))
    .collect();
    Ok(tpl::diff(
        &staff.ctx("job_orders"),
        id,
        o.number.as_deref().unwrap_or(""),
        q.from,
        q.to,
        &rows,
    )
    .into_response())
}

/// 求人票 PDF of the version in force.
pub async fn sheet_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let o = job_orders::get(&state.db, staff.office.id, id).await?;
    let employer = employers::get(&state.db, staff.office.id, o.employer_id).await?;
    let (v, terms) = job_orders::accepted_terms(&state.db, staff.office.id, id)
        .await?
        .ok_or_else(|| {
            AppError::BadRequest("受理されていない求人の求人票は印刷できません。".into())
        })?;
    let n = names(&state, &terms).await?;
    let data = crate::pdf::job_order_sheet::SheetData {
        office_name: staff.office.name.clone(),
        office_contact: format!(
            "{}　電話 {}　FAX {}　{}",
            staff.office.name, staff.office.phone, staff.office.fax, staff.office.email
        ),
        number: o.number.clone().unwrap_or_default(),
        employer_name: employer.name.clone(),
        accepted_on: format::date(v.accepted_on),
        valid_until: o.valid_until.map(format::date).unwrap_or_default(),
        version: v.version,
        printed_on: format::date(format::today()),
        sections: job_order_sheet::sections(&terms, &n)
            .into_iter()
            .map(|s| {
                (
                    s.title.to_owned(),
                    s.rows.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
                )
            })
            .collect(),
    };
    let bytes = crate::pdf::render_blocking(state.fonts.clone(), move |f| {
        crate::pdf::job_order_sheet::render(&data, f)
    })
    .await?;
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "print",
        "job_order",
        Some(id.to_string()),
        "求人票を印刷",
    )
    .await?;
    let filename = format!("kyujinhyo-{}.pdf", o.number.unwrap_or_default());
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
