//! JS values in and out, and the api layer's one place for `Reflect` and other JS helpers.
//!
//! In: the page's option objects are deserialised by serde-wasm-bindgen into core's typed structs of [`Loose`]
//! fields; gateway answers (parsed by the browser's `JSON.parse`) and `setMessage`'s argument are read with
//! `Reflect`. Out: payloads are serialised by serde-wasm-bindgen into plain objects; constructor failures become
//! real `Error` objects.

use js_sys::{Array, Function, Reflect};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::gateway::{CarrierAnswer, CarrierParams, CheckAnswer};
use crate::core::options::{Arg, Field};
use crate::core::payload::Failure;

/// A JS value reduced to what validation needs, from its `typeof` alone: nothing of the page's runs.
pub fn arg(v: &JsValue) -> Arg {
    if v.is_undefined() || v.is_null() {
        Arg::Absent
    } else if let Some(s) = v.as_string() {
        Arg::Str(s)
    } else if let Some(n) = v.as_f64() {
        Arg::Num(n)
    } else if let Some(b) = v.as_bool() {
        Arg::Bool(b)
    } else {
        Arg::Other(match v.js_typeof().as_string().as_deref() {
            Some("object") => "object",
            Some("function") => "function",
            Some("symbol") => "symbol",
            Some("bigint") => "bigint",
            _ => "value",
        })
    }
}

/// One field of the page's options: the JS value itself, handed over untouched by serde-wasm-bindgen
/// (`preserve`), so that a wrong type becomes core's 600028 naming the field rather than a serde error, and a
/// callback stays callable.
///
/// Why the value is not deserialised further: serde-wasm-bindgen's `deserialize_any` looks inside objects
/// (`Object.entries`, `Array.isArray`, `in`), which runs a page's getters and Proxy traps, where a throw would
/// cross the wasm frames. Objects are read only where they are options objects ([`Field::read`]), and those are
/// the JS shim's plain copies (pkg-template/src/snapshot.js takes them, guarded, before any call reaches Rust).
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct Loose(#[serde(with = "serde_wasm_bindgen::preserve")] pub JsValue);

impl Field for Loose {
    fn arg(&self) -> Arg {
        arg(&self.0)
    }

    fn read<T: DeserializeOwned>(&self) -> Option<T> {
        if !self.0.is_object() {
            return None;
        }
        serde_wasm_bindgen::from_value(self.0.clone()).ok()
    }
}

impl Loose {
    /// The value when it is a function (a page callback).
    pub fn function(&self) -> Option<Function> {
        self.0.dyn_ref::<Function>().cloned()
    }
}

/// An options argument read as `T`: every field absent when the argument is not an object (validation reports
/// its type from [`arg`]); `None` only when an object cannot be read as `T`.
pub fn options<T: DeserializeOwned + Default>(v: &JsValue) -> Option<T> {
    if !v.is_object() {
        return Some(T::default());
    }
    Loose(v.clone()).read()
}

/// A payload as a plain JS object with the vendor's camelCase field names (serde-wasm-bindgen; core's payload
/// types derive `Serialize`).
pub fn to_js<T: Serialize>(v: &T) -> JsValue {
    // Cannot fail for core's payloads (strings, 32-bit numbers, booleans, arrays and structs); if it ever did,
    // the page would get serde-wasm-bindgen's `Error` in place of the payload rather than nothing.
    v.serialize(&serde_wasm_bindgen::Serializer::new())
        .unwrap_or_else(JsValue::from)
}

/// An error payload (`{ code, msg, requestId, detail, content? }`) as a plain JS object.
pub fn failure_to_js(f: Failure, request_id: String) -> JsValue {
    to_js(&f.into_payload(request_id))
}

/// A real `Error` carrying the payload's fields, for what the constructor throws.
pub fn failure_to_error(f: Failure) -> JsValue {
    let e = js_sys::Error::new(&f.detail);
    set(&e, "code", &JsValue::from(f.code.number()));
    set(&e, "msg", &JsValue::from_str(f.msg));
    set(&e, "detail", &JsValue::from_str(&f.detail));
    e.into()
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = console, js_name = error)]
    fn console_error_js(msg: &str, thrown: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = console, js_name = warn)]
    fn console_warn_js(msg: &str) -> Result<(), JsValue>;
}

/// `console.error(msg, thrown)`, for what the page's own code threw (a console that throws is ignored).
pub fn console_error(msg: &str, thrown: &JsValue) {
    let _ = console_error_js(msg, thrown);
}

/// `console.warn(msg)`, for a page's mistake the SDK lets through (a console that throws is ignored).
pub fn console_warn(msg: &str) {
    let _ = console_warn_js(msg);
}

/// `obj[key] = value` (on an object of ours: it cannot throw).
pub fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// `obj[key]`; `undefined` when `obj` is not an object or reading throws (a page's getter).
pub fn member(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The `iss` string member of a JSON text (the JwtToken's payload), read by the browser's `JSON.parse`.
pub fn iss_claim(text: &str) -> Option<String> {
    member(&js_sys::JSON::parse(text).ok()?, "iss").as_string()
}

/// A string member; a number is taken in its JSON spelling (carriers' codes may come as numbers).
fn text(obj: &JsValue, key: &str) -> Option<String> {
    let v = member(obj, key);
    if let Some(s) = v.as_string() {
        return Some(s);
    }
    if v.as_f64().is_some() {
        return js_sys::JSON::stringify(&v).ok().map(String::from);
    }
    None
}

/// The identity check's answer, read from the parsed JSON; `None` when it does not have the protocol's shape.
///
/// Gateway answers are read by hand, not derived: a carrier's codes are taken as text even when they come as
/// numbers, in the browser's own JSON spelling of the number (`JSON.stringify`), which a serde visitor would
/// have to reproduce in Rust.
pub fn check_answer(v: &JsValue) -> Option<CheckAnswer> {
    let code = member(v, "code")
        .as_f64()
        .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))?
        as u32;
    let list = member(v, "carriers");
    let carriers = if list.is_undefined() || list.is_null() {
        None
    } else {
        let list = list.dyn_ref::<Array>()?;
        let mut out = Vec::with_capacity(list.length() as usize);
        for c in list.iter() {
            let field = |k| member(&c, k).as_string();
            out.push(CarrierParams {
                vender: field("vender")?,
                url: field("url")?,
                ticket: field("ticket")?,
            });
        }
        Some(out)
    };
    Some(CheckAnswer {
        code,
        msg: member(v, "msg").as_string(),
        detail: member(v, "detail").as_string(),
        carriers,
        sandbox: member(v, "sandbox").as_bool(),
    })
}

/// A carrier's answer, read from the parsed JSON; `None` when it does not have the protocol's shape.
pub fn carrier_answer(v: &JsValue) -> Option<CarrierAnswer> {
    Some(CarrierAnswer {
        ok: member(v, "ok").as_bool()?,
        token: member(v, "token").as_string(),
        carrier_trace_id: text(v, "carrierTraceId"),
        carrier_resp_code: text(v, "carrierRespCode"),
        carrier_sdk_code: text(v, "carrierSdkCode"),
        carrier_sdk_msg: text(v, "carrierSdkMsg"),
    })
}
