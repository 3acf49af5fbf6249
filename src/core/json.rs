//! The little JSON this crate writes and reads in pure Rust: request bodies out, one string claim in.
//!
//! Gateway answers are parsed by the browser (`JSON.parse`); this module exists so that the core stays testable
//! natively without pulling a JSON library into the wasm module.

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

/// The value of the string member `key` of the top-level JSON object in `src`.
///
/// `None` when `src` is not a JSON object, when the member is absent, or when it is not a string. Nested
/// values are skipped, not interpreted.
#[must_use]
pub fn top_level_string(src: &str, key: &str) -> Option<String> {
    let mut p = Parser {
        s: src.as_bytes(),
        i: 0,
    };
    p.ws();
    p.eat(b'{')?;
    p.ws();
    if p.eat(b'}').is_some() {
        return None;
    }
    let mut found = None;
    loop {
        p.ws();
        let name = p.string()?;
        p.ws();
        p.eat(b':')?;
        p.ws();
        if name == key && p.peek() == Some(b'"') {
            found = Some(p.string()?);
        } else {
            p.skip_value(0)?;
        }
        p.ws();
        match p.next()? {
            b',' => continue,
            b'}' => break,
            _ => return None,
        }
    }
    p.ws();
    if p.i == p.s.len() {
        found
    } else {
        None
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.i += 1;
        Some(b)
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        if self.peek() == Some(b) {
            self.i += 1;
            Some(())
        } else {
            None
        }
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let d = char::from(self.next()?).to_digit(16)?;
            n = n * 16 + d;
        }
        Some(n)
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = Vec::new();
        loop {
            match self.next()? {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let c = match self.next()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&hi) {
                                self.eat(b'\\')?;
                                self.eat(b'u')?;
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            char::from_u32(code)?
                        }
                        _ => return None,
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                b if b < 0x20 => return None,
                b => out.push(b),
            }
        }
    }

    fn skip_value(&mut self, depth: u32) -> Option<()> {
        if depth > 64 {
            return None;
        }
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                let close = if self.next()? == b'{' { b'}' } else { b']' };
                self.ws();
                if self.eat(close).is_some() {
                    return Some(());
                }
                loop {
                    self.ws();
                    if close == b'}' {
                        self.string()?;
                        self.ws();
                        self.eat(b':')?;
                        self.ws();
                    }
                    self.skip_value(depth + 1)?;
                    self.ws();
                    match self.next()? {
                        b',' => continue,
                        b if b == close => return Some(()),
                        _ => return None,
                    }
                }
            }
            _ => {
                let start = self.i;
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
                ) {
                    self.i += 1;
                }
                let word = &self.s[start..self.i];
                let literal = matches!(word, b"true" | b"false" | b"null");
                let number = !word.is_empty() && matches!(word[0], b'-' | b'0'..=b'9');
                (literal || number).then_some(())
            }
        }
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
            let doc = String::from("{\"k\":") + &quoted(s) + "}";
            assert_eq!(top_level_string(&doc, "k").as_deref(), Some(s));
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

    #[test]
    fn finds_a_top_level_member_among_others() {
        let doc = r#" { "sub": "s1", "n": -1.5e3, "nested": {"iss": "no", "a": [1, {"b": null}, "x"]},
                       "ok": true, "iss" : "http://127.0.0.1:8787", "z": [] } "#;
        assert_eq!(
            top_level_string(doc, "iss").as_deref(),
            Some("http://127.0.0.1:8787")
        );
        assert_eq!(top_level_string(doc, "sub").as_deref(), Some("s1"));
    }

    #[test]
    fn unicode_escapes_and_surrogates() {
        assert_eq!(
            top_level_string(r#"{"k":"\u9274\/"}"#, "k").as_deref(),
            Some("鉴/")
        );
        assert_eq!(
            top_level_string(r#"{"k":"\ud83d\ude00"}"#, "k").as_deref(),
            Some("😀")
        );
        assert_eq!(top_level_string(r#"{"k":"\ud83d"}"#, "k"), None);
        assert_eq!(top_level_string(r#"{"k":"\ud83d\u0041"}"#, "k"), None);
    }

    #[test]
    fn absent_or_not_a_string() {
        assert_eq!(top_level_string(r#"{"a":"b"}"#, "iss"), None);
        assert_eq!(top_level_string(r#"{"iss":5}"#, "iss"), None);
        assert_eq!(top_level_string(r#"{"iss":null}"#, "iss"), None);
        assert_eq!(top_level_string(r#"{}"#, "iss"), None);
    }

    #[test]
    fn malformed_documents() {
        for doc in [
            "",
            "[]",
            "\"iss\"",
            r#"{"iss":"x""#,
            r#"{"iss":"x",}"#,
            r#"{"iss" "x"}"#,
            r#"{"iss":"x"} trailing"#,
            r#"{"a":[1,2}"#,
            r#"{"a":tru,"iss":"x"}"#,
            r#"{"a":"bad \q escape","iss":"x"}"#,
            "{\"iss\":\"raw\ncontrol\"}",
            r#"{iss:"x"}"#,
        ] {
            assert_eq!(top_level_string(doc, "iss"), None, "{doc}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let doc =
            String::from("{\"a\":") + &"[".repeat(10_000) + &"]".repeat(10_000) + ",\"iss\":\"x\"}";
        assert_eq!(top_level_string(&doc, "iss"), None);
    }
}
