//! The wasm-exported surface: `PhoneNumberServer`. JS names appear only here, through
//! `js_name`; the JS shim in `pkg-template/` adapts the Promises to the vendor's callbacks.

mod call;
mod convert;
mod login;
mod server;
mod verify;

pub use server::PhoneNumberServer;
