//! Splitting and trimming at ASCII bytes.
//!
//! `str`'s char patterns (`split('.')`, `find(':')`, `trim_end_matches('/')`) go through the pattern searchers and
//! `memchr`, about 1 KB of wasm for the handful of places the SDK splits a string. These helpers scan bytes; as
//! every separator is ASCII, each cut falls on a char boundary, and `str::get` keeps even a wrong cut from panicking.

/// The parts of `s` between the `sep` bytes, like `s.split(sep as char)`.
pub fn split(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    core::iter::from_fn(move || {
        let r = rest?;
        match find(r, &[sep]) {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Where the first byte of `s` that is one of `set` is, like `s.find(&['a', 'b'][..])` for ASCII `set`.
#[must_use]
#[allow(clippy::manual_contains)] // `<[u8]>::contains` is `memchr`, the code this module keeps out.
pub fn find(s: &str, set: &[u8]) -> Option<usize> {
    s.bytes().position(|b| set.iter().any(|&c| c == b))
}

/// `s` without its leading `b` bytes, like `s.trim_start_matches(b as char)`.
#[must_use]
pub fn trim_start(s: &str, b: u8) -> &str {
    let mut start = 0;
    while s.as_bytes().get(start) == Some(&b) {
        start += 1;
    }
    s.get(start..).unwrap_or_default()
}

/// `s` without its trailing `b` bytes, like `s.trim_end_matches(b as char)`.
#[must_use]
pub fn trim_end(s: &str, b: u8) -> &str {
    let mut end = s.len();
    while end > 0 && s.as_bytes().get(end - 1) == Some(&b) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn they_match_the_char_pattern_methods() {
        for s in [
            "", ".", "..", "a", "a.b", ".a.b.", "a..b", "中.文.", "…", "//x//", "==", "ab=", "#m",
            "--5",
        ] {
            for sep in [b'.', b'/', b'=', b'#', b'-'] {
                let c = char::from(sep);
                assert_eq!(
                    split(s, sep).collect::<Vec<_>>(),
                    s.split(c).collect::<Vec<_>>(),
                    "{s:?} {c}"
                );
                assert_eq!(find(s, &[sep]), s.find(c), "{s:?} {c}");
                assert_eq!(trim_start(s, sep), s.trim_start_matches(c), "{s:?} {c}");
                assert_eq!(trim_end(s, sep), s.trim_end_matches(c), "{s:?} {c}");
            }
            assert_eq!(find(s, b"/?#"), s.find(['/', '?', '#']), "{s:?}");
        }
    }
}
