//! The login page's state machine: every event of the page, every helper of the success payload and every answer
//! of the carrier's `/login` updates a [`Page`] and returns the [`Effect`]s the platform layer performs, in order.
//!
//! The platform layer holds no decision: it reads the event (and the checkbox [`Page::reads`] names), calls the
//! machine, drops its borrow of it, then performs the effects. So no borrow of the page's state is held while a
//! DOM call or a page callback runs, and a handler that re-enters the SDK finds the state free.

use super::{cancelled, hidden, wrong_message, Digits, Visibility};
use crate::auth_page::{AgreementText, AuthPage};
use crate::payload::Failure;

/// The text of the "not agreed" toast.
pub const NOT_AGREED: &str = "您还未同意协议条款";
/// How long the toast stays.
pub const TOAST_MS: u32 = 3_000;
/// The longest a `setMessage` message stays (its `time` is in seconds; more is taken as this).
pub const MESSAGE_MAX_MS: u32 = 600_000;

/// An element of the page that effects name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum El {
    /// The page's title (focused when the page opens without `isFocus`).
    Title,
    /// The login button.
    LoginButton,
    /// The main page's agreement box.
    MainBox,
    /// The agreement-first page's agreement box.
    PreBox,
    /// The privacy dialog.
    Alert,
    /// The privacy dialog's heading (focused when it opens).
    AlertTitle,
    /// The agreement-first page.
    PreView,
    /// The digits page.
    MainView,
}

impl El {
    /// Its CSS selector in the page's template (`core::auth_page_html`).
    #[must_use]
    pub fn selector(self) -> &'static str {
        match self {
            El::Title => ".title",
            El::LoginButton => "[data-a=\"login\"]",
            El::MainBox => "#ck",
            El::PreBox => "#pk",
            El::Alert => ".alert",
            El::AlertTitle => "#at",
            El::PreView => "[data-view=\"pre\"]",
            El::MainView => "[data-view=\"main\"]",
        }
    }
}

/// What the carriers require visible at every submit (600030 otherwise): the name used in the detail, and the
/// element's selector.
pub const REQUIRED: [(&str, &str); 4] = [
    ("title", ".title"),
    ("back icon", ".back"),
    ("agreements", "[data-view=\"main\"] .agree"),
    ("login button", "[data-a=\"login\"]"),
];

/// What pressing the login button leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Press {
    /// Not four digits yet (the button is disabled; a keyboard Enter ends here).
    Incomplete,
    /// A submit is already running.
    Busy,
    /// The agreement box is not ticked: show the toast `您还未同意协议条款` for 3 s.
    Toast,
    /// The agreement box is not ticked and the page configured the privacy dialog.
    Alert,
    /// Send these digits to the carrier.
    Submit(String),
}

/// The login page's state: what the user has done, independent of the DOM.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageState {
    /// The four inputs.
    pub digits: Digits,
    /// The agreement box.
    pub agreed: bool,
    /// A submit is in flight.
    pub busy: bool,
    /// The agreement-first page is showing (before the digits).
    pub pre_page: bool,
    /// Wrong entries so far on this page.
    pub wrong: u32,
}

impl PageState {
    /// The login button was pressed (or Enter in the last input).
    pub fn press(&mut self, alert_configured: bool) -> Press {
        if self.busy {
            return Press::Busy;
        }
        let Some(digits) = self.digits.complete() else {
            return Press::Incomplete;
        };
        if !self.agreed {
            return if alert_configured {
                Press::Alert
            } else {
                Press::Toast
            };
        }
        self.busy = true;
        Press::Submit(digits)
    }

    /// Whether the login button is enabled.
    #[must_use]
    pub fn can_submit(&self) -> bool {
        !self.busy && self.digits.complete().is_some()
    }
}

/// One event of the page, as the JS side reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageEvent<'a> {
    /// `click`, `input`, `keydown` or `paste`.
    pub kind: &'a str,
    /// The `data-a` of the element (empty for the digit inputs and for Escape outside any).
    pub action: &'a str,
    /// The `data-i` of the element (a digit input's or a link's index).
    pub index: Option<usize>,
    /// The input's value, the pasted text or the key.
    pub value: &'a str,
}

impl<'a> PageEvent<'a> {
    /// Reads `type:action:index` and the value.
    #[must_use]
    pub fn parse(what: &'a str, value: &'a str) -> PageEvent<'a> {
        let mut parts = what.split(':');
        let kind = parts.next().unwrap_or_default();
        let action = parts.next().unwrap_or_default();
        // Indices are single digits (four inputs, at most three links).
        let index = parts
            .next()
            .and_then(|i| i.bytes().next())
            .filter(u8::is_ascii_digit)
            .map(|b| usize::from(b - b'0'));
        PageEvent {
            kind,
            action,
            index,
            value,
        }
    }
}

/// A helper of the success payload, called by the page's own code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Helper {
    /// `clearInput()`.
    Clear,
    /// `focusOn(index)`: the argument when it is a number.
    FocusOn(Option<f64>),
    /// `setMessage(message)`: the message's fields when the argument is an object, `None` otherwise.
    SetMessage(Option<Message>),
}

/// The fields of `setMessage`'s argument that decide whether and how long it shows (`messageContent` and
/// `messageStyle` go to the DOM as given: [`Text::Given`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Message {
    /// `showMessage` when it is a boolean.
    pub show: Option<bool>,
    /// `time` (seconds) when it is a number.
    pub time: Option<f64>,
}

/// One thing the platform layer does, in the order given.
///
/// Plain data (`Copy`, nothing on the heap): what an effect needs that the platform layer already holds (the
/// agreement links, `setMessage`'s text and style) is named, not copied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effect {
    /// `watch(status, { requestId, netType })` later.
    Watch(u32),
    /// An agreement link was tapped: `watch(3, data)` (`watch(7, data)` for a `tab` of the privacy dialog) then
    /// `previewPrivacyWatch(1, data)`, the data with the link's `link` and `name`.
    LinkWatch(LinkAt),
    /// `protocolPageWatch(status, { requestId, netType })` later.
    ProtocolWatch(u32),
    /// `privacyAlertWatch(status, { requestId, netType })` later; `Some` adds `agreed` to the data.
    PrivacyWatch(u32, Option<bool>),
    /// `extraBtn.onClick({ requestId, netType })` later.
    ExtraClick,
    /// Ends the call (the first reason wins) and removes the page.
    End(Ending),
    /// Sends these four digits (all present) to the carrier's `/login`.
    Submit(Digits),
    /// Measures the [`REQUIRED`] elements and hands them to [`Page::measured`], which goes on with the press.
    Measure,
    /// Writes the four inputs as the state has them, and enables the login button when they can be submitted.
    ShowDigits,
    /// Focuses digit input `i` (selecting its digit).
    FocusDigit(usize),
    /// Focuses the element.
    Focus(El),
    /// Hides (`true`) or shows the element.
    Hide(El, bool),
    /// Ticks the checkbox.
    Tick(El),
    /// Marks the login button busy (`aria-busy`) or not.
    Busy(bool),
    /// Marks the digits wrong (`data-bad` on their group) or not.
    BadDigits(bool),
    /// Shows the toast [`NOT_AGREED`] for [`TOAST_MS`].
    Toast,
    /// Shows a message under the digits for `ms` (0: until replaced).
    Message(Text, u32),
}

/// An agreement link the user tapped: `index` in the agreement-first page's list (`pre`) or the main page's, in
/// display order ([`AgreementText::links`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkAt {
    /// In the privacy dialog (`watch(7)`), else on a page (`watch(3)`).
    pub tab: bool,
    /// The agreement-first page's list.
    pub pre: bool,
    /// Its index.
    pub index: usize,
}

/// Why the page ended the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Back, cancel or Escape: 700000.
    UserCancelled,
    /// A required element was not visible at submit: 600030 naming it.
    Hidden(&'static str),
}

impl Ending {
    /// The call's failure.
    #[must_use]
    pub fn failure(self) -> Failure {
        match self {
            Ending::UserCancelled => cancelled(true),
            Ending::Hidden(name) => hidden(name),
        }
    }
}

/// The text of [`Effect::Message`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Text {
    /// Nothing (clears the message).
    Empty,
    /// The wrong-digits message ([`wrong_message`]) with the tries left, when the carrier counts them.
    Wrong(Option<u32>),
    /// `setMessage`'s `messageContent` (empty when not a string), styled with its `messageStyle`.
    Given,
}

impl Text {
    /// The text to show; `given` is `setMessage`'s `messageContent`.
    #[must_use]
    pub fn resolve(self, given: &str) -> String {
        match self {
            Text::Empty => String::new(),
            Text::Wrong(left) => wrong_message(left),
            Text::Given => given.into(),
        }
    }
}

/// What the page's options decide about its behaviour, read once when it opens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    /// Pressing login without the box ticked opens the privacy dialog (instead of the toast).
    pub alert_on_login: bool,
    /// Agreeing in the privacy dialog logs in at once.
    pub auto_login: bool,
    /// Focus the first digit when the page opens.
    pub focus: bool,
    /// How many agreements the main page lists.
    pub links: usize,
    /// How many the agreement-first page lists (`None`: there is no such page).
    pub pre_links: Option<usize>,
}

/// How many links [`AgreementText::links`] lists: the page's own and the carrier's.
fn link_count(a: &AgreementText) -> usize {
    1 + usize::from(a.one.is_some()) + usize::from(a.two.is_some())
}

impl Rules {
    /// The rules of a page.
    #[must_use]
    pub fn new(page: &AuthPage) -> Rules {
        Rules {
            alert_on_login: page.privacy_alert.as_ref().is_some_and(|a| a.on_login),
            auto_login: page.privacy_alert.as_ref().is_some_and(|a| a.auto_login),
            focus: page.focus,
            links: link_count(&page.agreements),
            pre_links: page.pre_page.as_ref().map(|p| link_count(&p.agreements)),
        }
    }
}

/// The page's state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// What the user has done.
    pub state: PageState,
    rules: Rules,
}

impl Page {
    /// A page just drawn (on its agreement-first page when there is one).
    #[must_use]
    pub fn new(rules: Rules) -> Page {
        Page {
            state: PageState {
                pre_page: rules.pre_links.is_some(),
                ..PageState::default()
            },
            rules,
        }
    }

    /// What follows the page's drawing (after `customView.js`): `protocolPageWatch(1)` on an agreement-first
    /// page, the focus, then `watch(1)`.
    #[must_use]
    pub fn opened(&self) -> Vec<Effect> {
        let mut fx = Vec::with_capacity(3);
        if self.state.pre_page {
            fx.push(Effect::ProtocolWatch(1));
        }
        fx.push(if self.rules.focus && !self.state.pre_page {
            Effect::FocusDigit(0)
        } else {
            Effect::Focus(El::Title)
        });
        fx.push(Effect::Watch(1));
        fx
    }

    /// The checkbox whose state [`Page::on_event`] needs for `ev` (read it from the page first), if any.
    #[must_use]
    pub fn reads(ev: &PageEvent) -> Option<El> {
        match (ev.kind, ev.action) {
            ("click", "agree") => Some(El::MainBox),
            ("click", "pre") => Some(El::PreBox),
            _ => None,
        }
    }

    /// An event of the page; `ticked` is the state of the checkbox [`Page::reads`] named (`false` if none).
    pub fn on_event(&mut self, ev: &PageEvent, ticked: bool) -> Vec<Effect> {
        if ev.kind == "keydown" {
            // Escape works wherever the focus is (the title has it when the page opens).
            return self.on_key(ev.value, ev.action, ev.index);
        }
        match (ev.kind, ev.action, ev.index) {
            ("click", "back", _) => leave(),
            ("click", "login", _) => self.press(),
            ("click", "agree", _) => {
                self.state.agreed = ticked;
                Vec::new()
            }
            ("click", "link" | "tab", Some(index)) => {
                let tab = ev.action == "tab";
                let pre = self.state.pre_page && !tab && self.rules.pre_links.is_some();
                let count = match (pre, self.rules.pre_links) {
                    (true, Some(n)) => n,
                    _ => self.rules.links,
                };
                if index < count {
                    vec![Effect::LinkWatch(LinkAt { tab, pre, index })]
                } else {
                    Vec::new()
                }
            }
            ("click", "pre", _) => {
                if !ticked {
                    return vec![Effect::Toast];
                }
                self.state.pre_page = false;
                self.state.agreed = true;
                vec![
                    Effect::Tick(El::MainBox),
                    Effect::Hide(El::PreView, true),
                    Effect::Hide(El::MainView, false),
                    Effect::FocusDigit(0),
                    Effect::ProtocolWatch(2),
                ]
            }
            ("click", "alert-ok" | "alert-no", _) => {
                let ok = ev.action == "alert-ok";
                let mut fx = vec![
                    Effect::Hide(El::Alert, true),
                    Effect::PrivacyWatch(2, Some(ok)),
                ];
                if ok {
                    self.state.agreed = true;
                    fx.push(Effect::Tick(El::MainBox));
                    if self.rules.auto_login {
                        // The dialog's auto-login is part of the press that opened it: no second watch(5).
                        fx.extend(self.submit());
                        return fx;
                    }
                }
                fx.push(Effect::Focus(El::LoginButton));
                fx
            }
            ("click", "extra", _) => vec![Effect::ExtraClick],
            ("input" | "paste", "", Some(i)) => {
                let next = self.state.digits.type_text(i, ev.value);
                Page::after_typing(next)
            }
            _ => Vec::new(),
        }
    }

    /// A key (the JS side already prevented the browser's default for the keys handled here).
    fn on_key(&mut self, key: &str, action: &str, index: Option<usize>) -> Vec<Effect> {
        if key == "Escape" {
            return leave();
        }
        let (Some(i), true) = (index, action.is_empty()) else {
            return Vec::new();
        };
        match key {
            "Backspace" => {
                let next = self.state.digits.backspace(i);
                Page::after_typing(next)
            }
            "ArrowLeft" if i > 0 => vec![Effect::FocusDigit(i - 1)],
            "ArrowRight" if i < 3 => vec![Effect::FocusDigit(i + 1)],
            "Enter" => self.press(),
            _ => Vec::new(),
        }
    }

    fn after_typing(next: usize) -> Vec<Effect> {
        vec![
            Effect::BadDigits(false),
            Effect::ShowDigits,
            Effect::FocusDigit(next),
        ]
    }

    /// The login button (or Enter in a digit input): `watch(5)`, then the submit.
    fn press(&mut self) -> Vec<Effect> {
        let mut fx = vec![Effect::Watch(5)];
        fx.extend(self.submit());
        fx
    }

    /// What pressing login does after `watch(5)`: four digits and no submit running measure the page first (the
    /// carriers' rule, checked at every submit), the rest decides at once.
    fn submit(&mut self) -> Vec<Effect> {
        if self.state.digits.complete().is_some() && !self.state.busy {
            return vec![Effect::Measure];
        }
        self.decide()
    }

    /// The measures [`Effect::Measure`] asked for, in [`REQUIRED`]'s order: 600030 ends the call when one is not
    /// visible; otherwise the press goes on.
    pub fn measured(&mut self, measured: &[(&'static str, Visibility)]) -> Vec<Effect> {
        match measured.iter().find(|(_, v)| !v.visible()) {
            Some((name, _)) => vec![Effect::End(Ending::Hidden(name))],
            None => self.decide(),
        }
    }

    fn decide(&mut self) -> Vec<Effect> {
        match self.state.press(self.rules.alert_on_login) {
            Press::Busy => Vec::new(),
            Press::Incomplete => {
                let first_empty = self.state.digits.0.iter().position(Option::is_none);
                vec![Effect::FocusDigit(first_empty.unwrap_or(0))]
            }
            Press::Toast => vec![Effect::Toast],
            Press::Alert => vec![
                Effect::Hide(El::Alert, false),
                Effect::Focus(El::AlertTitle),
                Effect::PrivacyWatch(1, None),
            ],
            Press::Submit(_) => vec![
                Effect::ShowDigits,
                Effect::Busy(true),
                Effect::Submit(self.state.digits),
            ],
        }
    }

    /// A helper of the success payload.
    pub fn helper(&mut self, h: &Helper) -> Vec<Effect> {
        match h {
            Helper::Clear => {
                self.state.digits.clear();
                vec![Effect::ShowDigits, Effect::FocusDigit(0)]
            }
            Helper::FocusOn(i) => {
                let i = i.filter(|i| i.is_finite()).unwrap_or(0.0).clamp(0.0, 3.0);
                // In 0..=3 after the clamp, so the cast is exact (a fraction is cut: 1.7 is input 1).
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let i = i as usize;
                vec![Effect::FocusDigit(i)]
            }
            Helper::SetMessage(Some(m)) if m.show != Some(false) => {
                let ms = m.time.filter(|t| t.is_finite() && *t > 0.0).map_or(0, |t| {
                    // Capped first, so the cast is exact.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let ms = (t * 1000.0).min(f64::from(MESSAGE_MAX_MS)) as u32;
                    ms
                });
                vec![Effect::Message(Text::Given, ms)]
            }
            Helper::SetMessage(_) => vec![Effect::Message(Text::Empty, 0)],
        }
    }

    /// The carrier said the digits were wrong; `remaining` is the tries left before the lock, when it counts.
    pub fn wrong(&mut self, remaining: Option<u32>) -> Vec<Effect> {
        self.state.busy = false;
        self.state.wrong += 1;
        self.state.digits.clear();
        vec![
            Effect::Busy(false),
            Effect::BadDigits(true),
            Effect::ShowDigits,
            Effect::Message(Text::Wrong(remaining), 0),
            Effect::FocusDigit(0),
        ]
    }

    /// The carrier gave the token: the page stays (until it closes itself or `closeLoginPage()`), ready again.
    pub fn succeeded(&mut self) -> Vec<Effect> {
        self.state.busy = false;
        vec![Effect::Busy(false), Effect::ShowDigits]
    }
}

/// Back, cancel or Escape: `watch(2)`, and the call ends with the user's cancel.
fn leave() -> Vec<Effect> {
    vec![Effect::Watch(2), Effect::End(Ending::UserCancelled)]
}

#[cfg(test)]
mod tests;
