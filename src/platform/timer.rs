//! Timers: `setTimeout` as a future, cleared when dropped.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    // The global functions (window, worker, Node alike), not `window.setTimeout`.
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
}

/// Resolves after a number of milliseconds; dropping it clears the timer.
#[derive(Debug)]
pub struct Sleep {
    fired: JsFuture,
    id: JsValue,
}

/// A timer of `ms` milliseconds (at most 2^31 - 1).
#[must_use]
pub fn sleep(ms: u32) -> Sleep {
    let ms = i32::try_from(ms).unwrap_or(i32::MAX);
    let mut id = JsValue::UNDEFINED;
    let promise = Promise::new(&mut |resolve, _reject| {
        id = set_timeout(&resolve, ms).unwrap_or(JsValue::UNDEFINED);
    });
    Sleep {
        fired: JsFuture::from(promise),
        id,
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.fired).poll(cx).map(|_| ())
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if !self.id.is_undefined() {
            let _ = clear_timeout(&self.id);
        }
    }
}
