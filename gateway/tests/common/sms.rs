//! Helpers of the SMS tests: a signed send / check with the sandbox's demo sign name and template.

use super::{Gw, Resp, Sign};
use pns_gateway::sms::{DEMO_SIGN_NAME, DEMO_TEMPLATE_CODE};
use serde_json::Value;

/// The demo template's `TemplateParam` with a generated code.
pub const PARAM: &str = r###"{"code":"##code##","min":"5"}"###;

/// The parameters of a valid send to `number`, before `extra` (later entries win).
pub fn send_params<'a>(number: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut p = vec![
        ("PhoneNumber", number),
        ("SignName", DEMO_SIGN_NAME),
        ("TemplateCode", DEMO_TEMPLATE_CODE),
        ("TemplateParam", PARAM),
    ];
    for (k, v) in extra {
        p.retain(|(pk, _)| pk != k);
        p.push((k, v));
    }
    p
}

impl Gw {
    /// `SendSmsVerifyCode` to `number` (v1, GET) with `extra` parameters.
    pub async fn sms_send(&self, number: &str, extra: &[(&str, &str)]) -> Resp {
        self.v1(
            &Sign::demo(),
            "GET",
            "SendSmsVerifyCode",
            &send_params(number, extra),
        )
        .await
    }

    /// A send asking for the code back; returns the code.
    pub async fn sms_code(&self, number: &str, extra: &[(&str, &str)]) -> String {
        let mut e = vec![("ReturnVerifyCode", "true")];
        e.extend_from_slice(extra);
        let r = self.sms_send(number, &e).await;
        assert_eq!(r.body["Code"], "OK", "{}", r.text);
        r.body["Model"]["VerifyCode"]
            .as_str()
            .expect("VerifyCode")
            .to_owned()
    }

    /// `CheckSmsVerifyCode` (v1, GET); returns `Model.VerifyResult` (or the error `Code`).
    pub async fn sms_check(&self, number: &str, code: &str, extra: &[(&str, &str)]) -> String {
        let mut p = vec![("PhoneNumber", number), ("VerifyCode", code)];
        p.extend_from_slice(extra);
        let r = self
            .v1(&Sign::demo(), "GET", "CheckSmsVerifyCode", &p)
            .await;
        match &r.body["Model"]["VerifyResult"] {
            Value::String(s) => s.clone(),
            _ => r.body["Code"].as_str().unwrap_or("?").to_owned(),
        }
    }

    /// The inbox of `number` through the control API.
    pub async fn inbox(&self, number: &str) -> Value {
        let r = self
            .http
            .get(format!("{}/sandbox/v1/sms/inbox/{number}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        serde_json::from_str(&r.text().await.unwrap()).unwrap()
    }

    /// How many messages `number`'s inbox holds.
    pub async fn inbox_len(&self, number: &str) -> usize {
        self.inbox(number).await["messages"]
            .as_array()
            .map_or(0, Vec::len)
    }
}
