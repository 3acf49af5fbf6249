//! The three simulated carriers: `POST /carrier/{cm,cu,ct}/v1/{token,mask,login}` (docs/protocol.md §3).
//!
//! This file is the HTTP side (routing, the device behind the request, faults, the answer's shape); the operations
//! are in `issue.rs` (`token`, `mask`) and `login.rs`, their refusals in `refusal.rs`, their limits in `limits.rs`.

mod issue;
mod limits;
mod login;
mod refusal;

pub use limits::{
    CM_DAILY_LIMIT, MAX_MASKS_PER_TICKET, MAX_WRONG_DIGITS, MAX_WRONG_PER_LOGIN_TICKET,
};
pub use refusal::Failure;

use crate::http::{body_failure, cors, json, origin, preflight};
use crate::phone::Carrier;
use crate::sim::Connection;
use crate::state::{AppState, Device, State};
use crate::util::now_unix;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as AxState};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;
use issue::{issue_mask, issue_token, open_ticket, subscriber, Issued};
use refusal::{fail, Refusal};
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// Largest accepted body.
pub const MAX_BODY: usize = 16 * 1024;
/// Upper bound of a `slow` fault (defined with the fault types, re-exported where it acts).
pub use crate::sim::MAX_DELAY_MS;

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Answer {
    ok: bool,
    vender: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    masked_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    login_ticket: Option<String>,
    /// Tries left after a wrong entry (CM/CT); `null` for CU, which does not lock.
    #[serde(skip_serializing_if = "Option::is_none")]
    remaining: Option<Option<u32>>,
    carrier_trace_id: String,
    carrier_resp_code: &'static str,
    carrier_sdk_code: &'static str,
    carrier_sdk_msg: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    request_id: String,
}

fn success_code(c: Carrier) -> &'static str {
    match c {
        Carrier::Cm => "103000",
        Carrier::Cu | Carrier::Ct => "0",
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Token,
    Mask,
    Login,
}

/// Axum handler for `/carrier/{carrier}/v1/{op}`.
pub async fn handle(
    AxState(state): AxState<AppState>,
    Path((carrier, op)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let org = origin(&headers).map(str::to_owned);
    let carrier = Carrier::parse(&carrier).filter(|c| c.path() == carrier);
    let op = match op.as_str() {
        "token" => Some(Op::Token),
        "mask" => Some(Op::Mask),
        "login" => Some(Op::Login),
        _ => None,
    };
    let (Some(carrier), Some(op)) = (carrier, op) else {
        let r = crate::http::plain_error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "no such carrier endpoint: use /carrier/{cm,cu,ct}/v1/{token,mask,login}",
        );
        return cors(r, org.as_deref(), true);
    };
    if method == Method::OPTIONS {
        return preflight(&headers, "POST, OPTIONS", true);
    }
    let (status, result, request_id) = if method != Method::POST {
        (
            StatusCode::METHOD_NOT_ALLOWED,
            fail(Failure::BadRequest, "use POST"),
            String::new(),
        )
    } else {
        match body.map(|b| serde_json::from_slice::<Value>(&b)) {
            Err(rej) => {
                let (status, why) = body_failure(&rej);
                (status, fail(Failure::BadRequest, format!("{why} (limit {MAX_BODY} bytes)")), String::new())
            }
            Ok(Err(_)) | Ok(Ok(Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) | Value::Array(_))) => (
                StatusCode::BAD_REQUEST,
                fail(Failure::BadRequest, "the body must be a JSON object, e.g. {\"ticket\": \"ct1…\", \"requestId\": \"…\"}"),
                String::new(),
            ),
            Ok(Ok(v)) => {
                let rid = v
                    .get("requestId")
                    .and_then(Value::as_str)
                    .filter(|s| s.len() <= 128)
                    .unwrap_or_default()
                    .to_owned();
                let r = run(&state, carrier, op, &headers, org.as_deref(), &v).await;
                (StatusCode::OK, r, rid)
            }
        }
    };
    let mut a = Answer {
        vender: carrier.code(),
        carrier_trace_id: hex::encode(crate::util::random_bytes::<16>()),
        request_id,
        ..Answer::default()
    };
    match result {
        Ok(issued) => {
            a.ok = true;
            a.token = issued.token;
            a.masked_number = issued.masked_number;
            a.login_ticket = issued.login_ticket;
            a.carrier_resp_code = success_code(carrier);
            a.carrier_sdk_code = "0";
            a.carrier_sdk_msg = "success";
        }
        Err(r) => {
            let (code, msg) = r.failure.sdk_style(carrier);
            a.carrier_resp_code = r.failure.resp_code();
            a.carrier_sdk_code = code;
            a.carrier_sdk_msg = msg;
            a.detail = Some(r.detail);
            a.remaining = r.remaining;
        }
    }
    cors(json(status, &a), org.as_deref(), true)
}

/// The device named by `X-Pns-Sim`, else the `pns_sim` cookie, else the default device.
fn resolve_device(state: &State, headers: &HeaderMap) -> Result<Device, Refusal> {
    let from_header = headers
        .get("x-pns-sim")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|s| !s.is_empty());
    // Only the `pns_sim` pair of the `Cookie` header is read, and its value is a device id (`A-Z a-z 0-9 - _`,
    // see `config::valid_id`) with nothing to unquote or decode, so splitting on `;` and `=` is all of RFC 6265's
    // grammar that applies; a cookie crate would add a dependency for the same two splits.
    let from_cookie = || {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == "pns_sim")
            .map(|(_, v)| v.trim().to_owned())
    };
    let id = match from_header {
        Some(h) => h.to_owned(),
        None => from_cookie().unwrap_or_else(|| state.default_device.read().clone()),
    };
    state.device(&id).map_or_else(
        || {
            fail(
                Failure::DeviceUnknown,
                format!("no simulated device {id:?}: create one with POST /sandbox/v1/devices"),
            )
        },
        Ok,
    )
}

async fn run(
    state: &State,
    c: Carrier,
    op: Op,
    headers: &HeaderMap,
    org: Option<&str>,
    body: &Value,
) -> Result<Issued, Refusal> {
    let device = resolve_device(state, headers)?;
    if device.connection != Connection::Cellular {
        return fail(
            Failure::NoCellular,
            "the device is not on cellular data (Wi-Fi or offline): carriers recognise subscribers only over their data network",
        );
    }
    let fault = state.global_faults.get(c).merge(device.faults.get(c));
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms.min(MAX_DELAY_MS))).await;
    }
    if fault.maintenance {
        return fail(Failure::Maintenance, format!("{c} is under maintenance"));
    }
    if fault.quota {
        return fail(Failure::Quota, format!("{c}'s quota is used up"));
    }
    let now = now_unix();
    match op {
        Op::Token | Op::Mask => {
            let ticket = open_ticket(state, c, org, body, now)?;
            let want = if op == Op::Token { 0 } else { 1 };
            if ticket.biz != want {
                return fail(
                    Failure::BizMismatch,
                    if op == Op::Token {
                        "this ticket is for one-click login: use mask/login, or get verification tokens (BizType 0)"
                    } else {
                        "this ticket is for number verification: use token, or get login tokens (BizType 1)"
                    },
                );
            }
            subscriber(c, &device, fault.blocked)?;
            if op == Op::Token {
                issue_token(state, c, &device, &ticket, now)
            } else {
                issue_mask(state, c, &device, &ticket, now)
            }
        }
        Op::Login => login::login(state, c, &device, org, body, fault.blocked, now),
    }
}
