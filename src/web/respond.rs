//! How a handler answers besides a page: a redirect after a form post, a PDF, a streamed CSV.
use crate::error::AppResult;
use crate::pdf::Doc;
use crate::present::csv::{CsvEncoding, CsvWriter};
use crate::present::format;
use crate::services::ledgers::{self, Ledger, LedgerFilter};
use crate::state::AppState;
use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub fn pdf_response(bytes: Vec<u8>, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// Draw a document on a blocking thread with the fonts loaded at start.
pub async fn render_pdf(state: &AppState, doc: Doc) -> AppResult<Vec<u8>> {
    Ok(crate::pdf::render_blocking(state.fonts.clone(), move |f| doc.render(f)).await?)
}

/// Stream a ledger as CSV, a page at a time (UTF-8 with BOM, or Shift_JIS with `encoding=sjis`).
pub async fn ledger_csv_response(
    state: &AppState,
    office_id: i32,
    l: Ledger,
    f: LedgerFilter,
) -> Response {
    let enc = CsvEncoding::from_param(f.encoding.as_deref());
    let content_type = enc.content_type();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let db = state.db.clone();
    tokio::spawn(async move {
        use futures_util::StreamExt;
        if tx
            .send(Ok(CsvWriter::new(enc).record(l.headers())))
            .await
            .is_err()
        {
            return;
        }
        // Each page is encoded where it was read (pages are encoded at once, sent in order).
        let encode = move |rows: Vec<Vec<String>>| {
            let mut w = CsvWriter::after_header(enc);
            let mut chunk = Vec::new();
            for r in &rows {
                let fields: Vec<&str> = r.iter().map(String::as_str).collect();
                chunk.extend(w.record(&fields));
            }
            chunk
        };
        let pages = ledgers::export(db, office_id, l, f, ledgers::EXPORT_PAGE, encode);
        futures_util::pin_mut!(pages);
        while let Some(page) = pages.next().await {
            match page {
                Ok(chunk) => {
                    if !chunk.is_empty() && tx.send(Ok(chunk)).await.is_err() {
                        return;
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "ledger export failed");
                    let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
                    return;
                }
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let filename = format!("{}-{}.csv", l.slug(), format::today());
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

/// The end of a form post: on success, redirect to the page `ok` names (post/redirect/get); on
/// invalid input, show the form again (422) with every message next to its field; any other
/// error stays an error.
pub async fn after_post<T, E, Fut>(
    result: Result<T, E>,
    ok: impl FnOnce(T) -> String,
    again: impl FnOnce(crate::validation::FieldErrors) -> Fut,
) -> crate::error::AppResult<axum::response::Response>
where
    E: Into<crate::error::AppError>,
    Fut: std::future::Future<Output = crate::error::AppResult<maud::Markup>>,
{
    use axum::response::IntoResponse;
    match result.map_err(Into::into) {
        Ok(v) => Ok(axum::response::Redirect::to(&ok(v)).into_response()),
        Err(crate::error::AppError::Invalid(e)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            again(e).await?,
        )
            .into_response()),
        Err(e) => Err(e),
    }
}
