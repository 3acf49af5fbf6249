#!/usr/bin/env bash
# Runs every benchmark and rewrites bench/REPORT.md: sizes (the build, an app bundle, the cost of each crate),
# browser start-up and round trips (headless Chromium), the gateway load test (bench/gateway.sh writes
# bench/gateway-report.md). The 10-minute memory soak is separate: `bash bench/soak.sh` (bench/soak-report.md).
# Usage: npm run bench   (RUNS=15 start-up runs per delivery; DURATION=10 s per gateway scenario)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
bash scripts/setup.sh
bash scripts/build.sh
cargo build -p pns-gateway
command -v twiggy >/dev/null || cargo install --locked twiggy --version 0.8.0
node bench/size.mjs --out bench/out/size.json
node bench/browser.mjs --runs "${RUNS:-15}" --out bench/out/browser.json
bash bench/gateway.sh
node bench/report.mjs
