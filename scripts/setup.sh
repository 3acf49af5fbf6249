#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing this repository, skipping what is present.
# Idempotent; called by `npm run demo`, `npm test` and `.ci/run`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Must equal the `wasm-bindgen` pin in Cargo.toml (and so Cargo.lock): the CLI refuses to process a
# module built by another crate version.
WASM_BINDGEN_VERSION=0.2.130
WASM_PACK_VERSION=0.15.1
log() { printf '[setup] %s\n' "$*"; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The sandbox npm package ships the gateway as a static musl binary (scripts/build-sandbox.sh); Rust's own linker
# links it, no musl-gcc needed.
if ! rustup target list --installed | grep -qx x86_64-unknown-linux-musl; then
  log "adding the x86_64-unknown-linux-musl target"
  rustup target add x86_64-unknown-linux-musl
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # --locked fails for 0.2.130 on this registry mirror (its lock wants a webpki-roots release
  # the registry does not serve), so fall back to an unlocked install.
  cargo install --locked wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  log "installing wasm-pack $WASM_PACK_VERSION"
  cargo install --locked wasm-pack --version "$WASM_PACK_VERSION"
fi

# fonts-wqy-microhei: Chromium has no CJK font by default, and the login page's screenshots must show its text.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
  || ! fc-list 2>/dev/null | grep -qi microhei; then
  log "installing Debian's chromium, chromium-driver and a CJK font"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
fi

if [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing the npm tools pinned in package-lock.json"
    npm ci --no-audit --no-fund
  fi
fi

if [ -f gateway/tests/vendor/requirements.txt ]; then
  if ! python3 -c 'import alibabacloud_dypnsapi20170525' 2>/dev/null; then
    log "installing the vendor's Python client for the gateway's compatibility test"
    python3 -m pip install -q -r gateway/tests/vendor/requirements.txt
  fi
fi
log "done"
