//! `authPageOption` of `getLoginToken`: the object as given ([`AuthPageInput`](crate::auth_page_input::AuthPageInput)
//! and its nested structs, deserialised by the api layer), validated by [`parse`] into [`AuthPage`], whose
//! [`Default`] is the vendor's defaults (sdk-api.md, "Flow of one-click login"); a malformed field is 600028 naming it.
//! This file holds the validated types and their defaults; `parse.rs` the reading.

mod parse;

pub use parse::{btn_text_is_unusual, parse, safe_url};

use super::env::Vender;

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
