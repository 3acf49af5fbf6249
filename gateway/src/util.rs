//! Small helpers shared by the modules: clock, random identifiers, base64url, percent-encoding,
//! ISO-8601 timestamps.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use std::time::{SystemTime, UNIX_EPOCH};

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

/// A UUID-v4-shaped request id in upper case, the style of the platform's `RequestId`.
#[must_use]
pub fn request_id() -> String {
    let mut b = random_bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode_upper(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn parse_num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses an ISO-8601 UTC timestamp as the platform sends it: `YYYY-MM-DDTHH:MM:SSZ`, optionally with
/// fractional seconds (`…:SS.sssZ`). Returns Unix seconds, or `None` when the text is not of that form.
#[must_use]
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z').or_else(|| s.strip_suffix('z'))?;
    let (date, time) = s.split_once(['T', 't'])?;
    let mut dp = date.split('-');
    let (y, m, d) = (dp.next()?, dp.next()?, dp.next()?);
    if dp.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let time = match time.split_once('.') {
        Some((t, frac)) if !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) => t,
        Some(_) => return None,
        None => time,
    };
    let mut tp = time.split(':');
    let (hh, mm, ss) = (tp.next()?, tp.next()?, tp.next()?);
    if tp.next().is_some() || hh.len() != 2 || mm.len() != 2 || ss.len() != 2 {
        return None;
    }
    let (y, m, d) = (parse_num(y)?, parse_num(m)?, parse_num(d)?);
    let (hh, mm, ss) = (parse_num(hh)?, parse_num(mm)?, parse_num(ss)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d == 0 || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    if d > month_days[(m - 1) as usize] {
        return None;
    }
    let days = days_from_civil(i64::from(y), m, d);
    Some(days * 86_400 + i64::from(hh) * 3600 + i64::from(mm) * 60 + i64::from(ss))
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
#[must_use]
pub fn format_iso8601(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // civil_from_days
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
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
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }

    #[test]
    fn request_ids_look_like_uuid_v4() {
        let id = request_id();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_ne!(id, request_id());
    }
}
