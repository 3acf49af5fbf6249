#!/usr/bin/env bash
# Builds everything and runs the demo: the gateway in sandbox mode, serving www/ and the built SDK.
# Usage: npm run demo   (PORT=8787 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8787}"
bash scripts/setup.sh
bash scripts/build.sh
cargo build --release -p pns-gateway
exec target/release/gateway --sandbox --listen "127.0.0.1:${PORT}" --www www --sdk-dir dist
