#!/usr/bin/env bash
# Runs every benchmark and rewrites bench/REPORT.md: sizes (from the build), browser start-up and round trips
# (headless Chromium), and the gateway load test (bench/gateway.sh writes bench/gateway-report.md).
# Usage: npm run bench   (RUNS=15 start-up runs per delivery; DURATION=10 s per gateway scenario)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
bash scripts/setup.sh
bash scripts/build.sh
cargo build -p pns-gateway
node bench/browser.mjs --runs "${RUNS:-15}" --out bench/out/browser.json
bash bench/gateway.sh
node bench/report.mjs
