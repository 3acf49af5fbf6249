//! Pure Rust: every decision of the SDK that does not need a browser, tested natively with `cargo test`.
//!
//! No `wasm_bindgen`, `js_sys` or `web_sys` here: the platform layer reads the browser into plain values, the api
//! layer turns the results into JS values.
#![forbid(unsafe_code)]

pub mod auth_page;
pub mod auth_page_html;
pub mod codes;
pub mod endpoint;
pub mod env;
pub mod gateway;
pub mod json;
pub mod login;
pub mod options;
pub mod payload;
pub mod race;
pub mod session;
