//! HTTP with abort, through gloo-net: CORS-simple POSTs (`text/plain` bodies), answers parsed by `JSON.parse`.

use gloo_net::http::Request;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, AbortSignal, RequestCredentials};

use crate::core::json::push_u32;

/// Aborts every fetch started with its signal when dropped: at the end of a call, after a winner, or at the
/// timeout, so the network stops and a late answer is never read.
#[derive(Debug)]
pub struct AbortGuard {
    controller: Option<AbortController>,
}

impl AbortGuard {
    /// A guard with a fresh `AbortController` (none where the browser has no such API: fetches then simply run
    /// to their end, and their answers are still dropped).
    #[must_use]
    pub fn new() -> AbortGuard {
        AbortGuard {
            controller: AbortController::new().ok(),
        }
    }

    /// The signal to pass to each fetch of the call.
    #[must_use]
    pub fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(AbortController::signal)
    }
}

impl Default for AbortGuard {
    fn default() -> Self {
        AbortGuard::new()
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if let Some(c) = &self.controller {
            c.abort();
        }
    }
}

fn detail(url: &str, what: &str) -> String {
    let mut d = String::from(url);
    d.push(' ');
    d.push_str(what);
    d
}

/// A detail naming `url`, what went wrong, and the browser's message (a `TypeError`'s "Failed to fetch", an
/// `AbortError`'s reason, a refused URL).
fn failed(url: &str, what: &str, e: gloo_net::Error) -> String {
    let msg = match e {
        gloo_net::Error::JsError(js) => js.message,
        gloo_net::Error::GlooError(msg) => msg,
        #[allow(unreachable_patterns)]
        // gloo-net's other variants come with features this crate leaves off
        other => other.to_string(),
    };
    detail(url, &(String::from(what) + &msg))
}

/// POSTs `body` to `url` as `text/plain;charset=UTF-8` (a CORS-simple request: no preflight) and parses the JSON
/// answer with the browser's `JSON.parse`.
///
/// `credentials` sends the gateway host's cookies (carriers: the simulated data connection); `signal` aborts it.
///
/// # Errors
///
/// A plain-English detail naming `url` when the browser refuses to build the request (a malformed URL), the request
/// fails or is aborted, the status is not 2xx, or the body is not JSON.
pub async fn post_json(
    url: &str,
    body: &str,
    credentials: bool,
    signal: Option<&AbortSignal>,
) -> Result<JsValue, String> {
    let request = Request::post(url)
        .header("Content-Type", "text/plain;charset=UTF-8")
        .credentials(if credentials {
            RequestCredentials::Include
        } else {
            RequestCredentials::SameOrigin
        })
        .abort_signal(signal)
        .body(body)
        .map_err(|e| failed(url, "could not be requested: ", e))?;
    let response = request
        .send()
        .await
        .map_err(|e| failed(url, "could not be reached: ", e))?;
    if !response.ok() {
        let mut what = String::from("answered HTTP ");
        push_u32(&mut what, u32::from(response.status()));
        return Err(detail(url, &what));
    }
    let text = response
        .text()
        .await
        .map_err(|e| failed(url, "could not be read: ", e))?;
    js_sys::JSON::parse(&text).map_err(|_| detail(url, "answered something that is not JSON"))
}
