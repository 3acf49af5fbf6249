//! `parse` against the vendor's defaults and every kind of malformed field.

use super::*;
use crate::auth_page::*;
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
