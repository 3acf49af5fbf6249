//! PhoneNumberServer: the H5 number-authentication browser SDK, in Rust compiled to wasm.
//!
//! Three layers (see `shared/spec/architecture.md`): [`core`] is pure Rust and decides everything,
//! `platform` adapts the browser (fetch, timers, `navigator`, console, randomness), and `api` is the
//! wasm-exported `PhoneNumberServer` that the JS shim in `pkg-template/` wraps. The last two exist only on
//! `wasm32`; there is no start hook, as nothing needs one-time set-up.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod platform;

/// The allocator: power-of-two size classes over wasm memory (`wasm-alloc/`, a few hundred bytes of wasm). The module
/// is single-threaded (no `atomics` target feature), which the allocator relies on.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: numberauth_alloc::Bins<numberauth_alloc::WasmMemory> =
    numberauth_alloc::Bins::new(numberauth_alloc::WasmMemory);
