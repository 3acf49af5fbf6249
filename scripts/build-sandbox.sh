#!/usr/bin/env bash
# Builds the sandbox npm package (numberauth-sandbox) into dist/sandbox-npm/: the gateway as a static Linux x86-64
# binary (musl, so it runs on any distribution and in a FROM-scratch container), the demo pages (www/), the built
# SDK the demo pages load (/sdk/numberAuth-web-sdk.js and its map, /sdk/npm/README.md), the test helper and its typings.
# Usage: npm run build:sandbox (after npm run build, which makes dist/). Kept out of scripts/build.sh so the SDK
# build stays as fast as it is; the js test step (scripts/ci/js-tests.sh) calls it for the package's proof test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
log() { printf '[build-sandbox] %s\n' "$*"; }
die() { printf '[build-sandbox] error: %s\n' "$*" >&2; exit 1; }

TARGET=x86_64-unknown-linux-musl
[ -f dist/numberAuth-web-sdk.js ] && [ -f dist/npm/README.md ] || die "dist/ has no SDK build: run npm run build first"
rustup target list --installed | grep -qx "$TARGET" || die "the $TARGET target is missing: run scripts/setup.sh"

log "gateway → static $TARGET binary (about 1 min the first time)"
cargo build --release -p pns-gateway --target "$TARGET"
BIN="target/$TARGET/release/gateway"
# A static binary needs no loader: check, since a dynamic one would fail in the container and on other distros.
if command -v file >/dev/null && ! file "$BIN" | grep -q 'static'; then die "$BIN is not statically linked"; fi

OUT=dist/sandbox-npm
rm -rf "$OUT"
mkdir -p "$OUT/vendor" "$OUT/sdk/npm" "$OUT/bin"
cp sandbox-npm/index.mjs sandbox-npm/index.d.ts sandbox-npm/README.md sandbox-npm/README.zh-CN.md \
  sandbox-npm/Dockerfile sandbox-npm/.dockerignore "$OUT/"
cp sandbox-npm/bin/numberauth-sandbox.mjs "$OUT/bin/"
cp -r sandbox-npm/examples "$OUT/examples"
mkdir -p "$OUT/examples/config"
cp gateway/examples/*.toml "$OUT/examples/config/"
cp LICENSE CHANGELOG.md "$OUT/"
cp -r www "$OUT/www"
cp dist/numberAuth-web-sdk.js dist/numberAuth-web-sdk.js.map "$OUT/sdk/"
cp dist/npm/README.md "$OUT/sdk/npm/"
# The symbol table only serves debuggers; stripping took the binary from 3,765,768 to 3,015,392 bytes when measured.
cp "$BIN" "$OUT/vendor/gateway-linux-x64"
strip "$OUT/vendor/gateway-linux-x64" 2>/dev/null || true
chmod 755 "$OUT/vendor/gateway-linux-x64" "$OUT/bin/numberauth-sandbox.mjs"

VERSION="$(cargo metadata --no-deps --format-version 1 \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="pns-gateway");process.stdout.write(p.version)})')"
VERSION="$VERSION" node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("sandbox-npm/package.json", "utf8"));
  pkg.version = process.env.VERSION;
  fs.writeFileSync("dist/sandbox-npm/package.json", JSON.stringify(pkg, null, 2) + "\n");'
log "done: $OUT (numberauth-sandbox $VERSION, gateway $(stat -c %s "$OUT/vendor/gateway-linux-x64") bytes)"
