// @ts-check
// Shortens the names that link the wasm module to its wasm-bindgen glue, in both files at once.
//
// wasm-bindgen names every import after the JS it calls plus a hash (`__wbg_getRandomValues_252a57bf174c9c79`) and
// exports closure shims under names hundreds of characters long; each name is written once in the module and once
// in the glue, and the hashes do not compress. Only the module and the glue ever see these names, so they can be
// anything: this renames
//   - the import modules (`./numberauth_web_bg.js`, the JS snippets' paths) to one letter each, as keys of the
//     glue's imports object (the glue's `import … from` specifiers stay as they are);
//   - the imports of the glue's own module (`./numberauth_web_bg.js`) to short names; a snippet's imports keep
//     their names, since the glue passes the snippet's module namespace as it is;
//   - every export, referenced in the glue as `wasm.<name>`.
// The rewrite is checked: every old name must be found in the glue exactly where expected and gone afterwards,
// and the module must still compile.
//
// Usage: node scripts/minify-wasm-names.mjs <module.wasm> <glue.js>   (both rewritten in place)

import fs from 'node:fs';

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) throw new Error('usage: minify-wasm-names.mjs <module.wasm> <glue.js>');
const GLUE_MODULE = './numberauth_web_bg.js';

/** Short JS identifiers: a…z, A…Z, then two characters; never a word JS reserves or `__proto__`. */
function* shortNames() {
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const rest = `${first}0123456789_$`;
  const reserved = new Set(['do', 'if', 'in']);
  for (const a of first) yield a;
  for (const a of first) for (const b of rest) if (!reserved.has(a + b)) yield a + b;
  for (const a of first) for (const b of rest) for (const c of rest) yield a + b + c;
}

// ---- wasm binary: read and write the import (2) and export (7) sections, copy everything else ----
const bytes = fs.readFileSync(wasmPath);
let pos = 0;
const u32 = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result >>> 0;
    shift += 7;
  }
};
const leb = (/** @type {number} */ n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
};
const readName = () => {
  const len = u32();
  const s = bytes.toString('utf8', pos, pos + len);
  pos += len;
  return s;
};
const nameBytes = (/** @type {string} */ s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([leb(b.length), b]);
};
/** Skips an import's description and returns its raw bytes. */
const importDesc = () => {
  const start = pos;
  const kind = bytes[pos++];
  if (kind === 0) u32(); // func: type index
  else if (kind === 1) { pos++; limits(); } // table: reftype, limits
  else if (kind === 2) limits(); // memory
  else if (kind === 3) pos += 2; // global: valtype, mutability
  else if (kind === 4) { pos++; u32(); } // tag: attribute, type index
  else throw new Error(`unknown import kind ${kind}`);
  return bytes.subarray(start, pos);
};
const limits = () => {
  const flags = bytes[pos++];
  u32();
  if (flags & 1) u32();
};

if (bytes.readUInt32LE(0) !== 0x6d736100 || bytes.readUInt32LE(4) !== 1) throw new Error(`${wasmPath}: not a wasm module`);
pos = 8;
const names = shortNames();
/** @type {Map<string, string>} */ const moduleMap = new Map();
/** @type {Map<string, string>} */ const importMap = new Map();
/** @type {Map<string, string>} */ const exportMap = new Map();
const moduleNames = shortNames();
const out = [bytes.subarray(0, 8)];
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  const end = pos + size;
  if (id === 2) {
    const count = u32();
    const entries = [leb(count)];
    for (let i = 0; i < count; i++) {
      const mod = readName();
      const field = readName();
      const desc = importDesc();
      if (!moduleMap.has(mod)) moduleMap.set(mod, /** @type {string} */ (moduleNames.next().value));
      let short = field;
      if (mod === GLUE_MODULE) {
        if (importMap.has(field)) throw new Error(`import ${field} appears twice`);
        short = /** @type {string} */ (names.next().value);
        importMap.set(field, short);
      }
      entries.push(nameBytes(/** @type {string} */ (moduleMap.get(mod))), nameBytes(short), desc);
    }
    const body = Buffer.concat(entries);
    out.push(Buffer.from([id]), leb(body.length), body);
  } else if (id === 7) {
    const count = u32();
    const entries = [leb(count)];
    // Exports get names of their own series: they live in another namespace (`wasm.<name>`) than the imports.
    const exportNames = shortNames();
    for (let i = 0; i < count; i++) {
      const field = readName();
      const kind = bytes[pos++];
      const index = u32();
      const short = /** @type {string} */ (exportNames.next().value);
      exportMap.set(field, short);
      entries.push(nameBytes(short), Buffer.from([kind]), leb(index));
    }
    const body = Buffer.concat(entries);
    out.push(Buffer.from([id]), leb(body.length), body);
  } else {
    out.push(bytes.subarray(pos - 1 - leb(size).length, end));
  }
  if (pos > end) throw new Error(`section ${id} overran its size`);
  pos = end;
}
const rewritten = Buffer.concat(out);
new WebAssembly.Module(rewritten);

// ---- glue: the same renames, each at the one kind of place wasm-bindgen writes it ----
let glue = fs.readFileSync(gluePath, 'utf8');
const escape = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Replaces every match of `pattern` (a /g regex), which must match at least once. */
const replaceAll = (/** @type {RegExp} */ pattern, /** @type {string} */ replacement, /** @type {string} */ what) => {
  if (!pattern.test(glue)) throw new Error(`glue: ${what} not found (${pattern})`);
  pattern.lastIndex = 0;
  glue = glue.replace(pattern, replacement);
};
for (const [mod, short] of moduleMap) {
  replaceAll(new RegExp(`^(\\s*)"${escape(mod)}": (import\\d+,)$`, 'gm'), `$1"${short}": $2`, `imports key ${mod}`);
}
for (const [name, short] of importMap) {
  replaceAll(new RegExp(`^(\\s*)${escape(name)}(: function\\()`, 'gm'), `$1${short}$2`, `import ${name}`);
}
for (const [name, short] of exportMap) {
  const pattern = new RegExp(`\\bwasm\\.${escape(name)}\\b`, 'g');
  // An export the glue never calls (none today) would simply not be referenced: allowed.
  glue = glue.replace(pattern, `wasm.${short}`);
}
for (const name of importMap.keys()) {
  if (glue.includes(`${name}: function(`)) throw new Error(`glue: import ${name} still defined after renaming`);
}
for (const name of exportMap.keys()) {
  if (new RegExp(`\\bwasm\\.${escape(name)}\\b`).test(glue)) throw new Error(`glue: wasm.${name} still used`);
}
if (/\bwasm\.[A-Za-z_$][\w$]{3,}/.test(glue)) throw new Error('glue: a long wasm.<export> name is left');
for (const mod of moduleMap.keys()) {
  if (glue.includes(`"${mod}": import`)) throw new Error(`glue: module key ${mod} still present`);
}
fs.writeFileSync(wasmPath, rewritten);
fs.writeFileSync(gluePath, glue);
console.log(
  `minified ${moduleMap.size} module, ${importMap.size} import and ${exportMap.size} export names: ` +
    `wasm ${bytes.length} → ${rewritten.length} bytes`,
);
