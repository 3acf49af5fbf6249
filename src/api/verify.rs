//! The identity check (both business types) and getVerifyToken's carrier race.

use std::rc::Rc;

use wasm_bindgen::JsValue;

use super::convert::{arg, carrier_answer, check_answer, failure_to_js, field, to_js, ToJs};
use super::server::{Inner, VERSION};
use crate::core::codes::Code;
use crate::core::endpoint;
use crate::core::env::Vender;
use crate::core::gateway::{self, Biz, Checked};
use crate::core::json::push_u32;
use crate::core::options::{self, Step, Timeout};
use crate::core::payload::{CarrierEntry, CheckSuccess, Failure, TokenSuccess};
use crate::core::race::{deadline, first_ok, LocalFuture};
use crate::platform::fetch::{post_json, AbortGuard};
use crate::platform::{navigator, random, timer};

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
pub(crate) fn settle<T: ToJs>(
    inner: &Inner,
    step: Step,
    request_id: String,
    outcome: Result<T, Failure>,
) -> Result<JsValue, JsValue> {
    match outcome {
        Ok(payload) => {
            let v = to_js(&payload);
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

/// 600015 for a call whose `timeout` passed first.
pub(crate) fn timed_out(step: Step, timeout: &Timeout, waiting_for: &str) -> Failure {
    let mut d = String::from(step.method());
    d.push_str(" timed out after ");
    push_u32(&mut d, timeout.ms);
    d.push_str(" ms waiting for ");
    d.push_str(waiting_for);
    d.push_str(": pass a larger timeout (in seconds), or check the network");
    Failure::new(Code::Timeout, d)
}

/// The options object itself and its `timeout` (token steps read nothing else).
pub(crate) fn step_timeout(step: Step, opts: &JsValue) -> Result<Timeout, Failure> {
    options::options_object(step, &arg(opts))?;
    options::timeout(step, &field(opts, "timeout"))
}

/// `checkAuthAvailable` / `checkLoginAvailable`.
pub(crate) async fn check(
    inner: Rc<Inner>,
    opts: JsValue,
    step: Step,
    biz: Biz,
) -> Result<JsValue, JsValue> {
    let request_id = random::request_id();
    let outcome = run_check(&inner, &opts, step, biz, &request_id).await;
    settle(
        &inner,
        step,
        request_id.clone(),
        outcome.map(|()| CheckSuccess::new(request_id)),
    )
}

async fn run_check(
    inner: &Inner,
    opts: &JsValue,
    step: Step,
    biz: Biz,
    request_id: &str,
) -> Result<(), Failure> {
    options::options_object(step, &arg(opts))?;
    let o = options::check(
        step,
        &field(opts, "accessToken"),
        &field(opts, "jwtToken"),
        &field(opts, "timeout"),
    )?;
    log_start(inner, step, request_id, &o.timeout);
    let ticket = inner.session.borrow_mut().begin_check(biz);
    let result = ask_gateway(inner, step, biz, request_id, &o).await;
    inner
        .session
        .borrow_mut()
        .finish_check(ticket, result.as_ref().ok().cloned());
    result.map(drop)
}

async fn ask_gateway(
    inner: &Inner,
    step: Step,
    biz: Biz,
    request_id: &str,
    o: &options::CheckOptions,
) -> Result<Checked, Failure> {
    let base = match &inner.endpoint {
        Some(e) => e.clone(),
        None => endpoint::issuer(&o.jwt_token)?,
    };
    let url = base + gateway::CHECK_PATH;
    let body = gateway::check_body(&o.access_token, &o.jwt_token, biz, request_id, VERSION);
    let guard = AbortGuard::new();
    let signal = guard.signal();
    let answer = deadline(
        Box::pin(post_json(&url, &body, false, signal.as_ref())),
        timer::sleep(o.timeout.ms),
    )
    .await;
    drop(guard);
    match answer {
        None => Err(timed_out(step, &o.timeout, "the gateway's identity check")),
        Some(Err(detail)) => Err(Failure::new(Code::Unknown, detail)),
        Some(Ok(json)) => match check_answer(&json) {
            Some(a) => gateway::interpret_check(a),
            None => Err(Failure::new(
                Code::Unknown,
                url + " answered JSON that is not an identity-check answer",
            )),
        },
    }
}

/// `getVerifyToken`.
pub(crate) async fn verify_token(inner: Rc<Inner>, opts: JsValue) -> Result<JsValue, JsValue> {
    let request_id = random::request_id();
    let outcome = run_verify(&inner, &opts, &request_id).await;
    settle(
        &inner,
        Step::VerifyToken,
        request_id.clone(),
        outcome.map(|(token, v)| TokenSuccess::new(token, v, request_id)),
    )
}

/// The tickets of the last successful check, after the environment verdict (600008 first, unless the gateway
/// that answered the check is a sandbox).
pub(crate) fn checked_for(inner: &Inner, step: Step, biz: Biz) -> Result<Checked, Failure> {
    let checked = inner.session.borrow().require_checked(biz);
    if !checked.as_ref().is_ok_and(|c| c.sandbox) {
        navigator::read().require_cellular_phone(step.method())?;
    }
    checked
}

async fn run_verify(
    inner: &Inner,
    opts: &JsValue,
    request_id: &str,
) -> Result<(String, Vender), Failure> {
    let step = Step::VerifyToken;
    let timeout = step_timeout(step, opts)?;
    let checked = checked_for(inner, step, Biz::Verify)?;
    log_start(inner, step, request_id, &timeout);
    let guard = AbortGuard::new();
    let racers: Vec<LocalFuture<Result<String, CarrierEntry>>> = checked
        .tickets
        .iter()
        .map(|t| {
            let url = t.base.clone() + "/token";
            let body = gateway::ticket_body(&t.ticket, request_id);
            let (vender, signal) = (t.vender, guard.signal());
            Box::pin(async move { carrier_token(url, body, vender, signal).await })
                as LocalFuture<_>
        })
        .collect();
    let outcome = deadline(first_ok(racers), timer::sleep(timeout.ms)).await;
    // Aborts the losers' fetches (and every fetch at the timeout): a late answer is never read.
    drop(guard);
    match outcome {
        None => Err(timed_out(step, &timeout, "the carriers")),
        Some(Ok((i, token))) => match checked.tickets.get(i) {
            Some(t) => Ok((token, t.vender)),
            None => Err(Failure::new(
                Code::Unknown,
                "internal: the race's winner is out of range",
            )),
        },
        Some(Err(entries)) => Err(gateway::no_token(entries)),
    }
}

async fn carrier_token(
    url: String,
    body: String,
    vender: Vender,
    signal: Option<web_sys::AbortSignal>,
) -> Result<String, CarrierEntry> {
    match post_json(&url, &body, true, signal.as_ref()).await {
        Err(detail) => Err(gateway::carrier_unreachable(vender, detail)),
        Ok(json) => match carrier_answer(&json) {
            Some(a) => gateway::interpret_carrier(vender, a),
            None => Err(gateway::carrier_unreachable(
                vender,
                url + " answered JSON that is not a carrier answer",
            )),
        },
    }
}
