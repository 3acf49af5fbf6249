//! The sandbox control API of the SMS inboxes (docs/protocol.md §4): list a simulated phone's messages, its
//! latest code, clear inboxes, switch a number's delivery fault. Behind the sandbox guard (404 when the
//! sandbox API is off); POST bodies are JSON sent as `Content-Type: application/json` (the guard answers 415
//! `NOT_JSON` otherwise).

use super::inbox::{Fault, FaultMode, MAX_DELAY_MS};
use super::now_ms;
use crate::http::{body_failure, json, plain_error};
use crate::phone;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as AxState};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json as j;

/// The SMS inbox routes.
pub fn router(state: AppState) -> Router<AppState> {
    let routes = Router::new()
        .route("/sandbox/v1/sms/inbox", axum::routing::delete(clear_all))
        .route(
            "/sandbox/v1/sms/inbox/{number}",
            get(list).delete(clear_one),
        )
        .route("/sandbox/v1/sms/inbox/{number}/latest", get(latest))
        .route(
            "/sandbox/v1/sms/faults/{number}",
            get(get_fault).post(set_fault),
        );
    crate::sandbox::guarded(routes, state)
}

// The error is the finished HTTP answer, returned by the handler as is.
#[allow(clippy::result_large_err)]
fn number(n: &str) -> Result<&str, Response> {
    if phone::carrier_of(n).is_some() {
        Ok(n)
    } else {
        Err(plain_error(
            StatusCode::BAD_REQUEST,
            "BAD_NUMBER",
            format!("{n:?} is not an 11-digit mainland mobile number (e.g. 13800138000)"),
        ))
    }
}

async fn list(AxState(state): AxState<AppState>, Path(n): Path<String>) -> Response {
    let n = match number(&n) {
        Ok(n) => n,
        Err(r) => return r,
    };
    json(
        StatusCode::OK,
        &j!({
            "phoneNumber": n,
            "fault": state.sms.inbox.fault(n),
            "messages": state.sms.inbox.list(n, now_ms()),
        }),
    )
}

async fn latest(AxState(state): AxState<AppState>, Path(n): Path<String>) -> Response {
    let n = match number(&n) {
        Ok(n) => n,
        Err(r) => return r,
    };
    match state.sms.inbox.latest_code(n, now_ms()) {
        Some(m) => json(
            StatusCode::OK,
            &j!({ "phoneNumber": n, "code": m.code, "message": m }),
        ),
        None => plain_error(
            StatusCode::NOT_FOUND,
            "NO_CODE",
            format!("no message with a code has reached {n} (yet)"),
        ),
    }
}

async fn clear_one(AxState(state): AxState<AppState>, Path(n): Path<String>) -> Response {
    let n = match number(&n) {
        Ok(n) => n,
        Err(r) => return r,
    };
    let removed = state.sms.inbox.clear(Some(n));
    json(StatusCode::OK, &j!({ "removed": removed }))
}

async fn clear_all(AxState(state): AxState<AppState>) -> Response {
    let removed = state.sms.inbox.clear(None);
    json(StatusCode::OK, &j!({ "removed": removed }))
}

async fn get_fault(AxState(state): AxState<AppState>, Path(n): Path<String>) -> Response {
    let n = match number(&n) {
        Ok(n) => n,
        Err(r) => return r,
    };
    json(StatusCode::OK, &state.sms.inbox.fault(n))
}

async fn set_fault(
    AxState(state): AxState<AppState>,
    Path(n): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let n = match number(&n) {
        Ok(n) => n,
        Err(r) => return r,
    };
    let body = match body {
        Ok(b) => b,
        Err(rej) => {
            let (status, why) = body_failure(&rej);
            return plain_error(status, "BAD_BODY", why);
        }
    };
    let fault: Fault = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => {
            return plain_error(
                StatusCode::BAD_REQUEST,
                "BAD_JSON",
                format!("expected {{\"mode\": \"none\"|\"delayed\"|\"failed\"|\"unreachable\", \"delayMs\": n}}: {e}"),
            )
        }
    };
    if fault.delay_ms > MAX_DELAY_MS || (fault.mode != FaultMode::Delayed && fault.delay_ms != 0) {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "BAD_DELAY",
            format!("delayMs goes with mode \"delayed\" only, at most {MAX_DELAY_MS}"),
        );
    }
    state.sms.inbox.set_fault(n, fault, now_ms());
    json(StatusCode::OK, &fault)
}
