//! The sample page backend `/demo-backend/...` (docs/protocol.md §5): what a page's own server does,
//! calling the signed OpenAPI with the demo AccessKey. Each call builds a real v1-signed request and runs it
//! through the same OpenAPI handler as external clients, in-process.

use crate::http::{body_failure, json, origin, plain_error};
use crate::openapi;
use crate::signing::v1_string_to_sign;
use crate::state::{AppState, State};
use crate::urls::same_origin;
use crate::util::{b64std, format_iso8601, now_unix, pct, request_id};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State as AxState;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use hmac::Mac;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The sample backend's number-verification routes (guarded like the sandbox API); its SMS routes are
/// [`crate::sms::demo::router`].
pub fn router(state: AppState) -> Router<AppState> {
    crate::sandbox::guarded(
        Router::new()
            .route("/demo-backend/auth-token", post(auth_token))
            .route("/demo-backend/verify", post(verify))
            .route("/demo-backend/phone", post(phone)),
        state,
    )
}

/// Signs `params` with the demo key (v1) and runs the request through the OpenAPI handler.
/// Returns the HTTP status and the JSON answer.
// The error is the finished HTTP answer, returned by the handler as is.
#[allow(clippy::result_large_err)]
pub(crate) async fn call(
    state: &State,
    action: &str,
    params: &[(&str, &str)],
) -> Result<(StatusCode, Value), Response> {
    let Some(demo) = &state.demo else {
        return Err(plain_error(
            StatusCode::NOT_FOUND,
            "NO_DEMO",
            "the sample backend needs sandbox mode (--sandbox)",
        ));
    };
    let Some(account) = state.account_by_key(&demo.access_key_id) else {
        return Err(plain_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "NO_DEMO",
            "the demo account is missing",
        ));
    };
    let ts = format_iso8601(i64::try_from(now_unix()).unwrap_or(0));
    let nonce = request_id();
    let mut all: Vec<(String, String)> = [
        ("Action", action),
        ("Version", openapi::VERSION),
        ("Format", "JSON"),
        ("AccessKeyId", demo.access_key_id.as_str()),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", nonce.as_str()),
        ("Timestamp", ts.as_str()),
    ]
    .iter()
    .chain(params.iter())
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let mut mac = account.v1.clone();
    mac.update(v1_string_to_sign("POST", &all).as_bytes());
    all.push(("Signature".into(), b64std(&mac.finalize().into_bytes())));
    let body: String = all
        .iter()
        .map(|(k, v)| format!("{}={}", pct(k), pct(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    headers.insert(header::HOST, HeaderValue::from_static("demo-backend.local"));
    let r = openapi::dispatch(
        state,
        &Method::POST,
        &Uri::from_static("/"),
        &headers,
        body.as_bytes(),
    );
    let status = r.status();
    Ok((status, answer_json(r).await))
}

async fn answer_json(r: Response) -> Value {
    match axum::body::to_bytes(r.into_body(), 1 << 20).await {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        Err(_) => Value::Null,
    }
}

// The error is the finished HTTP answer, returned by the handler as is.
#[allow(clippy::result_large_err)]
pub(crate) fn parse<T: for<'de> Deserialize<'de>>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, Response> {
    let body = body.map_err(|rej| {
        let (status, why) = body_failure(&rej);
        plain_error(status, "BAD_BODY", why)
    })?;
    serde_json::from_slice(&body).map_err(|e| {
        plain_error(
            StatusCode::BAD_REQUEST,
            "BAD_JSON",
            format!("the body is not the expected JSON: {e}"),
        )
    })
}

/// Runs `action` with `params` (see [`call`]) and answers the page in the sample backend's shape: the
/// OpenAPI answer's `Code` and `Message` as `code` and `message`, plus one field per `(name, JSON pointer)` of
/// `fields` (null where the answer has no such value), with the OpenAPI answer's HTTP status.
pub(crate) async fn relay(
    state: &State,
    action: &str,
    params: &[(&str, &str)],
    fields: &[(&str, &str)],
) -> Response {
    let (status, v) = match call(state, action, params).await {
        Ok(answer) => answer,
        Err(r) => return r,
    };
    let pick = |pointer: &str| v.pointer(pointer).cloned().unwrap_or(Value::Null);
    let mut out = Map::new();
    out.insert("code".into(), pick("/Code"));
    out.insert("message".into(), pick("/Message"));
    for (name, pointer) in fields {
        out.insert((*name).to_owned(), pick(pointer));
    }
    json(status, &out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AuthTokenRequest {
    #[serde(default)]
    biz_type: u8,
    #[serde(default)]
    scene_code: Option<String>,
}

async fn auth_token(
    AxState(state): AxState<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let req: AuthTokenRequest = match parse(body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let demo_scenes = state
        .demo
        .as_ref()
        .map(|d| d.scene_codes.clone())
        .unwrap_or_default();
    // Without a sceneCode: the demo scheme registered for the page's own origin.
    let scene = req.scene_code.clone().or_else(|| {
        let org = origin(&headers)?;
        demo_scenes
            .iter()
            .find(|s| {
                state
                    .scheme(s)
                    .is_some_and(|sc| same_origin(org, &sc.origin))
            })
            .cloned()
    });
    let Some(scene) = scene.or_else(|| demo_scenes.first().cloned()) else {
        return plain_error(
            StatusCode::NOT_FOUND,
            "NO_DEMO",
            "the sample backend needs sandbox mode (--sandbox)",
        );
    };
    let Some(scheme) = state.scheme(&scene) else {
        return plain_error(
            StatusCode::NOT_FOUND,
            "NO_SCHEME",
            format!("no scheme {scene:?}"),
        );
    };
    let biz = req.biz_type.to_string();
    let params = [
        ("Url", scheme.url.as_str()),
        ("Origin", scheme.origin.as_str()),
        ("SceneCode", scene.as_str()),
        ("BizType", biz.as_str()),
    ];
    relay(
        &state,
        "GetAuthToken",
        &params,
        &[
            ("accessToken", "/TokenInfo/AccessToken"),
            ("jwtToken", "/TokenInfo/JwtToken"),
        ],
    )
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct VerifyRequest {
    sp_token: String,
    phone_number: String,
}

async fn verify(
    AxState(state): AxState<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let req: VerifyRequest = match parse(body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let params = [
        ("SpToken", req.sp_token.as_str()),
        ("PhoneNumber", req.phone_number.as_str()),
    ];
    relay(
        &state,
        "VerifyPhoneWithToken",
        &params,
        &[("verifyResult", "/GateVerify/VerifyResult")],
    )
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PhoneRequest {
    sp_token: String,
}

async fn phone(AxState(state): AxState<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    let req: PhoneRequest = match parse(body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    relay(
        &state,
        "GetPhoneWithToken",
        &[("SpToken", req.sp_token.as_str())],
        &[("mobile", "/Data/Mobile")],
    )
    .await
}
