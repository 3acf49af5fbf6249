//! Verification of the two OpenAPI signature schemes: v1 (RPC, HMAC-SHA1) and ACS3-HMAC-SHA256.
//!
//! Both produce a [`Verified`] request: the account, the action, the version and every parameter (from
//! the query string and an `application/x-www-form-urlencoded` body).
//! This file holds what both share (the request, the outcome, parameters, the timestamp window, nonces); each
//! scheme's canonical form and check is in `v1.rs` and `acs3.rs`.

mod acs3;
mod v1;

pub use acs3::{parse_acs3, v3_canonical_query, v3_canonical_request, verify_v3, Acs3Auth};
pub use v1::{v1_string_to_sign, verify_v1};

use crate::state::{Account, State};
use crate::util::now_unix;
use axum::http::HeaderMap;
use std::sync::Arc;

/// The parts of an HTTP request that signatures cover.
pub struct SignedRequest<'a> {
    /// `GET` or `POST`.
    pub method: &'a str,
    /// Request path (`/` for the RPC API).
    pub path: &'a str,
    /// Raw query string, without `?`.
    pub query: Option<&'a str>,
    /// Headers.
    pub headers: &'a HeaderMap,
    /// Raw body.
    pub body: &'a [u8],
}

/// A request whose signature verified.
pub struct Verified {
    /// The calling account.
    pub account: Arc<Account>,
    /// `Action`.
    pub action: String,
    /// `Version`.
    pub version: String,
    /// All parameters (query then body), decoded.
    pub params: Vec<(String, String)>,
}

impl Verified {
    /// The value of parameter `name`, if present.
    #[must_use]
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request was not authenticated. Each maps to the platform's common error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// A required parameter or header is absent (`MissingParameter`).
    Missing(String),
    /// A parameter appears twice (`InvalidParameter`).
    Duplicate(String),
    /// A parameter is unusable: not UTF-8, malformed percent-encoding, too many, too long
    /// (`InvalidParameter`).
    Invalid(String),
    /// Timestamp not ISO-8601 UTC (`InvalidTimeStamp.Format`).
    TimestampFormat(String),
    /// Timestamp outside the window (`InvalidTimeStamp.Expired`).
    TimestampExpired(String),
    /// Unknown AccessKeyId (`InvalidAccessKeyId.NotFound`).
    UnknownKey(String),
    /// Signature wrong (`SignatureDoesNotMatch`); carries the server's string to sign.
    Mismatch(String),
    /// Nonce already used (`SignatureNonceUsed`).
    NonceUsed(String),
    /// Authorization header unusable (`IncompleteSignature`).
    Incomplete(String),
    /// Unsupported signature method or version (`InvalidSignatureMethod`).
    UnsupportedMethod(String),
    /// The account's throttle is exhausted (`Throttling.User`).
    Throttled,
    /// The nonce store is at capacity (`ServiceUnavailable`).
    StoreFull(usize),
}

/// Most parameters one request may carry (query and form body together).
pub const MAX_PARAMS: usize = 64;
/// Most headers `SignedHeaders` may list.
pub const MAX_SIGNED_HEADERS: usize = 64;
/// Longest accepted signature nonce (`SignatureNonce` / `x-acs-signature-nonce`), in bytes.
pub const MAX_NONCE_LEN: usize = 256;

/// The first malformed percent-escape (`%` not followed by two hex digits) in `raw`, if any.
///
/// Decoding itself is `form_urlencoded`'s; this and [`decodes_as_utf8`] only add the strictness it lacks on
/// purpose (it passes a lone `%` through and replaces invalid UTF-8 with U+FFFD), so that such a request is
/// refused with the place of the fault instead of being signed over altered text.
fn bad_escape(raw: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(off) = raw[i..].iter().position(|&b| b == b'%') {
        let at = i + off;
        match raw.get(at + 1..at + 3) {
            Some([a, b]) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit() => i = at + 3,
            _ => return Some(at),
        }
    }
    None
}

/// Whether every `&`-separated pair of `raw` decodes (`+` as space, percent-escapes) to UTF-8. Only run on
/// the rare path where the lenient decoder produced U+FFFD.
fn decodes_as_utf8(raw: &[u8]) -> bool {
    raw.split(|&b| b == b'&').all(|pair| {
        let plus_free: Vec<u8> = pair
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        percent_encoding::percent_decode(&plus_free)
            .decode_utf8()
            .is_ok()
    })
}

/// Checks the raw encoding of a query or form body before it is decoded.
fn check_encoding(raw: &[u8], where_: &str) -> Result<(), AuthError> {
    if let Some(at) = bad_escape(raw) {
        return Err(AuthError::Invalid(format!(
            "the {where_} has a malformed percent-escape at byte {at}: '%' must be followed by two hex digits"
        )));
    }
    Ok(())
}

/// Decoded parameters of the query and, for form bodies, of the body.
///
/// # Errors
/// Too many parameters, one appears twice, a malformed percent-escape, or bytes that are not UTF-8.
pub fn collect_params(
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<(String, String)>, AuthError> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |k: String, v: String| -> Result<(), AuthError> {
        if out.len() >= MAX_PARAMS {
            return Err(AuthError::Invalid(format!(
                "more than {MAX_PARAMS} parameters"
            )));
        }
        if out.iter().any(|(n, _)| *n == k) {
            return Err(AuthError::Duplicate(format!(
                "parameter {k} appears more than once"
            )));
        }
        out.push((k, v));
        Ok(())
    };
    let mut lossy = false;
    if let Some(q) = query {
        check_encoding(q.as_bytes(), "query")?;
        for (k, v) in form_urlencoded::parse(q.as_bytes()) {
            lossy |= k.contains('\u{FFFD}') || v.contains('\u{FFFD}');
            push(k.into_owned(), v.into_owned())?;
        }
        if lossy && !decodes_as_utf8(q.as_bytes()) {
            return Err(AuthError::Invalid(
                "the query holds bytes that are not UTF-8: encode every name and value as UTF-8"
                    .into(),
            ));
        }
    }
    let is_form = crate::http::content_type_is(headers, "application/x-www-form-urlencoded");
    if is_form && !body.is_empty() {
        check_encoding(body, "form body")?;
        lossy = false;
        for (k, v) in form_urlencoded::parse(body) {
            lossy |= k.contains('\u{FFFD}') || v.contains('\u{FFFD}');
            push(k.into_owned(), v.into_owned())?;
        }
        if lossy && !decodes_as_utf8(body) {
            return Err(AuthError::Invalid(
                "the form body holds bytes that are not UTF-8: encode every name and value as UTF-8"
                    .into(),
            ));
        }
    }
    Ok(out)
}

fn check_window(state: &State, ts: i64, raw: &str) -> Result<u64, AuthError> {
    let now = i64::try_from(now_unix()).unwrap_or(i64::MAX);
    let window = i64::try_from(state.limits.timestamp_window_secs).unwrap_or(900);
    // Dated in the past: up to the window; in the future: only the small clock skew allowed, so a nonce is never
    // kept much longer than the window (it is kept until its timestamp leaves the window).
    let ahead = i64::try_from(state.limits.future_skew_secs)
        .unwrap_or(0)
        .min(window);
    if now.saturating_sub(ts) > window {
        return Err(AuthError::TimestampExpired(format!(
            "Specified time stamp or date value is expired: {raw} is more than {window} s behind the server's clock ({}).",
            crate::util::format_iso8601(now)
        )));
    }
    if ts.saturating_sub(now) > ahead {
        return Err(AuthError::TimestampExpired(format!(
            "Specified time stamp or date value is expired: {raw} is more than {ahead} s ahead of the server's clock ({}).",
            crate::util::format_iso8601(now)
        )));
    }
    // Remember the nonce until no request with this timestamp can be accepted any more.
    Ok(u64::try_from(ts.saturating_add(window).saturating_add(1)).unwrap_or(u64::MAX))
}

fn check_nonce_len(nonce: &str) -> Result<(), AuthError> {
    if nonce.len() > MAX_NONCE_LEN {
        return Err(AuthError::Invalid(format!(
            "the signature nonce is {} bytes long; at most {MAX_NONCE_LEN} are accepted (a UUID is plenty)",
            nonce.len()
        )));
    }
    Ok(())
}

/// The account's throttle, then its nonce: a throttled call takes no room in the nonce store.
fn use_nonce(
    state: &State,
    account: &Account,
    key_id: &str,
    nonce: &str,
    until: u64,
) -> Result<(), AuthError> {
    if !account.admit() {
        return Err(AuthError::Throttled);
    }
    match state.remember_nonce(&account.id, key_id, nonce, until) {
        Ok(true) => Ok(()),
        Ok(false) => Err(AuthError::NonceUsed(format!(
            "Specified signature nonce was used already: {nonce}"
        ))),
        Err(full) => Err(AuthError::StoreFull(full.capacity)),
    }
}
/// Verifies whichever scheme the request uses: ACS3 when an `Authorization: ACS3-HMAC-SHA256` header is
/// present, v1 otherwise.
///
/// # Errors
/// See [`AuthError`].
pub fn verify(state: &State, req: &SignedRequest<'_>) -> Result<Verified, AuthError> {
    let params = collect_params(req.query, req.headers, req.body)?;
    match req
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        Some(a) if a.starts_with("ACS3-") => verify_v3(state, req, a, params),
        _ => verify_v1(state, req, params),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    use hmac::Mac;
    use sha2::{Digest, Sha256};

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn v1_string_to_sign_known_answer() {
        // Derived by hand from the rules: sort by name, encode names and values, join, encode again.
        let params = p(&[
            ("Version", "2017-05-25"),
            ("Action", "GetAuthToken"),
            ("Url", "http://127.0.0.1:8787/"),
            ("Signature", "ignored"),
            ("Origin", "http://127.0.0.1:8787"),
            ("Timestamp", "2024-01-01T00:00:00Z"),
            ("Note", "a b*c~"),
        ]);
        let sts = v1_string_to_sign("GET", &params);
        assert_eq!(
            sts,
            "GET&%2F&Action%3DGetAuthToken%26Note%3Da%2520b%252Ac~%26Origin%3Dhttp%253A%252F%252F127.0.0.1%253A8787\
             %26Timestamp%3D2024-01-01T00%253A00%253A00Z%26Url%3Dhttp%253A%252F%252F127.0.0.1%253A8787%252F\
             %26Version%3D2017-05-25"
        );
    }

    #[test]
    fn v1_signature_known_answer() {
        // HMAC-SHA1("testsecret&", "GET&%2F&A%3D1") computed independently.
        let mut mac =
            <hmac::Hmac<sha1::Sha1> as hmac::KeyInit>::new_from_slice(b"testsecret&").unwrap();
        mac.update(v1_string_to_sign("GET", &p(&[("A", "1")])).as_bytes());
        assert_eq!(
            STANDARD.encode(mac.finalize().into_bytes()),
            "ZWnRw6U2HTwXq1I4Nx/CGbhwuqk="
        );
    }

    #[test]
    fn v3_canonical_request_known_answer() {
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("127.0.0.1:8787"));
        headers.insert("x-acs-action", HeaderValue::from_static("GetAuthToken"));
        headers.insert(
            "x-acs-date",
            HeaderValue::from_static(" 2024-01-01T00:00:00Z "),
        );
        headers.insert("user-agent", HeaderValue::from_static("not signed"));
        let req = SignedRequest {
            method: "POST",
            path: "/",
            query: Some("b=2&a=x%20y&A=%2A"),
            headers: &headers,
            body: b"",
        };
        let hash = hex::encode(Sha256::digest(b""));
        let c = v3_canonical_request(&req, "host;x-acs-action;x-acs-date", &hash);
        assert_eq!(
            c,
            "POST\n/\nA=%2A&a=x%20y&b=2\nhost:127.0.0.1:8787\nx-acs-action:GetAuthToken\nx-acs-date:2024-01-01T00:00:00Z\n\
             \nhost;x-acs-action;x-acs-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn duplicates_and_forms() {
        let mut headers = HeaderMap::new();
        assert!(collect_params(Some("a=1&a=2"), &headers, b"").is_err());
        headers.insert(
            "content-type",
            HeaderValue::from_static("application/x-www-form-urlencoded; charset=utf-8"),
        );
        let got = collect_params(Some("a=1"), &headers, b"b=x+y&c=%E5%8F%B7").unwrap();
        assert_eq!(got, p(&[("a", "1"), ("b", "x y"), ("c", "号")]));
        assert!(collect_params(Some("a=1"), &headers, b"a=2").is_err());
        let auth = parse_acs3(
            "ACS3-HMAC-SHA256 Credential=AK, SignedHeaders=host;x-acs-date,Signature=ab",
        )
        .unwrap();
        assert_eq!(
            (auth.credential, auth.signed_headers, auth.signature),
            ("AK", "host;x-acs-date", "ab")
        );
        assert!(parse_acs3("ACS3-HMAC-SHA256 Credential=AK").is_err());
    }
}
