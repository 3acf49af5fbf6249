//! `POST /h5/v1/check`: the SDK's identity check (docs/protocol.md §2).

use crate::http::{body_failure, cors, json, origin, preflight};
use crate::phone::Carrier;
use crate::state::{AppState, State, TokenKind};
use crate::tokens::{new_id, TicketClaims};
use crate::urls::same_origin;
use crate::util::now_unix;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

/// Largest accepted body.
pub const MAX_BODY: usize = 16 * 1024;
/// Identity checks one AccessToken allows (the scheme's quota is charged by the first only): more than the SDK
/// makes in a page's life (one per `checkAuthAvailable`/`checkLoginAvailable` and token call, with retries).
pub const MAX_CHECKS_PER_ACCESS_TOKEN: u32 = 10;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Refusal {
    code: u32,
    msg: &'static str,
    detail: String,
    request_id: String,
}

#[derive(Serialize)]
struct CarrierEntry {
    vender: &'static str,
    url: String,
    ticket: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Success {
    code: u32,
    msg: &'static str,
    request_id: String,
    expires_at: u64,
    carriers: Vec<CarrierEntry>,
    /// Sandbox demo schemes only: the simulated SIM, not the browser, decides the environment.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    sandbox: bool,
}

/// The vendor's message for an SDK code.
#[must_use]
pub fn message(code: u32) -> &'static str {
    match code {
        600000 => "鉴权成功",
        600004 => "方案号不存在",
        600013 => "运营商维护升级，该功能不可用",
        600014 => "运营商维护升级，该功能已达最大调用次数",
        600025 => "接入方身份信息校验失败",
        600028 => "入参错误",
        600032 => "业务类型错误",
        600034 => "请求参数已失效",
        _ => "未知异常",
    }
}

struct Refuse(u32, String);

fn refuse<T>(code: u32, detail: impl Into<String>) -> Result<T, Refuse> {
    Err(Refuse(code, detail.into()))
}

/// Axum handler for `/h5/v1/check` (any method).
pub async fn check(
    AxState(state): AxState<AppState>,
    method: Method,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let org = origin(&headers).map(str::to_owned);
    if method == Method::OPTIONS {
        return preflight(&headers, "POST, OPTIONS", false);
    }
    let answer = if method != Method::POST {
        refusal_response(
            StatusCode::METHOD_NOT_ALLOWED,
            600028,
            "use POST".into(),
            String::new(),
        )
    } else {
        match body {
            Err(rej) => {
                let (status, why) = body_failure(&rej);
                refusal_response(
                    status,
                    600028,
                    format!("{why} (limit {MAX_BODY} bytes)"),
                    String::new(),
                )
            }
            Ok(body) => run(&state, org.as_deref(), &body),
        }
    };
    cors(answer, org.as_deref(), false)
}

fn refusal_response(status: StatusCode, code: u32, detail: String, request_id: String) -> Response {
    json(
        status,
        &Refusal {
            code,
            msg: message(code),
            detail,
            request_id,
        },
    )
}

/// Answers one identity-check body for a request from `org` (the handler's work after method and size
/// checks). Public for the fuzz targets; not a stable API.
#[doc(hidden)]
pub fn run(state: &State, org: Option<&str>, body: &[u8]) -> Response {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return refusal_response(
            StatusCode::BAD_REQUEST,
            600028,
            "the body must be a JSON object: {\"accessToken\", \"jwtToken\", \"bizType\", \"requestId\"}".into(),
            String::new(),
        );
    };
    let request_id = v
        .get("requestId")
        .and_then(Value::as_str)
        .filter(|s| s.len() <= 128)
        .unwrap_or_default()
        .to_owned();
    match decide(state, org, &v) {
        Ok(ok) => json(StatusCode::OK, &Success { request_id, ..ok }),
        Err(Refuse(code, detail)) => refusal_response(StatusCode::OK, code, detail, request_id),
    }
}

fn decide(state: &State, org: Option<&str>, v: &Value) -> Result<Success, Refuse> {
    if !v.is_object() {
        return refuse(600028, "the body must be a JSON object");
    }
    let Some(at) = v
        .get("accessToken")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    else {
        return refuse(
            600028,
            "accessToken is missing or not a string: pass the AccessToken from GetAuthToken",
        );
    };
    let Some(jwt) = v
        .get("jwtToken")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    else {
        return refuse(
            600028,
            "jwtToken is missing or not a string: pass the JwtToken from GetAuthToken",
        );
    };
    let biz = match v.get("bizType").and_then(Value::as_u64) {
        Some(b @ (0 | 1)) => b as u8,
        _ => {
            return refuse(
                600028,
                "bizType must be 0 (number verification) or 1 (one-click login)",
            )
        }
    };
    let Ok(a) = state.keys.open_access(at) else {
        return refuse(600025, "accessToken is malformed or its signature is wrong: use the AccessToken exactly as GetAuthToken returned it");
    };
    let Ok(j) = state.keys.open_jwt(jwt) else {
        return refuse(600025, "jwtToken is malformed or its signature is wrong: use the JwtToken exactly as GetAuthToken returned it");
    };
    if j.ati != a.id || j.acc != a.acc || j.sub != a.sc || j.org != a.org || j.biz != a.biz {
        return refuse(600025, "accessToken and jwtToken do not belong together: pass both from the same GetAuthToken answer");
    }
    let Some(org) = org else {
        return refuse(600025, "the request has no Origin header: call from the page (add <meta name=\"referrer\" content=\"origin\">)");
    };
    if !same_origin(org, &a.org) {
        return refuse(
            600025,
            format!("this page's origin {org} is not the scheme's Origin {}: open the page from the registered origin", a.org),
        );
    }
    let now = now_unix();
    if a.exp <= now {
        return refuse(
            600034,
            "the accessToken has expired (it lives 10 minutes): call GetAuthToken again",
        );
    }
    if j.exp <= now {
        return refuse(
            600034,
            "the jwtToken has expired (it lives 1 hour): call GetAuthToken again",
        );
    }
    if a.biz != biz {
        let (tok, call) = if a.biz == 0 {
            ("number verification (BizType 0)", "checkLoginAvailable")
        } else {
            ("one-click login (BizType 1)", "checkAuthAvailable")
        };
        return refuse(
            600032,
            format!("these tokens are for {tok}, but {call} asked for the other business type"),
        );
    }
    let Some(scheme) = state.scheme(&a.sc).filter(|s| s.account == a.acc) else {
        return refuse(600004, format!("the scheme {} no longer exists", a.sc));
    };
    if scheme.demoted() {
        return refuse(
            600013,
            format!(
                "the scheme {} is demoted: the capability is unavailable",
                a.sc
            ),
        );
    }
    // The quota is charged once per AccessToken (its first accepted check), and one AccessToken allows a bounded
    // number of checks: replaying a page's tokens neither burns the scheme's quota nor mints tickets without end.
    let charged = state.token_use(&a.acc, TokenKind::Access, &a.id, a.exp, |u| {
        if u.count >= MAX_CHECKS_PER_ACCESS_TOKEN {
            return Err(Refuse(
                600034,
                format!("this accessToken was used for {MAX_CHECKS_PER_ACCESS_TOKEN} identity checks, its limit: call GetAuthToken again"),
            ));
        }
        if u.count == 0 && !scheme.take_quota() {
            return Err(Refuse(
                600014,
                format!("the scheme {}'s call quota is used up", a.sc),
            ));
        }
        u.count += 1;
        Ok(())
    });
    match charged {
        Ok(r) => r?,
        Err(full) => {
            return refuse(
                600014,
                format!(
                    "the gateway's token-use store for this account holds its maximum of {} entries; retry shortly",
                    full.capacity
                ),
            )
        }
    }
    let carriers = Carrier::ALL
        .into_iter()
        .map(|c| CarrierEntry {
            vender: c.code(),
            url: format!("{}/carrier/{}/v1/", scheme.endpoint, c.path()),
            ticket: state.keys.issue_ticket(&TicketClaims {
                v: c,
                acc: a.acc.clone(),
                sc: a.sc.clone(),
                org: a.org.clone(),
                biz: a.biz,
                ati: a.id.clone(),
                exp: a.exp,
                n: new_id(),
            }),
        })
        .collect();
    Ok(Success {
        code: 600000,
        msg: message(600000),
        request_id: String::new(),
        expires_at: a.exp,
        carriers,
        sandbox: scheme.simulated_environment,
    })
}
