//! 苦情処理簿: the complaint register, its form and its PDF.
use crate::error::AppResult;
use crate::pdf::{Doc, Orientation};
use crate::present::format::{self, opts};
use crate::services::complaints::{self, ComplaintFilter, ComplaintInput};
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::respond::{pdf_response, render_pdf};
use crate::web::session::Staff;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use templates::paperwork as tpl;

pub async fn complaint_list(
    State(state): State<AppState>,
    staff: Staff,
    Query(f): Query<ComplaintFilter>,
) -> AppResult<Response> {
    let rows: Vec<tpl::ComplaintRow> = complaints::list(&state.db, staff.office.id, &f)
        .await?
        .into_iter()
        .map(|c| tpl::ComplaintRow {
            id: c.id,
            received: format::date(c.received_on),
            from: format!("{}　{}", complaints::label(&c.from_kind), c.from_name),
            subject: c.subject,
            closed: c
                .closed_on
                .map(format::date)
                .unwrap_or_else(|| "処理中".into()),
        })
        .collect();
    let q = serde_urlencoded::to_string([("from", &f.from), ("to", &f.to), ("state", &f.state)])
        .unwrap_or_default();
    Ok(tpl::complaints(&staff.ctx("reports"), &rows, &f.from, &f.to, &f.state, &q).into_response())
}

fn complaint_form_markup(
    staff: &Staff,
    title: &str,
    action: String,
    i: &ComplaintInput,
    e: &FieldErrors,
) -> maud::Markup {
    let kinds = opts(complaints::FROM_KINDS);
    let f = tpl::ComplaintForm {
        action,
        received_on: &i.received_on,
        from_kind: &i.from_kind,
        from_name: &i.from_name,
        contact: &i.contact,
        subject: &i.subject,
        response: &i.response,
        closed_on: &i.closed_on,
        kinds: &kinds,
    };
    tpl::complaint_form(&staff.ctx("reports"), title, &f, e.map())
}

pub async fn complaint_new(staff: Staff) -> Response {
    let i = ComplaintInput {
        received_on: format::today().to_string(),
        ..Default::default()
    };
    complaint_form_markup(
        &staff,
        "苦情の受付",
        "/complaints".into(),
        &i,
        &FieldErrors::new(),
    )
    .into_response()
}

pub async fn complaint_create(
    State(state): State<AppState>,
    staff: Staff,
    Form(i): Form<ComplaintInput>,
) -> AppResult<Response> {
    crate::web::respond::after_post(
        complaints::create(&state.db, &staff.actor(), staff.office.id, &i).await,
        |_| "/complaints".to_string(),
        |e| async move {
            Ok(complaint_form_markup(
                &staff,
                "苦情の受付",
                "/complaints".into(),
                &i,
                &e,
            ))
        },
    )
    .await
}

pub async fn complaint_edit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let c = complaints::get(&state.db, staff.office.id, id).await?;
    Ok(complaint_form_markup(
        &staff,
        "苦情の処理",
        format!("/complaints/{id}"),
        &ComplaintInput::from_model(&c),
        &FieldErrors::new(),
    )
    .into_response())
}

pub async fn complaint_update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
    Form(i): Form<ComplaintInput>,
) -> AppResult<Response> {
    crate::web::respond::after_post(
        complaints::update(&state.db, &staff.actor(), staff.office.id, id, &i).await,
        |_| "/complaints".to_string(),
        |e| async move {
            Ok(complaint_form_markup(
                &staff,
                "苦情の処理",
                format!("/complaints/{id}"),
                &i,
                &e,
            ))
        },
    )
    .await
}

pub async fn complaint_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Query(f): Query<ComplaintFilter>,
) -> AppResult<Response> {
    let rows: Vec<Vec<String>> = complaints::list(&state.db, staff.office.id, &f)
        .await?
        .into_iter()
        .map(|c| {
            vec![
                format::date(c.received_on),
                format!("{}　{}", complaints::label(&c.from_kind), c.from_name),
                c.subject,
                c.response,
                c.closed_on
                    .map(format::date)
                    .unwrap_or_else(|| "処理中".into()),
            ]
        })
        .collect();
    let mut doc = Doc::new("苦情処理簿", Orientation::Landscape);
    doc.footer(&format!("{}　苦情処理簿", staff.office.name));
    doc.heading("苦情処理簿");
    doc.right(&format!(
        "{}　{}出力",
        staff.office.name,
        format::date(format::today())
    ));
    doc.table(
        &[
            "受付日",
            "申出人",
            "苦情の内容",
            "処理の経過・結果",
            "処理完了日",
        ],
        &[2.0, 3.0, 6.0, 6.0, 2.0],
        &rows,
    );
    Ok(pdf_response(
        render_pdf(&state, doc).await?,
        "complaints.pdf",
    ))
}
