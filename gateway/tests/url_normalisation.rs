//! Urls and Origins as a user writes them and as a browser sends them (docs/protocol.md, "URLs and origins"):
//! spellings of one origin are one origin everywhere — configuration, sandbox API, `GetAuthToken`, the identity
//! check, the carriers and the sandbox guard — and hostile or malformed values are refused with their reason.

mod common;

use common::{Gw, Sign};
use pns_gateway::config::{Config, SchemeConfig, DEMO_ACCOUNT_ID};
use serde_json::{json, Value};

const SCENE: &str = "FCURL0000000001";

/// A sandbox gateway with one more scheme, configured in capitals and with the default port.
async fn shop() -> Gw {
    let mut cfg = Config::sandbox();
    cfg.schemes.push(SchemeConfig {
        scene_code: SCENE.into(),
        account: DEMO_ACCOUNT_ID.into(),
        url: "HTTP://Shop.Example:80".into(),
        origin: "http://SHOP.example:80/".into(),
        endpoint: None,
        quota: None,
        demoted: false,
        lifetimes: Default::default(),
        simulated_environment: false,
    });
    common::start_with(cfg).await
}

#[tokio::test]
async fn one_origin_in_any_spelling_is_one_origin() {
    let gw = shop().await;
    // Stored and shown in the normalised form.
    let r = gw.sandbox("GET", &format!("schemes/{SCENE}"), None).await;
    assert_eq!(r.body["url"], "http://shop.example/", "{}", r.text);
    assert_eq!(r.body["origin"], "http://shop.example", "{}", r.text);
    // GetAuthToken compares its Url and Origin normalised.
    let r = gw
        .get_auth_token("http://SHOP.EXAMPLE", "http://shop.example:80", SCENE)
        .await;
    assert_eq!(r.body["Code"], "OK", "{}", r.text);
    let r = gw
        .get_auth_token("http://shop.example/", "http://shop.example/", SCENE)
        .await;
    assert_eq!(r.body["Code"], "OK", "{}", r.text);
    let r = gw
        .get_auth_token("http://shop.example:8080/", "http://shop.example", SCENE)
        .await;
    assert_eq!(r.body["Code"], "isv.INVALID_PARAMETERS", "{}", r.text);
    assert!(
        r.text.contains("expected \\\"http://shop.example/\\\""),
        "{}",
        r.text
    );
    // The identity check takes the browser's Origin (already normalised) and other clients' spellings of it.
    let (at, jwt) = gw
        .tokens_for(&Sign::demo(), SCENE, "http://shop.example", 0)
        .await;
    let body = json!({"accessToken": at, "jwtToken": jwt, "bizType": 0, "requestId": "t"});
    for origin in [
        "http://shop.example",
        "HTTP://Shop.Example:80",
        "http://shop.example/",
    ] {
        let r = gw.check(Some(origin), &body).await;
        assert_eq!(r.body["code"], 600000, "{origin}: {}", r.text);
        // CORS answers echo the header as sent: that is what the browser compares.
        assert_eq!(
            r.headers["access-control-allow-origin"].to_str().unwrap(),
            origin
        );
    }
    for origin in [
        "http://shop.example:8080",
        "https://shop.example",
        "http://shop.example.evil.example",
        "null",
    ] {
        let r = gw.check(Some(origin), &body).await;
        assert_eq!(r.body["code"], 600025, "{origin}: {}", r.text);
    }
    // The carriers compare their ticket's origin the same way.
    let chk = gw.tickets("http://shop.example", &at, &jwt, 0).await;
    let ticket = Gw::ticket(&chk, "CM");
    for (origin, ok) in [
        ("http://shop.example:81", false),
        ("HTTP://SHOP.example:80", true),
    ] {
        let r = gw
            .carrier(
                "CM",
                "token",
                origin,
                Some("demo-cm"),
                &json!({"ticket": ticket}),
            )
            .await;
        if ok {
            assert_eq!(r.body["ok"], true, "{origin}: {}", r.text);
        } else {
            assert_eq!(
                r.body["carrierRespCode"], "TICKET_INVALID",
                "{origin}: {}",
                r.text
            );
        }
    }
}

#[tokio::test]
async fn the_sandbox_guard_trusts_a_scheme_origin_in_any_spelling_and_no_look_alike() {
    let gw = shop().await;
    for (origin, allowed) in [
        ("http://shop.example", true),
        ("http://SHOP.EXAMPLE:80", true),
        ("http://LOCALHOST:80", true),
        ("http://[0:0:0:0:0:0:0:1]:9", true),
        ("https://shop.example", false),
        ("http://shop.example.evil.example", false),
        ("http://user@shop.example", false),
        ("http://127.0.0.10:8787", false),
        ("null", false),
    ] {
        assert_eq!(
            gw.sandbox_preflight_allowed(origin).await,
            allowed,
            "{origin}"
        );
    }
}

#[tokio::test]
async fn sandbox_api_urls_are_normalised_and_hostile_ones_refused_with_their_reason() {
    let gw = common::start().await;
    let long = format!("http://a.example/{}", "a".repeat(3000));
    let cases: [(Value, &str); 8] = [
        (
            json!({"url": "http://user:pw@a.example/", "origin": "http://a.example"}),
            "user info",
        ),
        (
            json!({"url": "http://a.example/", "origin": "http://a.example/login"}),
            "no path",
        ),
        (
            json!({"url": "http://a.example/?next=/", "origin": "http://a.example"}),
            "no path, query",
        ),
        (
            json!({"url": "javascript:alert(1)//", "origin": "http://a.example"}),
            "\\\"javascript\\\" is not supported",
        ),
        (
            json!({"url": "http://a.example/", "origin": "data:text/html,x"}),
            "\\\"data\\\" is not supported",
        ),
        (
            json!({"url": "http://a.example/", "origin": "http://a.exa\nmple"}),
            "white space",
        ),
        (
            json!({"url": long, "origin": "http://a.example"}),
            "longer than 2048",
        ),
        (
            json!({"url": "http://a.example/", "origin": "http://a.example", "endpoint": "http://gw.example:0"}),
            "port",
        ),
    ];
    let r = gw
        .sandbox(
            "POST",
            "schemes",
            Some(json!({"url": "HTTPS://A.Example", "origin": "https://a.example:443/"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["url"], "https://a.example/", "{}", r.text);
    assert_eq!(r.body["origin"], "https://a.example", "{}", r.text);
    for (spec, why) in cases {
        let r = gw.sandbox("POST", "schemes", Some(spec.clone())).await;
        assert_eq!(r.status, 400, "{spec}: {}", r.text);
        assert_eq!(r.body["error"], "INVALID", "{spec}: {}", r.text);
        assert!(r.text.contains(why), "{spec}: {}", r.text);
    }
    let origin = gw.origin.replace("http://", "http://user@");
    let url = format!("{}/", gw.origin);
    let r = gw.get_auth_token(&url, &origin, common::SCENE).await;
    assert_eq!(r.body["Code"], "isv.INVALID_PARAMETERS", "{}", r.text);
    assert!(r.text.contains("user info"), "{}", r.text);
}

#[test]
fn configuration_urls_are_checked_where_they_are_written() {
    let scheme = |url: &str, origin: &str| {
        format!(
            "sandbox = true\n[[schemes]]\nscene_code = \"FC1\"\naccount = \"{DEMO_ACCOUNT_ID}\"\nurl = \"{url}\"\norigin = \"{origin}\"\n"
        )
    };
    let err = |toml: &str| {
        Config::from_toml(toml)
            .and_then(|c| c.validate())
            .unwrap_err()
            .0
    };
    assert!(
        Config::from_toml(&scheme("HTTPS://Shop.Example:443", "https://shop.example/"))
            .unwrap()
            .validate()
            .is_ok()
    );
    let e = err(&scheme(
        "https://shop.example/",
        "https://shop.example/login",
    ));
    assert!(
        e.starts_with("scheme FC1: Origin") && e.contains("no path"),
        "{e}"
    );
    let e = err(&scheme("ftp://shop.example/", "https://shop.example"));
    assert!(
        e.starts_with("scheme FC1: Url") && e.contains("\"ftp\""),
        "{e}"
    );
    let e = err("public_url = \"http://admin@gw.example\"\n");
    assert!(
        e.starts_with("public_url:") && e.contains("user info"),
        "{e}"
    );
    let e = err("[sms.receipts]\nurl = \"https://hooks.example/r\"\n");
    assert!(
        e.starts_with("sms.receipts.url") && e.contains("http://"),
        "{e}"
    );
    let e = err("[sms.receipts]\nurl = \"http://hooks.example/r x\"\n");
    assert!(e.contains("white space"), "{e}");
    assert!(
        Config::from_toml("[sms.receipts]\nurl = \"http://127.0.0.1:9000/r?k=1\"\n")
            .unwrap()
            .validate()
            .is_ok()
    );
}
