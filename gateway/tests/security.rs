//! Security checks that the other suites do not already prove (docs/security.md names the test of every
//! check): single use of login tickets, expiry bounding CU's unlimited guesses, carrier-ticket expiry,
//! bounded stores, the sandbox API off in production configuration, and `quota: null` in a scheme PATCH.
mod common;

use common::{start, start_with, Gw, Sign};
use pns_gateway::config::Config;
use serde_json::json;
use std::time::Duration;

/// A CU device and a login ticket for it under a scheme whose tokens live `sp_secs`.
async fn cu_login_ticket(gw: &Gw, sp_secs: u64) -> (String, String, String) {
    let scene = gw.scheme(json!({"lifetimes": {"spToken": sp_secs}})).await;
    let (d, number) = gw.device(json!({"carrier": "CU", "select": false})).await;
    let (at, jwt) = gw.tokens_for(&Sign::demo(), &scene, &gw.origin, 1).await;
    let chk = gw.tickets(&gw.origin, &at, &jwt, 1).await;
    let r = gw
        .carrier(
            "CU",
            "mask",
            &gw.origin,
            Some(&d),
            &json!({"ticket": Gw::ticket(&chk, "CU")}),
        )
        .await;
    assert_eq!(r.body["ok"], true, "{}", r.text);
    (
        d,
        number,
        r.body["loginTicket"].as_str().unwrap().to_owned(),
    )
}

fn wrong_digits(number: &str) -> String {
    let right: u32 = number[3..7].parse().unwrap();
    format!("{:04}", (right + 1) % 10_000)
}

#[tokio::test]
async fn login_ticket_is_single_use() {
    let gw = start().await;
    let (d, number) = gw.device(json!({"carrier": "CM", "select": false})).await;
    let (lt, _) = gw.mask(&d, "CM").await;
    let r = gw.login(&d, "CM", &lt, &number[3..7]).await;
    assert_eq!(r.body["ok"], true, "{}", r.text);
    let r = gw.login(&d, "CM", &lt, &number[3..7]).await;
    assert_eq!(r.body["carrierRespCode"], "TICKET_INVALID", "{}", r.text);
    assert!(r.body["token"].is_null());
}

#[tokio::test]
async fn cu_guesses_end_when_the_login_ticket_expires() {
    let gw = start().await;
    let (d, number, lt) = cu_login_ticket(&gw, 2).await;
    // CU never locks the number: wrong guesses answer WRONG_DIGITS while the ticket lives (up to its cap of
    // wrong entries, see attack_middle_four) ...
    for _ in 0..2 {
        let r = gw.login(&d, "CU", &lt, &wrong_digits(&number)).await;
        assert_eq!(r.body["carrierRespCode"], "WRONG_DIGITS", "{}", r.text);
    }
    // ... and the ticket's lifetime ends them: even the right digits are refused afterwards.
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let r = gw.login(&d, "CU", &lt, &number[3..7]).await;
    assert_eq!(r.body["carrierRespCode"], "TICKET_INVALID", "{}", r.text);
    assert!(r.body["detail"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn carrier_ticket_expires_with_the_access_token() {
    let gw = start().await;
    let scene = gw.scheme(json!({"lifetimes": {"accessToken": 1}})).await;
    let (d, _) = gw.device(json!({"carrier": "CT", "select": false})).await;
    let (at, jwt) = gw.tokens_for(&Sign::demo(), &scene, &gw.origin, 0).await;
    let chk = gw.tickets(&gw.origin, &at, &jwt, 0).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let r = gw
        .carrier(
            "CT",
            "token",
            &gw.origin,
            Some(&d),
            &json!({"ticket": Gw::ticket(&chk, "CT")}),
        )
        .await;
    assert_eq!(r.body["carrierRespCode"], "TICKET_INVALID", "{}", r.text);
}

#[tokio::test]
async fn nonce_store_full_is_503_and_stays_bounded() {
    let mut cfg = Config::sandbox();
    // 32 shards of one entry each.
    cfg.limits.nonces = 32;
    let gw = start_with(cfg).await;
    let mut refused = false;
    for _ in 0..200 {
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
            refused = true;
            break;
        }
        assert_eq!(r.body["Code"], "isv.TOKEN_INVALID", "{}", r.text);
    }
    assert!(refused, "the nonce store never filled");
    assert!(gw.state.nonces.len() <= 32);
}

#[tokio::test]
async fn spent_token_store_is_bounded() {
    let mut cfg = Config::sandbox();
    cfg.limits.spent_tokens = 32;
    let gw = start_with(cfg).await;
    let until = common::now() + 600;
    let mut full = false;
    for i in 0..500 {
        if gw
            .state
            .spend(
                pns_gateway::config::DEMO_ACCOUNT_ID,
                &format!("jti-{i}"),
                until,
            )
            .is_err()
        {
            full = true;
            break;
        }
    }
    assert!(full);
    assert!(gw.state.spent.len() <= 32);
}

#[tokio::test]
async fn sandbox_api_is_off_in_a_production_config() {
    let cfg = Config::from_toml(
        r#"
        [[accounts]]
        id = "1"
        access_key_id = "AK1"
        access_key_secret = "S1"
        "#,
    )
    .unwrap();
    let gw = start_with(cfg).await;
    for (method, path) in [
        ("GET", "/sandbox/v1/info"),
        ("POST", "/sandbox/v1/accounts"),
        ("POST", "/sandbox/v1/devices"),
        ("POST", "/demo-backend/auth-token"),
    ] {
        let r = gw
            .http
            .request(method.parse().unwrap(), format!("{}{path}", gw.base))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{method} {path}");
        let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        assert_eq!(v["error"], "SANDBOX_DISABLED", "{method} {path}");
    }
    // And the demo AccessKey does not exist there.
    let r = gw
        .v1(
            &Sign::demo(),
            "GET",
            "GetPhoneWithToken",
            &[("SpToken", "x")],
        )
        .await;
    assert_eq!(r.body["Code"], "InvalidAccessKeyId.NotFound");
}

#[tokio::test]
async fn patch_scheme_quota_null_restores_unlimited() {
    let gw = start().await;
    let scene = gw.scheme(json!({"quota": 0})).await;
    let (at, jwt) = gw.tokens_for(&Sign::demo(), &scene, &gw.origin, 0).await;
    let body = json!({"accessToken": at, "jwtToken": jwt, "bizType": 0});
    assert_eq!(gw.check(Some(&gw.origin), &body).await.body["code"], 600014);
    // A PATCH without `quota` leaves it alone.
    let r = gw
        .sandbox(
            "PATCH",
            &format!("schemes/{scene}"),
            Some(json!({"demoted": false})),
        )
        .await;
    assert_eq!(r.body["quota"], 0, "{}", r.text);
    // `null` switches it back to unlimited.
    let r = gw
        .sandbox(
            "PATCH",
            &format!("schemes/{scene}"),
            Some(json!({"quota": null})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body["quota"].is_null(), "{}", r.text);
    for _ in 0..3 {
        assert_eq!(gw.check(Some(&gw.origin), &body).await.body["code"], 600000);
    }
    // And a number limits it again.
    let r = gw
        .sandbox(
            "PATCH",
            &format!("schemes/{scene}"),
            Some(json!({"quota": 1})),
        )
        .await;
    assert_eq!(r.body["quota"], 1);
    // The quota is charged once per AccessToken: `body`'s was charged already (while unlimited), so it still
    // passes; a new pair takes the one check left, and the pair after it finds the quota used up.
    assert_eq!(gw.check(Some(&gw.origin), &body).await.body["code"], 600000);
    let fresh =
        |(at, jwt): (String, String)| json!({"accessToken": at, "jwtToken": jwt, "bizType": 0});
    let second = fresh(gw.tokens_for(&Sign::demo(), &scene, &gw.origin, 0).await);
    let third = fresh(gw.tokens_for(&Sign::demo(), &scene, &gw.origin, 0).await);
    assert_eq!(
        gw.check(Some(&gw.origin), &second).await.body["code"],
        600000
    );
    assert_eq!(
        gw.check(Some(&gw.origin), &third).await.body["code"],
        600014
    );
    assert_eq!(
        gw.check(Some(&gw.origin), &second).await.body["code"],
        600000
    );
}
