//! The wasm-exported surface: `PhoneNumberServer` and `resultCodes()`. JS names appear only here, through
//! `js_name`; the JS shim in `pkg-template/` adapts the Promises to the vendor's callbacks.

mod call;
mod convert;
mod login;
mod server;
mod verify;

pub use server::PhoneNumberServer;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// The complete table of result codes: `[{ code, name, msg }, …]` in numeric order.
#[wasm_bindgen(js_name = resultCodes)]
#[must_use]
pub fn result_codes() -> JsValue {
    convert::to_js(&crate::core::payload::code_table())
}
