//! `/sandbox/v1/devices`: create, read, change and select simulated phones (the `pns_sim` cookie).

use super::{invalid, parse, registry_error};
use crate::config::{valid_id, Connection, DeviceConfig, FaultMap};
use crate::http::{json, plain_error};
use crate::phone::{self, Carrier};
use crate::state::AppState;
use crate::util::random_alnum;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as AxState};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Deserialize;

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

fn with_cookie(mut r: Response, id: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!("pns_sim={id}; Path=/; SameSite=Lax")) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

pub(super) async fn create_device(
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

pub(super) async fn get_device(
    AxState(state): AxState<AppState>,
    Path(id): Path<String>,
) -> Response {
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

pub(super) async fn patch_device(
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

pub(super) async fn select_device(
    AxState(state): AxState<AppState>,
    Path(id): Path<String>,
) -> Response {
    match state.device(&id) {
        Some(d) => with_cookie(json(StatusCode::OK, &d), &id),
        None => unknown_device(&id),
    }
}
