//! Finding 6 of docs/security.md: what a foreign web page can send without a CORS preflight (a `text/plain` or
//! form `POST`, with the user's cookies) no longer changes the sandbox, foreign origins get no CORS permission,
//! and what the control API creates is capped.

mod common;

use pns_gateway::config::Config;
use serde_json::json;

const EVIL: &str = "http://evil.example";

#[tokio::test]
async fn simple_requests_from_a_foreign_page_change_nothing() {
    let gw = common::start().await;
    let devices_before = gw.state.device_count();
    for (path, ct, body) in [
        ("/sandbox/v1/accounts", "text/plain;charset=UTF-8", "{}"),
        (
            "/sandbox/v1/schemes",
            "text/plain;charset=UTF-8",
            r#"{"url":"http://evil.example/","origin":"http://evil.example"}"#,
        ),
        (
            "/sandbox/v1/devices",
            "application/x-www-form-urlencoded",
            "a=b",
        ),
        (
            "/sandbox/v1/devices",
            "multipart/form-data; boundary=x",
            "--x--",
        ),
        ("/sandbox/v1/devices/demo-cm/select", "text/plain", ""),
        ("/demo-backend/auth-token", "text/plain", r#"{"bizType":0}"#),
    ] {
        for _ in 0..50 {
            // From the foreign page: refused for its origin.
            let r = gw
                .http
                .post(format!("{}{path}", gw.base))
                .header("origin", EVIL)
                .header("content-type", ct)
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 403, "{path} {ct}");
            assert!(r.headers().get("access-control-allow-origin").is_none());
            let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
            assert_eq!(v["error"], "FOREIGN_ORIGIN", "{path}");
        }
        // Without an Origin (a tool), a body that is not JSON is refused too.
        let r = gw
            .http
            .post(format!("{}{path}", gw.base))
            .header("content-type", ct)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415, "{path} {ct}");
        let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        assert_eq!(v["error"], "NOT_JSON", "{path}");
    }
    assert_eq!(gw.state.device_count(), devices_before);
    // A foreign page's preflight gets no permission; the gateway's own origin and loopback tools do.
    for (origin, allowed) in [
        (EVIL, false),
        ("http://127.0.0.1:9", true),
        ("http://localhost:8080", true),
        (gw.origin.as_str(), true),
        ("http://127.0.0.1.evil.example", false),
    ] {
        assert_eq!(
            gw.sandbox_preflight_allowed(origin).await,
            allowed,
            "{origin}"
        );
    }
    // JSON from the gateway's own page still works.
    let r = gw
        .http
        .post(format!("{}/sandbox/v1/devices", gw.base))
        .header("origin", &gw.origin)
        .header("content-type", "application/json; charset=utf-8")
        .body(r#"{"carrier":"CT","select":false}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
}

#[tokio::test]
async fn accounts_and_schemes_made_through_the_api_are_capped() {
    let mut cfg = Config::sandbox();
    cfg.limits.sandbox_accounts = 3;
    cfg.limits.sandbox_schemes = 4;
    let gw = common::start_with(cfg).await;
    let mut made = 0;
    for _ in 0..10 {
        let r = gw.sandbox("POST", "accounts", Some(json!({}))).await;
        match r.status {
            201 => made += 1,
            507 => assert_eq!(r.body["error"], "FULL", "{}", r.text),
            s => panic!("{s}: {}", r.text),
        }
    }
    assert_eq!(made, 3);
    let mut scenes = Vec::new();
    for _ in 0..10 {
        let r = gw
            .sandbox(
                "POST",
                "schemes",
                Some(json!({"url": format!("{}/", gw.origin), "origin": gw.origin})),
            )
            .await;
        match r.status {
            201 => scenes.push(r.body["sceneCode"].as_str().unwrap().to_owned()),
            507 => assert_eq!(r.body["error"], "FULL", "{}", r.text),
            s => panic!("{s}: {}", r.text),
        }
    }
    assert_eq!(scenes.len(), 4);
    // Deleting one frees its place.
    let r = gw
        .sandbox("DELETE", &format!("schemes/{}", scenes[0]), None)
        .await;
    assert_eq!(r.status, 204);
    let r = gw
        .sandbox(
            "POST",
            "schemes",
            Some(json!({"url": format!("{}/", gw.origin), "origin": gw.origin})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
}
