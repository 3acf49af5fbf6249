//! The identity check (both business types) and getVerifyToken's carrier race.

use std::rc::Rc;

use wasm_bindgen::JsValue;

use super::call::{call_input, checked_for, log_start, settle, step_options};
use super::convert::{carrier_answer, check_answer, iss_claim, to_js};
use super::inner::{Inner, VERSION};
use crate::core::codes::Code;
use crate::core::endpoint;
use crate::core::env::Vender;
use crate::core::gateway::{self, Biz, Checked};
use crate::core::options::{self, Field, Step};
use crate::core::payload::{CarrierEntry, CheckSuccess, Failure, TokenSuccess};
use crate::core::race::{deadline, first_ok, LocalFuture};
use crate::platform::fetch::{post_json, AbortGuard};
use crate::platform::{random, timer};

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
        outcome.map(|()| to_js(&CheckSuccess::new(request_id))),
    )
}

async fn run_check(
    inner: &Inner,
    opts: &JsValue,
    step: Step,
    biz: Biz,
    request_id: &str,
) -> Result<(), Failure> {
    let input = call_input(step, opts)?;
    let o = options::check(
        step,
        &input.access_token.arg(),
        &input.jwt_token.arg(),
        &input.timeout.arg(),
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
        None => endpoint::issuer(&o.jwt_token, iss_claim)?,
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
        None => Err(Failure::timed_out(
            step.method(),
            o.timeout.ms,
            "the gateway's identity check",
        )),
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
        outcome.map(|(token, v)| to_js(&TokenSuccess::new(token, v, request_id))),
    )
}

async fn run_verify(
    inner: &Inner,
    opts: &JsValue,
    request_id: &str,
) -> Result<(String, Vender), Failure> {
    let step = Step::VerifyToken;
    let (_, timeout) = step_options(step, opts)?;
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
        None => Err(Failure::timed_out(
            step.method(),
            timeout.ms,
            "the carriers",
        )),
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
