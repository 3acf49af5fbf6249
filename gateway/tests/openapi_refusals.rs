//! Every refusal of the signed OpenAPI.
mod common;

use common::{now, start, Sign};
use serde_json::json;

#[tokio::test]
async fn authentication_failures() {
    let gw = start().await;
    let url = format!("{}/", gw.origin);
    let p = [
        ("Url", url.as_str()),
        ("Origin", gw.origin.as_str()),
        ("SceneCode", common::SCENE),
        ("BizType", "0"),
    ];

    let r = gw
        .v1(&Sign::with("LTAInope", "x"), "GET", "GetAuthToken", &p)
        .await;
    assert_eq!(
        (r.status, r.body["Code"].as_str()),
        (404, Some("InvalidAccessKeyId.NotFound")),
        "{}",
        r.text
    );
    let r = gw
        .v3(&Sign::with("LTAInope", "x"), "GetAuthToken", &p)
        .await;
    assert_eq!(
        (r.status, r.body["Code"].as_str()),
        (404, Some("InvalidAccessKeyId.NotFound")),
        "{}",
        r.text
    );

    let bad = Sign {
        wrong_secret: true,
        ..Sign::demo()
    };
    let r = gw.v1(&bad, "GET", "GetAuthToken", &p).await;
    assert_eq!(
        (r.status, r.body["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch")),
        "{}",
        r.text
    );
    assert!(
        r.body["Message"].as_str().unwrap().contains("GET&%2F&"),
        "{}",
        r.text
    );
    assert!(r.body["RequestId"].is_string() && r.body["HostId"].is_string());
    let r = gw.v3(&bad, "GetAuthToken", &p).await;
    assert_eq!(
        (r.status, r.body["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch")),
        "{}",
        r.text
    );

    // Replayed nonce, both schemes.
    let fixed = Sign {
        nonce: Some(common::nonce()),
        ..Sign::demo()
    };
    assert_eq!(
        gw.v1(&fixed, "GET", "GetAuthToken", &p).await.body["Code"],
        "OK"
    );
    let r = gw.v1(&fixed, "GET", "GetAuthToken", &p).await;
    assert_eq!(
        (r.status, r.body["Code"].as_str()),
        (400, Some("SignatureNonceUsed")),
        "{}",
        r.text
    );
    let fixed = Sign {
        nonce: Some(common::nonce()),
        ..Sign::demo()
    };
    assert_eq!(gw.v3(&fixed, "GetAuthToken", &p).await.body["Code"], "OK");
    let r = gw.v3(&fixed, "GetAuthToken", &p).await;
    assert_eq!(
        (r.status, r.body["Code"].as_str()),
        (400, Some("SignatureNonceUsed")),
        "{}",
        r.text
    );

    // Stale and future timestamps.
    for ts in [now() - 16 * 60, now() + 16 * 60] {
        let stale = Sign {
            timestamp: Some(ts),
            ..Sign::demo()
        };
        let r = gw.v1(&stale, "GET", "GetAuthToken", &p).await;
        assert_eq!(
            (r.status, r.body["Code"].as_str()),
            (400, Some("InvalidTimeStamp.Expired")),
            "{}",
            r.text
        );
        let r = gw.v3(&stale, "GetAuthToken", &p).await;
        assert_eq!(
            (r.status, r.body["Code"].as_str()),
            (400, Some("InvalidTimeStamp.Expired")),
            "{}",
            r.text
        );
    }
    // Within the window is fine.
    let r = gw
        .v1(
            &Sign {
                timestamp: Some(now() - 14 * 60),
                ..Sign::demo()
            },
            "GET",
            "GetAuthToken",
            &p,
        )
        .await;
    assert_eq!(r.body["Code"], "OK", "{}", r.text);

    // Unsigned or half-signed requests.
    let r = gw
        .http
        .post(format!("{}/?Action=GetAuthToken", gw.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(v["Code"], "MissingParameter");
    let r = gw
        .http
        .post(format!("{}/", gw.base))
        .header("authorization", "ACS3-HMAC-SHA256 Credential=x")
        .header("x-acs-action", "GetAuthToken")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn get_auth_token_parameter_checks() {
    let gw = start().await;
    let s = Sign::demo();
    let url = format!("{}/", gw.origin);
    let o = gw.origin.clone();
    let call = |p: Vec<(&'static str, String)>| {
        let gw = &gw;
        let s = s.clone();
        async move {
            let p: Vec<(&str, &str)> = p.iter().map(|(k, v)| (*k, v.as_str())).collect();
            gw.v1(&s, "GET", "GetAuthToken", &p).await
        }
    };
    let base = [
        ("Url", url.clone()),
        ("Origin", o.clone()),
        ("SceneCode", common::SCENE.to_owned()),
        ("BizType", "0".to_owned()),
    ];

    for missing in ["Url", "Origin", "SceneCode", "BizType"] {
        let p: Vec<_> = base
            .iter()
            .filter(|(k, _)| *k != missing)
            .cloned()
            .collect();
        let r = call(p).await;
        assert_eq!(
            (r.status, r.body["Code"].as_str()),
            (400, Some("MissingParameter")),
            "{}",
            r.text
        );
        assert!(r.body["Message"].as_str().unwrap().contains(missing));
    }
    let with = |k: &'static str, v: &str| -> Vec<(&'static str, String)> {
        base.iter()
            .map(|(n, x)| {
                if *n == k {
                    (*n, v.to_owned())
                } else {
                    (*n, x.clone())
                }
            })
            .collect()
    };
    // Spellings of the registered page are normalised and accepted (tests/url_normalisation.rs).
    let r = call(with("Url", &o)).await;
    assert_eq!(r.body["Code"], "OK", "{}", r.text);
    let r = call(with("Origin", &url)).await;
    assert_eq!(r.body["Code"], "OK", "{}", r.text);
    let r = call(with("Url", &format!("{o}/index.html"))).await;
    assert_eq!(r.body["Code"], "isv.INVALID_PARAMETERS");
    let m = r.body["Message"].as_str().unwrap();
    assert!(m.contains("no path") && m.contains("e.g."), "{m}");
    let r = call(with("Origin", "javascript:alert(1)")).await;
    assert_eq!(r.body["Code"], "isv.INVALID_PARAMETERS");
    let r = call(with("Url", "https://elsewhere.example/")).await;
    assert_eq!(r.body["Code"], "isv.INVALID_PARAMETERS");
    assert!(
        r.body["Message"]
            .as_str()
            .unwrap()
            .contains(&format!("expected \"{url}\"")),
        "{}",
        r.text
    );
    let r = call(with("Origin", "https://elsewhere.example")).await;
    assert!(
        r.body["Message"]
            .as_str()
            .unwrap()
            .contains(&format!("expected \"{o}\"")),
        "{}",
        r.text
    );
    let r = call(with("BizType", "2")).await;
    assert_eq!(r.body["Code"], "isv.INVALID_PARAMETERS");
    let r = call(with("SceneCode", "FC999")).await;
    assert_eq!(r.body["Code"], "isv.SCENE_QUERY_FAIL", "{}", r.text);

    // Another account's scheme is unknown to this one.
    let acc = gw.sandbox("POST", "accounts", Some(json!({}))).await;
    let other = Sign::with(
        acc.body["accessKeyId"].as_str().unwrap(),
        acc.body["accessKeySecret"].as_str().unwrap(),
    );
    let r = gw
        .v1(
            &other,
            "GET",
            "GetAuthToken",
            &[
                ("Url", &url),
                ("Origin", &o),
                ("SceneCode", common::SCENE),
                ("BizType", "0"),
            ],
        )
        .await;
    assert_eq!(r.body["Code"], "isv.SCENE_QUERY_FAIL", "{}", r.text);

    let r = gw.v1(&s, "GET", "DescribeNothing", &[]).await;
    assert_eq!(
        (r.status, r.body["Code"].as_str()),
        (404, Some("InvalidAction.NotFound"))
    );
}

#[tokio::test]
async fn token_refusals() {
    let gw = start().await;
    let s = Sign::demo();
    let (dev, number) = gw.device(json!({"carrier": "CU", "select": false})).await;

    // Illegal numbers (token not spent), then a carrier mismatch (spent).
    let sp = gw.verify_token(&dev, "CU").await;
    for bad in [
        "1860000000",
        "186000000000",
        "28600000000",
        "12012345678",
        "1860000000x",
    ] {
        let r = gw.verify_phone(&s, &sp, bad).await;
        assert_eq!(
            r.body["Code"], "isv.MOBILE_NUMBER_ILLEGAL",
            "{bad}: {}",
            r.text
        );
    }
    let r = gw.verify_phone(&s, &sp, "13800138000").await;
    assert_eq!(r.body["Code"], "isv.PARAMETERS_MISMATCH", "{}", r.text);
    let r = gw.verify_phone(&s, &sp, &number).await;
    assert_eq!(
        r.body["Code"], "isv.TOKEN_INVALID",
        "spent by the mismatch answer: {}",
        r.text
    );

    // Used twice.
    let sp = gw.verify_token(&dev, "CU").await;
    let r = gw.verify_phone(&s, &sp, &number).await;
    assert_eq!(r.body["GateVerify"]["VerifyResult"], "PASS");
    let r = gw.verify_phone(&s, &sp, &number).await;
    assert_eq!(r.body["Code"], "isv.TOKEN_INVALID");

    // Another account's token: same answer as an unknown one, and the token stays usable by its owner.
    let acc = gw.sandbox("POST", "accounts", Some(json!({}))).await;
    let other = Sign::with(
        acc.body["accessKeyId"].as_str().unwrap(),
        acc.body["accessKeySecret"].as_str().unwrap(),
    );
    let sp = gw.verify_token(&dev, "CU").await;
    let r = gw.verify_phone(&other, &sp, &number).await;
    assert_eq!(r.body["Code"], "isv.TOKEN_INVALID");
    let forged = gw
        .v1(
            &s,
            "GET",
            "VerifyPhoneWithToken",
            &[
                (
                    "SpToken",
                    "sp1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                ),
                ("PhoneNumber", &number),
            ],
        )
        .await;
    assert_eq!(r.body["Message"], forged.body["Message"]);
    let r = gw.verify_phone(&s, &sp, &number).await;
    assert_eq!(r.body["GateVerify"]["VerifyResult"], "PASS", "{}", r.text);

    // Verification token to GetPhoneWithToken, and a login token to VerifyPhoneWithToken.
    let sp = gw.verify_token(&dev, "CU").await;
    let r = gw
        .v1(&s, "GET", "GetPhoneWithToken", &[("SpToken", &sp)])
        .await;
    assert_eq!(r.body["Code"], "isv.TOKEN_UNAUTHORIZED_USED", "{}", r.text);
    let (lt, _) = gw.mask(&dev, "CU").await;
    let login = gw.login(&dev, "CU", &lt, &number[3..7]).await.body["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = gw.verify_phone(&s, &login, &number).await;
    assert_eq!(r.body["Code"], "isv.TOKEN_UNAUTHORIZED_USED", "{}", r.text);
    // Neither was spent by the refusal.
    let r = gw
        .v1(&s, "GET", "GetPhoneWithToken", &[("SpToken", &login)])
        .await;
    assert_eq!(r.body["Data"]["Mobile"], number.as_str());

    // Tampered and malformed tokens.
    let sp = gw.verify_token(&dev, "CU").await;
    let mut t = sp.clone().into_bytes();
    let i = t.len() - 3;
    t[i] = if t[i] == b'A' { b'B' } else { b'A' };
    let t = String::from_utf8(t).unwrap();
    for bad in [
        t.as_str(),
        "sp1.",
        "garbage",
        "sp1.!!!!",
        &"A".repeat(10_000),
    ] {
        let r = gw
            .v1(&s, "POST", "GetPhoneWithToken", &[("SpToken", bad)])
            .await;
        assert_eq!(r.body["Code"], "isv.TOKEN_INVALID", "{}", r.text);
    }
    let r = gw
        .v1(
            &s,
            "GET",
            "VerifyPhoneWithToken",
            &[("PhoneNumber", &number)],
        )
        .await;
    assert_eq!(r.body["Code"], "MissingParameter");
    assert!(r.body["Message"].as_str().unwrap().contains("SpToken"));
}

#[tokio::test]
async fn expired_sp_tokens_and_deleted_schemes() {
    let gw = start().await;
    let s = Sign::demo();
    let scene = gw.scheme(json!({"lifetimes": {"spToken": 1}})).await;
    let (dev, number) = gw.device(json!({"carrier": "CT", "select": false})).await;
    let (at, jwt) = gw.tokens_for(&s, &scene, &gw.origin, 0).await;
    let chk = gw.tickets(&gw.origin, &at, &jwt, 0).await;
    let sp = gw.sp_token(&chk, "CT", &dev).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let r = gw.verify_phone(&s, &sp, &number).await;
    assert_eq!(r.body["Code"], "isv.TOKEN_INVALID", "{}", r.text);
    assert!(r.body["Message"].as_str().unwrap().contains("expired"));

    let sp = gw.verify_token(&dev, "CT").await;
    let scene2 = gw.scheme(json!({})).await;
    let (at, jwt) = gw.tokens_for(&s, &scene2, &gw.origin, 0).await;
    let chk = gw.tickets(&gw.origin, &at, &jwt, 0).await;
    let sp3 = gw.sp_token(&chk, "CT", &dev).await;
    assert_eq!(
        gw.sandbox("DELETE", &format!("schemes/{scene2}"), None)
            .await
            .status,
        204
    );
    let r = gw.verify_phone(&s, &sp3, &number).await;
    assert_eq!(r.body["Code"], "isv.VERIFY_SCHEME_NOT_EXIST", "{}", r.text);
    let r = gw.verify_phone(&s, &sp, &number).await;
    assert_eq!(r.body["GateVerify"]["VerifyResult"], "PASS");
    let r = gw
        .v1(
            &s,
            "GET",
            "GetAuthToken",
            &[
                ("Url", &format!("{}/", gw.origin)),
                ("Origin", &gw.origin),
                ("SceneCode", &scene2),
                ("BizType", "0"),
            ],
        )
        .await;
    assert_eq!(r.body["Code"], "isv.SCENE_QUERY_FAIL");
}

#[tokio::test]
async fn hostile_requests() {
    let gw = start().await;
    // Oversized body.
    let r = gw
        .http
        .post(format!("{}/", gw.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("a=".to_owned() + &"x".repeat(70 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert!(v["Code"].is_string());
    // Duplicate parameters, non-UTF-8 escapes, odd methods, JSON bodies.
    let r = gw
        .http
        .get(format!("{}/?Action=A&Action=B", gw.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = gw
        .http
        .get(format!("{}/?Action=%FF%FE&Signature=%", gw.base))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
    let r = gw
        .http
        .put(format!("{}/", gw.base))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    let r = gw
        .http
        .post(format!("{}/", gw.base))
        .header("content-type", "application/json")
        .body("{\"Action\":1}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = gw
        .http
        .post(format!("{}/", gw.base))
        .header(
            "authorization",
            "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=HOST,Signature=zz",
        )
        .header("x-acs-action", "GetAuthToken")
        .header("x-acs-version", "2017-05-25")
        .header("x-acs-date", "yesterday")
        .header("x-acs-signature-nonce", "n")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = gw
        .v1(
            &Sign::demo(),
            "GET",
            "GetAuthToken",
            &[
                ("Url", "\u{0}\u{ffff}"),
                ("Origin", "😀"),
                ("SceneCode", "x"),
                ("BizType", "0"),
            ],
        )
        .await;
    assert_eq!(r.body["Code"], "isv.INVALID_PARAMETERS");
}

#[tokio::test]
async fn throttling_per_account() {
    let gw = start().await;
    let acc = gw
        .sandbox("POST", "accounts", Some(json!({"qps": 2})))
        .await;
    let s = Sign::with(
        acc.body["accessKeyId"].as_str().unwrap(),
        acc.body["accessKeySecret"].as_str().unwrap(),
    );
    let mut throttled = false;
    for _ in 0..6 {
        let r = gw
            .v1(&s, "GET", "GetPhoneWithToken", &[("SpToken", "x")])
            .await;
        if r.body["Code"] == "Throttling.User" {
            assert_eq!(r.status, 400);
            throttled = true;
        }
    }
    assert!(throttled);
}
