//! The gateway's answers (docs/protocol.md §2, §3): request bodies out, answers interpreted into payloads.

use super::codes::Code;
use super::endpoint;
use super::env::Vender;
use super::json;
use super::payload::{CarrierDetail, CarrierEntry, Content, Failure, GatewayContent};

/// Business type: 0 number verification, 1 one-click login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Biz {
    /// Number verification (`checkAuthAvailable` → `getVerifyToken`).
    Verify = 0,
    /// One-click login (`checkLoginAvailable` → `getLoginToken`).
    Login = 1,
}

/// Path of the identity check below the gateway's base URL.
pub const CHECK_PATH: &str = "/h5/v1/check";

/// Body of `POST /h5/v1/check`.
#[must_use]
pub fn check_body(
    access_token: &str,
    jwt_token: &str,
    biz: Biz,
    request_id: &str,
    sdk_version: &str,
) -> String {
    let mut b = String::with_capacity(access_token.len() + jwt_token.len() + 128);
    b.push_str("{\"accessToken\":");
    json::push_string(&mut b, access_token);
    b.push_str(",\"jwtToken\":");
    json::push_string(&mut b, jwt_token);
    b.push_str(if biz == Biz::Verify {
        ",\"bizType\":0"
    } else {
        ",\"bizType\":1"
    });
    b.push_str(",\"requestId\":");
    json::push_string(&mut b, request_id);
    b.push_str(",\"sdkVersion\":");
    json::push_string(&mut b, sdk_version);
    b.push('}');
    b
}

/// Body of `POST /carrier/{cm,cu,ct}/v1/token` (and `mask`).
#[must_use]
pub fn ticket_body(ticket: &str, request_id: &str) -> String {
    let mut b = String::from("{\"ticket\":");
    json::push_string(&mut b, ticket);
    b.push_str(",\"requestId\":");
    json::push_string(&mut b, request_id);
    b.push('}');
    b
}

/// One carrier of a successful check, as the gateway sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct CarrierParams {
    /// `CM`, `CU` or `CT`.
    pub vender: String,
    /// The carrier's base URL (ends with `/v1/`).
    pub url: String,
    /// The carrier ticket (`ct1…`).
    pub ticket: String,
}

/// The answer of `POST /h5/v1/check` (read from the parsed JSON by the api layer).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckAnswer {
    /// 600000 or a refusal code.
    pub code: u32,
    /// The gateway's message.
    pub msg: Option<String>,
    /// The gateway's plain-English reason.
    pub detail: Option<String>,
    /// The carriers' parameters (success only).
    pub carriers: Option<Vec<CarrierParams>>,
    /// A sandbox gateway, whose simulated SIM decides the connection: the SDK then skips its own
    /// desktop/Wi-Fi verdict (a laptop demo must work). Real gateways never send it.
    pub sandbox: Option<bool>,
}

/// A carrier as the SDK will call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// Which carrier.
    pub vender: Vender,
    /// The carrier's base URL, no trailing slash (append `/token`, `/mask`, `/login`).
    pub base: String,
    /// The carrier ticket.
    pub ticket: String,
}

/// What a successful identity check leaves on the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// One ticket per carrier, in the gateway's order.
    pub tickets: Vec<Ticket>,
    /// The gateway said it is a sandbox.
    pub sandbox: bool,
}

fn malformed(what: &str) -> Failure {
    let mut d = String::from("the gateway's answer was malformed (");
    d.push_str(what);
    d.push_str("): check that the endpoint is a PhoneNumberServer gateway");
    Failure::new(Code::Unknown, d)
}

/// Interprets the answer of the identity check.
///
/// # Errors
///
/// The gateway's refusal code (600025 with `content: { code, msg }`), or 600010 for an answer that is not one.
pub fn interpret_check(answer: CheckAnswer) -> Result<Checked, Failure> {
    let Some(code) = Code::from_number(answer.code) else {
        let mut d = String::from("unknown code ");
        json::push_u32(&mut d, answer.code);
        return Err(malformed(&d));
    };
    match code {
        Code::Success => {
            let carriers = answer.carriers.unwrap_or_default();
            if carriers.is_empty() {
                return Err(malformed("success without carriers"));
            }
            let mut tickets = Vec::with_capacity(carriers.len());
            for c in carriers {
                let vender =
                    Vender::parse(&c.vender).ok_or_else(|| malformed("unknown carrier"))?;
                let base = endpoint::base_url(&c.url).ok_or_else(|| malformed("carrier url"))?;
                if c.ticket.is_empty() {
                    return Err(malformed("empty carrier ticket"));
                }
                tickets.push(Ticket {
                    vender,
                    base,
                    ticket: c.ticket,
                });
            }
            Ok(Checked {
                tickets,
                sandbox: answer.sandbox == Some(true),
            })
        }
        Code::AuthFailed
        | Code::BadArgument
        | Code::ParamsExpired
        | Code::BizTypeMismatch
        | Code::SchemeNotFound
        | Code::Unavailable
        | Code::MaxTimes => {
            let detail = match answer.detail {
                Some(d) if !d.is_empty() => String::from("the gateway refused the check: ") + &d,
                _ => String::from("the gateway refused the check"),
            };
            let mut f = Failure::new(code, detail);
            if code == Code::AuthFailed {
                let msg = answer.msg.unwrap_or_else(|| code.msg().into());
                f.content = Content::Gateway(GatewayContent {
                    code: answer.code,
                    msg,
                });
            }
            Err(f)
        }
        _ => {
            let mut d = String::from("unexpected code ");
            json::push_u32(&mut d, answer.code);
            Err(malformed(&d))
        }
    }
}

/// The answer of `POST /carrier/{cm,cu,ct}/v1/token` (read from the parsed JSON by the api layer).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CarrierAnswer {
    /// Whether the carrier issued a token.
    pub ok: bool,
    /// The spToken (success only).
    pub token: Option<String>,
    /// The carrier's trace id.
    pub carrier_trace_id: Option<String>,
    /// `103000`, `NOT_SUBSCRIBER`, ...
    pub carrier_resp_code: Option<String>,
    /// The carrier SDK's own code.
    pub carrier_sdk_code: Option<String>,
    /// The carrier SDK's own message.
    pub carrier_sdk_msg: Option<String>,
}

fn resp_hint(resp: &str) -> (Code, &'static str) {
    match resp {
        "NOT_SUBSCRIBER" => (Code::GetTokenFailed, "the SIM in use is not this carrier's"),
        "NO_CELLULAR" => (Code::GetTokenFailed, "the device is not on mobile data (Wi-Fi on, or no connection)"),
        "TICKET_INVALID" => (
            Code::GetTokenFailed,
            "the carrier refused the ticket (expired, or issued to another origin): call checkAuthAvailable again",
        ),
        "BIZ_MISMATCH" => (Code::GetTokenFailed, "the ticket is for the other business type"),
        "MAINTENANCE" => (Code::Unavailable, "the carrier is under maintenance"),
        "QUOTA" => (Code::MaxTimes, "the carrier's quota is used up"),
        "DAILY_LIMIT" => (Code::MaxTimes, "this number reached the carrier's daily limit"),
        "BLOCKED" => (Code::NumberBlocked, "the carrier blocks this number"),
        "LOCKED" => (Code::GetTokenFailed, "the carrier locked this number for 24 h after wrong entries"),
        "DEVICE_UNKNOWN" => (Code::GetTokenFailed, "the carrier does not know this device"),
        _ => (Code::GetTokenFailed, "the carrier issued no token"),
    }
}

/// Interprets one carrier's answer: its token, or its entry in `content`.
///
/// # Errors
///
/// The carrier's failure entry.
// The entry is moved once per carrier and call, into the payload: boxing it would buy nothing.
#[allow(clippy::result_large_err)]
pub fn interpret_carrier(vender: Vender, answer: CarrierAnswer) -> Result<String, CarrierEntry> {
    match answer.token {
        Some(token) if answer.ok && !token.is_empty() => return Ok(token),
        _ => {}
    }
    let carrier = CarrierDetail {
        carrier_trace_id: answer.carrier_trace_id.unwrap_or_default(),
        carrier_sdk_code: answer.carrier_sdk_code.unwrap_or_default(),
        carrier_resp_code: answer.carrier_resp_code.unwrap_or_default(),
        carrier_sdk_msg: answer.carrier_sdk_msg.unwrap_or_default(),
    };
    let (code, hint) = if answer.ok {
        (
            Code::GetTokenFailed,
            "the carrier answered ok without a token",
        )
    } else {
        resp_hint(&carrier.carrier_resp_code)
    };
    Err(CarrierEntry {
        code: code.number(),
        msg: code.msg(),
        is_success: false,
        vender: vender.as_str(),
        carrier,
        detail: hint.into(),
    })
}

/// The entry of a carrier that could not be reached or answered something unreadable.
#[must_use]
pub fn carrier_unreachable(vender: Vender, detail: String) -> CarrierEntry {
    CarrierEntry {
        code: Code::Unknown.number(),
        msg: Code::Unknown.msg(),
        is_success: false,
        vender: vender.as_str(),
        carrier: CarrierDetail::default(),
        detail,
    }
}

/// The call's failure when no carrier issued a token.
///
/// 600018 when a blocked number is the only cause (every other carrier just is not the SIM's), 600010 when no
/// carrier could be reached at all, else 600011; `content` has one entry per carrier, in the gateway's order.
#[must_use]
pub fn no_token(entries: Vec<CarrierEntry>) -> Failure {
    fn resp(e: &CarrierEntry) -> &str {
        e.carrier.carrier_resp_code.as_str()
    }
    let blocked = entries.iter().any(|e| resp(e) == "BLOCKED");
    let only_blocked = blocked
        && entries
            .iter()
            .all(|e| matches!(resp(e), "BLOCKED" | "NOT_SUBSCRIBER"));
    let unreachable =
        !entries.is_empty() && entries.iter().all(|e| e.code == Code::Unknown.number());
    let code = if only_blocked {
        Code::NumberBlocked
    } else if unreachable {
        Code::Unknown
    } else {
        Code::GetTokenFailed
    };
    let mut d = String::from(if unreachable {
        "no carrier could be reached ("
    } else {
        "no carrier issued a token ("
    });
    // One clause per distinct reason, naming the carriers that gave it: "CU, CT: ...; CM: ...".
    let mut done: Vec<&str> = Vec::new();
    for e in &entries {
        if done.contains(&e.detail.as_str()) {
            continue;
        }
        if !done.is_empty() {
            d.push_str("; ");
        }
        done.push(&e.detail);
        let same = entries.iter().filter(|o| o.detail == e.detail);
        for (i, o) in same.enumerate() {
            if i > 0 {
                d.push_str(", ");
            }
            d.push_str(o.vender);
        }
        d.push_str(": ");
        d.push_str(&e.detail);
    }
    d.push(')');
    let mut f = Failure::new(code, d);
    f.content = Content::Carriers(entries);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(v: &str, url: &str, t: &str) -> CarrierParams {
        CarrierParams {
            vender: v.into(),
            url: url.into(),
            ticket: t.into(),
        }
    }

    fn success() -> CheckAnswer {
        CheckAnswer {
            code: 600000,
            msg: Some("鉴权成功".into()),
            detail: None,
            carriers: Some(vec![
                params("CM", "http://127.0.0.1:8787/carrier/cm/v1/", "ct1.a"),
                params("CU", "http://127.0.0.1:8787/carrier/cu/v1/", "ct1.b"),
                params("CT", "http://127.0.0.1:8787/carrier/ct/v1", "ct1.c"),
            ]),
            sandbox: None,
        }
    }

    fn refusal(code: u32) -> CheckAnswer {
        CheckAnswer {
            code,
            msg: Some("gw msg".into()),
            detail: Some("why".into()),
            carriers: None,
            sandbox: None,
        }
    }

    fn failure<T: std::fmt::Debug>(r: Result<T, Failure>) -> Failure {
        match r {
            Err(f) => f,
            Ok(v) => panic!("expected a failure, got {v:?}"),
        }
    }

    #[test]
    fn check_body_is_the_protocols() {
        let b = check_body("at1.x", "e\"y", Biz::Verify, "r-1", "1.0.0");
        assert_eq!(
            b,
            r#"{"accessToken":"at1.x","jwtToken":"e\"y","bizType":0,"requestId":"r-1","sdkVersion":"1.0.0"}"#
        );
        assert!(check_body("a", "j", Biz::Login, "r", "v").contains("\"bizType\":1"));
    }

    #[test]
    fn ticket_body_is_the_protocols() {
        assert_eq!(
            ticket_body("ct1.x", "r"),
            r#"{"ticket":"ct1.x","requestId":"r"}"#
        );
    }

    #[test]
    fn a_successful_check_gives_tickets_in_order() {
        let c = interpret_check(success()).ok();
        let c = c.as_ref();
        assert_eq!(c.map(|c| c.tickets.len()), Some(3));
        assert_eq!(c.map(|c| c.tickets[0].vender), Some(Vender::Cm));
        assert_eq!(
            c.map(|c| c.tickets[0].base.as_str()),
            Some("http://127.0.0.1:8787/carrier/cm/v1")
        );
        assert_eq!(
            c.map(|c| c.tickets[2].base.as_str()),
            Some("http://127.0.0.1:8787/carrier/ct/v1")
        );
        assert_eq!(c.map(|c| c.tickets[1].ticket.as_str()), Some("ct1.b"));
        assert_eq!(c.map(|c| c.sandbox), Some(false));
    }

    #[test]
    fn the_sandbox_flag() {
        let mut a = success();
        a.sandbox = Some(true);
        assert_eq!(interpret_check(a).ok().map(|c| c.sandbox), Some(true));
    }

    #[test]
    fn refusals_pass_through_with_the_vendor_message() {
        for n in [600004, 600013, 600014, 600028, 600032, 600034] {
            let f = failure(interpret_check(refusal(n)));
            assert_eq!(f.code.number(), n);
            assert_eq!(f.msg, f.code.msg());
            assert_eq!(f.detail, "the gateway refused the check: why");
            assert!(f.content.is_none());
        }
    }

    #[test]
    fn refused_identity_has_the_gateways_content() {
        let f = failure(interpret_check(refusal(600025)));
        assert_eq!((f.code.number(), f.msg), (600025, "接入方身份信息校验失败"));
        assert_eq!(
            f.content,
            Content::Gateway(GatewayContent {
                code: 600025,
                msg: "gw msg".into()
            })
        );
        let mut a = refusal(600025);
        a.msg = None;
        a.detail = None;
        let f = failure(interpret_check(a));
        assert_eq!(
            f.content,
            Content::Gateway(GatewayContent {
                code: 600025,
                msg: "接入方身份信息校验失败".into()
            })
        );
        assert_eq!(f.detail, "the gateway refused the check");
    }

    #[test]
    fn malformed_checks_are_600010() {
        let mut cases = vec![refusal(42), refusal(600015), refusal(600011)];
        let mut a = success();
        a.carriers = None;
        cases.push(a);
        let mut a = success();
        a.carriers = Some(vec![]);
        cases.push(a);
        let mut a = success();
        a.carriers = Some(vec![params("XX", "http://h/", "t")]);
        cases.push(a);
        let mut a = success();
        a.carriers = Some(vec![params("CM", "javascript:x", "t")]);
        cases.push(a);
        let mut a = success();
        a.carriers = Some(vec![params("CM", "http://h/", "")]);
        cases.push(a);
        for a in cases {
            let f = failure(interpret_check(a.clone()));
            assert_eq!(f.code, Code::Unknown, "{a:?}");
            assert!(f.detail.contains("malformed"), "{}", f.detail);
        }
        assert!(failure(interpret_check(refusal(42)))
            .detail
            .contains("unknown code 42"));
    }

    fn refused(resp: &str) -> CarrierAnswer {
        CarrierAnswer {
            ok: false,
            token: None,
            carrier_trace_id: Some("tr".into()),
            carrier_resp_code: Some(resp.into()),
            carrier_sdk_code: Some("103111".into()),
            carrier_sdk_msg: Some("msg".into()),
        }
    }

    fn entry(v: Vender, resp: &str) -> CarrierEntry {
        match interpret_carrier(v, refused(resp)) {
            Err(e) => e,
            Ok(t) => panic!("unexpected token {t}"),
        }
    }

    #[test]
    fn a_carrier_token() {
        let a = CarrierAnswer {
            ok: true,
            token: Some("sp1.abc".into()),
            ..CarrierAnswer::default()
        };
        assert_eq!(
            interpret_carrier(Vender::Cu, a).ok().as_deref(),
            Some("sp1.abc")
        );
    }

    #[test]
    fn ok_without_token_is_a_failure() {
        let a = CarrierAnswer {
            ok: true,
            token: None,
            ..CarrierAnswer::default()
        };
        assert_eq!(
            interpret_carrier(Vender::Cu, a).err().map(|e| e.code),
            Some(600011)
        );
        let a = CarrierAnswer {
            ok: true,
            token: Some(String::new()),
            ..CarrierAnswer::default()
        };
        assert!(interpret_carrier(Vender::Cu, a).is_err());
        let a = CarrierAnswer {
            ok: false,
            token: Some("sp1.x".into()),
            ..CarrierAnswer::default()
        };
        assert!(interpret_carrier(Vender::Cu, a).is_err());
    }

    #[test]
    fn carrier_entries_pass_the_carriers_fields_through() {
        let e = entry(Vender::Cm, "NOT_SUBSCRIBER");
        assert_eq!(
            (e.code, e.msg, e.is_success, e.vender),
            (600011, "获取token失败", false, "CM")
        );
        assert_eq!(
            e.carrier,
            CarrierDetail {
                carrier_trace_id: "tr".into(),
                carrier_sdk_code: "103111".into(),
                carrier_resp_code: "NOT_SUBSCRIBER".into(),
                carrier_sdk_msg: "msg".into(),
            }
        );
    }

    #[test]
    fn carrier_entry_codes() {
        for (resp, code) in [
            ("NO_CELLULAR", 600011),
            ("TICKET_INVALID", 600011),
            ("BIZ_MISMATCH", 600011),
            ("MAINTENANCE", 600013),
            ("QUOTA", 600014),
            ("DAILY_LIMIT", 600014),
            ("BLOCKED", 600018),
            ("LOCKED", 600011),
            ("DEVICE_UNKNOWN", 600011),
            ("SOMETHING_NEW", 600011),
        ] {
            let e = entry(Vender::Ct, resp);
            assert_eq!(e.code, code, "{resp}");
            assert_eq!(Code::from_number(e.code).map(Code::msg), Some(e.msg));
            assert!(!e.detail.is_empty());
        }
    }

    #[test]
    fn all_refused_is_600011_with_one_entry_per_carrier() {
        let f = no_token(vec![
            entry(Vender::Cm, "NOT_SUBSCRIBER"),
            entry(Vender::Cu, "NOT_SUBSCRIBER"),
            entry(Vender::Ct, "NO_CELLULAR"),
        ]);
        assert_eq!((f.code.number(), f.msg), (600011, "获取token失败"));
        assert!(
            f.detail.contains("CT: the device is not on mobile data"),
            "{}",
            f.detail
        );
        match f.content {
            Content::Carriers(e) => assert_eq!(
                e.iter().map(|e| e.vender).collect::<Vec<_>>(),
                ["CM", "CU", "CT"]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn blocked_as_the_only_cause_is_600018() {
        let f = no_token(vec![
            entry(Vender::Cm, "NOT_SUBSCRIBER"),
            entry(Vender::Cu, "BLOCKED"),
            entry(Vender::Ct, "NOT_SUBSCRIBER"),
        ]);
        assert_eq!((f.code.number(), f.msg), (600018, "号码被运营商管控"));
        assert!(matches!(f.content, Content::Carriers(ref e) if e.len() == 3));
    }

    #[test]
    fn blocked_with_another_cause_is_600011() {
        let f = no_token(vec![
            entry(Vender::Cm, "BLOCKED"),
            entry(Vender::Cu, "MAINTENANCE"),
        ]);
        assert_eq!(f.code, Code::GetTokenFailed);
        let f = no_token(vec![
            entry(Vender::Cm, "BLOCKED"),
            carrier_unreachable(Vender::Cu, "down".into()),
        ]);
        assert_eq!(f.code, Code::GetTokenFailed);
    }

    #[test]
    fn nothing_reachable_is_600010() {
        let f = no_token(vec![
            carrier_unreachable(Vender::Cm, "network error".into()),
            carrier_unreachable(Vender::Cu, "network error".into()),
        ]);
        assert_eq!(f.code, Code::Unknown);
        assert!(f.detail.starts_with("no carrier could be reached"));
        let f = no_token(vec![
            carrier_unreachable(Vender::Cm, "x".into()),
            entry(Vender::Cu, "NOT_SUBSCRIBER"),
        ]);
        assert_eq!(f.code, Code::GetTokenFailed);
    }
}
