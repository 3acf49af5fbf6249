//! The sample backend's SMS fallback (`/demo-backend/sms/send`, `/demo-backend/sms/check`): what a page's own
//! server does when number verification cannot run — `SendSmsVerifyCode` with the demo sign name and template,
//! then `CheckSmsVerifyCode` with the code the person typed, both signed with the demo AccessKey. Bodies are JSON
//! sent as `Content-Type: application/json` (else 415 `NOT_JSON`, from the sandbox guard).

use crate::demo_backend::{parse, relay};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State as AxState;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

/// The sample backend's SMS routes (guarded like the sandbox API).
pub fn router(state: AppState) -> Router<AppState> {
    crate::sandbox::guarded(
        Router::new()
            .route("/demo-backend/sms/send", post(send))
            .route("/demo-backend/sms/check", post(check)),
        state,
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SendRequest {
    phone_number: String,
}

/// `POST /demo-backend/sms/send {phoneNumber}` → `{code, message, bizId}`.
pub async fn send(
    AxState(state): AxState<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
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
    relay(
        &state,
        "SendSmsVerifyCode",
        &params,
        &[("bizId", "/Model/BizId")],
    )
    .await
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
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let req: CheckRequest = match parse(body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let params = [
        ("PhoneNumber", req.phone_number.as_str()),
        ("VerifyCode", req.verify_code.as_str()),
    ];
    relay(
        &state,
        "CheckSmsVerifyCode",
        &params,
        &[("verifyResult", "/Model/VerifyResult")],
    )
    .await
}
