//! The sandbox SMS inbox over loopback HTTP: the control API (list, latest code, clear, faults), delivery
//! faults, delivery receipts pushed to a tiny loopback receiver, and the sample backend's SMS calls.

mod common;

use axum::routing::post;
use axum::Router;
use common::{start, start_with};
use parking_lot::Mutex;
use pns_gateway::config::Config;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

const N: &str = "13800138000";

async fn set_fault(gw: &common::Gw, number: &str, body: &Value) -> reqwest::Response {
    gw.http
        .post(format!("{}/sandbox/v1/sms/faults/{number}", gw.base))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

async fn latest(gw: &common::Gw, number: &str) -> (u16, Value) {
    let r = gw
        .http
        .get(format!("{}/sandbox/v1/sms/inbox/{number}/latest", gw.base))
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    (
        s,
        serde_json::from_str(&r.text().await.unwrap()).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn latest_code_list_and_clear() {
    let gw = start().await;
    let info: Value = serde_json::from_str(
        &gw.http
            .get(format!("{}/sandbox/v1/info", gw.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(info["sms"]["signName"], pns_gateway::sms::DEMO_SIGN_NAME);
    assert_eq!(
        info["sms"]["templateCode"],
        pns_gateway::sms::DEMO_TEMPLATE_CODE
    );
    assert_eq!(latest(&gw, N).await.0, 404);
    let code = gw.sms_code(N, &[]).await;
    let (s, v) = latest(&gw, N).await;
    assert_eq!(s, 200);
    assert_eq!(v["code"], code.as_str());
    let code2 = gw.sms_code(N, &[("Interval", "0")]).await;
    assert_eq!(
        latest(&gw, N).await.1["code"],
        code2.as_str(),
        "newest first"
    );
    assert_eq!(gw.inbox_len(N).await, 2);
    gw.sms_code("13800138001", &[]).await;
    let r = gw
        .http
        .delete(format!("{}/sandbox/v1/sms/inbox/{N}", gw.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(gw.inbox_len(N).await, 0);
    assert_eq!(gw.inbox_len("13800138001").await, 1);
    let r = gw
        .http
        .delete(format!("{}/sandbox/v1/sms/inbox", gw.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(gw.inbox_len("13800138001").await, 0);
    // Clearing the inbox does not spend the code.
    assert_eq!(gw.sms_check(N, &code2, &[]).await, "PASS");
}

#[tokio::test]
async fn delayed_failed_and_unreachable_faults() {
    let gw = start().await;
    let r = set_fault(&gw, N, &json!({"mode": "delayed", "delayMs": 700})).await;
    assert_eq!(r.status(), 200);
    let code = gw.sms_code(N, &[]).await;
    assert_eq!(gw.inbox(N).await["messages"][0]["status"], "pending");
    assert_eq!(latest(&gw, N).await.0, 404, "not on the phone yet");
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(latest(&gw, N).await.1["code"], code.as_str());

    for (mode, status) in [("failed", "failed"), ("unreachable", "unreachable")] {
        let m = "13800138005";
        set_fault(&gw, m, &json!({ "mode": mode })).await;
        let r = gw.sms_send(m, &[("Interval", "0")]).await;
        assert_eq!(
            r.body["Code"], "OK",
            "the service accepts the send: {}",
            r.text
        );
        assert_eq!(gw.inbox(m).await["messages"][0]["status"], status);
        assert_eq!(latest(&gw, m).await.0, 404);
    }
    set_fault(&gw, N, &json!({"mode": "none"})).await;
    let f: Value = serde_json::from_str(
        &gw.http
            .get(format!("{}/sandbox/v1/sms/faults/{N}", gw.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(f["mode"], "none");
}

#[tokio::test]
async fn control_api_refusals() {
    let gw = start().await;
    for (body, want) in [
        (json!({"mode": "sometimes"}), 400),
        (json!({"mode": "delayed", "delayMs": 600_001}), 400),
        (json!({"mode": "failed", "delayMs": 5}), 400),
        (json!({"mode": "none", "extra": 1}), 400),
    ] {
        assert_eq!(set_fault(&gw, N, &body).await.status(), want, "{body}");
    }
    let r = gw
        .http
        .post(format!("{}/sandbox/v1/sms/faults/{N}", gw.base))
        .header("content-type", "text/plain")
        .body(r#"{"mode":"failed"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415, "JSON only");
    assert_eq!(gw.inbox(N).await["fault"]["mode"], "none", "nothing set");
    for path in ["inbox/123", "inbox/abc/latest", "faults/1380013800x"] {
        let r = gw
            .http
            .get(format!("{}/sandbox/v1/sms/{path}", gw.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{path}");
    }
    // Sandbox API off: the inbox is not there.
    let off = start_with(Config::default()).await;
    let r = off
        .http
        .get(format!("{}/sandbox/v1/sms/inbox/{N}", off.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

/// A loopback receipt receiver: answers each push with the next status of `answers` (then 200), records bodies.
async fn receiver(answers: Vec<u16>) -> (String, Arc<Mutex<Vec<Value>>>) {
    let got: Arc<Mutex<Vec<Value>>> = Arc::default();
    let answers = Arc::new(Mutex::new(answers.into_iter()));
    let g = got.clone();
    let app = Router::new().route(
        "/receipts",
        post(move |body: String| {
            let g = g.clone();
            let answers = answers.clone();
            async move {
                g.lock()
                    .push(serde_json::from_str(&body).unwrap_or(Value::Null));
                let status = answers.lock().next().unwrap_or(200);
                (
                    axum::http::StatusCode::from_u16(status).unwrap(),
                    r#"{"code":0,"msg":"接收成功"}"#,
                )
            }
        }),
    );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/receipts", l.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(l, app).await });
    (url, got)
}

fn receipts_config(url: &str) -> Config {
    Config::from_toml(&format!(
        "sandbox = true\n[sms.receipts]\nurl = \"{url}\"\nretry_delays_ms = [50, 50]\ntimeout_ms = 2000\n"
    ))
    .unwrap()
}

async fn wait_for(got: &Arc<Mutex<Vec<Value>>>, n: usize) {
    for _ in 0..100 {
        if got.lock().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn receipts_are_pushed_in_the_vendor_shape_and_retried() {
    let (url, got) = receiver(vec![500]).await;
    let gw = start_with(receipts_config(&url)).await;
    let r = gw.sms_send(N, &[("OutId", "o-7")]).await;
    assert_eq!(r.body["Code"], "OK");
    wait_for(&got, 2).await;
    let all = got.lock().clone();
    assert_eq!(all.len(), 2, "one failure, one retry: {all:?}");
    let rec = &all[1][0];
    assert_eq!(rec["phone_number"], N);
    assert_eq!(rec["success"], true);
    assert_eq!(rec["err_code"], "DELIVERED");
    assert_eq!(rec["biz_id"], r.body["Model"]["BizId"]);
    assert_eq!(rec["out_id"], "o-7");
    assert_eq!(rec["sms_size"], "1");
    for f in ["send_time", "report_time"] {
        let t = rec[f].as_str().unwrap();
        assert_eq!(t.len(), 19, "{t}");
        assert_eq!(&t[10..11], " ");
    }
}

#[tokio::test]
async fn receipt_retries_are_bounded_and_failures_reported() {
    let (url, got) = receiver(vec![500, 503, 500, 500, 500]).await;
    let gw = start_with(receipts_config(&url)).await;
    set_fault(&gw, N, &json!({"mode": "unreachable"})).await;
    gw.sms_send(N, &[]).await;
    wait_for(&got, 3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let all = got.lock().clone();
    assert_eq!(all.len(), 3, "first push and two retries, then it gives up");
    assert_eq!(all[0][0]["success"], false);
    assert_eq!(all[0][0]["err_code"], "EXPIRED");
    assert_eq!(gw.state.sms.receipts.as_ref().unwrap().in_flight(), 0);
}

#[tokio::test]
async fn a_receiver_that_never_answers_times_out_and_waiting_receipts_are_bounded() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/r", l.local_addr().unwrap());
    let cfg = Config::from_toml(&format!(
        "sandbox = true\n[sms.limits]\nreceipts_in_flight = 1\n[sms.receipts]\nurl = \"{url}\"\nretry_delays_ms = []\ntimeout_ms = 200\n"
    ))
    .unwrap();
    let gw = start_with(cfg).await;
    gw.sms_send(N, &[]).await;
    let receipts = gw.state.sms.receipts.as_ref().unwrap();
    assert_eq!(receipts.in_flight(), 1);
    // The bound: a second send while one receipt waits is answered, its receipt dropped.
    let r = gw.sms_send("13800138001", &[]).await;
    assert_eq!(r.body["Code"], "OK");
    assert_eq!(receipts.in_flight(), 1);
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        receipts.in_flight(),
        0,
        "the push gave up after its timeout"
    );
    drop(l);
}

#[tokio::test]
async fn sample_backend_sends_and_checks() {
    let gw = start().await;
    let post = |path: &'static str, body: Value| {
        let gw = &gw;
        async move {
            let r = gw
                .http
                .post(format!("{}/demo-backend/sms/{path}", gw.base))
                .header("content-type", "application/json")
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            let s = r.status().as_u16();
            (
                s,
                serde_json::from_str::<Value>(&r.text().await.unwrap()).unwrap(),
            )
        }
    };
    let (s, v) = post("send", json!({"phoneNumber": N})).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["code"], "OK");
    let code = latest(&gw, N).await.1["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    let (_, v) = post("send", json!({"phoneNumber": N})).await;
    assert_eq!(
        v["code"], "biz.FREQUENCY",
        "the sample backend's 60 s interval"
    );
    let (_, v) = post("check", json!({"phoneNumber": N, "verifyCode": "00-000"})).await;
    assert_eq!(v["code"], "isv.INVALID_PARAMETERS");
    let (_, v) = post("check", json!({"phoneNumber": N, "verifyCode": code})).await;
    assert_eq!(v["verifyResult"], "PASS", "{v}");
    let (s, v) = post("send", json!({"phone": N})).await;
    assert_eq!(s, 400, "{v}");
    let (_, v) = post("send", json!({"phoneNumber": "12"})).await;
    assert_eq!(v["code"], "isv.MOBILE_NUMBER_ILLEGAL");
    for path in ["send", "check"] {
        let r = gw
            .http
            .post(format!("{}/demo-backend/sms/{path}", gw.base))
            .header("content-type", "text/plain")
            .body(json!({"phoneNumber": "13800138001"}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415, "{path}: JSON only");
    }
    assert_eq!(gw.inbox_len("13800138001").await, 0);
}
