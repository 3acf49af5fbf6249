#!/usr/bin/env bash
# Playwright tests of the built package in headless Chromium (they start their own gateways), and the proof test of
# the packed sandbox package (tests/e2e/sandbox-package.test.mjs), which needs dist/sandbox-npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -p pns-gateway
bash scripts/build-sandbox.sh
node --test --test-concurrency=1 tests/e2e/
