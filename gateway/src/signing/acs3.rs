//! ACS3-HMAC-SHA256: the `Authorization` header, the canonical request and the check.

use super::{
    check_nonce_len, check_window, use_nonce, AuthError, SignedRequest, Verified,
    MAX_SIGNED_HEADERS,
};
use crate::state::State;
use crate::util::{parse_iso8601, pct};
use hmac::Mac;
use sha2::{Digest, Sha256};

/// The parsed `Authorization: ACS3-HMAC-SHA256 ...` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acs3Auth<'a> {
    /// The AccessKeyId.
    pub credential: &'a str,
    /// The `;`-separated lower-case names of the signed headers.
    pub signed_headers: &'a str,
    /// Hex HMAC-SHA256.
    pub signature: &'a str,
}

/// Parses an `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…` value.
///
/// # Errors
/// [`AuthError::Incomplete`]: another scheme, an element without `=`, an element given twice, or one of the
/// three missing or empty.
// Alibaba Cloud's own `Authorization` syntax (comma-separated `key=value` elements after the scheme name, values
// such as `host;x-acs-date` unquoted): written here because no maintained crate parses it.
pub fn parse_acs3(value: &str) -> Result<Acs3Auth<'_>, AuthError> {
    let rest = value.strip_prefix("ACS3-HMAC-SHA256").ok_or_else(|| {
        AuthError::Incomplete("the Authorization header must start with ACS3-HMAC-SHA256".into())
    })?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        let (k, v) = part.split_once('=').ok_or_else(|| {
            AuthError::Incomplete(format!("malformed Authorization element {part:?}"))
        })?;
        let slot = match k.trim() {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => continue,
        };
        if slot.replace(v.trim()).is_some() {
            return Err(AuthError::Incomplete(format!(
                "the Authorization header gives {} more than once",
                k.trim()
            )));
        }
    }
    fn need<'a>(v: Option<&'a str>, name: &str) -> Result<&'a str, AuthError> {
        v.filter(|s| !s.is_empty())
            .ok_or_else(|| AuthError::Incomplete(format!("the Authorization header lacks {name}")))
    }
    Ok(Acs3Auth {
        credential: need(credential, "Credential")?,
        signed_headers: need(signed_headers, "SignedHeaders")?,
        signature: need(signature, "Signature")?,
    })
}

/// The ACS3 canonical query: every pair percent-encoded, sorted.
#[must_use]
pub fn v3_canonical_query(query: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> = query
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (pct(&k), pct(&v)))
                .collect()
        })
        .unwrap_or_default();
    pairs.sort_unstable();
    let mut out = String::with_capacity(256);
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// The ACS3 canonical request over exactly `signed_headers`.
#[must_use]
pub fn v3_canonical_request(
    req: &SignedRequest<'_>,
    signed_headers: &str,
    body_hash: &str,
) -> String {
    let mut canonical_headers = String::with_capacity(512);
    for name in signed_headers.split(';') {
        let mut all = req.headers.get_all(name).iter();
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        match (all.next(), all.next()) {
            (None, _) => {}
            (Some(one), None) => {
                canonical_headers.push_str(String::from_utf8_lossy(one.as_bytes()).trim())
            }
            (Some(_), Some(_)) => {
                // Repeated header: values trimmed, sorted, joined with ','.
                let mut values: Vec<String> = req
                    .headers
                    .get_all(name)
                    .iter()
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
                    .collect();
                values.sort_unstable();
                canonical_headers.push_str(&values.join(","));
            }
        }
        canonical_headers.push('\n');
    }
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        req.path,
        v3_canonical_query(req.query),
        canonical_headers,
        signed_headers,
        body_hash
    )
}

/// Verifies an ACS3-HMAC-SHA256 request.
///
/// # Errors
/// See [`AuthError`].
pub fn verify_v3(
    state: &State,
    req: &SignedRequest<'_>,
    auth_value: &str,
    params: Vec<(String, String)>,
) -> Result<Verified, AuthError> {
    let auth = parse_acs3(auth_value)?;
    let header = |name: &str| {
        req.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    for name in [
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
    ] {
        if header(name).is_none_or(str::is_empty) {
            return Err(AuthError::Missing(name.to_owned()));
        }
    }
    if auth
        .signed_headers
        .split(';')
        .nth(MAX_SIGNED_HEADERS)
        .is_some()
    {
        return Err(AuthError::Incomplete(format!(
            "SignedHeaders lists more than {MAX_SIGNED_HEADERS} headers"
        )));
    }
    let listed: Vec<&str> = auth.signed_headers.split(';').collect();
    if listed
        .iter()
        .any(|h| h.is_empty() || h.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err(AuthError::Incomplete(
            "SignedHeaders must list lower-case header names separated by ';'".into(),
        ));
    }
    for name in [
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
    ] {
        if !listed.contains(&name) {
            return Err(AuthError::Incomplete(format!(
                "SignedHeaders must include {name}"
            )));
        }
    }
    // The content type decides whether the body is read as parameters: with a body, it must be signed, or a
    // captured request's body could be turned into parameters (or out of them) by changing an unsigned header.
    if !req.body.is_empty()
        && req.headers.contains_key(axum::http::header::CONTENT_TYPE)
        && !listed.contains(&"content-type")
    {
        return Err(AuthError::Incomplete(
            "SignedHeaders must include content-type when the request has a body".into(),
        ));
    }
    for (i, name) in listed.iter().enumerate() {
        if listed[..i].contains(name) {
            return Err(AuthError::Incomplete(format!(
                "SignedHeaders lists {name} more than once"
            )));
        }
        if !req.headers.contains_key(*name) {
            return Err(AuthError::Incomplete(format!(
                "SignedHeaders lists {name}, which the request does not carry"
            )));
        }
    }
    check_nonce_len(header("x-acs-signature-nonce").unwrap_or_default())?;
    let raw_ts = header("x-acs-date").unwrap_or_default();
    let ts = parse_iso8601(raw_ts).ok_or_else(|| {
        AuthError::TimestampFormat(format!(
            "x-acs-date {raw_ts:?} is not in ISO-8601 UTC form, e.g. 2024-01-01T12:00:00Z."
        ))
    })?;
    let account = state.account_by_key(auth.credential).ok_or_else(|| {
        AuthError::UnknownKey(format!(
            "Specified access key is not found: {}",
            auth.credential
        ))
    })?;
    let body_hash = hex::encode(Sha256::digest(req.body));
    if let Some(claimed) = header("x-acs-content-sha256") {
        if !claimed.eq_ignore_ascii_case(&body_hash) {
            return Err(AuthError::Mismatch(format!(
                "x-acs-content-sha256 {claimed} is not the SHA-256 of the body ({body_hash})"
            )));
        }
    }
    let canonical = v3_canonical_request(req, auth.signed_headers, &body_hash);
    let sts = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let given = hex::decode(auth.signature).unwrap_or_default();
    let mut mac = account.v3.clone();
    mac.update(sts.as_bytes());
    if mac.verify_slice(&given).is_err() {
        return Err(AuthError::Mismatch(format!(
            "Specified signature is not matched with our calculation. server string to sign is:{sts} (canonical request: {canonical:?})"
        )));
    }
    let until = check_window(state, ts, raw_ts)?;
    use_nonce(
        state,
        &account,
        auth.credential,
        header("x-acs-signature-nonce").unwrap_or_default(),
        until,
    )?;
    Ok(Verified {
        account,
        action: header("x-acs-action").unwrap_or_default().to_owned(),
        version: header("x-acs-version").unwrap_or_default().to_owned(),
        params,
    })
}
