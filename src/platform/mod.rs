//! Browser adapters: everything that touches JS globals, each behind a small Rust API.
//!
//! Globals are reached through `js_sys::global()` and `Reflect`, or through `catch` imports, so nothing here
//! throws where `window` is absent (a worker, Node during server-side rendering).

pub mod fetch;
pub mod logger;
pub mod login_page;
pub mod navigator;
pub mod random;
pub mod timer;
