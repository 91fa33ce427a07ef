//! One gate for every text that reaches a handler: query strings, form bodies and JSON bodies
//! are checked before any handler (and so before the database) sees them.
//!
//! - No NUL and no other control character (C0, DEL, C1); tab, CR and LF only in multi-line
//!   fields (the text areas and the long-text columns, [`MULTI_LINE_FIELDS`]).
//! - A length limit per value: [`SINGLE_LINE_MAX`] characters, [`MULTI_LINE_MAX`] for
//!   multi-line fields — short enough for every index on PostgreSQL (a B-tree row holds at most
//!   2,704 bytes) and for the PDFs.
//! - Page numbers (`page=`) are whole numbers from 1 to [`MAX_PAGE`].
//! - Reference codes (prefecture, industry, occupation) must exist in the reference data.
//!
//! A page answers with the Japanese error page naming each field; the API answers 422 with
//! `{"errors":[{"field","code","message"}]}` like every other invalid input.
use crate::error::{ApiError, AppError};
use crate::services::refdata;
use crate::state::AppState;
use crate::validation::FieldErrors;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The longest value of a one-line field, in characters.
pub const SINGLE_LINE_MAX: usize = 500;
/// The longest value of a multi-line field, in characters.
pub const MULTI_LINE_MAX: usize = 10_000;
/// The highest page number any list accepts.
pub const MAX_PAGE: u64 = 10_000;
/// The largest form or JSON body read for checking (the body limit of the app).
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Fields that hold several lines of text (text areas, long-text columns).
pub const MULTI_LINE_FIELDS: &[&str] = &[
    "assessment",
    "body",
    "business_description",
    "capacity",
    "complaint_handling",
    "description",
    "disability_notes",
    "documents",
    "education",
    "interview",
    "job_description",
    "labor_dispute_note",
    "licenses",
    "names",
    "note",
    "notes",
    "outcome",
    "pr",
    "privacy_policy",
    "reason",
    "rejection_reason",
    "response",
    "result_note",
    "scope_of_handling",
    "subject",
    "summary",
    "work_history",
];

/// Fields holding a code of the reference data, and which table it must be in.
const CODE_FIELDS: &[(&str, refdata::CodeKind)] = &[
    ("prefecture_code", refdata::CodeKind::Prefecture),
    ("workplace_prefecture_code", refdata::CodeKind::Prefecture),
    ("industry_code", refdata::CodeKind::Industry),
    ("occupation_code", refdata::CodeKind::Occupation),
];

/// Is `field` (a form name, a JSON key, or `task3_description`) a multi-line field?
pub fn is_multi_line(field: &str) -> bool {
    let base = field.rsplit(['.', ']']).next().unwrap_or(field);
    MULTI_LINE_FIELDS
        .iter()
        .any(|m| base == *m || base.ends_with(&format!("_{m}")))
}

/// Add the problems of one value to `errors`.
pub fn check_value(errors: &mut FieldErrors, field: &str, value: &str) {
    let multi = is_multi_line(field);
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        errors.add_coded(
            field,
            "control_character",
            "使用できない制御文字が含まれています",
        );
    } else if !multi && value.contains(['\t', '\n', '\r']) {
        errors.add_coded(
            field,
            "control_character",
            "改行やタブは入力できません（1行で入力してください）",
        );
    }
    let max = if multi {
        MULTI_LINE_MAX
    } else {
        SINGLE_LINE_MAX
    };
    if value.chars().count() > max {
        errors.add_coded(
            field,
            "too_long",
            format!("{max}文字以内で入力してください"),
        );
    }
}

/// A page number must be a whole number from 1 to [`MAX_PAGE`] (or empty).
pub fn check_page(errors: &mut FieldErrors, field: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    match value.parse::<u64>() {
        Ok(n) if (1..=MAX_PAGE).contains(&n) => {}
        _ => errors.add_coded(
            field,
            "page_out_of_range",
            format!("ページ番号は1から{MAX_PAGE}までの数字で指定してください"),
        ),
    }
}

fn check_pairs(
    errors: &mut FieldErrors,
    codes: &mut Vec<(String, String)>,
    pairs: &[(String, String)],
) {
    for (k, v) in pairs {
        check_value(errors, k, v);
        if k == "page" {
            check_page(errors, k, v);
        }
        if !k.is_empty() && CODE_FIELDS.iter().any(|(f, _)| f == k) && !v.is_empty() {
            codes.push((k.clone(), v.clone()));
        }
    }
}

fn walk_json(
    errors: &mut FieldErrors,
    codes: &mut Vec<(String, String)>,
    path: &str,
    key: &str,
    v: &serde_json::Value,
) {
    match v {
        serde_json::Value::String(s) => {
            check_value(errors, if path.is_empty() { "body" } else { path }, s);
            if CODE_FIELDS.iter().any(|(f, _)| *f == key) && !s.is_empty() {
                codes.push((key.to_owned(), s.clone()));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_json(errors, codes, &format!("{path}[{i}]"), key, item);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, item) in map {
                // Keys are checked as one-line text too.
                check_value(errors, "key", k);
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk_json(errors, codes, &p, k, item);
            }
        }
        serde_json::Value::Number(n) if key == "page" => {
            check_page(errors, path, &n.to_string());
        }
        _ => {}
    }
}

fn pairs_of(bytes: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes).unwrap_or_default()
}

/// Does the percent-decoded path hold a control character?
fn path_has_control(path: &str) -> bool {
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let mut b = bytes[i];
        if b == b'%'
            && i + 2 < bytes.len()
            && let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            b = v;
            i += 2;
        }
        if b < 0x20 || b == 0x7f {
            return true;
        }
        i += 1;
    }
    false
}

fn refuse(is_api: bool, errors: FieldErrors) -> Response {
    if is_api {
        ApiError(AppError::Invalid(errors)).into_response()
    } else {
        AppError::Invalid(errors).into_response()
    }
}

/// The middleware: check, then hand the (unchanged) request on.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    if path_has_control(req.uri().path()) {
        return if is_api {
            ApiError(AppError::NotFound).into_response()
        } else {
            AppError::NotFound.into_response()
        };
    }
    let mut errors = FieldErrors::new();
    let mut codes = Vec::new();
    if let Some(q) = req.uri().query() {
        check_pairs(&mut errors, &mut Vec::new(), &pairs_of(q.as_bytes()));
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    let is_json = content_type.starts_with("application/json");
    let req = if is_form || is_json {
        let (parts, body) = req.into_parts();
        let bytes = match to_bytes(body, MAX_BODY_BYTES).await {
            Ok(b) => b,
            Err(_) => {
                return refuse(is_api, {
                    let mut e = FieldErrors::new();
                    e.add_coded("body", "too_large", "送信内容が大きすぎます");
                    e
                });
            }
        };
        if is_form {
            check_pairs(&mut errors, &mut codes, &pairs_of(&bytes));
        } else if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            walk_json(&mut errors, &mut codes, "", "", &v);
        }
        Request::from_parts(parts, Body::from(bytes))
    } else {
        req
    };
    if errors.is_empty() {
        for (field, code) in codes {
            let kind = CODE_FIELDS
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, k)| *k)
                .unwrap_or(refdata::CodeKind::Prefecture);
            match refdata::code_exists(&state.db, kind, &code).await {
                Ok(true) => {}
                Ok(false) => errors.add_coded(
                    &field,
                    "unknown_code",
                    format!("{}のコードが参照データにありません", kind.label()),
                ),
                Err(e) => {
                    return if is_api {
                        ApiError(AppError::Db(e)).into_response()
                    } else {
                        AppError::Db(e).into_response()
                    };
                }
            }
        }
    }
    if !errors.is_empty() {
        return refuse(is_api, errors);
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(field: &str, value: &str) -> Vec<String> {
        let mut e = FieldErrors::new();
        check_value(&mut e, field, value);
        e.entries().into_iter().map(|(_, c, _)| c).collect()
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(problems("name", "山田\0太郎"), ["control_character"]);
        assert_eq!(problems("name", "山田\u{1b}[31m"), ["control_character"]);
        assert_eq!(problems("name", "山田\u{85}"), ["control_character"]);
        assert_eq!(problems("name", "山田\n太郎"), ["control_character"]);
        assert_eq!(problems("q", "a\tb"), ["control_character"]);
        assert!(problems("notes", "1行目\r\n2行目\tタブ").is_empty());
        assert_eq!(problems("notes", "1行目\0"), ["control_character"]);
        assert!(problems("task3_description", "手順\n2").is_empty());
        assert!(problems("tasks[0].description", "手順\n2").is_empty());
    }

    #[test]
    fn lengths_are_bounded() {
        assert!(problems("name", &"あ".repeat(SINGLE_LINE_MAX)).is_empty());
        assert_eq!(
            problems("name", &"あ".repeat(SINGLE_LINE_MAX + 1)),
            ["too_long"]
        );
        assert!(problems("notes", &"あ".repeat(MULTI_LINE_MAX)).is_empty());
        assert_eq!(
            problems("notes", &"あ".repeat(MULTI_LINE_MAX + 1)),
            ["too_long"]
        );
    }

    #[test]
    fn page_numbers_are_bounded() {
        for ok in ["", "1", "10000"] {
            let mut e = FieldErrors::new();
            check_page(&mut e, "page", ok);
            assert!(e.is_empty(), "{ok}");
        }
        for bad in [
            "0",
            "10001",
            "307445734561825862",
            "-1",
            "x",
            "99999999999999999999999",
        ] {
            let mut e = FieldErrors::new();
            check_page(&mut e, "page", bad);
            assert!(!e.is_empty(), "{bad}");
        }
    }

    #[test]
    fn encoded_control_characters_in_paths() {
        assert!(path_has_control("/o/%00/jobs"));
        assert!(path_has_control("/o/a%0Ab/jobs"));
        assert!(!path_has_control("/o/%E5%A4%A7/jobs"));
        assert!(!path_has_control("/o/abc/jobs%"));
        assert!(!path_has_control("/o/abc/jobs%2"));
    }
}
