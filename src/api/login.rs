//! One-click login (`getLoginToken`, `closeLoginPage`): the carriers' `/mask` race under `timeout`, the
//! authorization page, then `/login` with the user's four digits (docs/protocol.md §3).
//!
//! Decisions live in `core::login` / `core::auth_page`; the page on screen (its DOM, state machine and the queue
//! this call awaits) is a [`Live`] (api/login_page.rs). This file wires the call: options, the race, the page, the
//! `/login` requests, the payload.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsValue;

use super::call::{checked_for, log_start, settle, step_options};
use super::convert::{carrier_answer, console_warn, member, to_js, Loose};
use super::inner::Inner;
use super::login_page::{close_current, Action, Live, Watchers};
use crate::core::auth_page;
use crate::core::auth_page_input::{AuthPageInput, CustomViewInput, ExtraBtnInput};
use crate::core::codes::Code;
use crate::core::gateway::{self, Biz, Ticket};
use crate::core::login::{self, LoginOutcome, Masked};
use crate::core::options::{CallInput, Field, Step};
use crate::core::payload::{CarrierEntry, Failure, LoginSuccess, PageData};
use crate::core::race::{deadline, first_ok, LocalFuture};
use crate::platform::fetch::{post_json, AbortGuard};
use crate::platform::login_page::call_later;
use crate::platform::{random, timer};

thread_local! {
    /// Whether the unusual-`btnText` warning was written: at most once per document.
    static WARNED_BTN_TEXT: Cell<bool> = const { Cell::new(false) };
}

/// The callbacks among a call's options: the call's own, and `authPageOption`'s `extraBtn.onClick` and
/// `customView.js` (read whatever the switches say; the page decides whether it shows them).
fn watchers(opts: &CallInput<Loose>) -> Watchers {
    let page: AuthPageInput<Loose> = opts.auth_page_option.read().unwrap_or_default();
    let custom: CustomViewInput<Loose> = page.custom_view.read().unwrap_or_default();
    let extra: ExtraBtnInput<Loose> = page.extra_btn.read().unwrap_or_default();
    Watchers {
        watch: opts.watch.function(),
        protocol: opts.protocol_page_watch.function(),
        privacy: opts.privacy_alert_watch.function(),
        preview: opts.preview_privacy_watch.function(),
        extra: extra.on_click.function(),
        custom_js: custom.js.function(),
    }
}

/// `getLoginToken`.
pub(crate) async fn login_token(inner: Rc<Inner>, opts: JsValue) -> Result<JsValue, JsValue> {
    let request_id = random::request_id();
    let outcome = run_login(&inner, &opts, &request_id).await;
    settle(&inner, Step::LoginToken, request_id, outcome)
}

async fn run_login(inner: &Inner, opts: &JsValue, request_id: &str) -> Result<JsValue, Failure> {
    let step = Step::LoginToken;
    let (input, timeout) = step_options(step, opts)?;
    let page = auth_page::parse(&input.auth_page_option)?;
    if auth_page::btn_text_is_unusual(&page.btn_text) && !WARNED_BTN_TEXT.with(|w| w.replace(true))
    {
        let mut m = String::from("PhoneNumberServer.getLoginToken: authPageOption.btnText \"");
        m.push_str(&page.btn_text);
        m.push_str("\" holds neither 登录 (login) nor 注册 (sign-up): the carriers' rule for the button asks for one of them (shown as given; this warning is written once)");
        console_warn(&m);
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
                            member(&json, "maskedNumber").as_string(),
                            member(&json, "loginTicket").as_string(),
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
    let watchers = watchers(&input);
    if let Some(watch) = &watchers.watch {
        let data = to_js(&PageData::new(request_id, ticket.vender));
        call_later(watch, "watch", &JsValue::from(6), &data);
    }

    let live = Live::open(page, ticket.vender, &head, &tail, request_id, watchers)?;
    let outcome = converse(&live, &ticket, &masked, request_id).await;
    if outcome.is_err() || !live.opts.manual_close {
        live.close();
    }
    outcome
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
        let remaining = member(&json, "remaining").as_f64();
        match login::interpret_login(ticket.vender, a, login::remaining(remaining)) {
            LoginOutcome::Token(token) => return Ok(success(live, token)),
            LoginOutcome::Failed(f) => return Err(f),
            LoginOutcome::Wrong(left) => live.wrong(left),
        }
    }
}

/// The success payload with its page helpers (no-ops once the page is gone).
fn success(live: &Live, token: String) -> JsValue {
    let o = to_js(&LoginSuccess::new(
        token,
        live.vender,
        live.request_id.clone(),
    ));
    live.succeeded(&o);
    o
}

/// `closeLoginPage`: removes the page on screen; a call still waiting for the user ends with a cancel error.
pub(crate) fn close_page(_inner: &Inner) {
    close_current();
}
