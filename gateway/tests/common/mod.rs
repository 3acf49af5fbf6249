//! Shared test harness: an in-process gateway on 127.0.0.1:0, and hand-written v1 / ACS3 signers
//! (written from the spec's rules, independent of the gateway's own code).
#![allow(dead_code)]

pub mod sms;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use pns_gateway::config::{Config, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_SCENE_CODE};
use pns_gateway::{AppState, Dirs, Gateway};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::{SystemTime, UNIX_EPOCH};

pub const AK: &str = DEMO_ACCESS_KEY_ID;
pub const SK: &str = DEMO_ACCESS_KEY_SECRET;
pub const SCENE: &str = DEMO_SCENE_CODE;

const SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub fn enc(s: &str) -> String {
    utf8_percent_encode(s, SET).to_string()
}

pub fn iso(unix: u64) -> String {
    // Days-to-civil, enough for test timestamps.
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub fn nonce() -> String {
    let mut b = [0u8; 16];
    rand::fill(&mut b[..]);
    hex::encode(b)
}

/// How to tamper with a signed request (for refusal tests).
#[derive(Clone, Default)]
pub struct Sign {
    pub ak: String,
    pub sk: String,
    pub timestamp: Option<u64>,
    pub nonce: Option<String>,
    pub wrong_secret: bool,
}

impl Sign {
    pub fn demo() -> Sign {
        Sign {
            ak: AK.into(),
            sk: SK.into(),
            ..Sign::default()
        }
    }
    pub fn with(ak: &str, sk: &str) -> Sign {
        Sign {
            ak: ak.into(),
            sk: sk.into(),
            ..Sign::default()
        }
    }
}

pub struct Gw {
    pub base: String,
    pub origin: String,
    pub state: AppState,
    pub http: reqwest::Client,
}

/// `common` (the protocol parameters) plus `params`, sorted and percent-encoded, with the v1 `Signature` of
/// `method` over them appended: a query string or form body.
pub fn signed_v1(
    s: &Sign,
    method: &str,
    mut common: Vec<(String, String)>,
    params: &[(&str, &str)],
) -> String {
    common.extend(
        params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    common.sort();
    let canonical: Vec<String> = common
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    let canonical = canonical.join("&");
    let sts = format!("{method}&%2F&{}", enc(&canonical));
    let key = if s.wrong_secret {
        format!("{}x&", s.sk)
    } else {
        format!("{}&", s.sk)
    };
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(sts.as_bytes());
    let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    format!("{canonical}&Signature={}", enc(&sig))
}

pub async fn start() -> Gw {
    start_with(Config::sandbox()).await
}

pub async fn start_with(cfg: Config) -> Gw {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gw = Gateway::from_listener(&cfg, listener, Dirs::default()).unwrap();
    let state = gw.state.clone();
    let base = state.base_url.clone();
    tokio::spawn(gw.serve());
    Gw {
        origin: base.clone(),
        base,
        state,
        http: reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    }
}

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

async fn into_resp(r: reqwest::Response) -> Resp {
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Resp {
        status,
        headers,
        body,
        text,
    }
}

impl Gw {
    /// A v1-signed call (all parameters in the query; method GET or POST).
    /// `VerifyPhoneWithToken` for `sp` and `number`, v1-signed with `s` (GET): the call most tests make.
    pub async fn verify_phone(&self, s: &Sign, sp: &str, number: &str) -> Resp {
        self.v1(
            s,
            "GET",
            "VerifyPhoneWithToken",
            &[("SpToken", sp), ("PhoneNumber", number)],
        )
        .await
    }

    pub async fn v1(&self, s: &Sign, method: &str, action: &str, params: &[(&str, &str)]) -> Resp {
        let ts = iso(s.timestamp.unwrap_or_else(now));
        let n = s.nonce.clone().unwrap_or_else(nonce);
        let all: Vec<(String, String)> = vec![
            ("Action".into(), action.into()),
            ("Version".into(), "2017-05-25".into()),
            ("Format".into(), "JSON".into()),
            ("AccessKeyId".into(), s.ak.clone()),
            ("SignatureMethod".into(), "HMAC-SHA1".into()),
            ("SignatureVersion".into(), "1.0".into()),
            ("SignatureNonce".into(), n),
            ("Timestamp".into(), ts),
        ];
        let url = format!("{}/?{}", self.base, signed_v1(s, method, all, params));
        let req = if method == "GET" {
            self.http.get(url)
        } else {
            self.http.post(url)
        };
        into_resp(req.send().await.unwrap()).await
    }

    /// A v1-signed POST with the parameters in a form body.
    pub async fn v1_form(&self, s: &Sign, action: &str, params: &[(&str, &str)]) -> Resp {
        let all: Vec<(String, String)> = vec![
            ("Action".into(), action.into()),
            ("Version".into(), "2017-05-25".into()),
            ("AccessKeyId".into(), s.ak.clone()),
            ("SignatureMethod".into(), "HMAC-SHA1".into()),
            ("SignatureVersion".into(), "1.0".into()),
            ("SignatureNonce".into(), nonce()),
            ("Timestamp".into(), iso(now())),
        ];
        let body = signed_v1(s, "POST", all, params);
        let r = self
            .http
            .post(format!("{}/", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        into_resp(r).await
    }

    /// An ACS3-HMAC-SHA256 call the way the vendor's Python client makes it: POST /, parameters in the query
    /// (form-style encoding), empty body, every client header signed.
    pub async fn v3(&self, s: &Sign, action: &str, params: &[(&str, &str)]) -> Resp {
        let host = self.base.trim_start_matches("http://").to_owned();
        let date = iso(s.timestamp.unwrap_or_else(now));
        let n = s.nonce.clone().unwrap_or_else(nonce);
        let body_hash = hex::encode(Sha256::digest(b""));
        let mut sorted: Vec<(String, String)> =
            params.iter().map(|(k, v)| (enc(k), enc(v))).collect();
        sorted.sort();
        let cq: Vec<String> = sorted.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let cq = cq.join("&");
        // The wire query uses form encoding (space as '+'), as the vendor client does.
        let wire: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter())
            .finish();
        let headers = [
            ("accept", "application/json".to_owned()),
            ("host", host),
            ("user-agent", "pns-gateway-tests".to_owned()),
            ("x-acs-action", action.to_owned()),
            ("x-acs-content-sha256", body_hash.clone()),
            ("x-acs-date", date),
            ("x-acs-signature-nonce", n),
            ("x-acs-version", "2017-05-25".to_owned()),
        ];
        let signed: Vec<&str> = headers.iter().map(|(k, _)| *k).collect();
        let signed = signed.join(";");
        let ch: String = headers
            .iter()
            .map(|(k, v)| format!("{k}:{}\n", v.trim()))
            .collect();
        let creq = format!("POST\n/\n{cq}\n{ch}\n{signed}\n{body_hash}");
        let sts = format!(
            "ACS3-HMAC-SHA256\n{}",
            hex::encode(Sha256::digest(creq.as_bytes()))
        );
        let key = if s.wrong_secret {
            format!("{}x", s.sk)
        } else {
            s.sk.clone()
        };
        let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(sts.as_bytes());
        let sig = hex::encode(mac.finalize().into_bytes());
        let mut req = self.http.post(format!("{}/?{wire}", self.base));
        for (k, v) in &headers {
            if *k != "host" {
                req = req.header(*k, v);
            }
        }
        req = req.header(
            "authorization",
            format!(
                "ACS3-HMAC-SHA256 Credential={},SignedHeaders={signed},Signature={sig}",
                s.ak
            ),
        );
        into_resp(req.send().await.unwrap()).await
    }

    /// GetAuthToken with these `Url`, `Origin` and `SceneCode` (BizType 0), v1-signed with the demo key.
    pub async fn get_auth_token(&self, url: &str, origin: &str, scene: &str) -> Resp {
        let params = [
            ("Url", url),
            ("Origin", origin),
            ("SceneCode", scene),
            ("BizType", "0"),
        ];
        self.v1(&Sign::demo(), "GET", "GetAuthToken", &params).await
    }

    /// Whether a CORS preflight from `origin` to the sandbox API is granted.
    pub async fn sandbox_preflight_allowed(&self, origin: &str) -> bool {
        let r = self
            .http
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/sandbox/v1/devices", self.base),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
            .await
            .unwrap();
        r.headers().get("access-control-allow-origin").is_some()
    }

    /// GetAuthToken for a scheme; returns (AccessToken, JwtToken).
    pub async fn tokens_for(
        &self,
        s: &Sign,
        scene: &str,
        origin: &str,
        biz: u8,
    ) -> (String, String) {
        let url = format!("{origin}/");
        let biz = biz.to_string();
        let r = self
            .v1(
                s,
                "GET",
                "GetAuthToken",
                &[
                    ("Url", &url),
                    ("Origin", origin),
                    ("SceneCode", scene),
                    ("BizType", &biz),
                ],
            )
            .await;
        assert_eq!(r.body["Code"], "OK", "{}", r.text);
        (
            r.body["TokenInfo"]["AccessToken"]
                .as_str()
                .unwrap()
                .to_owned(),
            r.body["TokenInfo"]["JwtToken"].as_str().unwrap().to_owned(),
        )
    }

    pub async fn tokens(&self, biz: u8) -> (String, String) {
        self.tokens_for(&Sign::demo(), SCENE, &self.origin.clone(), biz)
            .await
    }

    /// POST /h5/v1/check as the SDK sends it.
    pub async fn check(&self, origin: Option<&str>, body: &Value) -> Resp {
        self.check_raw(origin, body.to_string()).await
    }

    pub async fn check_raw(&self, origin: Option<&str>, body: String) -> Resp {
        let mut req = self
            .http
            .post(format!("{}/h5/v1/check", self.base))
            .header("content-type", "text/plain;charset=UTF-8")
            .body(body);
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        into_resp(req.send().await.unwrap()).await
    }

    /// Identity check; returns the carriers' tickets by vender.
    pub async fn tickets(&self, origin: &str, at: &str, jwt: &str, biz: u8) -> Value {
        let r = self
            .check(
                Some(origin),
                &json!({"accessToken": at, "jwtToken": jwt, "bizType": biz, "requestId": "t"}),
            )
            .await;
        assert_eq!(r.body["code"], 600000, "{}", r.text);
        r.body
    }

    pub fn ticket(check: &Value, vender: &str) -> String {
        check["carriers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["vender"] == vender)
            .unwrap()["ticket"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A carrier call with the device named by X-Pns-Sim.
    pub async fn carrier(
        &self,
        vender: &str,
        op: &str,
        origin: &str,
        device: Option<&str>,
        body: &Value,
    ) -> Resp {
        self.carrier_raw(vender, op, origin, device, body.to_string())
            .await
    }

    pub async fn carrier_raw(
        &self,
        vender: &str,
        op: &str,
        origin: &str,
        device: Option<&str>,
        body: String,
    ) -> Resp {
        let mut req = self
            .http
            .post(format!(
                "{}/carrier/{}/v1/{op}",
                self.base,
                vender.to_lowercase()
            ))
            .header("content-type", "text/plain;charset=UTF-8")
            .header("origin", origin)
            .body(body);
        if let Some(d) = device {
            req = req.header("x-pns-sim", d);
        }
        into_resp(req.send().await.unwrap()).await
    }

    pub async fn sandbox(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        let url = format!("{}/sandbox/v1/{path}", self.base);
        let mut req = match method {
            "GET" => self.http.get(url),
            "POST" => self.http.post(url),
            "PATCH" => self.http.patch(url),
            "DELETE" => self.http.delete(url),
            _ => unreachable!(),
        };
        // The sandbox API takes JSON only, also for a POST without a body (sandbox_guard).
        if method != "GET" {
            req = req.header("content-type", "application/json");
        }
        if let Some(b) = body {
            req = req.body(b.to_string());
        }
        into_resp(req.send().await.unwrap()).await
    }

    /// Creates a device; returns (id, number).
    pub async fn device(&self, spec: Value) -> (String, String) {
        let r = self.sandbox("POST", "devices", Some(spec)).await;
        assert_eq!(r.status, 201, "{}", r.text);
        (
            r.body["id"].as_str().unwrap().to_owned(),
            r.body["number"].as_str().unwrap().to_owned(),
        )
    }

    /// Creates a scheme for `origin` under the demo account; returns its SceneCode.
    pub async fn scheme(&self, extra: Value) -> String {
        let mut spec = json!({"url": format!("{}/", self.origin), "origin": self.origin});
        if let (Some(m), Some(e)) = (spec.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                m.insert(k.clone(), v.clone());
            }
        }
        let r = self.sandbox("POST", "schemes", Some(spec)).await;
        assert_eq!(r.status, 201, "{}", r.text);
        r.body["sceneCode"].as_str().unwrap().to_owned()
    }

    /// Full browser-side flow for number verification on `device`; returns the spToken.
    pub async fn verify_token(&self, device: &str, vender: &str) -> String {
        let (at, jwt) = self.tokens(0).await;
        let chk = self.tickets(&self.origin, &at, &jwt, 0).await;
        self.sp_token(&chk, vender, device).await
    }

    /// The spToken carrier `vender` issues to `device` for the ticket of identity check `check` (asserted to).
    pub async fn sp_token(&self, check: &Value, vender: &str, device: &str) -> String {
        let r = self
            .carrier(
                vender,
                "token",
                &self.origin,
                Some(device),
                &json!({"ticket": Gw::ticket(check, vender), "requestId": "x"}),
            )
            .await;
        assert_eq!(r.body["ok"], true, "{}", r.text);
        r.body["token"].as_str().unwrap().to_owned()
    }

    /// Browser-side login flow up to the masked number; returns (loginTicket, maskedNumber).
    pub async fn mask(&self, device: &str, vender: &str) -> (String, String) {
        let (at, jwt) = self.tokens(1).await;
        let chk = self.tickets(&self.origin, &at, &jwt, 1).await;
        let r = self
            .carrier(
                vender,
                "mask",
                &self.origin,
                Some(device),
                &json!({"ticket": Gw::ticket(&chk, vender)}),
            )
            .await;
        assert_eq!(r.body["ok"], true, "{}", r.text);
        (
            r.body["loginTicket"].as_str().unwrap().to_owned(),
            r.body["maskedNumber"].as_str().unwrap().to_owned(),
        )
    }

    pub async fn login(&self, device: &str, vender: &str, lt: &str, digits: &str) -> Resp {
        self.carrier(
            vender,
            "login",
            &self.origin,
            Some(device),
            &json!({"loginTicket": lt, "digits": digits}),
        )
        .await
    }
}
