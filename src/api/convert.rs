//! JS values in and out: the page's options read into [`Arg`]s, payloads serialised to plain objects.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::gateway::{CarrierAnswer, CarrierParams, CheckAnswer};
use crate::core::options::Arg;
use crate::core::payload::{
    CarrierEntry, CheckSuccess, Content, EnvPayload, ErrorPayload, Failure, TokenSuccess,
};

/// A JS value reduced to what validation needs.
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

/// `obj[key]` as an [`Arg`]; absent when `obj` is not an object, `Other` when a getter throws.
pub fn field(obj: &JsValue, key: &str) -> Arg {
    if !obj.is_object() {
        return Arg::Absent;
    }
    match Reflect::get(obj, &JsValue::from_str(key)) {
        Ok(v) => arg(&v),
        Err(_) => Arg::Other("value"),
    }
}

/// A plain JS object built field by field.
///
/// Payloads are built by hand rather than through serde derive + serde-wasm-bindgen: measured on this build with
/// the seven payload types deriving `Serialize`, the module grew by 6.2 KB and the script-tag file by 3,299 B gzip,
/// to 1,009 B above its 80 KB budget (bench/size.md).
struct Obj(Object);

impl Obj {
    fn new() -> Obj {
        Obj(Object::new())
    }

    fn set(self, key: &str, value: &JsValue) -> Obj {
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), value);
        self
    }

    fn str(self, key: &str, value: &str) -> Obj {
        self.set(key, &JsValue::from_str(value))
    }

    fn num(self, key: &str, value: u32) -> Obj {
        self.set(key, &JsValue::from(value))
    }

    fn bool(self, key: &str, value: bool) -> Obj {
        self.set(key, &JsValue::from_bool(value))
    }

    fn done(self) -> JsValue {
        self.0.into()
    }
}

/// A payload as a plain JS object with the vendor's camelCase field names.
pub trait ToJs {
    /// The JS object.
    fn to_js(&self) -> JsValue;
}

impl ToJs for CheckSuccess {
    fn to_js(&self) -> JsValue {
        Obj::new()
            .num("code", self.code)
            .str("msg", self.msg)
            .str("requestId", &self.request_id)
            .done()
    }
}

impl ToJs for TokenSuccess {
    fn to_js(&self) -> JsValue {
        Obj::new()
            .num("code", self.code)
            .str("msg", self.msg)
            .str("spToken", &self.sp_token)
            .bool("isSuccess", self.is_success)
            .str("vender", self.vender)
            .str("requestId", &self.request_id)
            .done()
    }
}

impl ToJs for CarrierEntry {
    fn to_js(&self) -> JsValue {
        let c = &self.carrier;
        let carrier = Obj::new()
            .str("carrierTraceId", &c.carrier_trace_id)
            .str("carrierSdkCode", &c.carrier_sdk_code)
            .str("carrierRespCode", &c.carrier_resp_code)
            .str("carrierSdkMsg", &c.carrier_sdk_msg)
            .done();
        Obj::new()
            .num("code", self.code)
            .str("msg", self.msg)
            .bool("isSuccess", self.is_success)
            .str("vender", self.vender)
            .set("carrier", &carrier)
            .str("detail", &self.detail)
            .done()
    }
}

impl ToJs for ErrorPayload {
    fn to_js(&self) -> JsValue {
        let o = Obj::new()
            .num("code", self.code)
            .str("msg", self.msg)
            .str("requestId", &self.request_id)
            .str("detail", &self.detail);
        match &self.content {
            Content::None => o,
            Content::Gateway(g) => o.set(
                "content",
                &Obj::new().num("code", g.code).str("msg", &g.msg).done(),
            ),
            Content::Carriers(entries) => o.set(
                "content",
                &entries.iter().map(ToJs::to_js).collect::<Array>().into(),
            ),
        }
        .done()
    }
}

impl ToJs for EnvPayload {
    fn to_js(&self) -> JsValue {
        Obj::new()
            .bool("isPc", self.is_pc)
            .bool("isWifi", self.is_wifi)
            .done()
    }
}

/// A payload as a plain JS object.
pub fn to_js<T: ToJs>(v: &T) -> JsValue {
    v.to_js()
}

/// An error payload (`{ code, msg, requestId, detail, content? }`) as a plain JS object.
pub fn failure_to_js(f: Failure, request_id: String) -> JsValue {
    f.into_payload(request_id).to_js()
}

/// A real `Error` carrying the payload's fields, for what the constructor throws.
pub fn failure_to_error(f: Failure) -> JsValue {
    let e = js_sys::Error::new(&f.detail);
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&e, &JsValue::from_str(k), v);
    };
    set("code", &JsValue::from(f.code.number()));
    set("msg", &JsValue::from_str(f.msg));
    set("detail", &JsValue::from_str(&f.detail));
    e.into()
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The `iss` string member of a JSON text (the JwtToken's payload), read by the browser's `JSON.parse`.
pub fn iss_claim(text: &str) -> Option<String> {
    get(&js_sys::JSON::parse(text).ok()?, "iss").as_string()
}

/// A string member; a number is taken in its JSON spelling (carriers' codes may come as numbers).
fn text(obj: &JsValue, key: &str) -> Option<String> {
    let v = get(obj, key);
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
/// Read by hand rather than through serde: see bench/size.md for what serde-wasm-bindgen cost when it was tried.
pub fn check_answer(v: &JsValue) -> Option<CheckAnswer> {
    let code = get(v, "code")
        .as_f64()
        .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))?
        as u32;
    let list = get(v, "carriers");
    let carriers = if list.is_undefined() || list.is_null() {
        None
    } else {
        let list = list.dyn_ref::<Array>()?;
        let mut out = Vec::with_capacity(list.length() as usize);
        for c in list.iter() {
            let member = |k| get(&c, k).as_string();
            out.push(CarrierParams {
                vender: member("vender")?,
                url: member("url")?,
                ticket: member("ticket")?,
            });
        }
        Some(out)
    };
    Some(CheckAnswer {
        code,
        msg: get(v, "msg").as_string(),
        detail: get(v, "detail").as_string(),
        carriers,
        sandbox: get(v, "sandbox").as_bool(),
    })
}

/// A carrier's answer, read from the parsed JSON; `None` when it does not have the protocol's shape.
pub fn carrier_answer(v: &JsValue) -> Option<CarrierAnswer> {
    Some(CarrierAnswer {
        ok: get(v, "ok").as_bool()?,
        token: get(v, "token").as_string(),
        carrier_trace_id: text(v, "carrierTraceId"),
        carrier_resp_code: text(v, "carrierRespCode"),
        carrier_sdk_code: text(v, "carrierSdkCode"),
        carrier_sdk_msg: text(v, "carrierSdkMsg"),
    })
}
