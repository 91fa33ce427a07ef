//! Who is asking: the session cookie → a signed-in staff user (pages), a bearer token → a user
//! (API); and the CSRF defence for every unsafe request (a token bound to the session, plus an
//! Origin check).
use crate::error::AppError;
use crate::services::{api_tokens, auth, offices};
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, Method, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use entity::{office, staff_user};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use templates::layout::PageCtx;

pub const SESSION_COOKIE: &str = "tsunagu_session";
pub const CSRF_COOKIE: &str = "tsunagu_csrf";
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;
/// The largest multipart upload read for its CSRF field (the app's body limit).
const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;

/// The CSRF token for this request's forms.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("csrf layer missing")))
    }
}

fn csrf_for(secret: &[u8], seed: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("any key length");
    mac.update(b"csrf:");
    mac.update(seed.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

/// Does the Origin (or, without it, the Referer) name this host?
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|h| h.to_str().ok());
    match (source, host) {
        (None, _) => true,
        (Some("null"), _) => false,
        (Some(src), Some(host)) => {
            let without_scheme = src.split("://").nth(1).unwrap_or("");
            without_scheme.split('/').next() == Some(host)
        }
        (Some(_), None) => false,
    }
}

fn refuse(detail: &str) -> Response {
    (
        axum::http::StatusCode::FORBIDDEN,
        templates::layout::error_page("送信を受け付けられませんでした", detail),
    )
        .into_response()
}

/// The CSRF layer for everything but `/api` (which uses bearer tokens, not cookies).
pub async fn csrf_layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let mut new_seed = None;
    let seed = match (jar.get(SESSION_COOKIE), jar.get(CSRF_COOKIE)) {
        (Some(s), _) => s.value().to_owned(),
        (None, Some(c)) => c.value().to_owned(),
        (None, None) => {
            let s = crate::services::random_token();
            new_seed = Some(s.clone());
            s
        }
    };
    let expected = csrf_for(&state.secret, &seed);
    let (mut parts, body) = req.into_parts();
    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    let is_api = parts.uri.path().starts_with("/api/");
    let body = if unsafe_method && !is_api {
        if !same_origin(&parts.headers) {
            return refuse("別のサイトから送信されたため、処理を中止しました。");
        }
        let from_header = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        // Never from the query string: a token in a URL leaks through logs, history and the
        // Referer header. Forms send it as a field (also in multipart uploads), scripts as a
        // header.
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let is_form = content_type.starts_with("application/x-www-form-urlencoded");
        let boundary = multipart_boundary(&content_type);
        let (body, from_form) = if is_form || boundary.is_some() {
            let limit = if is_form {
                MAX_FORM_BYTES
            } else {
                MAX_UPLOAD_BYTES
            };
            match to_bytes(body, limit).await {
                Ok(b) => {
                    let v = match &boundary {
                        Some(boundary) => multipart_value(&b, boundary, "_csrf"),
                        None => form_urlencoded_value(&b, "_csrf"),
                    };
                    (Body::from(b), v)
                }
                Err(_) => return refuse("送信内容が大きすぎます。"),
            }
        } else {
            (body, None)
        };
        let given = from_header.or(from_form);
        if !given.is_some_and(|g| constant_time_eq(&g, &expected)) {
            return refuse(
                "フォームの有効期限が切れたか、不正な送信です。ページを再読み込みしてから、もう一度送信してください。",
            );
        }
        body
    } else {
        body
    };
    parts.extensions.insert(CsrfToken(expected));
    let mut res = next.run(Request::from_parts(parts, body)).await;
    if let Some(seed) = new_seed {
        let c = cookie(CSRF_COOKIE, seed, state.settings.secure_cookies);
        if let Ok(v) = c.to_string().parse() {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// The boundary of a `multipart/form-data` content type.
fn multipart_boundary(content_type: &str) -> Option<String> {
    if !content_type
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        return None;
    }
    content_type.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|b| !b.is_empty())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The value of a plain (non-file) field of a multipart body.
fn multipart_value(body: &[u8], boundary: &str, key: &str) -> Option<String> {
    let delimiter = format!("--{boundary}");
    let wanted = format!("name=\"{key}\"");
    let mut rest = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        let part = rest.strip_prefix(b"\r\n")?;
        let header_end = find(part, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&part[..header_end]).ok()?;
        let is_wanted = headers.lines().any(|l| {
            l.to_ascii_lowercase().starts_with("content-disposition:")
                && l.split(';').any(|p| p.trim() == wanted)
        });
        if is_wanted {
            let value = &part[header_end + 4..];
            let end = find(value, delimiter.as_bytes()).unwrap_or(value.len());
            let value = &value[..end];
            let value = value.strip_suffix(b"\r\n").unwrap_or(value);
            return std::str::from_utf8(value).ok().map(|v| v.trim().to_owned());
        }
    }
    None
}

fn form_urlencoded_value(bytes: &[u8], key: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// The client's IP address, for rate limits: the peer address, or behind a trusted reverse
/// proxy (`TSUNAGU_TRUST_PROXY`) the last `X-Forwarded-For` entry (the one the proxy added;
/// earlier entries are the client's to forge). `unknown` when neither is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.settings.trust_proxy
            && let Some(ip) = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok())
        {
            return Ok(ClientIp(ip.to_string()));
        }
        Ok(ClientIp(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_else(|| "unknown".to_owned()),
        ))
    }
}

/// A signed-in staff member (any role) with their office.
#[derive(Clone, Debug)]
pub struct Staff {
    pub user: staff_user::Model,
    pub office: office::Model,
    pub csrf: String,
}

impl Staff {
    pub fn is_admin(&self) -> bool {
        crate::domain::accounts::Role::parse(&self.user.role).is_some_and(|r| r.is_admin())
    }
    /// A システム管理者: may change the deployment's reference data.
    pub fn is_system_admin(&self) -> bool {
        crate::domain::accounts::Role::parse(&self.user.role).is_some_and(|r| r.is_system())
    }
    pub fn actor(&self) -> crate::services::Actor {
        crate::services::Actor::staff(&self.user)
    }
    pub fn ctx(&self, section: &'static str) -> PageCtx {
        PageCtx {
            office_name: Some(self.office.name.clone()),
            user_name: Some(self.user.name.clone()),
            is_admin: self.is_admin(),
            csrf: self.csrf.clone(),
            section,
            flash: None,
            flash_warning: false,
            portal: false,
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthorized = || AppError::Unauthorized {
            next: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
        };
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
            return Err(unauthorized());
        };
        let Some(user) = auth::session_user(&state.db, &state.settings, &token).await? else {
            return Err(unauthorized());
        };
        let office = offices::get(&state.db, user.office_id).await?;
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|c| c.0.clone())
            .unwrap_or_default();
        Ok(Staff { user, office, csrf })
    }
}

/// A signed-in admin; staff get "権限がありません".
#[derive(Clone, Debug)]
pub struct Admin(pub Staff);

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let staff = Staff::from_request_parts(parts, state).await?;
        if staff.is_admin() {
            Ok(Admin(staff))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// A signed-in システム管理者 (deployment-level reference data); anyone else gets
/// "権限がありません".
#[derive(Clone, Debug)]
pub struct SystemAdmin(pub Staff);

impl FromRequestParts<AppState> for SystemAdmin {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let staff = Staff::from_request_parts(parts, state).await?;
        if staff.is_system_admin() {
            Ok(SystemAdmin(staff))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// A user of the JSON API, by `Authorization: Bearer <token>`.
#[derive(Clone, Debug)]
pub struct ApiUser {
    pub user: staff_user::Model,
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = crate::error::ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_owned);
        let Some(token) = token else {
            return Err(AppError::Unauthorized {
                next: String::new(),
            }
            .into());
        };
        match api_tokens::authenticate(&state.db, &token).await? {
            Some(user) => Ok(ApiUser { user }),
            None => Err(AppError::Unauthorized {
                next: String::new(),
            }
            .into()),
        }
    }
}

pub const PORTAL_COOKIE: &str = "tsunagu_portal";

/// A signed-in employer contact person (employer portal), with their employer and office.
#[derive(Clone, Debug)]
pub struct PortalUser {
    pub user: entity::employer_user::Model,
    pub employer: entity::employer::Model,
    pub office: office::Model,
    pub csrf: String,
}

impl PortalUser {
    pub fn actor(&self) -> crate::services::Actor {
        crate::services::portal::actor(&self.user)
    }
    pub fn ctx(&self, section: &'static str) -> PageCtx {
        PageCtx {
            office_name: Some(self.office.name.clone()),
            user_name: Some(self.user.name.clone()),
            is_admin: false,
            csrf: self.csrf.clone(),
            section,
            flash: None,
            flash_warning: false,
            portal: true,
        }
    }
}

impl FromRequestParts<AppState> for PortalUser {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthorized = || AppError::PortalUnauthorized {
            next: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/portal".into()),
        };
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(token) = jar.get(PORTAL_COOKIE).map(|c| c.value().to_owned()) else {
            return Err(unauthorized());
        };
        let Some(user) =
            crate::services::portal::session_user(&state.db, &state.settings, &token).await?
        else {
            return Err(unauthorized());
        };
        let employer =
            crate::services::employers::get(&state.db, user.office_id, user.employer_id).await?;
        let office = offices::get(&state.db, user.office_id).await?;
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|c| c.0.clone())
            .unwrap_or_default();
        Ok(PortalUser {
            user,
            employer,
            office,
            csrf,
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_field_of_a_multipart_upload() {
        let body = b"--XB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"_csrf\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n--XB\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc123\r\n--XB--\r\n";
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=XB").as_deref(),
            Some("XB")
        );
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=\"XB\"").as_deref(),
            Some("XB")
        );
        assert_eq!(multipart_boundary("application/json"), None);
        assert_eq!(
            multipart_value(body, "XB", "_csrf").as_deref(),
            Some("abc123")
        );
        assert_eq!(multipart_value(body, "XB", "other"), None);
    }

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
