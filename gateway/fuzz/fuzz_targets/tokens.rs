//! Token envelopes: AccessToken, JwtToken, carrier tickets, spToken and login ticket. Arbitrary text never
//! opens (nor panics); open(seal(x)) == x; any changed byte fails.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pns_gateway::phone::Carrier;
use pns_gateway::tokens::{
    AccessClaims, JwtClaims, LoginClaims, SpClaims, TicketClaims, TokenError, MAX_TOKEN_LEN,
};
use pns_gateway_fuzz::{state, Fields};

fn tampered(t: &str, at: usize, to: u8) -> Option<String> {
    let mut b = t.as_bytes().to_vec();
    let i = at % b.len();
    if b[i] == to {
        return None;
    }
    b[i] = to;
    String::from_utf8(b).ok()
}

/// Opening a freshly issued token `t` gives `want`, or `Malformed` when the token is longer than the gateway
/// accepts (the gateway never issues such tokens: config and API inputs are bounded, see
/// `fuzz_regressions::tokens_of_the_longest_valid_claims_fit_the_length_limit`).
fn opens_to<T: PartialEq + std::fmt::Debug>(t: &str, got: Result<T, TokenError>, want: &T) {
    if t.len() > MAX_TOKEN_LEN {
        assert_eq!(got.err(), Some(TokenError::Malformed));
    } else {
        assert_eq!(got.as_ref(), Ok(want));
    }
}

fuzz_target!(|data: &[u8]| {
    let k = &state().keys;
    let text = String::from_utf8_lossy(data);
    assert!(k.open_access(&text).is_err());
    assert!(k.open_jwt(&text).is_err());
    for c in Carrier::ALL {
        assert!(k.open_ticket(c, &text).is_err());
    }
    assert!(k.open_sp(&text).is_err());
    assert!(k.open_login(&text).is_err());

    let mut f = Fields::new(data);
    let at = usize::from(f.byte()) | usize::from(f.byte()) << 8;
    let to = f.byte();
    let (a, b, c, d) = (f.text(), f.text(), f.text(), f.text());
    let n = u64::from_le_bytes(
        f.bytes()
            .iter()
            .copied()
            .chain([0; 8])
            .take(8)
            .collect::<Vec<_>>()
            .try_into()
            .unwrap_or([0; 8]),
    );
    let carrier = Carrier::ALL[usize::from(to) % 3];

    let ac = AccessClaims {
        id: a.clone(),
        acc: b.clone(),
        sc: c.clone(),
        org: d.clone(),
        biz: to,
        exp: n,
    };
    let t = k.issue_access(&ac);
    opens_to(&t, k.open_access(&t), &ac);
    if let Some(x) = tampered(&t, at, to) {
        assert!(k.open_access(&x).is_err(), "tampered AccessToken opened");
    }
    let jc = JwtClaims {
        iss: a.clone(),
        sub: b.clone(),
        iat: n,
        exp: n,
        jti: c.clone(),
        acc: d.clone(),
        org: a.clone(),
        biz: to,
        ati: b.clone(),
    };
    let t = k.issue_jwt(&jc);
    opens_to(&t, k.open_jwt(&t), &jc);
    if let Some(x) = tampered(&t, at, to) {
        assert!(k.open_jwt(&x).is_err(), "tampered JwtToken opened");
    }
    let tc = TicketClaims {
        v: carrier,
        acc: a.clone(),
        sc: b.clone(),
        org: c.clone(),
        biz: to,
        ati: d.clone(),
        exp: n,
        n: a.clone(),
    };
    let t = k.issue_ticket(&tc);
    opens_to(&t, k.open_ticket(carrier, &t), &tc);
    for other in Carrier::ALL.into_iter().filter(|o| *o != carrier) {
        assert!(
            k.open_ticket(other, &t).is_err(),
            "ticket opened by another carrier"
        );
    }
    if let Some(x) = tampered(&t, at, to) {
        assert!(
            k.open_ticket(carrier, &x).is_err(),
            "tampered ticket opened"
        );
    }
    let sc = SpClaims {
        jti: a.clone(),
        v: carrier,
        num: b.clone(),
        acc: c.clone(),
        sc: d.clone(),
        biz: to,
        ati: a.clone(),
        exp: n,
    };
    let t = k.seal_sp(&sc);
    opens_to(&t, k.open_sp(&t), &sc);
    assert!(k.open_login(&t).is_err());
    if let Some(x) = tampered(&t, at, to) {
        assert!(k.open_sp(&x).is_err(), "tampered spToken opened");
    }
    let lc = LoginClaims {
        jti: a.clone(),
        v: carrier,
        num: b.clone(),
        acc: c.clone(),
        sc: d.clone(),
        org: a,
        ati: b,
        tn: c,
        exp: n,
    };
    let t = k.seal_login(&lc);
    opens_to(&t, k.open_login(&t), &lc);
    assert!(k.open_sp(&t).is_err());
    if let Some(x) = tampered(&t, at, to) {
        assert!(k.open_login(&x).is_err(), "tampered login ticket opened");
    }
});
