//! Property tests of the parsers and of the signing and sealing code (proptest; they run in `cargo test`).
//! The fuzz targets in gateway/fuzz/ hunt the same ground for minutes; these keep the properties checked on
//! every run.

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use pns_gateway::config::{
    check_origin, check_url, Config, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET,
};
use pns_gateway::phone::{carrier_of, Carrier};
use pns_gateway::signing::{
    collect_params, parse_acs3, v1_string_to_sign, v3_canonical_request, verify, AuthError,
    SignedRequest,
};
use pns_gateway::tokens::{
    AccessClaims, JwtClaims, Keys, LoginClaims, SpClaims, TicketClaims, MAX_TOKEN_LEN,
};
use pns_gateway::util::{format_iso8601, now_unix, parse_iso8601, pct};
use pns_gateway::State;
use proptest::prelude::*;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

fn state() -> &'static State {
    static S: OnceLock<State> = OnceLock::new();
    S.get_or_init(|| {
        State::new(
            &Config::sandbox(),
            "http://127.0.0.1:8787",
            PathBuf::new(),
            PathBuf::new(),
        )
        .unwrap()
    })
}

fn fresh_nonce() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "prop-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Unique parameter names (none of the common ones) with any values.
fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::btree_map("[A-Za-z][A-Za-z0-9_.~ 号-]{0,12}", any::<String>(), 0..8)
        .prop_map(|m| m.into_iter().map(|(k, v)| (format!("X{k}"), v)).collect())
}

fn encode(p: &[(String, String)]) -> String {
    p.iter()
        .map(|(k, v)| format!("{}={}", pct(k), pct(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `extra` plus the common v1 parameters, signed with the demo secret; returns all parameters with
/// `Signature` last.
fn signed_v1(method: &str, extra: &[(String, String)]) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = [
        ("Action", "GetAuthToken".to_owned()),
        ("Version", "2017-05-25".to_owned()),
        ("AccessKeyId", DEMO_ACCESS_KEY_ID.to_owned()),
        ("SignatureMethod", "HMAC-SHA1".to_owned()),
        ("SignatureVersion", "1.0".to_owned()),
        ("SignatureNonce", fresh_nonce()),
        ("Timestamp", format_iso8601(now_unix() as i64)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    all.extend_from_slice(extra);
    let mut mac =
        Hmac::<sha1::Sha1>::new_from_slice(format!("{DEMO_ACCESS_KEY_SECRET}&").as_bytes())
            .unwrap();
    mac.update(v1_string_to_sign(method, &all).as_bytes());
    let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    all.push(("Signature".into(), sig));
    all
}

fn verify_query(method: &str, q: &str) -> Result<Vec<(String, String)>, AuthError> {
    let headers = HeaderMap::new();
    let req = SignedRequest {
        method,
        path: "/",
        query: Some(q),
        headers: &headers,
        body: b"",
    };
    verify(state(), &req).map(|v| v.params)
}

/// Changes the character at `at` (modulo the length) of `s` to another one; `s` must not be empty.
fn change_char(s: &str, at: usize, to: char) -> String {
    let chars: Vec<char> = s.chars().collect();
    let i = at % chars.len();
    let replacement = if chars[i] == to {
        if to == 'a' {
            'b'
        } else {
            'a'
        }
    } else {
        to
    };
    chars
        .iter()
        .enumerate()
        .map(|(j, c)| if j == i { replacement } else { *c })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn pct_round_trips_and_leaves_only_unreserved_bytes(s in any::<String>()) {
        let e = pct(&s);
        prop_assert!(e.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
        let upper_hex = e.split('%').skip(1).all(|h| {
            h.len() >= 2 && h.as_bytes()[..2].iter().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b))
        });
        prop_assert!(upper_hex);
        let back = percent_encoding::percent_decode_str(&e).decode_utf8().unwrap();
        prop_assert_eq!(back, s);
    }

    #[test]
    fn encoded_query_parses_back_to_its_parameters(p in params()) {
        let q = encode(&p);
        let got = collect_params(Some(&q), &HeaderMap::new(), b"").unwrap();
        prop_assert_eq!(got, p);
    }

    #[test]
    fn v1_canonical_form_ignores_parameter_order(p in params(), seed in any::<u64>()) {
        let mut shuffled = p.clone();
        // A seeded Fisher-Yates shuffle.
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(v1_string_to_sign("GET", &p), v1_string_to_sign("GET", &shuffled));
    }

    #[test]
    fn v1_signed_request_verifies_and_any_changed_signed_part_fails(
        p in params(), which in any::<usize>(), at in any::<usize>(), to in any::<char>(), post in any::<bool>(),
    ) {
        let method = if post { "POST" } else { "GET" };
        let all = signed_v1(method, &p);
        // Change one character of one signed name or value (the signature itself included), re-encode.
        let mut changed = all.clone();
        let idx = which % changed.len();
        let name_side = which / changed.len() % 2 == 0;
        let target = if name_side { &mut changed[idx].0 } else { &mut changed[idx].1 };
        if target.is_empty() {
            target.push(to);
        } else {
            *target = change_char(target, at, to);
        }
        let clash = changed.iter().filter(|(k, _)| *k == changed[idx].0).count() > 1;
        if changed != all && !clash {
            prop_assert!(verify_query(method, &encode(&changed)).is_err(), "{:?}", changed[idx]);
        }
        // The untouched request verifies once, and is refused as a replay after.
        let q = encode(&all);
        prop_assert_eq!(verify_query(method, &q).unwrap(), all.clone());
        prop_assert!(matches!(verify_query(method, &q), Err(AuthError::NonceUsed(_))));
        // Signed for one method, sent with the other: refused.
        let other = if post { "GET" } else { "POST" };
        let again = signed_v1(method, &p);
        prop_assert!(verify_query(other, &encode(&again)).is_err());
    }

    #[test]
    fn v3_signed_request_verifies_and_any_changed_signed_part_fails(
        p in params(), body in proptest::collection::vec(any::<u8>(), 0..64),
        ua in "[ -~]{0,20}", which in 0usize..4, at in any::<usize>(), to in "[a-z0-9]",
    ) {
        let build = |ua: &str, nonce: &str, body: &[u8]| {
            let mut h = HeaderMap::new();
            for (k, v) in [
                ("host", "127.0.0.1:8787"),
                ("user-agent", ua),
                ("x-acs-action", "GetAuthToken"),
                ("x-acs-version", "2017-05-25"),
                ("x-acs-date", &format_iso8601(now_unix() as i64)),
                ("x-acs-signature-nonce", nonce),
                ("x-acs-content-sha256", &hex::encode(Sha256::digest(body))),
            ] {
                h.insert(HeaderName::from_static(k), HeaderValue::from_str(v).unwrap());
            }
            h
        };
        let signed = "host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
        let nonce = fresh_nonce();
        let q = encode(&p);
        let mut headers = build(&ua, &nonce, &body);
        let hash = hex::encode(Sha256::digest(&body));
        let creq = v3_canonical_request(
            &SignedRequest { method: "POST", path: "/", query: Some(&q), headers: &headers, body: &body },
            signed,
            &hash,
        );
        let sts = format!("ACS3-HMAC-SHA256\n{}", hex::encode(Sha256::digest(creq.as_bytes())));
        let mut mac = Hmac::<Sha256>::new_from_slice(DEMO_ACCESS_KEY_SECRET.as_bytes()).unwrap();
        mac.update(sts.as_bytes());
        let auth = format!(
            "ACS3-HMAC-SHA256 Credential={DEMO_ACCESS_KEY_ID},SignedHeaders={signed},Signature={}",
            hex::encode(mac.finalize().into_bytes())
        );
        headers.insert("authorization", HeaderValue::from_str(&auth).unwrap());
        let run = |h: &HeaderMap, q: &str, b: &[u8]| {
            verify(state(), &SignedRequest { method: "POST", path: "/", query: Some(q), headers: h, body: b })
                .map(|v| v.account.id.clone())
        };
        // One change of a signed part: the user agent, the query, the body, or the signature.
        let mut h2 = headers.clone();
        let (mut q2, mut b2) = (q.clone(), body.clone());
        match which {
            0 => {
                let v = if ua.is_empty() { to.clone() } else { change_char(&ua, at, to.chars().next().unwrap()) };
                h2.insert("user-agent", HeaderValue::from_str(&v).unwrap());
            }
            1 => q2.push_str(&format!("&Y{to}=1")),
            2 => b2.push(to.as_bytes()[0]),
            _ => {
                let sig = auth.rsplit_once('=').unwrap().1;
                let bad = change_char(sig, at, to.chars().next().unwrap());
                h2.insert("authorization", HeaderValue::from_str(&auth.replace(sig, &bad)).unwrap());
            }
        }
        if which != 0 || h2.get("user-agent") != headers.get("user-agent") {
            prop_assert!(run(&h2, &q2, &b2).is_err());
        }
        prop_assert!(run(&headers, &q, &body).is_ok());
        prop_assert!(matches!(run(&headers, &q, &body), Err(AuthError::NonceUsed(_))));
    }

    #[test]
    fn envelopes_open_what_they_sealed_and_nothing_tampered(
        a in any::<String>(), b in any::<String>(), n in any::<u64>(), biz in any::<u8>(),
        c in 0usize..3, at in any::<usize>(), to in "[A-Za-z0-9_.-]",
    ) {
        let k = &state().keys;
        let carrier = Carrier::ALL[c];
        let to = to.chars().next().unwrap();
        let check = |t: String, open: &dyn Fn(&str) -> bool| -> Result<(), TestCaseError> {
            if t.len() > MAX_TOKEN_LEN {
                // Longer than the gateway accepts: refused (the gateway never issues such tokens, see
                // fuzz_regressions::tokens_of_the_longest_valid_claims_fit_the_length_limit).
                prop_assert!(!open(&t));
                return Ok(());
            }
            prop_assert!(open(&t));
            let bad = change_char(&t, at, to);
            if bad != t {
                prop_assert!(!open(&bad), "tampered {bad}");
            }
            prop_assert!(!open(&t[..t.len() - 1]));
            let longer = format!("{t}A");
            prop_assert!(!open(&longer));
            Ok(())
        };
        let ac = AccessClaims { id: a.clone(), acc: b.clone(), sc: a.clone(), org: b.clone(), biz, exp: n };
        check(k.issue_access(&ac), &|t| k.open_access(t).as_ref() == Ok(&ac))?;
        let jc = JwtClaims { iss: a.clone(), sub: b.clone(), iat: n, exp: n, jti: a.clone(), acc: b.clone(),
            org: a.clone(), biz, ati: b.clone() };
        check(k.issue_jwt(&jc), &|t| k.open_jwt(t).as_ref() == Ok(&jc))?;
        let tc = TicketClaims { v: carrier, acc: a.clone(), sc: b.clone(), org: a.clone(), biz, ati: b.clone(),
            exp: n, n: a.clone() };
        let t = k.issue_ticket(&tc);
        for other in Carrier::ALL.into_iter().filter(|o| *o != carrier) {
            prop_assert!(k.open_ticket(other, &t).is_err());
        }
        check(t, &|t| k.open_ticket(carrier, t).as_ref() == Ok(&tc))?;
        let sc = SpClaims { jti: a.clone(), v: carrier, num: b.clone(), acc: a.clone(), sc: b.clone(), biz,
            ati: a.clone(), exp: n };
        let t = k.seal_sp(&sc);
        prop_assert!(k.open_login(&t).is_err());
        prop_assert!(Keys::derive(b"another gateway").open_sp(&t).is_err());
        check(t, &|t| k.open_sp(t).as_ref() == Ok(&sc))?;
        let lc = LoginClaims { jti: a.clone(), v: carrier, num: b.clone(), acc: a.clone(), sc: b.clone(),
            org: a.clone(), ati: b.clone(), tn: a.clone(), exp: n };
        let t = k.seal_login(&lc);
        prop_assert!(k.open_sp(&t).is_err());
        check(t, &|t| k.open_login(t).as_ref() == Ok(&lc))?;
    }

    #[test]
    fn no_text_panics_a_parser(s in any::<String>(), bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let k = &state().keys;
        let _ = (k.open_access(&s), k.open_jwt(&s), k.open_sp(&s), k.open_login(&s));
        for c in Carrier::ALL {
            let _ = k.open_ticket(c, &s);
        }
        let _ = (parse_iso8601(&s), check_url(&s), check_origin(&s), carrier_of(&s), parse_acs3(&s));
        let _ = Config::from_toml(&s).map(|c| c.validate());
        let mut form = HeaderMap::new();
        form.insert("content-type", HeaderValue::from_static("application/x-www-form-urlencoded"));
        let _ = collect_params(Some(&s), &form, &bytes);
        let _ = verify_query("GET", &s);
        let r = pns_gateway::h5::run(state(), Some("http://127.0.0.1:8787"), &bytes);
        prop_assert!(r.status().as_u16() < 500);
    }

    #[test]
    fn timestamps_round_trip(t in 0i64..253_402_300_799) {
        prop_assert_eq!(parse_iso8601(&format_iso8601(t)), Some(t));
    }
}
