//! A login page on screen: its DOM (`platform::login_page`), its state machine (`core::login::Page`) and the
//! small action queue the `getLoginToken` call awaits (api/login.rs).
//!
//! Every handler asks the machine, drops its borrow, then performs the effects the machine returned. No `RefCell`
//! borrow is held while a DOM call or a page callback runs, so a handler that re-enters the SDK (a `focusin`
//! listener on the page calling `closeLoginPage()`, a `messageStyle` getter calling `clearInput()`) finds everything
//! free. Page callbacks (`watch`, …) are always called later (a microtask), and what they throw is logged.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use js_sys::Function;
use wasm_bindgen::JsValue;

use super::convert::{console_error, member, to_js};
use crate::core::auth_page::AuthPage;
use crate::core::auth_page_html;
use crate::core::codes::Code;
use crate::core::env::Vender;
use crate::core::login::page::TOAST_MS;
use crate::core::login::{
    self, Effect, El, Helper, LinkAt, Message, Page, PageEvent, Rules, Text, NOT_AGREED, REQUIRED,
};
use crate::core::payload::{Failure, PageData};
use crate::platform::login_page::{self, PageDom};

thread_local! {
    /// The login page on screen (at most one per document): what `closeLoginPage()` closes.
    static CURRENT: RefCell<Option<Rc<Live>>> = const { RefCell::new(None) };
}

/// The page's callbacks, read once from the options.
#[derive(Default)]
pub(crate) struct Watchers {
    pub watch: Option<Function>,
    pub protocol: Option<Function>,
    pub privacy: Option<Function>,
    pub preview: Option<Function>,
    pub extra: Option<Function>,
    /// `customView.js` when it is a function (an addition of ours, for pages whose CSP refuses inline scripts).
    pub custom_js: Option<Function>,
}

/// What the async call waits for.
pub(crate) enum Action {
    Submit(String),
}

#[derive(Default)]
struct Queue {
    actions: VecDeque<Action>,
    /// Set when the page went away: back/cancel, closeLoginPage(), or a failure.
    ended: Option<Failure>,
    waker: Option<Waker>,
}

/// A login page on screen and everything its handlers need.
pub(crate) struct Live {
    dom: PageDom,
    /// The page's options (the call reads `manualClose` once a token came).
    pub opts: AuthPage,
    /// The carrier whose masked number the page shows.
    pub vender: Vender,
    /// The call's `requestId`.
    pub request_id: String,
    page: RefCell<Page>,
    queue: RefCell<Queue>,
    watchers: Watchers,
}

/// Calls a page callback later, with no borrow held, logging what it throws.
fn call_later(f: Option<&Function>, name: &'static str, a: &JsValue, b: &JsValue) {
    if let Some(f) = f {
        login_page::call_later(f, name, a, b);
    }
}

/// Takes the page on screen, if any, out of [`CURRENT`] (the borrow ends before the caller touches it).
fn take_current() -> Option<Rc<Live>> {
    CURRENT.with(|c| c.borrow_mut().take())
}

/// `closeLoginPage`: removes the page on screen; a call still waiting for the user ends with a cancel error.
pub(crate) fn close_current() {
    if let Some(live) = take_current() {
        live.end(login::cancelled(false));
    }
}

impl Live {
    /// Draws the page, runs `customView.js`, then `protocolPageWatch(1)`, the focus and `watch(1)`.
    ///
    /// # Errors
    ///
    /// 600028 when the page cannot be drawn (`mount` names no element, or there is no document).
    pub fn open(
        opts: AuthPage,
        vender: Vender,
        head: &str,
        tail: &str,
        request_id: &str,
        watchers: Watchers,
    ) -> Result<Rc<Live>, Failure> {
        // One login page at a time: a page still open from an earlier call ends that call.
        if let Some(old) = take_current() {
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
        let rules = Rules::new(&opts);
        let live = Rc::new(Live {
            dom,
            opts,
            vender,
            request_id: request_id.into(),
            page: RefCell::new(Page::new(rules)),
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
                        None => {
                            let value = value.as_string().unwrap_or_default();
                            l.on_event(&PageEvent::parse(&what, &value));
                        }
                    }
                }
            }));
        CURRENT.with(|c| *c.borrow_mut() = Some(live.clone()));
        live.run_custom_js();
        let fx = live.page.borrow().opened();
        live.run(fx);
        Ok(live)
    }

    /// `customView.js`: a script's text, or (ours) a function; what it throws is logged and the login goes on.
    fn run_custom_js(&self) {
        let Some(c) = &self.opts.custom_view else {
            return;
        };
        let js = match (&self.watchers.custom_js, c.js_fn) {
            (Some(f), true) => JsValue::from(f.clone()),
            (_, false) if !c.js.is_empty() => JsValue::from_str(&c.js),
            _ => return,
        };
        if let Err(thrown) = self.dom.run_script(&js) {
            console_error(
                "PhoneNumberServer.getLoginToken: authPageOption.customView.js threw",
                &thrown,
            );
        }
    }

    /// `{ requestId, netType }`, the data of every page callback.
    fn data(&self) -> PageData {
        PageData::new(&self.request_id, self.vender)
    }

    /// A page callback, later: `f(status, data)`, or `f(data)` without a status (`extraBtn.onClick`); the data is
    /// `{ requestId, netType }`, with `agreed` when given.
    fn notify(
        &self,
        f: &Option<Function>,
        name: &'static str,
        status: Option<u32>,
        agreed: Option<bool>,
    ) {
        let Some(f) = f else {
            return;
        };
        let mut d = self.data();
        d.agreed = agreed;
        let d = to_js(&d);
        match status {
            Some(s) => login_page::call_later(f, name, &s.into(), &d),
            None => login_page::call_later(f, name, &d, &JsValue::UNDEFINED),
        }
    }

    /// `watch(3|7)` then `previewPrivacyWatch(1)` for a tapped agreement link, with its `link` and `name`.
    fn link_watch(&self, at: LinkAt) {
        let agreements = match (&self.opts.pre_page, at.pre) {
            (Some(p), true) => &p.agreements,
            _ => &self.opts.agreements,
        };
        let Some((l, _)) = agreements.links(self.vender).into_iter().nth(at.index) else {
            return;
        };
        let mut d = self.data();
        d.link = Some(l.url);
        d.name = Some(l.name);
        let d = to_js(&d);
        let w = &self.watchers;
        let status = JsValue::from(if at.tab { 7 } else { 3 });
        call_later(w.watch.as_ref(), "watch", &status, &d);
        call_later(w.preview.as_ref(), "previewPrivacyWatch", &1.into(), &d);
    }

    /// Performs effects that show no `setMessage` text.
    fn run(&self, fx: Vec<Effect>) {
        self.perform(fx, "", &JsValue::UNDEFINED);
    }

    /// Performs the machine's effects in order; `content` and `style` are `setMessage`'s `messageContent` and
    /// `messageStyle` ([`Text::Given`]).
    ///
    /// Called with no borrow held: the effects call into JS, which may re-enter the page's handlers.
    fn perform(&self, fx: Vec<Effect>, content: &str, style: &JsValue) {
        let w = &self.watchers;
        let none = JsValue::UNDEFINED;
        for e in fx {
            match e {
                Effect::Watch(status) => self.notify(&w.watch, "watch", Some(status), None),
                Effect::LinkWatch(at) => self.link_watch(at),
                Effect::ProtocolWatch(status) => {
                    self.notify(&w.protocol, "protocolPageWatch", Some(status), None);
                }
                Effect::PrivacyWatch(status, agreed) => {
                    self.notify(&w.privacy, "privacyAlertWatch", Some(status), agreed);
                }
                Effect::ExtraClick => self.notify(&w.extra, "extraBtn.onClick", None, None),
                Effect::End(ending) => self.end(ending.failure()),
                Effect::Submit(digits) => {
                    if let Some(d) = digits.complete() {
                        self.push(Action::Submit(d));
                    }
                }
                Effect::Measure => {
                    let mut measured = Vec::with_capacity(REQUIRED.len());
                    for (name, sel) in REQUIRED {
                        measured.push((name, self.dom.measure(sel)));
                    }
                    let more = self.page.borrow_mut().measured(&measured);
                    self.perform(more, content, style);
                }
                Effect::ShowDigits => {
                    let (digits, can_submit) = {
                        let p = self.page.borrow();
                        (p.state.digits, p.state.can_submit())
                    };
                    self.dom.show_digits(&digits, can_submit);
                }
                Effect::FocusDigit(i) => self.dom.focus_digit(i),
                Effect::Focus(el) => self.dom.focus(el.selector()),
                Effect::Hide(el, hidden) => self.dom.set_hidden(el.selector(), hidden),
                Effect::Tick(el) => {
                    self.dom.checked(el.selector(), Some(true));
                }
                Effect::Busy(busy) => {
                    let v = busy.then_some("true");
                    self.dom
                        .set_attr(El::LoginButton.selector(), "aria-busy", v);
                }
                Effect::BadDigits(bad) => self.dom.set_attr(".num", "data-bad", bad.then_some("")),
                Effect::Toast => self.dom.show(".toast", NOT_AGREED, &none, TOAST_MS, true),
                Effect::Message(text, ms) => {
                    // `messageStyle`: CSS text or a style object (`{ color: 'red' }`), applied by the DOM layer.
                    let style = if text == Text::Given { style } else { &none };
                    self.dom
                        .show(".msg", &text.resolve(content), style, ms, false);
                }
            }
        }
    }

    /// An event of the page: the checkbox the decision needs is read first, then the machine decides.
    fn on_event(&self, ev: &PageEvent) {
        let ticked = Page::reads(ev).is_some_and(|el| self.dom.checked(el.selector(), None));
        let fx = self.page.borrow_mut().on_event(ev, ticked);
        self.run(fx);
    }

    /// `clearInput()` (0), `focusOn(i)` (1), `setMessage({...})` (2) of the success payload.
    fn helper(&self, which: &str, m: &JsValue) {
        // Read before the machine is borrowed: the argument's getters are the page's own code. Straight from the
        // page (not the shim's copy), so read with `Reflect`, which catches a throwing getter.
        let get = |k: &str| member(m, k);
        let (mut content, mut style) = (String::new(), JsValue::UNDEFINED);
        let h = match which {
            "0" => Helper::Clear,
            "1" => Helper::FocusOn(m.as_f64()),
            _ if !m.is_object() => Helper::SetMessage(None),
            _ => {
                let msg = Message {
                    show: get("showMessage").as_bool(),
                    time: get("time").as_f64(),
                };
                content = get("messageContent").as_string().unwrap_or_default();
                style = get("messageStyle");
                Helper::SetMessage(Some(msg))
            }
        };
        let fx = self.page.borrow_mut().helper(&h);
        self.perform(fx, &content, &style);
    }

    /// The carrier said the digits were wrong (`remaining`: tries left before the lock, when it counts).
    pub fn wrong(&self, remaining: Option<u32>) {
        let fx = self.page.borrow_mut().wrong(remaining);
        self.run(fx);
    }

    /// The carrier gave the token: puts the page helpers on the success payload `o`.
    pub fn succeeded(&self, o: &JsValue) {
        let fx = self.page.borrow_mut().succeeded();
        self.run(fx);
        self.dom.helpers(o);
    }

    fn wake(&self) {
        // Taken out first: the borrow ends before the waker runs.
        let waker = self.queue.borrow_mut().waker.take();
        if let Some(w) = waker {
            w.wake();
        }
    }

    fn push(&self, a: Action) {
        self.queue.borrow_mut().actions.push_back(a);
        self.wake();
    }

    /// Ends the call with `f` (first reason wins) and removes the page.
    pub fn end(&self, f: Failure) {
        {
            let mut q = self.queue.borrow_mut();
            if q.ended.is_none() {
                q.ended = Some(f);
            }
        }
        self.close();
        self.wake();
    }

    /// Removes the page (harmless when already removed).
    pub fn close(&self) {
        self.dom.remove();
        // Taken out under the borrow and dropped after it: dropping the last `Rc` drops the page's listener.
        let gone = CURRENT.with(|c| {
            let mut c = c.borrow_mut();
            if c.as_ref()
                .is_some_and(|l| std::ptr::eq(Rc::as_ptr(l), self))
            {
                c.take()
            } else {
                None
            }
        });
        drop(gone);
    }

    /// Resolves with the next action, or with the failure the page ended with.
    pub fn next(&self) -> Next<'_> {
        Next(self)
    }

    /// Resolves when the page ends (back, closeLoginPage, 600030) while a submit is in flight.
    pub fn ended(&self) -> Ended<'_> {
        Ended(self)
    }
}

/// See [`Live::next`].
pub(crate) struct Next<'a>(&'a Live);

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

/// See [`Live::ended`].
pub(crate) struct Ended<'a>(&'a Live);

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
