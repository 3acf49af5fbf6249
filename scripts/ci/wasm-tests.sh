#!/usr/bin/env bash
# wasm_bindgen_test tests of the exported layer, in headless Chromium, against a live sandbox gateway.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/ci/gateway.sh
cargo build -p pns-gateway
start_gateway target/debug/gateway
export PNS_GATEWAY_URL="$GATEWAY_URL"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" cargo test -p numberauth-web --target wasm32-unknown-unknown
