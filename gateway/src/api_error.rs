//! The OpenAPI error answer (`Code`, `Message`, `Recommend`), shared by the number-verification actions
//! (`openapi`) and the SMS actions (`sms::api`), so neither handler module imports the other.

use crate::http::json;
use crate::signing::AuthError;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

/// An OpenAPI error: HTTP status, `Code`, `Message`, optional `Recommend`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    recommend: Option<&'static str>,
}

impl ApiError {
    pub(crate) fn new(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            recommend: None,
        }
    }

    /// A business outcome (`isv.*`): HTTP 200 with `Code` ≠ `OK`, as the platform answers them (the vendor
    /// clients return them as a normal response whose `body.code` carries the code).
    pub(crate) fn isv(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::OK, code, message)
    }

    pub(crate) fn missing(name: &str) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "MissingParameter",
            format!("The input parameter \"{name}\" that is mandatory for processing this request is not supplied."),
        )
    }

    fn hint(mut self, recommend: &'static str) -> ApiError {
        self.recommend = Some(recommend);
        self
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> ApiError {
        let bad = StatusCode::BAD_REQUEST;
        match e {
            AuthError::Missing(name) => ApiError::missing(&name),
            AuthError::Duplicate(m) | AuthError::Invalid(m) => {
                ApiError::new(bad, "InvalidParameter", m)
            }
            AuthError::TimestampFormat(m) => ApiError::new(bad, "InvalidTimeStamp.Format", m),
            AuthError::TimestampExpired(m) => ApiError::new(bad, "InvalidTimeStamp.Expired", m)
                .hint("Sign with the current UTC time; the gateway accepts 15 minutes either way."),
            AuthError::UnknownKey(m) => {
                ApiError::new(StatusCode::NOT_FOUND, "InvalidAccessKeyId.NotFound", m)
            }
            AuthError::Mismatch(m) => ApiError::new(bad, "SignatureDoesNotMatch", m).hint(
                "Check the AccessKeySecret and compare your string to sign with the server's.",
            ),
            AuthError::NonceUsed(m) => ApiError::new(bad, "SignatureNonceUsed", m)
                .hint("Use a fresh SignatureNonce (e.g. a UUID) for every request."),
            AuthError::Incomplete(m) => ApiError::new(bad, "IncompleteSignature", m),
            AuthError::UnsupportedMethod(m) => ApiError::new(bad, "InvalidSignatureMethod", m),
            AuthError::Throttled => ApiError::new(
                StatusCode::BAD_REQUEST,
                "Throttling.User",
                "Request was denied due to user flow control.",
            ),
            AuthError::StoreFull(n) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                format!(
                    "The gateway's nonce store holds its maximum of {n} entries; retry shortly."
                ),
            ),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorBody<'a> {
    request_id: &'a str,
    host_id: &'a str,
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    recommend: Option<&'a str>,
}

/// The platform's error body for `e`, with the request id and the host that answered.
pub(crate) fn error_response(e: &ApiError, rid: &str, host: &str) -> Response {
    json(
        e.status,
        &ErrorBody {
            request_id: rid,
            host_id: host,
            code: e.code,
            message: &e.message,
            recommend: e.recommend,
        },
    )
}
