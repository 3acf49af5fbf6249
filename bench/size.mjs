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
  bundle: true, minify: true, format: 'esm', target: 'es2017', write: false, logLevel: 'silent',
  alias: { 'numberauth-web': path.join(ROOT, 'dist/npm/index.js') },
});
fs.rmSync(app, { recursive: true, force: true });
const appBundle = measure(Buffer.from(built.outputFiles[0].contents));

// 2. Cost per crate, from function names.
let crates = null;
const rawWasm = path.join(ROOT, 'target/wasm32-unknown-unknown/wasm-release/numberauth_web.wasm');
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

// 3. Where the script-tag file's gzip bytes go: the module's sections (code, data, the rest) and the JS around the
//    inlined text, each alone, gzipped and as base64 gzipped (how they travel).
const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
const wasm = fs.readFileSync(path.join(ROOT, 'build/wasm/numberauth_web_bg.wasm'));
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
    sectionBytes[id === 10 ? 'code' : id === 11 ? 'data' : 'other'].push(wasm.subarray(pos, pos + n));
    pos += n;
  }
}
const part = (parts) => {
  const bytes = Buffer.concat(parts);
  return { raw: bytes.length, gzip: gz(bytes), base64Gzip: gz(Buffer.from(bytes.toString('base64'))) };
};
const script = fs.readFileSync(path.join(ROOT, 'dist/numberAuth-web-sdk.js'), 'utf8');
const moduleText = JSON.stringify(wasm.toString('base64'));
const jsOnly = script.includes(moduleText) ? Buffer.from(script.replace(moduleText, '""')) : null;
const breakdown = {
  what: 'each part alone, gzipped; the module\'s sections also as base64 gzipped, as they travel in the file',
  script: { raw: Buffer.byteLength(script), gzip: gz(Buffer.from(script)) },
  module: { raw: wasm.length, gzip: gz(wasm), base64Gzip: gz(Buffer.from(moduleText)) },
  wasmCode: part(sectionBytes.code),
  wasmData: part(sectionBytes.data),
  wasmOther: part(sectionBytes.other),
  js: jsOnly ? { raw: jsOnly.length, gzip: gz(jsOnly) } : null,
};

const report = {
  date: new Date().toISOString(),
  command: 'node bench/size.mjs',
  build: JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/size-report.json'), 'utf8')),
  appBundle: { what: 'a small app importing numberauth-web, bundled and minified by esbuild (ESM, es2017)', ...appBundle },
  crates,
  breakdown,
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify({ appBundle: report.appBundle, crates, breakdown }, null, 2));
