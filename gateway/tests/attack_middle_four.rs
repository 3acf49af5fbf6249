//! Finding 5 of docs/security.md: brute force of the middle four digits. On CU (which never locks a number) one
//! AccessToken pair now allows at most 10 checks × 10 masks × 3 wrong entries; on CM/CT, 200 concurrent guesses
//! over many login tickets are compared at most 3 times before the 24-hour lock, never a 4th.

mod common;

use common::{Gw, Sign, SCENE};
use serde_json::{json, Value};

fn wrong_guesses(number: &str) -> impl Iterator<Item = String> + '_ {
    (0..10_000u32)
        .map(|g| format!("{g:04}"))
        .filter(move |g| g.as_str() != &number[3..7])
}

#[tokio::test]
async fn cu_brute_force_from_one_access_token_pair_is_bounded() {
    let gw = common::start().await;
    let (d, number) = gw.device(json!({"carrier": "CU", "select": false})).await;
    let (at, jwt) = gw.tokens_for(&Sign::demo(), SCENE, &gw.origin, 1).await;
    let body = json!({"accessToken": at, "jwtToken": jwt, "bizType": 1});
    let mut guesses = wrong_guesses(&number);
    let mut compared = 0;
    // Try far more than the caps allow: every check, mask and guess the gateway will take.
    for _ in 0..20 {
        let chk = gw.check(Some(&gw.origin), &body).await;
        if chk.body["code"] != 600000 {
            assert_eq!(chk.body["code"], 600034, "{}", chk.text);
            continue;
        }
        let ticket = json!({"ticket": Gw::ticket(&chk.body, "CU")});
        for _ in 0..12 {
            let m = gw
                .carrier("CU", "mask", &gw.origin, Some(&d), &ticket)
                .await;
            if m.body["ok"] != true {
                assert_eq!(m.body["carrierRespCode"], "TICKET_INVALID", "{}", m.text);
                continue;
            }
            let lt = m.body["loginTicket"].as_str().unwrap().to_owned();
            for _ in 0..5 {
                let r = gw.login(&d, "CU", &lt, &guesses.next().unwrap()).await;
                match r.body["carrierRespCode"].as_str() {
                    Some("WRONG_DIGITS") => compared += 1,
                    Some("TICKET_INVALID") => {}
                    other => panic!("unexpected {other:?}: {}", r.text),
                }
            }
        }
    }
    // Before: all 10,000 candidates from one login ticket in seconds.
    assert_eq!(
        compared,
        10 * 10 * 3,
        "wrong entries compared from one AccessToken pair"
    );
}

/// Login tickets for `d` on `vender`, from as many identity checks as needed (one AccessToken pair per 10).
async fn login_tickets(gw: &Gw, d: &str, vender: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    while out.len() < n {
        let (at, jwt) = gw.tokens(1).await;
        let body = json!({"accessToken": at, "jwtToken": jwt, "bizType": 1});
        for _ in 0..10 {
            let chk = gw.check(Some(&gw.origin), &body).await;
            assert_eq!(chk.body["code"], 600000, "{}", chk.text);
            let ticket = json!({"ticket": Gw::ticket(&chk.body, vender)});
            for _ in 0..3 {
                let m = gw
                    .carrier(vender, "mask", &gw.origin, Some(d), &ticket)
                    .await;
                assert_eq!(m.body["ok"], true, "{}", m.text);
                out.push(m.body["loginTicket"].as_str().unwrap().to_owned());
            }
            if out.len() >= n {
                return out;
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_guesses_on_cm_and_ct_never_compare_a_fourth() {
    let gw = common::start().await;
    for round in 0..6 {
        let vender = if round % 2 == 0 { "CM" } else { "CT" };
        let (d, number) = gw.device(json!({"carrier": vender, "select": false})).await;
        let tickets = login_tickets(&gw, &d, vender, 20).await;
        let mut guesses = wrong_guesses(&number);
        let mut tasks = Vec::new();
        for i in 0..200 {
            let lt = tickets[i % tickets.len()].clone();
            let guess = guesses.next().unwrap();
            let (http, base, origin, d) = (
                gw.http.clone(),
                gw.base.clone(),
                gw.origin.clone(),
                d.clone(),
            );
            let vender = vender.to_lowercase();
            tasks.push(tokio::spawn(async move {
                let r = http
                    .post(format!("{base}/carrier/{vender}/v1/login"))
                    .header("origin", &origin)
                    .header("content-type", "text/plain;charset=UTF-8")
                    .header("x-pns-sim", &d)
                    .body(json!({"loginTicket": lt, "digits": guess}).to_string())
                    .send()
                    .await
                    .unwrap();
                serde_json::from_str::<Value>(&r.text().await.unwrap()).unwrap()
            }));
        }
        let (mut compared, mut locked_now) = (0, 0);
        for t in tasks {
            let v = t.await.unwrap();
            let detail = v["detail"].as_str().unwrap_or_default();
            match v["carrierRespCode"].as_str() {
                Some("WRONG_DIGITS") => compared += 1,
                // The entry that locked the number was compared; later ones are refused before comparing.
                Some("LOCKED") if detail.contains("wrong entries:") => locked_now += 1,
                Some("LOCKED" | "TICKET_INVALID") => {}
                other => panic!("unexpected {other:?}: {v}"),
            }
        }
        assert_eq!(
            (compared, locked_now),
            (2, 1),
            "round {round} ({vender}): entries compared before the lock"
        );
        // The number is locked: even the right digits on an unused ticket are refused, and no new mask is given.
        let r = gw
            .login(&d, vender, &tickets[tickets.len() - 1], &number[3..7])
            .await;
        assert!(
            ["LOCKED", "TICKET_INVALID"]
                .contains(&r.body["carrierRespCode"].as_str().unwrap_or("")),
            "{}",
            r.text
        );
        assert_ne!(r.body["ok"], true);
    }
}
