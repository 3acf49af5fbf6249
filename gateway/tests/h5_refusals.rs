//! The identity check's refusals, in the contract's order, and its CORS behaviour.
mod common;

use common::{start, Sign};
use serde_json::json;

fn body(at: &str, jwt: &str, biz: u8) -> serde_json::Value {
    json!({"accessToken": at, "jwtToken": jwt, "bizType": biz, "requestId": "req-1", "sdkVersion": "1.0.0"})
}

#[tokio::test]
async fn success_answer_and_cors() {
    let gw = start().await;
    let (at, jwt) = gw.tokens(0).await;
    let r = gw.check(Some(&gw.origin), &body(&at, &jwt, 0)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["code"], 600000);
    assert_eq!(r.body["msg"], "鉴权成功");
    assert_eq!(r.body["requestId"], "req-1");
    assert!(r.body["expiresAt"].as_u64().unwrap() > common::now());
    assert_eq!(r.headers["access-control-allow-origin"], gw.origin.as_str());
    assert_eq!(r.headers["vary"], "Origin");
    // Preflight.
    let r = gw
        .http
        .request(reqwest::Method::OPTIONS, format!("{}/h5/v1/check", gw.base))
        .header("origin", &gw.origin)
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        gw.origin.as_str()
    );
    assert!(r.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
}

#[tokio::test]
async fn shape_origin_and_signature_refusals() {
    let gw = start().await;
    let (at, jwt) = gw.tokens(0).await;
    // 600028 — non-JSON is a 4xx, shape problems a 200.
    let r = gw.check_raw(Some(&gw.origin), "not json".into()).await;
    assert_eq!((r.status, r.body["code"].as_u64()), (400, Some(600028)));
    for b in [
        json!({"jwtToken": jwt, "bizType": 0}),
        json!({"accessToken": 5, "jwtToken": jwt, "bizType": 0}),
        json!({"accessToken": at, "bizType": 0}),
        json!({"accessToken": at, "jwtToken": jwt, "bizType": 2}),
        json!({"accessToken": at, "jwtToken": jwt, "bizType": "0"}),
        json!([1, 2]),
    ] {
        let r = gw.check(Some(&gw.origin), &b).await;
        assert_eq!(
            (r.status, r.body["code"].as_u64()),
            (200, Some(600028)),
            "{b}: {}",
            r.text
        );
        assert_eq!(r.body["msg"], "入参错误");
        assert!(r.body["detail"].is_string() && r.body.get("carriers").is_none());
    }
    // 600025 — wrong origin, no origin, tampered tokens, tokens of two different answers.
    let r = gw
        .check(Some("http://evil.example"), &body(&at, &jwt, 0))
        .await;
    assert_eq!(r.body["code"], 600025);
    assert!(r.body["detail"].as_str().unwrap().contains("origin"));
    assert_eq!(
        r.headers["access-control-allow-origin"],
        "http://evil.example"
    );
    assert!(r.body.get("carriers").is_none());
    let r = gw.check(None, &body(&at, &jwt, 0)).await;
    assert_eq!(r.body["code"], 600025);
    let tampered_at = format!("{}x", &at[..at.len() - 1]);
    let r = gw
        .check(Some(&gw.origin), &body(&tampered_at, &jwt, 0))
        .await;
    assert_eq!(r.body["code"], 600025);
    let mut parts: Vec<String> = jwt.split('.').map(str::to_owned).collect();
    let mut claims: serde_json::Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, &parts[1])
            .unwrap(),
    )
    .unwrap();
    claims["org"] = json!("http://evil.example");
    parts[1] = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        claims.to_string(),
    );
    let r = gw
        .check(Some(&gw.origin), &body(&at, &parts.join("."), 0))
        .await;
    assert_eq!(r.body["code"], 600025);
    let (_, jwt2) = gw.tokens(0).await;
    let r = gw.check(Some(&gw.origin), &body(&at, &jwt2, 0)).await;
    assert_eq!(r.body["code"], 600025);
    assert!(r.body["detail"]
        .as_str()
        .unwrap()
        .contains("belong together"));
    // 600032 — verification tokens for login and the reverse.
    let r = gw.check(Some(&gw.origin), &body(&at, &jwt, 1)).await;
    assert_eq!(
        (r.body["code"].as_u64(), r.body["msg"].as_str()),
        (Some(600032), Some("业务类型错误"))
    );
    let (lat, ljwt) = gw.tokens(1).await;
    let r = gw.check(Some(&gw.origin), &body(&lat, &ljwt, 0)).await;
    assert_eq!(r.body["code"], 600032);
    // Other HTTP shapes.
    let r = gw.check_raw(Some(&gw.origin), "x".repeat(17 * 1024)).await;
    assert_eq!(r.status, 413);
    assert_eq!(r.body["code"], 600028);
    let r = gw
        .http
        .get(format!("{}/h5/v1/check", gw.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
}

#[tokio::test]
async fn expiry_quota_demotion_and_deletion() {
    let gw = start().await;
    let s = Sign::demo();
    // 600034 with 1-second lifetimes; expiry is checked after origin and before BizType.
    let short = gw
        .scheme(json!({"lifetimes": {"accessToken": 1, "jwt": 1}}))
        .await;
    let (at, jwt) = gw.tokens_for(&s, &short, &gw.origin, 0).await;
    let short_jwt = gw.scheme(json!({"lifetimes": {"jwt": 1}})).await;
    let (at2, jwt2) = gw.tokens_for(&s, &short_jwt, &gw.origin, 0).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let r = gw.check(Some(&gw.origin), &body(&at, &jwt, 1)).await;
    assert_eq!(
        (r.body["code"].as_u64(), r.body["msg"].as_str()),
        (Some(600034), Some("请求参数已失效")),
        "{}",
        r.text
    );
    assert!(r.body["detail"].as_str().unwrap().contains("accessToken"));
    let r = gw.check(Some(&gw.origin), &body(&at2, &jwt2, 0)).await;
    assert_eq!(r.body["code"], 600034);
    assert!(r.body["detail"].as_str().unwrap().contains("jwtToken"));
    let r = gw
        .check(Some("http://evil.example"), &body(&at, &jwt, 0))
        .await;
    assert_eq!(r.body["code"], 600025, "origin is checked before expiry");

    // 600014: each AccessToken's first accepted check counts one; its later checks are free.
    let q = gw.scheme(json!({"quota": 2})).await;
    let mut pairs = Vec::new();
    for _ in 0..3 {
        pairs.push(gw.tokens_for(&s, &q, &gw.origin, 0).await);
    }
    for (at, jwt) in &pairs[..2] {
        for _ in 0..2 {
            assert_eq!(
                gw.check(Some(&gw.origin), &body(at, jwt, 0)).await.body["code"],
                600000
            );
        }
    }
    let (at, jwt) = &pairs[2];
    let r = gw.check(Some(&gw.origin), &body(at, jwt, 0)).await;
    assert_eq!(r.body["code"], 600014);
    assert_eq!(
        gw.sandbox("PATCH", &format!("schemes/{q}"), Some(json!({"quota": 1})))
            .await
            .status,
        200
    );
    assert_eq!(
        gw.check(Some(&gw.origin), &body(at, jwt, 0)).await.body["code"],
        600000
    );

    // 600013 demoted, before quota.
    let d = gw.scheme(json!({"demoted": true, "quota": 0})).await;
    let (at, jwt) = gw.tokens_for(&s, &d, &gw.origin, 0).await;
    assert_eq!(
        gw.check(Some(&gw.origin), &body(&at, &jwt, 0)).await.body["code"],
        600013
    );
    gw.sandbox(
        "PATCH",
        &format!("schemes/{d}"),
        Some(json!({"demoted": false})),
    )
    .await;
    assert_eq!(
        gw.check(Some(&gw.origin), &body(&at, &jwt, 0)).await.body["code"],
        600014
    );

    // 600004 once the scheme is deleted.
    let x = gw.scheme(json!({})).await;
    let (at, jwt) = gw.tokens_for(&s, &x, &gw.origin, 0).await;
    assert_eq!(
        gw.sandbox("DELETE", &format!("schemes/{x}"), None)
            .await
            .status,
        204
    );
    let r = gw.check(Some(&gw.origin), &body(&at, &jwt, 0)).await;
    assert_eq!(
        (r.body["code"].as_u64(), r.body["msg"].as_str()),
        (Some(600004), Some("方案号不存在"))
    );
    assert_eq!(
        gw.sandbox("DELETE", &format!("schemes/{x}"), None)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn another_origin_scheme() {
    let gw = start().await;
    let s = Sign::demo();
    let r = gw
        .sandbox(
            "POST",
            "schemes",
            Some(json!({"url": "https://shop.example/", "origin": "https://shop.example"})),
        )
        .await;
    let scene = r.body["sceneCode"].as_str().unwrap().to_owned();
    let (at, jwt) = gw.tokens_for(&s, &scene, "https://shop.example", 0).await;
    let r = gw
        .check(Some("https://shop.example"), &body(&at, &jwt, 0))
        .await;
    assert_eq!(r.body["code"], 600000);
    let r = gw.check(Some(&gw.origin), &body(&at, &jwt, 0)).await;
    assert_eq!(r.body["code"], 600025);
    // Bad scheme definitions are refused by the sandbox API.
    let r = gw
        .sandbox(
            "POST",
            "schemes",
            Some(json!({"url": "https://shop.example/cart", "origin": "https://shop.example"})),
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.body["message"].as_str().unwrap().contains("no path"));
    let r = gw.sandbox("POST", "schemes", Some(json!({"url": "https://a.example/", "origin": "https://a.example", "account": "nobody"}))).await;
    assert_eq!(r.status, 400);
}
