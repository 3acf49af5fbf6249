//! Reading and checking the parameters of `SendSmsVerifyCode` / `CheckSmsVerifyCode` (names, defaults and
//! ranges of the vendor's API), code alphabets, and template rendering. Nothing here touches the state, so a
//! refused request stores nothing.

use crate::phone;
use std::collections::BTreeMap;

/// A refusal: the vendor's `Code` and a message saying what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `Code` of the answer.
    pub code: &'static str,
    /// `Message` of the answer.
    pub message: String,
}

/// `isv.INVALID_PARAMETERS` (参数异常): a value out of range or of the wrong form.
fn invalid(message: String) -> Refusal {
    Refusal {
        code: "isv.INVALID_PARAMETERS",
        message,
    }
}

/// A parameter the caller left out (the platform's `MissingParameter`).
pub const MISSING: &str = "MissingParameter";

/// The scheme used when `SchemeName` is absent (the vendor's "默认方案").
pub const DEFAULT_SCHEME: &str = "默认方案";
/// Longest `SchemeName`, in characters.
pub const MAX_SCHEME_NAME_CHARS: usize = 20;
/// Longest `OutId`, in characters.
pub const MAX_OUT_ID_CHARS: usize = 64;
/// Longest `TemplateParam`, in bytes.
pub const MAX_TEMPLATE_PARAM_BYTES: usize = 2_048;
/// Longest `ValidTime` / `Interval`, in seconds (one day).
pub const MAX_SECONDS: u64 = 86_400;
/// The placeholder in `TemplateParam` that the service replaces with the code it generates.
pub const CODE_PLACEHOLDER: &str = "##code##";

/// A checked `SendSmsVerifyCode`.
#[derive(Debug, Clone)]
pub struct SendRequest {
    /// `SchemeName` (default [`DEFAULT_SCHEME`]).
    pub scheme: String,
    /// `PhoneNumber`, 11 digits.
    pub number: String,
    /// `SignName`.
    pub sign_name: String,
    /// `TemplateCode`.
    pub template_code: String,
    /// `TemplateParam`, parsed.
    pub params: BTreeMap<String, String>,
    /// Whether a value carries [`CODE_PLACEHOLDER`] (else the caller fixed the code, which cannot be checked).
    pub generated: bool,
    /// `CodeLength`, 4–8.
    pub code_length: usize,
    /// `CodeType`, 1–7.
    pub code_type: u8,
    /// `ValidTime`, seconds.
    pub valid_time: u64,
    /// `Interval`, seconds.
    pub interval: u64,
    /// `DuplicatePolicy`: `true` = 2 (keep the codes still valid), `false` = 1 (overwrite).
    pub keep_valid: bool,
    /// `ReturnVerifyCode`.
    pub return_code: bool,
    /// `OutId`.
    pub out_id: Option<String>,
}

/// A checked `CheckSmsVerifyCode`.
#[derive(Debug, Clone)]
pub struct CheckRequest {
    /// `SchemeName`.
    pub scheme: String,
    /// `PhoneNumber`.
    pub number: String,
    /// `VerifyCode`.
    pub code: String,
    /// `CaseAuthPolicy`: `true` = 2 (case-sensitive), `false` = 1.
    pub case_sensitive: bool,
    /// `OutId`.
    pub out_id: Option<String>,
}

fn required<'a>(get: &impl Fn(&str) -> Option<&'a str>, name: &str) -> Result<&'a str, Refusal> {
    get(name).filter(|s| !s.is_empty()).ok_or_else(|| Refusal {
        code: MISSING,
        message: format!(
            "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
        ),
    })
}

fn optional<'a>(get: &impl Fn(&str) -> Option<&'a str>, name: &str) -> Option<&'a str> {
    get(name).filter(|s| !s.is_empty())
}

/// An integer parameter within `lo..=hi`, or `default` when absent.
fn int_in<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
    name: &str,
    default: u64,
    lo: u64,
    hi: u64,
) -> Result<u64, Refusal> {
    let Some(raw) = optional(get, name) else {
        return Ok(default);
    };
    match raw.parse::<u64>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        _ => Err(invalid(format!(
            "{name} {raw:?} is invalid: use an integer from {lo} to {hi}."
        ))),
    }
}

fn scheme<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<String, Refusal> {
    let s = optional(get, "SchemeName").unwrap_or(DEFAULT_SCHEME);
    if s.chars().count() > MAX_SCHEME_NAME_CHARS {
        return Err(invalid(format!(
            "SchemeName is {} characters long: at most {MAX_SCHEME_NAME_CHARS}.",
            s.chars().count()
        )));
    }
    Ok(s.to_owned())
}

fn country<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<(), Refusal> {
    match optional(get, "CountryCode") {
        None | Some("86") => Ok(()),
        Some(other) => Err(invalid(format!(
            "CountryCode {other:?} is not supported: SMS verification codes go to mainland China numbers only (86)."
        ))),
    }
}

fn number<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<String, Refusal> {
    let n = required(get, "PhoneNumber")?;
    if phone::carrier_of(n).is_none() {
        return Err(Refusal {
            code: "isv.MOBILE_NUMBER_ILLEGAL",
            message: format!(
                "PhoneNumber {n:?} is not an 11-digit mainland mobile number (e.g. 13800138000)."
            ),
        });
    }
    Ok(n.to_owned())
}

fn out_id<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<Option<String>, Refusal> {
    match optional(get, "OutId") {
        Some(o) if o.chars().count() > MAX_OUT_ID_CHARS => Err(invalid(format!(
            "OutId is {} characters long: at most {MAX_OUT_ID_CHARS}.",
            o.chars().count()
        ))),
        o => Ok(o.map(str::to_owned)),
    }
}

/// Reads `SendSmsVerifyCode`'s parameters (whether the sign name and template exist is the caller's check).
///
/// # Errors
/// The first missing or malformed parameter, with the vendor's code.
pub fn send_request<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<SendRequest, Refusal> {
    let number = number(&get)?;
    let sign_name = required(&get, "SignName")?.to_owned();
    let template_code = required(&get, "TemplateCode")?.to_owned();
    let raw_params = required(&get, "TemplateParam")?;
    country(&get)?;
    let scheme = scheme(&get)?;
    let params = template_params(raw_params)?;
    let generated = params.values().any(|v| v.contains(CODE_PLACEHOLDER));
    let code_length = int_in(&get, "CodeLength", 4, 4, 8)?;
    let code_type = int_in(&get, "CodeType", 1, 1, 7)?;
    let valid_time = int_in(&get, "ValidTime", 300, 1, MAX_SECONDS)?;
    let interval = int_in(&get, "Interval", 60, 0, MAX_SECONDS)?;
    let duplicate = int_in(&get, "DuplicatePolicy", 1, 1, 2)?;
    // Case-insensitive, as a Java boolean parses: the vendor's Python client sends `True`.
    let return_code = match optional(&get, "ReturnVerifyCode") {
        None => false,
        Some(b) if b.eq_ignore_ascii_case("false") => false,
        Some(b) if b.eq_ignore_ascii_case("true") => true,
        Some(other) => {
            return Err(invalid(format!(
                "ReturnVerifyCode {other:?} is invalid: use true or false."
            )))
        }
    };
    int_in(&get, "AutoRetry", 1, 0, 1)?;
    if let Some(x) = optional(&get, "SmsUpExtendCode") {
        if x.len() > 12 || !x.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(format!(
                "SmsUpExtendCode {x:?} is invalid: at most 12 digits."
            )));
        }
    }
    let out_id = out_id(&get)?;
    Ok(SendRequest {
        scheme,
        number,
        sign_name,
        template_code,
        params,
        generated,
        // Both are range-checked above (4..=8 and 1..=7).
        code_length: usize::try_from(code_length).unwrap_or(4),
        code_type: u8::try_from(code_type).unwrap_or(1),
        valid_time,
        interval,
        keep_valid: duplicate == 2,
        return_code,
        out_id,
    })
}

/// Reads `CheckSmsVerifyCode`'s parameters.
///
/// # Errors
/// The first missing or malformed parameter, with the vendor's code.
pub fn check_request<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<CheckRequest, Refusal> {
    let number = number(&get)?;
    let code = required(&get, "VerifyCode")?;
    if code.len() > 8 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(invalid(
            "VerifyCode is invalid: a verification code is 4 to 8 letters or digits.".into(),
        ));
    }
    country(&get)?;
    let scheme = scheme(&get)?;
    let case = int_in(&get, "CaseAuthPolicy", 1, 1, 2)?;
    let out_id = out_id(&get)?;
    Ok(CheckRequest {
        scheme,
        number,
        code: code.to_owned(),
        case_sensitive: case == 2,
        out_id,
    })
}

/// Parses `TemplateParam`: a JSON object whose values are all strings (the vendor refuses numbers).
///
/// # Errors
/// `isv.INVALID_JSON_PARAM` when it is not such an object, `isv.INVALID_PARAMETERS` when too long.
pub fn template_params(raw: &str) -> Result<BTreeMap<String, String>, Refusal> {
    if raw.len() > MAX_TEMPLATE_PARAM_BYTES {
        return Err(invalid(format!(
            "TemplateParam is {} bytes long: at most {MAX_TEMPLATE_PARAM_BYTES}.",
            raw.len()
        )));
    }
    let bad = || {
        Refusal {
        code: "isv.INVALID_JSON_PARAM",
        message: "JSON参数不合法，只接受字符串值 (TemplateParam must be a JSON object of string values, e.g. {\"code\":\"##code##\",\"min\":\"5\"})".into(),
    }
    };
    let v: serde_json::Value = serde_json::from_str(raw).map_err(|_| bad())?;
    let serde_json::Value::Object(map) = v else {
        return Err(bad());
    };
    map.into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => Ok((k, s)),
            _ => Err(bad()),
        })
        .collect()
}

/// The `${name}` variables of a template text, in order.
///
/// # Errors
/// An unclosed `${` or an empty name.
pub fn template_variables(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        let after = &rest[i + 2..];
        let Some(j) = after.find('}') else {
            return Err("a ${ without its closing }".into());
        };
        let name = &after[..j];
        if name.is_empty() {
            return Err("an empty ${} variable".into());
        }
        out.push(name.to_owned());
        rest = &after[j + 1..];
    }
    Ok(out)
}

/// Renders a template: each `${name}` becomes its value, `##code##` inside values becomes `code`.
///
/// # Errors
/// `isv.TEMPLATE_MISSING_PARAMETERS` naming the first variable without a value.
pub fn render(
    text: &str,
    params: &BTreeMap<String, String>,
    code: &str,
) -> Result<String, Refusal> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        // Template texts are checked when registered; an unclosed one is copied as is.
        let Some(j) = after.find('}') else {
            out.push_str(&rest[i..]);
            return Ok(out);
        };
        let name = &after[..j];
        let Some(v) = params.get(name) else {
            return Err(Refusal {
                code: "isv.TEMPLATE_MISSING_PARAMETERS",
                message: format!(
                    "模板变量缺少对应参数值 (TemplateParam has no value for ${{{name}}})"
                ),
            });
        };
        out.push_str(&v.replace(CODE_PLACEHOLDER, code));
        rest = &after[j + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The alphabet of `CodeType` 1–7: digits, upper, lower, both letters, digits + upper, digits + lower, all.
#[must_use]
pub fn alphabet(code_type: u8) -> &'static [u8] {
    const DIGITS: &[u8] = b"0123456789";
    const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const DIGITS_UPPER: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const DIGITS_LOWER: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    const ALL: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    match code_type {
        2 => UPPER,
        3 => LOWER,
        4 => LETTERS,
        5 => DIGITS_UPPER,
        6 => DIGITS_LOWER,
        7 => ALL,
        _ => DIGITS,
    }
}

/// A random code of `len` symbols from `CodeType`'s alphabet (rejection sampling: no modulo bias).
#[must_use]
pub fn generate_code(code_type: u8, len: usize) -> String {
    let abc = alphabet(code_type);
    // The largest multiple of the alphabet's size that fits in a byte; bytes above it are drawn again.
    let limit = 256 - 256 % abc.len();
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let [b] = crate::util::random_bytes::<1>();
        if usize::from(b) < limit {
            out.push(char::from(abc[usize::from(b) % abc.len()]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_their_alphabet_and_length() {
        for t in 1..=7u8 {
            for len in 4..=8 {
                let c = generate_code(t, len);
                assert_eq!(c.len(), len);
                assert!(c.bytes().all(|b| alphabet(t).contains(&b)), "{t} {c}");
            }
        }
    }

    #[test]
    fn render_fills_variables_and_the_code() {
        let p = template_params(r###"{"code":"##code##","min":"5"}"###).unwrap();
        let s = render("code ${code}, ${min} min", &p, "1234").unwrap();
        assert_eq!(s, "code 1234, 5 min");
        let e = render("${code} ${other}", &p, "1").unwrap_err();
        assert_eq!(e.code, "isv.TEMPLATE_MISSING_PARAMETERS");
    }

    #[test]
    fn template_params_take_string_values_only() {
        assert_eq!(
            template_params(r#"{"code":1234}"#).unwrap_err().code,
            "isv.INVALID_JSON_PARAM"
        );
        assert_eq!(
            template_params("[1]").unwrap_err().code,
            "isv.INVALID_JSON_PARAM"
        );
        assert!(template_variables("a ${b").is_err());
    }

    const SEND_CODES: [&str; 5] = [
        MISSING,
        "isv.INVALID_PARAMETERS",
        "isv.MOBILE_NUMBER_ILLEGAL",
        "isv.INVALID_JSON_PARAM",
        "isv.TEMPLATE_MISSING_PARAMETERS",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

        /// Any values of the vendor's parameters: a checked request within the documented ranges, or a
        /// documented refusal; never a panic.
        #[test]
        fn any_send_parameters_are_checked_or_refused_with_a_documented_code(
            number in proptest::prop_oneof![
                proptest::strategy::Just(Some("13800138000".to_owned())),
                proptest::option::of("[0-9]{0,12}"),
            ],
            param in proptest::prop_oneof![
                proptest::strategy::Just(Some(r###"{"code":"##code##"}"###.to_owned())),
                proptest::option::of(r#"[a-z#{}":,\[\] ]{0,16}"#),
            ],
            // Mostly absent, so that some draws pass every check and reach the range assertions.
            values in proptest::collection::vec(proptest::option::weighted(0.2, "[0-9a-zA-Z -]{1,6}"), 13),
        ) {
            const NAMES: [&str; 13] = [
                "PhoneNumber", "SignName", "TemplateCode", "TemplateParam", "CountryCode", "SchemeName",
                "CodeLength", "CodeType", "ValidTime", "Interval", "DuplicatePolicy", "ReturnVerifyCode", "OutId",
            ];
            let get = |n: &str| match n {
                "PhoneNumber" => number.as_deref(),
                "TemplateParam" => param.as_deref(),
                // Their existence is the caller's check (SMS_SIGNATURE_ILLEGAL / SMS_TEMPLATE_ILLEGAL).
                "SignName" | "TemplateCode" => Some("x"),
                _ => NAMES.iter().position(|k| *k == n).and_then(|i| values[i].as_deref()),
            };
            match send_request(get) {
                Ok(r) => {
                    proptest::prop_assert!((4..=8).contains(&r.code_length) && (1..=7).contains(&r.code_type));
                    proptest::prop_assert!(r.valid_time >= 1 && r.valid_time <= MAX_SECONDS);
                    proptest::prop_assert_eq!(r.generated, r.params.values().any(|v| v.contains(CODE_PLACEHOLDER)));
                }
                Err(e) => proptest::prop_assert!(SEND_CODES.contains(&e.code), "{}", e.code),
            }
        }

        #[test]
        fn render_and_variables_never_panic(text in "[a-z${}#]{0,40}") {
            let p = template_params(r###"{"a":"##code##"}"###).unwrap();
            let _ = render(&text, &p, "1");
            let _ = template_variables(&text);
        }
    }
}
