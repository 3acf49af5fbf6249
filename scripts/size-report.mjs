// The build's size table (dist/size-report.json) and its budget: fails when the script-tag file is above
// SCRIPT_GZIP_BUDGET_BYTES (set by scripts/build.sh). Usage: run by scripts/build.sh after the bundles are written.
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
