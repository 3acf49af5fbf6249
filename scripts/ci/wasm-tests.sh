#!/usr/bin/env bash
# wasm_bindgen_test tests of the exported layer, in headless Chromium, against a live sandbox gateway.
# They run what ships: the same profile (wasm-release) and flags as scripts/build.sh, and tests/web_build.rs checks
# that their build id equals the one the build read out of the shipped module (so run scripts/build.sh first).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f dist/build-id.txt ] || { echo "dist/build-id.txt missing: run scripts/build.sh first" >&2; exit 1; }
source scripts/wasm-env.sh
source scripts/ci/gateway.sh
cargo build -p pns-gateway
start_gateway target/debug/gateway
export PNS_GATEWAY_URL="$GATEWAY_URL"
PNS_SHIPPED_BUILD_ID="$(cat dist/build-id.txt)"
export PNS_SHIPPED_BUILD_ID
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
  cargo test -p numberauth-web --profile wasm-release --target wasm32-unknown-unknown
