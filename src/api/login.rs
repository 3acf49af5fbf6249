//! One-click login (`getLoginToken`, `closeLoginPage`): the carriers' `/mask` race under `timeout`, the
//! authorization page, then `/login` with the user's four digits (docs/protocol.md §3).
//!
//! Decisions live in `core::login` / `core::auth_page`; the page on screen (its DOM, state machine and the queue
//! this call awaits) is a [`Live`] (api/login_page.rs). This file wires the call: options, the race, the page, the
//! `/login` requests, the payload.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use super::call::{checked_for, log_start, settle, step_timeout};
use super::convert::{arg, carrier_answer, field};
use super::inner::Inner;
use super::login_page::{close_current, watch_data, Action, Live, Watchers};
use crate::core::auth_page;
use crate::core::codes::Code;
use crate::core::gateway::{self, Biz, Ticket};
use crate::core::login::{self, LoginOutcome, Masked};
use crate::core::options::{Arg, Step};
use crate::core::payload::{CarrierEntry, Failure};
use crate::core::race::{deadline, first_ok, LocalFuture};
use crate::platform::fetch::{post_json, AbortGuard};
use crate::platform::login_page::call_later;
use crate::platform::{random, timer};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = console, js_name = warn)]
    fn console_warn(msg: &str) -> Result<(), JsValue>;
}

thread_local! {
    /// Whether the unusual-`btnText` warning was written: at most once per document.
    static WARNED_BTN_TEXT: Cell<bool> = const { Cell::new(false) };
}

fn obj_set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

fn function(opts: &JsValue, path: &str) -> Option<Function> {
    let mut v = opts.clone();
    for part in path.split('.') {
        if !v.is_object() {
            return None;
        }
        v = Reflect::get(&v, &JsValue::from_str(part)).ok()?;
    }
    v.dyn_into::<Function>().ok()
}

/// `authPageOption.<path>` as an [`Arg`].
fn page_field(opts: &JsValue, path: &str) -> Arg {
    let mut v =
        Reflect::get(opts, &JsValue::from_str("authPageOption")).unwrap_or(JsValue::UNDEFINED);
    for part in path.split('.') {
        if !v.is_object() {
            return Arg::Absent;
        }
        v = match Reflect::get(&v, &JsValue::from_str(part)) {
            Ok(v) => v,
            Err(_) => return Arg::Other("value"),
        };
    }
    arg(&v)
}

/// `getLoginToken`.
pub(crate) async fn login_token(inner: Rc<Inner>, opts: JsValue) -> Result<JsValue, JsValue> {
    let request_id = random::request_id();
    let outcome = run_login(&inner, &opts, &request_id).await;
    settle(&inner, Step::LoginToken, request_id, outcome)
}

async fn run_login(inner: &Inner, opts: &JsValue, request_id: &str) -> Result<JsValue, Failure> {
    let step = Step::LoginToken;
    let timeout = step_timeout(step, opts)?;
    let page = auth_page::parse(&field(opts, "authPageOption"), &|p| page_field(opts, p))?;
    if auth_page::btn_text_is_unusual(&page.btn_text) && !WARNED_BTN_TEXT.with(|w| w.replace(true))
    {
        let mut m = String::from("PhoneNumberServer.getLoginToken: authPageOption.btnText \"");
        m.push_str(&page.btn_text);
        m.push_str("\" holds neither 登录 (login) nor 注册 (sign-up): the carriers' rule for the button asks for one of them (shown as given; this warning is written once)");
        let _ = console_warn(&m);
    }
    let checked = checked_for(inner, step, Biz::Login)?;
    log_start(inner, step, request_id, &timeout);

    // Phase 1, under `timeout`: the masked number from the first carrier that knows this SIM.
    let guard = AbortGuard::new();
    let racers: Vec<LocalFuture<Result<Masked, CarrierEntry>>> = checked
        .tickets
        .iter()
        .map(|t| {
            let url = t.base.clone() + "/mask";
            let body = gateway::ticket_body(&t.ticket, request_id);
            let (vender, signal) = (t.vender, guard.signal());
            Box::pin(async move {
                match post_json(&url, &body, true, signal.as_ref()).await {
                    Err(d) => Err(gateway::carrier_unreachable(vender, d)),
                    Ok(json) => match carrier_answer(&json) {
                        Some(a) => login::interpret_mask(
                            vender,
                            a,
                            text(&json, "maskedNumber"),
                            text(&json, "loginTicket"),
                        ),
                        None => Err(gateway::carrier_unreachable(
                            vender,
                            url + " answered JSON that is not a carrier answer",
                        )),
                    },
                }
            }) as LocalFuture<_>
        })
        .collect();
    let outcome = deadline(first_ok(racers), timer::sleep(timeout.ms)).await;
    drop(guard);
    let (ticket, masked) = match outcome {
        None => {
            return Err(Failure::timed_out(
                step.method(),
                timeout.ms,
                "the carriers' masked number",
            ))
        }
        Some(Err(entries)) => return Err(login::mask_failed(entries)),
        Some(Ok((i, m))) => match checked.tickets.get(i) {
            Some(t) => (t.clone(), m),
            None => {
                return Err(Failure::new(
                    Code::Unknown,
                    "internal: the race's winner is out of range",
                ))
            }
        },
    };
    let Some((head, tail)) = login::split_mask(&masked.number) else {
        return Err(Failure::new(
            Code::Unknown,
            "the carrier's masked number is malformed",
        ));
    };

    // Phase 2: no timer. watch(6), then the page.
    let watchers = Watchers {
        watch: function(opts, "watch"),
        protocol: function(opts, "protocolPageWatch"),
        privacy: function(opts, "privacyAlertWatch"),
        preview: function(opts, "previewPrivacyWatch"),
        extra: function(opts, "authPageOption.extraBtn.onClick"),
        custom_js: function(opts, "authPageOption.customView.js"),
    };
    if let Some(watch) = &watchers.watch {
        let data = watch_data(request_id, ticket.vender);
        call_later(watch, "watch", &JsValue::from(6), &data.into());
    }

    let live = Live::open(page, ticket.vender, &head, &tail, request_id, watchers)?;
    let outcome = converse(&live, &ticket, &masked, request_id).await;
    if outcome.is_err() || !live.opts.manual_close {
        live.close();
    }
    outcome
}

fn text(v: &JsValue, key: &str) -> Option<String> {
    Reflect::get(v, &JsValue::from_str(key)).ok()?.as_string()
}

/// Phase 3: submits until the carrier gives a token, the number is locked, or the page goes away.
async fn converse(
    live: &Live,
    ticket: &Ticket,
    masked: &Masked,
    request_id: &str,
) -> Result<JsValue, Failure> {
    loop {
        let Action::Submit(digits) = live.next().await?;
        let body = login::login_body(&masked.login_ticket, &digits, request_id);
        let url = ticket.base.clone() + "/login";
        let guard = AbortGuard::new();
        let signal = guard.signal();
        let answer = deadline(
            Box::pin(post_json(&url, &body, true, signal.as_ref())),
            Box::pin(live.ended()),
        )
        .await;
        drop(guard);
        let json = match answer {
            None => {
                return Err(live
                    .next()
                    .await
                    .err()
                    .unwrap_or_else(|| login::cancelled(false)))
            }
            Some(Err(d)) => return Err(Failure::new(Code::Unknown, d)),
            Some(Ok(json)) => json,
        };
        let Some(a) = carrier_answer(&json) else {
            return Err(Failure::new(
                Code::Unknown,
                url + " answered JSON that is not a carrier answer",
            ));
        };
        let remaining = Reflect::get(&json, &JsValue::from_str("remaining"))
            .ok()
            .and_then(|r| r.as_f64());
        match login::interpret_login(ticket.vender, a, login::remaining(remaining)) {
            LoginOutcome::Token(token) => return Ok(success(live, token)),
            LoginOutcome::Failed(f) => return Err(f),
            LoginOutcome::Wrong(left) => live.wrong(left),
        }
    }
}

/// The success payload with its page helpers (no-ops once the page is gone).
fn success(live: &Live, token: String) -> JsValue {
    let o = Object::new();
    obj_set(&o, "code", &JsValue::from(Code::Success.number()));
    obj_set(&o, "msg", &JsValue::from_str(Code::Success.msg()));
    obj_set(&o, "spToken", &JsValue::from_str(&token));
    obj_set(&o, "vender", &JsValue::from_str(live.vender.as_str()));
    obj_set(&o, "requestId", &JsValue::from_str(&live.request_id));
    live.succeeded(&o);
    o.into()
}

/// `closeLoginPage`: removes the page on screen; a call still waiting for the user ends with a cancel error.
pub(crate) fn close_page(_inner: &Inner) {
    close_current();
}
