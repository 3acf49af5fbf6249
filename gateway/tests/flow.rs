//! The whole flow over real HTTP: GetAuthToken → identity check → carrier → server verdicts.
mod common;

use common::{start, Gw, Sign};
use serde_json::json;

#[tokio::test]
async fn number_verification_pass_and_reject_v1() {
    let gw = start().await;
    let (dev, number) = gw.device(json!({"carrier": "CM", "select": false})).await;
    let sp = gw.verify_token(&dev, "CM").await;
    let r = gw
        .v1(
            &Sign::demo(),
            "GET",
            "VerifyPhoneWithToken",
            &[("SpToken", &sp), ("PhoneNumber", &number)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["Code"], "OK");
    assert_eq!(r.body["GateVerify"]["VerifyResult"], "PASS");
    assert!(r.body["GateVerify"]["VerifyId"].is_string());
    assert!(r.body["RequestId"].is_string());

    let sp = gw.verify_token(&dev, "CM").await;
    let other = if number.ends_with('0') {
        format!("{}1", &number[..10])
    } else {
        format!("{}0", &number[..10])
    };
    let r = gw
        .v1(
            &Sign::demo(),
            "POST",
            "VerifyPhoneWithToken",
            &[("SpToken", &sp), ("PhoneNumber", &other)],
        )
        .await;
    assert_eq!(r.body["GateVerify"]["VerifyResult"], "REJECT", "{}", r.text);
}

#[tokio::test]
async fn number_verification_with_acs3_and_form_bodies() {
    let gw = start().await;
    let (dev, number) = gw.device(json!({"carrier": "CT", "select": false})).await;
    // GetAuthToken signed with ACS3, the way the vendor's current clients do.
    let url = format!("{}/", gw.origin);
    let r = gw
        .v3(
            &Sign::demo(),
            "GetAuthToken",
            &[
                ("Url", &url),
                ("Origin", &gw.origin),
                ("SceneCode", common::SCENE),
                ("BizType", "0"),
            ],
        )
        .await;
    assert_eq!(r.body["Code"], "OK", "{}", r.text);
    let at = r.body["TokenInfo"]["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let jwt = r.body["TokenInfo"]["JwtToken"].as_str().unwrap().to_owned();
    let chk = gw.tickets(&gw.origin, &at, &jwt, 0).await;
    assert_eq!(chk["carriers"].as_array().unwrap().len(), 3);
    assert_eq!(
        chk["carriers"][2]["url"],
        format!("{}/carrier/ct/v1/", gw.base)
    );
    let r = gw
        .carrier(
            "CT",
            "token",
            &gw.origin,
            Some(&dev),
            &json!({"ticket": Gw::ticket(&chk, "CT")}),
        )
        .await;
    assert_eq!(r.body["ok"], true, "{}", r.text);
    assert_eq!(r.body["vender"], "CT");
    let sp = r.body["token"].as_str().unwrap();
    assert!(sp.starts_with("sp1."));
    let r = gw
        .v1_form(
            &Sign::demo(),
            "VerifyPhoneWithToken",
            &[("SpToken", sp), ("PhoneNumber", &number)],
        )
        .await;
    assert_eq!(r.body["GateVerify"]["VerifyResult"], "PASS", "{}", r.text);
}

#[tokio::test]
async fn one_click_login_flow() {
    let gw = start().await;
    for vender in ["CM", "CU", "CT"] {
        let (dev, number) = gw.device(json!({"carrier": vender, "select": false})).await;
        let (lt, masked) = gw.mask(&dev, vender).await;
        assert_eq!(masked, format!("{}****{}", &number[..3], &number[7..]));
        assert!(!lt.contains(&number[3..7]) || lt.starts_with("lt1."));
        let r = gw.login(&dev, vender, &lt, &number[3..7]).await;
        assert_eq!(r.body["ok"], true, "{}", r.text);
        let sp = r.body["token"].as_str().unwrap().to_owned();
        let r = gw
            .v3(&Sign::demo(), "GetPhoneWithToken", &[("SpToken", &sp)])
            .await;
        assert_eq!(r.body["Code"], "OK", "{}", r.text);
        assert_eq!(r.body["Data"]["Mobile"], number.as_str());
        // Single use: the login ticket and the spToken are spent.
        let r = gw.login(&dev, vender, &lt, &number[3..7]).await;
        assert_eq!(r.body["carrierRespCode"], "TICKET_INVALID");
        let r = gw
            .v3(&Sign::demo(), "GetPhoneWithToken", &[("SpToken", &sp)])
            .await;
        assert_eq!(r.body["Code"], "isv.TOKEN_INVALID");
    }
}

#[tokio::test]
async fn cookie_selects_the_device_and_default_device_is_demo_cm() {
    let gw = start().await;
    let r = gw
        .sandbox(
            "POST",
            "devices",
            Some(json!({"carrier": "CU", "number": "18600000001"})),
        )
        .await;
    let cookie = r.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("pns_sim=")
            && cookie.contains("Path=/")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_owned();
    let (at, jwt) = gw.tokens(0).await;
    let chk = gw.tickets(&gw.origin, &at, &jwt, 0).await;
    let r = gw
        .http
        .post(format!("{}/carrier/cu/v1/token", gw.base))
        .header("origin", &gw.origin)
        .header("cookie", &pair)
        .body(json!({"ticket": Gw::ticket(&chk, "CU")}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["access-control-allow-credentials"], "true");
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        gw.origin.as_str()
    );
    let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(v["ok"], true, "{v}");
    // No header, no cookie: the default device (the demo CM subscriber) answers CM, not CU.
    let r = gw
        .carrier(
            "CU",
            "token",
            &gw.origin,
            None,
            &json!({"ticket": Gw::ticket(&chk, "CU")}),
        )
        .await;
    assert_eq!(r.body["carrierRespCode"], "NOT_SUBSCRIBER");
    let r = gw
        .carrier(
            "CM",
            "token",
            &gw.origin,
            None,
            &json!({"ticket": Gw::ticket(&chk, "CM")}),
        )
        .await;
    assert_eq!(r.body["ok"], true, "{}", r.text);
}

#[tokio::test]
async fn demo_backend_runs_signed_calls_in_process() {
    let gw = start().await;
    let post = |path: &str, body: serde_json::Value| {
        gw.http
            .post(format!("{}/demo-backend/{path}", gw.base))
            .header("origin", &gw.origin)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };
    let v: serde_json::Value = serde_json::from_str(
        &post("auth-token", json!({"bizType": 0}))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let (at, jwt) = (
        v["accessToken"].as_str().unwrap().to_owned(),
        v["jwtToken"].as_str().unwrap().to_owned(),
    );
    let (dev, number) = gw.device(json!({"carrier": "CM", "select": false})).await;
    let chk = gw.tickets(&gw.origin, &at, &jwt, 0).await;
    let r = gw
        .carrier(
            "CM",
            "token",
            &gw.origin,
            Some(&dev),
            &json!({"ticket": Gw::ticket(&chk, "CM")}),
        )
        .await;
    let sp = r.body["token"].as_str().unwrap().to_owned();
    let v: serde_json::Value = serde_json::from_str(
        &post("verify", json!({"spToken": sp, "phoneNumber": number}))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(v["verifyResult"], "PASS", "{v}");
    let (lt, _) = gw.mask(&dev, "CM").await;
    let r = gw.login(&dev, "CM", &lt, &number[3..7]).await;
    let sp = r.body["token"].as_str().unwrap().to_owned();
    let v: serde_json::Value = serde_json::from_str(
        &post("phone", json!({"spToken": sp}))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(v["mobile"], number.as_str(), "{v}");
    // The localhost demo scheme is picked from the page's origin and names localhost as the gateway.
    let local = gw.origin.replace("127.0.0.1", "localhost");
    let r = gw
        .http
        .post(format!("{}/demo-backend/auth-token", gw.base))
        .header("origin", &local)
        .header("content-type", "application/json")
        .body(r#"{"bizType":1}"#)
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    let jwt = v["jwtToken"].as_str().unwrap();
    let claims = base64::Engine::decode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        jwt.split('.').nth(1).unwrap(),
    )
    .unwrap();
    let claims: serde_json::Value = serde_json::from_slice(&claims).unwrap();
    assert_eq!(claims["iss"], local.as_str());
    assert_eq!(claims["biz"], 1);
}

#[tokio::test]
async fn jwt_names_the_gateway_and_misc_endpoints() {
    let gw = start().await;
    let (_, jwt) = gw.tokens(0).await;
    let claims = base64::Engine::decode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        jwt.split('.').nth(1).unwrap(),
    )
    .unwrap();
    let claims: serde_json::Value = serde_json::from_slice(&claims).unwrap();
    assert_eq!(claims["iss"], gw.base.as_str());
    assert_eq!(claims["sub"], common::SCENE);
    let r = gw
        .http
        .get(format!("{}/healthz", gw.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.text().await.unwrap(), "ok");
    let r = gw.http.get(format!("{}/", gw.base)).send().await.unwrap();
    assert!(r.status().is_redirection());
    assert_eq!(r.headers()["location"], "/demo/");
    let r = gw.sandbox("GET", "info", None).await;
    assert_eq!(r.body["account"]["accessKeyId"], common::AK);
    assert_eq!(r.body["defaultDevice"]["number"], "13800138000");
    assert_eq!(r.body["schemes"][0]["origin"], gw.origin.as_str());
    let r = gw
        .http
        .get(format!("{}/nope", gw.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}
