//! ACS3-HMAC-SHA256: Authorization header parsing, canonical query and request over arbitrary headers, and
//! verification. Never panics, never accepts an unsigned request.
#![no_main]

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use libfuzzer_sys::fuzz_target;
use pns_gateway::signing::{
    parse_acs3, v3_canonical_query, v3_canonical_request, verify, SignedRequest,
};
use pns_gateway_fuzz::{state, Fields};

fuzz_target!(|data: &[u8]| {
    let mut f = Fields::new(data);
    let flags = f.byte();
    let auth = f.text();
    let query = f.text();
    let mut headers = HeaderMap::new();
    if flags & 1 != 0 {
        for (k, v) in [
            ("host", "127.0.0.1:8787"),
            ("x-acs-action", "GetAuthToken"),
            ("x-acs-version", "2017-05-25"),
            ("x-acs-date", "2024-01-01T00:00:00Z"),
            ("x-acs-signature-nonce", "n"),
        ] {
            headers.insert(k, HeaderValue::from_static(v));
        }
    }
    for _ in 0..8 {
        let name = f.bytes();
        if name.is_empty() {
            break;
        }
        let value = f.bytes();
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name), HeaderValue::from_bytes(value)) {
            headers.append(n, v);
        }
    }
    let body = f.rest();
    if let Ok(v) = HeaderValue::from_str(&auth) {
        headers.insert("authorization", v);
    }
    let req = SignedRequest {
        method: if flags & 2 != 0 { "POST" } else { "GET" },
        path: "/",
        query: Some(&query),
        headers: &headers,
        body,
    };
    let _ = v3_canonical_query(Some(&query));
    if let Ok(a) = parse_acs3(&auth) {
        let c = v3_canonical_request(&req, a.signed_headers, "e3b0");
        assert!(c.ends_with("e3b0"));
    }
    assert!(
        verify(state(), &req).is_err(),
        "an unsigned request was accepted"
    );
});
