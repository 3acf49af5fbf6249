//! Environment verdicts from plain inputs (user agent, connection type), and the carriers.

use super::codes::Code;
use super::payload::Failure;
pub use super::vender::Vender;

/// What the platform layer read from `navigator`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnvInputs {
    /// `navigator.userAgent` (empty when unknown).
    pub user_agent: String,
    /// `navigator.connection.type`, when the browser has it.
    pub connection_type: Option<String>,
    /// `navigator.maxTouchPoints` (0 when unknown).
    pub max_touch_points: f64,
}

/// Tokens of phone and tablet user agents (compared case-insensitively; pkg-template/src/fallback.js has the same
/// list, for browsers without WebAssembly). HarmonyOS NEXT's browsers say
/// `OpenHarmony` and `ArkWeb` with no `Android`; the in-app browsers of WeChat (`MicroMessenger`) and Alipay
/// (`AlipayClient`) are phones too, except WeChat's desktop builds, which [`DESKTOP_IN_APP`] names.
pub const MOBILE_TOKENS: [&str; 17] = [
    "android",
    "iphone",
    "ipad",
    "ipod",
    "mobile",
    "harmonyos",
    "openharmony",
    "arkweb",
    "micromessenger",
    "alipayclient",
    "windows phone",
    "blackberry",
    "bb10",
    "opera mini",
    "kaios",
    "tablet",
    "silk/",
];

/// WeChat's desktop builds, whose user agents carry `MicroMessenger` too.
pub const DESKTOP_IN_APP: [&str; 2] = ["windowswechat", "macwechat"];

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

impl EnvInputs {
    /// `isPc`: the user agent is not a phone or tablet.
    ///
    /// iPadOS Safari presents itself as a Mac; a "Macintosh" with touch points is taken for the iPad it is.
    #[must_use]
    pub fn is_pc(&self) -> bool {
        let ua = self.user_agent.as_str();
        let mobile = MOBILE_TOKENS.iter().any(|t| contains_ignore_case(ua, t))
            && !DESKTOP_IN_APP.iter().any(|t| contains_ignore_case(ua, t));
        let ipad_as_mac = contains_ignore_case(ua, "macintosh") && self.max_touch_points > 1.0;
        !(mobile || ipad_as_mac)
    }

    /// `isWifi`: the connection type is `wifi`, or the user agent says `NetType/WIFI` (WeChat).
    #[must_use]
    pub fn is_wifi(&self) -> bool {
        self.connection_type.as_deref() == Some("wifi")
            || contains_ignore_case(&self.user_agent, "nettype/wifi")
    }

    /// `getConnection()`: exactly `'wifi'`, `'cellular'`, else `'unknown'`.
    #[must_use]
    pub fn connection(&self) -> &'static str {
        match self.connection_type.as_deref() {
            Some("wifi") => "wifi",
            Some("cellular") => "cellular",
            _ => "unknown",
        }
    }

    /// **600008 early** (an improvement on the vendor): refuse a token step at once where the environment is known to be unsuitable.
    ///
    /// # Errors
    ///
    /// 600008 with a detail naming the cause (desktop browser, or Wi-Fi).
    pub fn require_cellular_phone(&self, method: &str) -> Result<(), Failure> {
        let cause = if self.is_pc() {
            " needs a phone's browser, and this user agent is a desktop browser's. Open the page on a phone with mobile data on."
        } else if self.is_wifi() {
            " needs mobile data, and Wi-Fi is on: the carriers recognise the number only over the cellular connection. Ask the user to turn Wi-Fi off and try again."
        } else {
            return Ok(());
        };
        Err(Failure::new(
            Code::EnvUnsuitable,
            String::from(method) + cause,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIXEL: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36";
    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    const IPADOS: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
    const HARMONY: &str = "Mozilla/5.0 (Phone; OpenHarmony 4.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0 Safari/537.36 ArkWeb/4.1 HarmonyOS";
    /// HarmonyOS NEXT's own browser and a WebView in an app on it: `OpenHarmony` / `ArkWeb`, no `Android`.
    const HARMONY_NEXT: &str = "Mozilla/5.0 (Phone; OpenHarmony 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile HuaweiBrowser/5.0.4.300";
    const ARKWEB_ONLY: &str = "Mozilla/5.0 (Phone) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1";
    /// WeChat and Alipay in-app browsers whose user agents have no other phone token.
    const WECHAT_HARMONY: &str = "Mozilla/5.0 (Phone; OpenHarmony 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 MicroMessenger/8.0.1.37 NetType/5G";
    const WECHAT_BARE: &str = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0 Safari/537.36 MicroMessenger/8.0.47 NetType/4G";
    const ALIPAY_BARE: &str = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0 Safari/537.36 AliApp(AP/10.5.70) AlipayClient/10.5.70 Language/zh-Hans";
    const WECHAT_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090a13)";
    const WECHAT_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) MicroMessenger/6.8.0(0x16080000) MacWechat/3.8.7(0x13080712) NetType/WIFI";
    const WECHAT_WIFI: &str = "Mozilla/5.0 (Linux; Android 13; V2196A) AppleWebKit/537.36 Chrome/107 Mobile Safari/537.36 MicroMessenger/8.0.47 NetType/WIFI Language/zh_CN";
    const WECHAT_4G: &str = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Mobile Safari/537.36 MicroMessenger/8.0.47 NetType/4G";
    const DESKTOP: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0 Safari/537.36";
    const WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0";

    fn env(ua: &str, conn: Option<&str>) -> EnvInputs {
        EnvInputs {
            user_agent: ua.into(),
            connection_type: conn.map(Into::into),
            max_touch_points: 0.0,
        }
    }

    #[test]
    fn phones_and_tablets_are_not_pc() {
        for ua in [
            PIXEL,
            IPHONE,
            HARMONY,
            WECHAT_4G,
            "Mozilla/5.0 (iPad; CPU OS 12_0 like Mac OS X)",
            "Mozilla/5.0 (iPod touch)",
        ] {
            assert!(!env(ua, None).is_pc(), "{ua}");
        }
    }

    #[test]
    fn harmonyos_wechat_and_alipay_are_phones_and_pass_the_gate() {
        for ua in [
            HARMONY_NEXT,
            ARKWEB_ONLY,
            WECHAT_HARMONY,
            WECHAT_BARE,
            ALIPAY_BARE,
        ] {
            let e = env(ua, Some("cellular"));
            assert!(!e.is_pc(), "{ua}");
            assert!(e.require_cellular_phone("getVerifyToken").is_ok(), "{ua}");
        }
    }

    #[test]
    fn desktops_are_pc() {
        for ua in [DESKTOP, WINDOWS, IPADOS, WECHAT_WINDOWS, WECHAT_MAC, ""] {
            assert!(env(ua, None).is_pc(), "{ua}");
        }
    }

    #[test]
    fn ipados_with_touch_is_not_pc() {
        let mut e = env(IPADOS, None);
        e.max_touch_points = 5.0;
        assert!(!e.is_pc());
    }

    #[test]
    fn ua_tokens_are_case_insensitive() {
        assert!(!env("something ANDROID something", None).is_pc());
        assert!(env("WeChat NETTYPE/wifi", None).is_wifi());
    }

    #[test]
    fn wifi_from_connection_or_wechat() {
        assert!(env(PIXEL, Some("wifi")).is_wifi());
        assert!(env(WECHAT_WIFI, None).is_wifi());
        assert!(env(WECHAT_WIFI, Some("cellular")).is_wifi());
        assert!(!env(WECHAT_4G, Some("cellular")).is_wifi());
        assert!(!env(PIXEL, None).is_wifi());
        assert!(!env(PIXEL, Some("ethernet")).is_wifi());
    }

    #[test]
    fn connection_mapping() {
        assert_eq!(env("", Some("wifi")).connection(), "wifi");
        assert_eq!(env("", Some("cellular")).connection(), "cellular");
        for other in [
            "ethernet",
            "bluetooth",
            "none",
            "other",
            "unknown",
            "wimax",
            "WIFI",
            "",
        ] {
            assert_eq!(env("", Some(other)).connection(), "unknown", "{other}");
        }
        assert_eq!(env("", None).connection(), "unknown");
    }

    #[test]
    fn gate_refuses_desktop_with_600008() {
        let f = env(DESKTOP, Some("cellular")).require_cellular_phone("getVerifyToken");
        let f = f.err();
        assert_eq!(f.as_ref().map(|f| f.code), Some(Code::EnvUnsuitable));
        assert!(f.is_some_and(
            |f| f.detail.starts_with("getVerifyToken") && f.detail.contains("desktop")
        ));
    }

    #[test]
    fn gate_refuses_wifi_with_600008() {
        let f = env(PIXEL, Some("wifi"))
            .require_cellular_phone("getLoginToken")
            .err();
        assert_eq!(
            f.as_ref().map(|f| (f.code.number(), f.msg)),
            Some((600008, "环境错误"))
        );
        assert!(f.is_some_and(|f| f.detail.contains("Wi-Fi")));
        assert!(env(WECHAT_WIFI, None).require_cellular_phone("x").is_err());
    }

    #[test]
    fn gate_passes_a_phone_on_cellular_or_unknown() {
        assert!(env(PIXEL, Some("cellular"))
            .require_cellular_phone("x")
            .is_ok());
        assert!(env(IPHONE, None).require_cellular_phone("x").is_ok());
        assert!(env(PIXEL, Some("ethernet"))
            .require_cellular_phone("x")
            .is_ok());
    }
}
