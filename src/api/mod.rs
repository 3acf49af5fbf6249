//! The wasm-exported surface: `PhoneNumberServer`. JS names appear only here, through
//! `js_name`; the JS shim in `pkg-template/` adapts the Promises to the vendor's callbacks.

mod call;
mod convert;
mod inner;
mod login;
mod login_page;
mod server;
mod verify;

pub use server::PhoneNumberServer;

/// This module's [`crate::BUILD_ID`]. Exported so the id stays in the optimised module, where the build reads it
/// back (`scripts/check-shipped.mjs`); the shim does not use it.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = buildId)]
#[must_use]
pub fn build_id() -> String {
    crate::BUILD_ID.into()
}
