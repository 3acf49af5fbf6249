// The inlined module in other representations than the shipped one, for bench/startup.mjs to time and size side by
// side: each is the script-tag file built as scripts/build.sh builds it (same entry, glue and esbuild settings), with
// only the module's text and the function that turns it back into bytes replaced.
//   - base64: as shipped (scripts/inline-wasm.mjs, pkg-template/src/inline-wasm.js): `Uint8Array.fromBase64` where
//     the engine has it, else `atob` and a copy loop;  - base64-atob: the same text, always `atob` and the loop;
//   - latin1: one string character per byte (code 0–255), written with JS escapes where needed; a copy loop;
//   - array: a `new Uint8Array([...])` literal of the bytes, no decoding step.
// Usage: import { buildFormats } from './inline-formats.mjs'  (after scripts/build.sh)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { ROOT } from '../tests/e2e/helpers.mjs';

const COPY = `export function decode(s) {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}`;

/** Each format: the wasm-bytes module's text and the inline-wasm.js replacement. */
const FORMATS = [
  {
    name: 'base64', what: 'base64 text, Uint8Array.fromBase64 where present, else atob and a copy loop (shipped)',
    text: (w) => `export default ${JSON.stringify(w.toString('base64'))};`,
    decoder: null,
  },
  {
    name: 'base64-atob', what: 'base64 text, always atob and a copy loop (no Uint8Array.fromBase64)',
    text: (w) => `export default ${JSON.stringify(w.toString('base64'))};`,
    decoder: `export function decode(s) {
  const a = atob(s);
  const b = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) b[i] = a.charCodeAt(i);
  return b;
}`,
  },
  {
    name: 'latin1', what: 'one character per byte in a string literal, a copy loop',
    text: (w) => `export default ${JSON.stringify(w.toString('latin1'))};`,
    decoder: COPY,
  },
  {
    name: 'array', what: 'a Uint8Array of a number array literal, no decoding',
    text: (w) => `export default new Uint8Array([${[...w].join(',')}]);`,
    decoder: 'export function decode(b) { return b; }',
  },
];

/** Builds the formats into `outDir`; returns [{ name, what, file, size: { raw, gzip, brotli } }]. */
export async function buildFormats(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const wasm = fs.readFileSync(path.join(ROOT, 'build/wasm/numberauth_web_bg.wasm'));
  const out = [];
  for (const f of FORMATS) {
    const plugin = {
      name: 'inline-format',
      setup(b) {
        b.onResolve({ filter: /^@numberauth\/wasm-bytes$/ }, () => ({ path: 'bytes', namespace: 'fmt' }));
        if (f.decoder) b.onResolve({ filter: /inline-wasm\.js$/ }, () => ({ path: 'decoder', namespace: 'fmt' }));
        b.onLoad({ filter: /.*/, namespace: 'fmt' }, (a) => ({ contents: a.path === 'bytes' ? f.text(wasm) : f.decoder, loader: 'js' }));
      },
    };
    const file = path.join(outDir, `${f.name}.js`);
    await esbuild.build({
      entryPoints: [path.join(ROOT, 'pkg-template/src/script.js')],
      bundle: true, format: 'iife', platform: 'browser', minify: true, target: 'es2017', charset: 'ascii',
      legalComments: 'none', logLevel: 'error', outfile: file, plugins: [plugin],
      alias: { '@numberauth/glue': path.join(ROOT, 'build/wasm/numberauth_web.js') },
    });
    const bytes = fs.readFileSync(file);
    out.push({
      name: f.name, what: f.what, file,
      size: {
        raw: bytes.length,
        gzip: zlib.gzipSync(bytes, { level: 9 }).length,
        brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      },
    });
  }
  return out;
}
