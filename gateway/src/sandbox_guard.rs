//! Who may change the sandbox (the control API `/sandbox/v1/...` and the sample backend `/demo-backend/...`), and
//! how much the control API may create (docs/security.md, finding 6).
//!
//! A web page on another site can send a CORS-"simple" request (a `POST` with a `text/plain` or form body) to any
//! address without asking first, with the user's cookies. Two rules keep such pages out:
//!
//! 1. **JSON only**: a `POST`, `PUT` or `PATCH` must say `Content-Type: application/json` (even with an empty
//!    body), which no page can send cross-origin without a preflight.
//! 2. **Trusted origins only**: a request carrying an `Origin` header must come from the gateway's own base URL, a
//!    loopback address (`http://127.0.0.1:*`, `http://localhost:*`, `http://[::1]:*`: local tools and test
//!    runners) or a registered scheme's Origin; preflights from any other origin get no CORS permission, and their
//!    requests are refused before anything runs. Requests without `Origin` (servers, command-line tools) pass.
//!
//! And the control API's creations are capped apart from the configured registries: at most
//! `limits.sandbox_accounts` accounts and `limits.sandbox_schemes` live schemes made through it (a deleted scheme
//! frees its place), besides its devices, which are capped and expire when idle (`limits.devices`,
//! `limits.device_idle_secs`). Like everything the control API changes, they live in memory until the gateway
//! stops.

use crate::http::plain_error;
use crate::state::State;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;
use parking_lot::Mutex;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Whether `origin` may use the sandbox API from a browser.
#[must_use]
pub fn trusted_origin(state: &State, origin: &str) -> bool {
    if origin == state.base_url {
        return true;
    }
    let host_port = origin.strip_prefix("http://").unwrap_or("");
    let host = match host_port.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host_port,
    };
    if matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        return true;
    }
    state.has_scheme_origin(origin)
}

/// Refuses a request a foreign page could have sent (see the module documentation).
///
/// # Errors
/// The finished 403 (foreign origin) or 415 (not JSON) answer.
// The error is the finished HTTP answer, returned by the guard as is.
#[allow(clippy::result_large_err)]
pub fn check(state: &State, method: &Method, headers: &HeaderMap) -> Result<(), Response> {
    if let Some(o) = crate::http::origin(headers) {
        if !trusted_origin(state, o) {
            return Err(plain_error(
                StatusCode::FORBIDDEN,
                "FOREIGN_ORIGIN",
                format!("the sandbox API does not accept requests from pages of {o}: only the gateway's own pages, loopback origins and registered scheme origins"),
            ));
        }
    }
    if matches!(*method, Method::POST | Method::PUT | Method::PATCH) && !is_json(headers) {
        return Err(plain_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "NOT_JSON",
            "send the body as JSON with Content-Type: application/json (also for an empty body)",
        ));
    }
    Ok(())
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// What the control API created, against its own caps.
#[derive(Default)]
pub struct Created {
    accounts: AtomicUsize,
    schemes: Mutex<HashSet<String>>,
}

impl Created {
    /// Takes one of `cap` account creations; `false` when none is left.
    pub fn take_account(&self, cap: usize) -> bool {
        self.accounts
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < cap).then_some(n + 1)
            })
            .is_ok()
    }

    /// Gives an account creation back (the registry refused it).
    pub fn return_account(&self) {
        let _ = self
            .accounts
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
    }

    /// Counts a new scheme against `cap` live ones; `false` when the cap is reached.
    pub fn take_scheme(&self, scene_code: &str, cap: usize) -> bool {
        let mut s = self.schemes.lock();
        if s.len() >= cap {
            return false;
        }
        s.insert(scene_code.to_owned());
        true
    }

    /// Frees the place of a scheme that was deleted or not created.
    pub fn forget_scheme(&self, scene_code: &str) {
        self.schemes.lock().remove(scene_code);
    }
}
