//! One-click login's decisions: the masked number, the four-digit entry, the page's state machine, and what the
//! carrier's `mask` / `login` answers mean (docs/protocol.md §3).

use super::codes::Code;
use super::env::Vender;
use super::gateway::no_token;
use super::gateway::{interpret_carrier, CarrierAnswer};
use super::json::{push_string, push_u32};
use super::payload::{CarrierEntry, Content, Failure};

pub mod page;

pub use page::{
    Effect, El, Ending, Helper, LinkAt, Message, Page, PageEvent, PageState, Press, Rules, Text,
    NOT_AGREED, REQUIRED, TOAST_MS,
};

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
    pub fn shown(&self, i: usize) -> &'static str {
        const SHOWN: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        self.0
            .get(i)
            .copied()
            .flatten()
            .and_then(|d| SHOWN.get(usize::from(d)))
            .copied()
            .unwrap_or_default()
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

/// The body of `POST {carrier}/login`: the ticket from `mask`, the four digits and the call's `requestId`, as JSON.
#[must_use]
pub fn login_body(login_ticket: &str, digits: &str, request_id: &str) -> String {
    let mut body = String::from("{\"loginTicket\":");
    push_string(&mut body, login_ticket);
    body.push_str(",\"digits\":");
    push_string(&mut body, digits);
    body.push_str(",\"requestId\":");
    push_string(&mut body, request_id);
    body.push('}');
    body
}

/// The `remaining` of a `login` answer (tries left before the lock): a number, clamped to 0..=99 and cut to a
/// whole one; anything else (absent, `null`, not a number) is `None`.
#[must_use]
pub fn remaining(raw: Option<f64>) -> Option<u32> {
    let r = raw.filter(|r| !r.is_nan())?.clamp(0.0, 99.0);
    // In 0..=99 after the clamp, so the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let r = r as u32;
    Some(r)
}

/// The call's failure when no carrier gave a masked number: a number the carrier locked is said so (with that
/// carrier's entry only, not lost among the other carriers' `NOT_SUBSCRIBER`), otherwise as `getVerifyToken`
/// fails ([`no_token`]).
#[must_use]
pub fn mask_failed(entries: Vec<CarrierEntry>) -> Failure {
    let is_locked = |e: &CarrierEntry| e.carrier.carrier_resp_code == "LOCKED";
    if entries.iter().any(is_locked) {
        locked(entries.into_iter().filter(is_locked).collect())
    } else {
        no_token(entries)
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

    /// A 10×10 px element with text, fully opaque: what the tests start from before breaking one measure.
    #[cfg(test)]
    pub(crate) fn shown() -> Self {
        Self {
            width: 10.0,
            height: 10.0,
            opacity: 1.0,
            font_size: 16.0,
            hidden: false,
            has_content: true,
        }
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
        Some((name, _)) => Err(hidden(name)),
    }
}

/// 600030 for the element `name` (the title, back icon, agreements or login button) measured not visible.
#[must_use]
pub fn hidden(name: &str) -> Failure {
    let mut d = String::from("getLoginToken: the login page's ");
    d.push_str(name);
    d.push_str(
        " is hidden, transparent or empty at submit: the carriers require the title, back icon, agreements and button to be visible (check customView.style and the page's CSS)",
    );
    Failure::new(Code::CssViolation, d)
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
    fn the_login_body_is_json_with_escaped_strings() {
        let b = login_body("lt1.a\"b", "1234", "r-1");
        assert_eq!(
            b,
            "{\"loginTicket\":\"lt1.a\\\"b\",\"digits\":\"1234\",\"requestId\":\"r-1\"}"
        );
        let tricky = "\\ \u{1}\n</script>\u{2028}票";
        let b = login_body(tricky, "0000", "id");
        let v: serde_json::Value = serde_json::from_str(&b).expect("valid JSON");
        assert_eq!(v["loginTicket"], tricky);
        assert_eq!(v["digits"], "0000");
        assert_eq!(v["requestId"], "id");
        assert_eq!(v.as_object().map(serde_json::Map::len), Some(3));
    }

    #[test]
    fn remaining_tries_are_clamped_whole_numbers() {
        assert_eq!(remaining(None), None);
        assert_eq!(remaining(Some(f64::NAN)), None);
        assert_eq!(remaining(Some(2.0)), Some(2));
        assert_eq!(remaining(Some(1.9)), Some(1));
        assert_eq!(remaining(Some(-3.0)), Some(0));
        assert_eq!(remaining(Some(1e9)), Some(99));
        assert_eq!(remaining(Some(f64::INFINITY)), Some(99));
    }

    #[test]
    fn a_failed_mask_race_names_a_lock_or_fails_as_no_token() {
        let refused = |v, resp| interpret_mask(v, answer(false, resp, None), None, None).err();
        let entries: Vec<CarrierEntry> = [
            refused(Vender::Cm, "NOT_SUBSCRIBER"),
            refused(Vender::Cu, "LOCKED"),
            refused(Vender::Ct, "NOT_SUBSCRIBER"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let f = mask_failed(entries.clone());
        assert_eq!(f.code, Code::GetTokenFailed);
        assert!(
            f.detail.contains("locked") && f.detail.contains("(CU)"),
            "{}",
            f.detail
        );
        match &f.content {
            Content::Carriers(e) => assert_eq!(
                e.iter().map(|e| e.vender).collect::<Vec<_>>(),
                ["CU"],
                "only the locking carrier's entry"
            ),
            other => panic!("{other:?}"),
        }
        let not_locked: Vec<CarrierEntry> =
            entries.into_iter().filter(|e| e.vender != "CU").collect();
        let f = mask_failed(not_locked.clone());
        assert_eq!(f, crate::gateway::no_token(not_locked));
        assert!(matches!(f.content, Content::Carriers(ref e) if e.len() == 2));
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
        let ok = Visibility::shown();
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
