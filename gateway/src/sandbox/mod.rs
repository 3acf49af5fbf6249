//! The sandbox control API `/sandbox/v1/...` (docs/protocol.md §4): simulated devices, schemes, accounts.
//!
//! This file holds the routes, the guard every sandbox route shares, reading a body and the error answers; the
//! handlers are in `devices.rs`, `schemes.rs` and `accounts.rs`.

mod accounts;
mod devices;
mod schemes;

use accounts::create_account;
use devices::{create_device, get_device, patch_device, select_device};
use schemes::{create_scheme, delete_scheme, get_scheme, patch_scheme};

use crate::http::{body_failure, cors, json, origin, plain_error, preflight};
use crate::sandbox_guard;
use crate::state::{AppState, RegistryError};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Request, State as AxState};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json as j;

/// Largest accepted body.
pub const MAX_BODY: usize = 16 * 1024;

/// The sandbox routes, guarded (404 unless enabled) and open to any origin with credentials.
pub fn router(state: AppState) -> Router<AppState> {
    let routes = Router::new()
        .route("/sandbox/v1/info", get(info))
        .route("/sandbox/v1/devices", post(create_device))
        .route(
            "/sandbox/v1/devices/{id}",
            get(get_device).patch(patch_device),
        )
        .route("/sandbox/v1/devices/{id}/select", post(select_device))
        .route("/sandbox/v1/schemes", post(create_scheme))
        .route(
            "/sandbox/v1/schemes/{scene}",
            get(get_scheme).patch(patch_scheme).delete(delete_scheme),
        )
        .route("/sandbox/v1/accounts", post(create_account));
    guarded(routes, state)
}

/// `routes` behind the body limit [`MAX_BODY`] and [`guard`]: the control API, its SMS inbox routes and the
/// sample backend share them.
pub fn guarded(routes: Router<AppState>, state: AppState) -> Router<AppState> {
    routes
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(state, guard))
}

/// Enabled check, the foreign-page rules of [`crate::sandbox_guard`], CORS and preflights for every sandbox (and
/// sample backend) route.
pub async fn guard(AxState(state): AxState<AppState>, req: Request, next: Next) -> Response {
    let org = origin(req.headers())
        .filter(|o| sandbox_guard::trusted_origin(&state, o))
        .map(str::to_owned);
    if req.method() == Method::OPTIONS {
        if org.is_none() {
            // No CORS permission for a foreign page: the browser will not send its request.
            return cors(StatusCode::NO_CONTENT.into_response(), None, false);
        }
        return preflight(req.headers(), "GET, POST, PATCH, DELETE, OPTIONS", true);
    }
    let r = if !state.sandbox_api {
        plain_error(
            StatusCode::NOT_FOUND,
            "SANDBOX_DISABLED",
            "the sandbox API is off: start the gateway with --sandbox or set sandbox_api = true",
        )
    } else if let Err(refused) = sandbox_guard::check(&state, req.method(), req.headers()) {
        refused
    } else {
        let method = req.method().clone();
        let r = next.run(req).await;
        if r.status() == StatusCode::METHOD_NOT_ALLOWED {
            // The router's own 405 has no body: answer in the sandbox's error shape.
            plain_error(
                StatusCode::METHOD_NOT_ALLOWED,
                "METHOD_NOT_ALLOWED",
                format!("{method} is not allowed here (see docs/protocol.md §4)"),
            )
        } else {
            r
        }
    };
    cors(r, org.as_deref(), true)
}

// The error is the finished HTTP answer, returned by the handler as is.
#[allow(clippy::result_large_err)]
fn parse<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    allow_empty: bool,
) -> Result<T, Response> {
    let body = body.map_err(|rej| {
        let (status, why) = body_failure(&rej);
        plain_error(status, "BAD_BODY", why)
    })?;
    let text: &[u8] = if body.is_empty() && allow_empty {
        b"{}"
    } else {
        &body
    };
    let bad = |e: &dyn std::fmt::Display| {
        plain_error(
            StatusCode::BAD_REQUEST,
            "BAD_JSON",
            format!("the body is not the expected JSON: {e}"),
        )
    };
    // A JSON object only: serde would otherwise also read a struct from an array, field by position.
    match serde_json::from_slice::<serde_json::Value>(text) {
        Ok(v @ serde_json::Value::Object(_)) => serde_json::from_value(v).map_err(|e| bad(&e)),
        Ok(_) => Err(bad(&"it must be a JSON object")),
        Err(e) => Err(bad(&e)),
    }
}

fn registry_error(e: &RegistryError) -> Response {
    let (status, code) = match e {
        RegistryError::Exists(_) => (StatusCode::CONFLICT, "EXISTS"),
        RegistryError::Full(_) => (StatusCode::INSUFFICIENT_STORAGE, "FULL"),
        RegistryError::Invalid(_) => (StatusCode::BAD_REQUEST, "INVALID"),
    };
    plain_error(status, code, e.to_string())
}

async fn info(AxState(state): AxState<AppState>) -> Response {
    let schemes: Vec<_> = state
        .demo
        .iter()
        .flat_map(|d| d.scene_codes.iter())
        .filter_map(|s| state.scheme(s))
        .map(|s| s.view())
        .collect();
    let devices: Vec<_> = state
        .demo
        .iter()
        .flat_map(|d| d.devices.iter())
        .filter_map(|id| state.device(id))
        .collect();
    let default_id = state.default_device.read().clone();
    json(
        StatusCode::OK,
        &j!({
            "baseUrl": state.base_url,
            "account": state.demo.as_ref().map(|d| j!({
                "accountId": d.account,
                "accessKeyId": d.access_key_id,
                "accessKeySecret": d.access_key_secret,
            })),
            "schemes": schemes,
            "devices": devices,
            "defaultDevice": state.device(&default_id),
            "sms": state.demo.as_ref().map(|_| j!({
                "signName": crate::sms::DEMO_SIGN_NAME,
                "templateCode": crate::sms::DEMO_TEMPLATE_CODE,
            })),
        }),
    )
}

fn invalid(m: impl Into<String>) -> Response {
    plain_error(StatusCode::BAD_REQUEST, "INVALID", m)
}

/// `"field": null` as `Some(None)`, an absent field as `None` (with `#[serde(default)]`): a PATCH can then
/// tell "set to null" from "leave unchanged".
fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
