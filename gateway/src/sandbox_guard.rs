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
//! stops. The counts live in [`crate::state::Created`].

use crate::http::{content_type_is, plain_error};
use crate::state::State;
use crate::urls::header_origin;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use std::net::{Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// Whether `origin` (an `Origin` header) may use the sandbox API from a browser. It is compared in its normalised
/// form (`crate::urls`): `http://LOCALHOST:80` is the loopback origin `http://localhost`.
#[must_use]
pub fn trusted_origin(state: &State, origin: &str) -> bool {
    let Some(normal) = header_origin(origin) else {
        return false;
    };
    if normal == state.base_url {
        return true;
    }
    let loopback = Url::parse(&normal).is_ok_and(|u| {
        u.scheme() == "http"
            && match u.host() {
                Some(Host::Domain(d)) => d == "localhost",
                Some(Host::Ipv4(ip)) => ip == Ipv4Addr::LOCALHOST,
                Some(Host::Ipv6(ip)) => ip == Ipv6Addr::LOCALHOST,
                None => false,
            }
    });
    loopback || state.has_scheme_origin(&normal)
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
    if matches!(*method, Method::POST | Method::PUT | Method::PATCH)
        && !content_type_is(headers, "application/json")
    {
        return Err(plain_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "NOT_JSON",
            "send the body as JSON with Content-Type: application/json (also for an empty body)",
        ));
    }
    Ok(())
}
