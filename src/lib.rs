//! PhoneNumberServer: the H5 number-authentication browser SDK, in Rust compiled to wasm.
//!
//! Three layers (see `shared/spec/architecture.md`): [`core`] (the `numberauth-core` crate, `core/`) is pure Rust
//! and decides everything,
//! `platform` adapts the browser (fetch, timers, `navigator`, console, randomness), and `api` is the
//! wasm-exported `PhoneNumberServer` that the JS shim in `pkg-template/` wraps. The last two exist only on
//! `wasm32`; there is no start hook, as nothing needs one-time set-up. The allocator is std's default.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub use numberauth_core as core;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod platform;

/// This build's id (`build.rs`: a hash of the sources, the lock file, the target, the profile and the flags), with
/// a prefix that `scripts/check-shipped.mjs` finds in the optimised module's bytes. Equal ids mean the same code
/// compiled the same way: the wasm tests compare theirs with the shipped module's (`tests/web_build.rs`).
pub const BUILD_ID: &str = concat!("numberauth-build:", env!("NUMBERAUTH_BUILD_ID"));
