//! HTTP: thin handlers, one module per area. Handlers extract, call a service, render.
pub mod account;
pub mod admin;
pub mod api;
pub mod api_carving;
pub mod api_job_orders;
pub mod api_referrals;
pub mod api_reports;
pub mod assets;
pub mod auth;
pub mod carving;
pub mod employers;
pub mod home;
pub mod input;
pub mod job_orders;
pub mod occupations;
pub mod paperwork;
pub mod portal;
pub mod public;
pub mod referrals;
pub mod rejection_review;
pub mod rejections;
pub mod seekers;
pub mod session;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(home::show))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/setup", get(auth::setup_form).post(auth::setup))
        .route("/settings", get(account::show))
        .route("/settings/password", post(account::change_password))
        .route("/settings/tokens", post(account::create_token))
        .route("/settings/tokens/{id}/revoke", post(account::revoke_token))
        .route("/employers", get(employers::list).post(employers::create))
        .route("/employers/new", get(employers::new))
        .route("/employers/{id}", get(employers::show))
        .route(
            "/employers/{id}/edit",
            get(employers::edit).post(employers::update),
        )
        .route("/employers/{id}/confirm", post(employers::confirm))
        .route("/employers/{id}/status", post(employers::set_status))
        .route("/employers/{id}/contacts", post(employers::add_contact))
        .route("/employers/{id}/portal", get(employers::portal_page))
        .route("/employers/{id}/portal-users", post(employers::invite))
        .route(
            "/employers/{id}/portal-users/{user}/deactivate",
            post(employers::deactivate_user),
        )
        .route(
            "/employers/{id}/portal-users/{user}/activate",
            post(employers::activate_user),
        )
        .route("/employers/{id}/merge", post(employers::merge))
        .route("/employers/{id}/job-orders", post(job_orders::create))
        .route("/employers/{id}/job-orders/new", get(job_orders::new))
        .route("/job-orders", get(job_orders::list))
        .route("/job-orders/{id}", get(job_orders::show))
        .route(
            "/job-orders/{id}/edit",
            get(job_orders::edit).post(job_orders::update),
        )
        .route("/job-orders/{id}/reject", post(job_orders::reject))
        .route("/job-orders/{id}/close", post(job_orders::close))
        .route("/job-orders/{id}/extend", post(job_orders::extend))
        .route("/job-orders/{id}/versions/{n}", get(job_orders::version))
        .route("/job-orders/{id}/diff", get(job_orders::diff))
        .route("/job-orders/{id}/sheet.pdf", get(job_orders::sheet_pdf))
        .route("/o/{code}/jobs", get(public::jobs))
        .route("/o/{code}/jobs/{id}", get(public::job))
        .route(
            "/o/{code}/register",
            get(public::register_form).post(public::register),
        )
        .route(
            "/o/{code}/register/resend",
            get(public::resend_form).post(public::resend),
        )
        .route(
            "/portal/forgot",
            get(portal::forgot_form).post(portal::forgot),
        )
        .route("/portal/reset", get(portal::reset_form).post(portal::reset))
        .route("/portal", get(portal::home))
        .route("/portal/login", get(portal::login_form).post(portal::login))
        .route("/portal/logout", post(portal::logout))
        .route(
            "/portal/confirm",
            get(portal::confirm_form).post(portal::confirm),
        )
        .route("/portal/job-orders", post(portal::create))
        .route("/portal/job-orders/new", get(portal::new))
        .route("/portal/job-orders/{id}", get(portal::show))
        .route(
            "/portal/job-orders/{id}/edit",
            get(portal::edit).post(portal::update),
        )
        .route("/portal/job-orders/{id}/copy", post(portal::copy))
        .route("/portal/job-orders/{id}/stop", post(portal::stop))
        .route("/job-seekers", get(seekers::list).post(seekers::create))
        .route("/job-seekers/new", get(seekers::new))
        .route("/job-seekers/{id}", get(seekers::show))
        .route(
            "/job-seekers/{id}/edit",
            get(seekers::edit).post(seekers::update),
        )
        .route("/job-seekers/{id}/notes", post(seekers::add_note))
        .route(
            "/job-seekers/{id}/experiences",
            post(seekers::add_experience),
        )
        .route("/job-seekers/{id}/close", post(seekers::close))
        .route("/job-seekers/{id}/reopen", post(seekers::reopen))
        .route("/job-seekers/{id}/matches", get(seekers::matches))
        .route("/job-orders/{id}/matches", get(seekers::seekers_for_order))
        .route(
            "/job-seekers/{id}/matches/save",
            post(seekers::save_seeker_search),
        )
        .route(
            "/job-orders/{id}/matches/save",
            post(seekers::save_order_search),
        )
        .route("/saved-searches", get(seekers::saved_searches))
        .route(
            "/saved-searches/{id}/delete",
            post(seekers::delete_saved_search),
        )
        .route("/follow-ups", get(seekers::follow_ups))
        .route(
            "/follow-ups/{id}",
            get(seekers::follow_up).post(seekers::record_follow_up),
        )
        .route("/referrals", get(referrals::list).post(referrals::create))
        .route("/referrals/new", get(referrals::new))
        .route("/referrals/{id}", get(referrals::show))
        .route("/referrals/{id}/result", post(referrals::record_result))
        .route("/referrals/{id}/clear-flag", post(referrals::clear_flag))
        .route("/referrals/{id}/letter.pdf", get(referrals::letter_pdf))
        .route("/portal/referrals", get(referrals::portal_list))
        .route("/portal/referrals/{id}", get(referrals::portal_show))
        .route(
            "/portal/referrals/{id}/result",
            post(referrals::portal_result),
        )
        .route("/reports", get(paperwork::menu))
        .route("/reports/rejection-review", get(rejection_review::list))
        .route(
            "/reports/rejection-review/{id}",
            post(rejection_review::confirm),
        )
        .route("/ledgers/{kind}", get(paperwork::ledger))
        .route("/ledgers/{kind}/csv", get(paperwork::ledger_csv))
        .route("/ledgers/{kind}/pdf", get(paperwork::ledger_pdf))
        .route("/reports/annual", get(paperwork::annual))
        .route("/reports/annual/csv", get(paperwork::annual_csv))
        .route("/reports/annual/pdf", get(paperwork::annual_pdf))
        .route("/reports/monthly", get(paperwork::monthly))
        .route("/reports/monthly/csv", get(paperwork::monthly_csv))
        .route("/reports/disclosure.pdf", get(paperwork::disclosure_pdf))
        .route("/reports/notices/{kind}", get(paperwork::notice_pdf))
        .route(
            "/reports/personal-info-file",
            get(paperwork::personal_info_file),
        )
        .route(
            "/reports/personal-info-file/pdf",
            get(paperwork::personal_info_file_pdf),
        )
        .route(
            "/complaints",
            get(paperwork::complaint_list).post(paperwork::complaint_create),
        )
        .route("/complaints/new", get(paperwork::complaint_new))
        .route("/complaints/pdf", get(paperwork::complaint_pdf))
        .route(
            "/complaints/{id}",
            get(paperwork::complaint_edit).post(paperwork::complaint_update),
        )
        .route("/o/{code}/disclosure", get(paperwork::disclosure_page))
        .route(
            "/admin/retention",
            get(paperwork::retention_page).post(paperwork::retention_apply),
        )
        .route("/job-orders/{id}/breakdown", get(carving::breakdown))
        .route(
            "/employers/{id}/breakdown",
            get(carving::employer_breakdown),
        )
        .route("/breakdowns/{id}", post(carving::save))
        .route("/breakdowns/{id}/plans", post(carving::create_plan))
        .route("/carving-plans/{id}", get(carving::show_plan))
        .route(
            "/carving-plans/{id}/proposal.pdf",
            get(carving::proposal_pdf),
        )
        .route(
            "/carving-plans/{id}/job-orders",
            post(carving::create_orders),
        )
        .route("/admin", get(admin::home))
        .route(
            "/admin/office",
            get(admin::office_form).post(admin::office_save),
        )
        .route("/admin/users", get(admin::users).post(admin::user_create))
        .route("/admin/users/new", get(admin::user_new))
        .route(
            "/admin/users/{id}",
            get(admin::user_edit).post(admin::user_update),
        )
        .route("/admin/audit", get(admin::audit))
        .route("/admin/mail", get(admin::mail_queue))
        .route("/admin/mail/{id}/resend", post(admin::mail_resend))
        .route("/admin/refdata", get(admin::refdata))
        .route(
            "/admin/occupations",
            get(occupations::show).post(occupations::import),
        )
        .route("/admin/refdata/minimum-wages", post(admin::import_wages))
        .route(
            "/admin/refdata/minimum-wages/{fy}/confirm",
            post(admin::confirm_wages),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::csrf_layer,
        ));
    Router::new()
        .merge(pages)
        .merge(api::router())
        .route("/healthz", get(api::healthz))
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
