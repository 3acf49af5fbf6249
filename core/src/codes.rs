//! Result codes: the vendor's numbers, messages and names, in one place.

/// A result code of the SDK (`code` in every payload).
///
/// The numbers and messages are the vendor's (sdk-api.md §3); the names of the codes the vendor exports in
/// its `Errors` table keep the vendor's spelling (`ERROR_UNKNOW`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Code {
    /// 600000: success.
    Success = 600_000,
    /// 600004: the scheme is unknown to the gateway.
    SchemeNotFound = 600_004,
    /// 600008: not a mobile browser, or the connection is known to be Wi-Fi.
    EnvUnsuitable = 600_008,
    /// 600010: network failure, malformed answer, any unexpected fault.
    Unknown = 600_010,
    /// 600011: no carrier produced a token.
    GetTokenFailed = 600_011,
    /// 600013: the gateway reports the capability demoted.
    Unavailable = 600_013,
    /// 600014: the call quota is used up.
    MaxTimes = 600_014,
    /// 600015: the call's timeout passed first.
    Timeout = 600_015,
    /// 600018: the carrier blocks the number.
    NumberBlocked = 600_018,
    /// 600025: tokens rejected, origin not allowed, or no prior check.
    AuthFailed = 600_025,
    /// 600028: missing or malformed arguments.
    BadArgument = 600_028,
    /// 600030: the login page was hidden or tampered with.
    CssViolation = 600_030,
    /// 600032: tokens of the other business type.
    BizTypeMismatch = 600_032,
    /// 600034: the tokens expired.
    ParamsExpired = 600_034,
    /// 700000: the user left the login page (back or cancel). The vendor's app SDKs use this code; its H5 SDK
    /// leaves the call pending, and 600011 would tell the page "no carrier gave a token" (pages map that to
    /// "turn off Wi-Fi").
    UserCancelled = 700_000,
}

/// Every code, in numeric order.
pub const ALL: [Code; 15] = [
    Code::Success,
    Code::SchemeNotFound,
    Code::EnvUnsuitable,
    Code::Unknown,
    Code::GetTokenFailed,
    Code::Unavailable,
    Code::MaxTimes,
    Code::Timeout,
    Code::NumberBlocked,
    Code::AuthFailed,
    Code::BadArgument,
    Code::CssViolation,
    Code::BizTypeMismatch,
    Code::ParamsExpired,
    Code::UserCancelled,
];

/// `msg` of a successful identity check (`checkAuthAvailable`, `checkLoginAvailable`).
pub const MSG_CHECK_SUCCESS: &str = "鉴权成功";
/// `msg` of 600025 when a token step runs before a successful check.
pub const MSG_NOT_CHECKED: &str = "身份校验失败";

impl Code {
    /// The number, as it appears in `code`.
    #[must_use]
    pub const fn number(self) -> u32 {
        self as u32
    }

    /// The code for a number, if it is one of ours.
    #[must_use]
    pub fn from_number(n: u32) -> Option<Code> {
        ALL.iter().copied().find(|c| c.number() == n)
    }

    /// The vendor's message (`msg`).
    #[must_use]
    pub const fn msg(self) -> &'static str {
        match self {
            Code::Success => "成功",
            Code::SchemeNotFound => "方案号不存在",
            Code::EnvUnsuitable => "环境错误",
            Code::Unknown => "未知异常",
            Code::GetTokenFailed => "获取token失败",
            Code::Unavailable => "运营商维护升级，该功能不可用",
            Code::MaxTimes => "运营商维护升级，该功能已达最大调用次数",
            Code::Timeout => "接口超时",
            Code::NumberBlocked => "号码被运营商管控",
            Code::AuthFailed => "接入方身份信息校验失败",
            Code::BadArgument => "入参错误",
            Code::CssViolation => "css属性不合规",
            Code::BizTypeMismatch => "业务类型错误",
            Code::ParamsExpired => "请求参数已失效",
            Code::UserCancelled => "用户取消登录",
        }
    }

    /// The constant name: the vendor's for the codes in its `Errors` table, ours for the rest.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Code::Success => "SUCCESS",
            Code::SchemeNotFound => "ERROR_SCHEME_NOT_FOUND",
            Code::EnvUnsuitable => "ERROR_CHECK_ENV",
            Code::Unknown => "ERROR_UNKNOW",
            Code::GetTokenFailed => "ERROR_GET_TOKEN",
            Code::Unavailable => "ERROR_UNAVAILABLE",
            Code::MaxTimes => "ERROR_MAX_TIME",
            Code::Timeout => "ERROR_TIMEOUT",
            Code::NumberBlocked => "ERROR_NUMBER_BLOCKED",
            Code::AuthFailed => "ERROR_CHECK_AUTH",
            Code::BadArgument => "ERROR_PARAM",
            Code::CssViolation => "ERROR_CSS",
            Code::BizTypeMismatch => "ERROR_BIZ_TYPE",
            Code::ParamsExpired => "ERROR_PARAM_EXPIRED",
            Code::UserCancelled => "ERROR_USER_CANCEL",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_the_vendors() {
        let numbers: Vec<u32> = ALL.iter().map(|c| c.number()).collect();
        assert_eq!(
            numbers,
            [
                600000, 600004, 600008, 600010, 600011, 600013, 600014, 600015, 600018, 600025,
                600028, 600030, 600032, 600034, 700000
            ]
        );
    }

    #[test]
    fn every_code_round_trips_through_its_number() {
        for c in ALL {
            assert_eq!(Code::from_number(c.number()), Some(c));
        }
        assert_eq!(Code::from_number(600001), None);
        assert_eq!(Code::from_number(0), None);
    }

    #[test]
    fn messages_are_the_vendors() {
        let expected = [
            (Code::Success, "成功"),
            (Code::SchemeNotFound, "方案号不存在"),
            (Code::EnvUnsuitable, "环境错误"),
            (Code::Unknown, "未知异常"),
            (Code::GetTokenFailed, "获取token失败"),
            (Code::Unavailable, "运营商维护升级，该功能不可用"),
            (Code::MaxTimes, "运营商维护升级，该功能已达最大调用次数"),
            (Code::Timeout, "接口超时"),
            (Code::NumberBlocked, "号码被运营商管控"),
            (Code::AuthFailed, "接入方身份信息校验失败"),
            (Code::BadArgument, "入参错误"),
            (Code::CssViolation, "css属性不合规"),
            (Code::BizTypeMismatch, "业务类型错误"),
            (Code::ParamsExpired, "请求参数已失效"),
            (Code::UserCancelled, "用户取消登录"),
        ];
        assert_eq!(expected.len(), ALL.len());
        for (code, msg) in expected {
            assert_eq!(code.msg(), msg);
        }
        assert_eq!(MSG_CHECK_SUCCESS, "鉴权成功");
        assert_eq!(MSG_NOT_CHECKED, "身份校验失败");
    }

    #[test]
    fn vendor_errors_table_names() {
        let vendor = [
            ("ERROR_UNKNOW", 600010),
            ("ERROR_CHECK_AUTH", 600025),
            ("ERROR_CHECK_ENV", 600008),
            ("ERROR_GET_TOKEN", 600011),
            ("ERROR_UNAVAILABLE", 600013),
            ("ERROR_MAX_TIME", 600014),
            ("ERROR_TIMEOUT", 600015),
        ];
        for (name, number) in vendor {
            let code = ALL.iter().find(|c| c.name() == name).copied();
            assert_eq!(code.map(Code::number), Some(number), "{name}");
        }
    }

    /// The JS shim's `ResultCodes` (pkg-template/src/codes.js) is the table the page sees: every code, with this
    /// module's name and message, in numeric order, and nothing else. The wasm module does not carry the names.
    #[test]
    fn the_shims_table_is_this_one() {
        let js = include_str!("../../pkg-template/src/codes.js");
        let body = js
            .split("export const ResultCodes = Object.freeze({")
            .nth(1)
            .and_then(|rest| rest.split("});").next())
            .expect("codes.js has its ResultCodes table");
        let rows: Vec<&str> = body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let expected: Vec<String> = ALL
            .iter()
            .map(|c| format!("{}: entry('{}', '{}'),", c.number(), c.name(), c.msg()))
            .collect();
        assert_eq!(rows, expected);
    }

    #[test]
    fn names_are_unique() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert_ne!(a.name(), b.name());
            }
        }
    }
}
