//! Randomness for `requestId`: `crypto.getRandomValues`, with `Math.random` where WebCrypto is missing.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::core::uuid;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buf: &mut [u8]) -> Result<JsValue, JsValue>;
}

/// 16 random bytes.
#[must_use]
pub fn bytes16() -> [u8; 16] {
    let mut b = [0u8; 16];
    if get_random_values(&mut b).is_err() {
        for x in &mut b {
            *x = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    b
}

/// A fresh UUID v4 for a call's `requestId`.
#[must_use]
pub fn request_id() -> String {
    uuid::v4(bytes16())
}
