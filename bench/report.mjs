// Writes bench/REPORT.md from the numbers the benchmarks left: dist/size-report.json (scripts/build.sh),
// bench/out/browser.json (bench/browser.mjs) and bench/gateway-report.md (bench/gateway.sh).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (f) => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8'));
const size = read('dist/size-report.json');
const browser = read('bench/out/browser.json');
const gatewayReport = fs.existsSync(path.join(ROOT, 'bench/gateway-report.md'))
  ? fs.readFileSync(path.join(ROOT, 'bench/gateway-report.md'), 'utf8') : '';

// The vendor's numberAuth-web-sdk.js 2.1.x, minified (sdk-api.md §4).
const VENDOR = { raw: 464_027, gzip: 131_500 };
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const pct = (a, b) => `${((100 * a) / b).toFixed(1)} %`;

const lines = [];
lines.push('# Benchmarks', '');
lines.push(`Taken ${browser.date.slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, `
  + `in one run of \`npm run bench\` (\`bash bench/run.sh\`). Every number below comes from that run.`, '');
lines.push('## Size: what a page downloads', '');
lines.push('gzip at zlib level 9, brotli at quality 11; the wasm is inlined in every delivery. Budget enforced by '
  + `\`scripts/build.sh\`: ${kb(size.budget.limit)} gzip for the script-tag file (half the vendor's); goal 40 KB.`, '');
lines.push('| delivery | file | raw | gzip | brotli | gzip vs vendor |', '|---|---|---:|---:|---:|---:|');
for (const [name, files] of Object.entries(size.deliveries)) {
  for (const m of files) {
    lines.push(`| ${name} | \`${m.file}\` | ${m.raw.toLocaleString('en')} | ${m.gzip.toLocaleString('en')} | `
      + `${m.brotli.toLocaleString('en')} | ${pct(m.gzip, VENDOR.gzip)} |`);
  }
}
lines.push(`| vendor 2.1.x | \`numberAuth-web-sdk.js\` | ${VENDOR.raw.toLocaleString('en')} | ≈${VENDOR.gzip.toLocaleString('en')} | | 100 % |`);
for (const [name, m] of Object.entries(size.parts)) {
  lines.push(`| (part) ${name} | \`${m.file}\` | ${m.raw.toLocaleString('en')} | ${m.gzip.toLocaleString('en')} | ${m.brotli.toLocaleString('en')} | |`);
}
lines.push('');
lines.push('## Start-up: script load → usable `PhoneNumberServer`', '');
lines.push(`Headless Chromium, Pixel 7 emulation, a fresh browser context per run (no cache), ${browser.runs} runs per `
  + 'delivery; from inserting the script (or `import()`) to `new PhoneNumberServer().getVersion()` returning.', '');
lines.push('| delivery | median ms | p10 | p90 | min | max |', '|---|---:|---:|---:|---:|---:|');
for (const [name, s] of Object.entries(browser.startup)) {
  lines.push(`| ${name} | ${s.median} | ${s.p10} | ${s.p90} | ${s.min} | ${s.max} |`);
}
lines.push('');
lines.push('## Round trips and latency: `checkAuthAvailable` → `spToken`', '');
lines.push('CDP `Network.emulateNetworkConditions` adds the given latency to every request (a cellular round trip). '
  + 'Requests are counted from the DevTools protocol (CORS preflights included); a *wave* is a set of requests '
  + 'that overlap in time, so waves are the sequential round trips the user waits for. Goal: two.', '');
lines.push('| latency | requests | waves (round trips) | preflights | check ms (median) | token ms (median) | total ms (median) |',
  '|---|---:|---:|---:|---:|---:|---:|');
for (const [lat, f] of Object.entries(browser.flow)) {
  lines.push(`| ${lat} | ${f.requests} | ${f.waves} | ${f.preflights} | ${f.checkMs.median} | ${f.tokenMs.median} | ${f.totalMs.median} |`);
}
lines.push('');
lines.push('## Gateway under load', '');
lines.push(gatewayReport ? gatewayReport.replace(/^# .*\n/, '').trim() : '(bench/gateway.sh has not run)');
lines.push('');
fs.writeFileSync(path.join(ROOT, 'bench/REPORT.md'), `${lines.join('\n')}\n`);
console.log('wrote bench/REPORT.md');
