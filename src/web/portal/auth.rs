//! The employer portal's sign-in: sign-in and -out, confirming an invitation, a forgotten password.
use crate::error::{AppError, AppResult};
use crate::services::ServiceError;
use crate::services::portal::{self, PortalSignIn};
use crate::state::AppState;
use crate::web::session::{CsrfToken, PORTAL_COOKIE, cookie};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use axum_extra::extract::cookie::{Cookie, CookieJar};
use serde::Deserialize;
use templates::public;

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    pub notice: Option<String>,
}

fn safe_next(next: &str) -> &str {
    if next.starts_with("/portal") && crate::web::session::is_same_site_path(next) {
        next
    } else {
        "/portal"
    }
}

pub async fn login_form(CsrfToken(csrf): CsrfToken, Query(q): Query<LoginQuery>) -> Response {
    public::portal_login(&csrf, "", safe_next(&q.next), None).into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    crate::web::session::ClientIp(client): crate::web::session::ClientIp,
    jar: CookieJar,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(&f.next).to_owned();
    match portal::sign_in(&state.db, &state.settings, &f.email, &f.password, &client).await? {
        PortalSignIn::Ok { session_token, .. } => {
            if let Some(old) = jar.get(PORTAL_COOKIE) {
                portal::sign_out(&state.db, old.value()).await?;
            }
            let jar = jar.add(cookie(PORTAL_COOKIE, session_token, state.settings.secure_cookies));
            Ok((jar, Redirect::to(&next)).into_response())
        }
        PortalSignIn::Invalid => Ok((
            StatusCode::UNAUTHORIZED,
            public::portal_login(&csrf, &f.email, &next, Some("メールアドレスまたはパスワードが正しくありません。メールアドレスの確認がお済みでない場合は、確認メールのリンクからパスワードを設定してください。")),
        )
            .into_response()),
        PortalSignIn::Throttled { minutes } => Ok((
            StatusCode::TOO_MANY_REQUESTS,
            public::portal_login(&csrf, &f.email, &next, Some(&format!("ログインの失敗が続いたため、一時的にログインできません。{minutes}分ほど待ってから、もう一度お試しください。"))),
        )
            .into_response()),
    }
}

pub async fn logout(State(state): State<AppState>, jar: CookieJar) -> AppResult<Response> {
    if let Some(c) = jar.get(PORTAL_COOKIE) {
        portal::sign_out(&state.db, c.value()).await?;
    }
    Ok((
        jar.remove(Cookie::build(PORTAL_COOKIE).path("/")),
        Redirect::to("/portal/login"),
    )
        .into_response())
}

#[derive(Deserialize, Default)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

pub async fn confirm_form(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let user = portal::user_for_token(&state.db, &q.token)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(public::portal_confirm(&csrf, &q.token, &user.email, &Default::default()).into_response())
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirmation: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    crate::web::session::ClientIp(client): crate::web::session::ClientIp,
    Form(f): Form<ConfirmForm>,
) -> AppResult<Response> {
    match portal::confirm(&state.db, &f.token, &f.password, &f.password_confirmation).await {
        Ok(user) => {
            // Sign in right away with the new password.
            match portal::sign_in(
                &state.db,
                &state.settings,
                &user.email,
                &f.password,
                &client,
            )
            .await?
            {
                PortalSignIn::Ok { session_token, .. } => {
                    let jar = CookieJar::new().add(cookie(
                        PORTAL_COOKIE,
                        session_token,
                        state.settings.secure_cookies,
                    ));
                    Ok((jar, Redirect::to("/portal?notice=confirmed")).into_response())
                }
                _ => Ok(Redirect::to("/portal/login").into_response()),
            }
        }
        Err(ServiceError::Invalid(e)) => {
            let email = portal::user_for_token(&state.db, &f.token)
                .await?
                .map(|u| u.email)
                .unwrap_or_default();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                public::portal_confirm(&csrf, &f.token, &email, e.map()),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

#[derive(Deserialize, Default)]
pub struct SentQuery {
    #[serde(default)]
    sent: Option<String>,
}

pub async fn forgot_form(CsrfToken(csrf): CsrfToken, Query(q): Query<SentQuery>) -> Response {
    public::portal_forgot(&csrf, "", q.sent.is_some(), &Default::default()).into_response()
}

/// Always the same answer, whether the address is registered or not.
pub async fn forgot(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Form(f): Form<EmailForm>,
) -> AppResult<Response> {
    match portal::request_password_reset(&state.db, &f.email).await {
        Ok(()) => Ok(Redirect::to("/portal/forgot?sent=1").into_response()),
        Err(ServiceError::Invalid(e)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            public::portal_forgot(&csrf, &f.email, false, e.map()),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

fn reset_link_invalid() -> Response {
    (
        StatusCode::NOT_FOUND,
        public::portal_link_invalid(
            "パスワードの再設定",
            "/portal/forgot",
            "再設定のメールをもう一度送る",
        ),
    )
        .into_response()
}

pub async fn reset_form(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let Some(user) = portal::user_for_reset_token(&state.db, &q.token).await? else {
        return Ok(reset_link_invalid());
    };
    Ok(public::portal_reset(&csrf, &q.token, &user.email, &Default::default()).into_response())
}

/// A new password by a reset link: every session of the account ends, so the page says to sign
/// in again.
pub async fn reset(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Form(f): Form<ConfirmForm>,
) -> AppResult<Response> {
    match portal::reset_password(&state.db, &f.token, &f.password, &f.password_confirmation).await {
        Ok(_) => Ok(public::portal_reset_done().into_response()),
        Err(ServiceError::Invalid(e)) => {
            let email = portal::user_for_reset_token(&state.db, &f.token)
                .await?
                .map(|u| u.email)
                .unwrap_or_default();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                public::portal_reset(&csrf, &f.token, &email, e.map()),
            )
                .into_response())
        }
        Err(ServiceError::NotFound) => Ok(reset_link_invalid()),
        Err(e) => Err(e.into()),
    }
}
