//! Sign-in, sign-out and first-run setup.
use super::session::{CsrfToken, SESSION_COOKIE, cookie};
use crate::error::AppResult;
use crate::present::format;
use crate::services::ServiceError;
use crate::services::auth::SignInError;
use crate::services::offices::OfficeInput;
use crate::services::{auth, refdata, setup};
use crate::state::AppState;
use crate::validation::FieldErrors;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use serde::Deserialize;
use templates::pages;

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Is `next` a path of this site, safe to redirect to after sign-in?
///
/// Only a path that starts with a single `/`: no `//` (another host), no backslash (browsers
/// read `/\\evil` as `//evil`), no control character or white space (browsers drop tabs and
/// newlines, so `/\t/evil.example` becomes `//evil.example`; a newline would also break the
/// `Location` header), no percent-encoded slash, backslash or control character, and not
/// absurdly long. Checked before anything is done, so a bad `next` never fails a sign-in.
pub fn is_same_site_path(next: &str) -> bool {
    let lower = next.to_ascii_lowercase();
    next.starts_with('/')
        && !next.starts_with("//")
        && next.len() <= 2000
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace())
        && !lower.starts_with("/%2f")
        && !lower.starts_with("/%5c")
        && !lower.contains("%5c")
        && !lower.match_indices('%').any(|(i, _)| {
            matches!(lower.as_bytes().get(i + 1), Some(b'0' | b'1'))
                || lower[i..].starts_with("%7f")
        })
}

/// Only same-site paths: never redirect to another site after sign-in.
pub fn safe_next(next: &str) -> &str {
    if is_same_site_path(next) { next } else { "/" }
}

pub async fn login_form(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let pending = setup::needed(&state.db).await?;
    Ok(pages::login(&csrf, "", safe_next(&q.next), None, pending).into_response())
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
    super::session::ClientIp(client): super::session::ClientIp,
    jar: CookieJar,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(&f.next).to_owned();
    match auth::sign_in(&state.db, &state.settings, &f.email, &f.password, &client).await? {
        Ok(signed_in) => {
            if let Some(old) = jar.get(SESSION_COOKIE) {
                auth::sign_out(&state.db, old.value()).await?;
            }
            let jar = jar.add(cookie(
                SESSION_COOKIE,
                signed_in.session_token,
                state.settings.secure_cookies,
            ));
            Ok((jar, Redirect::to(&next)).into_response())
        }
        Err(e) => {
            let (status, msg) = match e {
                SignInError::Invalid => (
                    StatusCode::UNAUTHORIZED,
                    "メールアドレスまたはパスワードが正しくありません。".to_owned(),
                ),
                SignInError::Throttled { minutes } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    format!(
                        "ログインの失敗が続いたため、一時的にログインできません。{minutes}分ほど待ってから、もう一度お試しください。"
                    ),
                ),
            };
            Ok((
                status,
                pages::login(&csrf, &f.email, &next, Some(&msg), false),
            )
                .into_response())
        }
    }
}

pub async fn logout(State(state): State<AppState>, jar: CookieJar) -> AppResult<Response> {
    if let Some(c) = jar.get(SESSION_COOKIE) {
        auth::sign_out(&state.db, c.value()).await?;
    }
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, Redirect::to("/login")).into_response())
}

#[derive(Deserialize, Default)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

pub(crate) async fn office_choices(
    state: &AppState,
) -> AppResult<(Vec<(String, String)>, Vec<(String, String)>)> {
    let prefectures = refdata::prefectures(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    let rules = [
        "month_end+2",
        "month_end+1",
        "month_end+3",
        "days+60",
        "days+90",
    ]
    .iter()
    .filter_map(|c| crate::domain::validity::ValidityRule::from_code(c))
    .map(|r| (r.to_code(), r.to_string()))
    .collect();
    Ok((prefectures, rules))
}

fn render_setup(
    csrf: &str,
    input: &setup::SetupInput,
    prefectures: &[(String, String)],
    rules: &[(String, String)],
    errors: &FieldErrors,
) -> maud::Markup {
    let o = &input.office;
    pages::setup(
        csrf,
        &pages::SetupForm {
            token: &input.token,
            office: super::admin::office_form_view(o, prefectures, rules),
            admin_name: &input.admin_name,
            admin_email: &input.admin_email,
        },
        errors.map(),
    )
}

pub async fn setup_form(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    if !setup::needed(&state.db).await? {
        return Ok(Redirect::to("/login").into_response());
    }
    if !setup::token_valid(&state.db, &q.token).await? {
        // An old link (each start prints a new one) or a mistyped one: say where the valid
        // link is, in the same words whichever it was.
        return Ok((
            axum::http::StatusCode::NOT_FOUND,
            templates::layout::error_page(
                "この初期設定のリンクは使えません",
                "初期設定のリンクは、アプリを起動するたびに新しいものがコンソール（サーバーのログ）に表示され、古いリンクは使えなくなります。最後に表示されたリンクを開いてください。見つからない場合は、アプリを起動し直すと新しいリンクが表示されます。",
            ),
        )
            .into_response());
    }
    let (prefs, rules) = office_choices(&state).await?;
    let input = setup::SetupInput {
        token: q.token,
        office: OfficeInput::with_defaults("", "", ""),
        ..Default::default()
    };
    Ok(render_setup(&csrf, &input, &prefs, &rules, &FieldErrors::new()).into_response())
}

pub async fn setup(
    State(state): State<AppState>,
    CsrfToken(csrf): CsrfToken,
    jar: CookieJar,
    Form(input): Form<setup::SetupInput>,
) -> AppResult<Response> {
    match setup::complete(&state.db, &input).await {
        Ok(admin) => {
            let token = auth::start_session(&state.db, &state.settings, &admin).await?;
            let jar = jar.add(cookie(SESSION_COOKIE, token, state.settings.secure_cookies));
            tracing::info!(staff_user_id = admin.id, "first office and admin created");
            Ok((jar, Redirect::to("/?notice=setup")).into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            let (prefs, rules) = office_choices(&state).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render_setup(&csrf, &input, &prefs, &rules, &errors),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The notice shown after a redirect (`?notice=…`): fixed texts only.
pub fn notice_text(code: Option<&str>) -> Option<String> {
    let t = match code? {
        "setup" => "初期設定が完了しました。職員アカウントを追加しましょう。",
        "saved" => "保存しました。",
        "created" => "登録しました。",
        "password" => {
            "パスワードを変更しました。ほかの端末のログインと、すべてのAPIトークンは無効になりました。"
        }
        "revoked" => "トークンを失効させました。",
        "confirmed" => "確認済みにしました。",
        _ => return None,
    };
    Some(t.to_owned())
}

pub fn today_label() -> String {
    format::date(format::today())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths() {
        for ok in [
            "/",
            "/job-orders?page=2",
            "/portal/job-orders/3",
            "/a%20b",
            "/x?y=%E5%A4%A7",
        ] {
            assert!(is_same_site_path(ok), "{ok}");
        }
        for bad in [
            "",
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/%09/evil.example",
            "/%2F/evil.example",
            "/%5cevil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "/ok\r\nSet-Cookie: a=b",
            "/a b",
            "evil.example",
        ] {
            assert!(!is_same_site_path(bad), "{bad:?}");
        }
        assert_eq!(safe_next("//evil.example"), "/");
    }
}
