//! Option parsing and validation: the page's option objects as typed structs of loose [`Field`]s (deserialised by
//! the api layer through serde-wasm-bindgen), each field validated from its [`Arg`].

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::codes::Code;
use super::endpoint;
use super::payload::Failure;

/// One argument as the page gave it, reduced to what validation needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// `undefined` or `null`.
    Absent,
    /// A string.
    Str(String),
    /// A number (NaN and infinities included).
    Num(f64),
    /// A boolean.
    Bool(bool),
    /// Anything else, with its `typeof` (`"object"`, `"function"`, ...).
    Other(&'static str),
}

impl Arg {
    fn type_name(&self) -> &'static str {
        match self {
            Arg::Absent => "undefined",
            Arg::Str(_) => "string",
            Arg::Num(_) => "number",
            Arg::Bool(_) => "boolean",
            Arg::Other(t) => t,
        }
    }
}

/// One field of the page's options as it was given, before validation. The api layer's field is the JS value
/// itself, handed over untouched by serde-wasm-bindgen (so reading it never runs the page's code, and a callback
/// stays callable); the native tests use JSON.
///
/// Fields are loose on purpose: a wrong type is not a deserialisation error but a 600028 whose `detail` names the
/// field and the type given, decided here from [`Field::arg`].
pub trait Field: DeserializeOwned + Default {
    /// The value reduced to what validation needs (its type, and the value of a string, number or boolean).
    fn arg(&self) -> Arg;

    /// The value read as the typed options object `T`: `None` unless [`Field::arg`] is an object, or when the
    /// object cannot be read as `T`.
    fn read<T: DeserializeOwned>(&self) -> Option<T>;
}

/// The options object of the four asynchronous methods, as given. `success` and `error` are the JS shim's;
/// `phoneNumber` is the vendor's legacy field, never read.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", bound = "F: Field")]
pub struct CallInput<F> {
    /// `accessToken` (identity checks).
    pub access_token: F,
    /// `jwtToken` (identity checks).
    pub jwt_token: F,
    /// `timeout` in seconds.
    pub timeout: F,
    /// `authPageOption` (`getLoginToken`): a [`crate::auth_page_input::AuthPageInput`], read by
    /// [`crate::auth_page::parse`].
    pub auth_page_option: F,
    /// `watch(status, data)`: the login page's progress (`getLoginToken`).
    pub watch: F,
    /// `protocolPageWatch(status, data)`: the agreement-first page.
    pub protocol_page_watch: F,
    /// `privacyAlertWatch(status, data)`: the privacy dialog.
    pub privacy_alert_watch: F,
    /// `previewPrivacyWatch(status, data)`: an agreement opened.
    pub preview_privacy_watch: F,
}

/// The constructor's options object, as given.
#[derive(Debug, Default, Deserialize)]
#[serde(default, bound = "F: Field")]
pub struct ServerInput<F> {
    /// `endpoint`.
    pub endpoint: F,
    /// `logger`.
    pub logger: F,
}

/// Which call an option set is for: decides the default timeout and the wording of details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `checkAuthAvailable`.
    CheckAuth,
    /// `checkLoginAvailable`.
    CheckLogin,
    /// `getVerifyToken`.
    VerifyToken,
    /// `getLoginToken`.
    LoginToken,
}

impl Step {
    /// The JS method name.
    #[must_use]
    pub const fn method(self) -> &'static str {
        match self {
            Step::CheckAuth => "checkAuthAvailable",
            Step::CheckLogin => "checkLoginAvailable",
            Step::VerifyToken => "getVerifyToken",
            Step::LoginToken => "getLoginToken",
        }
    }

    /// The default `timeout`, in milliseconds: 10 s for checks, 25 s for getVerifyToken, 3 s for getLoginToken.
    #[must_use]
    pub const fn default_timeout_ms(self) -> u32 {
        match self {
            Step::CheckAuth | Step::CheckLogin => 10_000,
            Step::VerifyToken => 25_000,
            Step::LoginToken => 3_000,
        }
    }
}

/// A validated `timeout`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeout {
    /// Milliseconds, at least 1, at most what `setTimeout` can wait (2^31 - 1).
    pub ms: u32,
    /// The page passed a value above 300, taken as milliseconds (the log says so): the value given.
    pub taken_as_ms: Option<f64>,
}

/// Largest delay `setTimeout` honours.
const MAX_TIMER_MS: f64 = 2_147_483_647.0;

/// Values above this many seconds are taken as milliseconds.
pub const MS_GUARD_SECONDS: f64 = 300.0;

fn bad(step: Step, name: &str, what: &str) -> Failure {
    let mut d = String::from(step.method());
    d.push_str(": ");
    d.push_str(name);
    d.push(' ');
    d.push_str(what);
    Failure::new(Code::BadArgument, d)
}

/// Validates `timeout` (seconds, fractions allowed; absent means the step's default).
///
/// # Errors
///
/// 600028 when it is not a number, not finite, or not positive.
pub fn timeout(step: Step, arg: &Arg) -> Result<Timeout, Failure> {
    let secs = match arg {
        Arg::Absent => {
            return Ok(Timeout {
                ms: step.default_timeout_ms(),
                taken_as_ms: None,
            })
        }
        Arg::Num(n) => *n,
        other => {
            let mut what = String::from("must be a number of seconds (e.g. 10), not a ");
            what.push_str(other.type_name());
            return Err(bad(step, "timeout", &what));
        }
    };
    if !secs.is_finite() || secs <= 0.0 {
        return Err(bad(
            step,
            "timeout",
            "must be a positive, finite number of seconds (e.g. 10)",
        ));
    }
    let (ms, taken_as_ms) = if secs > MS_GUARD_SECONDS {
        (secs, Some(secs))
    } else {
        (secs * 1000.0, None)
    };
    // Round up so a tiny positive timeout still waits a little; the clamp keeps `as` exact.
    let ms = ms.ceil().clamp(1.0, MAX_TIMER_MS) as u32;
    Ok(Timeout { ms, taken_as_ms })
}

/// Longest token accepted, in UTF-8 bytes. Real tokens are a few hundred bytes; two of this size, even with every
/// character escaped, still fit the gateway's 16 KiB limit on a request body (docs/protocol.md §2).
pub const MAX_TOKEN_BYTES: usize = 4000;

fn required_token(step: Step, name: &str, arg: &Arg) -> Result<String, Failure> {
    match arg {
        Arg::Str(s) if s.trim().len() > MAX_TOKEN_BYTES => Err(bad(
            step,
            name,
            "is too long to be a token from GetAuthToken (over 4000 bytes)",
        )),
        Arg::Str(s)
            if s.trim()
                .chars()
                .any(|c| c.is_whitespace() || c.is_control()) =>
        {
            Err(bad(
                step,
                name,
                "contains spaces or control characters, which a token from GetAuthToken never has",
            ))
        }
        Arg::Str(s) if !s.trim().is_empty() => Ok(s.trim().into()),
        Arg::Str(_) => Err(bad(
            step,
            name,
            "is empty: pass the value your server got from GetAuthToken",
        )),
        Arg::Absent => Err(bad(
            step,
            name,
            "is missing: pass the value your server got from GetAuthToken",
        )),
        other => {
            let mut what = String::from("must be a string from GetAuthToken, not a ");
            what.push_str(other.type_name());
            Err(bad(step, name, &what))
        }
    }
}

/// Options of `checkAuthAvailable` / `checkLoginAvailable`.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOptions {
    /// `accessToken`, trimmed.
    pub access_token: String,
    /// `jwtToken`, trimmed.
    pub jwt_token: String,
    /// `timeout`.
    pub timeout: Timeout,
}

/// Validates the options of an identity check (`phoneNumber`, `success`, `error` are not read).
///
/// # Errors
///
/// 600028 naming the first bad argument.
pub fn check(
    step: Step,
    access_token: &Arg,
    jwt_token: &Arg,
    timeout_arg: &Arg,
) -> Result<CheckOptions, Failure> {
    Ok(CheckOptions {
        access_token: required_token(step, "accessToken", access_token)?,
        jwt_token: required_token(step, "jwtToken", jwt_token)?,
        timeout: timeout(step, timeout_arg)?,
    })
}

/// The page's options object itself: an object, or absent (taken as `{}`).
///
/// # Errors
///
/// 600028 when it is anything else.
pub fn options_object(step: Step, arg: &Arg) -> Result<(), Failure> {
    match arg {
        Arg::Absent | Arg::Other("object") => Ok(()),
        other => {
            let mut what = String::from("must be an options object, not a ");
            what.push_str(other.type_name());
            Err(bad(step, "the argument", &what))
        }
    }
}

/// Constructor options: `{ endpoint?, logger? }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerOptions {
    /// Gateway base URL overriding the JwtToken's issuer (normalised, no trailing slash).
    pub endpoint: Option<String>,
    /// Initial logger state (default on).
    pub logger: bool,
}

/// Validates constructor options.
///
/// # Errors
///
/// 600028 when the object or `endpoint` is malformed.
pub fn server(options: &Arg, endpoint_arg: &Arg, logger: &Arg) -> Result<ServerOptions, Failure> {
    let fail = |what: &str| {
        let mut d = String::from("new PhoneNumberServer(options): ");
        d.push_str(what);
        Failure::new(Code::BadArgument, d)
    };
    if !matches!(options, Arg::Absent | Arg::Other("object")) {
        return Err(fail(
            "options must be an object such as { endpoint: 'https://gateway.example.com' }",
        ));
    }
    let endpoint = match endpoint_arg {
        Arg::Absent => None,
        Arg::Str(s) => match endpoint::base_url(s) {
            Some(u) => Some(u),
            None => return Err(fail(
                "endpoint must be an absolute http(s) URL such as 'https://gateway.example.com'",
            )),
        },
        _ => return Err(fail("endpoint must be a string (an http(s) URL)")),
    };
    let logger = match logger {
        Arg::Absent => true,
        Arg::Bool(b) => *b,
        _ => return Err(fail("logger must be a boolean")),
    };
    Ok(ServerOptions { endpoint, logger })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Arg {
        Arg::Str(v.into())
    }

    fn code_of<T>(r: Result<T, Failure>) -> Option<u32> {
        r.err().map(|f| f.code.number())
    }

    fn detail_of<T: std::fmt::Debug>(r: Result<T, Failure>) -> String {
        match r {
            Err(f) => f.detail,
            Ok(v) => panic!("expected a failure, got {v:?}"),
        }
    }

    #[test]
    fn default_timeouts() {
        let d = |st| timeout(st, &Arg::Absent).ok().map(|t| t.ms);
        assert_eq!(d(Step::CheckAuth), Some(10_000));
        assert_eq!(d(Step::CheckLogin), Some(10_000));
        assert_eq!(d(Step::VerifyToken), Some(25_000));
        assert_eq!(d(Step::LoginToken), Some(3_000));
    }

    #[test]
    fn timeout_in_seconds_with_fractions() {
        let t = timeout(Step::CheckAuth, &Arg::Num(2.5)).ok();
        assert_eq!(
            t,
            Some(Timeout {
                ms: 2_500,
                taken_as_ms: None
            })
        );
        assert_eq!(
            timeout(Step::CheckAuth, &Arg::Num(300.0))
                .ok()
                .map(|t| t.ms),
            Some(300_000)
        );
        assert_eq!(
            timeout(Step::CheckAuth, &Arg::Num(0.0001))
                .ok()
                .map(|t| t.ms),
            Some(1)
        );
    }

    #[test]
    fn timeout_above_300_is_milliseconds() {
        let t = timeout(Step::VerifyToken, &Arg::Num(10_000.0)).ok();
        assert_eq!(
            t,
            Some(Timeout {
                ms: 10_000,
                taken_as_ms: Some(10_000.0)
            })
        );
        let t = timeout(Step::VerifyToken, &Arg::Num(300.5)).ok();
        assert_eq!(
            t.map(|t| (t.ms, t.taken_as_ms.is_some())),
            Some((301, true))
        );
        assert_eq!(
            timeout(Step::VerifyToken, &Arg::Num(1e12))
                .ok()
                .map(|t| t.ms),
            Some(2_147_483_647)
        );
    }

    #[test]
    fn bad_timeouts_are_600028_naming_timeout() {
        for arg in [
            Arg::Num(0.0),
            Arg::Num(-1.0),
            Arg::Num(-0.0),
            Arg::Num(f64::NAN),
            Arg::Num(f64::INFINITY),
            Arg::Num(f64::NEG_INFINITY),
            s("10"),
            Arg::Bool(true),
            Arg::Other("object"),
            Arg::Other("function"),
        ] {
            let r = timeout(Step::CheckAuth, &arg);
            let d = detail_of(r.clone());
            assert_eq!(code_of(r), Some(600028), "{arg:?}");
            assert!(d.starts_with("checkAuthAvailable: timeout "), "{d}");
        }
        assert!(detail_of(timeout(Step::CheckAuth, &s("10"))).contains("not a string"));
    }

    #[test]
    fn check_options_ok() {
        let o = check(Step::CheckAuth, &s(" at1.x "), &s("a.b.c"), &Arg::Absent).ok();
        assert_eq!(o.as_ref().map(|o| o.access_token.as_str()), Some("at1.x"));
        assert_eq!(o.as_ref().map(|o| o.jwt_token.as_str()), Some("a.b.c"));
        assert_eq!(o.map(|o| o.timeout.ms), Some(10_000));
    }

    #[test]
    fn missing_access_token() {
        let r = check(Step::CheckAuth, &Arg::Absent, &s("j"), &Arg::Absent);
        let d = detail_of(r.clone());
        assert_eq!(code_of(r), Some(600028));
        assert!(d.contains("accessToken is missing"), "{d}");
    }

    #[test]
    fn missing_jwt_token() {
        let d = detail_of(check(Step::CheckLogin, &s("a"), &Arg::Absent, &Arg::Absent));
        assert!(
            d.starts_with("checkLoginAvailable: jwtToken is missing"),
            "{d}"
        );
    }

    #[test]
    fn empty_tokens() {
        assert!(
            detail_of(check(Step::CheckAuth, &s(""), &s("j"), &Arg::Absent))
                .contains("accessToken is empty")
        );
        assert!(
            detail_of(check(Step::CheckAuth, &s("a"), &s("   "), &Arg::Absent))
                .contains("jwtToken is empty")
        );
    }

    #[test]
    fn oversized_tokens() {
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        let r = check(Step::CheckAuth, &s(&long), &s("j"), &Arg::Absent);
        let d = detail_of(r.clone());
        assert_eq!(code_of(r), Some(600028));
        assert!(d.contains("accessToken is too long"), "{d}");
        assert!(
            detail_of(check(Step::CheckAuth, &s("a"), &s(&long), &Arg::Absent))
                .contains("jwtToken is too long")
        );
        let fits = "a".repeat(MAX_TOKEN_BYTES);
        assert!(check(Step::CheckAuth, &s(&fits), &s(&fits), &Arg::Absent).is_ok());
        // Bytes, not characters: 1400 three-byte characters are 4200 bytes.
        assert!(check(
            Step::CheckAuth,
            &s(&"鉴".repeat(1400)),
            &s("j"),
            &Arg::Absent
        )
        .is_err());
    }

    #[test]
    fn the_largest_tokens_still_fit_the_gateways_body_limit() {
        let worst = "\"".repeat(MAX_TOKEN_BYTES);
        let body = crate::gateway::check_body(
            &worst,
            &worst,
            crate::gateway::Biz::Login,
            &"f".repeat(36),
            "100.100.100",
        );
        assert!(body.len() <= 16 * 1024, "{}", body.len());
    }

    #[test]
    fn tokens_with_inner_spaces_or_control_characters() {
        for bad_token in ["at1.a b", "at1.a\nb", "at1.a\u{0}b", "at1.a\u{3000}b"] {
            let r = check(Step::CheckAuth, &s(bad_token), &s("j"), &Arg::Absent);
            let d = detail_of(r.clone());
            assert_eq!(code_of(r), Some(600028));
            assert!(
                d.contains("accessToken contains spaces or control characters"),
                "{d}"
            );
        }
        // Around the token, whitespace is trimmed (a pasted token with a trailing newline works).
        assert!(check(Step::CheckAuth, &s(" at1.x\n"), &s("\tj "), &Arg::Absent).is_ok());
    }

    #[test]
    fn tokens_of_the_wrong_type() {
        for (arg, name) in [
            (Arg::Num(1.0), "number"),
            (Arg::Bool(false), "boolean"),
            (Arg::Other("object"), "object"),
        ] {
            let r = check(Step::CheckAuth, &arg, &s("j"), &Arg::Absent);
            let d = detail_of(r.clone());
            assert_eq!(code_of(r), Some(600028));
            assert!(
                d.contains("accessToken must be a string") && d.ends_with(name),
                "{d}"
            );
            assert!(
                detail_of(check(Step::CheckAuth, &s("a"), &arg, &Arg::Absent))
                    .contains("jwtToken must be a string")
            );
        }
    }

    #[test]
    fn check_reports_a_bad_timeout_after_good_tokens() {
        let d = detail_of(check(Step::CheckAuth, &s("a"), &s("j"), &Arg::Num(-3.0)));
        assert!(d.contains("timeout"), "{d}");
    }

    #[test]
    fn the_options_object_itself() {
        assert!(options_object(Step::VerifyToken, &Arg::Absent).is_ok());
        assert!(options_object(Step::VerifyToken, &Arg::Other("object")).is_ok());
        for arg in [
            s("x"),
            Arg::Num(3.0),
            Arg::Bool(true),
            Arg::Other("function"),
            Arg::Other("symbol"),
        ] {
            let r = options_object(Step::VerifyToken, &arg);
            let d = detail_of(r.clone());
            assert_eq!(code_of(r), Some(600028));
            assert!(
                d.starts_with("getVerifyToken: the argument must be an options object"),
                "{d}"
            );
        }
    }

    #[test]
    fn server_options_defaults() {
        let o = server(&Arg::Absent, &Arg::Absent, &Arg::Absent).ok();
        assert_eq!(
            o,
            Some(ServerOptions {
                endpoint: None,
                logger: true
            })
        );
        let o = server(
            &Arg::Other("object"),
            &s("https://gw.example.com/"),
            &Arg::Bool(false),
        )
        .ok();
        assert_eq!(
            o,
            Some(ServerOptions {
                endpoint: Some("https://gw.example.com".into()),
                logger: false
            })
        );
    }

    #[test]
    fn server_options_refused() {
        for (opts, ep, lg, word) in [
            (
                s("x"),
                Arg::Absent,
                Arg::Absent,
                "options must be an object",
            ),
            (
                Arg::Other("object"),
                s("ftp://x"),
                Arg::Absent,
                "endpoint must be an absolute",
            ),
            (
                Arg::Other("object"),
                s("gateway.local"),
                Arg::Absent,
                "endpoint must be an absolute",
            ),
            (
                Arg::Other("object"),
                Arg::Num(1.0),
                Arg::Absent,
                "endpoint must be a string",
            ),
            (
                Arg::Other("object"),
                Arg::Absent,
                s("yes"),
                "logger must be a boolean",
            ),
        ] {
            let r = server(&opts, &ep, &lg);
            let d = detail_of(r.clone());
            assert_eq!(code_of(r), Some(600028));
            assert!(d.contains(word), "{d}");
        }
    }

    #[test]
    fn step_names() {
        assert_eq!(Step::CheckAuth.method(), "checkAuthAvailable");
        assert_eq!(Step::CheckLogin.method(), "checkLoginAvailable");
        assert_eq!(Step::VerifyToken.method(), "getVerifyToken");
        assert_eq!(Step::LoginToken.method(), "getLoginToken");
    }
}
