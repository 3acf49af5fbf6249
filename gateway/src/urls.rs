//! The URLs a configuration or the APIs name — a scheme's page `Url`, its `Origin`, base URLs, the SMS receipt
//! URL — parsed by the `url` crate (the WHATWG URL Standard, which browsers follow) and kept in its normalised
//! form, so a configured value and a browser's `Origin` header compare equal when they name the same origin.
//!
//! Normalisation: the scheme and host are lower-cased (`HTTP://Shop.Example` → `http://shop.example`), a default
//! port is dropped (`:80` for http, `:443` for https), an internationalised host becomes its ASCII (punycode)
//! form, IPv4 and IPv6 hosts take their canonical spelling (`http://127.1` → `http://127.0.0.1`,
//! `[0:0:0:0:0:0:0:1]` → `[::1]`), and a lone `/` path is added to a `Url` or dropped from an `Origin`.
//!
//! Refused, each with its reason: anything longer than [`MAX_URL_LEN`] characters, white space or control
//! characters anywhere (the parser would silently delete tabs and line breaks), a scheme other than `http` or
//! `https`, user info (`user@`, `user:password@`), port 0, a host longer than [`MAX_HOST_LEN`], and — where an
//! origin is expected — a path, query or fragment.

use url::Url;

/// Longest host name in a Url, Origin or endpoint (the DNS limit). Together with the id limits of
/// [`crate::config::valid_id`] it keeps every token the gateway issues under [`crate::tokens::MAX_TOKEN_LEN`].
pub const MAX_HOST_LEN: usize = 253;

/// Longest URL accepted anywhere (configuration, sandbox API, `GetAuthToken` parameters, `Origin` headers).
pub const MAX_URL_LEN: usize = 2048;

/// Parses `s` as an absolute `http`/`https` URL without user info and with a host of at most
/// [`MAX_HOST_LEN`] characters and a port other than 0.
fn parse_http(s: &str) -> Result<Url, String> {
    if s.is_empty() {
        return Err("it is empty".into());
    }
    if s.len() > MAX_URL_LEN {
        return Err(format!("it is longer than {MAX_URL_LEN} characters"));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains white space or a control character".into());
    }
    let url = Url::parse(s).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => {
            "it must start with http:// or https://".to_owned()
        }
        other => other.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "the scheme {:?} is not supported: it must start with http:// or https://",
            url.scheme()
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("user info (user@ or user:password@ before the host) is not allowed".into());
    }
    let host_len = url.host_str().map_or(0, str::len);
    if host_len == 0 {
        return Err("the host is missing".into());
    }
    if host_len > MAX_HOST_LEN {
        return Err(format!("the host is longer than {MAX_HOST_LEN} characters"));
    }
    if url.port() == Some(0) {
        return Err("the port must be a number from 1 to 65535".into());
    }
    Ok(url)
}

/// Parses `s` as an origin (`http(s)://host[:port]`, a lone trailing `/` tolerated) and returns its normalised
/// serialisation, or why it is not one.
fn normal_origin(s: &str) -> Result<String, String> {
    let url = parse_http(s)?;
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(
            "it must be protocol + // + host[:port], with no path, query or fragment".into(),
        );
    }
    Ok(url.origin().ascii_serialization())
}

/// Validates a scheme's page `Url` (`http(s)://host[:port]/`) and returns its normalised form, which always ends
/// with the `/` after the host.
///
/// # Errors
/// What is wrong, with a correct example.
pub fn check_url(url: &str) -> Result<String, String> {
    let example = "e.g. Url=https://www.example.com/ or Url=http://127.0.0.1:8787/";
    normal_origin(url)
        .map(|o| format!("{o}/"))
        .map_err(|why| format!("Url {url:?} is malformed: {why}; {example}"))
}

/// Validates an `Origin` (`http(s)://host[:port]`) and returns its normalised form, with no trailing slash: the
/// form a browser sends in its `Origin` header.
///
/// # Errors
/// What is wrong, with a correct example.
pub fn check_origin(origin: &str) -> Result<String, String> {
    let example = "e.g. Origin=https://www.example.com or Origin=http://127.0.0.1:8787";
    normal_origin(origin).map_err(|why| format!("Origin {origin:?} is malformed: {why}; {example}"))
}

/// Validates a base URL (`http(s)://host[:port]`, a trailing slash tolerated) and returns its normalised form,
/// with no trailing slash.
///
/// # Errors
/// What is wrong.
pub fn check_base_url(url: &str) -> Result<String, String> {
    normal_origin(url).map_err(|why| {
        format!("{url:?} is malformed: {why}; e.g. http://127.0.0.1:8787 or https://gw.example")
    })
}

/// Validates the SMS delivery-receipt URL: `http://` (the gateway pushes without TLS), any path and query.
///
/// # Errors
/// What is wrong.
pub fn check_receipt_url(url: &str) -> Result<(), String> {
    let parsed = parse_http(url).map_err(|why| format!("{url:?} is malformed: {why}"))?;
    if parsed.scheme() != "http" {
        return Err(format!(
            "{url:?}: use an http:// URL (receipts are pushed without TLS)"
        ));
    }
    Ok(())
}

/// Whether the `Origin` header value `header` names the registered (normalised) origin `registered`. A browser
/// sends the normalised form, which matches at once; other clients' spellings are normalised first.
#[must_use]
pub fn same_origin(header: &str, registered: &str) -> bool {
    header == registered || normal_origin(header).is_ok_and(|o| o == registered)
}

/// The normalised form of an `Origin` header value, or `None` when it is not an http(s) origin (e.g. `null`).
#[must_use]
pub fn header_origin(header: &str) -> Option<String> {
    normal_origin(header).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_normalised() {
        assert_eq!(
            check_url("http://127.0.0.1:8787/").unwrap(),
            "http://127.0.0.1:8787/"
        );
        assert_eq!(
            check_url("https://www.example.com").unwrap(),
            "https://www.example.com/"
        );
        assert_eq!(
            check_url("HTTP://LOCALHOST:80/").unwrap(),
            "http://localhost/"
        );
        assert_eq!(
            check_origin("http://LOCALHOST:80").unwrap(),
            "http://localhost"
        );
        assert_eq!(
            check_origin("https://shop.example:443/").unwrap(),
            "https://shop.example"
        );
        assert_eq!(
            check_origin("http://[0:0::1]:8787").unwrap(),
            "http://[::1]:8787"
        );
        assert_eq!(check_origin("http://127.1").unwrap(), "http://127.0.0.1");
        assert_eq!(
            check_origin("https://bücher.example").unwrap(),
            "https://xn--bcher-kva.example"
        );
        assert_eq!(
            check_base_url("http://gw.example:8080/").unwrap(),
            "http://gw.example:8080"
        );
    }

    #[test]
    fn hostile_and_malformed_urls_are_refused_with_their_reason() {
        let cases = [
            ("https://user@www.example.com/", "user info"),
            ("https://user:pw@www.example.com/", "user info"),
            ("https://www.example.com:1@evil.example/", "user info"),
            ("https://www.example.com/page", "no path"),
            ("https://www.example.com/?a=1", "no path, query"),
            ("https://www.example.com/#x", "no path, query or fragment"),
            ("ftp://www.example.com/", "\"ftp\" is not supported"),
            ("javascript:alert(1)", "\"javascript\" is not supported"),
            ("file:///etc/passwd", "\"file\" is not supported"),
            ("www.example.com", "must start with http://"),
            ("null", "must start with http://"),
            ("", "empty"),
            ("https://www.example.com:99999/", "port"),
            ("https://www.example.com:0/", "port"),
            ("http://a:b:80/", "port"),
            ("http://exa mple.com/", "white space"),
            ("http://exa\tmple.com/", "white space"),
            ("http://example.com/\n", "white space"),
            ("http://[::1/", "IPv6"),
        ];
        for (input, why) in cases {
            let e = check_url(input).unwrap_err();
            assert!(e.contains(why) && e.contains("e.g. Url="), "{input:?}: {e}");
        }
        let long_host = format!("http://{}.example/", "a".repeat(MAX_HOST_LEN));
        assert!(check_url(&long_host)
            .unwrap_err()
            .contains("host is longer"));
        let long_url = format!("http://a.example/{}", "a".repeat(MAX_URL_LEN));
        assert!(check_url(&long_url)
            .unwrap_err()
            .contains("longer than 2048"));
        assert!(check_origin("http://a.example/x")
            .unwrap_err()
            .contains("no path"));
    }

    #[test]
    fn origin_headers_compare_after_normalisation() {
        assert!(same_origin("http://localhost", "http://localhost"));
        assert!(same_origin("http://LOCALHOST:80", "http://localhost"));
        assert!(!same_origin("http://localhost:8080", "http://localhost"));
        assert!(!same_origin("https://localhost", "http://localhost"));
        assert!(!same_origin("null", "http://localhost"));
        assert_eq!(
            header_origin("HTTP://[::1]:80").as_deref(),
            Some("http://[::1]")
        );
        assert_eq!(header_origin("null"), None);
    }

    #[test]
    fn receipt_urls_are_http_with_any_path() {
        assert!(check_receipt_url("http://127.0.0.1:9000/receipts?k=1").is_ok());
        assert!(check_receipt_url("https://hooks.example/r")
            .unwrap_err()
            .contains("http://"));
        assert!(check_receipt_url("http://u:p@hooks.example/r")
            .unwrap_err()
            .contains("user info"));
        assert!(check_receipt_url("hooks.example/r").is_err());
    }
}
