//! Every route through the real router (OpenAPI, identity check, carriers, sandbox, sample backend): any
//! method, headers and body get an answer that is not a 500, and never panic. Time is paused, so fault
//! delays cost nothing.
#![no_main]

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request};
use libfuzzer_sys::fuzz_target;
use pns_gateway::{build_app, AppState, Config, State};
use pns_gateway_fuzz::{Fields, BASE};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt as _;

const ROUTES: [&str; 16] = [
    "/",
    "/?Action=GetAuthToken",
    "/h5/v1/check",
    "/carrier/cm/v1/token",
    "/carrier/cu/v1/mask",
    "/carrier/ct/v1/login",
    "/carrier/xx/v1/token",
    "/sandbox/v1/devices",
    "/sandbox/v1/devices/demo-cu",
    "/sandbox/v1/devices/demo-ct/select",
    "/sandbox/v1/schemes",
    "/sandbox/v1/schemes/FC100000000000002",
    "/sandbox/v1/accounts",
    "/demo-backend/auth-token",
    "/demo-backend/verify",
    "/demo-backend/phone",
];
const METHODS: [&str; 6] = ["GET", "POST", "PATCH", "DELETE", "OPTIONS", "PUT"];

fn app() -> &'static (tokio::runtime::Runtime, AppState) {
    static A: OnceLock<(tokio::runtime::Runtime, AppState)> = OnceLock::new();
    A.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime");
        let state = State::new(&Config::sandbox(), BASE, PathBuf::new(), PathBuf::new())
            .expect("the sandbox configuration is valid");
        (rt, Arc::new(state))
    })
}

fuzz_target!(|data: &[u8]| {
    let (rt, state) = app();
    let mut f = Fields::new(data);
    let sel = f.byte();
    let mut path = ROUTES[usize::from(sel) % ROUTES.len()].to_owned();
    let extra = f.text();
    if sel & 0x80 != 0 && !extra.is_empty() {
        path.push(if path.contains('?') { '&' } else { '?' });
        path.push_str(&extra);
    }
    let method = METHODS[usize::from(f.byte()) % METHODS.len()];
    let Ok(mut builder) = Request::builder()
        .method(method)
        .uri(&path)
        .body(())
        .map(|_| Request::builder().method(method).uri(&path))
    else {
        return;
    };
    for _ in 0..6 {
        let name = f.bytes();
        if name.is_empty() {
            break;
        }
        let value = f.bytes();
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name), HeaderValue::from_bytes(value)) {
            builder = builder.header(n, v);
        }
    }
    let Ok(req) = builder.body(Body::from(f.rest().to_vec())) else {
        return;
    };
    let app = build_app(state.clone());
    let r = rt.block_on(app.oneshot(req));
    let Ok(r) = r;
    let s = r.status().as_u16();
    assert!(s < 500 || s == 503 || s == 507, "{method} {path}: {s}");
});
