//! Requests whose body, query or path cannot be read. axum's extractors answer those with a
//! plain-text English message from the deserializer ("missing field `occupation_title`"); this
//! layer turns every such answer into what the rest of the app speaks: under `/api` a 422 with
//! `{errors:[{field, code, message}]}` in Japanese, on pages a Japanese error page (404 for a
//! path that names no record). One rule for every extractor, so no handler can forget it.
use crate::error::{ApiError, AppError};
use crate::validation::FieldErrors;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Rejections are short; a body longer than this is not one.
const MAX_REJECTION_BYTES: usize = 4096;

pub async fn readable_rejections(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let status = res.status();
    if !matches!(
        status,
        StatusCode::BAD_REQUEST
            | StatusCode::UNPROCESSABLE_ENTITY
            | StatusCode::UNSUPPORTED_MEDIA_TYPE
    ) || !res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"))
    {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_REJECTION_BYTES).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let text = String::from_utf8_lossy(&bytes);
    let rejection = Rejection::parse(&text);
    if is_api {
        let mut e = FieldErrors::new();
        e.add_coded(&rejection.field, rejection.code, rejection.message.clone());
        let mut res = ApiError(AppError::Invalid(e)).into_response();
        if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
            *res.status_mut() = status;
        }
        res
    } else if rejection.code == "path" {
        AppError::NotFound.into_response()
    } else {
        let mut res = AppError::BadRequest(rejection.page_message()).into_response();
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        res
    }
}

/// What a rejection says, in the app's words.
#[derive(Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The field (a JSON path such as `shifts[0].start`), or empty for the whole request.
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

impl Rejection {
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        if text.starts_with("Invalid URL") || text.contains("Cannot parse") {
            return Self::whole("path", "URLの形式が正しくありません。");
        }
        if text.starts_with("Expected request with `Content-Type") {
            return Self::whole(
                "content_type",
                "Content-Type: application/json で送信してください。",
            );
        }
        if text.starts_with("Failed to parse the request body as JSON") {
            return Self::whole("unreadable", "本文をJSONとして読み取れません。");
        }
        if text.starts_with("Failed to buffer") || text.contains("length limit") {
            return Self::whole("too_large", "本文が大きすぎます。");
        }
        // "<what>: <path>: <serde message>" (JSON, through serde_path_to_error) or
        // "<what>: <serde message>" (query strings and forms).
        let detail = text.split_once(": ").map(|(_, d)| d).unwrap_or(text);
        let (path, msg) = match detail.split_once(": ") {
            Some((p, m)) if !p.contains(' ') => (p.trim_start_matches('.'), m),
            _ => ("", detail),
        };
        let msg = msg.split(" at line ").next().unwrap_or(msg);
        let backticked = || msg.split('`').nth(1).map(str::to_owned).unwrap_or_default();
        let join = |name: String| -> String {
            match (path.is_empty(), name.is_empty()) {
                (true, _) => name,
                (false, true) => path.to_owned(),
                (false, false) => format!("{path}.{name}"),
            }
        };
        if msg.starts_with("missing field") {
            let field = join(backticked());
            return Self {
                message: format!("「{field}」がありません。必須の項目です。"),
                field,
                code: "required",
            };
        }
        if msg.starts_with("unknown field") {
            let field = join(backticked());
            return Self {
                message: format!("「{field}」という項目はありません。"),
                field,
                code: "unknown_field",
            };
        }
        if msg.starts_with("invalid type") || msg.starts_with("invalid value") {
            let expected = msg.split("expected ").nth(1).unwrap_or("").trim();
            return Self {
                field: path.to_owned(),
                code: "invalid_type",
                message: format!("値の形式が正しくありません（期待される形式: {expected}）。"),
            };
        }
        if msg.starts_with("unknown variant") {
            return Self {
                field: path.to_owned(),
                code: "unknown_value",
                message: "選べない値です。".into(),
            };
        }
        if msg.contains("invalid digit") || msg.contains("too large") || msg.contains("too small") {
            return Self {
                field: path.to_owned(),
                code: "invalid_number",
                message: "数値として読み取れないか、範囲外です。".into(),
            };
        }
        Self {
            field: path.to_owned(),
            code: "unreadable",
            message: "リクエストの内容を読み取れません。".into(),
        }
    }

    fn whole(code: &'static str, message: &str) -> Self {
        Self {
            field: String::new(),
            code,
            message: message.into(),
        }
    }

    /// For a page: which part was wrong, in one sentence.
    fn page_message(&self) -> String {
        if self.field.is_empty() {
            format!(
                "{}URLやフォームを確認して、もう一度お試しください。",
                self.message
            )
        } else {
            format!(
                "{}（{}）URLやフォームを確認して、もう一度お試しください。",
                self.message, self.field
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_json_field_names_the_field() {
        let r = Rejection::parse(
            "Failed to deserialize the JSON body into the target type: missing field `occupation_title` at line 1 column 2",
        );
        assert_eq!(r.field, "occupation_title");
        assert_eq!(r.code, "required");
        assert!(r.message.contains("必須"));
    }

    #[test]
    fn nested_json_path_is_kept() {
        let r = Rejection::parse(
            "Failed to deserialize the JSON body into the target type: shifts[0]: invalid type: string \"x\", expected u32 at line 1 column 20",
        );
        assert_eq!(r.field, "shifts[0]");
        assert_eq!(r.code, "invalid_type");
        let r = Rejection::parse(
            "Failed to deserialize the JSON body into the target type: terms: missing field `start` at line 1 column 9",
        );
        assert_eq!(r.field, "terms.start");
    }

    #[test]
    fn query_strings_and_paths() {
        let r = Rejection::parse("Failed to deserialize query string: missing field `from`");
        assert_eq!((r.field.as_str(), r.code), ("from", "required"));
        let r = Rejection::parse(
            "Failed to deserialize query string: page: invalid digit found in string",
        );
        assert_eq!((r.field.as_str(), r.code), ("page", "invalid_number"));
        let r = Rejection::parse("Invalid URL: Cannot parse `abc` to a `i32`");
        assert_eq!(r.code, "path");
    }
}
