//! Checks of the URLs a configuration or the APIs name: a scheme's page `Url`, its `Origin`, base URLs.

use super::limits::MAX_HOST_LEN;

/// Splits `scheme://authority` + rest; validates scheme and authority (`host[:port]`).
fn split_origin(s: &str) -> Result<(&str, &str), &'static str> {
    let rest = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"))
        .ok_or("it must start with http:// or https://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.is_empty() {
        return Err("the host is missing");
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6
            .split_once(']')
            .ok_or("an IPv6 host must be in brackets")?;
        if inside.is_empty()
            || !inside
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err("the IPv6 host is malformed");
        }
        match after {
            "" => (inside, None),
            p => (
                inside,
                Some(
                    p.strip_prefix(':')
                        .ok_or("unexpected text after the host")?,
                ),
            ),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.len() > MAX_HOST_LEN {
        return Err("the host is longer than 253 characters");
    }
    let bracketed = authority.starts_with('[');
    if host.is_empty()
        || !host.bytes().all(|b| {
            b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || (bracketed && b == b':')
        })
    {
        return Err(
            "the host may hold only letters, digits, '.' and '-' (no user info, no spaces)",
        );
    }
    if let Some(p) = port {
        let ok = !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n));
        if !ok {
            return Err("the port must be a number from 1 to 65535");
        }
    }
    Ok((&s[..s.len() - tail.len()], tail))
}

/// Validates a scheme's page `Url`: `http(s)://host[:port]/`, with the trailing slash and nothing after it.
///
/// # Errors
/// What is wrong, with a correct example.
pub fn check_url(url: &str) -> Result<(), String> {
    let example = "e.g. Url=https://www.example.com/ or Url=http://127.0.0.1:8787/";
    match split_origin(url) {
        Err(why) => Err(format!("Url {url:?} is malformed: {why}; {example}")),
        Ok((_, "")) => Err(format!(
            "Url {url:?} must end with a slash after the host (protocol + // + host + /); {example}"
        )),
        Ok((_, "/")) => Ok(()),
        Ok((_, _)) => Err(format!(
            "Url {url:?} must be exactly protocol + // + host[:port] + / with no path, query or fragment; {example}"
        )),
    }
}

/// Validates an `Origin`: `http(s)://host[:port]` with no trailing slash.
///
/// # Errors
/// What is wrong, with a correct example.
pub fn check_origin(origin: &str) -> Result<(), String> {
    let example = "e.g. Origin=https://www.example.com or Origin=http://127.0.0.1:8787";
    match split_origin(origin) {
        Err(why) => Err(format!("Origin {origin:?} is malformed: {why}; {example}")),
        Ok((_, "")) => Ok(()),
        Ok((_, "/")) => Err(format!(
            "Origin {origin:?} must not end with a slash (protocol + // + host[:port]); {example}"
        )),
        Ok((_, _)) => Err(format!(
            "Origin {origin:?} must be exactly protocol + // + host[:port] with no path, query or fragment; {example}"
        )),
    }
}

/// Validates a base URL (`http(s)://host[:port]`, a trailing slash tolerated and removed by the caller).
///
/// # Errors
/// What is wrong.
pub fn check_base_url(url: &str) -> Result<(), String> {
    check_origin(url.strip_suffix('/').unwrap_or(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_and_origin_formats() {
        assert!(check_url("http://127.0.0.1:8787/").is_ok());
        assert!(check_url("https://www.example.com/").is_ok());
        assert!(check_url("http://[::1]:8787/").is_ok());
        let e = check_url("https://www.example.com").unwrap_err();
        assert!(
            e.contains("must end with a slash") && e.contains("https://www.example.com/"),
            "{e}"
        );
        assert!(check_url("https://www.example.com/page")
            .unwrap_err()
            .contains("no path"));
        assert!(check_url("https://www.example.com/?a=1").is_err());
        assert!(check_url("ftp://www.example.com/")
            .unwrap_err()
            .contains("http://"));
        assert!(check_url("https://user@www.example.com/").is_err());
        assert!(check_url("https://www.example.com:99999/")
            .unwrap_err()
            .contains("port"));
        assert!(check_url("https:///").is_err());
        assert!(check_origin("http://127.0.0.1:8787").is_ok());
        assert!(check_origin("http://localhost").is_ok());
        assert!(check_origin("http://127.0.0.1:8787/")
            .unwrap_err()
            .contains("must not end with a slash"));
        assert!(check_origin("http://a.example/x").is_err());
        assert!(check_origin("null").is_err());
        assert!(check_origin("").is_err());
    }
}
