#!/usr/bin/env bash
# Playwright tests of the built package in headless Chromium (they start their own gateways).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -p pns-gateway
node --test --test-concurrency=1 tests/e2e/
