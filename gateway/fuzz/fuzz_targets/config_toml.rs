//! Configuration: TOML parsing, validation and building the state from whatever validated. Never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pns_gateway::{Config, State};
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(cfg) = Config::from_toml(text) else {
        return;
    };
    if cfg.validate().is_ok() {
        let _ = State::new(
            &cfg,
            "http://127.0.0.1:8787",
            PathBuf::new(),
            PathBuf::new(),
        );
    }
});
