//! `/h5/v1/check` bodies: any bytes from any origin get a JSON answer below 500, and never carrier tickets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pns_gateway::h5;
use pns_gateway_fuzz::{state, Fields, BASE};

fuzz_target!(|data: &[u8]| {
    let mut f = Fields::new(data);
    let origin = match f.byte() % 3 {
        0 => None,
        1 => Some(BASE.to_owned()),
        _ => Some(f.text()),
    };
    let r = h5::run(state(), origin.as_deref(), f.rest());
    assert!(r.status().as_u16() < 500, "{}", r.status());
});
