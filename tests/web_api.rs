//! The exported `PhoneNumberServer` in headless Chromium, without a gateway: options, environment, codes.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Reflect};
use numberauth_web::api::PhoneNumberServer;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const PHONE_UA: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36";
const DESKTOP_UA: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";

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

/// Makes this page look like a given browser: `navigator.userAgent` and `navigator.connection.type`.
fn pretend(ua: &str, connection: Option<&str>) {
    let nav: Object = get(&js_sys::global(), "navigator").unchecked_into();
    let define = |key: &str, value: JsValue| {
        let d: Object = obj(&[("value", value), ("configurable", JsValue::TRUE)]).unchecked_into();
        Object::define_property(&nav, &JsValue::from_str(key), &d);
    };
    define("userAgent", JsValue::from_str(ua));
    define("maxTouchPoints", JsValue::from(0));
    let conn = match connection {
        Some(t) => obj(&[("type", JsValue::from_str(t))]),
        None => obj(&[]),
    };
    define("connection", conn);
}

fn server() -> PhoneNumberServer {
    let s = PhoneNumberServer::new(JsValue::UNDEFINED).unwrap();
    s.set_logger_enable(&JsValue::FALSE);
    s
}

/// Awaits a call's Promise: `Ok(payload)` or `Err(error payload)`.
async fn settle(p: js_sys::Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

async fn rejected(p: js_sys::Promise) -> JsValue {
    match settle(p).await {
        Ok(v) => panic!("expected a rejection, got {v:?}"),
        Err(e) => e,
    }
}

fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
        && b.iter()
            .enumerate()
            .all(|(i, c)| [8, 13, 18, 23].contains(&i) || c.is_ascii_hexdigit())
}

fn assert_error(e: &JsValue, code: f64, msg: &str, detail_has: &str) {
    assert_eq!(num(e, "code"), code, "{e:?}");
    assert_eq!(text(e, "msg"), msg, "{e:?}");
    let detail = text(e, "detail");
    assert!(
        detail.contains(detail_has),
        "detail {detail:?} lacks {detail_has:?}"
    );
    assert!(is_uuid_v4(&text(e, "requestId")), "{e:?}");
}

#[wasm_bindgen_test]
fn version_is_the_crates() {
    assert_eq!(
        server().get_version().as_string().as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );
}

#[wasm_bindgen_test]
fn constructor_refuses_a_bad_endpoint_with_an_error_600028() {
    for opts in [
        obj(&[("endpoint", JsValue::from_str("gateway.example.com"))]),
        obj(&[("endpoint", JsValue::from_str("ftp://gateway.example.com"))]),
        obj(&[("endpoint", JsValue::from(42))]),
        obj(&[("logger", JsValue::from_str("yes"))]),
        JsValue::from_str("https://gateway.example.com"),
    ] {
        let e = match PhoneNumberServer::new(opts) {
            Ok(_) => panic!("the constructor accepted bad options"),
            Err(e) => e,
        };
        assert!(e.is_instance_of::<js_sys::Error>(), "{e:?}");
        assert_eq!(num(&e, "code"), 600028.0);
        assert_eq!(text(&e, "msg"), "入参错误");
        assert!(text(&e, "detail").starts_with("new PhoneNumberServer(options)"));
    }
}

#[wasm_bindgen_test]
fn constructor_accepts_good_options() {
    assert!(PhoneNumberServer::new(obj(&[(
        "endpoint",
        JsValue::from_str("https://gw.example.com/")
    )]))
    .is_ok());
    assert!(PhoneNumberServer::new(obj(&[("logger", JsValue::FALSE)])).is_ok());
    assert!(PhoneNumberServer::new(JsValue::NULL).is_ok());
}

#[wasm_bindgen_test]
fn get_connection_maps_exactly_three_values() {
    let s = server();
    for (t, expected) in [
        (Some("wifi"), "wifi"),
        (Some("cellular"), "cellular"),
        (Some("ethernet"), "unknown"),
        (Some("none"), "unknown"),
        (None, "unknown"),
    ] {
        pretend(PHONE_UA, t);
        assert_eq!(
            s.get_connection().as_string().as_deref(),
            Some(expected),
            "{t:?}"
        );
    }
}

#[wasm_bindgen_test]
fn check_env_available_reads_the_browser() {
    let s = server();
    pretend(DESKTOP_UA, Some("ethernet"));
    let v = s.check_env_available();
    assert_eq!(
        (get(&v, "isPc").as_bool(), get(&v, "isWifi").as_bool()),
        (Some(true), Some(false))
    );
    pretend(PHONE_UA, Some("wifi"));
    let v = s.check_env_available();
    assert_eq!(
        (get(&v, "isPc").as_bool(), get(&v, "isWifi").as_bool()),
        (Some(false), Some(true))
    );
    pretend(
        &(String::from(PHONE_UA) + " MicroMessenger/8.0 NetType/WIFI"),
        None,
    );
    assert_eq!(
        get(&s.check_env_available(), "isWifi").as_bool(),
        Some(true)
    );
}

#[wasm_bindgen_test]
async fn check_auth_available_rejects_bad_options_with_600028() {
    let s = server();
    let at = || ("accessToken", JsValue::from_str("at1.x"));
    let jwt = || ("jwtToken", JsValue::from_str("a.b.c"));
    let cases = [
        (obj(&[jwt()]), "accessToken is missing"),
        (obj(&[at()]), "jwtToken is missing"),
        (
            obj(&[("accessToken", JsValue::from_str("")), jwt()]),
            "accessToken is empty",
        ),
        (
            obj(&[at(), ("jwtToken", JsValue::from(5))]),
            "jwtToken must be a string",
        ),
        (
            obj(&[at(), jwt(), ("timeout", JsValue::from(-1))]),
            "timeout must be a positive",
        ),
        (
            obj(&[at(), jwt(), ("timeout", JsValue::from(0))]),
            "timeout must be a positive",
        ),
        (
            obj(&[at(), jwt(), ("timeout", JsValue::from_f64(f64::NAN))]),
            "timeout must be a positive",
        ),
        (
            obj(&[at(), jwt(), ("timeout", JsValue::from_str("10"))]),
            "timeout must be a number",
        ),
        (JsValue::from_str("at1.x"), "must be an options object"),
        (JsValue::UNDEFINED, "accessToken is missing"),
    ];
    for (opts, detail) in cases {
        let e = rejected(s.check_auth_available(opts)).await;
        assert_error(&e, 600028.0, "入参错误", detail);
        assert!(get(&e, "content").is_undefined());
    }
}

#[wasm_bindgen_test]
async fn check_login_available_names_itself_in_details() {
    let e = rejected(server().check_login_available(obj(&[]))).await;
    assert_error(
        &e,
        600028.0,
        "入参错误",
        "checkLoginAvailable: accessToken is missing",
    );
}

#[wasm_bindgen_test]
async fn garbage_jwt_is_600025_before_any_network() {
    // The payload's JSON is read by the browser's JSON.parse: not JSON, not an object, no string `iss`.
    let s = server();
    for (jwt, why) in [
        ("garbage", "not a JWT"),
        ("a.b", "not a JWT"),
        ("eyJhbGciOiJIUzI1NiJ9.!!!.sig", "not base64url"),
        ("eyJhbGciOiJIUzI1NiJ9.__4.sig", "not UTF-8"),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig", "no issuer"),
        ("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.sig", "no issuer"),
        ("eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOjQyfQ.sig", "no issuer"),
        ("eyJhbGciOiJIUzI1NiJ9.WyJpc3MiXQ.sig", "no issuer"),
        (
            "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqYXZhc2NyaXB0OmFsZXJ0KDEpIn0.sig",
            "not an http(s) URL",
        ),
    ] {
        let opts = obj(&[
            ("accessToken", JsValue::from_str("at1.x")),
            ("jwtToken", JsValue::from_str(jwt)),
        ]);
        let e = rejected(s.check_auth_available(opts)).await;
        assert_error(&e, 600025.0, "接入方身份信息校验失败", why);
    }
}

#[wasm_bindgen_test]
async fn get_verify_token_before_a_check_is_600025() {
    pretend(PHONE_UA, Some("cellular"));
    let e = rejected(server().get_verify_token(JsValue::UNDEFINED)).await;
    assert_error(
        &e,
        600025.0,
        "身份校验失败",
        "getVerifyToken ran before checkAuthAvailable succeeded on this instance",
    );
}

#[wasm_bindgen_test]
async fn get_verify_token_on_a_desktop_is_600008_at_once() {
    pretend(DESKTOP_UA, Some("ethernet"));
    let started = js_sys::Date::now();
    let e = rejected(server().get_verify_token(obj(&[]))).await;
    assert_error(&e, 600008.0, "环境错误", "desktop");
    assert!(js_sys::Date::now() - started < 500.0);
}

#[wasm_bindgen_test]
async fn get_verify_token_on_wifi_is_600008() {
    pretend(PHONE_UA, Some("wifi"));
    let e = rejected(server().get_verify_token(obj(&[]))).await;
    assert_error(&e, 600008.0, "环境错误", "Wi-Fi");
}

#[wasm_bindgen_test]
async fn get_verify_token_rejects_a_bad_timeout_with_600028() {
    pretend(PHONE_UA, Some("cellular"));
    let s = server();
    for t in [JsValue::from(-5), JsValue::from_str("25"), JsValue::TRUE] {
        let e = rejected(s.get_verify_token(obj(&[("timeout", t)]))).await;
        assert_error(&e, 600028.0, "入参错误", "getVerifyToken: timeout");
    }
    let e = rejected(s.get_verify_token(JsValue::from(3))).await;
    assert_error(&e, 600028.0, "入参错误", "options object");
}

#[wasm_bindgen_test]
async fn get_login_token_before_a_login_check_is_600025() {
    pretend(PHONE_UA, Some("cellular"));
    let e = rejected(server().get_login_token(obj(&[]))).await;
    assert_error(&e, 600025.0, "身份校验失败", "checkLoginAvailable");
}

#[wasm_bindgen_test]
async fn an_unreachable_endpoint_is_600010() {
    // Nothing listens there; the fetch fails at once.
    let s = PhoneNumberServer::new(obj(&[(
        "endpoint",
        JsValue::from_str("http://127.0.0.1:47"),
    )]))
    .unwrap();
    s.set_logger_enable(&JsValue::FALSE);
    let opts = obj(&[
        ("accessToken", JsValue::from_str("at1.x")),
        ("jwtToken", JsValue::from_str("a.b.c")),
    ]);
    let e = rejected(s.check_auth_available(opts)).await;
    assert_error(&e, 600010.0, "未知异常", "could not be reached");
}

#[wasm_bindgen_test]
async fn every_call_has_its_own_request_id() {
    let s = server();
    let a = rejected(s.check_auth_available(obj(&[]))).await;
    let b = rejected(s.check_auth_available(obj(&[]))).await;
    assert_ne!(text(&a, "requestId"), text(&b, "requestId"));
}

/// Replaces `console.log` and `console.warn` with recorders; returns the record (`[[level, ...args], ...]`) and
/// a function that puts the originals back.
fn record_console() -> (js_sys::Array, impl FnOnce()) {
    let console = get(&js_sys::global(), "console");
    let record = js_sys::Array::new();
    let originals: Vec<(&str, JsValue)> = ["log", "warn"]
        .iter()
        .map(|k| (*k, get(&console, k)))
        .collect();
    for level in ["log", "warn"] {
        let f = js_sys::Function::new_with_args(
            "record, level",
            "return function (...args) { record.push([level, ...args]); };",
        )
        .call2(&JsValue::NULL, &record, &JsValue::from_str(level))
        .unwrap();
        Reflect::set(&console, &JsValue::from_str(level), &f).unwrap();
    }
    let restore = move || {
        for (k, f) in originals {
            Reflect::set(&console, &JsValue::from_str(k), &f).unwrap();
        }
    };
    (record, restore)
}

fn lines(record: &js_sys::Array) -> Vec<String> {
    record
        .iter()
        .map(|entry| js_sys::Array::from(&entry).join(" ").into())
        .collect()
}

#[wasm_bindgen_test]
async fn the_logger_is_on_by_default_and_switched_by_set_logger_enable() {
    pretend(PHONE_UA, Some("cellular"));
    let s = PhoneNumberServer::new(JsValue::UNDEFINED).unwrap();
    let (record, restore) = record_console();
    let _ = settle(s.get_verify_token(obj(&[("timeout", JsValue::from(10_000))]))).await;
    let on = lines(&record);
    s.set_logger_enable(&JsValue::FALSE);
    let _ = settle(s.get_verify_token(obj(&[]))).await;
    let after_off = lines(&record).len();
    s.set_logger_enable(&JsValue::from(1));
    let _ = settle(s.get_verify_token(obj(&[]))).await;
    let after_on = lines(&record).len();
    restore();
    assert!(
        on.iter().all(|l| l.starts_with("log [PhoneNumberServer]")
            || l.starts_with("warn [PhoneNumberServer]")),
        "{on:?}"
    );
    assert!(
        on.iter()
            .any(|l| l.starts_with("warn [PhoneNumberServer] getVerifyToken failed")),
        "{on:?}"
    );
    assert_eq!(
        after_off,
        on.len(),
        "logging went on after setLoggerEnable(false)"
    );
    assert!(
        after_on > after_off,
        "logging stayed off after setLoggerEnable(1)"
    );
}

#[wasm_bindgen_test]
async fn a_timeout_in_milliseconds_is_logged() {
    pretend(PHONE_UA, Some("cellular"));
    let s = PhoneNumberServer::new(obj(&[(
        "endpoint",
        JsValue::from_str("http://127.0.0.1:47"),
    )]))
    .unwrap();
    let (record, restore) = record_console();
    let opts = obj(&[
        ("accessToken", JsValue::from_str("at1.x")),
        ("jwtToken", JsValue::from_str("a.b.c")),
        ("timeout", JsValue::from(10_000)),
    ]);
    let _ = settle(s.check_auth_available(opts)).await;
    let logged = lines(&record);
    restore();
    assert!(
        logged.iter().any(|l| l.contains("checkAuthAvailable: timeout is above 300 seconds, so it is taken as milliseconds: 10000")),
        "{logged:?}"
    );
}

#[wasm_bindgen_test]
async fn the_logger_option_starts_it_off() {
    let quiet = PhoneNumberServer::new(obj(&[("logger", JsValue::FALSE)])).unwrap();
    let chatty = PhoneNumberServer::new(JsValue::UNDEFINED).unwrap();
    let (record, restore) = record_console();
    let _ = settle(quiet.check_auth_available(obj(&[]))).await;
    let quiet_lines = record.length();
    let _ = settle(chatty.check_auth_available(obj(&[]))).await;
    let chatty_lines = record.length() - quiet_lines;
    restore();
    assert_eq!(quiet_lines, 0);
    assert!(chatty_lines > 0);
}

#[wasm_bindgen_test]
fn the_real_network_information_api_is_read() {
    // Drop the overrides other tests put on `navigator`: the prototype's getters show through again.
    let nav: Object = get(&js_sys::global(), "navigator").unchecked_into();
    for key in ["userAgent", "connection", "maxTouchPoints"] {
        Reflect::delete_property(&nav, &JsValue::from_str(key)).unwrap();
    }
    // webdriver.json starts Chromium with --enable-blink-features=NetInfoDownlinkMax, which adds
    // `navigator.connection.type` (headless Chromium on a desktop reports 'ethernet').
    let kind = get(&get(&nav, "connection"), "type").as_string();
    assert!(
        kind.is_some(),
        "navigator.connection.type is missing: was webdriver.json used?"
    );
    let expected = match kind.as_deref() {
        Some("wifi") => "wifi",
        Some("cellular") => "cellular",
        _ => "unknown",
    };
    let s = server();
    assert_eq!(s.get_connection().as_string().as_deref(), Some(expected));
    // And headless Chromium's own user agent is a desktop's.
    assert_eq!(get(&s.check_env_available(), "isPc").as_bool(), Some(true));
}

/// The module's allocator (std's default) hands freed blocks to later calls: hundreds of calls, each allocating
/// options, messages, payloads and an instance, leave the memory where the first rounds put it.
#[wasm_bindgen_test]
async fn repeated_calls_leave_the_memory_flat() {
    pretend(PHONE_UA, Some("cellular"));
    let bytes = || {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        memory
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    };
    async fn round() {
        let s = server();
        let bad = obj(&[
            ("accessToken", JsValue::from_str("")),
            ("jwtToken", JsValue::from(7)),
        ]);
        rejected(s.check_auth_available(bad)).await;
        rejected(s.get_verify_token(JsValue::UNDEFINED)).await;
        rejected(s.get_login_token(obj(&[("authPageOption", JsValue::from(1))]))).await;
        let _ = (s.get_version(), s.check_env_available(), s.get_connection());
        assert!(PhoneNumberServer::new(obj(&[("endpoint", JsValue::from_str("nope"))])).is_err());
    }
    for _ in 0..50 {
        round().await;
    }
    let warm = bytes();
    for _ in 0..1000 {
        round().await;
    }
    assert!(
        bytes() <= warm + 65_536,
        "the memory grew from {warm} to {} bytes",
        bytes()
    );
}
