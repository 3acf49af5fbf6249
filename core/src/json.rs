//! The little JSON this crate writes in pure Rust: request bodies.
//!
//! Everything read (gateway answers, the JwtToken's payload) is parsed by the browser (`JSON.parse`), so no JSON
//! parser is compiled into the wasm module.

/// Appends `s` as a JSON string literal (quotes included).
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str("\\u");
                let n = c as u32;
                for shift in [12, 8, 4, 0] {
                    out.push(hex_digit((n >> shift) & 0xf));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn hex_digit(n: u32) -> char {
    char::from(b"0123456789abcdef"[(n & 0xf) as usize])
}

/// Appends the decimal digits of `n` (no `core::fmt`).
pub fn push_u32(out: &mut String, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(s: &str) -> String {
        let mut out = String::new();
        push_string(&mut out, s);
        out
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(quoted("plain"), "\"plain\"");
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(quoted("l1\nl2\r\t"), "\"l1\\nl2\\r\\t\"");
        assert_eq!(quoted("\u{1}"), "\"\\u0001\"");
        assert_eq!(quoted("\u{2028}"), "\"\\u2028\"");
        assert_eq!(quoted("鉴权"), "\"鉴权\"");
    }

    #[test]
    fn escaped_strings_read_back() {
        for s in ["plain", "a\"b\\c", "l1\nl2", "\u{1f}\u{2029}", "鉴权 ok"] {
            let back: String = serde_json::from_str(&quoted(s)).expect("valid JSON string");
            assert_eq!(back, s);
        }
    }

    #[test]
    fn numbers_without_fmt() {
        for n in [0, 7, 10, 600000, u32::MAX] {
            let mut s = String::new();
            push_u32(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
