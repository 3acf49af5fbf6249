//! The three simulated carriers: `POST /carrier/{cm,cu,ct}/v1/{token,mask,login}` (docs/protocol.md §3).

use crate::http::{body_failure, cors, json, origin, preflight};
use crate::phone::{self, Carrier};
use crate::sim::Connection;
use crate::state::{AppState, Device, NumberState, State, TokenKind, DAY};
use crate::tokens::{new_id, LoginClaims, SpClaims, TicketClaims};
use crate::urls::same_origin;
use crate::util::{expiry_in, now_unix};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as AxState};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// Largest accepted body.
pub const MAX_BODY: usize = 16 * 1024;
/// Upper bound of a `slow` fault (defined with the fault types, re-exported where it acts).
pub use crate::sim::MAX_DELAY_MS;
/// CM: verifications per number per 24 h.
pub const CM_DAILY_LIMIT: usize = 10;
/// Wrong middle-four entries before CM/CT lock the number.
pub const MAX_WRONG_DIGITS: u32 = 3;
/// Wrong middle-four entries one login ticket allows, on every carrier (CU included): the ticket is spent by the
/// last one, so guessing needs a new `mask` for every few guesses.
pub const MAX_WRONG_PER_LOGIN_TICKET: u32 = 3;
/// `mask` calls one carrier ticket allows (each hands out a login ticket): a page checks once on load and calls
/// getLoginToken on every press, so a visitor who leaves the login page (700000) and comes back needs a new mask
/// each time; 10 lets them do that, and still bounds the login tickets, and so the guesses and the use records, one
/// identity check can lead to.
pub const MAX_MASKS_PER_TICKET: u32 = 10;

/// Why a carrier refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The SIM belongs to another carrier.
    NotSubscriber,
    /// Not on cellular data.
    NoCellular,
    /// Ticket missing, forged, for another carrier, expired, or of another origin.
    TicketInvalid,
    /// Wrong business type for the operation.
    BizMismatch,
    /// Maintenance fault.
    Maintenance,
    /// Carrier quota fault.
    Quota,
    /// Number blocked.
    Blocked,
    /// CM daily limit reached.
    DailyLimit,
    /// Wrong middle four digits.
    WrongDigits,
    /// Locked for 24 h.
    Locked,
    /// The cookie names no device.
    DeviceUnknown,
    /// Not a JSON body (HTTP 400).
    BadRequest,
}

impl Failure {
    fn resp_code(self) -> &'static str {
        match self {
            Failure::NotSubscriber => "NOT_SUBSCRIBER",
            Failure::NoCellular => "NO_CELLULAR",
            Failure::TicketInvalid => "TICKET_INVALID",
            Failure::BizMismatch => "BIZ_MISMATCH",
            Failure::Maintenance => "MAINTENANCE",
            Failure::Quota => "QUOTA",
            Failure::Blocked => "BLOCKED",
            Failure::DailyLimit => "DAILY_LIMIT",
            Failure::WrongDigits => "WRONG_DIGITS",
            Failure::Locked => "LOCKED",
            Failure::DeviceUnknown => "DEVICE_UNKNOWN",
            Failure::BadRequest => "BAD_REQUEST",
        }
    }

    /// The carrier's own code and message style (CM `103xxx`, CU numeric, CT `-xx`).
    fn sdk_style(self, c: Carrier) -> (&'static str, &'static str) {
        use Failure as F;
        match (c, self) {
            (Carrier::Cm, F::NotSubscriber) => ("103111", "网关IP错误"),
            (Carrier::Cm, F::NoCellular) => ("103102", "未使用数据网络"),
            (Carrier::Cm, F::TicketInvalid) => ("103101", "签名错误"),
            (Carrier::Cm, F::BizMismatch) => ("103119", "业务类型错误"),
            (Carrier::Cm, F::Maintenance) => ("103902", "系统维护"),
            (Carrier::Cm, F::Quota) => ("103211", "超出调用配额"),
            (Carrier::Cm, F::Blocked) => ("103412", "号码受限"),
            (Carrier::Cm, F::DailyLimit) => ("103126", "号码超出每日校验次数"),
            (Carrier::Cm, F::WrongDigits) => ("103130", "号码中间四位错误"),
            (Carrier::Cm, F::Locked) => ("103131", "号码已锁定"),
            (Carrier::Cm, F::DeviceUnknown | F::BadRequest) => ("103199", "请求无效"),
            (Carrier::Cu, F::NotSubscriber) => ("1102", "非联通号码"),
            (Carrier::Cu, F::NoCellular) => ("1101", "非蜂窝网络"),
            (Carrier::Cu, F::TicketInvalid) => ("1001", "签名校验失败"),
            (Carrier::Cu, F::BizMismatch) => ("1002", "业务类型不匹配"),
            (Carrier::Cu, F::Maintenance) => ("5001", "系统维护"),
            (Carrier::Cu, F::Quota) => ("5002", "超出配额"),
            (Carrier::Cu, F::Blocked) => ("3001", "号码受限"),
            (Carrier::Cu, F::DailyLimit) => ("3002", "超出次数限制"),
            (Carrier::Cu, F::WrongDigits) => ("4001", "号码校验失败"),
            (Carrier::Cu, F::Locked) => ("4002", "号码已锁定"),
            (Carrier::Cu, F::DeviceUnknown | F::BadRequest) => ("9999", "请求无效"),
            (Carrier::Ct, F::NotSubscriber) => ("-64", "非电信用户"),
            (Carrier::Ct, F::NoCellular) => ("-20", "非移动数据网络"),
            (Carrier::Ct, F::TicketInvalid) => ("-10", "签名无效"),
            (Carrier::Ct, F::BizMismatch) => ("-11", "业务类型错误"),
            (Carrier::Ct, F::Maintenance) => ("-30", "系统维护"),
            (Carrier::Ct, F::Quota) => ("-31", "超出配额"),
            (Carrier::Ct, F::Blocked) => ("-70", "号码受限"),
            (Carrier::Ct, F::DailyLimit) => ("-71", "超出次数限制"),
            (Carrier::Ct, F::WrongDigits) => ("-41", "号码校验失败"),
            (Carrier::Ct, F::Locked) => ("-42", "号码已锁定"),
            (Carrier::Ct, F::DeviceUnknown | F::BadRequest) => ("-99", "请求无效"),
        }
    }
}

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

struct Refusal {
    failure: Failure,
    detail: String,
    remaining: Option<Option<u32>>,
}

fn fail<T>(failure: Failure, detail: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal {
        failure,
        detail: detail.into(),
        remaining: None,
    })
}

/// What a successful operation hands back.
#[derive(Default)]
struct Issued {
    token: Option<String>,
    masked_number: Option<String>,
    login_ticket: Option<String>,
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
            subscriber(state, c, &device, fault.blocked)?;
            if op == Op::Token {
                issue_token(state, c, &device, &ticket, now)
            } else {
                issue_mask(state, c, &device, &ticket, now)
            }
        }
        Op::Login => login(state, c, &device, org, body, fault.blocked, now),
    }
}

fn open_ticket(
    state: &State,
    c: Carrier,
    org: Option<&str>,
    body: &Value,
    now: u64,
) -> Result<TicketClaims, Refusal> {
    let Some(raw) = body.get("ticket").and_then(Value::as_str) else {
        return fail(
            Failure::TicketInvalid,
            "ticket is missing: pass this carrier's ticket from /h5/v1/check",
        );
    };
    let Ok(t) = state.keys.open_ticket(c, raw) else {
        return fail(
            Failure::TicketInvalid,
            format!("the ticket is forged, tampered or not {c}'s"),
        );
    };
    if t.exp <= now {
        return fail(
            Failure::TicketInvalid,
            "the ticket has expired (it lives as long as the AccessToken)",
        );
    }
    if !org.is_some_and(|o| same_origin(o, &t.org)) {
        return fail(
            Failure::TicketInvalid,
            format!(
                "the ticket was issued for origin {}, not this request's",
                t.org
            ),
        );
    }
    Ok(t)
}

fn subscriber(state: &State, c: Carrier, device: &Device, blocked: bool) -> Result<(), Refusal> {
    if device.carrier != c {
        return fail(
            Failure::NotSubscriber,
            format!(
                "the SIM in use is {}'s: only that carrier can answer",
                device.carrier
            ),
        );
    }
    if blocked {
        return fail(Failure::Blocked, format!("{c} blocks this number"));
    }
    let _ = state;
    Ok(())
}

fn store_full(cap: usize) -> Refusal {
    Refusal {
        failure: Failure::Quota,
        detail: format!("the gateway's per-number store holds its maximum of {cap} numbers"),
        remaining: None,
    }
}

fn sp_lifetime(state: &State, c: Carrier, scene: &str) -> u64 {
    state
        .scheme(scene)
        .map_or(c.sp_lifetime(), |s| s.sp_lifetime(c))
}

fn issue_token(
    state: &State,
    c: Carrier,
    device: &Device,
    t: &TicketClaims,
    now: u64,
) -> Result<Issued, Refusal> {
    if c == Carrier::Cm {
        let allowed = state
            .numbers
            .update(device.number.clone(), now, NumberState::default, |n| {
                while n.verifications.front().is_some_and(|at| at + DAY <= now) {
                    n.verifications.pop_front();
                }
                if n.verifications.len() >= CM_DAILY_LIMIT {
                    false
                } else {
                    n.verifications.push_back(now);
                    true
                }
            })
            .map_err(|f| store_full(f.capacity))?;
        if !allowed {
            return fail(
                Failure::DailyLimit,
                format!("this number was verified {CM_DAILY_LIMIT} times in the last 24 h"),
            );
        }
    }
    let sp = SpClaims {
        jti: new_id(),
        v: c,
        num: device.number.clone(),
        acc: t.acc.clone(),
        sc: t.sc.clone(),
        biz: 0,
        ati: t.ati.clone(),
        exp: expiry_in(sp_lifetime(state, c, &t.sc)),
    };
    Ok(Issued {
        token: Some(state.keys.seal_sp(&sp)),
        ..Issued::default()
    })
}

fn locked(state: &State, c: Carrier, number: &str, now: u64) -> Result<(), Refusal> {
    if !c.locks_after_wrong_digits() {
        return Ok(());
    }
    let until = state
        .numbers
        .read(&number.to_owned(), now, |n| n.locked_until)
        .unwrap_or(0);
    if until > now {
        return Err(Refusal {
            failure: Failure::Locked,
            detail: format!("{c} locked one-click login for this number after {MAX_WRONG_DIGITS} wrong entries; try again in {} s", until - now),
            remaining: Some(Some(0)),
        });
    }
    Ok(())
}

fn issue_mask(
    state: &State,
    c: Carrier,
    device: &Device,
    t: &TicketClaims,
    now: u64,
) -> Result<Issued, Refusal> {
    locked(state, c, &device.number, now)?;
    let taken = state
        .token_use(&t.acc, TokenKind::CarrierTicket, &t.n, t.exp, |u| {
            if u.count >= MAX_MASKS_PER_TICKET {
                false
            } else {
                u.count += 1;
                true
            }
        })
        .map_err(|f| store_full(f.capacity))?;
    if !taken {
        return fail(
            Failure::TicketInvalid,
            format!("this ticket was already used for {MAX_MASKS_PER_TICKET} masks: run the identity check again for a new one"),
        );
    }
    let lt = LoginClaims {
        jti: new_id(),
        v: c,
        num: device.number.clone(),
        acc: t.acc.clone(),
        sc: t.sc.clone(),
        org: t.org.clone(),
        ati: t.ati.clone(),
        tn: t.n.clone(),
        exp: expiry_in(sp_lifetime(state, c, &t.sc)),
    };
    Ok(Issued {
        masked_number: Some(phone::mask(&device.number)),
        login_ticket: Some(state.keys.seal_login(&lt)),
        ..Issued::default()
    })
}

fn login(
    state: &State,
    c: Carrier,
    device: &Device,
    org: Option<&str>,
    body: &Value,
    blocked: bool,
    now: u64,
) -> Result<Issued, Refusal> {
    let Some(raw) = body.get("loginTicket").and_then(Value::as_str) else {
        return fail(
            Failure::TicketInvalid,
            "loginTicket is missing: pass the loginTicket from mask",
        );
    };
    let lt = match state.keys.open_login(raw) {
        Ok(lt) if lt.v == c => lt,
        _ => {
            return fail(
                Failure::TicketInvalid,
                format!("the loginTicket is forged, tampered or not {c}'s"),
            )
        }
    };
    if lt.exp <= now {
        return fail(
            Failure::TicketInvalid,
            "the loginTicket has expired: call mask again",
        );
    }
    if !org.is_some_and(|o| same_origin(o, &lt.org)) {
        return fail(
            Failure::TicketInvalid,
            format!(
                "the loginTicket was issued for origin {}, not this request's",
                lt.org
            ),
        );
    }
    subscriber(state, c, device, blocked)?;
    if device.number != lt.num {
        return fail(
            Failure::NotSubscriber,
            "the SIM in use is not the one the masked number was shown for",
        );
    }
    let digits = body.get("digits").and_then(Value::as_str).unwrap_or("");
    let right = digits == phone::middle_four(&lt.num);
    // The ticket's record and the number's state are read and changed under their locks together (always taken
    // in this order), so concurrent guesses are counted one by one: none is compared after the ticket is spent
    // or the number locked.
    let outcome = state
        .token_use(&lt.acc, TokenKind::LoginTicket, &lt.jti, lt.exp, |u| {
            if u.spent {
                return Ok(Guess::Spent);
            }
            let guess = state
                .numbers
                .update(lt.num.clone(), now, NumberState::default, |n| {
                    judge(n, c, right, now)
                })?;
            match guess {
                Guess::Right => u.spent = true,
                Guess::Wrong(_) | Guess::LockedNow => {
                    u.count += 1;
                    if u.count >= MAX_WRONG_PER_LOGIN_TICKET {
                        u.spent = true;
                    }
                }
                Guess::Locked(_) | Guess::Spent => {}
            }
            Ok(guess)
        })
        .and_then(|r| r)
        .map_err(|f: crate::store::Full| store_full(f.capacity))?;
    let wrong = match outcome {
        Guess::Spent => {
            return fail(
                Failure::TicketInvalid,
                "the loginTicket was already used (or had its wrong entries): call mask again",
            )
        }
        Guess::Locked(left) => {
            return Err(Refusal {
                failure: Failure::Locked,
                detail: format!("{c} locked one-click login for this number after {MAX_WRONG_DIGITS} wrong entries; try again in {left} s"),
                remaining: Some(Some(0)),
            })
        }
        Guess::Right => {
            let sp = SpClaims {
                jti: new_id(),
                v: c,
                num: lt.num.clone(),
                acc: lt.acc.clone(),
                sc: lt.sc.clone(),
                biz: 1,
                ati: lt.ati.clone(),
                exp: expiry_in(sp_lifetime(state, c, &lt.sc)),
            };
            return Ok(Issued {
                token: Some(state.keys.seal_sp(&sp)),
                ..Issued::default()
            });
        }
        Guess::LockedNow => None,
        Guess::Wrong(n) => Some(n),
    };
    let shape_hint = if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        ""
    } else {
        " (digits must be the four middle digits, e.g. \"1234\")"
    };
    match wrong {
        None => Err(Refusal {
            failure: Failure::Locked,
            detail: format!("{MAX_WRONG_DIGITS} wrong entries: {c} locked one-click login for this number for 24 h"),
            remaining: Some(Some(0)),
        }),
        Some(n) if c.locks_after_wrong_digits() => Err(Refusal {
            failure: Failure::WrongDigits,
            detail: format!("the middle four digits are wrong{shape_hint}"),
            remaining: Some(Some(MAX_WRONG_DIGITS.saturating_sub(n))),
        }),
        Some(_) => Err(Refusal {
            failure: Failure::WrongDigits,
            detail: format!("the middle four digits are wrong{shape_hint}; {c} does not lock the number, but a loginTicket allows {MAX_WRONG_PER_LOGIN_TICKET} wrong entries (then call mask again)"),
            remaining: Some(None),
        }),
    }
}

/// What one middle-four entry led to.
enum Guess {
    /// The login ticket was already spent (nothing compared).
    Spent,
    /// CM/CT: the number is locked for this many more seconds (nothing compared).
    Locked(u64),
    /// Right: the ticket is spent and a login spToken issued.
    Right,
    /// Wrong; for CM/CT the number's wrong entries so far.
    Wrong(u32),
    /// Wrong, and CM/CT locked the number with it.
    LockedNow,
}

/// Checks the number's lock and counts the entry, all under the number's lock.
fn judge(n: &mut NumberState, c: Carrier, right: bool, now: u64) -> Guess {
    if c.locks_after_wrong_digits() && n.locked_until > now {
        return Guess::Locked(n.locked_until - now);
    }
    if right {
        n.wrong = 0;
        return Guess::Right;
    }
    if n.wrong > 0 && n.wrong_at + DAY <= now {
        n.wrong = 0;
    }
    n.wrong += 1;
    n.wrong_at = now;
    if c.locks_after_wrong_digits() && n.wrong >= MAX_WRONG_DIGITS {
        n.locked_until = now + DAY;
        n.wrong = 0;
        Guess::LockedNow
    } else {
        Guess::Wrong(n.wrong)
    }
}
