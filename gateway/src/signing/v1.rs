//! Signature v1 (RPC style, HMAC-SHA1): the canonical query, the string to sign and the check.

use super::{check_nonce_len, check_window, use_nonce, AuthError, SignedRequest, Verified};
use crate::state::State;
use crate::util::parse_iso8601;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::Mac;

/// The v1 canonical query and string to sign for `params` (everything but `Signature`).
#[must_use]
pub fn v1_string_to_sign(method: &str, params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> =
        params.iter().filter(|(k, _)| k != "Signature").collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut canonical = String::with_capacity(512);
    for (i, (k, v)) in sorted.into_iter().enumerate() {
        if i > 0 {
            canonical.push('&');
        }
        push_pct(&mut canonical, k);
        canonical.push('=');
        push_pct(&mut canonical, v);
    }
    let mut sts = String::with_capacity(method.len() + 6 + canonical.len() * 3 / 2);
    sts.push_str(method);
    sts.push_str("&%2F&");
    push_pct(&mut sts, &canonical);
    sts
}

/// Appends the percent-encoded `s` to `out` without an intermediate allocation.
fn push_pct(out: &mut String, s: &str) {
    for chunk in percent_encoding::utf8_percent_encode(s, crate::util::SIGN_ENCODE_SET) {
        out.push_str(chunk);
    }
}

/// Verifies a v1 (HMAC-SHA1) request.
///
/// # Errors
/// See [`AuthError`].
pub fn verify_v1(
    state: &State,
    req: &SignedRequest<'_>,
    params: Vec<(String, String)>,
) -> Result<Verified, AuthError> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    for name in [
        "AccessKeyId",
        "Signature",
        "SignatureNonce",
        "Timestamp",
        "SignatureMethod",
        "Action",
        "Version",
    ] {
        if get(name).is_none_or(str::is_empty) {
            return Err(AuthError::Missing(name.to_owned()));
        }
    }
    let method = get("SignatureMethod").unwrap_or_default();
    if method != "HMAC-SHA1" {
        return Err(AuthError::UnsupportedMethod(format!(
            "SignatureMethod {method:?} is not supported; use HMAC-SHA1 (or the ACS3-HMAC-SHA256 Authorization header)"
        )));
    }
    if let Some(v) = get("SignatureVersion") {
        if v != "1.0" {
            return Err(AuthError::UnsupportedMethod(format!(
                "SignatureVersion {v:?} is not supported; use 1.0"
            )));
        }
    }
    check_nonce_len(get("SignatureNonce").unwrap_or_default())?;
    let raw_ts = get("Timestamp").unwrap_or_default();
    let ts = parse_iso8601(raw_ts).ok_or_else(|| {
        AuthError::TimestampFormat(format!(
            "Specified time stamp {raw_ts:?} is not in ISO-8601 UTC form, e.g. 2024-01-01T12:00:00Z."
        ))
    })?;
    let key_id = get("AccessKeyId").unwrap_or_default();
    let account = state.account_by_key(key_id).ok_or_else(|| {
        AuthError::UnknownKey(format!("Specified access key is not found: {key_id}"))
    })?;
    let sts = v1_string_to_sign(req.method, &params);
    let given = STANDARD
        .decode(get("Signature").unwrap_or_default())
        .unwrap_or_default();
    let mut mac = account.v1.clone();
    mac.update(sts.as_bytes());
    if mac.verify_slice(&given).is_err() {
        return Err(AuthError::Mismatch(format!(
            "Specified signature is not matched with our calculation. server string to sign is:{sts}"
        )));
    }
    let until = check_window(state, ts, raw_ts)?;
    use_nonce(
        state,
        &account,
        key_id,
        get("SignatureNonce").unwrap_or_default(),
        until,
    )?;
    let action = get("Action").unwrap_or_default().to_owned();
    let version = get("Version").unwrap_or_default().to_owned();
    Ok(Verified {
        account,
        action,
        version,
        params,
    })
}
