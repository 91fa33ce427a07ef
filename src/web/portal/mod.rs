//! The employers' portal (`/portal/…`): an employer's own sign-in, orders and referrals.
//! Every route is scoped to the signed-in employer: another employer's record is "not found".
pub mod auth;
pub mod job_orders;
pub mod referrals;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/forgot", get(auth::forgot_form).post(auth::forgot))
        .route("/portal/reset", get(auth::reset_form).post(auth::reset))
        .route("/portal", get(job_orders::home))
        .route("/portal/login", get(auth::login_form).post(auth::login))
        .route("/portal/logout", post(auth::logout))
        .route(
            "/portal/confirm",
            get(auth::confirm_form).post(auth::confirm),
        )
        .route("/portal/job-orders", post(job_orders::create))
        .route("/portal/job-orders/new", get(job_orders::new))
        .route("/portal/job-orders/{id}", get(job_orders::show))
        .route(
            "/portal/job-orders/{id}/edit",
            get(job_orders::edit).post(job_orders::update),
        )
        .route("/portal/job-orders/{id}/copy", post(job_orders::copy))
        .route("/portal/job-orders/{id}/stop", post(job_orders::stop))
        .route("/portal/referrals", get(referrals::list))
        .route("/portal/referrals/{id}", get(referrals::show))
        .route(
            "/portal/referrals/{id}/result",
            post(referrals::record_result),
        )
}
