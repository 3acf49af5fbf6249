//! Findings 2, 3 and 4 of docs/security.md, run as attacks against a real gateway on loopback: one tenant's
//! traffic (its backend's or its visitors' browsers') fills only its own partitions of the spent-token, token-use
//! and nonce stores; the throttle runs before a nonce is stored; a request dated far ahead is refused; replaying
//! one AccessToken pair neither burns the quota nor mints tickets without end.

mod common;

use common::{now, start, start_with, Gw, Sign};
use pns_gateway::config::{Config, DEMO_ACCOUNT_ID};
use serde_json::json;

/// A second tenant: a new account (with `qps`), a scheme of its own for the gateway's origin, a CM device.
struct Tenant {
    sign: Sign,
    id: String,
    scene: String,
}

async fn tenant(gw: &Gw, qps: Option<u32>) -> Tenant {
    let acc = gw
        .sandbox("POST", "accounts", Some(json!({ "qps": qps })))
        .await;
    assert_eq!(acc.status, 201, "{}", acc.text);
    let ak = acc.body["accessKeyId"].as_str().unwrap().to_owned();
    let sk = acc.body["accessKeySecret"].as_str().unwrap().to_owned();
    let scene = gw
        .scheme(json!({ "account": ak, "url": format!("{}/", gw.origin), "origin": gw.origin }))
        .await;
    Tenant {
        sign: Sign::with(&ak, &sk),
        id: acc.body["accountId"].as_str().unwrap().to_owned(),
        scene,
    }
}

/// The whole number-verification flow of `t`: tokens, identity check, CM token, VerifyPhoneWithToken.
async fn verify_flow(gw: &Gw, t: &Tenant) -> serde_json::Value {
    let (d, number) = gw.device(json!({"carrier": "CM", "select": false})).await;
    let (at, jwt) = gw.tokens_for(&t.sign, &t.scene, &gw.origin, 0).await;
    let chk = gw.tickets(&gw.origin, &at, &jwt, 0).await;
    let sp = gw.sp_token(&chk, "CM", &d).await;
    gw.verify_phone(&t.sign, &sp, &number).await.body
}

#[tokio::test]
async fn one_access_token_pair_is_bounded_and_a_flooded_tenant_leaves_the_others_served() {
    let mut cfg = Config::sandbox();
    cfg.limits.token_uses = 512;
    cfg.limits.spent_tokens = 256;
    let gw = start_with(cfg).await;
    let other = tenant(&gw, None).await;
    let (d, number) = gw.device(json!({"carrier": "CU", "select": false})).await;

    // What every visitor of the demo tenant's page holds: one AccessToken/JwtToken pair. No AccessKey.
    let (at, jwt) = gw.tokens(1).await;
    let body = json!({"accessToken": at, "jwtToken": jwt, "bizType": 1});
    let (mut checks, mut masks, mut logins) = (0, 0, 0);
    for _ in 0..15 {
        let chk = gw.check(Some(&gw.origin), &body).await;
        if chk.body["code"] != 600000 {
            assert_eq!(chk.body["code"], 600034, "{}", chk.text);
            continue;
        }
        checks += 1;
        let ticket = json!({"ticket": Gw::ticket(&chk.body, "CU")});
        for _ in 0..12 {
            let m = gw
                .carrier("CU", "mask", &gw.origin, Some(&d), &ticket)
                .await;
            if m.body["ok"] != true {
                assert_eq!(m.body["carrierRespCode"], "TICKET_INVALID", "{}", m.text);
                continue;
            }
            masks += 1;
            let lt = m.body["loginTicket"].as_str().unwrap();
            let l = gw.login(&d, "CU", lt, &number[3..7]).await;
            assert_eq!(l.body["ok"], true, "{}", l.text);
            logins += 1;
        }
    }
    // 10 checks per AccessToken, 10 masks per carrier ticket, one login per login ticket.
    assert_eq!((checks, masks, logins), (10, 100, 100));
    let used = gw.state.uses.len_of(DEMO_ACCOUNT_ID);
    assert!(used <= 1 + 10 + 100, "{used} use records from one pair");

    // Keep flooding the demo tenant with fresh pairs until its own partition is full (each round adds at least two
    // records, the check's and the mask's, on top of the first pair's, so 300 rounds always fill 512)...
    let mut full = false;
    for _ in 0..300 {
        let (at, jwt) = gw.tokens(1).await;
        let chk = gw
            .check(
                Some(&gw.origin),
                &json!({"accessToken": at, "jwtToken": jwt, "bizType": 1}),
            )
            .await;
        if chk.body["code"] == 600014 {
            full = true;
            break;
        }
        let ticket = json!({"ticket": Gw::ticket(&chk.body, "CU")});
        let m = gw
            .carrier("CU", "mask", &gw.origin, Some(&d), &ticket)
            .await;
        if m.body["carrierRespCode"] == "QUOTA" {
            full = true;
            break;
        }
    }
    assert!(full, "the demo tenant's token-use partition never filled");
    assert!(gw.state.uses.len_of(DEMO_ACCOUNT_ID) <= 512);
    // ...and fill its spent-spToken partition as its backend would.
    let until = now() + 600;
    let mut spent_full = false;
    for i in 0..1_000 {
        if gw
            .state
            .spend(DEMO_ACCOUNT_ID, &format!("flood-{i}"), until)
            .is_err()
        {
            spent_full = true;
            break;
        }
    }
    assert!(spent_full);

    // The other tenant's visitors and backend are served as if nothing happened.
    for _ in 0..5 {
        let v = verify_flow(&gw, &other).await;
        assert_eq!(v["Code"], "OK", "{v}");
        assert_eq!(v["GateVerify"]["VerifyResult"], "PASS", "{v}");
    }
    assert!(gw.state.uses.len_of(&other.id) > 0);
}

#[tokio::test]
async fn a_nonce_flood_fills_only_its_own_account_and_throttled_calls_store_nothing() {
    let mut cfg = Config::sandbox();
    // 32 shards of 8: small enough to fill quickly, large enough that another account's 10 calls never meet a
    // full shard of their own.
    cfg.limits.nonces = 256;
    let gw = start_with(cfg).await;
    let other = tenant(&gw, None).await;
    // The demo account floods its own nonce partition until it is full.
    let mut full = false;
    for _ in 0..1_000 {
        let r = gw
            .v1(
                &Sign::demo(),
                "GET",
                "GetPhoneWithToken",
                &[("SpToken", "x")],
            )
            .await;
        if r.status == 503 {
            assert_eq!(r.body["Code"], "ServiceUnavailable", "{}", r.text);
            full = true;
            break;
        }
    }
    assert!(full);
    // Another account is not affected.
    for _ in 0..10 {
        let r = gw
            .v1(&other.sign, "GET", "GetPhoneWithToken", &[("SpToken", "x")])
            .await;
        assert_eq!(r.body["Code"], "isv.TOKEN_INVALID", "{}", r.text);
    }

    // A throttled account's refused calls take no room: the throttle runs before the nonce is stored.
    let slow = tenant(&gw, Some(2)).await;
    let mut admitted = 0;
    for _ in 0..100 {
        let r = gw
            .v1(&slow.sign, "GET", "GetPhoneWithToken", &[("SpToken", "x")])
            .await;
        match r.body["Code"].as_str() {
            Some("isv.TOKEN_INVALID") => admitted += 1,
            Some("Throttling.User") => {}
            other => panic!("unexpected answer {other:?}: {}", r.text),
        }
    }
    assert!(admitted < 50, "{admitted} of 100 admitted at 2 qps");
    assert_eq!(gw.state.nonces.len_of(&slow.id), admitted);
}

#[tokio::test]
async fn requests_dated_ahead_are_allowed_only_a_small_clock_skew() {
    let gw = start().await;
    let ahead = |secs: u64| Sign {
        timestamp: Some(now() + secs),
        ..Sign::demo()
    };
    // +899 s used to be accepted (and pinned its nonce for 30 minutes); the future skew is 60 s.
    for secs in [120, 899] {
        let r = gw
            .v1(
                &ahead(secs),
                "GET",
                "GetPhoneWithToken",
                &[("SpToken", "x")],
            )
            .await;
        assert_eq!(
            r.body["Code"], "InvalidTimeStamp.Expired",
            "+{secs} s: {}",
            r.text
        );
        assert!(r.text.contains("ahead"), "{}", r.text);
    }
    let r = gw
        .v1(&ahead(30), "GET", "GetPhoneWithToken", &[("SpToken", "x")])
        .await;
    assert_eq!(r.body["Code"], "isv.TOKEN_INVALID", "{}", r.text);
    // Dated in the past, the whole 15-minute window still applies.
    let r = gw
        .v1(
            &Sign {
                timestamp: Some(now() - 14 * 60),
                ..Sign::demo()
            },
            "GET",
            "GetPhoneWithToken",
            &[("SpToken", "x")],
        )
        .await;
    assert_eq!(r.body["Code"], "isv.TOKEN_INVALID", "{}", r.text);
    // The skew is configurable within the window.
    let mut cfg = Config::sandbox();
    cfg.limits.future_skew_secs = 901;
    assert!(cfg.validate().unwrap_err().0.contains("future_skew_secs"));
}

#[tokio::test]
async fn replaying_one_access_token_pair_1200_times_burns_one_unit_of_quota() {
    let gw = start().await;
    let scene = gw.scheme(json!({"quota": 1000})).await;
    let (at, jwt) = gw.tokens_for(&Sign::demo(), &scene, &gw.origin, 0).await;
    let body = json!({"accessToken": at, "jwtToken": jwt, "bizType": 0});
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (http, base, origin, body) = (
            gw.http.clone(),
            gw.base.clone(),
            gw.origin.clone(),
            body.to_string(),
        );
        tasks.push(tokio::spawn(async move {
            let mut codes = Vec::new();
            for _ in 0..150 {
                let r = http
                    .post(format!("{base}/h5/v1/check"))
                    .header("origin", &origin)
                    .header("content-type", "text/plain;charset=UTF-8")
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap();
                let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
                codes.push(v["code"].as_u64().unwrap());
            }
            codes
        }));
    }
    let mut ok = 0;
    for t in tasks {
        for c in t.await.unwrap() {
            match c {
                600000 => ok += 1,
                600034 => {}
                other => panic!("unexpected code {other}"),
            }
        }
    }
    assert_eq!(ok, 10, "checks one AccessToken allows");
    let s = gw.sandbox("GET", &format!("schemes/{scene}"), None).await;
    assert_eq!(s.body["quota"], 999, "{}", s.text);
    // The next real visitor is served.
    let (at, jwt) = gw.tokens_for(&Sign::demo(), &scene, &gw.origin, 0).await;
    let r = gw
        .check(
            Some(&gw.origin),
            &json!({"accessToken": at, "jwtToken": jwt, "bizType": 0}),
        )
        .await;
    assert_eq!(r.body["code"], 600000, "{}", r.text);
}
