//! Pages for the office's staff (signed in with a staff session): records, referrals, papers,
//! administration.
pub mod account;
pub mod admin;
pub mod auth;
pub mod carving;
pub mod complaints;
pub mod employer_portal;
pub mod employers;
pub mod home;
pub mod job_orders;
pub mod ledgers;
pub mod notices;
pub mod occupations;
pub mod referrals;
pub mod rejection_review;
pub mod reports;
pub mod retention;
pub mod seekers;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(session_routes())
        .merge(records_routes())
        .merge(matching_routes())
        .merge(carving_routes())
        .merge(papers_routes())
        .merge(admin_routes())
}

/// Home, sign-in, first-run setup and the account settings.
fn session_routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/setup", get(auth::setup_form).post(auth::setup))
        .route("/settings", get(account::show))
        .route("/settings/password", post(account::change_password))
        .route("/settings/tokens", post(account::create_token))
        .route("/settings/tokens/{id}/revoke", post(account::revoke_token))
}

/// Employers, job orders, job seekers and referrals.
fn records_routes() -> Router<AppState> {
    Router::new()
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
        .route("/employers/{id}/portal", get(employer_portal::portal_page))
        .route(
            "/employers/{id}/portal-users",
            post(employer_portal::invite),
        )
        .route(
            "/employers/{id}/portal-users/{user}/deactivate",
            post(employer_portal::deactivate_user),
        )
        .route(
            "/employers/{id}/portal-users/{user}/activate",
            post(employer_portal::activate_user),
        )
        .route("/employers/{id}/merge", post(employer_portal::merge))
        .route("/employers/{id}/job-orders", post(job_orders::create))
        .route("/employers/{id}/job-orders/new", get(job_orders::new))
        .route("/job-orders", get(job_orders::list))
        .route("/job-orders/{id}", get(job_orders::show))
        .route(
            "/job-orders/{id}/edit",
            get(job_orders::edit).post(job_orders::update),
        )
        .route("/job-orders/{id}/reject", post(job_orders::reject))
        .route(
            "/job-orders/{id}/close",
            get(job_orders::close_confirm).post(job_orders::close),
        )
        .route("/job-orders/{id}/extend", post(job_orders::extend))
        .route("/job-orders/{id}/versions/{n}", get(job_orders::version))
        .route("/job-orders/{id}/diff", get(job_orders::diff))
        .route("/job-orders/{id}/sheet.pdf", get(job_orders::sheet_pdf))
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
        .route("/referrals", get(referrals::list).post(referrals::create))
        .route("/referrals/new", get(referrals::new))
        .route("/referrals/{id}", get(referrals::show))
        .route("/referrals/{id}/result", post(referrals::record_result))
        .route("/referrals/{id}/clear-flag", post(referrals::clear_flag))
        .route("/referrals/{id}/letter.pdf", get(referrals::letter_pdf))
}

/// Matching both ways, saved searches and follow-ups.
fn matching_routes() -> Router<AppState> {
    Router::new()
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
}

/// Job redesign: breakdowns, plans, the proposal and the orders they make.
fn carving_routes() -> Router<AppState> {
    Router::new()
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
}

/// Ledgers, reports, complaints, the notices and the rejection review.
fn papers_routes() -> Router<AppState> {
    Router::new()
        .route("/reports", get(reports::menu))
        .route("/reports/rejection-review", get(rejection_review::list))
        .route(
            "/reports/rejection-review/{id}",
            post(rejection_review::confirm),
        )
        .route("/ledgers/{kind}", get(ledgers::ledger))
        .route("/ledgers/{kind}/csv", get(ledgers::ledger_csv))
        .route("/ledgers/{kind}/pdf", get(ledgers::ledger_pdf))
        .route("/reports/annual", get(reports::annual))
        .route("/reports/annual/csv", get(reports::annual_csv))
        .route("/reports/annual/pdf", get(reports::annual_pdf))
        .route("/reports/monthly", get(reports::monthly))
        .route("/reports/monthly/csv", get(reports::monthly_csv))
        .route("/reports/disclosure.pdf", get(notices::disclosure_pdf))
        .route("/reports/notices/{kind}", get(notices::notice_pdf))
        .route(
            "/reports/personal-info-file",
            get(notices::personal_info_file),
        )
        .route(
            "/reports/personal-info-file/pdf",
            get(notices::personal_info_file_pdf),
        )
        .route(
            "/complaints",
            get(complaints::complaint_list).post(complaints::complaint_create),
        )
        .route("/complaints/new", get(complaints::complaint_new))
        .route("/complaints/pdf", get(complaints::complaint_pdf))
        .route(
            "/complaints/{id}",
            get(complaints::complaint_edit).post(complaints::complaint_update),
        )
}

/// Administration: office settings, staff, audit log, mail queue, reference data, retention.
fn admin_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/retention",
            get(retention::retention_page).post(retention::retention_apply),
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
}
