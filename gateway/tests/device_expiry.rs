//! Sandbox API devices expire when idle (`limits.device_idle_secs`); configured devices never do.
//!
//! Expiries are whole Unix seconds rounded up, so a device unused for an idle lifetime of L seconds is gone at
//! most L + 1 s after its last use: the tests sleep well past that before asserting a device is gone, and assert
//! a device is still there only when less than half its lifetime can have passed since its last use.
mod common;

use common::{start_with, Gw};
use pns_gateway::config::{
    Config, Connection, DeviceConfig, FaultMap, DEFAULT_DEVICE_IDLE_SECS, MAX_DEVICE_IDLE_SECS,
};
use pns_gateway::phone::Carrier;
use pns_gateway::state::RegistryError;
use pns_gateway::State;
use serde_json::json;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Comfortably past a 1 s idle lifetime (gone by 2 s after the last use at the latest).
const PAST_1S: Duration = Duration::from_millis(3_500);
/// Comfortably past a 2 s idle lifetime (gone by 3 s after the last use at the latest).
const PAST_2S: Duration = Duration::from_millis(5_000);

fn sandbox_idle(secs: u64) -> Config {
    let mut cfg = Config::sandbox();
    cfg.limits.device_idle_secs = secs;
    cfg
}

/// A carrier request that names `device` with a ticket no carrier issued: `DEVICE_UNKNOWN` when the device is
/// gone, `TICKET_INVALID` when it is there (the device is checked first). A use of the device either way.
async fn carrier_probe(gw: &Gw, device: &str) -> (String, String) {
    let r = gw
        .carrier(
            "CU",
            "token",
            &gw.origin,
            Some(device),
            &json!({"ticket": "not-a-ticket", "requestId": "probe"}),
        )
        .await;
    assert_eq!(r.body["ok"], false, "{}", r.text);
    (
        r.body["carrierRespCode"].as_str().unwrap_or("").to_owned(),
        r.body["detail"].as_str().unwrap_or("").to_owned(),
    )
}

/// What every device endpoint answers for `id`: (GET, PATCH, select) as (status, error, message), and the
/// carrier's (carrierRespCode, detail), each with `id` replaced by `<id>` so answers for two ids compare.
async fn answers_for(gw: &Gw, id: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (method, path, body) in [
        ("GET", format!("devices/{id}"), None),
        (
            "PATCH",
            format!("devices/{id}"),
            Some(json!({"connection": "wifi"})),
        ),
        ("POST", format!("devices/{id}/select"), None),
    ] {
        let r = gw.sandbox(method, &path, body).await;
        out.push((
            r.status.to_string(),
            r.body["error"].as_str().unwrap_or("").to_owned(),
            r.body["message"].as_str().unwrap_or("").replace(id, "<id>"),
        ));
    }
    let (code, detail) = carrier_probe(gw, id).await;
    out.push(("carrier".into(), code, detail.replace(id, "<id>")));
    out
}

#[tokio::test]
async fn idle_sandbox_device_is_removed_and_answered_as_unknown() {
    let gw = start_with(sandbox_idle(1)).await;
    let (id, number) = gw
        .device(json!({"id": "idle-phone", "carrier": "CU", "select": false}))
        .await;
    tokio::time::sleep(PAST_1S).await;

    // Every endpoint answers exactly as for an id that never existed.
    let expired = answers_for(&gw, &id).await;
    let never = answers_for(&gw, "never-created").await;
    assert_eq!(expired, never);
    assert_eq!(
        expired[0],
        (
            "404".to_owned(),
            "NOT_FOUND".to_owned(),
            "no device \"<id>\"".to_owned()
        )
    );
    assert_eq!(expired[3].1, "DEVICE_UNKNOWN");

    // The sweep drops it (only the demo devices stay), and the id is free again.
    gw.state.sweep();
    assert_eq!(gw.state.device_count(), 3);
    let r = gw
        .sandbox(
            "POST",
            "devices",
            Some(json!({"id": id, "number": number, "select": false})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
}

#[tokio::test]
async fn device_in_use_stays_past_its_idle_lifetime() {
    const IDLE: Duration = Duration::from_secs(2);
    let gw = start_with(sandbox_idle(2)).await;
    let mut last_sent = Instant::now();
    let (id, _) = gw.device(json!({"carrier": "CT", "select": false})).await;
    let mut asserted = 0;
    let mut uses = 0;
    // Each kind of use on its own, every 200 ms for 3.5 s: had a kind not counted as a use, the device would be
    // gone within the phase (at most 3 s after its last use of the phase before).
    for kind in ["carrier", "GET", "select", "PATCH"] {
        let phase = Instant::now();
        while phase.elapsed() < IDLE + Duration::from_millis(1_500) {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let sent = Instant::now();
            let found = match kind {
                "carrier" => carrier_probe(&gw, &id).await.0 == "TICKET_INVALID",
                "GET" => {
                    gw.sandbox("GET", &format!("devices/{id}"), None)
                        .await
                        .status
                        == 200
                }
                "select" => {
                    gw.sandbox("POST", &format!("devices/{id}/select"), None)
                        .await
                        .status
                        == 200
                }
                _ => {
                    gw.sandbox(
                        "PATCH",
                        &format!("devices/{id}"),
                        Some(json!({"connection": "cellular"})),
                    )
                    .await
                    .status
                        == 200
                }
            };
            // The previous use reached the gateway after `last_sent`, this one before now.
            let idle_at_most = last_sent.elapsed();
            if idle_at_most < IDLE / 2 {
                assert!(
                    found,
                    "{kind}: gone after at most {idle_at_most:?} unused (lifetime {IDLE:?})"
                );
                asserted += 1;
            } else if !found {
                // The machine stalled longer than half the lifetime: nothing can be concluded from this use.
                eprintln!("{kind}: stalled {idle_at_most:?}; creating the device again");
                let r = gw
                    .sandbox(
                        "POST",
                        "devices",
                        Some(json!({"id": id, "carrier": "CT", "select": false})),
                    )
                    .await;
                assert_eq!(r.status, 201, "{}", r.text);
            }
            last_sent = sent;
            uses += 1;
        }
    }
    eprintln!("{asserted} of {uses} uses asserted");
    gw.state.sweep();
    if last_sent.elapsed() < IDLE / 2 {
        assert_eq!(gw.state.device_count(), 4, "the device in use was swept");
    }
}

#[tokio::test]
async fn configured_devices_never_expire() {
    let mut cfg = sandbox_idle(1);
    cfg.devices.push(DeviceConfig {
        id: "lab-phone".into(),
        carrier: Carrier::Cu,
        number: "18600000001".into(),
        connection: Connection::Cellular,
        faults: FaultMap::default(),
    });
    let gw = start_with(cfg).await;
    let (api, _) = gw.device(json!({"carrier": "CU", "select": false})).await;
    // Patching a configured device through the sandbox API does not make it expire.
    let r = gw
        .sandbox(
            "PATCH",
            "devices/lab-phone",
            Some(json!({"faults": {"CM": {"maintenance": true}}})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    tokio::time::sleep(PAST_1S).await;
    gw.state.sweep();

    for id in ["lab-phone", "demo-cm", "demo-cu", "demo-ct"] {
        let r = gw.sandbox("GET", &format!("devices/{id}"), None).await;
        assert_eq!(r.status, 200, "{id}: {}", r.text);
    }
    let r = gw.sandbox("GET", "devices/lab-phone", None).await;
    assert_eq!(r.body["faults"]["CM"]["maintenance"], true, "{}", r.text);
    assert_eq!(carrier_probe(&gw, "lab-phone").await.0, "TICKET_INVALID");
    // No device named: the default device (demo-cm), which is the CM subscriber, answers CM.
    let r = gw
        .carrier(
            "CM",
            "token",
            &gw.origin,
            None,
            &json!({"ticket": "not-a-ticket"}),
        )
        .await;
    assert_eq!(r.body["carrierRespCode"], "TICKET_INVALID", "{}", r.text);
    // The sandbox API device, unused as long, is gone.
    assert_eq!(
        gw.sandbox("GET", &format!("devices/{api}"), None)
            .await
            .status,
        404
    );
    assert_eq!(gw.state.device_count(), 4);
}

#[tokio::test]
async fn device_registry_stays_bounded_under_many_creations() {
    const FREE: usize = 8;
    let mut cfg = sandbox_idle(1);
    // The three demo devices count too.
    cfg.limits.devices = 3 + FREE;
    let gw = start_with(cfg).await;
    let create = || {
        gw.sandbox(
            "POST",
            "devices",
            Some(json!({"carrier": "CT", "select": false})),
        )
    };
    for round in 0..3 {
        // All devices of the previous round are expired: creation makes room for every new one.
        let started = Instant::now();
        for k in 0..FREE {
            let r = create().await;
            assert_eq!(r.status, 201, "round {round}, device {k}: {}", r.text);
            assert!(gw.state.device_count() <= 3 + FREE);
        }
        let r = create().await;
        // While this round's devices are certainly all live, one more is refused.
        if started.elapsed() < Duration::from_millis(500) {
            assert_eq!(r.status, 507, "round {round}: {}", r.text);
            assert_eq!(r.body["error"], "FULL");
        }
        assert!(gw.state.device_count() <= 3 + FREE);
        tokio::time::sleep(PAST_1S).await;
    }
    gw.state.sweep();
    assert_eq!(gw.state.device_count(), 3);
}

#[test]
fn a_full_registry_drops_expired_devices_before_refusing() {
    // No server, so no periodic sweep: only the creation itself can make room.
    let mut cfg = sandbox_idle(1);
    cfg.limits.devices = 3 + 2;
    let state = State::new(
        &cfg,
        "http://127.0.0.1:8787",
        PathBuf::new(),
        PathBuf::new(),
    )
    .unwrap();
    let dev = |id: &str, number: &str| DeviceConfig {
        id: id.into(),
        carrier: Carrier::Ct,
        number: number.into(),
        connection: Connection::Cellular,
        faults: FaultMap::default(),
    };
    let started = Instant::now();
    state.put_device(&dev("a", "18900000001"), false).unwrap();
    state.put_device(&dev("b", "18900000002"), false).unwrap();
    let third = state.put_device(&dev("c", "18900000003"), false);
    if started.elapsed() < Duration::from_millis(500) {
        assert_eq!(third.unwrap_err(), RegistryError::Full(5));
    }
    std::thread::sleep(PAST_1S);
    assert_eq!(state.device("a").map(|d| d.id), None);
    state.put_device(&dev("d", "18900000004"), false).unwrap();
    state.put_device(&dev("e", "18900000005"), false).unwrap();
    assert_eq!(state.device_count(), 5);
}

#[tokio::test]
async fn number_state_outlives_an_expired_device() {
    // A CT lock belongs to the number, as with the real carrier: a device expiring does not lift it.
    const IDLE: Duration = Duration::from_secs(2);
    let gw = start_with(sandbox_idle(2)).await;
    let number = "18911112222";
    let mask = |device: String| {
        let gw = &gw;
        async move {
            let (at, jwt) = gw.tokens(1).await;
            let chk = gw.tickets(&gw.origin, &at, &jwt, 1).await;
            gw.carrier(
                "CT",
                "mask",
                &gw.origin,
                Some(&device),
                &json!({"ticket": Gw::ticket(&chk, "CT")}),
            )
            .await
        }
    };
    // Device A: a mask, then three wrong entries lock the number.
    let mut last_sent = Instant::now();
    let (a, _) = gw.device(json!({"number": number, "select": false})).await;
    let mut lt = String::new();
    for step in 0..4 {
        let sent = Instant::now();
        let r = if step == 0 {
            mask(a.clone()).await
        } else {
            gw.login(&a, "CT", &lt, "0000").await
        };
        if r.body["carrierRespCode"] == "DEVICE_UNKNOWN" && last_sent.elapsed() >= IDLE / 2 {
            eprintln!("step {step}: the machine stalled past half the idle lifetime: inconclusive");
            return;
        }
        if step == 0 {
            assert_eq!(r.body["ok"], true, "{}", r.text);
            lt = r.body["loginTicket"].as_str().unwrap().to_owned();
        } else {
            let want = if step == 3 { "LOCKED" } else { "WRONG_DIGITS" };
            assert_eq!(r.body["carrierRespCode"], want, "{}", r.text);
        }
        last_sent = sent;
    }
    tokio::time::sleep(PAST_2S).await;
    assert_eq!(carrier_probe(&gw, &a).await.0, "DEVICE_UNKNOWN");
    gw.state.sweep();
    assert_eq!(gw.state.numbers.len(), 1, "the number's state is kept");

    // Another device with the same SIM number finds it locked.
    let created = Instant::now();
    let (b, _) = gw.device(json!({"number": number, "select": false})).await;
    let r = mask(b).await;
    if r.body["carrierRespCode"] == "DEVICE_UNKNOWN" && created.elapsed() >= IDLE / 2 {
        eprintln!("the machine stalled past half the idle lifetime: inconclusive");
        return;
    }
    assert_eq!(r.body["carrierRespCode"], "LOCKED", "{}", r.text);
}

#[test]
fn device_idle_lifetime_is_configurable_and_checked() {
    assert_eq!(Config::default().limits.device_idle_secs, 1_800);
    assert_eq!(DEFAULT_DEVICE_IDLE_SECS, 1_800);
    let cfg = Config::from_toml("[limits]\ndevice_idle_secs = 60\n").unwrap();
    assert_eq!(cfg.limits.device_idle_secs, 60);
    cfg.validate().unwrap();
    for ok in [1, MAX_DEVICE_IDLE_SECS] {
        let cfg = Config::from_toml(&format!("[limits]\ndevice_idle_secs = {ok}\n")).unwrap();
        cfg.validate().unwrap();
    }
    for bad in [0, MAX_DEVICE_IDLE_SECS + 1, 9_223_372_036_854_775_807] {
        let cfg = Config::from_toml(&format!("[limits]\ndevice_idle_secs = {bad}\n")).unwrap();
        let e = cfg.validate().unwrap_err().0;
        assert!(
            e.contains("limits.device_idle_secs") && e.contains("use 1 to 86400"),
            "{bad}: {e}"
        );
    }
    assert!(Config::from_toml("[limits]\ndevice_idle_secs = -1\n").is_err());
}
