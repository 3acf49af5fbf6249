//! The simulated carriers: subscriber rules, faults, tickets, CM daily limit, middle-four entry and locks.
mod common;

use common::{start, Gw};
use serde_json::{json, Value};

async fn verify_tickets(gw: &Gw) -> Value {
    let (at, jwt) = gw.tokens(0).await;
    gw.tickets(&gw.origin, &at, &jwt, 0).await
}

#[tokio::test]
async fn subscriber_connection_and_device_rules() {
    let gw = start().await;
    let chk = verify_tickets(&gw).await;
    let t = |v: &str| json!({"ticket": Gw::ticket(&chk, v), "requestId": "rq"});
    let (cm, _) = gw.device(json!({"carrier": "CM", "select": false})).await;
    // Only the SIM's carrier answers.
    let r = gw
        .carrier("CU", "token", &gw.origin, Some(&cm), &t("CU"))
        .await;
    assert_eq!(
        (r.body["ok"].as_bool(), r.body["carrierRespCode"].as_str()),
        (Some(false), Some("NOT_SUBSCRIBER"))
    );
    assert_eq!(r.body["vender"], "CU");
    assert_eq!(r.body["carrierSdkCode"], "1102");
    assert!(r.body.get("token").is_none());
    assert_eq!(r.body["requestId"], "rq");
    let r = gw
        .carrier("CT", "token", &gw.origin, Some(&cm), &t("CT"))
        .await;
    assert_eq!(r.body["carrierRespCode"], "NOT_SUBSCRIBER");
    assert!(r.body["carrierSdkCode"].as_str().unwrap().starts_with('-'));
    // Wi-Fi and offline devices.
    for conn in ["wifi", "none"] {
        let (d, _) = gw
            .device(json!({"carrier": "CM", "connection": conn, "select": false}))
            .await;
        let r = gw
            .carrier("CM", "token", &gw.origin, Some(&d), &t("CM"))
            .await;
        assert_eq!(r.body["carrierRespCode"], "NO_CELLULAR", "{}", r.text);
    }
    // PATCH the connection back to cellular.
    let (d, _) = gw
        .device(json!({"carrier": "CM", "connection": "wifi", "select": false}))
        .await;
    assert_eq!(
        gw.sandbox(
            "PATCH",
            &format!("devices/{d}"),
            Some(json!({"connection": "cellular"}))
        )
        .await
        .status,
        200
    );
    assert_eq!(
        gw.carrier("CM", "token", &gw.origin, Some(&d), &t("CM"))
            .await
            .body["ok"],
        true
    );
    // Unknown device.
    let r = gw
        .carrier("CM", "token", &gw.origin, Some("no-such-device"), &t("CM"))
        .await;
    assert_eq!(r.body["carrierRespCode"], "DEVICE_UNKNOWN");
    // Device validation.
    let r = gw
        .sandbox(
            "POST",
            "devices",
            Some(json!({"carrier": "CM", "number": "18612345678"})),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = gw
        .sandbox("POST", "devices", Some(json!({"carrier": "XX"})))
        .await;
    assert_eq!(r.status, 400);
    let r = gw
        .sandbox(
            "POST",
            "devices",
            Some(json!({"number": "18912345670", "select": false})),
        )
        .await;
    assert_eq!(r.body["carrier"], "CT");
    assert_eq!(gw.sandbox("GET", "devices/nope", None).await.status, 404);
}

#[tokio::test]
async fn faults_per_device() {
    let gw = start().await;
    let chk = verify_tickets(&gw).await;
    let t = json!({"ticket": Gw::ticket(&chk, "CM")});
    for (fault, code) in [
        ("maintenance", "MAINTENANCE"),
        ("quota", "QUOTA"),
        ("blocked", "BLOCKED"),
    ] {
        let (d, _) = gw
            .device(json!({"carrier": "CM", "faults": {"CM": {fault: true}}, "select": false}))
            .await;
        let r = gw.carrier("CM", "token", &gw.origin, Some(&d), &t).await;
        assert_eq!(r.body["carrierRespCode"], code, "{}", r.text);
        assert_eq!(r.body["ok"], false);
    }
    // Other devices are unaffected; a CU fault does not touch CM.
    let (d, _) = gw
        .device(json!({"carrier": "CM", "faults": {"CU": {"maintenance": true}}, "select": false}))
        .await;
    assert_eq!(
        gw.carrier("CM", "token", &gw.origin, Some(&d), &t)
            .await
            .body["ok"],
        true
    );
    let r = gw
        .carrier(
            "CU",
            "token",
            &gw.origin,
            Some(&d),
            &json!({"ticket": Gw::ticket(&chk, "CU")}),
        )
        .await;
    assert_eq!(r.body["carrierRespCode"], "MAINTENANCE");
    // Slow answers.
    let (d, _) = gw
        .device(json!({"carrier": "CM", "faults": {"CM": {"delayMs": 300}}, "select": false}))
        .await;
    let started = std::time::Instant::now();
    assert_eq!(
        gw.carrier("CM", "token", &gw.origin, Some(&d), &t)
            .await
            .body["ok"],
        true
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    // Faults can be switched off.
    let (d, _) = gw
        .device(json!({"carrier": "CM", "faults": {"CM": {"blocked": true}}, "select": false}))
        .await;
    gw.sandbox(
        "PATCH",
        &format!("devices/{d}"),
        Some(json!({"faults": {}})),
    )
    .await;
    assert_eq!(
        gw.carrier("CM", "token", &gw.origin, Some(&d), &t)
            .await
            .body["ok"],
        true
    );
}

#[tokio::test]
async fn ticket_checks() {
    let gw = start().await;
    let chk = verify_tickets(&gw).await;
    let (d, _) = gw.device(json!({"carrier": "CU", "select": false})).await;
    let good = Gw::ticket(&chk, "CU");
    // Forged, tampered, another carrier's, missing, wrong origin.
    let mut tampered = good.clone().into_bytes();
    tampered[10] = if tampered[10] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    for bad in [
        json!({"ticket": "ct1.e30.AAAA"}),
        json!({"ticket": tampered}),
        json!({"ticket": Gw::ticket(&chk, "CM")}),
        json!({}),
        json!({"ticket": 5}),
    ] {
        let r = gw.carrier("CU", "token", &gw.origin, Some(&d), &bad).await;
        assert_eq!(
            r.body["carrierRespCode"], "TICKET_INVALID",
            "{bad}: {}",
            r.text
        );
    }
    let r = gw
        .carrier(
            "CU",
            "token",
            "http://evil.example",
            Some(&d),
            &json!({"ticket": good}),
        )
        .await;
    assert_eq!(r.body["carrierRespCode"], "TICKET_INVALID");
    assert_eq!(
        r.headers["access-control-allow-origin"],
        "http://evil.example"
    );
    // Business type: a verification ticket cannot mask, a login ticket cannot get a verification token.
    let r = gw
        .carrier("CU", "mask", &gw.origin, Some(&d), &json!({"ticket": good}))
        .await;
    assert_eq!(r.body["carrierRespCode"], "BIZ_MISMATCH");
    let (at, jwt) = gw.tokens(1).await;
    let lchk = gw.tickets(&gw.origin, &at, &jwt, 1).await;
    let r = gw
        .carrier(
            "CU",
            "token",
            &gw.origin,
            Some(&d),
            &json!({"ticket": Gw::ticket(&lchk, "CU")}),
        )
        .await;
    assert_eq!(r.body["carrierRespCode"], "BIZ_MISMATCH");
    // Forged login tickets.
    let r = gw
        .login(
            &d,
            "CU",
            "lt1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "1234",
        )
        .await;
    assert_eq!(r.body["carrierRespCode"], "TICKET_INVALID");
    // Non-JSON and oversized bodies are 4xx in the same shape; unknown paths 404.
    let r = gw
        .carrier_raw("CU", "token", &gw.origin, Some(&d), "not json".into())
        .await;
    assert_eq!((r.status, r.body["ok"].as_bool()), (400, Some(false)));
    let r = gw
        .carrier_raw("CU", "token", &gw.origin, Some(&d), "x".repeat(17 * 1024))
        .await;
    assert_eq!(r.status, 413);
    let r = gw
        .http
        .post(format!("{}/carrier/xx/v1/token", gw.base))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = gw
        .http
        .post(format!("{}/carrier/CM/v1/token", gw.base))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn cm_daily_limit() {
    let gw = start().await;
    let chk = verify_tickets(&gw).await;
    let t = json!({"ticket": Gw::ticket(&chk, "CM")});
    let (d, number) = gw.device(json!({"carrier": "CM", "select": false})).await;
    for i in 0..10 {
        assert_eq!(
            gw.carrier("CM", "token", &gw.origin, Some(&d), &t)
                .await
                .body["ok"],
            true,
            "verification {i}"
        );
    }
    let r = gw.carrier("CM", "token", &gw.origin, Some(&d), &t).await;
    assert_eq!(r.body["carrierRespCode"], "DAILY_LIMIT");
    // The limit is the number's: a second device with the same SIM number hits it too.
    let (d2, _) = gw
        .device(json!({"carrier": "CM", "number": number, "select": false}))
        .await;
    assert_eq!(
        gw.carrier("CM", "token", &gw.origin, Some(&d2), &t)
            .await
            .body["carrierRespCode"],
        "DAILY_LIMIT"
    );
    // CU has no such limit.
    let (cu, _) = gw.device(json!({"carrier": "CU", "select": false})).await;
    let tu = json!({"ticket": Gw::ticket(&chk, "CU")});
    for _ in 0..12 {
        assert_eq!(
            gw.carrier("CU", "token", &gw.origin, Some(&cu), &tu)
                .await
                .body["ok"],
            true
        );
    }
}

#[tokio::test]
async fn wrong_digits_lock_cm_and_ct_but_not_cu() {
    let gw = start().await;
    for vender in ["CM", "CT"] {
        let (d, number) = gw.device(json!({"carrier": vender, "select": false})).await;
        let wrong = if &number[3..7] == "0000" {
            "1111"
        } else {
            "0000"
        };
        let (lt, _) = gw.mask(&d, vender).await;
        let r = gw.login(&d, vender, &lt, wrong).await;
        assert_eq!(
            (
                r.body["carrierRespCode"].as_str(),
                r.body["remaining"].as_u64()
            ),
            (Some("WRONG_DIGITS"), Some(2)),
            "{}",
            r.text
        );
        let r = gw.login(&d, vender, &lt, "12a").await;
        assert_eq!(
            (
                r.body["carrierRespCode"].as_str(),
                r.body["remaining"].as_u64()
            ),
            (Some("WRONG_DIGITS"), Some(1))
        );
        let r = gw.login(&d, vender, &lt, wrong).await;
        assert_eq!(
            (
                r.body["carrierRespCode"].as_str(),
                r.body["remaining"].as_u64()
            ),
            (Some("LOCKED"), Some(0))
        );
        // The third wrong entry also spent the login ticket; and the number is locked: a fresh mask is refused.
        let r = gw.login(&d, vender, &lt, &number[3..7]).await;
        assert_eq!(r.body["carrierRespCode"], "TICKET_INVALID");
        let (at, jwt) = gw.tokens(1).await;
        let chk = gw.tickets(&gw.origin, &at, &jwt, 1).await;
        let r = gw
            .carrier(
                vender,
                "mask",
                &gw.origin,
                Some(&d),
                &json!({"ticket": Gw::ticket(&chk, vender)}),
            )
            .await;
        assert_eq!(r.body["carrierRespCode"], "LOCKED");
    }
    // CU: no lock of the number, remaining is null; a login ticket allows two wrong entries and the right one...
    let (d, number) = gw.device(json!({"carrier": "CU", "select": false})).await;
    let wrong = if &number[3..7] == "0000" {
        "1111"
    } else {
        "0000"
    };
    let (lt, _) = gw.mask(&d, "CU").await;
    for _ in 0..2 {
        let r = gw.login(&d, "CU", &lt, wrong).await;
        assert_eq!(r.body["carrierRespCode"], "WRONG_DIGITS");
        assert!(r.body["remaining"].is_null(), "{}", r.text);
    }
    let r = gw.login(&d, "CU", &lt, &number[3..7]).await;
    assert_eq!(r.body["ok"], true, "{}", r.text);
    // ...and is spent by its third wrong entry, after which the number still works with a new mask.
    let (lt, _) = gw.mask(&d, "CU").await;
    for _ in 0..3 {
        let r = gw.login(&d, "CU", &lt, wrong).await;
        assert_eq!(r.body["carrierRespCode"], "WRONG_DIGITS", "{}", r.text);
    }
    let r = gw.login(&d, "CU", &lt, &number[3..7]).await;
    assert_eq!(r.body["carrierRespCode"], "TICKET_INVALID", "{}", r.text);
    let (lt, _) = gw.mask(&d, "CU").await;
    let r = gw.login(&d, "CU", &lt, &number[3..7]).await;
    assert_eq!(r.body["ok"], true, "{}", r.text);
    // Correct entry resets the CM count.
    let (d, number) = gw.device(json!({"carrier": "CM", "select": false})).await;
    let wrong = if &number[3..7] == "0000" {
        "1111"
    } else {
        "0000"
    };
    let (lt, _) = gw.mask(&d, "CM").await;
    gw.login(&d, "CM", &lt, wrong).await;
    gw.login(&d, "CM", &lt, wrong).await;
    assert_eq!(
        gw.login(&d, "CM", &lt, &number[3..7]).await.body["ok"],
        true
    );
    let (lt, _) = gw.mask(&d, "CM").await;
    assert_eq!(gw.login(&d, "CM", &lt, wrong).await.body["remaining"], 2);
}

#[tokio::test]
async fn login_ticket_is_bound_to_its_sim() {
    let gw = start().await;
    let (d, number) = gw.device(json!({"carrier": "CT", "select": false})).await;
    let (lt, masked) = gw.mask(&d, "CT").await;
    assert_eq!(masked.len(), 11);
    assert!(!lt.contains(&number));
    let (other, _) = gw.device(json!({"carrier": "CT", "select": false})).await;
    let r = gw.login(&other, "CT", &lt, &number[3..7]).await;
    assert_eq!(r.body["carrierRespCode"], "NOT_SUBSCRIBER");
    let r = gw
        .carrier(
            "CM",
            "login",
            &gw.origin,
            Some(&d),
            &json!({"loginTicket": lt, "digits": &number[3..7]}),
        )
        .await;
    assert_eq!(r.body["carrierRespCode"], "TICKET_INVALID");
    let r = gw
        .carrier(
            "CT",
            "login",
            "http://evil.example",
            Some(&d),
            &json!({"loginTicket": lt, "digits": &number[3..7]}),
        )
        .await;
    assert_eq!(r.body["carrierRespCode"], "TICKET_INVALID");
    assert_eq!(
        gw.login(&d, "CT", &lt, &number[3..7]).await.body["ok"],
        true
    );
}
