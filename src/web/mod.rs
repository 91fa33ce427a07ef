//! HTTP, by audience: `staff` (the office's pages), `portal` (employers signed in to their
//! portal), `public` (anyone, `/o/{code}/…`) and `api` (the JSON API, bearer tokens), each with
//! its own `routes()`. What every audience shares stays here: the session and sign-in
//! extractors and the CSRF layer (`session`), the input gate (`input`), readable rejections
//! (`rejections`), answers other than pages (`respond`), the job-order form (`order_form`),
//! the static assets, the panic net and the security headers.
pub mod api;
pub mod assets;
pub mod health;
pub mod input;
pub mod order_form;
pub mod portal;
pub mod public;
pub mod rejections;
pub mod respond;
pub mod session;
pub mod staff;

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .merge(staff::routes())
        .merge(portal::routes())
        .merge(public::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::csrf_layer,
        ));
    Router::new()
        .merge(pages)
        .merge(api::router())
        .route("/healthz", get(health::healthz))
        .route("/assets/style.css", get(assets::style))
        .route("/assets/favicon.svg", get(assets::favicon))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(8 * 1024 * 1024))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            input::guard,
        ))
        .layer(axum::middleware::from_fn(rejections::readable_rejections))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_response,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .with_state(state)
}

/// The net under every handler: a panic is logged (without the request's data) and answered
/// with the Japanese 500 page instead of a dropped connection.
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "a request handler panicked");
    (
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        templates::layout::error_page(
            "システムエラー",
            "処理中にエラーが発生しました。時間をおいて再度お試しください。解決しない場合はシステム管理者に連絡してください。",
        ),
    )
        .into_response()
}

async fn not_found() -> crate::error::AppError {
    crate::error::AppError::NotFound
}

/// The policy for the app's own pages: nothing but this site's files, no inline scripts.
const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/// Swagger UI (`/api/docs`): its own scripts only (no inline script, no eval); it sets inline
/// styles on elements, hence `'unsafe-inline'` for styles alone.
const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

async fn security_headers(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let is_docs = req.uri().path().starts_with("/api/docs");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if is_docs { DOCS_CSP } else { PAGE_CSP }),
    );
    if state.settings.secure_cookies {
        // Behind TLS (secure cookies): browsers use HTTPS only, for two years.
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use tower::ServiceExt;

    /// A handler that panics answers the Japanese 500 page instead of dropping the connection.
    #[tokio::test]
    async fn a_panic_is_a_japanese_500_page() {
        async fn boom() -> &'static str {
            panic!("page number overflow")
        }
        let app = axum::Router::new()
            .route("/boom", axum::routing::get(boom))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(
                super::panic_response,
            ));
        let res = app
            .oneshot(
                axum::http::Request::get("/boom")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("システムエラー"), "{text}");
        assert!(!text.contains("overflow"), "no internals shown");
    }
}
