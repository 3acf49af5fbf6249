//! Every input kept under gateway/fuzz/regressions/<target>/ is fed through the same checks as its fuzz
//! target, plus one named test per finding (the inputs that found a bug by fuzzing or by the bad-input
//! table are kept there too).
mod common;

use axum::http::{HeaderMap, HeaderValue};
use pns_gateway::config::Config;
use pns_gateway::phone::Carrier;
use pns_gateway::signing::{collect_params, verify, SignedRequest};
use pns_gateway::State;
use std::path::{Path, PathBuf};
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

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no regression inputs for {target}");
    out
}

/// The fuzz targets' field splitter (zero-byte separated).
fn fields(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == 0).collect()
}

fn field<'a>(f: &[&'a [u8]], i: usize) -> &'a [u8] {
    f.get(i).copied().unwrap_or_default()
}

/// Everything after the `n`-th zero byte.
fn after(data: &[u8], n: usize) -> &[u8] {
    let mut rest = data;
    for _ in 0..n {
        match rest.iter().position(|&b| b == 0) {
            Some(i) => rest = &rest[i + 1..],
            None => return &[],
        }
    }
    rest
}

#[test]
fn config_toml_regressions_are_refused_or_build_without_panic() {
    for (path, data) in inputs("config_toml") {
        let text = String::from_utf8(data).unwrap();
        let Ok(cfg) = Config::from_toml(&text) else {
            continue;
        };
        match cfg.validate() {
            Ok(()) => {
                let _ = State::new(
                    &cfg,
                    "http://127.0.0.1:8787",
                    PathBuf::new(),
                    PathBuf::new(),
                );
            }
            Err(e) => assert!(!e.0.is_empty(), "{}", path.display()),
        }
    }
}

#[test]
fn config_lifetime_of_u64_max_is_refused() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions/config_toml/lifetime-overflow.toml"),
    )
    .unwrap();
    let e = Config::from_toml(&text).unwrap().validate().unwrap_err();
    assert!(e.0.contains("too long"), "{e}");
}

#[test]
fn config_timestamp_window_of_i64_max_is_refused() {
    let cfg = Config::from_toml("[limits]\ntimestamp_window_secs = 9223372036854775807\n").unwrap();
    assert!(cfg
        .validate()
        .unwrap_err()
        .0
        .contains("timestamp_window_secs"));
    let cfg = Config::from_toml("[limits]\ntimestamp_window_secs = 0\n").unwrap();
    assert!(cfg.validate().is_err());
}

#[test]
fn config_device_id_that_would_inject_cookie_attributes_is_refused() {
    let cfg = Config::from_toml(
        "[[devices]]\nid = \"a; Path=/; Domain=evil.example\"\ncarrier = \"CM\"\nnumber = \"13800138000\"\n",
    )
    .unwrap();
    assert!(cfg.validate().unwrap_err().0.contains("cookie"));
}

#[test]
fn config_fault_delay_over_60_s_is_refused() {
    let cfg = Config::from_toml("[faults.CM]\ndelayMs = 60001\n").unwrap();
    assert!(cfg.validate().unwrap_err().0.contains("delayMs"));
}

#[test]
fn origin_with_two_colons_in_an_unbracketed_host_is_refused() {
    assert!(pns_gateway::config::check_origin("http://a:b:80").is_err());
    assert!(pns_gateway::config::check_url("http://a:b:80/").is_err());
    assert!(pns_gateway::config::check_origin("http://[::1]:80").is_ok());
}

#[test]
fn v1_query_regressions_never_verify() {
    for (path, data) in inputs("v1_query") {
        let f = fields(&data);
        let flags = field(&f, 0).first().copied().unwrap_or(0);
        let mut query = String::from_utf8_lossy(field(&f, 1)).into_owned();
        if flags & 1 != 0 {
            query.insert_str(
                0,
                "AccessKeyId=LTAI5tDemoSandboxKey0001&SignatureMethod=HMAC-SHA1&Action=GetAuthToken\
                 &Version=2017-05-25&SignatureNonce=n&",
            );
        }
        let mut headers = HeaderMap::new();
        if flags & 4 != 0 {
            headers.insert(
                "content-type",
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
        }
        let body = after(&data, 2);
        let _ = collect_params(Some(&query), &headers, body);
        let req = SignedRequest {
            method: if flags & 2 != 0 { "POST" } else { "GET" },
            path: "/",
            query: Some(&query),
            headers: &headers,
            body,
        };
        assert!(verify(state(), &req).is_err(), "{}", path.display());
    }
}

#[test]
fn malformed_escapes_and_non_utf8_are_invalid_parameter_not_signature_mismatch() {
    let headers = HeaderMap::new();
    for q in ["a=%", "a=%G1", "a=%F", "a=%FF%FE", "a=%C0%AF", "%ZZ=1"] {
        let e = collect_params(Some(q), &headers, b"").unwrap_err();
        assert!(
            matches!(e, pns_gateway::signing::AuthError::Invalid(_)),
            "{q}: {e:?}"
        );
    }
    // U+FFFD itself, correctly encoded, is fine.
    assert!(collect_params(Some("a=%EF%BF%BD"), &headers, b"").is_ok());
}

#[test]
fn h5_body_regressions_answer_below_500() {
    for (path, data) in inputs("h5_body") {
        let f = fields(&data);
        let origin = match field(&f, 0).first().copied().unwrap_or(0) % 3 {
            0 => None,
            1 => Some("http://127.0.0.1:8787".to_owned()),
            _ => Some(String::from_utf8_lossy(field(&f, 1)).into_owned()),
        };
        let skip = if origin.is_some() && field(&f, 0).first().copied().unwrap_or(0) % 3 == 2 {
            2
        } else {
            1
        };
        let r = pns_gateway::h5::run(state(), origin.as_deref(), after(&data, skip));
        assert!(r.status().as_u16() < 500, "{}", path.display());
    }
}

#[test]
fn token_regressions_never_open() {
    let k = &state().keys;
    for (path, data) in inputs("tokens") {
        let text = String::from_utf8_lossy(&data);
        assert!(k.open_access(&text).is_err(), "{}", path.display());
        assert!(k.open_jwt(&text).is_err(), "{}", path.display());
        assert!(k.open_sp(&text).is_err(), "{}", path.display());
        assert!(k.open_login(&text).is_err(), "{}", path.display());
        for c in Carrier::ALL {
            assert!(k.open_ticket(c, &text).is_err(), "{}", path.display());
        }
    }
}

const ROUTES: [&str; 16] = [
    "/",
    "/?Action=GetAuthToken",
    "/h5/v1/check",
    "/carrier/cm/v1/token",
    "/carrier/cu/v1/mask",
    "/carrier/ct/v1/login",
    "/carrier/xx/v1/token",
    "/sandbox/v1/devices",
    "/sandbox/v1/devices/demo-cu",
    "/sandbox/v1/devices/demo-ct/select",
    "/sandbox/v1/schemes",
    "/sandbox/v1/schemes/FC100000000000002",
    "/sandbox/v1/accounts",
    "/demo-backend/auth-token",
    "/demo-backend/verify",
    "/demo-backend/phone",
];
const METHODS: [&str; 6] = ["GET", "POST", "PATCH", "DELETE", "OPTIONS", "PUT"];

#[tokio::test]
async fn http_route_regressions_answer_below_500() {
    let gw = common::start().await;
    for (path, data) in inputs("http_routes") {
        let f = fields(&data);
        let sel = field(&f, 0).first().copied().unwrap_or(0);
        let mut route = ROUTES[usize::from(sel) % ROUTES.len()].to_owned();
        let extra = String::from_utf8_lossy(field(&f, 1)).into_owned();
        if sel & 0x80 != 0 && !extra.is_empty() {
            route.push(if route.contains('?') { '&' } else { '?' });
            route.push_str(&extra);
        }
        let method =
            METHODS[usize::from(field(&f, 2).first().copied().unwrap_or(0)) % METHODS.len()];
        let mut req = gw
            .http
            .request(method.parse().unwrap(), format!("{}{route}", gw.base));
        let mut i = 3;
        while i < 3 + 12 && !field(&f, i).is_empty() {
            if let (Ok(k), Ok(v)) = (
                reqwest::header::HeaderName::from_bytes(field(&f, i)),
                reqwest::header::HeaderValue::from_bytes(field(&f, i + 1)),
            ) {
                req = req.header(k, v);
            }
            i += 2;
        }
        let body = after(&data, i + 1).to_vec();
        let r = req.body(body).send().await.unwrap();
        let s = r.status().as_u16();
        assert!(s < 500, "{}: {method} {route}: {s}", path.display());
        if s >= 400 {
            let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
            assert!(v.is_object(), "{}", path.display());
        }
    }
}

#[tokio::test]
async fn scheme_lifetime_of_u64_max_is_refused_instead_of_wrapping_expiry() {
    let gw = common::start().await;
    let r = gw
        .sandbox(
            "POST",
            "schemes",
            Some(
                serde_json::json!({"url": format!("{}/", gw.origin), "origin": gw.origin,
                "lifetimes": {"accessToken": u64::MAX}}),
            ),
        )
        .await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (400, Some("INVALID")),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn signed_get_without_action_is_missing_parameter_not_a_redirect() {
    let gw = common::start().await;
    let r = gw
        .http
        .get(format!("{}/?AccessKeyId=x&Signature=y", gw.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

/// Found by the `tokens` fuzz target (regressions/tokens/jwt-longer-than-the-token-limit.bin): claims long
/// enough made the gateway issue tokens longer than it accepts (`MAX_TOKEN_LEN`), so a scheme with a very
/// long origin or endpoint would get tokens its own identity check refuses. Hosts are now limited to 253
/// characters and account ids and SceneCodes to 64: the longest valid claims still fit.
#[test]
fn tokens_of_the_longest_valid_claims_fit_the_length_limit() {
    use pns_gateway::tokens::{
        new_id, AccessClaims, JwtClaims, LoginClaims, SpClaims, TicketClaims, MAX_TOKEN_LEN,
    };
    let host = "a".repeat(253);
    let origin = format!("https://{host}:65535");
    let id = "A".repeat(64);
    let cfg = Config::from_toml(&format!(
        "[[accounts]]\nid = \"{id}\"\naccess_key_id = \"AK\"\naccess_key_secret = \"S\"\n\
         [[schemes]]\nscene_code = \"{id}\"\naccount = \"{id}\"\nurl = \"{origin}/\"\norigin = \"{origin}\"\n\
         endpoint = \"{origin}\"\n"
    ))
    .unwrap();
    cfg.validate().unwrap();
    assert!(pns_gateway::config::check_origin(&format!("https://{host}a")).is_err());
    let k = &state().keys;
    let num = "13800138000".to_owned();
    let exp = u64::MAX;
    let at = AccessClaims {
        id: new_id(),
        acc: id.clone(),
        sc: id.clone(),
        org: origin.clone(),
        biz: 1,
        exp,
    };
    let jwt = JwtClaims {
        iss: origin.clone(),
        sub: id.clone(),
        iat: exp,
        exp,
        jti: new_id(),
        acc: id.clone(),
        org: origin.clone(),
        biz: 1,
        ati: at.id.clone(),
    };
    let ticket = TicketClaims {
        v: Carrier::Cu,
        acc: id.clone(),
        sc: id.clone(),
        org: origin.clone(),
        biz: 1,
        ati: at.id.clone(),
        exp,
        n: new_id(),
    };
    let sp = SpClaims {
        jti: new_id(),
        v: Carrier::Cu,
        num: num.clone(),
        acc: id.clone(),
        sc: id.clone(),
        biz: 1,
        ati: at.id.clone(),
        exp,
    };
    let lt = LoginClaims {
        jti: new_id(),
        v: Carrier::Cu,
        num,
        acc: id.clone(),
        sc: id.clone(),
        org: origin.clone(),
        ati: at.id.clone(),
        tn: new_id(),
        exp,
    };
    let tokens = [
        k.issue_access(&at),
        k.issue_jwt(&jwt),
        k.issue_ticket(&ticket),
        k.seal_sp(&sp),
        k.seal_login(&lt),
    ];
    for t in &tokens {
        assert!(t.len() <= MAX_TOKEN_LEN, "{} bytes", t.len());
    }
    assert_eq!(k.open_access(&tokens[0]).unwrap(), at);
    assert_eq!(k.open_jwt(&tokens[1]).unwrap(), jwt);
    assert_eq!(k.open_ticket(Carrier::Cu, &tokens[2]).unwrap(), ticket);
    assert_eq!(k.open_sp(&tokens[3]).unwrap(), sp);
    assert_eq!(k.open_login(&tokens[4]).unwrap(), lt);
}

#[test]
fn config_scene_code_and_account_id_are_bounded() {
    let long = "A".repeat(65);
    let cfg = Config::from_toml(&format!(
        "[[accounts]]\nid = \"{long}\"\naccess_key_id = \"AK\"\naccess_key_secret = \"S\"\n"
    ))
    .unwrap();
    assert!(cfg.validate().is_err());
    let cfg = Config::from_toml(
        "[[accounts]]\nid = \"1\"\naccess_key_id = \"AK\"\naccess_key_secret = \"S\"\n\
         [[schemes]]\nscene_code = \"FC 1\"\naccount = \"1\"\nurl = \"https://a.example/\"\norigin = \"https://a.example\"\n",
    )
    .unwrap();
    assert!(cfg.validate().unwrap_err().0.contains("scene_code"));
}
