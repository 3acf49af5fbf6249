//! `fetch` with abort: CORS-simple JSON POSTs (`text/plain` bodies), answers parsed by `JSON.parse`.

use gloo_net::http::Request;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, AbortSignal, Headers, RequestCredentials, RequestInit};

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
    let failed = |e: gloo_net::Error| {
        let msg = match e {
            gloo_net::Error::JsError(e) => e.message,
            gloo_net::Error::GlooError(s) => s,
        };
        detail(url, &(String::from("could not be reached: ") + &msg))
    };
    // The `web_sys::Request` is built here and only sent through gloo-net: its `RequestBuilder` re-parses the
    // URL with `URL` and `format!` to merge query parameters this SDK never uses (about 2 KB of wasm).
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    let headers = Headers::new().map_err(js_failed(url))?;
    headers
        .set("Content-Type", "text/plain;charset=UTF-8")
        .map_err(js_failed(url))?;
    init.set_headers(&headers);
    if credentials {
        init.set_credentials(RequestCredentials::Include);
    }
    init.set_signal(signal);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(js_failed(url))?;
    let resp = Request::from(request).send().await.map_err(failed)?;
    let status = resp.status();
    if !(200..300).contains(&status) {
        let mut what = String::from("answered HTTP ");
        push_u32(&mut what, u32::from(status));
        return Err(detail(url, &what));
    }
    let text = resp.text().await.map_err(failed)?;
    js_sys::JSON::parse(&text).map_err(|_| detail(url, "answered something that is not JSON"))
}

/// A detail for a JS exception thrown while building a request (e.g. a URL the browser refuses).
fn js_failed(url: &str) -> impl Fn(JsValue) -> String + '_ {
    move |e| {
        let msg = js_sys::Reflect::get(&e, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        detail(url, &(String::from("could not be requested: ") + &msg))
    }
}
