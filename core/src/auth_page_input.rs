//! `authPageOption` as the page gives it: one struct per options object, each field a loose [`Field`] (see
//! there why), deserialised by the api layer through serde-wasm-bindgen and validated by
//! [`crate::auth_page::parse`]. The field names are the vendor's; pkg-template/src/snapshot.js copies exactly these
//! (a native test in `js_ties` ties the two).

use serde::Deserialize;

use super::options::Field;

/// `authPageOption` as the page gave it: each field a loose [`Field`], the nested objects read with their own
/// structs below. The agreement line's fields are read from the same object as an [`AgreementInput`] (also the
/// shape of `prePageTypeOption`'s).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", bound = "F: Field")]
pub struct AuthPageInput<F> {
    /// `navText`.
    pub nav_text: F,
    /// `subtitle`.
    pub subtitle: F,
    /// `navBackImg`.
    pub nav_back_img: F,
    /// `logoImg`.
    pub logo_img: F,
    /// `isHideLogo`.
    pub is_hide_logo: F,
    /// `btnText`.
    pub btn_text: F,
    /// `numberLabel`.
    pub number_label: F,
    /// `privacyCheckedImg`.
    pub privacy_checked_img: F,
    /// `isDialog`.
    pub is_dialog: F,
    /// `manualClose`.
    pub manual_close: F,
    /// `showCustomView`.
    pub show_custom_view: F,
    /// `customView`: a [`CustomViewInput`].
    pub custom_view: F,
    /// `isShowExtraBtn`.
    pub is_show_extra_btn: F,
    /// `extraBtn`: an [`ExtraBtnInput`].
    pub extra_btn: F,
    /// `isFocus`.
    pub is_focus: F,
    /// `mount`.
    pub mount: F,
    /// `isPrePageType`.
    pub is_pre_page_type: F,
    /// `prePageTypeOption`: a [`PrePageInput`] and an [`AgreementInput`].
    pub pre_page_type_option: F,
    /// `privacyAlertIsNeedShow`.
    pub privacy_alert_is_need_show: F,
    /// `privacyAlertConfig`: a [`PrivacyAlertInput`].
    pub privacy_alert_config: F,
    /// `style`: a [`StyleInput`].
    pub style: F,
}

/// The agreement line's fields, as given (in `authPageOption` and in `prePageTypeOption`).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", bound = "F: Field")]
pub struct AgreementInput<F> {
    /// `privacyBefore`.
    pub privacy_before: F,
    /// `privacyEnd`.
    pub privacy_end: F,
    /// `agreeSymbol`.
    pub agree_symbol: F,
    /// `privacyOne`: `[name, url]`.
    pub privacy_one: F,
    /// `privacyTwo`: `[name, url]`.
    pub privacy_two: F,
    /// `privacyVenderIndex`.
    pub privacy_vender_index: F,
    /// `vendorPrivacyPrefix`.
    pub vendor_privacy_prefix: F,
    /// `vendorPrivacySuffix`.
    pub vendor_privacy_suffix: F,
}

/// `privacyOne` / `privacyTwo`, as given: `[name, url]`, read by index as the page's own code would.
#[derive(Debug, Default, Deserialize)]
#[serde(default, bound = "F: Field")]
pub struct LinkInput<F> {
    /// `[0]`: the shown name.
    #[serde(rename = "0")]
    pub name: F,
    /// `[1]`: the address.
    #[serde(rename = "1")]
    pub url: F,
}

/// `customView`, as given.
#[derive(Debug, Default, Deserialize)]
#[serde(default, bound = "F: Field")]
pub struct CustomViewInput<F> {
    /// `element`.
    pub element: F,
    /// `style`.
    pub style: F,
    /// `js`: a script's text or a function (which the api layer calls).
    pub js: F,
}

/// `extraBtn`, as given.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", bound = "F: Field")]
pub struct ExtraBtnInput<F> {
    /// `text`.
    pub text: F,
    /// `style`.
    pub style: F,
    /// `onClick(data)`, which the api layer calls.
    pub on_click: F,
}

/// `prePageTypeOption`'s own field (its agreement fields are an [`AgreementInput`]).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", bound = "F: Field")]
pub struct PrePageInput<F> {
    /// `btnText`.
    pub btn_text: F,
}

/// `privacyAlertConfig`, as given.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", bound = "F: Field")]
pub struct PrivacyAlertInput<F> {
    /// `isLoginShowPrivacyAlert`.
    pub is_login_show_privacy_alert: F,
    /// `title`.
    pub title: F,
    /// `btnText`.
    pub btn_text: F,
    /// `privacyAlertIsDialog`.
    pub privacy_alert_is_dialog: F,
    /// `privacyAlertLoginText`.
    pub privacy_alert_login_text: F,
    /// `privacyAlertMaskIsNeedShow`.
    pub privacy_alert_mask_is_need_show: F,
    /// `privacyAlertIsNeedAutoLogin`.
    pub privacy_alert_is_need_auto_login: F,
}

/// `style`, as given.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", bound = "F: Field")]
pub struct StyleInput<F> {
    /// `zIndex`.
    pub z_index: F,
}
