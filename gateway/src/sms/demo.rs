//! The sample backend's SMS fallback (`/demo-backend/sms/send`, `/demo-backend/sms/check`): what a page's own
//! server does when number verification cannot run — `SendSmsVerifyCode` with the demo sign name and template,
//! then `CheckSmsVerifyCode` with the code the person typed, both signed with the demo AccessKey. Bodies are JSON
//! sent as `Content-Type: application/json` (else 415).

use crate::demo_backend::{call, code_message, parse};
use crate::http::json;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State as AxState;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json as j;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SendRequest {
    phone_number: String,
}

/// `POST /demo-backend/sms/send {phoneNumber}` → `{code, message, bizId}`.
pub async fn send(
    AxState(state): AxState<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if let Err(r) = super::control::require_json(&headers) {
        return r;
    }
    let req: SendRequest = match parse(body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let params = [
        ("PhoneNumber", req.phone_number.as_str()),
        ("SignName", super::DEMO_SIGN_NAME),
        ("TemplateCode", super::DEMO_TEMPLATE_CODE),
        ("TemplateParam", r###"{"code":"##code##","min":"5"}"###),
        ("CodeLength", "6"),
        ("ValidTime", "300"),
        ("Interval", "60"),
    ];
    match call(&state, "SendSmsVerifyCode", &params).await {
        Err(r) => r,
        Ok((status, v)) => {
            let (code, message) = code_message(&v);
            json(
                status,
                &j!({
                    "code": code,
                    "message": message,
                    "bizId": v.get("Model").and_then(|m| m.get("BizId")),
                }),
            )
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CheckRequest {
    phone_number: String,
    verify_code: String,
}

/// `POST /demo-backend/sms/check {phoneNumber, verifyCode}` → `{code, message, verifyResult}`.
pub async fn check(
    AxState(state): AxState<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if let Err(r) = super::control::require_json(&headers) {
        return r;
    }
    let req: CheckRequest = match parse(body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let params = [
        ("PhoneNumber", req.phone_number.as_str()),
        ("VerifyCode", req.verify_code.as_str()),
    ];
    match call(&state, "CheckSmsVerifyCode", &params).await {
        Err(r) => r,
        Ok((status, v)) => {
            let (code, message) = code_message(&v);
            json(
                status,
                &j!({
                    "code": code,
                    "message": message,
                    "verifyResult": v.get("Model").and_then(|m| m.get("VerifyResult")),
                }),
            )
        }
    }
}
