//! One-click login's decisions: the masked number, the four-digit entry, the page's state machine, and what the
//! carrier's `mask` / `login` answers mean (docs/protocol.md §3).

use super::codes::Code;
use super::env::Vender;
use super::gateway::{interpret_carrier, CarrierAnswer};
use super::json::push_u32;
use super::payload::{CarrierEntry, Content, Failure};

/// The carrier's masked number split around its four stars: `138****0000` → (`138`, `0000`).
#[must_use]
pub fn split_mask(masked: &str) -> Option<(String, String)> {
    // Byte scans and `get` only: no slicing that could panic (a panic path pulls `core::fmt` into the module).
    let at = masked.as_bytes().windows(4).position(|w| w == b"****")?;
    let head = masked.get(..at)?;
    let tail = masked.get(at + 4..)?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (digits(head) && digits(tail) && head.len() + tail.len() == 7)
        .then(|| (head.into(), tail.into()))
}

/// The four middle digits as typed so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Digits(pub [Option<u8>; 4]);

impl Digits {
    /// Text typed (or pasted, or autofilled) into input `at`: its digits fill the inputs from `at` on.
    ///
    /// Returns where the focus goes: the input after the last one filled (the last input stays focused when
    /// full). Non-digits are ignored; text without digits clears input `at`.
    pub fn type_text(&mut self, at: usize, text: &str) -> usize {
        let at = at.min(3);
        let ds: Vec<u8> = text
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        // A four-digit paste fills all four, wherever it lands.
        let start = if ds.len() == 4 { 0 } else { at };
        if ds.is_empty() {
            self.set(at, None);
            return at;
        }
        let mut i = start;
        for d in ds {
            if i > 3 {
                break;
            }
            self.set(i, Some(d));
            i += 1;
        }
        i.min(3)
    }

    fn set(&mut self, i: usize, d: Option<u8>) {
        if let Some(slot) = self.0.get_mut(i) {
            *slot = d;
        }
    }

    /// Backspace in input `at`: clears it, or, when it is already empty, clears and focuses the one before.
    pub fn backspace(&mut self, at: usize) -> usize {
        let at = at.min(3);
        if at == 0 || self.0.get(at).copied().flatten().is_some() {
            self.set(at, None);
            at
        } else {
            self.set(at - 1, None);
            at - 1
        }
    }

    /// All four, as the carrier wants them (`"1234"`).
    #[must_use]
    pub fn complete(&self) -> Option<String> {
        self.0
            .iter()
            .map(|d| d.map(|d| char::from(b'0' + d)))
            .collect()
    }

    /// Empties the inputs.
    pub fn clear(&mut self) {
        self.0 = [None; 4];
    }

    /// The digit shown in input `i` (empty string when none).
    #[must_use]
    pub fn shown(&self, i: usize) -> String {
        self.0
            .get(i)
            .copied()
            .flatten()
            .map(|d| char::from(b'0' + d).to_string())
            .unwrap_or_default()
    }
}

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

/// The text of the "not agreed" toast.
pub const NOT_AGREED: &str = "您还未同意协议条款";
/// How long the toast stays.
pub const TOAST_MS: u32 = 3_000;

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

/// A successful `mask`: the number to show and the ticket for `login`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    /// `138****0000`.
    pub number: String,
    /// `lt1…`.
    pub login_ticket: String,
}

/// Interprets one carrier's `mask` answer.
///
/// (Returns the entry by value like `gateway::interpret_carrier`: it goes straight into `content`.)
///
/// # Errors
///
/// The carrier's entry for `content` when it did not give a usable masked number.
#[allow(clippy::result_large_err)]
pub fn interpret_mask(
    v: Vender,
    answer: CarrierAnswer,
    masked: Option<String>,
    login_ticket: Option<String>,
) -> Result<Masked, CarrierEntry> {
    if answer.ok {
        match (masked, login_ticket) {
            (Some(n), Some(t)) if split_mask(&n).is_some() && !t.is_empty() => {
                return Ok(Masked {
                    number: n,
                    login_ticket: t,
                })
            }
            _ => {
                let mut e = entry(v, answer);
                e.detail = "the carrier answered ok without a usable masked number".into();
                return Err(e);
            }
        }
    }
    Err(entry(v, answer))
}

fn entry(v: Vender, mut answer: CarrierAnswer) -> CarrierEntry {
    // `interpret_carrier` reads `ok` + `token`; a mask/login refusal never has a token.
    answer.ok = false;
    answer.token = None;
    match interpret_carrier(v, answer) {
        Err(e) => e,
        Ok(_) => CarrierEntry {
            code: Code::GetTokenFailed.number(),
            msg: Code::GetTokenFailed.msg(),
            is_success: false,
            vender: v.as_str(),
            carrier: super::payload::CarrierDetail::default(),
            detail: String::new(),
        },
    }
}

/// What the carrier said to the four digits.
#[derive(Debug, Clone, PartialEq)]
pub enum LoginOutcome {
    /// The login spToken.
    Token(String),
    /// Wrong digits; the tries left before the lock (`None`: this carrier does not lock).
    Wrong(Option<u32>),
    /// The call ends with this failure (locked, ticket expired, ...).
    Failed(Failure),
}

/// Interprets the carrier's `login` answer. `remaining` is the answer's `remaining` (absent or `null`: `None`).
#[must_use]
pub fn interpret_login(v: Vender, answer: CarrierAnswer, remaining: Option<u32>) -> LoginOutcome {
    if answer.ok {
        if let Some(t) = answer.token.clone().filter(|t| !t.is_empty()) {
            return LoginOutcome::Token(t);
        }
    }
    let resp = answer.carrier_resp_code.clone().unwrap_or_default();
    let e = entry(v, answer);
    match resp.as_str() {
        "WRONG_DIGITS" => LoginOutcome::Wrong(remaining),
        "LOCKED" => LoginOutcome::Failed(locked(vec![e])),
        _ => {
            let mut d = String::from("the carrier refused the login (");
            d.push_str(v.as_str());
            d.push_str(": ");
            d.push_str(&e.detail);
            d.push(')');
            let mut f = Failure::new(Code::GetTokenFailed, d);
            f.content = Content::Carriers(vec![e]);
            LoginOutcome::Failed(f)
        }
    }
}

/// The failure for a number the carrier locked (at `login` after the third wrong entry, or already at `mask`).
///
/// 600011 (获取token失败) with the carrier's entry in `content` (its `carrierRespCode` is `LOCKED`): the spec
/// lists 600011 for getLoginToken, and 600018 (号码被运营商管控) means the carrier blocks the number for good,
/// which a page handles differently from "try again in 24 h"; the `detail` says which it is.
#[must_use]
pub fn locked(entries: Vec<CarrierEntry>) -> Failure {
    let mut d = String::from(
        "the carrier locked one-click login for this number for 24 h after three wrong entries of the middle four digits (",
    );
    for e in &entries {
        d.push_str(e.vender);
    }
    d.push_str("): offer another way to log in, or try again in 24 h");
    let mut f = Failure::new(Code::GetTokenFailed, d);
    f.content = Content::Carriers(entries);
    f
}

/// The call's failure when the user leaves the page (back or cancel) or the page calls `closeLoginPage()`, so that
/// a Promise-mode caller is never left waiting.
///
/// The user's cancel is 700000 (用户取消登录, the vendor's app SDKs' code for it): 600011 would read as "no carrier
/// gave a token", which pages answer with "turn off Wi-Fi". The page's own `closeLoginPage()` stays 600011 (no
/// token was obtained, and the page knows why), with an empty `content`.
#[must_use]
pub fn cancelled(by_user: bool) -> Failure {
    if by_user {
        return Failure::new(
            Code::UserCancelled,
            "the user cancelled the login page (back pressed, watch status 2): no login token",
        );
    }
    let mut f = Failure::new(
        Code::GetTokenFailed,
        "closeLoginPage() removed the login page before the user confirmed: no login token",
    );
    f.content = Content::Carriers(Vec::new());
    f
}

/// The page's message after wrong digits.
#[must_use]
pub fn wrong_message(remaining: Option<u32>) -> String {
    let mut m = String::from("号码中间四位输入错误，请重新输入");
    if let Some(n) = remaining {
        m.push_str("（还可尝试 ");
        push_u32(&mut m, n);
        m.push_str(" 次）");
    }
    m
}

/// When the page must fail the 600030 check: a required element measured hidden or empty.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Visibility {
    /// Bounding box width (CSS px).
    pub width: f64,
    /// Bounding box height.
    pub height: f64,
    /// Computed opacity (of the element and of the page's host).
    pub opacity: f64,
    /// Computed font size (px).
    pub font_size: f64,
    /// `visibility: hidden|collapse` or `display: none` anywhere on the element.
    pub hidden: bool,
    /// The element has text (or an image) to show.
    pub has_content: bool,
}

impl Visibility {
    /// Whether it counts as visible.
    #[must_use]
    pub fn visible(&self) -> bool {
        self.width > 0.0
            && self.height > 0.0
            && self.opacity > 0.0
            && self.font_size > 0.0
            && !self.hidden
            && self.has_content
    }
}

/// 600030 naming the first element that is not visible, or `Ok`.
///
/// # Errors
///
/// 600030 with a detail naming the element.
pub fn check_visible(elements: &[(&str, Visibility)]) -> Result<(), Failure> {
    match elements.iter().find(|(_, v)| !v.visible()) {
        None => Ok(()),
        Some((name, _)) => {
            let mut d = String::from("getLoginToken: the login page's ");
            d.push_str(name);
            d.push_str(
                " is hidden, transparent or empty at submit: the carriers require the title, back icon, agreements and button to be visible (check customView.style and the page's CSS)",
            );
            Err(Failure::new(Code::CssViolation, d))
        }
    }
}

/// One event of the page, as the JS side reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEvent {
    /// `click`, `input`, `keydown` or `paste`.
    pub kind: String,
    /// The `data-a` of the element (empty for the digit inputs and for Escape outside any).
    pub action: String,
    /// The `data-i` of the element (a digit input's or a link's index).
    pub index: Option<usize>,
    /// The input's value, the pasted text or the key.
    pub value: String,
}

impl PageEvent {
    /// Reads `type:action:index` and the value.
    #[must_use]
    pub fn parse(what: &str, value: String) -> PageEvent {
        let mut parts = what.split(':');
        let kind = parts.next().unwrap_or_default().into();
        let action = parts.next().unwrap_or_default().into();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_split_around_four_stars() {
        assert_eq!(
            split_mask("138****0000"),
            Some(("138".into(), "0000".into()))
        );
        for bad in [
            "138***0000",
            "13800000000",
            "13a****0000",
            "138****00000",
            "",
        ] {
            assert_eq!(split_mask(bad), None, "{bad}");
        }
    }

    #[test]
    fn typing_advances_and_fills() {
        let mut d = Digits::default();
        assert_eq!(d.type_text(0, "1"), 1);
        assert_eq!(d.type_text(1, "2"), 2);
        assert_eq!(d.type_text(2, "a"), 2, "a letter is ignored");
        assert_eq!(d.0[2], None);
        assert_eq!(d.type_text(2, "3"), 3);
        assert_eq!(d.complete(), None);
        assert_eq!(d.type_text(3, "4"), 3, "the last input keeps the focus");
        assert_eq!(d.complete().as_deref(), Some("1234"));
        assert_eq!(d.shown(0), "1");
        d.clear();
        assert_eq!(d.complete(), None);
        assert_eq!(d.shown(0), "");
    }

    #[test]
    fn pasting_four_digits_fills_all_wherever_it_lands() {
        let mut d = Digits::default();
        assert_eq!(d.type_text(2, " 56-78 "), 3);
        assert_eq!(d.complete().as_deref(), Some("5678"));
        let mut d = Digits::default();
        assert_eq!(d.type_text(1, "12"), 3);
        assert_eq!(d.0, [None, Some(1), Some(2), None]);
    }

    #[test]
    fn backspace_goes_back() {
        let mut d = Digits::default();
        d.type_text(0, "12");
        assert_eq!(
            d.backspace(2),
            1,
            "empty: clears and focuses the one before"
        );
        assert_eq!(d.0, [Some(1), None, None, None]);
        assert_eq!(d.backspace(0), 0);
        assert_eq!(d.0, [None; 4]);
        d.type_text(0, "1234");
        assert_eq!(d.backspace(3), 3, "filled: clears itself and stays");
        assert_eq!(d.0[3], None);
    }

    #[test]
    fn pressing_login() {
        let mut s = PageState::default();
        assert_eq!(s.press(false), Press::Incomplete);
        s.digits.type_text(0, "1234");
        assert!(s.can_submit());
        assert_eq!(s.press(false), Press::Toast);
        assert_eq!(s.press(true), Press::Alert);
        s.agreed = true;
        assert_eq!(s.press(false), Press::Submit("1234".into()));
        assert!(s.busy && !s.can_submit());
        assert_eq!(s.press(false), Press::Busy);
    }

    fn answer(ok: bool, resp: &str, token: Option<&str>) -> CarrierAnswer {
        CarrierAnswer {
            ok,
            token: token.map(Into::into),
            carrier_trace_id: Some("tr".into()),
            carrier_resp_code: Some(resp.into()),
            carrier_sdk_code: Some("1".into()),
            carrier_sdk_msg: Some("m".into()),
        }
    }

    #[test]
    fn mask_answers() {
        let ok = interpret_mask(
            Vender::Cm,
            answer(true, "103000", None),
            Some("138****0000".into()),
            Some("lt1.x".into()),
        );
        assert_eq!(ok.map(|m| m.number).ok().as_deref(), Some("138****0000"));
        let e = interpret_mask(
            Vender::Cu,
            answer(false, "NOT_SUBSCRIBER", None),
            None,
            None,
        );
        assert_eq!(
            e.map_err(|e| (e.vender, e.code)).err(),
            Some(("CU", 600011))
        );
        let e = interpret_mask(
            Vender::Cm,
            answer(true, "103000", None),
            Some("x".into()),
            None,
        );
        assert!(e.is_err_and(|e| e.detail.contains("masked number")));
    }

    #[test]
    fn login_answers() {
        assert_eq!(
            interpret_login(Vender::Cm, answer(true, "103000", Some("sp1.t")), None),
            LoginOutcome::Token("sp1.t".into())
        );
        assert_eq!(
            interpret_login(Vender::Cm, answer(false, "WRONG_DIGITS", None), Some(2)),
            LoginOutcome::Wrong(Some(2))
        );
        assert_eq!(
            interpret_login(Vender::Cu, answer(false, "WRONG_DIGITS", None), None),
            LoginOutcome::Wrong(None)
        );
        match interpret_login(Vender::Ct, answer(false, "LOCKED", None), Some(0)) {
            LoginOutcome::Failed(f) => {
                assert_eq!(f.code, Code::GetTokenFailed);
                assert!(
                    f.detail.contains("locked") && f.detail.contains("24 h"),
                    "{}",
                    f.detail
                );
                assert!(
                    matches!(f.content, Content::Carriers(ref e) if e[0].carrier.carrier_resp_code == "LOCKED")
                );
            }
            other => panic!("{other:?}"),
        }
        match interpret_login(Vender::Cm, answer(false, "TICKET_INVALID", None), None) {
            LoginOutcome::Failed(f) => {
                assert!(f.detail.starts_with("the carrier refused the login (CM"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn messages() {
        assert_eq!(
            wrong_message(Some(2)),
            "号码中间四位输入错误，请重新输入（还可尝试 2 次）"
        );
        assert_eq!(wrong_message(None), "号码中间四位输入错误，请重新输入");
        assert!(cancelled(true).detail.contains("cancelled"));
        assert!(cancelled(false).detail.contains("closeLoginPage"));
        assert_eq!(cancelled(true).code, Code::UserCancelled);
        assert_eq!(cancelled(true).code.number(), 700000);
        assert_eq!(cancelled(false).code, Code::GetTokenFailed);
    }

    #[test]
    fn the_600030_check() {
        let ok = Visibility {
            width: 10.0,
            height: 10.0,
            opacity: 1.0,
            font_size: 16.0,
            hidden: false,
            has_content: true,
        };
        assert!(check_visible(&[("title", ok), ("button", ok)]).is_ok());
        for broken in [
            Visibility { width: 0.0, ..ok },
            Visibility { height: 0.0, ..ok },
            Visibility { opacity: 0.0, ..ok },
            Visibility {
                font_size: 0.0,
                ..ok
            },
            Visibility { hidden: true, ..ok },
            Visibility {
                has_content: false,
                ..ok
            },
        ] {
            let f = check_visible(&[("title", ok), ("back icon", broken)]).err();
            assert_eq!(f.as_ref().map(|f| f.code.number()), Some(600030));
            assert!(f.is_some_and(|f| f.detail.contains("back icon")));
        }
    }
}

#[cfg(test)]
mod event_tests {
    use super::PageEvent as Event;

    #[test]
    fn events_read_type_action_and_index() {
        let e = Event::parse("click:link:2", String::new());
        assert_eq!(
            (e.kind.as_str(), e.action.as_str(), e.index),
            ("click", "link", Some(2))
        );
        let e = Event::parse("input::3", "7".into());
        assert_eq!(
            (e.action.as_str(), e.index, e.value.as_str()),
            ("", Some(3), "7")
        );
        let e = Event::parse("keydown::", "Escape".into());
        assert_eq!((e.kind.as_str(), e.index), ("keydown", None));
        assert_eq!(Event::parse("click:x:a", String::new()).index, None);
        assert_eq!(Event::parse("", String::new()).kind, "");
    }
}
