//! HTTP helpers: JSON answers, CORS headers, body-extraction failures.

use axum::body::Body;
use axum::extract::rejection::BytesRejection;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A JSON answer with `status`.
pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            let mut r = Response::new(Body::from(bytes));
            *r.status_mut() = status;
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json;charset=utf-8"),
            );
            r
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The request's `Origin`, if present and printable.
#[must_use]
pub fn origin(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|s| !s.is_empty())
}

/// Whether the request's `Content-Type` is the media type `essence` (lower case, e.g. `application/json`),
/// whatever its parameters (`; charset=utf-8`) and letter case.
#[must_use]
pub fn content_type_is(headers: &HeaderMap, essence: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<mime::Mime>().ok())
        .is_some_and(|m| m.essence_str() == essence)
}

/// Adds `Access-Control-Allow-Origin: <origin>` (+ credentials) and `Vary: Origin`.
pub fn cors(mut r: Response, origin: Option<&str>, credentials: bool) -> Response {
    let h = r.headers_mut();
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(v) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        if credentials {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
    }
    r
}

/// Answer to a CORS preflight: the SDK's calls are CORS-simple, but a page adding headers still gets a
/// sensible answer.
pub fn preflight(headers: &HeaderMap, methods: &'static str, credentials: bool) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(methods),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type, x-pns-sim"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    cors(r, origin(headers), credentials)
}

/// The status and a plain-English reason for a body that could not be read (too large, broken stream).
#[must_use]
pub fn body_failure(rej: &BytesRejection) -> (StatusCode, String) {
    let status = rej.status();
    let why = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "the request body is larger than this endpoint accepts".to_owned()
    } else {
        format!("the request body could not be read: {}", rej.body_text())
    };
    (status, why)
}

/// A plain JSON error for endpoints without a domain-specific error shape.
#[derive(Serialize)]
pub struct PlainError<'a> {
    /// Machine-readable code.
    pub error: &'a str,
    /// Plain-English message.
    pub message: String,
}

/// A 4xx/5xx answer in the plain shape.
pub fn plain_error(status: StatusCode, error: &str, message: impl Into<String>) -> Response {
    json(
        status,
        &PlainError {
            error,
            message: message.into(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_type(ct: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(ct) {
            h.insert(header::CONTENT_TYPE, v);
        }
        h
    }

    #[test]
    fn content_types_compare_by_media_type_only() {
        let json = "application/json";
        assert!(content_type_is(&with_type("application/json"), json));
        assert!(content_type_is(
            &with_type("Application/JSON; charset=UTF-8"),
            json
        ));
        assert!(content_type_is(&with_type(" application/json "), json));
        assert!(!content_type_is(&with_type("application/jsonx"), json));
        assert!(!content_type_is(&with_type("text/plain"), json));
        assert!(!content_type_is(&with_type(""), json));
        assert!(!content_type_is(&HeaderMap::new(), json));
        let form = "application/x-www-form-urlencoded";
        assert!(content_type_is(
            &with_type("application/x-www-form-urlencoded; charset=utf-8"),
            form
        ));
        assert!(!content_type_is(&with_type("multipart/form-data"), form));
    }
}
