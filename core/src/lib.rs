//! Pure Rust: every decision of the SDK that does not need a browser, tested natively with `cargo test`.
//!
//! No `wasm_bindgen`, `js_sys` or `web_sys` here, and the compiler holds to it: this is a crate of its own
//! (`numberauth-core`) whose manifest has none of them. The SDK crate re-exports it as `numberauth_web::core`; its
//! platform layer reads the browser into plain values, its api layer turns the results into JS values.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod auth_page;
pub mod auth_page_html;
pub mod auth_page_input;
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
pub mod vender;

#[cfg(test)]
mod js_ties;
