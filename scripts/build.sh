#!/usr/bin/env bash
# Builds the SDK: Rust → wasm → wasm-bindgen (--target web) → wasm-opt -Oz → the npm package (dist/npm/) and the
# script-tag file (dist/numberAuth-web-sdk.js), then reports sizes and fails above the size budget.
# The gateway serves dist/ at /sdk/ (so /sdk/numberAuth-web-sdk.js and /sdk/npm/index.js).
# Needs what `npm run setup` installs (wasm32 target, wasm-bindgen-cli, the npm tools in package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

# The one size budget: gzip bytes of the script-tag file (what a page downloads for the script-tag delivery).
SCRIPT_GZIP_BUDGET_BYTES=$((66 * 1024))

# npm's binaryen first: Debian's wasm-opt 108 emits modules that fail at start-up in Chromium
# (`WebAssembly.Table.set(): Argument 1 is invalid`).
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
log() { printf '[build] %s\n' "$*"; }
die() { printf '[build] error: %s\n' "$*" >&2; exit 1; }

for tool in cargo wasm-bindgen wasm-opt esbuild node; do
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

# The shipped module is built by a pinned nightly (scripts/setup.sh installs it with rust-src), because two size
# levers are nightly-only: -Zbuild-std rebuilds std with this profile (opt-level "z", LTO across std), and
# -Cpanic=immediate-abort makes a panic a bare `unreachable` trap, so no panic message, location or formatting
# machinery is linked. Measured on the script file: about 4.7 KB gzip less than stable with panic = "abort".
# -Zlocation-detail=none drops the file names and lines that `#[track_caller]` code (wasm-bindgen's, js-sys's)
# still embeds: 0.5 KB gzip less, and no build machine's paths in the shipped module. Measured and not kept
# (within ±0.1 KB): -Zshare-generics, -Zinline-mir=no, -Zmir-opt-level=1, LLVM inline thresholds 0 and 10.
# -Ctarget-feature=-reference-types: wasm-bindgen then keeps the JS values the module holds in a slab on the JS side
# instead of an externref table, so the module has no table allocator and no shim around every export that takes or
# returns a JS value: measured 0.6 KB gzip less on the script file, the glue's growth counted. It also lets the module
# run on Chromium WebViews 85 to 95, which lack reference types but have every feature the module does use.
# The SDK's code never relies on unwinding (panic = "abort" already); everything else (clippy, native and wasm tests,
# the gateway) builds with the stable toolchain. Its own target dir, so stable and nightly builds don't evict
# each other's artefacts.
WASM_TOOLCHAIN="$(cat scripts/wasm-toolchain)"
rustup run "$WASM_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
  || die "toolchain $WASM_TOOLCHAIN not installed: run \`npm run setup\` first"
log "cargo +$WASM_TOOLCHAIN build (wasm-release, build-std, immediate-abort) numberauth-web $VERSION"
RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Ctarget-feature=-reference-types" \
  cargo "+$WASM_TOOLCHAIN" build --profile wasm-release --target wasm32-unknown-unknown -p numberauth-web \
  -Zbuild-std=std,panic_abort --target-dir target/wasm-size
RAW_WASM="target/wasm-size/wasm32-unknown-unknown/wasm-release/$CRATE.wasm"
[ -f "$RAW_WASM" ] || die "$RAW_WASM was not produced"

log "wasm-bindgen --target web"
rm -rf build/wasm && mkdir -p build/wasm
wasm-bindgen --target web --out-dir build/wasm --out-name "$CRATE" "$RAW_WASM"

# Features: what rustc's default wasm32 target emits, less reference types (above), and wasm-bindgen keeps (bulk
# memory, non-trapping float to int, sign extension, mutable globals, multivalue). Chromium, Safari 15+ and Firefox
# support all of them; the e2e tests prove the optimised module starts in Chromium.
# --low-memory-unused: the module never touches the first 1 KiB of memory (rustc puts data at 1 MiB and the stack
# below it), so wasm-opt may fold pointer offsets; measured -310 B gzip on the script file. Measured and not kept:
# --converge, --gufa, a second -Oz, -Os (all within ±30 B), -iit (-20 B, not worth its trap assumption), and
# opt-level "s" in Cargo.toml (+6 KB gzip).
log "wasm-opt -Oz"
wasm-opt -Oz --low-memory-unused \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-multivalue \
  --strip-debug --strip-producers --strip-target-features \
  -o "build/wasm/${CRATE}_bg.opt.wasm" "build/wasm/${CRATE}_bg.wasm"
mv "build/wasm/${CRATE}_bg.opt.wasm" "build/wasm/${CRATE}_bg.wasm"

# Import and export names shortened in the module and the glue together (the script says why and checks it).
log "minify wasm import/export names"
node scripts/minify-wasm-names.mjs "build/wasm/${CRATE}_bg.wasm" "build/wasm/$CRATE.js"
node scripts/trim-glue.mjs "build/wasm/$CRATE.js"

# The wasm travels inside the JS with its code section regrouped by kind (unpack/src/streams.rs: opcodes, local
# indexes, constants, offsets… each a run of its own), then LZMA-compressed and base64-encoded, its length in front;
# the decoder is the small wasm module built from unpack/, inlined as base64 beside it (pkg-template/src/inline-wasm.js
# says why: the module packs to about 31.5 KB against 40.3 KB for gzip -9, 6.5 KB less on the script file once the
# decoder's 2.2 KB are counted). lc/lp/pb must match the decoder's (unpack/src/lib.rs); preset 9e with the longest
# match length and the bt3 match finder is what measured smallest here. split-wasm checks its own output with the
# decoder's `join`; the whole text is decoded again below, by the shim's code and the decoder module, and compared
# with the module byte for byte.
log "cargo +$WASM_TOOLCHAIN build (wasm-release, build-std core) numberauth-unpack"
RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Clink-arg=-zstack-size=32768" \
  cargo "+$WASM_TOOLCHAIN" build --profile wasm-release --target wasm32-unknown-unknown -p numberauth-unpack --lib \
  -Zbuild-std=core,panic_abort --target-dir target/wasm-size
wasm-opt -Oz --strip-debug --strip-producers --strip-target-features \
  --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
  -o build/wasm/unpack.wasm target/wasm-size/wasm32-unknown-unknown/wasm-release/numberauth_unpack.wasm
log "split the code section by kind, inline wasm (LZMA)"
cargo build -q --release -p numberauth-unpack --bin split-wasm
target/release/split-wasm "build/wasm/${CRATE}_bg.wasm" "build/wasm/${CRATE}_bg.wasm.split"
command -v xz >/dev/null || die "xz not found: run \`npm run setup\` first (Debian package xz-utils)"
xz --format=raw --lzma1=preset=9e,lc=1,lp=0,pb=0,nice=273,mf=bt3 -c "build/wasm/${CRATE}_bg.wasm.split" > "build/wasm/${CRATE}_bg.wasm.lzma"
node --input-type=module - "$CRATE" <<'JS'
import fs from 'node:fs';
import { decode } from './pkg-template/src/inline-wasm.js';
const crate = process.argv[2];
const bytes = fs.readFileSync(`build/wasm/${crate}_bg.wasm`);
const packed = fs.readFileSync(`build/wasm/${crate}_bg.wasm.lzma`);
const size = Buffer.alloc(4);
size.writeUInt32LE(bytes.length);
const text = Buffer.concat([size, packed]).toString('base64');
const unpacker = fs.readFileSync('build/wasm/unpack.wasm').toString('base64');
if (Buffer.compare(Buffer.from(decode(text, unpacker)), bytes) !== 0) throw new Error('inline-wasm: unpacked wasm differs');
fs.writeFileSync(`build/wasm/${crate}_bg.wasm.js`, `export default ${JSON.stringify(text)};\n`);
fs.writeFileSync('build/wasm/unpack.wasm.js', `export default ${JSON.stringify(unpacker)};\n`);
JS

# The shim imports the glue and the wasm under two bare names; these aliases point them at build/wasm/. The glue's
# default wasm URL uses import.meta.url, empty in the IIFE: harmless, the shim always hands the bytes to initSync.
# --keep-names (npm builds only): the shim's class and the glue's share a name, so esbuild would rename one. The
# minified script-tag build goes without it (it costs about 0.9 KB gzip there): the shim sets its public classes'
# names itself.
ESBUILD_COMMON=(
  --bundle
  --alias:@numberauth/glue="./build/wasm/$CRATE.js"
  --alias:@numberauth/wasm-bytes="./build/wasm/${CRATE}_bg.wasm.js"
  --alias:@numberauth/unpacker=./build/wasm/unpack.wasm.js
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
# --sourcemap: index.js.map / index.cjs.map, so a bundler's or a debugger's stack trace points into the shim's source.
esbuild pkg-template/src/index.js "${ESBUILD_COMMON[@]}" --keep-names --sourcemap --format=esm --platform=neutral \
  --target=es2019 --outfile=dist/npm/index.js
esbuild pkg-template/src/index.js "${ESBUILD_COMMON[@]}" --keep-names --sourcemap --format=cjs --platform=neutral \
  --target=es2019 --outfile=dist/npm/index.cjs
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
esbuild pkg-template/src/script.js "${ESBUILD_COMMON[@]}" --format=iife --platform=browser --target=es2020 --minify \
  --outfile=dist/numberAuth-web-sdk.js
cp dist/numberAuth-web-sdk.js dist/npm/numberAuth-web-sdk.js
cp pkg-template/numberAuth-web-sdk.d.ts dist/npm/numberAuth-web-sdk.d.ts

log "sizes"
SCRIPT_GZIP_BUDGET_BYTES="$SCRIPT_GZIP_BUDGET_BYTES" VERSION="$VERSION" CRATE="$CRATE" node --input-type=module - <<'EOF'
import fs from 'node:fs';
import zlib from 'node:zlib';

const budget = Number(process.env.SCRIPT_GZIP_BUDGET_BYTES);
const crate = process.env.CRATE;
const measure = (file) => {
  const bytes = fs.readFileSync(file);
  return {
    file,
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
};

// The optimised module must compile in V8 (the engine of Chromium): catches a feature flag gone wrong early.
new WebAssembly.Module(fs.readFileSync(`build/wasm/${crate}_bg.wasm`));

// What a page downloads, per delivery (the wasm is inlined in each).
const deliveries = {
  'script-tag': [measure('dist/numberAuth-web-sdk.js')],
  'npm-esm': [measure('dist/npm/index.js')],
  'npm-cjs': [measure('dist/npm/index.cjs')],
};
const parts = { wasm: measure(`build/wasm/${crate}_bg.wasm`), glue: measure(`build/wasm/${crate}.js`) };
const script = deliveries['script-tag'][0];
const report = {
  version: process.env.VERSION,
  compression: { gzip: 'zlib level 9', brotli: 'quality 11' },
  budget: { file: script.file, measure: 'gzip', limit: budget, actual: script.gzip, ok: script.gzip <= budget },
  deliveries,
  parts,
};
fs.writeFileSync('dist/size-report.json', JSON.stringify(report, null, 2) + '\n');

const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
console.log(`${'delivery'.padEnd(12)} ${'file'.padEnd(40)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}`);
const row = (name, m) => console.log(`${name.padEnd(12)} ${m.file.padEnd(40)} ${kb(m.raw)} ${kb(m.gzip)} ${kb(m.brotli)}`);
for (const [name, files] of Object.entries(deliveries)) for (const m of files) row(name, m);
for (const [name, m] of Object.entries(parts)) row(`(${name})`, m);
console.log(`budget: ${script.file} gzip ${script.gzip} bytes of ${budget} (${((100 * script.gzip) / budget).toFixed(1)}%)`);
if (!report.budget.ok) {
  console.error(`[build] FAIL: ${script.file} is ${script.gzip} bytes gzip, above the budget of ${budget}`);
  process.exit(1);
}
EOF
log "done: dist/npm/ (numberauth-web $VERSION), dist/numberAuth-web-sdk.js, dist/size-report.json"
