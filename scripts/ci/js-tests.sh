#!/usr/bin/env bash
# Playwright tests of the built package in headless Chromium (they start their own gateways), the proof test of
# the packed sandbox package (tests/e2e/sandbox-package.test.mjs) and the image check
# (tests/e2e/sandbox-container.test.mjs), which need dist/sandbox-npm, and the READMEs' Node backend sample
# (tests/e2e/backend-node-sample.test.mjs), which needs the vendor's Node client pinned in tests/backend-node/.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -p pns-gateway
bash scripts/build-sandbox.sh
# --ignore-scripts: the one install script in that tree (@alicloud/openapi-core's) only acts on Node 10 and 12.
npm ci --prefix tests/backend-node --ignore-scripts --no-audit --no-fund --prefer-offline
node --test --test-concurrency=1 tests/e2e/
