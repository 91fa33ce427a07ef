//! 帳簿: the ledgers on screen, as a streamed CSV and as a PDF.
use crate::error::{AppError, AppResult};
use crate::pdf::{Doc, Orientation};
use crate::present::format::{self};
use crate::services::ledgers::{self, Ledger, LedgerFilter};
use crate::services::{ServiceError, audit};
use crate::state::AppState;
use crate::web::respond::{ledger_csv_response, pdf_response, render_pdf};
use crate::web::session::Staff;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use templates::paperwork as tpl;

fn ledger_of(slug: &str) -> AppResult<Ledger> {
    Ledger::from_slug(slug).ok_or(AppError::NotFound)
}

fn filter_query(f: &LedgerFilter) -> String {
    serde_urlencoded::to_string([("from", &f.from), ("to", &f.to), ("state", &f.state)])
        .unwrap_or_default()
}

pub async fn ledger(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(f): Query<LedgerFilter>,
) -> AppResult<Response> {
    let l = ledger_of(&slug)?;
    Ok(ledger_page(&state, &staff, l, &f, None)
        .await?
        .into_response())
}

/// The ledger on screen, with `notice` (why printing was refused) above its buttons.
async fn ledger_page(
    state: &AppState,
    staff: &Staff,
    l: Ledger,
    f: &LedgerFilter,
    notice: Option<&str>,
) -> AppResult<maud::Markup> {
    // Counted up to a cap, and paged no deeper than it (narrow by period to see further).
    let (total, capped) =
        ledgers::count(&state.db, staff.office.id, l, f, ledgers::SCREEN_CAP).await?;
    let pages = total.div_ceil(ledgers::PAGE_SIZE).max(1);
    let page = f.page.unwrap_or(1).clamp(1, pages);
    let rows = ledgers::rows(
        &state.db,
        staff.office.id,
        l,
        f,
        page - 1,
        ledgers::PAGE_SIZE,
    )
    .await?;
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "view",
        "ledger",
        Some(l.slug().into()),
        format!("{}を閲覧", l.title()),
    )
    .await?;
    let q = filter_query(f);
    let v = tpl::LedgerView {
        title: l.title(),
        slug: l.slug(),
        headers: l.headers(),
        rows: &rows,
        total: format::bounded(total, capped, "件"),
        capped,
        page,
        pages,
        from: &f.from,
        to: &f.to,
        state: &f.state,
        query: &q,
        notice,
    };
    Ok(tpl::ledger(&staff.ctx("reports"), &v))
}

pub async fn ledger_csv(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(f): Query<LedgerFilter>,
) -> AppResult<Response> {
    let l = ledger_of(&slug)?;
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "export",
        "ledger",
        Some(l.slug().into()),
        format!("{}をCSVで出力", l.title()),
    )
    .await?;
    Ok(ledger_csv_response(&state, staff.office.id, l, f).await)
}

pub async fn ledger_pdf(
    State(state): State<AppState>,
    staff: Staff,
    Path(slug): Path<String>,
    Query(f): Query<LedgerFilter>,
) -> AppResult<Response> {
    let l = ledger_of(&slug)?;
    let mut doc = Doc::new(l.title(), Orientation::Landscape);
    doc.footer(&format!(
        "{}　{}　{}出力",
        staff.office.name,
        l.title(),
        format::date(format::today())
    ));
    doc.heading(l.title());
    let period = match (f.from.is_empty(), f.to.is_empty()) {
        (true, true) => "全期間".to_owned(),
        _ => format!("{}〜{}", f.from, f.to),
    };
    doc.right(&format!("{}　期間：{}", staff.office.name, period));
    let all = match ledgers::rows_for_print(&state.db, staff.office.id, l, &f, ledgers::PRINT_CAP)
        .await
    {
        Ok(rows) => rows,
        // Too many rows to print: the ledger again, with what to do instead.
        Err(ServiceError::Refused(m)) => {
            let page = ledger_page(&state, &staff, l, &f, Some(&m)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    doc.table(l.headers(), l.widths(), &all);
    audit::record(
        &state.db,
        &staff.actor(),
        None,
        "print",
        "ledger",
        Some(l.slug().into()),
        format!("{}を印刷", l.title()),
    )
    .await?;
    Ok(pdf_response(
        render_pdf(&state, doc).await?,
        &format!("{}.pdf", l.slug()),
    ))
}
