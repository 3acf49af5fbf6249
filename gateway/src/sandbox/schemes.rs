//! `/sandbox/v1/schemes`: create, read, change and delete schemes (SceneCode, Url, Origin, lifetimes, quota).

use super::{double_option, invalid, parse, registry_error};
use crate::config::{check_origin, check_url, valid_id, LifetimesConfig, SchemeConfig};
use crate::http::{json, plain_error};
use crate::state::{AppState, RegistryError, State};
use crate::util::random_digits;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

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

pub(super) async fn create_scheme(
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

pub(super) async fn get_scheme(
    AxState(state): AxState<AppState>,
    Path(scene): Path<String>,
) -> Response {
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

pub(super) async fn patch_scheme(
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

pub(super) async fn delete_scheme(
    AxState(state): AxState<AppState>,
    Path(scene): Path<String>,
) -> Response {
    if state.remove_scheme(&scene) {
        state.sandbox_created.forget_scheme(&scene);
        StatusCode::NO_CONTENT.into_response()
    } else {
        unknown_scheme(&scene)
    }
}
