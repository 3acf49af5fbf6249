#!/usr/bin/env bash
# The gateway's server API driven by the vendor's own, unmodified Python client.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -p pns-gateway
GATEWAY_BIN="$PWD/target/debug/gateway" bash gateway/tests/vendor/run.sh
