//! `authPageOption` of `getLoginToken`: every field with its default (sdk-api.md, "Flow of one-click login"),
//! validated into [`AuthPage`]; a malformed field is 600028 naming it.
//!
//! The api layer reads the page's object through a getter of dotted paths (`"customView.element"`,
//! `"privacyOne.0"`), so this module stays pure.

use std::cell::Cell;

use super::codes::Code;
use super::env::Vender;
use super::options::Arg;
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

/// Reads `authPageOption.<path>` as an [`Arg`].
pub type Getter<'a> = &'a dyn Fn(&str) -> Arg;

struct Reader<'a> {
    get: Getter<'a>,
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
    fn login_text(&self) -> String {
        const DEFAULT: &str = "同意并登录";
        match self.arg("privacyAlertLoginText") {
            Arg::Str(_) | Arg::Num(_) => self.str_or("privacyAlertLoginText", DEFAULT),
            _ => DEFAULT.into(),
        }
    }

    fn nested(&self, prefix: &'static str) -> Reader<'a> {
        Reader {
            get: self.get,
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

    #[inline(never)]
    fn arg(&self, key: &str) -> Arg {
        (self.get)(&self.path(key))
    }

    /// Records `f` unless an earlier field already failed.
    #[inline(never)]
    fn fail(&self, f: Failure) {
        let first = self.err.take().unwrap_or(f);
        self.err.set(Some(first));
    }

    #[inline(never)]
    fn opt_str(&self, key: &str) -> Option<String> {
        match self.arg(key) {
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
    fn str_or(&self, key: &str, default: &str) -> String {
        self.opt_str(key).unwrap_or_else(|| default.into())
    }

    #[inline(never)]
    fn bool_or(&self, key: &str, default: bool) -> bool {
        match self.arg(key) {
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
    fn image(&self, key: &str) -> Option<String> {
        let u = self.opt_str(key)?;
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

    #[inline(never)]
    fn link(&self, key: &str) -> Option<Link> {
        match self.arg(key) {
            Arg::Absent => return None,
            Arg::Other("object") => {}
            other => {
                self.fail(not_a(&self.path(key), "[name, url]", &other));
                return None;
            }
        }
        let mut path = String::from(key);
        path.push_str(".0");
        let name = self.opt_str(&path);
        path.pop();
        path.push('1');
        let url = self.opt_str(&path);
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
    fn index(&self, key: &str, default: usize) -> usize {
        match self.arg(key) {
            Arg::Absent => default,
            Arg::Num(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => n.min(16.0) as usize,
            other => {
                self.fail(not_a(&self.path(key), "a whole number ≥ 0", &other));
                default
            }
        }
    }

    /// Whether `key` is an object (absent: false; anything else is recorded as malformed).
    #[inline(never)]
    fn object(&self, key: &str) -> bool {
        match self.arg(key) {
            Arg::Absent => false,
            Arg::Other("object") => true,
            other => {
                self.fail(not_a(&self.path(key), "an object", &other));
                false
            }
        }
    }

    fn agreements(&self, base: Option<&AgreementText>) -> AgreementText {
        let s = |key, d: &str| self.str_or(key, d);
        let b = base;
        AgreementText {
            before: s("privacyBefore", b.map_or("我已阅读并同意", |b| &b.before)),
            end: s("privacyEnd", b.map_or("", |b| &b.end)),
            symbol: s("agreeSymbol", b.map_or("和", |b| &b.symbol)),
            one: self
                .link("privacyOne")
                .or_else(|| b.and_then(|b| b.one.clone())),
            two: self
                .link("privacyTwo")
                .or_else(|| b.and_then(|b| b.two.clone())),
            vender_index: self.index("privacyVenderIndex", b.map_or(2, |b| b.vender_index)),
            vender_prefix: s("vendorPrivacyPrefix", b.map_or("《", |b| &b.vender_prefix)),
            vender_suffix: s("vendorPrivacySuffix", b.map_or("》", |b| &b.vender_suffix)),
        }
    }
}

/// Validates `authPageOption` (absent: every default).
///
/// # Errors
///
/// 600028 naming the first malformed field.
pub fn parse(root: &Arg, get: Getter<'_>) -> Result<AuthPage, Failure> {
    if !matches!(root, Arg::Absent | Arg::Other("object")) {
        let mut d = String::from("getLoginToken: authPageOption must be an object, not a ");
        d.push_str(type_name(root));
        return Err(Failure::new(Code::BadArgument, d));
    }
    let err = Cell::new(None);
    let r = Reader {
        get,
        prefix: "",
        err: &err,
    };
    // Any text is shown, as the vendor does; `btn_text_is_unusual` lets the api layer warn once.
    let btn_text = r.str_or("btnText", "登录");
    let nav_text = r.str_or("navText", "本机号码登录");
    if nav_text.trim().is_empty() {
        r.fail(bad(
            "navText",
            "must not be empty: the page needs a visible title",
        ));
    }
    let agreements = r.agreements(None);
    let custom_view = (r.bool_or("showCustomView", false) && r.object("customView")).then(|| {
        let c = r.nested("customView.");
        // `js` is a script's text (the vendor's) or, an addition of ours, a function (for pages whose
        // Content-Security-Policy refuses inline scripts); the api layer reads the function itself.
        let js_fn = matches!(c.arg("js"), Arg::Other("function"));
        CustomView {
            element: c.str_or("element", ""),
            style: c.str_or("style", ""),
            js: if js_fn {
                String::new()
            } else {
                c.str_or("js", "")
            },
            js_fn,
        }
    });
    let extra_btn = r.bool_or("isShowExtraBtn", false).then(|| {
        r.object("extraBtn");
        let e = r.nested("extraBtn.");
        ExtraBtn {
            text: e.str_or("text", "其他方式登录"),
            style: e.str_or("style", ""),
        }
    });
    let pre_page = r.bool_or("isPrePageType", false).then(|| {
        r.object("prePageTypeOption");
        let p = r.nested("prePageTypeOption.");
        PrePage {
            agreements: p.agreements(Some(&agreements)),
            btn_text: p.str_or("btnText", "同意并继续"),
        }
    });
    let privacy_alert = r.bool_or("privacyAlertIsNeedShow", false).then(|| {
        r.object("privacyAlertConfig");
        let p = r.nested("privacyAlertConfig.");
        PrivacyAlert {
            on_login: p.bool_or("isLoginShowPrivacyAlert", true),
            title: p.str_or("title", "请阅读并同意以下条款"),
            btn_text: p.str_or("btnText", "同意"),
            is_dialog: p.bool_or("privacyAlertIsDialog", true),
            login_text: p.login_text(),
            mask: p.bool_or("privacyAlertMaskIsNeedShow", true),
            auto_login: p.bool_or("privacyAlertIsNeedAutoLogin", true),
        }
    });
    let mount = r
        .opt_str("mount")
        .map(|m| String::from(m.trim().trim_start_matches('#')))
        .filter(|m| !m.is_empty());
    r.object("style");
    let mut z_index = String::from("2000");
    match r.arg("style.zIndex") {
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
        subtitle: r.opt_str("subtitle").filter(|s| !s.trim().is_empty()),
        nav_back_img: r.image("navBackImg"),
        logo_img: r.image("logoImg"),
        hide_logo: r.bool_or("isHideLogo", false),
        btn_text,
        number_label: r.str_or("numberLabel", "本机号码"),
        agreements,
        checked_img: r.image("privacyCheckedImg"),
        is_dialog: r.bool_or("isDialog", false),
        manual_close: r.bool_or("manualClose", false),
        custom_view,
        extra_btn,
        focus: r.bool_or("isFocus", false),
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
    use std::collections::HashMap;

    fn page(fields: &[(&str, Arg)]) -> Result<AuthPage, Failure> {
        let map: HashMap<String, Arg> = fields
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect();
        let get = move |p: &str| map.get(p).cloned().unwrap_or(Arg::Absent);
        parse(&Arg::Other("object"), &get)
    }

    fn s(v: &str) -> Arg {
        Arg::Str(v.into())
    }

    fn obj() -> Arg {
        Arg::Other("object")
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
        let p = page(&[]).unwrap();
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
        let absent = parse(&Arg::Absent, &|_| Arg::Absent).unwrap();
        assert_eq!(absent, p);
    }

    #[test]
    fn fields_are_read() {
        let p = page(&[
            ("navText", s("欢迎")),
            ("subtitle", s("副标题")),
            ("btnText", s("一键登录")),
            ("isDialog", Arg::Bool(true)),
            ("manualClose", Arg::Num(1.0)),
            ("isHideLogo", s("true")),
            ("mount", s("#box")),
            ("style", obj()),
            ("style.zIndex", Arg::Num(3000.0)),
            ("logoImg", s("https://x/logo.png")),
        ])
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
                page(&[("btnText", s(text))]).map(|p| p.btn_text),
                Ok(text.into())
            );
        }
        assert!(btn_text_is_unusual("确定"));
        assert!(!btn_text_is_unusual("本机号码一键注册"));
        assert!(!btn_text_is_unusual("一键登录"));
        assert!(detail(page(&[("navText", s("  "))])).contains("navText must not be empty"));
    }

    #[test]
    fn malformed_fields_name_themselves() {
        for (fields, word) in [
            (
                vec![("navText", Arg::Bool(true))],
                "authPageOption.navText must be a string",
            ),
            (
                vec![("isDialog", obj())],
                "authPageOption.isDialog must be a boolean",
            ),
            (
                vec![("privacyOne", s("x"))],
                "authPageOption.privacyOne must be [name, url]",
            ),
            (
                vec![
                    ("privacyOne", obj()),
                    ("privacyOne.0", s("a")),
                    ("privacyOne.1", s("javascript:alert(1)")),
                ],
                "authPageOption.privacyOne must be [name, url] with",
            ),
            (
                vec![("privacyVenderIndex", Arg::Num(-1.0))],
                "privacyVenderIndex must be a whole number",
            ),
            (
                vec![("style", obj()), ("style.zIndex", s("9; color:red"))],
                "style.zIndex must be a whole number",
            ),
            (
                vec![("style", s("x"))],
                "authPageOption.style must be an object",
            ),
            (
                vec![("logoImg", s("javascript:x"))],
                "logoImg must be an http(s)",
            ),
            (
                vec![("isShowExtraBtn", Arg::Bool(true)), ("extraBtn", s("x"))],
                "extraBtn must be an object",
            ),
        ] {
            let d = detail(page(&fields));
            assert!(d.contains(word), "{d}");
            assert!(d.starts_with("getLoginToken: authPageOption."), "{d}");
        }
        assert!(
            detail(parse(&s("x"), &|_| Arg::Absent)).contains("authPageOption must be an object")
        );
    }

    #[test]
    fn the_carrier_agreement_goes_where_privacy_vender_index_says() {
        let one = [
            ("privacyOne", obj()),
            ("privacyOne.0", s("《用户协议》")),
            ("privacyOne.1", s("https://a/1")),
        ];
        let two = [
            ("privacyTwo", obj()),
            ("privacyTwo.0", s("《隐私政策》")),
            ("privacyTwo.1", s("/p")),
        ];
        let names = |idx: Option<f64>| {
            let mut f: Vec<(&str, Arg)> = one.iter().chain(two.iter()).cloned().collect();
            if let Some(i) = idx {
                f.push(("privacyVenderIndex", Arg::Num(i)));
            }
            page(&f)
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
        let alone = page(&[
            ("vendorPrivacyPrefix", s("")),
            ("vendorPrivacySuffix", s("")),
        ])
        .unwrap();
        let l = alone.agreements.links(Vender::Ct);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].0.name, "中国电信天翼账号服务条款");
        assert!(l[0].0.url.starts_with("https://"));
        assert_eq!(vender_agreement(Vender::Cu).0, "中国联通认证服务条款");
    }

    #[test]
    fn optional_parts_need_their_switch() {
        let p = page(&[("customView", obj()), ("customView.element", s("<b>x</b>"))]).unwrap();
        assert_eq!(p.custom_view, None);
        let p = page(&[
            ("showCustomView", Arg::Bool(true)),
            ("customView", obj()),
            ("customView.element", s("<b>x</b>")),
            ("isShowExtraBtn", Arg::Bool(true)),
            ("extraBtn", obj()),
            ("privacyAlertIsNeedShow", Arg::Bool(true)),
            ("isPrePageType", Arg::Bool(true)),
            ("prePageTypeOption", obj()),
            ("prePageTypeOption.btnText", s("继续")),
            ("prePageTypeOption.privacyBefore", s("请先阅读")),
        ])
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
        let alert = |v: Arg| {
            page(&[
                ("privacyAlertIsNeedShow", Arg::Bool(true)),
                ("privacyAlertConfig", obj()),
                ("privacyAlertConfig.privacyAlertLoginText", v),
            ])
            .map(|p| p.privacy_alert.map(|a| a.login_text))
        };
        assert_eq!(alert(s("同意并注册")), Ok(Some("同意并注册".into())));
        for v in [Arg::Bool(true), Arg::Bool(false), obj(), Arg::Absent] {
            assert_eq!(alert(v), Ok(Some("同意并登录".into())));
        }
    }

    #[test]
    fn custom_view_js_may_be_a_function() {
        let p = page(&[
            ("showCustomView", Arg::Bool(true)),
            ("customView", obj()),
            ("customView.js", Arg::Other("function")),
        ])
        .map(|p| p.custom_view.map(|c| (c.js, c.js_fn)));
        assert_eq!(p, Ok(Some((String::new(), true))));
        let p = page(&[
            ("showCustomView", Arg::Bool(true)),
            ("customView", obj()),
            ("customView.js", s("function f(){}")),
        ])
        .map(|p| p.custom_view.map(|c| (c.js, c.js_fn)));
        assert_eq!(p, Ok(Some(("function f(){}".into(), false))));
    }
}
