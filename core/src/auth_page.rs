//! `authPageOption` of `getLoginToken`: the object as given ([`AuthPageInput`] and its nested structs, in
//! `auth_page_input`, deserialised by the api layer), validated into [`AuthPage`], whose [`Default`] is the vendor's
//! defaults (sdk-api.md, "Flow of one-click login"); a malformed field is 600028 naming it.

use std::cell::Cell;

use serde::de::DeserializeOwned;

use super::auth_page_input::{
    AgreementInput, AuthPageInput, CustomViewInput, ExtraBtnInput, LinkInput, PrePageInput,
    PrivacyAlertInput, StyleInput,
};
use super::codes::Code;
use super::env::Vender;
use super::options::{Arg, Field};
use super::payload::Failure;

/// `[name, url]` of an agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Shown text, e.g. `《用户协议》`.
    pub name: String,
    /// Where it leads (http(s) or relative; `javascript:` and other schemes are refused).
    pub url: String,
}

/// How the agreement line is worded (the main page's, or the agreement-first page's own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementText {
    /// `privacyBefore` (default `我已阅读并同意`).
    pub before: String,
    /// `privacyEnd` (default empty).
    pub end: String,
    /// `agreeSymbol` (default `和`): between two agreements.
    pub symbol: String,
    /// `privacyOne`.
    pub one: Option<Link>,
    /// `privacyTwo`.
    pub two: Option<Link>,
    /// `privacyVenderIndex` (default 2): where the carrier's agreement goes among the page's, counted from 0
    /// and clamped to the end (so the default puts it after both of the page's agreements).
    pub vender_index: usize,
    /// `vendorPrivacyPrefix` (default `《`).
    pub vender_prefix: String,
    /// `vendorPrivacySuffix` (default `》`).
    pub vender_suffix: String,
}

/// `customView` (shown when `showCustomView`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomView {
    /// HTML of the custom area.
    pub element: String,
    /// CSS for it (scoped to the login page).
    pub style: String,
    /// Script run after it is inserted, as a classic `<script>` in the page's global scope.
    pub js: String,
    /// `js` is a function (called with the custom area's element) rather than a script's text.
    pub js_fn: bool,
}

/// `extraBtn` (shown when `isShowExtraBtn`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraBtn {
    /// Text (default `其他方式登录`).
    pub text: String,
    /// Inline CSS of the button.
    pub style: String,
}

/// `privacyAlertConfig` (used when `privacyAlertIsNeedShow`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyAlert {
    /// `isLoginShowPrivacyAlert` (default true): the dialog replaces the "not agreed" toast.
    pub on_login: bool,
    /// `title` (default `请阅读并同意以下条款`).
    pub title: String,
    /// `btnText` (default `同意`): agree and close.
    pub btn_text: String,
    /// `privacyAlertIsDialog` (default true): a centred dialog, else a bottom sheet.
    pub is_dialog: bool,
    /// `privacyAlertLoginText` (default `同意并登录`): the button's text when agreeing also logs in. A string is
    /// shown as given; any other value (pages pass the vendor's flags and numbers here) is never refused and
    /// keeps the default.
    pub login_text: String,
    /// `privacyAlertMaskIsNeedShow` (default true): dim the page behind the dialog.
    pub mask: bool,
    /// `privacyAlertIsNeedAutoLogin` (default true): agreeing submits at once.
    pub auto_login: bool,
}

/// The validated `authPageOption`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthPage {
    /// `navText` (default `本机号码登录`).
    pub nav_text: String,
    /// `subtitle` (none by default).
    pub subtitle: Option<String>,
    /// `navBackImg`: the back icon's image (the built-in arrow by default).
    pub nav_back_img: Option<String>,
    /// `logoImg` (the built-in mark by default).
    pub logo_img: Option<String>,
    /// `isHideLogo` (default false).
    pub hide_logo: bool,
    /// `btnText` (default `登录`): shown as given; see [`btn_text_is_unusual`].
    pub btn_text: String,
    /// `numberLabel` (default `本机号码`).
    pub number_label: String,
    /// The agreement line.
    pub agreements: AgreementText,
    /// `privacyCheckedImg`: the ticked box's image.
    pub checked_img: Option<String>,
    /// `isDialog` (default false): a centred dialog instead of a full page.
    pub is_dialog: bool,
    /// `manualClose` (default false): if false the page closes itself after a successful submit.
    pub manual_close: bool,
    /// `customView`, when `showCustomView`.
    pub custom_view: Option<CustomView>,
    /// `extraBtn`, when `isShowExtraBtn`.
    pub extra_btn: Option<ExtraBtn>,
    /// `isFocus` (default false): focus the first digit input when the page opens (opens the keyboard).
    pub focus: bool,
    /// `mount`: id of the element to render into (the page is then part of that element's layout).
    pub mount: Option<String>,
    /// `isPrePageType` + `prePageTypeOption`: an agreement-first page before the digits.
    pub pre_page: Option<PrePage>,
    /// `privacyAlertConfig`, when `privacyAlertIsNeedShow`.
    pub privacy_alert: Option<PrivacyAlert>,
    /// `style.zIndex` (default 2000), digits only.
    pub z_index: String,
}

/// The agreement-first page (`isPrePageType`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrePage {
    /// Its agreement line (each field falls back to the main page's).
    pub agreements: AgreementText,
    /// Its button (default `同意并继续`).
    pub btn_text: String,
}

impl PrePage {
    /// Its button's default text.
    pub const DEFAULT_BTN_TEXT: &'static str = "同意并继续";
}

/// The vendor's defaults: `我已阅读并同意`, no end text, `和` between agreements, the carrier's agreement last in
/// `《》`.
impl Default for AgreementText {
    fn default() -> AgreementText {
        AgreementText {
            before: "我已阅读并同意".into(),
            end: String::new(),
            symbol: "和".into(),
            one: None,
            two: None,
            vender_index: 2,
            vender_prefix: "《".into(),
            vender_suffix: "》".into(),
        }
    }
}

/// The vendor's defaults: `其他方式登录`, no style.
impl Default for ExtraBtn {
    fn default() -> ExtraBtn {
        ExtraBtn {
            text: "其他方式登录".into(),
            style: String::new(),
        }
    }
}

/// The vendor's defaults: a centred dialog over a dimmed page, shown at login, agreeing logs in.
impl Default for PrivacyAlert {
    fn default() -> PrivacyAlert {
        PrivacyAlert {
            on_login: true,
            title: "请阅读并同意以下条款".into(),
            btn_text: "同意".into(),
            is_dialog: true,
            login_text: "同意并登录".into(),
            mask: true,
            auto_login: true,
        }
    }
}

/// The vendor's defaults: what `getLoginToken` shows when `authPageOption` is absent.
impl Default for AuthPage {
    fn default() -> AuthPage {
        AuthPage {
            nav_text: "本机号码登录".into(),
            subtitle: None,
            nav_back_img: None,
            logo_img: None,
            hide_logo: false,
            btn_text: "登录".into(),
            number_label: "本机号码".into(),
            agreements: AgreementText::default(),
            checked_img: None,
            is_dialog: false,
            manual_close: false,
            custom_view: None,
            extra_btn: None,
            focus: false,
            mount: None,
            pre_page: None,
            privacy_alert: None,
            z_index: "2000".into(),
        }
    }
}

/// The carrier's own agreement: name and address.
#[must_use]
pub const fn vender_agreement(v: Vender) -> (&'static str, &'static str) {
    match v {
        Vender::Cm => (
            "中国移动认证服务条款",
            "https://wap.cmpassport.com/resources/html/contract.html",
        ),
        Vender::Cu => (
            "中国联通认证服务条款",
            "https://ms.zzx9.cn/html/oauth/protocol2.html",
        ),
        Vender::Ct => (
            "中国电信天翼账号服务条款",
            "https://e.189.cn/sdk/agreement/detail.do?hidetop=true",
        ),
    }
}

impl AgreementText {
    /// The agreements in display order: the page's, with the carrier's placed at `vender_index`.
    #[must_use]
    pub fn links(&self, v: Vender) -> Vec<(Link, bool)> {
        let (name, url) = vender_agreement(v);
        let mut shown = self.vender_prefix.clone();
        shown.push_str(name);
        shown.push_str(&self.vender_suffix);
        let mut carrier = Some((
            Link {
                name: shown,
                url: url.into(),
            },
            true,
        ));
        let mut list = Vec::with_capacity(3);
        // Built in order rather than with `Vec::insert`, which has a panicking path.
        for (i, l) in [&self.one, &self.two].into_iter().flatten().enumerate() {
            if i == self.vender_index {
                list.extend(carrier.take());
            }
            list.push((l.clone(), false));
        }
        list.extend(carrier);
        list
    }
}

/// Reads the fields of one (nested) options object, recording the first malformed one.
struct Reader<'a> {
    /// Path of the object inside `authPageOption` (`""`, `"customView."`, ...), for details.
    prefix: &'static str,
    /// The first malformed field. Readers record it and go on with the default, so `parse` has no early
    /// returns (each `?` would be an exit with its own drop code).
    err: &'a Cell<Option<Failure>>,
}

#[inline(never)]
fn bad(path: &str, what: &str) -> Failure {
    let mut d = String::from("getLoginToken: authPageOption.");
    d.push_str(path);
    d.push(' ');
    d.push_str(what);
    Failure::new(Code::BadArgument, d)
}

fn type_name(a: &Arg) -> &'static str {
    match a {
        Arg::Absent => "undefined",
        Arg::Str(_) => "string",
        Arg::Num(_) => "number",
        Arg::Bool(_) => "boolean",
        Arg::Other(t) => t,
    }
}

#[inline(never)]
fn not_a(path: &str, want: &str, got: &Arg) -> Failure {
    let mut w = String::from("must be ");
    w.push_str(want);
    w.push_str(", not a ");
    w.push_str(type_name(got));
    bad(path, &w)
}

/// Whether a link or image address is safe to put in the page: no `javascript:`/`data:text` and the like.
#[must_use]
pub fn safe_url(u: &str, image: bool) -> bool {
    let t = u.trim();
    let lower: String = t
        .chars()
        .take(12)
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let scheme_end = t.find(':');
    let first_sep = t.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, first_sep) {
        (Some(c), Some(s)) => c < s,
        (Some(_), None) => true,
        _ => false,
    };
    !t.is_empty()
        && (!has_scheme
            || lower.starts_with("https:")
            || lower.starts_with("http:")
            || (image && lower.starts_with("data:image/")))
}

/// Whether a login button's text holds neither 登录 (login pages) nor 注册 (sign-up pages): the vendor's rule for
/// the button, which it does not enforce either. Such a text is shown; the api layer warns once on the console.
#[must_use]
pub fn btn_text_is_unusual(text: &str) -> bool {
    // A byte-window search, not `str::contains`: that links the two-way searcher into the wasm module.
    let has = |word: &str| {
        text.as_bytes()
            .windows(word.len())
            .any(|w| w == word.as_bytes())
    };
    !has("登录") && !has("注册")
}

impl<'a> Reader<'a> {
    /// `privacyAlertLoginText`: a string (or a number) is the text; anything else keeps the default.
    #[inline(never)]
    fn login_text(&self, a: Arg, default: &str) -> String {
        match a {
            Arg::Str(_) | Arg::Num(_) => self.str_or("privacyAlertLoginText", a, default),
            _ => default.into(),
        }
    }

    fn nested(&self, prefix: &'static str) -> Reader<'a> {
        Reader {
            prefix,
            err: self.err,
        }
    }

    #[inline(never)]
    fn path(&self, key: &str) -> String {
        let mut p = String::from(self.prefix);
        p.push_str(key);
        p
    }

    /// Records `f` unless an earlier field already failed.
    #[inline(never)]
    fn fail(&self, f: Failure) {
        let first = self.err.take().unwrap_or(f);
        self.err.set(Some(first));
    }

    #[inline(never)]
    fn opt_str(&self, key: &str, a: Arg) -> Option<String> {
        match a {
            Arg::Absent => None,
            Arg::Str(s) => Some(s),
            // A number where text is expected (e.g. `btnText: 1`) is shown as written.
            Arg::Num(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n < 4e9 => {
                let mut s = String::new();
                super::json::push_u32(&mut s, n as u32);
                Some(s)
            }
            other => {
                self.fail(not_a(&self.path(key), "a string", &other));
                None
            }
        }
    }

    #[inline(never)]
    fn str_or(&self, key: &str, a: Arg, default: &str) -> String {
        self.opt_str(key, a).unwrap_or_else(|| default.into())
    }

    #[inline(never)]
    fn bool_or(&self, key: &str, a: Arg, default: bool) -> bool {
        match a {
            Arg::Absent => default,
            Arg::Bool(b) => b,
            // The vendor's pages often pass 0/1 or 'true'/'false'.
            Arg::Num(n) => n != 0.0,
            Arg::Str(s) if s == "true" || s == "false" => s == "true",
            other => {
                self.fail(not_a(&self.path(key), "a boolean", &other));
                default
            }
        }
    }

    #[inline(never)]
    fn image(&self, key: &str, a: Arg) -> Option<String> {
        let u = self.opt_str(key, a)?;
        if u.trim().is_empty() {
            return None;
        }
        if !safe_url(&u, true) {
            self.fail(bad(
                &self.path(key),
                "must be an http(s), relative or data:image/ address",
            ));
            return None;
        }
        Some(u)
    }

    fn link<F: Field>(&self, key: &str, f: &F) -> Option<Link> {
        let l: LinkInput<F> = match f.arg() {
            Arg::Absent => return None,
            Arg::Other("object") => f.read().unwrap_or_default(),
            other => {
                self.fail(not_a(&self.path(key), "[name, url]", &other));
                return None;
            }
        };
        let (name, url) = (l.name.arg(), l.url.arg());
        let mut path = String::from(key);
        path.push_str(".0");
        let name = self.opt_str(&path, name);
        path.pop();
        path.push('1');
        let url = self.opt_str(&path, url);
        match (name, url) {
            (Some(name), Some(url)) if !name.trim().is_empty() && safe_url(&url, false) => {
                Some(Link { name, url })
            }
            _ => {
                self.fail(bad(
                    &self.path(key),
                    "must be [name, url] with a non-empty name and an http(s) or relative url",
                ));
                None
            }
        }
    }

    #[inline(never)]
    fn index(&self, key: &str, a: Arg, default: usize) -> usize {
        match a {
            Arg::Absent => default,
            Arg::Num(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => n.min(16.0) as usize,
            other => {
                self.fail(not_a(&self.path(key), "a whole number ≥ 0", &other));
                default
            }
        }
    }

    /// `key` read as the options object `T` (absent: `None`; anything else, or an object that cannot be read, is
    /// recorded as malformed).
    fn object<F: Field, T: DeserializeOwned>(&self, key: &str, f: &F) -> Option<T> {
        match f.arg() {
            Arg::Absent => None,
            Arg::Other("object") => {
                let read = f.read();
                if read.is_none() {
                    self.fail(bad(&self.path(key), "could not be read"));
                }
                read
            }
            other => {
                self.fail(not_a(&self.path(key), "an object", &other));
                None
            }
        }
    }

    /// The agreement line from `a`; each field absent falls back to `base`'s.
    fn agreements<F: Field>(&self, a: &AgreementInput<F>, base: &AgreementText) -> AgreementText {
        let b = base;
        AgreementText {
            before: self.str_or("privacyBefore", a.privacy_before.arg(), &b.before),
            end: self.str_or("privacyEnd", a.privacy_end.arg(), &b.end),
            symbol: self.str_or("agreeSymbol", a.agree_symbol.arg(), &b.symbol),
            one: self
                .link("privacyOne", &a.privacy_one)
                .or_else(|| b.one.clone()),
            two: self
                .link("privacyTwo", &a.privacy_two)
                .or_else(|| b.two.clone()),
            vender_index: self.index(
                "privacyVenderIndex",
                a.privacy_vender_index.arg(),
                b.vender_index,
            ),
            vender_prefix: self.str_or(
                "vendorPrivacyPrefix",
                a.vendor_privacy_prefix.arg(),
                &b.vender_prefix,
            ),
            vender_suffix: self.str_or(
                "vendorPrivacySuffix",
                a.vendor_privacy_suffix.arg(),
                &b.vender_suffix,
            ),
        }
    }
}

/// Validates `authPageOption` (absent: [`AuthPage::default`], the vendor's defaults).
///
/// # Errors
///
/// 600028 naming the first malformed field.
pub fn parse<F: Field>(root: &F) -> Result<AuthPage, Failure> {
    let root_failure = |what: &str| {
        let mut d = String::from("getLoginToken: authPageOption ");
        d.push_str(what);
        Failure::new(Code::BadArgument, d)
    };
    let (i, a): (AuthPageInput<F>, AgreementInput<F>) = match root.arg() {
        Arg::Absent => Default::default(),
        Arg::Other("object") => match (root.read(), root.read()) {
            (Some(i), Some(a)) => (i, a),
            _ => return Err(root_failure("could not be read")),
        },
        other => {
            let mut what = String::from("must be an object, not a ");
            what.push_str(type_name(&other));
            return Err(root_failure(&what));
        }
    };
    let d = AuthPage::default();
    let err = Cell::new(None);
    let r = Reader {
        prefix: "",
        err: &err,
    };
    // Any text is shown, as the vendor does; `btn_text_is_unusual` lets the api layer warn once.
    let btn_text = r.str_or("btnText", i.btn_text.arg(), &d.btn_text);
    let nav_text = r.str_or("navText", i.nav_text.arg(), &d.nav_text);
    if nav_text.trim().is_empty() {
        r.fail(bad(
            "navText",
            "must not be empty: the page needs a visible title",
        ));
    }
    let agreements = r.agreements(&a, &d.agreements);
    let custom_view = if r.bool_or("showCustomView", i.show_custom_view.arg(), false) {
        r.object::<F, CustomViewInput<F>>("customView", &i.custom_view)
            .map(|c| {
                let r = r.nested("customView.");
                // `js` is a script's text (the vendor's) or, an addition of ours, a function (for pages whose
                // Content-Security-Policy refuses inline scripts); the api layer reads the function itself.
                let js = c.js.arg();
                let js_fn = matches!(js, Arg::Other("function"));
                CustomView {
                    element: r.str_or("element", c.element.arg(), ""),
                    style: r.str_or("style", c.style.arg(), ""),
                    js: if js_fn {
                        String::new()
                    } else {
                        r.str_or("js", js, "")
                    },
                    js_fn,
                }
            })
    } else {
        None
    };
    let extra_btn = r
        .bool_or("isShowExtraBtn", i.is_show_extra_btn.arg(), false)
        .then(|| {
            let e: ExtraBtnInput<F> = r.object("extraBtn", &i.extra_btn).unwrap_or_default();
            let (r, dflt) = (r.nested("extraBtn."), ExtraBtn::default());
            ExtraBtn {
                text: r.str_or("text", e.text.arg(), &dflt.text),
                style: r.str_or("style", e.style.arg(), &dflt.style),
            }
        });
    let pre_page = r
        .bool_or("isPrePageType", i.is_pre_page_type.arg(), false)
        .then(|| {
            let f = &i.pre_page_type_option;
            let p: PrePageInput<F> = r.object("prePageTypeOption", f).unwrap_or_default();
            let pa: AgreementInput<F> = f.read().unwrap_or_default();
            let r = r.nested("prePageTypeOption.");
            PrePage {
                agreements: r.agreements(&pa, &agreements),
                btn_text: r.str_or("btnText", p.btn_text.arg(), PrePage::DEFAULT_BTN_TEXT),
            }
        });
    let privacy_alert = r
        .bool_or(
            "privacyAlertIsNeedShow",
            i.privacy_alert_is_need_show.arg(),
            false,
        )
        .then(|| {
            let p: PrivacyAlertInput<F> = r
                .object("privacyAlertConfig", &i.privacy_alert_config)
                .unwrap_or_default();
            let (r, dflt) = (r.nested("privacyAlertConfig."), PrivacyAlert::default());
            PrivacyAlert {
                on_login: r.bool_or(
                    "isLoginShowPrivacyAlert",
                    p.is_login_show_privacy_alert.arg(),
                    dflt.on_login,
                ),
                title: r.str_or("title", p.title.arg(), &dflt.title),
                btn_text: r.str_or("btnText", p.btn_text.arg(), &dflt.btn_text),
                is_dialog: r.bool_or(
                    "privacyAlertIsDialog",
                    p.privacy_alert_is_dialog.arg(),
                    dflt.is_dialog,
                ),
                login_text: r.login_text(p.privacy_alert_login_text.arg(), &dflt.login_text),
                mask: r.bool_or(
                    "privacyAlertMaskIsNeedShow",
                    p.privacy_alert_mask_is_need_show.arg(),
                    dflt.mask,
                ),
                auto_login: r.bool_or(
                    "privacyAlertIsNeedAutoLogin",
                    p.privacy_alert_is_need_auto_login.arg(),
                    dflt.auto_login,
                ),
            }
        });
    let mount = r
        .opt_str("mount", i.mount.arg())
        .map(|m| String::from(m.trim().trim_start_matches('#')))
        .filter(|m| !m.is_empty());
    let style: StyleInput<F> = r.object("style", &i.style).unwrap_or_default();
    let mut z_index = d.z_index;
    match style.z_index.arg() {
        Arg::Absent => {}
        Arg::Num(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 2_147_483_648.0 => {
            z_index.clear();
            if n < 0.0 {
                z_index.push('-');
            }
            super::json::push_u32(&mut z_index, n.abs() as u32);
        }
        Arg::Str(s)
            if !s.is_empty()
                && s.trim_start_matches('-')
                    .bytes()
                    .all(|b| b.is_ascii_digit()) =>
        {
            z_index = s;
        }
        other => r.fail(not_a("style.zIndex", "a whole number", &other)),
    }
    let page = AuthPage {
        nav_text,
        subtitle: r
            .opt_str("subtitle", i.subtitle.arg())
            .filter(|s| !s.trim().is_empty()),
        nav_back_img: r.image("navBackImg", i.nav_back_img.arg()),
        logo_img: r.image("logoImg", i.logo_img.arg()),
        hide_logo: r.bool_or("isHideLogo", i.is_hide_logo.arg(), d.hide_logo),
        btn_text,
        number_label: r.str_or("numberLabel", i.number_label.arg(), &d.number_label),
        agreements,
        checked_img: r.image("privacyCheckedImg", i.privacy_checked_img.arg()),
        is_dialog: r.bool_or("isDialog", i.is_dialog.arg(), d.is_dialog),
        manual_close: r.bool_or("manualClose", i.manual_close.arg(), d.manual_close),
        custom_view,
        extra_btn,
        focus: r.bool_or("isFocus", i.is_focus.arg(), d.focus),
        mount,
        pre_page,
        privacy_alert,
        z_index,
    };
    match err.take() {
        Some(f) => Err(f),
        None => Ok(page),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::{json, Value};

    /// What a test passes for a JS function (JSON has none).
    const FUNCTION: &str = "(a function)";

    /// A field as a test writes it: JSON, where objects and arrays nest and [`FUNCTION`] stands for a function.
    #[derive(Debug, Default, Deserialize)]
    #[serde(transparent)]
    struct Json(Value);

    impl Field for Json {
        fn arg(&self) -> Arg {
            match &self.0 {
                Value::Null => Arg::Absent,
                Value::Bool(b) => Arg::Bool(*b),
                Value::Number(n) => Arg::Num(n.as_f64().unwrap_or(f64::NAN)),
                Value::String(s) if s == FUNCTION => Arg::Other("function"),
                Value::String(s) => Arg::Str(s.clone()),
                Value::Array(_) | Value::Object(_) => Arg::Other("object"),
            }
        }

        fn read<T: DeserializeOwned>(&self) -> Option<T> {
            match self.0 {
                Value::Array(_) | Value::Object(_) => serde_json::from_value(self.0.clone()).ok(),
                _ => None,
            }
        }
    }

    fn page(options: Value) -> Result<AuthPage, Failure> {
        parse(&Json(options))
    }

    fn detail(r: Result<AuthPage, Failure>) -> String {
        match r {
            Err(f) => {
                assert_eq!(f.code, Code::BadArgument);
                f.detail
            }
            Ok(p) => panic!("expected 600028, got {p:?}"),
        }
    }

    #[test]
    fn defaults_are_the_specs() {
        let p = page(json!({})).unwrap();
        assert_eq!(p.nav_text, "本机号码登录");
        assert_eq!(p.btn_text, "登录");
        assert_eq!(p.agreements.before, "我已阅读并同意");
        assert_eq!(p.agreements.end, "");
        assert_eq!(p.agreements.symbol, "和");
        assert_eq!(p.agreements.vender_index, 2);
        assert!(!p.hide_logo && !p.is_dialog && !p.manual_close && !p.focus);
        assert_eq!(p.subtitle, None);
        assert_eq!(p.custom_view, None);
        assert_eq!(p.extra_btn, None);
        assert_eq!(p.pre_page, None);
        assert_eq!(p.privacy_alert, None);
        assert_eq!(p.mount, None);
        assert_eq!(p.z_index, "2000");
        assert_eq!(page(Value::Null).unwrap(), p);
        assert_eq!(AuthPage::default(), p);
    }

    #[test]
    fn fields_are_read() {
        let p = page(json!({
            "navText": "欢迎",
            "subtitle": "副标题",
            "btnText": "一键登录",
            "isDialog": true,
            "manualClose": 1,
            "isHideLogo": "true",
            "mount": "#box",
            "style": { "zIndex": 3000 },
            "logoImg": "https://x/logo.png",
            "unknownField": { "never": "read" },
        }))
        .unwrap();
        assert_eq!(p.nav_text, "欢迎");
        assert_eq!(p.subtitle.as_deref(), Some("副标题"));
        assert_eq!(p.btn_text, "一键登录");
        assert!(p.is_dialog && p.manual_close && p.hide_logo);
        assert_eq!(p.mount.as_deref(), Some("box"));
        assert_eq!(p.z_index, "3000");
        assert_eq!(p.logo_img.as_deref(), Some("https://x/logo.png"));
    }

    #[test]
    fn the_button_must_say_login() {
        // Never refused (the vendor shows any text); unusual texts are flagged for one console warning.
        for text in ["确定", "本机号码一键注册", "一键登录"] {
            assert_eq!(
                page(json!({ "btnText": text })).map(|p| p.btn_text),
                Ok(text.into())
            );
        }
        assert!(btn_text_is_unusual("确定"));
        assert!(!btn_text_is_unusual("本机号码一键注册"));
        assert!(!btn_text_is_unusual("一键登录"));
        assert!(detail(page(json!({ "navText": "  " }))).contains("navText must not be empty"));
    }

    #[test]
    fn malformed_fields_name_themselves() {
        for (options, word) in [
            (
                json!({ "navText": true }),
                "authPageOption.navText must be a string",
            ),
            (
                json!({ "isDialog": {} }),
                "authPageOption.isDialog must be a boolean",
            ),
            (
                json!({ "privacyOne": "x" }),
                "authPageOption.privacyOne must be [name, url]",
            ),
            (
                json!({ "privacyOne": ["a", "javascript:alert(1)"] }),
                "authPageOption.privacyOne must be [name, url] with",
            ),
            (
                json!({ "privacyOne": ["a"] }),
                "authPageOption.privacyOne must be [name, url] with",
            ),
            (
                json!({ "privacyVenderIndex": -1 }),
                "privacyVenderIndex must be a whole number",
            ),
            (
                json!({ "style": { "zIndex": "9; color:red" } }),
                "style.zIndex must be a whole number",
            ),
            (
                json!({ "style": "x" }),
                "authPageOption.style must be an object",
            ),
            (
                json!({ "logoImg": "javascript:x" }),
                "logoImg must be an http(s)",
            ),
            (
                json!({ "isShowExtraBtn": true, "extraBtn": "x" }),
                "extraBtn must be an object",
            ),
            (
                json!({ "showCustomView": true, "customView": FUNCTION }),
                "customView must be an object, not a function",
            ),
            (
                json!({ "isPrePageType": true, "prePageTypeOption": { "privacyEnd": 1.5 } }),
                "prePageTypeOption.privacyEnd must be a string",
            ),
            (
                json!({ "privacyAlertIsNeedShow": true, "privacyAlertConfig": { "title": [] } }),
                "privacyAlertConfig.title must be a string, not a object",
            ),
        ] {
            let d = detail(page(options));
            assert!(d.contains(word), "{d}");
            assert!(d.starts_with("getLoginToken: authPageOption."), "{d}");
        }
        assert!(detail(page(json!("x"))).contains("authPageOption must be an object"));
        // The first malformed field, in the order of the vendor's documentation, is the one named.
        let d = detail(page(
            json!({ "navText": 1.5, "btnText": false, "isDialog": "x" }),
        ));
        assert!(d.contains("btnText"), "{d}");
    }

    #[test]
    fn the_carrier_agreement_goes_where_privacy_vender_index_says() {
        let names = |idx: Option<f64>| {
            let mut o = json!({
                "privacyOne": ["《用户协议》", "https://a/1"],
                "privacyTwo": ["《隐私政策》", "/p"],
            });
            if let Some(i) = idx {
                o["privacyVenderIndex"] = json!(i);
            }
            page(o)
                .unwrap()
                .agreements
                .links(Vender::Cm)
                .into_iter()
                .map(|(l, v)| (l.name, v))
                .collect::<Vec<_>>()
        };
        let cm = ("《中国移动认证服务条款》".to_string(), true);
        let u = ("《用户协议》".to_string(), false);
        let p = ("《隐私政策》".to_string(), false);
        assert_eq!(names(None), vec![u.clone(), p.clone(), cm.clone()]);
        assert_eq!(names(Some(0.0)), vec![cm.clone(), u.clone(), p.clone()]);
        assert_eq!(names(Some(1.0)), vec![u.clone(), cm.clone(), p.clone()]);
        assert_eq!(names(Some(9.0)), vec![u, p, cm]);
        let alone = page(json!({ "vendorPrivacyPrefix": "", "vendorPrivacySuffix": "" })).unwrap();
        let l = alone.agreements.links(Vender::Ct);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].0.name, "中国电信天翼账号服务条款");
        assert!(l[0].0.url.starts_with("https://"));
        assert_eq!(vender_agreement(Vender::Cu).0, "中国联通认证服务条款");
    }

    #[test]
    fn optional_parts_need_their_switch() {
        let p = page(json!({ "customView": { "element": "<b>x</b>" } })).unwrap();
        assert_eq!(p.custom_view, None);
        let p = page(json!({
            "showCustomView": true,
            "customView": { "element": "<b>x</b>" },
            "isShowExtraBtn": true,
            "extraBtn": {},
            "privacyAlertIsNeedShow": true,
            "isPrePageType": true,
            "prePageTypeOption": { "btnText": "继续", "privacyBefore": "请先阅读" },
        }))
        .unwrap();
        assert_eq!(
            p.custom_view.map(|c| c.element).as_deref(),
            Some("<b>x</b>")
        );
        assert_eq!(p.extra_btn.map(|e| e.text).as_deref(), Some("其他方式登录"));
        let a = p.privacy_alert.unwrap();
        assert!(a.on_login && a.auto_login && a.mask && a.is_dialog);
        assert_eq!(a.title, "请阅读并同意以下条款");
        let pre = p.pre_page.unwrap();
        assert_eq!(pre.btn_text, "继续");
        assert_eq!(pre.agreements.before, "请先阅读");
        assert_eq!(pre.agreements.symbol, "和");
        // Switched on with no object: the part's defaults.
        let p = page(json!({ "isPrePageType": true, "agreeSymbol": "与" })).unwrap();
        let pre = p.pre_page.unwrap();
        assert_eq!(pre.btn_text, PrePage::DEFAULT_BTN_TEXT);
        assert_eq!(pre.agreements.symbol, "与");
    }

    #[test]
    fn urls() {
        for ok in ["https://a/b", "http://a", "/x.png", "img/x.png", "x?a=b:c"] {
            assert!(safe_url(ok, false), "{ok}");
        }
        assert!(safe_url("data:image/png;base64,AA", true));
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "data:image/png;base64,AA",
            "vbscript:x",
            "",
        ] {
            assert!(!safe_url(bad, false), "{bad}");
        }
    }

    #[test]
    fn privacy_alert_login_text_takes_any_value() {
        let alert = |v: Value| {
            page(json!({
                "privacyAlertIsNeedShow": true,
                "privacyAlertConfig": { "privacyAlertLoginText": v },
            }))
            .map(|p| p.privacy_alert.map(|a| a.login_text))
        };
        assert_eq!(alert(json!("同意并注册")), Ok(Some("同意并注册".into())));
        for v in [json!(true), json!(false), json!({}), Value::Null] {
            assert_eq!(alert(v), Ok(Some("同意并登录".into())));
        }
    }

    #[test]
    fn custom_view_js_may_be_a_function() {
        let js = |v: &str| {
            page(json!({ "showCustomView": true, "customView": { "js": v } }))
                .map(|p| p.custom_view.map(|c| (c.js, c.js_fn)))
        };
        assert_eq!(js(FUNCTION), Ok(Some((String::new(), true))));
        assert_eq!(
            js("function f(){}"),
            Ok(Some(("function f(){}".into(), false)))
        );
    }
}
