//! The JS shim's few copies of Rust facts, for the browsers where the wasm module cannot start
//! (pkg-template/src/fallback.js): tied here to the originals, so the two cannot drift.

use super::env::{DESKTOP_IN_APP, MOBILE_TOKENS};

const FALLBACK_JS: &str = include_str!("../../pkg-template/src/fallback.js");

/// The quoted entries of the JS array `const <name> = [` … `];`, one per line.
fn js_list(name: &str) -> Vec<String> {
    let start = format!("const {name} = [");
    let body = FALLBACK_JS
        .split(start.as_str())
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .unwrap_or_else(|| panic!("fallback.js has its {name} list"));
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.trim_end_matches(',').trim_matches('\'').to_string())
        .collect()
}

#[test]
fn the_fallbacks_version_is_the_crates() {
    let line = format!("export const VERSION = '{}';", env!("CARGO_PKG_VERSION"));
    assert!(
        FALLBACK_JS.lines().any(|l| l == line),
        "fallback.js must say {line}"
    );
}

#[test]
fn the_fallbacks_user_agent_tokens_are_env_rs() {
    assert_eq!(js_list("MOBILE_TOKENS"), MOBILE_TOKENS);
    assert_eq!(js_list("DESKTOP_IN_APP"), DESKTOP_IN_APP);
}
