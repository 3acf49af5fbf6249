//! `fetch` with abort: CORS-simple JSON POSTs (`text/plain` bodies), answers parsed by `JSON.parse`.

use js_sys::Promise;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

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

#[wasm_bindgen(module = "/src/platform/fetch.js")]
extern "C" {
    /// The request, in JS (fetch.js says what it resolves and rejects with).
    #[wasm_bindgen(catch)]
    fn post(
        url: &str,
        body: &str,
        credentials: bool,
        signal: Option<&AbortSignal>,
    ) -> Result<Promise, JsValue>;
}

fn detail(url: &str, what: &str) -> String {
    let mut d = String::from(url);
    d.push(' ');
    d.push_str(what);
    d
}

/// POSTs `body` to `url` as `text/plain;charset=UTF-8` (no preflight) and parses the JSON answer.
///
/// `credentials` sends the gateway host's cookies (carriers: the simulated data connection).
///
/// # Errors
///
/// A plain-English detail when the request fails, the status is not 2xx, or the body is not JSON.
pub async fn post_json(
    url: &str,
    body: &str,
    credentials: bool,
    signal: Option<&AbortSignal>,
) -> Result<JsValue, String> {
    let sent = post(url, body, credentials, signal).map_err(js_failed(url))?;
    let text = match JsFuture::from(sent).await {
        Ok(text) => text,
        Err(e) => {
            return Err(match e.as_f64() {
                Some(status) => {
                    let mut what = String::from("answered HTTP ");
                    push_u32(&mut what, status as u32);
                    detail(url, &what)
                }
                None => js_failed_with(url, "could not be reached: ")(e),
            })
        }
    };
    // Always a string (fetch.js resolves to `Response.text()`); anything else would fail to parse below.
    let text = text.as_string().unwrap_or_default();
    js_sys::JSON::parse(&text).map_err(|_| detail(url, "answered something that is not JSON"))
}

/// A detail for a JS exception thrown while building a request (e.g. a URL the browser refuses).
fn js_failed(url: &str) -> impl Fn(JsValue) -> String + '_ {
    js_failed_with(url, "could not be requested: ")
}

/// A detail naming `url`, what went wrong, and the exception's `message`.
fn js_failed_with<'a>(url: &'a str, what: &'a str) -> impl Fn(JsValue) -> String + 'a {
    move |e| {
        let msg = js_sys::Reflect::get(&e, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        detail(url, &(String::from(what) + &msg))
    }
}
