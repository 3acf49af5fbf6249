//! The sandbox control API `/sandbox/v1/...` (docs/protocol.md §4): simulated devices, schemes, accounts.

use crate::config::{
    check_origin, check_url, AccountConfig, Connection, DeviceConfig, FaultMap, LifetimesConfig,
    SchemeConfig,
};
use crate::http::{body_failure, cors, json, origin, plain_error, preflight};
use crate::phone::{self, Carrier};
use crate::sandbox_guard;
use crate::state::{AppState, RegistryError, State};
use crate::util::{random_alnum, random_digits};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Request, State as AxState};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
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

fn with_cookie(mut r: Response, id: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!("pns_sim={id}; Path=/; SameSite=Lax")) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct NewDevice {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    carrier: Option<Carrier>,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    connection: Option<Connection>,
    #[serde(default)]
    faults: Option<FaultMap>,
    #[serde(default)]
    select: Option<bool>,
}

use crate::config::valid_id;

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

async fn create_device(
    AxState(state): AxState<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let d: NewDevice = match parse(body, true) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let carrier = match (d.carrier, d.number.as_deref()) {
        (Some(c), _) => c,
        (None, Some(n)) => match phone::carrier_of(n) {
            Some(c) => c,
            None => {
                return plain_error(
                    StatusCode::BAD_REQUEST,
                    "INVALID",
                    format!("number {n:?} is not an 11-digit mainland mobile number"),
                )
            }
        },
        (None, None) => Carrier::Cm,
    };
    if let Some(Err(m)) = d.faults.as_ref().map(FaultMap::check) {
        return invalid(m);
    }
    let id = d.id.unwrap_or_else(|| format!("dev-{}", random_alnum(16)));
    if !valid_id(&id) {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "INVALID",
            "id: 1 to 64 characters from A-Z a-z 0-9 - _",
        );
    }
    let cfg = DeviceConfig {
        id,
        carrier,
        number: d.number.unwrap_or_else(|| phone::random_number(carrier)),
        connection: d.connection.unwrap_or_default(),
        faults: d.faults.unwrap_or_default(),
    };
    match state.put_device(&cfg, false) {
        Ok(dev) => {
            let r = json(StatusCode::CREATED, &dev);
            if d.select.unwrap_or(true) {
                with_cookie(r, &dev.id)
            } else {
                r
            }
        }
        Err(e) => registry_error(&e),
    }
}

fn unknown_device(id: &str) -> Response {
    plain_error(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        format!("no device {id:?}"),
    )
}

async fn get_device(AxState(state): AxState<AppState>, Path(id): Path<String>) -> Response {
    state
        .device(&id)
        .map_or_else(|| unknown_device(&id), |d| json(StatusCode::OK, &d))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DevicePatch {
    #[serde(default)]
    carrier: Option<Carrier>,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    connection: Option<Connection>,
    #[serde(default)]
    faults: Option<FaultMap>,
}

async fn patch_device(
    AxState(state): AxState<AppState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let p: DevicePatch = match parse(body, false) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(cur) = state.device(&id) else {
        return unknown_device(&id);
    };
    if let Some(Err(m)) = p.faults.as_ref().map(FaultMap::check) {
        return invalid(m);
    }
    // A new carrier without a new number gets a fresh number of that carrier.
    let number = match (&p.number, p.carrier) {
        (Some(n), _) => n.clone(),
        (None, Some(c)) if c != cur.carrier => phone::random_number(c),
        _ => cur.number.clone(),
    };
    let carrier = p
        .carrier
        .or_else(|| phone::carrier_of(&number))
        .unwrap_or(cur.carrier);
    let cfg = DeviceConfig {
        id: cur.id.clone(),
        carrier,
        number,
        connection: p.connection.unwrap_or(cur.connection),
        faults: p.faults.unwrap_or(cur.faults),
    };
    match state.put_device(&cfg, true) {
        Ok(d) => json(StatusCode::OK, &d),
        Err(e) => registry_error(&e),
    }
}

async fn select_device(AxState(state): AxState<AppState>, Path(id): Path<String>) -> Response {
    match state.device(&id) {
        Some(d) => with_cookie(json(StatusCode::OK, &d), &id),
        None => unknown_device(&id),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct NewScheme {
    #[serde(default)]
    scene_code: Option<String>,
    url: String,
    origin: String,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    endpoint: Option<String>,
    #[serde(default)]
    quota: Option<u64>,
    #[serde(default)]
    demoted: Option<bool>,
    #[serde(default)]
    lifetimes: Option<LifetimesConfig>,
    #[serde(default)]
    simulated_environment: Option<bool>,
}

fn resolve_account(state: &State, given: Option<&str>) -> Option<String> {
    match given {
        None => state.demo.as_ref().map(|d| d.account.clone()),
        Some(a) => state
            .account_by_id(a)
            .or_else(|| state.account_by_key(a))
            .map(|acc| acc.id.clone()),
    }
}

async fn create_scheme(
    AxState(state): AxState<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let s: NewScheme = match parse(body, false) {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(m) = check_url(&s.url).and_then(|_| check_origin(&s.origin)) {
        return plain_error(StatusCode::BAD_REQUEST, "INVALID", m);
    }
    if let Some(Err(m)) = s.lifetimes.as_ref().map(LifetimesConfig::check) {
        return invalid(m);
    }
    if let Some(e) = &s.endpoint {
        if let Err(m) = crate::config::check_base_url(e) {
            return plain_error(StatusCode::BAD_REQUEST, "INVALID", format!("endpoint: {m}"));
        }
    }
    let Some(account) = resolve_account(&state, s.account.as_deref()) else {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "INVALID",
            "account: unknown account (give an accountId or AccessKeyId)",
        );
    };
    let scene_code = s
        .scene_code
        .unwrap_or_else(|| format!("FC{}", random_digits(15)));
    if !valid_id(&scene_code) {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "INVALID",
            "sceneCode: 1 to 64 characters from A-Z a-z 0-9 - _",
        );
    }
    let cfg = SchemeConfig {
        scene_code,
        account,
        url: s.url,
        origin: s.origin,
        endpoint: s.endpoint,
        quota: s.quota,
        demoted: s.demoted.unwrap_or(false),
        lifetimes: s.lifetimes.unwrap_or_default(),
        simulated_environment: s.simulated_environment.unwrap_or(false),
    };
    if state.scheme(&cfg.scene_code).is_none()
        && !state
            .sandbox_created
            .take_scheme(&cfg.scene_code, state.limits.sandbox_schemes)
    {
        return registry_error(&RegistryError::Full(state.limits.sandbox_schemes));
    }
    match state.add_scheme(&cfg) {
        Ok(sc) => json(StatusCode::CREATED, &sc.view()),
        Err(e) => {
            if !matches!(e, RegistryError::Exists(_)) {
                state.sandbox_created.forget_scheme(&cfg.scene_code);
            }
            registry_error(&e)
        }
    }
}

fn unknown_scheme(scene: &str) -> Response {
    plain_error(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        format!("no scheme {scene:?}"),
    )
}

async fn get_scheme(AxState(state): AxState<AppState>, Path(scene): Path<String>) -> Response {
    state.scheme(&scene).map_or_else(
        || unknown_scheme(&scene),
        |s| json(StatusCode::OK, &s.view()),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SchemePatch {
    /// Absent: unchanged; `null`: unlimited; a number: that many checks from now on.
    #[serde(default, deserialize_with = "double_option")]
    quota: Option<Option<u64>>,
    #[serde(default)]
    demoted: Option<bool>,
    #[serde(default)]
    lifetimes: Option<LifetimesConfig>,
}

async fn patch_scheme(
    AxState(state): AxState<AppState>,
    Path(scene): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let p: SchemePatch = match parse(body, false) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(s) = state.scheme(&scene) else {
        return unknown_scheme(&scene);
    };
    if let Some(Err(m)) = p.lifetimes.as_ref().map(LifetimesConfig::check) {
        return invalid(m);
    }
    if let Some(q) = p.quota {
        s.set_quota(q);
    }
    if let Some(d) = p.demoted {
        s.set_demoted(d);
    }
    if let Some(l) = p.lifetimes {
        s.set_lifetimes(l);
    }
    json(StatusCode::OK, &s.view())
}

async fn delete_scheme(AxState(state): AxState<AppState>, Path(scene): Path<String>) -> Response {
    if state.remove_scheme(&scene) {
        state.sandbox_created.forget_scheme(&scene);
        StatusCode::NO_CONTENT.into_response()
    } else {
        unknown_scheme(&scene)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewAccount {
    access_key_id: String,
    access_key_secret: String,
    account_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountRequest {
    #[serde(default)]
    qps: Option<u32>,
}

async fn create_account(
    AxState(state): AxState<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let req: AccountRequest = match parse(body, true) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let cfg = AccountConfig {
        id: format!("1{}", random_digits(15)),
        access_key_id: format!("LTAI5t{}", random_alnum(18)),
        access_key_secret: random_alnum(30),
        qps: req.qps,
    };
    if !state
        .sandbox_created
        .take_account(state.limits.sandbox_accounts)
    {
        return registry_error(&RegistryError::Full(state.limits.sandbox_accounts));
    }
    match state.add_account(&cfg) {
        Ok(a) => json(
            StatusCode::CREATED,
            &NewAccount {
                access_key_id: a.access_key_id.clone(),
                access_key_secret: a.secret.clone(),
                account_id: a.id.clone(),
            },
        ),
        Err(e) => {
            state.sandbox_created.return_account();
            registry_error(&e)
        }
    }
}
