//! A staff member's own account: password and API tokens.
use super::auth::notice_text;
use super::home::NoticeQuery;
use crate::domain::accounts::Role;
use crate::error::AppResult;
use crate::present::format;
use crate::services::{api_tokens, staff_users};
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::session::Staff;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use templates::pages;

async fn render(
    state: &AppState,
    staff: &Staff,
    new_token: Option<&str>,
    errors: &FieldErrors,
    flash: Option<String>,
) -> AppResult<maud::Markup> {
    let tokens: Vec<pages::TokenRow> = api_tokens::list_for_user(&state.db, staff.user.id)
        .await?
        .into_iter()
        .map(|t| pages::TokenRow {
            id: t.id,
            name: t.name,
            created: format::datetime(t.created_at),
            last_used: t
                .last_used_at
                .map(format::datetime)
                .unwrap_or_else(|| "—".into()),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    let role = Role::parse(&staff.user.role).map(Role::label).unwrap_or("");
    let mut ctx = staff.ctx("settings");
    ctx.flash = flash;
    Ok(pages::account(
        &ctx,
        &staff.user.email,
        role,
        &tokens,
        new_token,
        errors.map(),
    ))
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    Ok(render(
        &state,
        &staff,
        None,
        &FieldErrors::new(),
        notice_text(q.notice.as_deref()),
    )
    .await?
    .into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirmation: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    staff: Staff,
    jar: axum_extra::extract::cookie::CookieJar,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    let current_session = jar
        .get(crate::web::session::SESSION_COOKIE)
        .map(|c| c.value().to_owned());
    let result = staff_users::change_own_password(
        &state.db,
        &staff.user,
        &f.current_password,
        &f.password,
        &f.password_confirmation,
        current_session.as_deref(),
    )
    .await;
    crate::web::respond::after_post(
        result,
        |()| "/settings?notice=password".to_owned(),
        |e| async move { render(&state, &staff, None, &e, None).await },
    )
    .await
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<TokenForm>,
) -> AppResult<Response> {
    let (_, token) = api_tokens::create(&state.db, &staff.actor(), &staff.user, &f.name).await?;
    Ok(
        render(&state, &staff, Some(&token), &FieldErrors::new(), None)
            .await?
            .into_response(),
    )
}

pub async fn revoke_token(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    api_tokens::revoke(&state.db, &staff.user, id).await?;
    Ok(Redirect::to("/settings?notice=revoked").into_response())
}
