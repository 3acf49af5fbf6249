//! `requestId`s: the shim's UUID v4 generator (`pkg-template/src/random.js`), so that the module carries no UUID
//! code of its own and a bundle has one generator.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(module = "/pkg-template/src/random.js")]
extern "C" {
    /// A fresh UUID v4 for a call's `requestId` (`crypto.getRandomValues`, `Math.random` where WebCrypto is
    /// missing).
    #[wasm_bindgen(js_name = requestId)]
    pub fn request_id() -> String;
}
