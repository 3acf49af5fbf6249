#!/usr/bin/env bash
# Builds the SDK, plainly and on the stable toolchain: cargo (wasm32, profile wasm-release) → wasm-bindgen
# (--target web) → wasm-opt -Oz → esbuild (the module inlined) → the npm package (dist/npm/) and the script-tag file
# (dist/numberAuth-web-sdk.js); then checks what it ships (syntax level, APIs, size budget) and reports sizes.
# The gateway serves dist/ at /sdk/ (so /sdk/numberAuth-web-sdk.js and /sdk/npm/index.js).
# Needs what `npm run setup` installs (wasm32 target, wasm-bindgen-cli, the npm tools in package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

# The one size budget: gzip bytes of the script-tag file (what a page downloads for the script-tag delivery). A limit,
# not a target: the smallest whole KiB that holds the build with serde derive and serde-wasm-bindgen for the payloads
# out and the option objects in; bench/REPORT.md and bench/size.md give the figures and what each crate costs.
SCRIPT_GZIP_BUDGET_BYTES=$((119 * 1024))

# npm's binaryen first: Debian's wasm-opt 108 emits modules that fail at start-up in Chromium
# (`WebAssembly.Table.set(): Argument 1 is invalid`).
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
log() { printf '[build] %s\n' "$*"; }
die() { printf '[build] error: %s\n' "$*" >&2; exit 1; }

for tool in cargo wasm-bindgen wasm-opt esbuild tsc node; do
  command -v "$tool" >/dev/null || die "$tool not found: run \`npm run setup\` first"
done
case "$(command -v wasm-opt)" in
  "$PWD/node_modules/.bin/"*) ;;
  *) die "wasm-opt must be npm's binaryen@132.0.0 (node_modules/.bin), got $(command -v wasm-opt)" ;;
esac

CRATE=numberauth_web
VERSION="$(cargo metadata --no-deps --format-version 1 \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="numberauth-web");process.stdout.write(p.version)})')"
[ -n "$VERSION" ] || die "could not read the numberauth-web version from Cargo.toml"

# Profile wasm-release (Cargo.toml) with the flags of scripts/wasm-env.sh: the same profile and flags the wasm tests
# build with (scripts/ci/wasm-tests.sh), so both compile the SDK the same way; the build id (build.rs) says so.
source scripts/wasm-env.sh
log "cargo build --profile wasm-release --target wasm32-unknown-unknown (numberauth-web $VERSION)"
cargo build --profile wasm-release --target wasm32-unknown-unknown -p numberauth-web
RAW_WASM="target/wasm32-unknown-unknown/wasm-release/$CRATE.wasm"
[ -f "$RAW_WASM" ] || die "$RAW_WASM was not produced"

log "wasm-bindgen --target web"
rm -rf build/wasm && mkdir -p build/wasm
wasm-bindgen --target web --out-dir build/wasm --out-name "$CRATE" "$RAW_WASM"

log "the glue's declarations (pkg-template/src/wasm-glue.d.ts) against wasm-bindgen's"
tsc --noEmit --strict --target es2020 --module esnext --moduleResolution bundler --lib es2020,dom,esnext.disposable \
  scripts/glue-types.ts pkg-template/src/wasm-glue.d.ts \
  || die "pkg-template/src/wasm-glue.d.ts does not match build/wasm/$CRATE.d.ts: update it with src/api/"

# The features are rustc's defaults for wasm32 (Chromium 96, Safari 15, Firefox 79 and later); wasm-opt must be told
# them, as wasm-bindgen strips the target-features section it reads.
# --converge repeats -Oz until a round changes nothing: smaller both raw and gzipped here; bench/size.md has the
# figures, and those of the options tried and left out (-Os, cargo opt-level "s").
log "wasm-opt -Oz --converge"
wasm-opt -Oz --converge \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-multivalue --enable-reference-types \
  --strip-debug --strip-producers --strip-target-features \
  -o "build/wasm/${CRATE}_bg.opt.wasm" "build/wasm/${CRATE}_bg.wasm"
mv "build/wasm/${CRATE}_bg.opt.wasm" "build/wasm/${CRATE}_bg.wasm"

# The module travels inside the JS (pages construct synchronously right after the script loads), in the form
# scripts/inline-wasm.mjs writes; pkg-template/src/inline-wasm.js turns it back into bytes.
log "inline the module"
node scripts/inline-wasm.mjs "build/wasm/${CRATE}_bg.wasm" "build/wasm/${CRATE}_bg.wasm.js"

# The shim imports the glue and the wasm under two bare names; these aliases point them at build/wasm/. The glue's
# default wasm URL uses import.meta.url, empty in the IIFE: harmless, the shim always hands the bytes to initSync.
# --keep-names (npm builds only): the shim's class and the glue's share a name, so esbuild would rename one. The
# minified script-tag build goes without it: the shim sets its public classes' names itself.
# --target=es2017: what every file we ship must parse as (iOS 12 Safari, Chrome 61); scripts/check-shipped.mjs checks it.
ESBUILD_COMMON=(
  --bundle
  --alias:@numberauth/glue="./build/wasm/$CRATE.js"
  --alias:@numberauth/wasm-bytes="./build/wasm/${CRATE}_bg.wasm.js"
  --target=es2017
  --charset=ascii
  --legal-comments=none
  --log-level=warning
  --log-override:empty-import-meta=silent
  # wasm-bindgen 0.2.130's glue lists the login page's JS snippet twice in its imports object, both entries
  # `import * as` of the same specifier (the same namespace object), so the duplicate key is harmless.
  --log-override:duplicate-object-key=silent
)

log "npm package → dist/npm/"
rm -rf dist && mkdir -p dist/npm
esbuild pkg-template/src/index.js "${ESBUILD_COMMON[@]}" --keep-names --sourcemap --format=esm --platform=neutral \
  --outfile=dist/npm/index.js
esbuild pkg-template/src/index.js "${ESBUILD_COMMON[@]}" --keep-names --sourcemap --format=cjs --platform=neutral \
  --outfile=dist/npm/index.cjs
cp pkg-template/index.d.ts dist/npm/index.d.ts
cp pkg-template/index.d.ts dist/npm/index.d.cts
cp pkg-template/README.md pkg-template/README.zh-CN.md LICENSE CHANGELOG.md dist/npm/
VERSION="$VERSION" node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("pkg-template/package.json", "utf8"));
  pkg.version = process.env.VERSION;
  fs.writeFileSync("dist/npm/package.json", JSON.stringify(pkg, null, 2) + "\n");
'

log "script-tag file → dist/numberAuth-web-sdk.js"
# An IIFE with no --global-name: the entry itself sets window.PhoneNumberServer and window.Errors, nothing else.
# --sourcemap: its map beside it (a browser fetches it only when the developer tools are open), named by the file's
# last line, so a stack trace from a page maps back to pkg-template/src/; that line is counted in the size budget.
esbuild pkg-template/src/script.js "${ESBUILD_COMMON[@]}" --format=iife --platform=browser --minify --sourcemap \
  --outfile=dist/numberAuth-web-sdk.js
cp dist/numberAuth-web-sdk.js dist/numberAuth-web-sdk.js.map dist/npm/
cp pkg-template/numberAuth-web-sdk.d.ts dist/npm/numberAuth-web-sdk.d.ts

log "check what ships: ES2017 syntax, no unguarded newer API, the inlined module, its build id"
node scripts/check-shipped.mjs "build/wasm/${CRATE}_bg.wasm" dist/numberAuth-web-sdk.js dist/npm/index.js dist/npm/index.cjs

log "sizes"
SCRIPT_GZIP_BUDGET_BYTES="$SCRIPT_GZIP_BUDGET_BYTES" VERSION="$VERSION" CRATE="$CRATE" node scripts/size-report.mjs
log "done: dist/npm/ (numberauth-web $VERSION), dist/numberAuth-web-sdk.js, dist/size-report.json, dist/build-id.txt"
