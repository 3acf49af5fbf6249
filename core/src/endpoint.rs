//! Where the gateway is: the JwtToken's issuer (base64url-decoded, not verified), or the constructor's `endpoint`.

use super::codes::Code;
use super::payload::Failure;

/// Normalises an absolute `http(s)` base URL: trimmed, no trailing slash, no query or fragment.
///
/// `None` when `s` is not such a URL.
#[must_use]
pub fn base_url(s: &str) -> Option<String> {
    let s = s.trim();
    let rest = strip_prefix_ignore_case(s, "https://")
        .or_else(|| strip_prefix_ignore_case(s, "http://"))?;
    let host = rest.split('/').next().unwrap_or_default();
    let bad_char = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '\\');
    if host.is_empty() || host.starts_with(':') || host.contains('@') || s.chars().any(bad_char) {
        return None;
    }
    Some(s.trim_end_matches('/').into())
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Decodes unpadded (or padded) base64url.
#[must_use]
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A single leftover character (6 bits) can never come from whole bytes.
    (bits < 6).then_some(out)
}

fn refused(why: &str) -> Failure {
    let mut d = String::from("jwtToken ");
    d.push_str(why);
    d.push_str(": pass the JwtToken your server got from GetAuthToken, unchanged");
    Failure::new(Code::AuthFailed, d)
}

/// The gateway's base URL: the `iss` claim of the JwtToken.
///
/// `iss_of` reads the `iss` string member of the payload's JSON text (`None` when the text is not a JSON object or
/// has no such string): the browser's `JSON.parse` in the SDK, so that no JSON parser is compiled into the module.
///
/// # Errors
///
/// 600025 with a detail when the token is not a JWT or its issuer is not an http(s) URL.
pub fn issuer(jwt: &str, iss_of: impl FnOnce(&str) -> Option<String>) -> Result<String, Failure> {
    let mut parts = jwt.split('.');
    let (Some(_header), Some(payload), Some(_sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(refused("is not a JWT (three dot-separated parts)"));
    };
    let bytes =
        base64url_decode(payload).ok_or_else(|| refused("has a payload that is not base64url"))?;
    let text = String::from_utf8(bytes).map_err(|_| refused("has a payload that is not UTF-8"))?;
    let iss = iss_of(&text).ok_or_else(|| refused("has no issuer (iss) claim"))?;
    base_url(&iss).ok_or_else(|| refused("has an issuer that is not an http(s) URL"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the browser's `JSON.parse(text).iss` gives when it is a string.
    fn iss_of(text: &str) -> Option<String> {
        match serde_json::from_str::<serde_json::Value>(text)
            .ok()?
            .get("iss")?
        {
            serde_json::Value::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    fn issuer(jwt: &str) -> Result<String, Failure> {
        super::issuer(jwt, iss_of)
    }

    fn b64url(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            }
        }
        out
    }

    fn jwt(payload: &str) -> String {
        String::from("eyJhbGciOiJIUzI1NiJ9.") + &b64url(payload.as_bytes()) + ".c2ln"
    }

    #[test]
    fn base64url_round_trips_every_length() {
        let data: Vec<u8> = (0..=255).collect();
        for n in 0..40 {
            assert_eq!(
                base64url_decode(&b64url(&data[..n])).as_deref(),
                Some(&data[..n]),
                "{n}"
            );
        }
        assert_eq!(base64url_decode(&b64url(&data)).as_deref(), Some(&data[..]));
        assert_eq!(base64url_decode("aGk=").as_deref(), Some(&b"hi"[..]));
    }

    #[test]
    fn base64url_refuses_garbage() {
        assert_eq!(base64url_decode("a+b/"), None);
        assert_eq!(base64url_decode("ab cd"), None);
        assert_eq!(base64url_decode("abcde"), None);
    }

    #[test]
    fn issuer_of_a_gateway_jwt() {
        let t = jwt(r#"{"iss":"http://127.0.0.1:8787","sub":"FC1","biz":0,"exp":1700000000}"#);
        assert_eq!(issuer(&t).ok().as_deref(), Some("http://127.0.0.1:8787"));
        let t = jwt(r#"{"sub":"x","iss":"https://gw.example.com/base/"}"#);
        assert_eq!(
            issuer(&t).ok().as_deref(),
            Some("https://gw.example.com/base")
        );
    }

    fn detail(t: &str) -> String {
        match issuer(t) {
            Err(f) => {
                assert_eq!(f.code.number(), 600025);
                assert_eq!(f.msg, "接入方身份信息校验失败");
                f.detail
            }
            Ok(v) => panic!("expected 600025, got {v}"),
        }
    }

    #[test]
    fn garbage_tokens_are_600025_with_detail() {
        assert!(detail("garbage").contains("not a JWT"));
        assert!(detail("a.b").contains("not a JWT"));
        assert!(detail("a.b.c.d").contains("not a JWT"));
        assert!(detail("a.!!!.c").contains("not base64url"));
        assert!(
            detail(&(String::from("a.") + &b64url(&[0xff, 0xfe]) + ".c")).contains("not UTF-8")
        );
        assert!(detail(&jwt("not json")).contains("no issuer"));
        assert!(detail(&jwt(r#"{"sub":"x"}"#)).contains("no issuer"));
        assert!(detail(&jwt(r#"{"iss":42}"#)).contains("no issuer"));
        assert!(detail(&jwt(r#"{"iss":"javascript:alert(1)"}"#)).contains("not an http(s) URL"));
        assert!(detail(&jwt(r#"{"iss":"ftp://x"}"#)).contains("not an http(s) URL"));
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            base_url("http://127.0.0.1:8787").as_deref(),
            Some("http://127.0.0.1:8787")
        );
        assert_eq!(
            base_url(" HTTPS://Gw.Example.com// ").as_deref(),
            Some("HTTPS://Gw.Example.com")
        );
        assert_eq!(base_url("https://h/p/").as_deref(), Some("https://h/p"));
        for bad in [
            "",
            "http://",
            "https:///x",
            "http://:80",
            "http://user@host",
            "http://h?x=1",
            "http://h/#f",
            "http://h h",
            "//h",
            "h.example.com",
            "file:///etc",
            "ws://h",
        ] {
            assert_eq!(base_url(bad), None, "{bad}");
        }
    }
}
