// Size benchmark beyond what scripts/build.sh reports:
//  - the npm delivery as a page really downloads it: a small app that imports the package, bundled and minified
//    by esbuild (the bundler's cost included, tree-shaking applied);
//  - what each crate costs in the wasm: the module is post-processed by wasm-bindgen again *without* wasm-opt (so
//    function names survive) and `twiggy top` is summed by crate. Shares are of that unoptimised module; wasm-opt
//    then shrinks every crate, so read them as proportions (debug names are left out: wasm-opt drops them).
// Usage: node bench/size.mjs [--out bench/out/size.json]   (after scripts/build.sh; twiggy on PATH for the breakdown)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const OUT = path.resolve(ROOT, outIdx >= 0 ? args[outIdx + 1] : 'bench/out/size.json');

const measure = (bytes) => ({
  raw: bytes.length,
  gzip: zlib.gzipSync(bytes, { level: 9 }).length,
  brotli: zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length,
});

// 1. An app that uses the package the way the vendor's users do, bundled by esbuild from the built dist/npm.
const app = fs.mkdtempSync(path.join(os.tmpdir(), 'pns-size-app-'));
fs.writeFileSync(path.join(app, 'main.js'), `import { PhoneNumberServer } from 'numberauth-web';
const sdk = new PhoneNumberServer();
document.querySelector('#go').addEventListener('click', async () => {
  const { accessToken, jwtToken } = await (await fetch('/token', { method: 'POST' })).json();
  await sdk.checkAuthAvailable({ accessToken, jwtToken });
  const { spToken } = await sdk.getVerifyToken({});
  await fetch('/verify', { method: 'POST', body: spToken });
});
`);
const built = await esbuild.build({
  entryPoints: [path.join(app, 'main.js')],
  bundle: true, minify: true, format: 'esm', target: 'es2019', write: false, logLevel: 'silent',
  alias: { 'numberauth-web': path.join(ROOT, 'dist/npm/index.js') },
});
fs.rmSync(app, { recursive: true, force: true });
const appBundle = measure(Buffer.from(built.outputFiles[0].contents));

// 2. Cost per crate, from function names.
let crates = null;
const rawWasm = path.join(ROOT, 'target/wasm-size/wasm32-unknown-unknown/wasm-release/numberauth_web.wasm');
try {
  const named = fs.mkdtempSync(path.join(os.tmpdir(), 'pns-named-'));
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', named, rawWasm], { stdio: 'ignore' });
  const csv = execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'csv', path.join(named, 'numberauth_web_bg.wasm')],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  fs.rmSync(named, { recursive: true, force: true });
  const totals = new Map();
  let all = 0;
  for (const line of csv.split('\n').slice(1)) {
    const m = line.match(/^(.*),(\d+),([\d.]+),/);
    if (!m) continue;
    const [, name, bytes] = m;
    const n = Number(bytes);
    let key;
    if (/^"?function names/.test(name) || name.includes('subsection')) continue; // debug names: wasm-opt drops them
    else if (/data segment/.test(name)) key = '(data: strings, tables)';
    else {
      // A demangled path's first segment is its crate; strip generics, brackets and hashes.
      const clean = name.replace(/^"|"$/g, '').replace(/^<+/, '').replace(/^(impl |dyn )/, '');
      const seg = clean.match(/^([A-Za-z_][A-Za-z0-9_]*)/);
      key = seg ? seg[1] : '(other: glue, tables, types)';
      if (['core', 'alloc', 'std'].includes(key)) key = 'core/alloc/std';
      if (key.startsWith('__') || key === 'dlmalloc') key = key === 'dlmalloc' ? 'dlmalloc (allocator)' : '(runtime intrinsics)';
      if (key === 'import' || key === 'export') key = `(wasm-bindgen ${key}s)`;
    }
    totals.set(key, (totals.get(key) || 0) + n);
    all += n;
  }
  crates = [...totals.entries()].sort((a, b) => b[1] - a[1])
    .map(([crate, bytes]) => ({ crate, bytes, share: Math.round((1000 * bytes) / all) / 10 }));
} catch (e) {
  crates = { error: `no per-crate breakdown: ${String(e.message || e).split('\n')[0]}` };
}

// 3. Where the script-tag file's gzip bytes go. The module travels with its code section regrouped by kind
//    (unpack/src/streams.rs) and LZMA-packed (pkg-template/src/inline-wasm.js), so each part is packed alone the same
//    way (xz, the build's settings) to show what it costs: the code section as the build's regrouped streams
//    (build/wasm/numberauth_web_bg.wasm.split), the data section, the other sections. The decoder module and the JS
//    around both texts are gzipped alone (the file with the two texts left out).
const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
const xz = (b) => execFileSync('xz', ['--format=raw', '--lzma1=preset=9e,lc=1,lp=0,pb=0,nice=273,mf=bt3', '-c'], { input: b }).length;
const wasm = fs.readFileSync(path.join(ROOT, 'build/wasm/numberauth_web_bg.wasm'));
const split = fs.readFileSync(path.join(ROOT, 'build/wasm/numberauth_web_bg.wasm.split'));
const sectionBytes = { code: [], data: [], other: [] };
{
  let pos = 8;
  const u32 = () => {
    let r = 0;
    for (let shift = 0; ; shift += 7) {
      const b = wasm[pos++];
      r |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return r >>> 0;
    }
  };
  while (pos < wasm.length) {
    const id = wasm[pos++];
    const n = u32();
    if (id !== 10) sectionBytes[id === 11 ? 'data' : 'other'].push(wasm.subarray(pos, pos + n));
    pos += n;
  }
  // The split file: 15 little-endian u32 lengths (the part before the code section, then 14 streams), that part,
  // the streams, the rest.
  const len = (i) => split.readUInt32LE(4 * i);
  let at = 60 + len(0);
  for (let s = 1; s <= 14; s++) {
    sectionBytes.code.push(split.subarray(at, at + len(s)));
    at += len(s);
  }
}
const packedPart = (parts) => {
  const bytes = Buffer.concat(parts);
  return { raw: bytes.length, packed: xz(bytes) };
};
const script = fs.readFileSync(path.join(ROOT, 'dist/numberAuth-web-sdk.js'), 'utf8');
const textOf = (file) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/^export default /, '').replace(/;\s*$/, ''));
const moduleText = textOf('build/wasm/numberauth_web_bg.wasm.js');
const unpackerText = textOf('build/wasm/unpack.wasm.js');
const jsOnly = script.includes(moduleText) && script.includes(unpackerText)
  ? Buffer.from(script.replace(moduleText, '').replace(unpackerText, ''))
  : null;
const breakdown = {
  what: 'each part alone: the module\'s sections LZMA-packed as the build packs the module, the rest gzipped',
  script: { raw: Buffer.byteLength(script), gzip: gz(Buffer.from(script)) },
  module: { raw: wasm.length, text: moduleText.length, gzip: gz(Buffer.from(moduleText)) },
  wasmCode: packedPart(sectionBytes.code),
  wasmData: packedPart(sectionBytes.data),
  wasmOther: packedPart(sectionBytes.other),
  unpacker: {
    raw: fs.statSync(path.join(ROOT, 'build/wasm/unpack.wasm')).size,
    text: unpackerText.length,
    gzip: gz(Buffer.from(unpackerText)),
  },
  js: jsOnly ? { raw: jsOnly.length, gzip: gz(jsOnly) } : null,
};

const report = {
  date: new Date().toISOString(),
  command: 'node bench/size.mjs',
  build: JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/size-report.json'), 'utf8')),
  appBundle: { what: 'a small app importing numberauth-web, bundled and minified by esbuild (ESM, es2019)', ...appBundle },
  crates,
  breakdown,
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify({ appBundle: report.appBundle, crates, breakdown }, null, 2));
