// Checks the files the build ships, and fails the build otherwise:
//  1. each parses as ES2017 (acorn, ecmaVersion 2017): iOS 12 Safari and Chrome 61 run them (issue 12);
//  2. none uses an API newer than those engines without a guard (the list below): a global such as
//     `FinalizationRegistry` counts as guarded only when a `typeof` test of that same name decides whether the
//     expression or statement using it runs (wasm-bindgen's glue writes `typeof FinalizationRegistry ===
//     'undefined' ? … : new FinalizationRegistry(…)`); a newer method (`.at`, `.replaceAll`, …) likewise only under a
//     `typeof x.method` test of that method's name;
//  3. each inlines the optimised module byte for byte (a stale or half-built bundle fails here);
//  4. the module carries its build id (build.rs), written to dist/build-id.txt for the wasm tests to compare with;
//  5. the module names no path of the build machine (its home or this checkout; scripts/wasm-env.sh remaps them).
// Usage: node scripts/check-shipped.mjs <module.wasm> <shipped.js>...
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as acorn from 'acorn';

const [wasmPath, ...files] = process.argv.slice(2);
if (!wasmPath || files.length === 0) throw new Error('usage: check-shipped.mjs <module.wasm> <shipped.js>...');

/** Globals newer than iOS 12 Safari / Chrome 61. */
const NEW_GLOBALS = new Set([
  'FinalizationRegistry', 'WeakRef', 'queueMicrotask', 'structuredClone', 'globalThis', 'AggregateError',
  'BigInt', 'BigInt64Array', 'BigUint64Array',
]);
/** Methods newer than those engines, by property name (`Object.hasOwn`, `[].flat()`, `s.replaceAll()`, …). */
const NEW_METHODS = new Set([
  'at', 'flat', 'flatMap', 'hasOwn', 'fromEntries', 'replaceAll', 'allSettled', 'any', 'matchAll', 'findLast',
  'findLastIndex', 'fromBase64', 'toSorted', 'toReversed', 'toSpliced', 'with', 'groupBy', 'withResolvers', 'trimStart', 'trimEnd',
]);

/**
 * Glue import functions that call a newer API only after the Rust side has checked it exists, so the check is not
 * visible in the JS: js-sys's future queue (js-sys 0.3 `src/futures/queue.rs`, used by wasm-bindgen-futures) reads
 * the global's `queueMicrotask` through its `__wbg_queueMicrotask_*` getter import, and calls the
 * `__wbg_queueMicrotask_*` function import only when that is a function (else it uses a resolved Promise).
 */
const RUNTIME_GUARDED = [{ key: /^__wbg_queueMicrotask_[0-9a-f]+$/, name: 'queueMicrotask' }];

/** Every child node of `node`, in source order. */
function* children(node) {
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) for (const c of v) { if (c && typeof c.type === 'string') yield c; }
    else if (v && typeof v.type === 'string') yield v;
  }
}

/** The names a `typeof X` or `typeof X.y` inside `node` tests (`y` for the latter). */
function typeofNames(node, out = new Set()) {
  if (node.type === 'UnaryExpression' && node.operator === 'typeof') {
    const a = node.argument;
    if (a.type === 'Identifier') out.add(a.name);
    else if (a.type === 'MemberExpression' && !a.computed && a.property.type === 'Identifier') out.add(a.property.name);
  }
  for (const c of children(node)) typeofNames(c, out);
  return out;
}

/** Walks `node`; `guarded` holds the names a surrounding `typeof` test decides on. */
function scan(node, guarded, problems, declared) {
  const test = node.type === 'ConditionalExpression' || node.type === 'IfStatement' ? node.test
    : node.type === 'LogicalExpression' ? node.left : null;
  if (test) {
    const names = typeofNames(test);
    const inner = names.size ? new Set([...guarded, ...names]) : guarded;
    for (const c of children(node)) scan(c, c === test ? guarded : inner, problems, declared);
    return;
  }
  if (node.type === 'UnaryExpression' && node.operator === 'typeof') return;
  if (node.type === 'Identifier' && NEW_GLOBALS.has(node.name) && !guarded.has(node.name) && !declared.has(node.name)) {
    problems.push({ at: node.start, what: `unguarded ${node.name}` });
  }
  if (node.type === 'MemberExpression') {
    const name = !node.computed && node.property.type === 'Identifier' ? node.property.name
      : node.property.type === 'Literal' ? String(node.property.value) : null;
    if (name && NEW_METHODS.has(name) && !guarded.has(name)) problems.push({ at: node.start, what: `newer method .${name}` });
    scan(node.object, guarded, problems, declared);
    if (node.computed) scan(node.property, guarded, problems, declared);
    return;
  }
  if (node.type === 'Property' && !node.computed) {
    const key = node.key.type === 'Identifier' ? node.key.name : String(node.key.value);
    const allowed = RUNTIME_GUARDED.filter((g) => g.key.test(key)).map((g) => g.name);
    scan(node.value, allowed.length ? new Set([...guarded, ...allowed]) : guarded, problems, declared);
    return;
  }
  for (const c of children(node)) scan(c, guarded, problems, declared);
}

/** Names the file itself declares (a local `at` or `BigInt` variable is not the newer global). */
function declaredNames(ast) {
  const out = new Set();
  const visit = (n) => {
    if ((n.type === 'VariableDeclarator' || n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration') && n.id?.type === 'Identifier') out.add(n.id.name);
    for (const c of children(n)) visit(c);
  };
  visit(ast);
  return out;
}

const wasm = fs.readFileSync(wasmPath);
const module = new WebAssembly.Module(wasm);
let failed = false;
const fail = (msg) => { console.error(`[check-shipped] FAIL: ${msg}`); failed = true; };

for (const file of files) {
  const src = fs.readFileSync(file, 'utf8');
  // The ESM entry is a module; the IIFE and the CommonJS entry are scripts.
  const sourceType = file.endsWith('.cjs') || path.basename(file) === 'numberAuth-web-sdk.js' ? 'script' : 'module';
  let ast;
  try {
    ast = acorn.parse(src, { ecmaVersion: 2017, sourceType });
  } catch (e) {
    const at = e.pos ?? 0;
    fail(`${file} is not ES2017 (${e.message}): …${src.slice(Math.max(0, at - 60), at + 60)}…`);
    continue;
  }
  const problems = [];
  scan(ast, new Set(), problems, declaredNames(ast));
  for (const p of problems) fail(`${file}: ${p.what}: …${src.slice(Math.max(0, p.at - 60), p.at + 60)}…`);
  const inlined = src.includes(JSON.stringify(wasm.toString('base64')));
  if (!inlined) fail(`${file} does not inline ${wasmPath} (as scripts/inline-wasm.mjs writes it)`);
}

const id = /numberauth-build:[0-9a-f]{16}/.exec(wasm.toString('latin1'));
if (!id) fail(`${wasmPath} carries no build id (numberauth-build:…)`);
else fs.writeFileSync(path.join(path.dirname(files[0]), 'build-id.txt'), `${id[0]}\n`);
for (const dir of new Set([os.homedir(), process.cwd()])) {
  if (dir.length > 1 && wasm.includes(Buffer.from(dir))) fail(`${wasmPath} names a path of this machine (${dir})`);
}
if (!WebAssembly.Module.exports(module).some((e) => e.name === 'buildId')) fail(`${wasmPath} does not export buildId`);
if (failed) process.exit(1);
console.log(`[check-shipped] ${files.length} files: ES2017, no unguarded newer API, module inlined; ${id[0]}`);
