//! Every example configuration in `gateway/examples/` loads, starts a gateway, and does what its comments say:
//! so the examples users copy cannot rot.

mod common;

use common::{Gw, Sign};
use pns_gateway::config::Config;
use pns_gateway::{Dirs, Gateway};
use serde_json::{json, Value};
use std::path::PathBuf;

const EXAMPLES: [&str; 3] = [
    "quotas-faults-lifetimes.toml",
    "several-schemes.toml",
    "subscribers.toml",
];

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// Starts a gateway on 127.0.0.1:0 with the example's configuration. The example's `public_url` (if any) is the
/// address users run it on; requests here go to the bound address.
async fn start_example(name: &str) -> Gw {
    let cfg = Config::from_file(&example(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let gw = Gateway::from_listener(&cfg, listener, Dirs::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let state = gw.state.clone();
    tokio::spawn(gw.serve());
    let base = format!("http://{addr}");
    Gw {
        origin: base.clone(),
        base,
        state,
        http: reqwest::Client::builder().no_proxy().build().unwrap(),
    }
}

async fn get(gw: &Gw, path: &str) -> Value {
    let r = gw.sandbox("GET", path, None).await;
    assert_eq!(r.status, 200, "GET {path}: {}", r.text);
    r.body
}

#[test]
fn every_example_file_is_tested_here() {
    let mut found: Vec<String> = std::fs::read_dir(example(""))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    found.sort_unstable();
    assert_eq!(
        found, EXAMPLES,
        "a new example needs a test in gateway/tests/examples.rs"
    );
}

#[tokio::test]
async fn several_schemes_each_with_its_account() {
    let gw = start_example("several-schemes.toml").await;
    let shop = Sign::with("LTAI5tExampleShop00001", "ExampleShopSecret00000000000001");
    let partner = Sign::with("LTAI5tExamplePartner001", "ExamplePartnerSecret0000000001");
    gw.tokens_for(&shop, "FC200000000000001", "http://127.0.0.1:3000", 0)
        .await;
    gw.tokens_for(&shop, "FC200000000000002", "http://localhost:3000", 1)
        .await;
    gw.tokens_for(&partner, "FC200000000000003", "http://127.0.0.1:4000", 0)
        .await;
    // Another account's scheme is not the shop's to use.
    let r = gw
        .v1(
            &shop,
            "GET",
            "GetAuthToken",
            &[
                ("Url", "http://127.0.0.1:4000/"),
                ("Origin", "http://127.0.0.1:4000"),
                ("SceneCode", "FC200000000000003"),
                ("BizType", "0"),
            ],
        )
        .await;
    assert_ne!(r.body["Code"], "OK", "{}", r.text);
    let localhost = get(&gw, "schemes/FC200000000000002").await;
    assert_eq!(localhost["endpoint"], "http://localhost:8787");
    let info = get(&gw, "info").await;
    assert_eq!(info["baseUrl"], "http://127.0.0.1:8787");
    assert_eq!(info["defaultDevice"]["number"], "13800138000");
}

#[tokio::test]
async fn several_subscribers_per_carrier() {
    let gw = start_example("subscribers.toml").await;
    for (id, carrier, number, connection) in [
        ("cm-1", "CM", "13800000001", "cellular"),
        ("cm-2", "CM", "15900000002", "cellular"),
        ("cm-wifi", "CM", "13800000003", "wifi"),
        ("cu-1", "CU", "18600000001", "cellular"),
        ("cu-2", "CU", "13000000002", "cellular"),
        ("ct-1", "CT", "18900000001", "cellular"),
        ("ct-offline", "CT", "19900000002", "none"),
    ] {
        let d = get(&gw, &format!("devices/{id}")).await;
        assert_eq!(
            d,
            json!({ "id": id, "carrier": carrier, "number": number, "connection": connection, "faults": {} })
        );
    }
    let info = get(&gw, "info").await;
    assert_eq!(info["defaultDevice"]["id"], "cm-1");
    assert_eq!(
        info["devices"].as_array().map(Vec::len),
        Some(3),
        "the demo devices too"
    );
}

#[tokio::test]
async fn quotas_faults_and_lifetimes() {
    let gw = start_example("quotas-faults-lifetimes.toml").await;
    let quota = get(&gw, "schemes/FC300000000000001").await;
    assert_eq!(quota["quota"], 3);
    assert_eq!(get(&gw, "schemes/FC300000000000002").await["demoted"], true);
    let short = get(&gw, "schemes/FC300000000000003").await;
    assert_eq!(
        short["lifetimes"],
        json!({ "accessToken": 30, "jwt": 60, "spToken": 20 })
    );
    assert_eq!(
        get(&gw, "devices/cm-blocked").await["faults"],
        json!({ "CM": { "maintenance": false, "quota": false, "delayMs": 0, "blocked": true } })
    );
    assert_eq!(
        get(&gw, "devices/ct-slow").await["faults"]["CT"]["delayMs"],
        2000
    );

    // Three visits (each its own tokens: the quota counts once per AccessToken) pass, the fourth gets 600014.
    let origin = "http://127.0.0.1:8787";
    for want in [600_000, 600_000, 600_000, 600_014] {
        let (at, jwt) = gw
            .tokens_for(&Sign::demo(), "FC300000000000001", origin, 0)
            .await;
        let body = json!({ "accessToken": at, "jwtToken": jwt, "bizType": 0, "requestId": "r", "sdkVersion": "1" });
        assert_eq!(gw.check(Some(origin), &body).await.body["code"], want);
    }

    // Every phone sees China Unicom under maintenance (the global [faults.CU]).
    let demo_origin = gw.origin.clone();
    let (at, jwt) = gw
        .tokens_for(&Sign::demo(), "FC100000000000001", &demo_origin, 0)
        .await;
    let tickets = gw.tickets(&demo_origin, &at, &jwt, 0).await;
    let r = gw
        .carrier(
            "cu",
            "token",
            &demo_origin,
            Some("demo-cu"),
            &json!({ "ticket": Gw::ticket(&tickets, "CU"), "requestId": "r" }),
        )
        .await;
    assert_eq!(r.body["carrierRespCode"], "MAINTENANCE", "{}", r.text);
}
