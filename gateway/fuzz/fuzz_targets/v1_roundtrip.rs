//! v1 round trip: parameters encoded the way clients do parse back to themselves, a request signed with
//! the secret verifies, and a changed query that decodes to other parameters never does.
#![no_main]

use axum::http::HeaderMap;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use libfuzzer_sys::fuzz_target;
use pns_gateway::config::{DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET};
use pns_gateway::signing::{collect_params, v1_string_to_sign, verify, SignedRequest, MAX_PARAMS};
use pns_gateway::util::{format_iso8601, now_unix, pct};
use pns_gateway_fuzz::{state, Fields};
use std::sync::atomic::{AtomicU64, Ordering};

const COMMON: [&str; 8] = [
    "Action",
    "Version",
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "Signature",
];

static NONCE: AtomicU64 = AtomicU64::new(0);

fn encode(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", pct(k), pct(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fuzz_target!(|data: &[u8]| {
    let mut f = Fields::new(data);
    let tamper_at = usize::from(f.byte()) | usize::from(f.byte()) << 8;
    let tamper_to = f.byte();
    let mut params: Vec<(String, String)> = Vec::new();
    while params.len() < MAX_PARAMS - COMMON.len() {
        let k = f.text();
        if k.is_empty() {
            break;
        }
        let v = f.text();
        if COMMON.contains(&k.as_str()) || params.iter().any(|(n, _)| *n == k) {
            continue;
        }
        params.push((k, v));
    }
    // Encoding then parsing is the identity.
    let headers = HeaderMap::new();
    let q = encode(&params);
    let back = collect_params(Some(&q), &headers, b"").expect("an encoded query parses");
    assert_eq!(back, params);
    assert_eq!(
        v1_string_to_sign("GET", &back),
        v1_string_to_sign("GET", &params)
    );

    // Signed with the secret: verifies.
    let n = NONCE.fetch_add(1, Ordering::Relaxed);
    let mut all = params.clone();
    for (k, v) in [
        ("Action", "GetAuthToken".to_owned()),
        ("Version", "2017-05-25".to_owned()),
        ("AccessKeyId", DEMO_ACCESS_KEY_ID.to_owned()),
        ("SignatureMethod", "HMAC-SHA1".to_owned()),
        ("SignatureVersion", "1.0".to_owned()),
        ("SignatureNonce", format!("fuzz-{}-{n}", std::process::id())),
        (
            "Timestamp",
            format_iso8601(i64::try_from(now_unix()).unwrap_or(0)),
        ),
    ] {
        all.push((k.to_owned(), v));
    }
    let mut mac =
        Hmac::<sha1::Sha1>::new_from_slice(format!("{DEMO_ACCESS_KEY_SECRET}&").as_bytes())
            .expect("any key length");
    mac.update(v1_string_to_sign("GET", &all).as_bytes());
    let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let mut signed = all.clone();
    signed.push(("Signature".to_owned(), sig));
    let q = encode(&signed);
    let req = |query: &str| {
        let r = SignedRequest {
            method: "GET",
            path: "/",
            query: Some(query),
            headers: &headers,
            body: b"",
        };
        verify(state(), &r).map(|v| v.params)
    };
    // A changed query that decodes to other parameters must not verify (checked before the real request,
    // which would spend the nonce).
    let mut changed = q.clone().into_bytes();
    if !changed.is_empty() {
        let i = tamper_at % changed.len();
        changed[i] = tamper_to;
        if let Ok(changed) = String::from_utf8(changed) {
            let decoded = collect_params(Some(&changed), &headers, b"");
            if decoded.as_ref().is_ok_and(|d| *d != signed) {
                assert!(
                    req(&changed).is_err(),
                    "tampered query verified: {changed:?}"
                );
            }
        }
    }
    assert_eq!(req(&q).expect("signed request verifies"), signed);
    assert!(req(&q).is_err(), "a replay verified");
});
