//! Reading `authPageOption` as given into an [`AuthPage`]: each field checked for its type and value, the first
//! malformed one reported as 600028 naming it, every other field keeping the vendor's default.

use std::cell::Cell;

use serde::de::DeserializeOwned;

use super::{AgreementText, AuthPage, CustomView, ExtraBtn, Link, PrePage, PrivacyAlert};
use crate::auth_page_input::{
    AgreementInput, AuthPageInput, CustomViewInput, ExtraBtnInput, LinkInput, PrePageInput,
    PrivacyAlertInput, StyleInput,
};
use crate::codes::Code;
use crate::options::{Arg, Field};
use crate::payload::Failure;

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
                crate::json::push_u32(&mut s, n as u32);
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
            crate::json::push_u32(&mut z_index, n.abs() as u32);
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
mod tests;
