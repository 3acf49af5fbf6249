//! Small helpers shared by the modules: clock, random identifiers, base64url, percent-encoding,
//! ISO-8601 timestamps (through the `time` crate).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use std::time::{SystemTime, UNIX_EPOCH};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// Characters left literal by the OpenAPI signature encoding: `A-Z a-z 0-9 - _ . ~`.
pub const SIGN_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Seconds since the Unix epoch.
#[must_use]
pub fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The expiry second of something issued now that lives `lifetime` seconds.
///
/// Expiry checks compare whole seconds (`exp <= now` means expired), so the expiry is rounded
/// up: whatever is issued lives at least its full lifetime, never less because it was issued
/// late in a second.
#[must_use]
pub fn expiry_in(lifetime: u64) -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| {
        d.as_secs()
            .saturating_add(u64::from(d.subsec_nanos() > 0))
            .saturating_add(lifetime)
    })
}

/// Percent-encodes `s` the way both signature schemes require (space as `%20`, uppercase hex).
#[must_use]
pub fn pct(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, SIGN_ENCODE_SET).to_string()
}

/// Base64url without padding.
#[must_use]
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding; `None` on any malformed input.
#[must_use]
pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(s).ok()
}

/// Standard base64 with padding.
#[must_use]
pub fn b64std(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// `N` random bytes from the thread-local cryptographic generator.
#[must_use]
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::fill(&mut b[..]);
    b
}

/// A random identifier: `n` characters from `A-Z a-z 0-9`.
#[must_use]
pub fn random_alnum(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(n);
    let mut buf = [0u8; 64];
    let mut left = n;
    while left > 0 {
        let take = left.min(buf.len());
        rand::fill(&mut buf[..take]);
        for b in &buf[..take] {
            // 62 symbols: the modulo bias is irrelevant for identifiers of a simulator.
            out.push(char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]));
        }
        left -= take;
    }
    out
}

/// `n` random decimal digits.
#[must_use]
pub fn random_digits(n: usize) -> String {
    let mut out = String::with_capacity(n);
    for _ in 0..n {
        let [b] = random_bytes::<1>();
        out.push(char::from(b'0' + b % 10));
    }
    out
}

/// A UUID-v4 request id in upper case, the style of the platform's `RequestId`.
#[must_use]
pub fn request_id() -> String {
    let id = uuid::Builder::from_random_bytes(random_bytes::<16>()).into_uuid();
    id.hyphenated()
        .encode_upper(&mut uuid::Uuid::encode_buffer())
        .to_owned()
}

/// The platform's timestamp form: `YYYY-MM-DDTHH:MM:SSZ`, fractional seconds optional, `T`/`Z` in either case.
const ISO8601_IN: &[BorrowedFormatItem<'static>] = format_description!(
    "[year]-[month]-[day][first [T] [t]][hour]:[minute]:[second][optional [.[subsecond]]][first [Z] [z]]"
);

/// What the gateway writes: `YYYY-MM-DDTHH:MM:SSZ`.
const ISO8601_OUT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Parses an ISO-8601 UTC timestamp as the platform sends it: `YYYY-MM-DDTHH:MM:SSZ`, optionally with
/// fractional seconds (`…:SS.sssZ`). Returns Unix seconds, or `None` when the text is not of that form.
#[must_use]
pub fn parse_iso8601(s: &str) -> Option<i64> {
    // `time` would take a signed year (`+2016`); the platform's form has exactly four digits.
    if !s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    PrimitiveDateTime::parse(s, ISO8601_IN)
        .ok()
        .map(|t| t.assume_utc().unix_timestamp())
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
///
/// Times outside the years 0000–9999 (which no clock of the gateway reaches) are clamped to that range's ends.
#[must_use]
pub fn format_iso8601(unix: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp(unix).unwrap_or(if unix < 0 {
        PrimitiveDateTime::MIN.assume_utc()
    } else {
        PrimitiveDateTime::MAX.assume_utc()
    });
    // Formatting a UTC time with a literal `Z` and four-digit year cannot fail for years 0000–9999.
    t.format(ISO8601_OUT).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_rounds_up_so_nothing_lives_less_than_its_lifetime() {
        for lifetime in [0, 1, 300] {
            let issued = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .expect("clock after 1970")
                .as_secs_f64();
            let exp = expiry_in(lifetime);
            // Expired means `exp <= now` in whole seconds, so `exp` must not come before
            // issue time + lifetime, and the rounding adds less than one second.
            #[allow(clippy::cast_precision_loss)]
            let exp_f = exp as f64;
            assert!(
                exp_f >= issued + lifetime as f64,
                "{exp} < {issued} + {lifetime}"
            );
            assert!(exp_f < issued + lifetime as f64 + 1.01, "{exp} vs {issued}");
        }
    }

    #[test]
    fn pct_matches_the_signature_rules() {
        assert_eq!(pct("a b*c~d/e+f=g&h"), "a%20b%2Ac~d%2Fe%2Bf%3Dg%26h");
        assert_eq!(pct("号"), "%E5%8F%B7");
        assert_eq!(pct("AZaz09-_.~"), "AZaz09-_.~");
    }

    #[test]
    fn iso8601_round_trip() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso8601("2016-02-23T12:46:24Z"), Some(1_456_231_584));
        assert_eq!(
            parse_iso8601("2016-02-23T12:46:24.123Z"),
            Some(1_456_231_584)
        );
        assert_eq!(format_iso8601(1_456_231_584), "2016-02-23T12:46:24Z");
        assert_eq!(format_iso8601(1_709_210_096), "2024-02-29T12:34:56Z");
        assert_eq!(parse_iso8601("2016-02-23t12:46:24z"), Some(1_456_231_584));
        assert_eq!(format_iso8601(-1), "1969-12-31T23:59:59Z");
        assert_eq!(format_iso8601(i64::MAX), "9999-12-31T23:59:59Z");
        assert_eq!(parse_iso8601("2024-02-29T12:34:56Z"), Some(1_709_210_096));
        for bad in [
            "",
            "2016-02-23 12:46:24Z",
            "2016-02-23T12:46:24",
            "2016-2-23T12:46:24Z",
            "2016-02-30T12:46:24Z",
            "2016-13-01T00:00:00Z",
            "2016-02-23T24:00:00Z",
            "2016-02-23T12:46:24.Z",
            "+016-02-23T12:46:24Z",
            "+2016-02-23T12:46:24Z",
            "12016-02-23T12:46:24Z",
            "2016-02-23T12:46:24+08:00",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }

    #[test]
    fn request_ids_look_like_uuid_v4() {
        let id = request_id();
        let parsed = uuid::Uuid::try_parse(&id).expect("a hyphenated UUID");
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(id, id.to_ascii_uppercase());
        assert_ne!(id, request_id());
    }
}
