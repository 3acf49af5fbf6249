//! `navigator` reads, through `js_sys::global()` and `Reflect` so that nothing throws without `window`.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::core::env::EnvInputs;

fn get(target: &JsValue, key: &str) -> JsValue {
    if !target.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The user agent, `navigator.connection.type` and `navigator.maxTouchPoints`, as far as the browser has them.
#[must_use]
pub fn read() -> EnvInputs {
    let nav = get(&js_sys::global(), "navigator");
    EnvInputs {
        user_agent: get(&nav, "userAgent").as_string().unwrap_or_default(),
        connection_type: get(&get(&nav, "connection"), "type").as_string(),
        max_touch_points: get(&nav, "maxTouchPoints").as_f64().unwrap_or(0.0),
    }
}
