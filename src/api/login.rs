//! One-click login (`getLoginToken`, `closeLoginPage`): the carriers' `/mask` race under `timeout`, the
//! authorization page, then `/login` with the user's four digits (docs/protocol.md §3).
//!
//! Decisions live in `core::login` / `core::auth_page`, the DOM in `platform::login_page`; this file wires them:
//! a [`Live`] page owns the page state, the DOM and a small action queue that the async call awaits. Page callbacks
//! (`watch`, …) are always called later (a microtask), with no borrow held, and what they throw is logged.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use js_sys::Function;
use wasm_bindgen::JsValue;

use super::call::{checked_for, log_start, settle, step_options};
use super::convert::{carrier_answer, console_error, console_warn, member, to_js, Loose};
use super::inner::Inner;
use crate::core::auth_page::{self, AuthPage, Link};
use crate::core::auth_page_html;
use crate::core::auth_page_input::{AuthPageInput, CustomViewInput, ExtraBtnInput};
use crate::core::codes::Code;
use crate::core::env::Vender;
use crate::core::gateway::{self, Biz, Ticket};
use crate::core::json::push_string;
use crate::core::login::{self, LoginOutcome, Masked, PageEvent, PageState, Press};
use crate::core::options::{self, Field, Step};
use crate::core::payload::{CarrierEntry, Failure, LoginSuccess, PageData};
use crate::core::race::{deadline, first_ok, LocalFuture};
use crate::platform::fetch::{post_json, AbortGuard};
use crate::platform::login_page::{self, PageDom};
use crate::platform::{random, timer};

thread_local! {
    /// The login page on screen (at most one per document): what `closeLoginPage()` closes.
    static CURRENT: RefCell<Option<Rc<Live>>> = const { RefCell::new(None) };
    /// Whether the unusual-`btnText` warning was written: at most once per document.
    static WARNED_BTN_TEXT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The page's callbacks, read once from the options.
#[derive(Default)]
struct Watchers {
    watch: Option<Function>,
    protocol: Option<Function>,
    privacy: Option<Function>,
    preview: Option<Function>,
    extra: Option<Function>,
    /// `customView.js` when it is a function (an addition of ours, for pages whose CSP refuses inline scripts).
    custom_js: Option<Function>,
}

/// What the async call waits for.
enum Action {
    Submit(String),
}

#[derive(Default)]
struct Queue {
    actions: VecDeque<Action>,
    /// Set when the page went away: `Some(true)` back/cancel, `Some(false)` closeLoginPage(), or a failure.
    ended: Option<Failure>,
    waker: Option<Waker>,
}

/// A login page on screen and everything its handlers need.
struct Live {
    dom: PageDom,
    opts: AuthPage,
    vender: Vender,
    request_id: String,
    state: RefCell<PageState>,
    queue: RefCell<Queue>,
    watchers: Watchers,
}

/// Calls a page callback later, with no borrow held, logging what it throws.
fn call_later(f: Option<&Function>, name: &'static str, args: [JsValue; 2]) {
    if let Some(f) = f {
        login_page::call_later(f, name, &args[0], &args[1]);
    }
}

impl Watchers {
    /// The callbacks among a call's options: the call's own, and `authPageOption`'s `extraBtn.onClick` and
    /// `customView.js` (read whatever the switches say; the page decides whether it shows them).
    fn read(opts: &options::CallInput<Loose>) -> Watchers {
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
}

impl Live {
    fn data(&self) -> PageData {
        PageData::new(&self.request_id, self.vender)
    }

    fn watch(&self, status: u32, data: &PageData) {
        call_later(
            self.watchers.watch.as_ref(),
            "watch",
            [JsValue::from(status), to_js(data)],
        );
    }

    fn wake(&self) {
        if let Some(w) = self.queue.borrow_mut().waker.take() {
            w.wake();
        }
    }

    fn push(&self, a: Action) {
        self.queue.borrow_mut().actions.push_back(a);
        self.wake();
    }

    /// Ends the call with `f` (first reason wins) and removes the page.
    fn end(&self, f: Failure) {
        {
            let mut q = self.queue.borrow_mut();
            if q.ended.is_none() {
                q.ended = Some(f);
            }
        }
        self.close();
        self.wake();
    }

    fn close(&self) {
        self.dom.remove();
        CURRENT.with(|c| {
            let mut c = c.borrow_mut();
            if c.as_ref()
                .is_some_and(|l| std::ptr::eq(Rc::as_ptr(l), self))
            {
                *c = None;
            }
        });
    }

    fn refresh(&self) {
        let s = self.state.borrow();
        self.dom.show_digits(&s.digits, s.can_submit());
    }

    fn toast(&self, text: &str) {
        self.dom
            .show(".toast", text, &JsValue::UNDEFINED, login::TOAST_MS, true);
    }

    fn links(&self, pre: bool) -> Vec<Link> {
        let a = match (&self.opts.pre_page, pre) {
            (Some(p), true) => &p.agreements,
            _ => &self.opts.agreements,
        };
        a.links(self.vender).into_iter().map(|(l, _)| l).collect()
    }

    /// The login button (or Enter in the last input): `watch(5)`, then [`Live::submit`].
    fn press(self: &Rc<Self>) {
        self.watch(5, &self.data());
        self.submit();
    }

    /// What pressing login does after `watch(5)`; the privacy dialog's auto-login comes here directly, so one press
    /// is one `watch(5)`.
    fn submit(self: &Rc<Self>) {
        let complete = self.state.borrow().digits.complete().is_some();
        if complete && !self.state.borrow().busy {
            // The carriers' rule, checked at every submit: the title, back icon, agreements and button visible.
            let measured = [
                ("title", self.dom.measure(".title")),
                ("back icon", self.dom.measure(".back")),
                (
                    "agreements",
                    self.dom.measure("[data-view=\"main\"] .agree"),
                ),
                ("login button", self.dom.measure("[data-a=\"login\"]")),
            ];
            if let Err(f) = login::check_visible(&measured) {
                self.end(f);
                return;
            }
        }
        let alert = self.opts.privacy_alert.as_ref().is_some_and(|a| a.on_login);
        let outcome = self.state.borrow_mut().press(alert);
        match outcome {
            Press::Busy => {}
            Press::Incomplete => {
                let first_empty = self
                    .state
                    .borrow()
                    .digits
                    .0
                    .iter()
                    .position(Option::is_none);
                self.dom.focus_digit(first_empty.unwrap_or(0));
            }
            Press::Toast => self.toast(login::NOT_AGREED),
            Press::Alert => {
                self.dom.set_hidden(".alert", false);
                self.dom.focus("#at");
                call_later(
                    self.watchers.privacy.as_ref(),
                    "privacyAlertWatch",
                    [JsValue::from(1), to_js(&self.data())],
                );
            }
            Press::Submit(digits) => {
                self.refresh();
                self.dom
                    .set_attr("[data-a=\"login\"]", "aria-busy", Some("true"));
                self.push(Action::Submit(digits));
            }
        }
    }

    fn on_event(self: &Rc<Self>, ev: PageEvent) {
        let PageEvent {
            kind,
            action,
            index,
            value,
        } = ev;
        if kind == "keydown" {
            // Escape works wherever the focus is (the title has it when the page opens).
            self.on_key(&value, &action, index);
            return;
        }
        match (kind.as_str(), action.as_str(), index) {
            ("click", "back", _) => {
                self.watch(2, &self.data());
                self.end(login::cancelled(true));
            }
            ("click", "login", _) => self.press(),
            ("click", "agree", _) => {
                let ticked = self.dom.checked("#ck", None);
                self.state.borrow_mut().agreed = ticked;
            }
            ("click", "link" | "tab", Some(i)) => {
                let pre = self.state.borrow().pre_page;
                if let Some(l) = self.links(pre && action == "link").get(i) {
                    let mut d = self.data();
                    d.link = Some(l.url.clone());
                    d.name = Some(l.name.clone());
                    self.watch(if action == "tab" { 7 } else { 3 }, &d);
                    call_later(
                        self.watchers.preview.as_ref(),
                        "previewPrivacyWatch",
                        [JsValue::from(1), to_js(&d)],
                    );
                }
            }
            ("click", "pre", _) => {
                if !self.dom.checked("#pk", None) {
                    self.toast(login::NOT_AGREED);
                    return;
                }
                self.state.borrow_mut().pre_page = false;
                self.state.borrow_mut().agreed = true;
                self.dom.checked("#ck", Some(true));
                self.dom.set_hidden("[data-view=\"pre\"]", true);
                self.dom.set_hidden("[data-view=\"main\"]", false);
                self.dom.focus_digit(0);
                call_later(
                    self.watchers.protocol.as_ref(),
                    "protocolPageWatch",
                    [JsValue::from(2), to_js(&self.data())],
                );
            }
            ("click", "alert-ok" | "alert-no", _) => {
                let ok = action == "alert-ok";
                self.dom.set_hidden(".alert", true);
                let mut d = self.data();
                d.agreed = Some(ok);
                call_later(
                    self.watchers.privacy.as_ref(),
                    "privacyAlertWatch",
                    [JsValue::from(2), to_js(&d)],
                );
                if ok {
                    self.state.borrow_mut().agreed = true;
                    self.dom.checked("#ck", Some(true));
                    if self
                        .opts
                        .privacy_alert
                        .as_ref()
                        .is_some_and(|a| a.auto_login)
                    {
                        self.submit();
                        return;
                    }
                }
                self.dom.focus("[data-a=\"login\"]");
            }
            ("click", "extra", _) => call_later(
                self.watchers.extra.as_ref(),
                "extraBtn.onClick",
                [to_js(&self.data()), JsValue::UNDEFINED],
            ),
            ("input" | "paste", "", Some(i)) => {
                let next = self.state.borrow_mut().digits.type_text(i, &value);
                self.after_typing(next);
            }
            _ => {}
        }
    }

    /// `clearInput()` (0), `focusOn(i)` (1), `setMessage({...})` (2) of the success payload.
    fn helper(self: &Rc<Self>, which: &str, m: &JsValue) {
        if which == "0" {
            self.state.borrow_mut().digits.clear();
            self.refresh();
            self.dom.focus_digit(0);
        } else if which == "1" {
            let i = m
                .as_f64()
                .filter(|i| i.is_finite())
                .unwrap_or(0.0)
                .clamp(0.0, 3.0) as usize;
            self.dom.focus_digit(i);
        } else {
            // Straight from the page (not the shim's copy): read with `Reflect`, which catches a throwing getter.
            let get = |k: &str| member(m, k);
            if !m.is_object() || get("showMessage").as_bool() == Some(false) {
                self.dom.show(".msg", "", &JsValue::UNDEFINED, 0, false);
                return;
            }
            let content = get("messageContent").as_string().unwrap_or_default();
            let ms = get("time")
                .as_f64()
                .filter(|t| t.is_finite() && *t > 0.0)
                .map_or(0, |t| (t * 1000.0).min(600_000.0) as u32);
            // `messageStyle`: CSS text or a style object (`{ color: 'red' }`), applied by the DOM layer.
            self.dom
                .show(".msg", &content, &get("messageStyle"), ms, false);
        }
    }

    fn after_typing(&self, next: usize) {
        self.dom.set_attr(".num", "data-bad", None);
        self.refresh();
        self.dom.focus_digit(next);
    }

    /// A key (the JS side already prevented the browser's default for the keys handled here).
    fn on_key(self: &Rc<Self>, key: &str, action: &str, index: Option<usize>) {
        if key == "Escape" {
            self.watch(2, &self.data());
            self.end(login::cancelled(true));
            return;
        }
        let (Some(i), true) = (index, action.is_empty()) else {
            return;
        };
        match key {
            "Backspace" => {
                let next = self.state.borrow_mut().digits.backspace(i);
                self.after_typing(next);
            }
            "ArrowLeft" if i > 0 => {
                self.dom.focus_digit(i - 1);
            }
            "ArrowRight" if i < 3 => {
                self.dom.focus_digit(i + 1);
            }
            "Enter" => {
                self.press();
            }
            _ => {}
        }
    }
}

/// Resolves with the next action, or with the failure the page ended with.
struct Next<'a>(&'a Live);

impl Future for Next<'_> {
    type Output = Result<Action, Failure>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut q = self.0.queue.borrow_mut();
        if let Some(f) = q.ended.take() {
            return Poll::Ready(Err(f));
        }
        if let Some(a) = q.actions.pop_front() {
            return Poll::Ready(Ok(a));
        }
        q.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// Resolves when the page ends (back, closeLoginPage, 600030) while a submit is in flight.
struct Ended<'a>(&'a Live);

impl Future for Ended<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut q = self.0.queue.borrow_mut();
        if q.ended.is_some() {
            return Poll::Ready(());
        }
        q.waker = Some(cx.waker().clone());
        Poll::Pending
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
        Some(Err(entries)) => {
            // A number the carrier locked is said so (not lost among the other carriers' NOT_SUBSCRIBER).
            let is_locked = |e: &CarrierEntry| e.carrier.carrier_resp_code == "LOCKED";
            return Err(if entries.iter().any(is_locked) {
                login::locked(entries.into_iter().filter(is_locked).collect())
            } else {
                gateway::no_token(entries)
            });
        }
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
    let watchers = Watchers::read(&input);
    call_later(
        watchers.watch.as_ref(),
        "watch",
        [
            JsValue::from(6),
            to_js(&PageData::new(request_id, ticket.vender)),
        ],
    );

    let live = open_page(page, ticket.vender, &head, &tail, request_id, watchers)?;
    let outcome = converse(&live, &ticket, &masked, request_id).await;
    if outcome.is_err() || !live.opts.manual_close {
        live.close();
    }
    outcome
}

fn open_page(
    opts: AuthPage,
    vender: Vender,
    head: &str,
    tail: &str,
    request_id: &str,
    watchers: Watchers,
) -> Result<Rc<Live>, Failure> {
    // One login page at a time: a page still open from an earlier call ends that call.
    if let Some(old) = CURRENT.with(|c| c.borrow_mut().take()) {
        old.end(login::cancelled(false));
    }
    let html = auth_page_html::render(&opts, vender, head, tail);
    let custom = opts
        .custom_view
        .as_ref()
        .filter(|c| !c.element.is_empty())
        .map(|c| (c.element.as_str(), c.style.as_str()));
    let dom = PageDom::open(&html, opts.mount.as_deref(), &opts.z_index, custom)
        .map_err(|d| Failure::new(Code::BadArgument, d))?;
    let pre = opts.pre_page.is_some();
    let live = Rc::new(Live {
        dom,
        opts,
        vender,
        request_id: request_id.into(),
        state: RefCell::new(PageState {
            pre_page: pre,
            ..PageState::default()
        }),
        queue: RefCell::new(Queue::default()),
        watchers,
    });
    let weak: Weak<Live> = Rc::downgrade(&live);
    live.dom
        .listen(Box::new(move |what: JsValue, value: JsValue| {
            if let Some(l) = weak.upgrade() {
                let what = what.as_string().unwrap_or_default();
                // The success payload's helpers (`PageDom::helpers`) come with their argument as the value.
                match what.strip_prefix("helper::") {
                    Some(i) => l.helper(i, &value),
                    None => l.on_event(PageEvent::parse(
                        &what,
                        value.as_string().unwrap_or_default(),
                    )),
                }
            }
        }));
    CURRENT.with(|c| *c.borrow_mut() = Some(live.clone()));
    if let Some(c) = &live.opts.custom_view {
        let js = match (&live.watchers.custom_js, c.js_fn) {
            (Some(f), true) => Some(JsValue::from(f.clone())),
            (_, false) if !c.js.is_empty() => Some(JsValue::from_str(&c.js)),
            _ => None,
        };
        if let Some(js) = js {
            if let Err(thrown) = live.dom.run_script(&js) {
                console_error(
                    "PhoneNumberServer.getLoginToken: authPageOption.customView.js threw",
                    &thrown,
                );
            }
        }
    }
    if pre {
        call_later(
            live.watchers.protocol.as_ref(),
            "protocolPageWatch",
            [JsValue::from(1), to_js(&live.data())],
        );
    }
    if live.opts.focus && !pre {
        live.dom.focus_digit(0);
    } else {
        live.dom.focus(".title");
    }
    live.watch(1, &live.data());
    Ok(live)
}

/// Phase 3: submits until the carrier gives a token, the number is locked, or the page goes away.
async fn converse(
    live: &Rc<Live>,
    ticket: &Ticket,
    masked: &Masked,
    request_id: &str,
) -> Result<JsValue, Failure> {
    loop {
        let Action::Submit(digits) = Next(live).await?;
        let mut body = String::from("{\"loginTicket\":");
        push_string(&mut body, &masked.login_ticket);
        body.push_str(",\"digits\":");
        push_string(&mut body, &digits);
        body.push_str(",\"requestId\":");
        push_string(&mut body, request_id);
        body.push('}');
        let url = ticket.base.clone() + "/login";
        let guard = AbortGuard::new();
        let signal = guard.signal();
        let answer = deadline(
            Box::pin(post_json(&url, &body, true, signal.as_ref())),
            Box::pin(Ended(live)),
        )
        .await;
        drop(guard);
        let json = match answer {
            None => {
                return Err(Next(live)
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
        let remaining = member(&json, "remaining")
            .as_f64()
            .map(|r| r.clamp(0.0, 99.0) as u32);
        match login::interpret_login(ticket.vender, a, remaining) {
            LoginOutcome::Token(token) => return Ok(success(live, token)),
            LoginOutcome::Failed(f) => return Err(f),
            LoginOutcome::Wrong(left) => {
                {
                    let mut s = live.state.borrow_mut();
                    s.busy = false;
                    s.wrong += 1;
                    s.digits.clear();
                }
                live.dom.set_attr("[data-a=\"login\"]", "aria-busy", None);
                live.dom.set_attr(".num", "data-bad", Some(""));
                live.refresh();
                live.dom.show(
                    ".msg",
                    &login::wrong_message(left),
                    &JsValue::UNDEFINED,
                    0,
                    false,
                );
                live.dom.focus_digit(0);
            }
        }
    }
}

/// The success payload with its page helpers (no-ops once the page is gone).
fn success(live: &Rc<Live>, token: String) -> JsValue {
    let o = to_js(&LoginSuccess::new(
        token,
        live.vender,
        live.request_id.clone(),
    ));
    {
        let mut s = live.state.borrow_mut();
        s.busy = false;
    }
    live.dom.set_attr("[data-a=\"login\"]", "aria-busy", None);
    live.refresh();
    live.dom.helpers(&o);
    o
}

/// `closeLoginPage`: removes the page on screen; a call still waiting for the user ends with a cancel error.
pub(crate) fn close_page(_inner: &Inner) {
    if let Some(live) = CURRENT.with(|c| c.borrow_mut().take()) {
        live.end(login::cancelled(false));
    }
}
