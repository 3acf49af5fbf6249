//! The plain objects a call settles with (success payloads and error payloads) and the data its page callbacks
//! get: each derives `Serialize` with the vendor's camelCase field names, in the vendor's order, and the api layer
//! turns it into a plain JS object through serde-wasm-bindgen.

use serde::Serialize;

use super::codes::{Code, MSG_CHECK_SUCCESS};
use super::vender::Vender;

/// Why a call failed, before a `requestId` is attached.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The result code.
    pub code: Code,
    /// The vendor's message (usually `code.msg()`).
    pub msg: &'static str,
    /// Plain English: what was wrong and what to do.
    pub detail: String,
    /// Extra data where the spec gives some.
    pub content: Content,
}

impl Failure {
    /// A failure with the code's own message and no content.
    #[must_use]
    pub fn new(code: Code, detail: impl Into<String>) -> Failure {
        Failure {
            code,
            msg: code.msg(),
            detail: detail.into(),
            content: Content::None,
        }
    }

    /// 600015: the call's `timeout` (`ms`) passed while it waited for `waiting_for`.
    #[must_use]
    pub fn timed_out(method: &str, ms: u32, waiting_for: &str) -> Failure {
        let mut d = String::from(method);
        d.push_str(" timed out after ");
        super::json::push_u32(&mut d, ms);
        d.push_str(" ms waiting for ");
        d.push_str(waiting_for);
        d.push_str(": pass a larger timeout (in seconds), or check the network");
        Failure::new(Code::Timeout, d)
    }

    /// Attaches the call's `requestId`.
    #[must_use]
    pub fn into_payload(self, request_id: String) -> ErrorPayload {
        ErrorPayload {
            code: self.code.number(),
            msg: self.msg,
            request_id,
            detail: self.detail,
            content: self.content,
        }
    }
}

/// `content` of an error payload: the gateway's `{ code, msg }` or an array of carrier entries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Content {
    /// No `content` field.
    None,
    /// 600025 from the gateway: its own `{ code, msg }`.
    Gateway(GatewayContent),
    /// 600011 / 600018: one entry per carrier tried, in the gateway's carrier order.
    Carriers(Vec<CarrierEntry>),
}

impl Content {
    /// Whether the payload has no `content` field.
    #[must_use]
    pub fn is_none(&self) -> bool {
        matches!(self, Content::None)
    }
}

/// The gateway's own answer to a refused identity check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GatewayContent {
    /// The gateway's code.
    pub code: u32,
    /// The gateway's message.
    pub msg: String,
}

/// One carrier's failure in `content` (600011): `{ code, msg, isSuccess, vender, carrier, detail }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CarrierEntry {
    /// 600011 (or 600018 when the carrier blocks the number, 600010 when it could not be reached).
    pub code: u32,
    /// The message for `code`.
    pub msg: &'static str,
    /// Always `false`.
    pub is_success: bool,
    /// `'CM'`, `'CU'` or `'CT'`.
    pub vender: &'static str,
    /// What the carrier said, passed through.
    pub carrier: CarrierDetail,
    /// Plain English.
    pub detail: String,
}

/// The carrier's own fields, passed through (empty when the carrier could not be reached).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CarrierDetail {
    /// The carrier's trace id.
    pub carrier_trace_id: String,
    /// The carrier SDK's own code.
    pub carrier_sdk_code: String,
    /// The carrier's response code (`NOT_SUBSCRIBER`, `NO_CELLULAR`, ...).
    pub carrier_resp_code: String,
    /// The carrier SDK's own message.
    pub carrier_sdk_msg: String,
}

/// An error payload: `{ code, msg, requestId, detail, content? }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorPayload {
    /// The result code.
    pub code: u32,
    /// The vendor's message.
    pub msg: &'static str,
    /// The call's UUID.
    pub request_id: String,
    /// Plain English.
    pub detail: String,
    /// Only where the spec gives one.
    #[serde(skip_serializing_if = "Content::is_none")]
    pub content: Content,
}

/// Success of `checkAuthAvailable` / `checkLoginAvailable`: `{ code: 600000, msg: '鉴权成功', requestId }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckSuccess {
    /// 600000.
    pub code: u32,
    /// `鉴权成功`.
    pub msg: &'static str,
    /// The call's UUID.
    pub request_id: String,
}

impl CheckSuccess {
    /// The payload for a call.
    #[must_use]
    pub fn new(request_id: String) -> CheckSuccess {
        CheckSuccess {
            code: Code::Success.number(),
            msg: MSG_CHECK_SUCCESS,
            request_id,
        }
    }
}

/// Success of `getVerifyToken`: `{ code: 600000, msg, spToken, isSuccess: true, vender, requestId }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenSuccess {
    /// 600000.
    pub code: u32,
    /// `成功`.
    pub msg: &'static str,
    /// The sealed token for the page's server.
    pub sp_token: String,
    /// Always `true`.
    pub is_success: bool,
    /// The carrier that answered.
    pub vender: &'static str,
    /// The call's UUID.
    pub request_id: String,
}

impl TokenSuccess {
    /// The payload for a carrier's token.
    #[must_use]
    pub fn new(sp_token: String, vender: Vender, request_id: String) -> TokenSuccess {
        TokenSuccess {
            code: Code::Success.number(),
            msg: Code::Success.msg(),
            sp_token,
            is_success: true,
            vender: vender.as_str(),
            request_id,
        }
    }
}

/// Success of `getLoginToken`: `{ code: 600000, msg, spToken, vender, requestId }` (the api layer adds the page
/// helpers `clearInput`, `focusOn` and `setMessage`, which are functions).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginSuccess {
    /// 600000.
    pub code: u32,
    /// `成功`.
    pub msg: &'static str,
    /// The sealed token for the page's server.
    pub sp_token: String,
    /// The carrier that answered.
    pub vender: &'static str,
    /// The call's UUID.
    pub request_id: String,
}

impl LoginSuccess {
    /// The payload for a carrier's token.
    #[must_use]
    pub fn new(sp_token: String, vender: Vender, request_id: String) -> LoginSuccess {
        LoginSuccess {
            code: Code::Success.number(),
            msg: Code::Success.msg(),
            sp_token,
            vender: vender.as_str(),
            request_id,
        }
    }
}

/// What the login page's callbacks (`watch`, `protocolPageWatch`, `privacyAlertWatch`, `previewPrivacyWatch`,
/// `extraBtn.onClick`) get: `{ requestId, netType }`, plus the agreement's `link` and `name` when one was opened,
/// and `agreed` when the privacy dialog closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageData {
    /// The call's UUID.
    pub request_id: String,
    /// The carrier whose page it is (`CM`, `CU`, `CT`).
    pub net_type: &'static str,
    /// The opened agreement's address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The opened agreement's shown name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the user agreed in the privacy dialog.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreed: Option<bool>,
}

impl PageData {
    /// `{ requestId, netType }`.
    #[must_use]
    pub fn new(request_id: &str, vender: Vender) -> PageData {
        PageData {
            request_id: request_id.into(),
            net_type: vender.as_str(),
            link: None,
            name: None,
            agreed: None,
        }
    }
}

/// `checkEnvAvailable()`: `{ isPc, isWifi }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvPayload {
    /// The user agent is not a phone or tablet.
    pub is_pc: bool,
    /// The connection is known to be Wi-Fi.
    pub is_wifi: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_uses_the_codes_message() {
        let f = Failure::new(Code::Timeout, "late");
        assert_eq!(f.msg, "接口超时");
        let p = f.into_payload("id-1".into());
        assert_eq!(p.code, 600015);
        assert_eq!(p.request_id, "id-1");
        assert_eq!(p.detail, "late");
        assert!(p.content.is_none());
    }

    #[test]
    fn timed_out_says_how_long_and_for_what() {
        let f = Failure::timed_out("getVerifyToken", 25_000, "the carriers");
        assert_eq!((f.code.number(), f.msg), (600015, "接口超时"));
        assert!(
            f.detail
                .starts_with("getVerifyToken timed out after 25000 ms waiting for the carriers"),
            "{}",
            f.detail
        );
    }

    #[test]
    fn every_code_makes_a_payload_with_its_message() {
        for c in crate::codes::ALL {
            let p = Failure::new(c, "d").into_payload("r".into());
            assert_eq!((p.code, p.msg), (c.number(), c.msg()));
        }
    }

    fn json<T: Serialize>(v: &T) -> String {
        serde_json::to_string(v).expect("a payload serialises")
    }

    #[test]
    fn payloads_have_the_vendors_field_names_in_order() {
        assert_eq!(
            json(&CheckSuccess::new("r".into())),
            r#"{"code":600000,"msg":"鉴权成功","requestId":"r"}"#
        );
        assert_eq!(
            json(&TokenSuccess::new("sp".into(), Vender::Cm, "r".into())),
            r#"{"code":600000,"msg":"成功","spToken":"sp","isSuccess":true,"vender":"CM","requestId":"r"}"#
        );
        assert_eq!(
            json(&LoginSuccess::new("sp".into(), Vender::Cu, "r".into())),
            r#"{"code":600000,"msg":"成功","spToken":"sp","vender":"CU","requestId":"r"}"#
        );
        assert_eq!(
            json(&EnvPayload {
                is_pc: true,
                is_wifi: false
            }),
            r#"{"isPc":true,"isWifi":false}"#
        );
        let mut data = PageData::new("r", Vender::Ct);
        assert_eq!(json(&data), r#"{"requestId":"r","netType":"CT"}"#);
        data.link = Some("/p".into());
        data.name = Some("《隐私政策》".into());
        data.agreed = Some(false);
        assert_eq!(
            json(&data),
            r#"{"requestId":"r","netType":"CT","link":"/p","name":"《隐私政策》","agreed":false}"#
        );
    }

    #[test]
    fn error_payloads_carry_content_only_where_given() {
        let plain = Failure::new(Code::BadArgument, "d").into_payload("r".into());
        assert_eq!(
            json(&plain),
            r#"{"code":600028,"msg":"入参错误","requestId":"r","detail":"d"}"#
        );
        let mut gw = Failure::new(Code::AuthFailed, "d");
        gw.content = Content::Gateway(GatewayContent {
            code: 1,
            msg: "m".into(),
        });
        assert!(json(&gw.into_payload("r".into()))
            .ends_with(r#""detail":"d","content":{"code":1,"msg":"m"}}"#));
        let mut carriers = Failure::new(Code::GetTokenFailed, "d");
        carriers.content = Content::Carriers(vec![CarrierEntry {
            code: 600011,
            msg: "m",
            is_success: false,
            vender: "CM",
            carrier: CarrierDetail {
                carrier_resp_code: "NOT_SUBSCRIBER".into(),
                ..CarrierDetail::default()
            },
            detail: "x".into(),
        }]);
        assert!(json(&carriers.into_payload("r".into())).ends_with(
            r#""content":[{"code":600011,"msg":"m","isSuccess":false,"vender":"CM","carrier":{"carrierTraceId":"","carrierSdkCode":"","carrierRespCode":"NOT_SUBSCRIBER","carrierSdkMsg":""},"detail":"x"}]}"#
        ));
    }

    #[test]
    fn success_payloads() {
        let c = CheckSuccess::new("r".into());
        assert_eq!((c.code, c.msg), (600000, "鉴权成功"));
        let t = TokenSuccess::new("sp1.x".into(), Vender::Ct, "r".into());
        assert_eq!(
            (t.code, t.msg, t.vender, t.is_success),
            (600000, "成功", "CT", true)
        );
    }
}
