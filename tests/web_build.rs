//! The wasm tests run the code that ships: this build of the crate has the build id (`build.rs`: sources, lock
//! file, target, profile, flags) that `scripts/build.sh` read out of the optimised module it shipped
//! (dist/build-id.txt). `scripts/ci/wasm-tests.sh` passes that id in at compile time as `PNS_SHIPPED_BUILD_ID` and
//! builds the tests with the shipped module's profile (wasm-release); a test build with another profile, other flags
//! or changed sources has another id and fails here.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn this_build_is_the_shipped_build() {
    let shipped = option_env!("PNS_SHIPPED_BUILD_ID").map(str::trim);
    assert_eq!(
        shipped,
        Some(numberauth_web::BUILD_ID),
        "the shipped module (dist/build-id.txt) was built from other sources, flags or profile than these tests: \
         run scripts/build.sh, then scripts/ci/wasm-tests.sh"
    );
    assert_eq!(numberauth_web::api::build_id(), numberauth_web::BUILD_ID);
}
