//! One call's life, shared by every async step: start log, the token steps' front half, settling.

use wasm_bindgen::JsValue;

use super::convert::{arg, failure_to_js, field};
use super::inner::Inner;
use crate::core::gateway::{Biz, Checked};
use crate::core::options::{self, Step, Timeout};
use crate::core::payload::Failure;
use crate::platform::navigator;

/// Logs the start of a call and the millisecond guard.
pub(crate) fn log_start(inner: &Inner, step: Step, request_id: &str, timeout: &Timeout) {
    if let Some(raw) = timeout.taken_as_ms {
        let msg = String::from(step.method())
            + ": timeout is above 300 seconds, so it is taken as milliseconds:";
        inner.log.info_value(&msg, &JsValue::from_f64(raw));
    }
    inner
        .log
        .info(&(String::from(step.method()) + " started, requestId " + request_id));
}

/// Settles a call: logs, then converts the outcome into what the Promise resolves or rejects with.
///
/// Not generic over the payload type (callers convert it first): one copy serves every method.
pub(crate) fn settle(
    inner: &Inner,
    step: Step,
    request_id: String,
    outcome: Result<JsValue, Failure>,
) -> Result<JsValue, JsValue> {
    match outcome {
        Ok(v) => {
            inner
                .log
                .info_value(&(String::from(step.method()) + " succeeded"), &v);
            Ok(v)
        }
        Err(f) => {
            let v = failure_to_js(f, request_id);
            inner
                .log
                .warn(&(String::from(step.method()) + " failed"), &v);
            Err(v)
        }
    }
}

/// The options object itself and its `timeout` (token steps read nothing else).
pub(crate) fn step_timeout(step: Step, opts: &JsValue) -> Result<Timeout, Failure> {
    options::options_object(step, &arg(opts))?;
    options::timeout(step, &field(opts, "timeout"))
}

/// The front half of a token step: environment verdict, then the last check's tickets.
pub(crate) fn checked_for(inner: &Inner, step: Step, biz: Biz) -> Result<Checked, Failure> {
    let env = navigator::read();
    inner.session.borrow().token_step(biz, step.method(), &env)
}
