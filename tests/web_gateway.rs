//! The exported `PhoneNumberServer` against the real gateway over loopback, in headless Chromium.
//!
//! The gateway's URL comes in at compile time: `PNS_GATEWAY_URL` (default `http://127.0.0.1:8787`), a gateway
//! started with `gateway --sandbox`. The test page has its own origin (a random port), so each test registers
//! a scheme for `location.origin`, gets tokens from the sample backend, and creates its own simulated device
//! (the `pns_sim` cookie, sent to the carriers by the SDK's credentialed fetches).
#![cfg(target_arch = "wasm32")]

use gloo_net::http::Request;
use js_sys::{Object, Reflect};
use numberauth_web::api::PhoneNumberServer;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::RequestCredentials;

wasm_bindgen_test_configure!(run_in_browser);

const PHONE_UA: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36";

fn gateway() -> String {
    option_env!("PNS_GATEWAY_URL")
        .unwrap_or("http://127.0.0.1:8787")
        .trim_end_matches('/')
        .into()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap_or(f64::NAN)
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

/// A phone on mobile data, as far as the SDK's environment verdict can tell.
fn pretend_phone() {
    let nav: Object = get(&js_sys::global(), "navigator").unchecked_into();
    let define = |key: &str, value: JsValue| {
        let d: Object = obj(&[("value", value), ("configurable", JsValue::TRUE)]).unchecked_into();
        Object::define_property(&nav, &JsValue::from_str(key), &d);
    };
    define("userAgent", JsValue::from_str(PHONE_UA));
    define(
        "connection",
        obj(&[("type", JsValue::from_str("cellular"))]),
    );
}

/// POSTs JSON to the gateway (credentials included, so `Set-Cookie` sticks) and returns the parsed answer.
async fn post(path: &str, body: &str) -> JsValue {
    let url = gateway() + path;
    let resp = Request::post(&url)
        .header("Content-Type", "application/json")
        .credentials(RequestCredentials::Include)
        .body(body)
        .unwrap()
        .send()
        .await
        .unwrap_or_else(|e| panic!("is the gateway running at {}? {e}", gateway()));
    let status = resp.status();
    let text = resp.text().await.unwrap();
    assert!(
        (200..300).contains(&status),
        "{url} answered {status}: {text}"
    );
    js_sys::JSON::parse(&text).unwrap()
}

fn json_string(s: &str) -> String {
    js_sys::JSON::stringify(&JsValue::from_str(s))
        .unwrap()
        .into()
}

struct Fixture {
    access_token: String,
    jwt_token: String,
    number: String,
    scene: String,
}

/// A scheme for this page's origin (with extra scheme fields), tokens for `biz`, and a selected device.
async fn fixture_with(biz: u8, scheme_extra: &str, device: &str) -> Fixture {
    let origin: String = get(&get(&js_sys::global(), "location"), "origin")
        .as_string()
        .unwrap();
    let scheme = post(
        "/sandbox/v1/schemes",
        &(String::from("{\"url\":")
            + &json_string(&(origin.clone() + "/"))
            + ",\"origin\":"
            + &json_string(&origin)
            + scheme_extra
            + "}"),
    )
    .await;
    let scene = text(&scheme, "sceneCode");
    let tokens = post(
        "/demo-backend/auth-token",
        &(String::from("{\"bizType\":")
            + &biz.to_string()
            + ",\"sceneCode\":"
            + &json_string(&scene)
            + "}"),
    )
    .await;
    let dev = post("/sandbox/v1/devices", device).await;
    pretend_phone();
    Fixture {
        access_token: text(&tokens, "accessToken"),
        jwt_token: text(&tokens, "jwtToken"),
        number: text(&dev, "number"),
        scene,
    }
}

async fn fixture(device: &str) -> Fixture {
    fixture_with(0, "", device).await
}

fn check_opts(f: &Fixture) -> JsValue {
    obj(&[
        ("accessToken", JsValue::from_str(&f.access_token)),
        ("jwtToken", JsValue::from_str(&f.jwt_token)),
    ])
}

fn server() -> PhoneNumberServer {
    PhoneNumberServer::new(JsValue::UNDEFINED).unwrap()
}

/// An instance whose gateway is `endpoint`, and check options with the given tokens.
fn at_endpoint(
    endpoint: &str,
    access_token: &str,
    jwt_token: &str,
) -> (PhoneNumberServer, JsValue) {
    let s = PhoneNumberServer::new(obj(&[("endpoint", JsValue::from_str(endpoint))])).unwrap();
    let opts = obj(&[
        ("accessToken", JsValue::from_str(access_token)),
        ("jwtToken", JsValue::from_str(jwt_token)),
    ]);
    (s, opts)
}

async fn resolved(p: js_sys::Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => v,
        Err(e) => panic!("expected success, got {:?}", js_sys::JSON::stringify(&e)),
    }
}

async fn rejected(p: js_sys::Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => panic!(
            "expected a rejection, got {:?}",
            js_sys::JSON::stringify(&v)
        ),
        Err(e) => e,
    }
}

fn carrier_codes(e: &JsValue) -> Vec<(String, String)> {
    let content = get(e, "content");
    assert!(
        js_sys::Array::is_array(&content),
        "content is not an array: {e:?}"
    );
    js_sys::Array::from(&content)
        .iter()
        .map(|c| {
            assert_eq!(get(&c, "isSuccess").as_bool(), Some(false));
            (
                text(&c, "vender"),
                text(&get(&c, "carrier"), "carrierRespCode"),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn check_then_verify_token_gives_an_sp_token_the_server_accepts() {
    let f = fixture(r#"{"carrier":"CU","connection":"cellular"}"#).await;
    let s = server();
    let ok = resolved(s.check_auth_available(check_opts(&f))).await;
    assert_eq!(
        (num(&ok, "code"), text(&ok, "msg")),
        (600000.0, "鉴权成功".into())
    );
    assert_eq!(text(&ok, "requestId").len(), 36);

    let tok = resolved(s.get_verify_token(JsValue::UNDEFINED)).await;
    assert_eq!(num(&tok, "code"), 600000.0);
    assert_eq!(get(&tok, "isSuccess").as_bool(), Some(true));
    assert_eq!(text(&tok, "vender"), "CU");
    let sp = text(&tok, "spToken");
    assert!(sp.starts_with("sp1."), "{sp}");
    assert_ne!(text(&tok, "requestId"), text(&ok, "requestId"));

    let verdict = post(
        "/demo-backend/verify",
        &(String::from("{\"spToken\":")
            + &json_string(&sp)
            + ",\"phoneNumber\":"
            + &json_string(&f.number)
            + "}"),
    )
    .await;
    assert_eq!(text(&verdict, "verifyResult"), "PASS", "{verdict:?}");
}

#[wasm_bindgen_test]
async fn the_endpoint_option_overrides_the_issuer() {
    let f = fixture(r#"{"carrier":"CT","connection":"cellular"}"#).await;
    let s = PhoneNumberServer::new(obj(&[("endpoint", JsValue::from_str(&(gateway() + "/")))]))
        .unwrap();
    resolved(s.check_auth_available(check_opts(&f))).await;
    let tok = resolved(s.get_verify_token(obj(&[("timeout", JsValue::from(10))]))).await;
    assert_eq!(text(&tok, "vender"), "CT");
}

#[wasm_bindgen_test]
async fn garbage_tokens_are_600025_with_the_gateways_content() {
    pretend_phone();
    let (s, opts) = at_endpoint(&gateway(), "at1.garbage", "x.y.z");
    let e = rejected(s.check_auth_available(opts)).await;
    assert_eq!(
        (num(&e, "code"), text(&e, "msg")),
        (600025.0, "接入方身份信息校验失败".into())
    );
    let content = get(&e, "content");
    assert_eq!(num(&content, "code"), 600025.0);
    assert!(!text(&content, "msg").is_empty());
    assert!(text(&e, "detail").starts_with("the gateway refused the check"));
    // The failed check leaves the instance unchecked.
    let e = rejected(s.get_verify_token(obj(&[]))).await;
    assert_eq!(num(&e, "code"), 600025.0);
}

#[wasm_bindgen_test]
async fn verification_tokens_are_refused_for_login_with_600032() {
    let f = fixture(r#"{"carrier":"CM","connection":"cellular"}"#).await;
    let e = rejected(server().check_login_available(check_opts(&f))).await;
    assert_eq!(num(&e, "code"), 600032.0, "{e:?}");
}

#[wasm_bindgen_test]
async fn a_second_instance_does_not_share_state() {
    let f = fixture(r#"{"carrier":"CM","connection":"cellular"}"#).await;
    let a = server();
    let b = server();
    resolved(a.check_auth_available(check_opts(&f))).await;
    let e = rejected(b.get_verify_token(obj(&[]))).await;
    assert_eq!(
        (num(&e, "code"), text(&e, "msg")),
        (600025.0, "身份校验失败".into())
    );
    assert_eq!(
        text(&e, "detail"),
        "getVerifyToken ran before checkAuthAvailable succeeded on this instance"
    );
    let tok = resolved(a.get_verify_token(obj(&[]))).await;
    assert_eq!(text(&tok, "vender"), "CM");
}

#[wasm_bindgen_test]
async fn a_slow_carrier_times_out_with_600015_without_poisoning_the_instance() {
    let f = fixture(r#"{"carrier":"CU","connection":"cellular","faults":{"CU":{"delayMs":3000}}}"#)
        .await;
    let s = server();
    resolved(s.check_auth_available(check_opts(&f))).await;
    let started = js_sys::Date::now();
    let e = rejected(s.get_verify_token(obj(&[("timeout", JsValue::from_f64(0.8))]))).await;
    let took = js_sys::Date::now() - started;
    assert_eq!(
        (num(&e, "code"), text(&e, "msg")),
        (600015.0, "接口超时".into())
    );
    assert!(
        (700.0..2000.0).contains(&took),
        "the timeout fired after {took} ms"
    );
    // The next call starts afresh and waits for the slow carrier.
    let tok = resolved(s.get_verify_token(obj(&[("timeout", JsValue::from(10))]))).await;
    assert_eq!(text(&tok, "vender"), "CU");
}

#[wasm_bindgen_test]
async fn the_first_success_wins_without_waiting_for_slow_losers() {
    // The SIM is CU's; CM and CT answer (NOT_SUBSCRIBER) only after 3 s.
    let f = fixture(
        r#"{"carrier":"CU","connection":"cellular","faults":{"CM":{"delayMs":3000},"CT":{"delayMs":3000}}}"#,
    )
    .await;
    let s = server();
    resolved(s.check_auth_available(check_opts(&f))).await;
    let started = js_sys::Date::now();
    let tok = resolved(s.get_verify_token(obj(&[]))).await;
    let took = js_sys::Date::now() - started;
    assert_eq!(text(&tok, "vender"), "CU");
    assert!(
        took < 2500.0,
        "getVerifyToken waited {took} ms for the losers"
    );
}

#[wasm_bindgen_test]
async fn a_timeout_in_milliseconds_is_understood() {
    let f = fixture(r#"{"carrier":"CT","connection":"cellular","faults":{"CT":{"delayMs":2500}}}"#)
        .await;
    let s = server();
    resolved(s.check_auth_available(check_opts(&f))).await;
    let e = rejected(s.get_verify_token(obj(&[("timeout", JsValue::from(600))]))).await;
    assert_eq!(num(&e, "code"), 600015.0);
}

#[wasm_bindgen_test]
async fn no_carrier_on_mobile_data_is_600011_with_one_entry_per_carrier() {
    // The SDK believes it is on cellular; the simulated SIM is on Wi-Fi, so no carrier can see it.
    let f = fixture(r#"{"carrier":"CM","connection":"wifi"}"#).await;
    let s = server();
    resolved(s.check_auth_available(check_opts(&f))).await;
    let e = rejected(s.get_verify_token(obj(&[]))).await;
    assert_eq!(
        (num(&e, "code"), text(&e, "msg")),
        (600011.0, "获取token失败".into())
    );
    assert_eq!(
        carrier_codes(&e),
        [
            ("CM".into(), "NO_CELLULAR".into()),
            ("CU".into(), "NO_CELLULAR".into()),
            ("CT".into(), "NO_CELLULAR".into())
        ]
    );
    assert!(text(&e, "detail").contains("not on mobile data"), "{e:?}");
}

#[wasm_bindgen_test]
async fn a_blocked_number_is_600018() {
    let f = fixture(r#"{"carrier":"CT","connection":"cellular","faults":{"CT":{"blocked":true}}}"#)
        .await;
    let s = server();
    resolved(s.check_auth_available(check_opts(&f))).await;
    let e = rejected(s.get_verify_token(obj(&[]))).await;
    assert_eq!(
        (num(&e, "code"), text(&e, "msg")),
        (600018.0, "号码被运营商管控".into())
    );
    assert_eq!(carrier_codes(&e).len(), 3);
}

#[wasm_bindgen_test]
async fn a_demoted_scheme_is_600013() {
    let f = fixture_with(0, ",\"demoted\":true", r#"{"carrier":"CM"}"#).await;
    let e = rejected(server().check_auth_available(check_opts(&f))).await;
    assert_eq!(
        (num(&e, "code"), text(&e, "msg")),
        (600013.0, "运营商维护升级，该功能不可用".into())
    );
}

#[wasm_bindgen_test]
async fn a_used_up_quota_is_600014() {
    let f = fixture_with(0, ",\"quota\":1", r#"{"carrier":"CM"}"#).await;
    let s = server();
    resolved(s.check_auth_available(check_opts(&f))).await;
    // The quota is charged once per AccessToken: the next page visit's tokens find it used up.
    let next = post(
        "/demo-backend/auth-token",
        &(String::from("{\"bizType\":0,\"sceneCode\":") + &json_string(&f.scene) + "}"),
    )
    .await;
    let next = Fixture {
        access_token: text(&next, "accessToken"),
        jwt_token: text(&next, "jwtToken"),
        number: f.number.clone(),
        scene: f.scene.clone(),
    };
    let e = rejected(s.check_auth_available(check_opts(&next))).await;
    assert_eq!(num(&e, "code"), 600014.0);
    // The refused check leaves the instance unchecked.
    let e = rejected(s.get_verify_token(obj(&[]))).await;
    assert_eq!(num(&e, "code"), 600025.0);
}

#[wasm_bindgen_test]
async fn login_check_succeeds_with_login_tokens() {
    let f = fixture_with(1, "", r#"{"carrier":"CM","connection":"cellular"}"#).await;
    let s = server();
    let ok = resolved(s.check_login_available(check_opts(&f))).await;
    assert_eq!(num(&ok, "code"), 600000.0);
    // Verification stays unchecked.
    assert_eq!(
        num(&rejected(s.get_verify_token(obj(&[]))).await, "code"),
        600025.0
    );
}

#[wasm_bindgen_test]
async fn an_unreachable_or_refused_endpoint_is_600010_saying_which() {
    pretend_phone();
    for (endpoint, says) in [
        // Nothing listens there: fetch rejects.
        (
            "http://127.0.0.1:47",
            "http://127.0.0.1:47/h5/v1/check could not be reached: ",
        ),
        // Accepted by the endpoint check (an http URL), refused by `new Request` (a port out of range).
        ("http://127.0.0.1:99999", "could not be requested: "),
    ] {
        let (s, opts) = at_endpoint(endpoint, "at1.x", "a.b.c");
        let e = rejected(s.check_auth_available(opts)).await;
        assert_eq!(
            (num(&e, "code"), text(&e, "msg")),
            (600010.0, "未知异常".into())
        );
        let detail = text(&e, "detail");
        assert!(detail.contains(says), "{detail}");
    }
}
