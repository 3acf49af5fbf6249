//! One call's life, shared by every async step: start log, the token steps' front half, settling.

use wasm_bindgen::JsValue;

use super::convert::{self, arg, failure_to_js, Loose};
use super::inner::Inner;
use crate::core::codes::Code;
use crate::core::gateway::{Biz, Checked};
use crate::core::options::{self, CallInput, Field, Step, Timeout};
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

/// A call's options object (checked to be one, or absent) read into its typed struct.
pub(crate) fn call_input(step: Step, opts: &JsValue) -> Result<CallInput<Loose>, Failure> {
    options::options_object(step, &arg(opts))?;
    convert::options(opts).ok_or_else(|| {
        Failure::new(
            Code::BadArgument,
            String::from(step.method()) + ": the options object could not be read",
        )
    })
}

/// A token step's options and their `timeout`.
pub(crate) fn step_options(
    step: Step,
    opts: &JsValue,
) -> Result<(CallInput<Loose>, Timeout), Failure> {
    let input = call_input(step, opts)?;
    let timeout = options::timeout(step, &input.timeout.arg())?;
    Ok((input, timeout))
}

/// The front half of a token step: environment verdict, then the last check's tickets.
pub(crate) fn checked_for(inner: &Inner, step: Step, biz: Biz) -> Result<Checked, Failure> {
    let env = navigator::read();
    inner.session.borrow().token_step(biz, step.method(), &env)
}
