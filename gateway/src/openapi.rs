//! The Dypnsapi OpenAPI (`2017-05-25`, RPC style): `GetAuthToken`, `VerifyPhoneWithToken`,
//! `GetPhoneWithToken`, and the SMS fallback's `SendSmsVerifyCode` / `CheckSmsVerifyCode` (`crate::sms`),
//! behind signature verification.

use crate::api_error::{error_response, ApiError};
use crate::config::{check_origin, check_url};
use crate::http::{body_failure, json};
use crate::phone;
use crate::signing::{self, SignedRequest, Verified};
use crate::state::{AppState, State};
use crate::tokens::{new_id, AccessClaims, JwtClaims};
use crate::util::{expiry_in, now_unix, request_id};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State as AxState;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

/// The API version served.
pub const VERSION: &str = "2017-05-25";

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TokenInfo {
    access_token: String,
    jwt_token: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AuthTokenBody<'a> {
    request_id: &'a str,
    code: &'static str,
    message: &'static str,
    token_info: TokenInfo,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct GateVerify {
    verify_result: &'static str,
    verify_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct VerifyBody<'a> {
    request_id: &'a str,
    code: &'static str,
    message: &'static str,
    gate_verify: GateVerify,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct MobileData {
    mobile: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PhoneBody<'a> {
    request_id: &'a str,
    code: &'static str,
    message: &'static str,
    data: MobileData,
}

/// Axum handler for `/`: the OpenAPI, or a redirect to the demo for a plain browser visit.
pub async fn root(
    AxState(state): AxState<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(rej) => {
            let (status, why) = body_failure(&rej);
            let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "RequestBodyTooLarge"
            } else {
                "InvalidParameter"
            };
            let e = ApiError::new(status, code, why);
            return error_response(&e, &request_id(), host(&headers));
        }
    };
    // Only a bare `GET /` (a browser visit) is redirected; anything carrying parameters or signature
    // headers is an API call and gets an API answer (e.g. MissingParameter for a request without Action).
    let is_api = headers.contains_key("x-acs-action")
        || headers.contains_key(header::AUTHORIZATION)
        || uri.query().is_some_and(|q| !q.is_empty())
        || !body.is_empty();
    if method == Method::GET && !is_api {
        return Redirect::to("/demo/").into_response();
    }
    dispatch(&state, &method, &uri, &headers, &body)
}

fn host(headers: &HeaderMap) -> &str {
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("dypnsapi.aliyuncs.com")
}

/// Authenticates and runs one OpenAPI request (also used in-process by the sample backend).
pub fn dispatch(
    state: &State,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let rid = request_id();
    let hostid = host(headers);
    if *method != Method::GET && *method != Method::POST {
        let e = ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "UnsupportedHTTPMethod",
            format!("The HTTP method {method} is not supported; use GET or POST."),
        );
        return error_response(&e, &rid, hostid);
    }
    let req = SignedRequest {
        method: method.as_str(),
        path: uri.path(),
        query: uri.query(),
        headers,
        body,
    };
    match signing::verify(state, &req)
        .map_err(ApiError::from)
        .and_then(|v| run(state, &v, &rid))
    {
        Ok(r) => r,
        Err(e) => error_response(&e, &rid, hostid),
    }
}

fn run(state: &State, v: &Verified, rid: &str) -> Result<Response, ApiError> {
    if v.version != VERSION {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "InvalidVersion",
            format!(
                "Specified parameter Version {:?} is not valid; this API is version {VERSION}.",
                v.version
            ),
        ));
    }
    match v.action.as_str() {
        "GetAuthToken" => get_auth_token(state, v, rid),
        "VerifyPhoneWithToken" => verify_phone(state, v, rid),
        "GetPhoneWithToken" => get_phone(state, v, rid),
        "SendSmsVerifyCode" => crate::sms::api::send(state, v, rid),
        "CheckSmsVerifyCode" => crate::sms::api::check(state, v, rid),
        other => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "InvalidAction.NotFound",
            format!(
                "Specified api {other:?} is not found: Dypnsapi {VERSION} here serves GetAuthToken, VerifyPhoneWithToken, GetPhoneWithToken, SendSmsVerifyCode and CheckSmsVerifyCode."
            ),
        )),
    }
}

fn required<'a>(v: &'a Verified, name: &str) -> Result<&'a str, ApiError> {
    v.param(name)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::missing(name))
}

fn get_auth_token(state: &State, v: &Verified, rid: &str) -> Result<Response, ApiError> {
    let url = required(v, "Url")?;
    let origin = required(v, "Origin")?;
    let scene = required(v, "SceneCode")?;
    let biz = required(v, "BizType")?;
    // Compared in their normalised forms (crate::urls), as the scheme stores them.
    let url = check_url(url).map_err(|m| ApiError::isv("isv.INVALID_PARAMETERS", m))?;
    let origin = check_origin(origin).map_err(|m| ApiError::isv("isv.INVALID_PARAMETERS", m))?;
    let biz: u8 = match biz {
        "0" => 0,
        "1" => 1,
        other => {
            return Err(ApiError::isv(
                "isv.INVALID_PARAMETERS",
                format!(
                "BizType {other:?} is invalid: use 0 (number verification) or 1 (one-click login)."
            ),
            ))
        }
    };
    let scheme = state
        .scheme(scene)
        .filter(|s| s.account == v.account.id)
        .ok_or_else(|| {
            ApiError::isv(
                "isv.SCENE_QUERY_FAIL",
                format!("The specified scene {scene:?} does not exist for this account."),
            )
        })?;
    if url != scheme.url {
        return Err(ApiError::isv(
            "isv.INVALID_PARAMETERS",
            format!(
                "Url {url:?} is not the one registered for scheme {scene}: expected {:?}.",
                scheme.url
            ),
        ));
    }
    if origin != scheme.origin {
        return Err(ApiError::isv(
            "isv.INVALID_PARAMETERS",
            format!(
                "Origin {origin:?} is not the one registered for scheme {scene}: expected {:?}.",
                scheme.origin
            ),
        ));
    }
    let now = now_unix();
    let at = AccessClaims {
        id: new_id(),
        acc: v.account.id.clone(),
        sc: scheme.scene_code.clone(),
        org: scheme.origin.clone(),
        biz,
        exp: expiry_in(scheme.access_lifetime()),
    };
    let jwt = JwtClaims {
        iss: scheme.endpoint.clone(),
        sub: scheme.scene_code.clone(),
        iat: now,
        exp: expiry_in(scheme.jwt_lifetime()),
        jti: new_id(),
        acc: at.acc.clone(),
        org: at.org.clone(),
        biz,
        ati: at.id.clone(),
    };
    Ok(json(
        StatusCode::OK,
        &AuthTokenBody {
            request_id: rid,
            code: "OK",
            message: "OK",
            token_info: TokenInfo {
                access_token: state.keys.issue_access(&at),
                jwt_token: state.keys.issue_jwt(&jwt),
            },
        },
    ))
}

/// Opens an spToken for `v.account`, checks its BizType, and spends it.
fn take_sp(state: &State, v: &Verified, want_biz: u8) -> Result<crate::tokens::SpClaims, ApiError> {
    let token = required(v, "SpToken")?;
    let invalid = || {
        ApiError::isv(
            "isv.TOKEN_INVALID",
            "The token is invalid: unknown, expired or already used.",
        )
    };
    let sp = state.keys.open_sp(token).map_err(|_| invalid())?;
    if sp.acc != v.account.id {
        // Same answer as a forged token: another account learns nothing.
        return Err(invalid());
    }
    let now = now_unix();
    if sp.exp <= now {
        return Err(ApiError::isv(
            "isv.TOKEN_INVALID",
            "The token has expired: get a new one in the browser.",
        ));
    }
    if sp.biz != want_biz {
        let m = if want_biz == 1 {
            "This token was issued for number verification (getVerifyToken); GetPhoneWithToken needs a one-click login token (getLoginToken)."
        } else {
            "This token was issued for one-click login (getLoginToken); VerifyPhoneWithToken needs a number verification token (getVerifyToken)."
        };
        return Err(ApiError::isv("isv.TOKEN_UNAUTHORIZED_USED", m));
    }
    if state.scheme(&sp.sc).is_none() {
        return Err(ApiError::isv(
            "isv.VERIFY_SCHEME_NOT_EXIST",
            format!("The scheme {} of this token no longer exists.", sp.sc),
        ));
    }
    match state.spend(&sp.acc, &sp.jti, sp.exp) {
        Ok(true) => Ok(sp),
        Ok(false) => Err(ApiError::isv(
            "isv.TOKEN_INVALID",
            "The token has already been used: tokens are single use.",
        )),
        Err(full) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            format!(
                "The gateway's spent-token store holds its maximum of {} entries; retry shortly.",
                full.capacity
            ),
        )),
    }
}

fn verify_phone(state: &State, v: &Verified, rid: &str) -> Result<Response, ApiError> {
    let number = required(v, "PhoneNumber")?;
    required(v, "SpToken")?;
    let Some(typed_carrier) = phone::carrier_of(number) else {
        return Err(ApiError::isv(
            "isv.MOBILE_NUMBER_ILLEGAL",
            format!("PhoneNumber {number:?} is not an 11-digit mainland mobile number (e.g. 13800138000)."),
        ));
    };
    let sp = take_sp(state, v, 0)?;
    if typed_carrier != sp.v {
        return Err(ApiError::isv(
            "isv.PARAMETERS_MISMATCH",
            format!(
                "PhoneNumber belongs to {typed_carrier} but the token came from a {} SIM.",
                sp.v
            ),
        ));
    }
    let result = if sp.num == number { "PASS" } else { "REJECT" };
    Ok(json(
        StatusCode::OK,
        &VerifyBody {
            request_id: rid,
            code: "OK",
            message: "OK",
            gate_verify: GateVerify {
                verify_result: result,
                verify_id: new_id(),
            },
        },
    ))
}

fn get_phone(state: &State, v: &Verified, rid: &str) -> Result<Response, ApiError> {
    let sp = take_sp(state, v, 1)?;
    Ok(json(
        StatusCode::OK,
        &PhoneBody {
            request_id: rid,
            code: "OK",
            message: "OK",
            data: MobileData { mobile: sp.num },
        },
    ))
}
