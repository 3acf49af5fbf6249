//! v1: query and form parsing, canonicalisation and verification of arbitrary requests. Never panics, and
//! never accepts a request it did not see signed with the secret.
#![no_main]

use axum::http::{header, HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;
use pns_gateway::signing::{collect_params, v1_string_to_sign, verify, SignedRequest};
use pns_gateway_fuzz::{state, Fields};

/// A prefix that gets past the presence checks, so the fuzzer reaches timestamps, keys and signatures.
const PREFIX: &str =
    "AccessKeyId=LTAI5tDemoSandboxKey0001&SignatureMethod=HMAC-SHA1&Action=GetAuthToken\
&Version=2017-05-25&SignatureNonce=n&";

fuzz_target!(|data: &[u8]| {
    let mut f = Fields::new(data);
    let flags = f.byte();
    let mut query = f.text();
    if flags & 1 != 0 {
        query.insert_str(0, PREFIX);
    }
    let method = if flags & 2 != 0 { "POST" } else { "GET" };
    let mut headers = HeaderMap::new();
    if flags & 4 != 0 {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
    }
    let body = f.rest();
    if let Ok(params) = collect_params(Some(&query), &headers, body) {
        let sts = v1_string_to_sign(method, &params);
        assert!(sts.starts_with(method));
    }
    let req = SignedRequest {
        method,
        path: "/",
        query: Some(&query),
        headers: &headers,
        body,
    };
    assert!(
        verify(state(), &req).is_err(),
        "an unsigned request was accepted: {query:?}"
    );
});
