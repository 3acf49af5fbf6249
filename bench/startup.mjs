// Start-up benchmark in headless Chromium: how long a page waits, from inserting the SDK to a usable instance.
//
// Ready time = script inserted (or `import()` called) → `new PhoneNumberServer().getVersion()` answered, measured in
// the page with performance.now(), each run in a fresh browser context (empty HTTP and code caches), the files served
// by a static server on 127.0.0.1 (no network cost beyond loopback). Medians over --runs contexts, with and without
// 4× CPU throttling (CDP Emulation.setCPUThrottlingRate, a phone's CPU), for each delivery:
//   - script: dist/numberAuth-web-sdk.js by a <script> element;  - esm: dist/npm/index.js by dynamic import();
//   - vendor: the vendor's 2.1.4 numberAuth-web-sdk.js by a <script> element, when VENDOR_SDK names the file or the
//     vendor's npm package `aliyun_numberauthsdk_web` installs into bench/out/vendor (it is never committed);
//   - the inlined module's other representations (bench/inline-formats.mjs builds them), by a <script> element;
//   - empty: a one-statement script by a <script> element, nothing constructed: what inserting any script costs here
//     (a fresh context's first request, the browser's IPC, the file server), so total − empty is the SDK's own cost.
// And once more on a slow phone link, what a visitor on cellular data waits for: the same 4× CPU plus CDP network
// emulation with the values Lighthouse uses for its mobile profile under DevTools throttling ("slow 4G": 562.5 ms
// per request, 1,474.56 kbit/s down, 675 kbit/s up), the files served gzip-compressed (level 9) as a CDN serves them
// (Chromium does not ask for brotli over plain HTTP), for the script, ESM, empty and vendor rows.
// Broken down (an init script wraps atob and the WebAssembly.Module/Instance constructors to time them):
//   fetch (insert → response end), parse+eval (response end → script loaded), decode (text → bytes), compile
//   (new WebAssembly.Module), instantiate (new WebAssembly.Instance), first call (the rest of the constructor and
//   getVersion).
// Usage: node bench/startup.mjs [--runs 15] [--out bench/out/startup.json] [--formats]
//        (VENDOR_SDK=<the vendor's file>, COMPARE_SDK=<another build of dist/numberAuth-web-sdk.js> COMPARE_NAME=<row>)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { CHROMIUM_ARGS, ROOT } from '../tests/e2e/helpers.mjs';
import { chromium } from 'playwright-core';
import { buildFormats } from './inline-formats.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const RUNS = Number(opt('--runs', '15'));
const OUT = path.resolve(ROOT, opt('--out', 'bench/out/startup.json'));
const FORMATS = args.includes('--formats');
const VENDOR_VERSION = '2.1.4';

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  return { n: s.length, median: q(0.5), p10: q(0.1), p90: q(0.9) };
};
const r2 = (x) => Math.round(x * 100) / 100;

/** The vendor's script file: VENDOR_SDK, else its npm package installed into bench/out/vendor; null if neither. */
function vendorFile() {
  if (process.env.VENDOR_SDK) return path.resolve(process.env.VENDOR_SDK);
  const dir = path.join(ROOT, 'bench/out/vendor');
  const find = () => {
    const pkg = path.join(dir, 'node_modules/aliyun_numberauthsdk_web');
    if (!fs.existsSync(pkg)) return null;
    const hits = execFileSync('find', [pkg, '-name', 'numberAuth-web-sdk*.js'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    return hits[0] ?? null;
  };
  if (find()) return find();
  try {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', dir,
      `aliyun_numberauthsdk_web@${VENDOR_VERSION}`], { stdio: 'pipe' });
  } catch (e) {
    console.error(`[startup] the vendor's package did not install (${String(e.stderr || e.message).split('\n').find((l) => /error/.test(l)) ?? 'npm failed'}): no vendor row`);
    return null;
  }
  return find();
}

/** The slow phone link (see the top of this file): Lighthouse's mobile profile as DevTools throttling applies it. */
const SLOW_4G = {
  name: 'slow 4G',
  conditions: { offline: false, latency: 562.5, downloadThroughput: (1474.56 * 1024) / 8, uploadThroughput: (675 * 1024) / 8, connectionType: 'cellular4g' },
};

/** Serves `files` (URL path → file) on 127.0.0.1 with a blank page at /; under /gz/ the same files gzip-compressed. */
async function serveFiles(files) {
  const gzipped = new Map();
  const server = http.createServer((req, res) => {
    let url = new URL(req.url, 'http://x').pathname;
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><meta charset="utf-8"><title>start-up</title>');
      return;
    }
    const gz = url.startsWith('/gz/');
    if (gz) url = url.slice(3);
    const file = files[url];
    if (!file) { res.writeHead(404); res.end(); return; }
    const headers = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' };
    if (!gz) { res.writeHead(200, headers); res.end(fs.readFileSync(file)); return; }
    if (!/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) { res.writeHead(406); res.end(); return; }
    if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
    res.writeHead(200, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' });
    res.end(gzipped.get(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

// Runs in the page before anything else: times atob and the two WebAssembly constructors.
const INIT = () => {
  const t = (window.__t = { atob: 0, compile: 0, instantiate: 0, compileStart: 0 });
  const atob0 = window.atob;
  window.atob = function atob(s) { const a = performance.now(); const r = atob0.call(window, s); t.atob += performance.now() - a; return r; };
  if (typeof WebAssembly === 'object') {
    const wrap = (C, key) => new Proxy(C, {
      construct(target, argv) {
        const a = performance.now();
        if (key === 'compile') t.compileStart = a;
        const r = Reflect.construct(target, argv);
        t[key] += performance.now() - a;
        return r;
      },
    });
    WebAssembly.Module = wrap(WebAssembly.Module, 'compile');
    WebAssembly.Instance = wrap(WebAssembly.Instance, 'instantiate');
  }
};

async function once(browser, base, kind, src, throttle, network) {
  const context = await browser.newContext();
  await context.addInitScript(INIT);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(`${base}/`);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network.conditions);
    src = `/gz${src}`;
  }
  const m = await page.evaluate(async ([k, s]) => {
    const t0 = performance.now();
    let Ctor;
    if (k === 'esm') {
      Ctor = (await import(s)).PhoneNumberServer;
    } else if (k === 'empty') {
      await new Promise((resolve, reject) => {
        const el = document.createElement('script');
        el.src = s; el.onload = resolve; el.onerror = reject;
        document.head.appendChild(el);
      });
      const end = performance.now();
      const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith(s));
      const fetched = entry ? entry.responseEnd - t0 : 0;
      return {
        total: end - t0, fetch: fetched, parseEval: end - t0 - fetched, decode: 0, atob: 0, compile: 0, instantiate: 0,
        firstCall: 0, transferred: entry ? entry.encodedBodySize : 0,
      };
    } else {
      await new Promise((resolve, reject) => {
        const el = document.createElement('script');
        el.src = s; el.onload = resolve; el.onerror = reject;
        document.head.appendChild(el);
      });
      Ctor = window.PhoneNumberServer;
    }
    const loaded = performance.now();
    const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith(s));
    const ctor = performance.now();
    const sdk = new Ctor();
    const v = sdk.getVersion();
    const end = performance.now();
    if (typeof v !== 'string' || !v) throw new Error('no version');
    const t = window.__t;
    const fetched = entry ? entry.responseEnd - t0 : 0;
    const decode = t.compileStart ? t.compileStart - ctor : 0;
    return {
      total: end - t0, fetch: fetched, parseEval: loaded - t0 - fetched, decode, atob: t.atob,
      compile: t.compile, instantiate: t.instantiate, firstCall: end - ctor - decode - t.compile - t.instantiate,
      transferred: entry ? entry.encodedBodySize : 0,
    };
  }, [kind, src]);
  await context.close();
  return m;
}

const files = {
  '/script.js': path.join(ROOT, 'dist/numberAuth-web-sdk.js'),
  '/npm/index.js': path.join(ROOT, 'dist/npm/index.js'),
};
const EMPTY = path.join(ROOT, 'bench/out/empty.js');
fs.mkdirSync(path.dirname(EMPTY), { recursive: true });
fs.writeFileSync(EMPTY, 'void 0;\n');
files['/empty.js'] = EMPTY;
const cases = [['script', 'script', '/script.js'], ['esm', 'esm', '/npm/index.js'], ['empty script', 'empty', '/empty.js']];
const vendor = vendorFile();
if (vendor) { files['/vendor.js'] = vendor; cases.push(['vendor', 'script', '/vendor.js']); }
// Another build of the script-tag file beside this one, for a before/after in one run (bench/size.md has one).
const COMPARE = process.env.COMPARE_SDK ? { file: path.resolve(process.env.COMPARE_SDK), name: process.env.COMPARE_NAME || 'compare' } : null;
if (COMPARE) { files['/compare.js'] = COMPARE.file; cases.push([COMPARE.name, 'script', '/compare.js']); }
let formats = [];
if (FORMATS) {
  formats = await buildFormats(path.join(ROOT, 'bench/out/formats'));
  for (const f of formats) { files[`/format-${f.name}.js`] = f.file; cases.push([`format ${f.name}`, 'script', `/format-${f.name}.js`]); }
}

const server = await serveFiles(files);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
const report = { date: new Date().toISOString(), runs: RUNS, command: `node bench/startup.mjs --runs ${RUNS}${FORMATS ? ' --formats' : ''}`, vendor: vendor ? path.relative(ROOT, vendor) : null, results: [] };
// The shared machine's load when the run starts and ends: start-up medians move with it.
report.loadavgBefore = os.loadavg().map(r2);
try {
  const onLink = cases.filter(([name]) => ['script', 'esm', 'empty script', 'vendor', COMPARE?.name].includes(name));
  for (const [throttle, network, rowCases] of [[1, null, cases], [4, null, cases], [4, SLOW_4G, onLink]]) {
    // Not measured: one context per case first, to warm the browser and the server.
    for (const [, kind, src] of rowCases) await once(browser, server.base, kind, src, throttle, network);
    const runs = rowCases.map(() => []);
    // The cases take turns, so a slow stretch of the shared machine hits all of them alike.
    for (let i = 0; i < RUNS; i += 1) {
      for (const [c, [, kind, src]] of rowCases.entries()) runs[c].push(await once(browser, server.base, kind, src, throttle, network));
    }
    for (const [c, [name]] of rowCases.entries()) {
      const row = { name, throttle, network: network ? network.name : null };
      for (const key of Object.keys(runs[c][0])) row[key] = r2(stats(runs[c].map((r) => r[key])).median);
      const t = stats(runs[c].map((r) => r.total));
      row.p10 = r2(t.p10); row.p90 = r2(t.p90);
      report.results.push(row);
      console.log(JSON.stringify(row));
    }
  }
} finally {
  await browser.close();
  await server.close();
}
report.loadavgAfter = os.loadavg().map(r2);
report.formats = formats.map(({ name, what, size }) => ({ name, what, size }));
report.link = SLOW_4G;
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
