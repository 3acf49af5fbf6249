// scripts/check-shipped.mjs, the build's check of what it ships, on small files: it passes the built files and
// fails each kind of defect it exists for (syntax above ES2017, an unguarded newer API, a missing module).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DIST, ROOT } from './helpers.mjs';

const WASM = path.join(ROOT, 'build/wasm/numberauth_web_bg.wasm');
const TEXT = JSON.stringify(fs.readFileSync(WASM).toString('base64'));

/** Runs the check on one script file holding `body` (and the module's text unless `withModule` is false). */
function checkScript(body, { withModule = true } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pns-check-'));
  const file = path.join(dir, 'numberAuth-web-sdk.js');
  fs.writeFileSync(file, `${withModule ? `var m = ${TEXT};\n` : ''}${body}\n`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/check-shipped.mjs'), WASM, file], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, out: r.stdout + r.stderr };
}

test('the built files pass', () => {
  const files = ['numberAuth-web-sdk.js', 'npm/index.js', 'npm/index.cjs'].map((f) => path.join(DIST, f));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/check-shipped.mjs'), WASM, ...files], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(fs.readFileSync(path.join(DIST, 'build-id.txt'), 'utf8').trim(), /numberauth-build:[0-9a-f]{16}/.exec(r.stdout)[0]);
});

test('guarded uses of newer APIs pass', () => {
  const r = checkScript(`var f = typeof FinalizationRegistry === 'undefined' ? null : new FinalizationRegistry(function () {});
if (typeof queueMicrotask === 'function') queueMicrotask(function () {});
var b = typeof Uint8Array.fromBase64 === 'function' ? Uint8Array.fromBase64('AA==') : null;`);
  assert.equal(r.status, 0, r.out);
});

for (const [what, body, message] of [
  ['optional chaining (ES2020)', 'var a = window.x?.y;', /is not ES2017/],
  ['a class field (ES2022)', 'class A { x = 1 }', /is not ES2017/],
  ['an unguarded FinalizationRegistry', 'var f = new FinalizationRegistry(function () {});', /unguarded FinalizationRegistry/],
  ['a guard of another name', "var f = typeof WeakRef === 'undefined' ? null : new FinalizationRegistry(function () {});", /unguarded FinalizationRegistry/],
  ['globalThis', 'var d = globalThis.document;', /unguarded globalThis/],
  ['String.prototype.replaceAll', "var s = 'a'.replaceAll('a', 'b');", /newer method \.replaceAll/],
  ['Object.fromEntries', 'var o = Object.fromEntries([]);', /newer method \.fromEntries/],
  ['Array.prototype.at', 'var x = [1].at(-1);', /newer method \.at/],
]) {
  test(`fails on ${what}`, () => {
    const r = checkScript(body);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, message);
  });
}

test('fails on a file without the module inlined', () => {
  const r = checkScript('var x = 1;', { withModule: false });
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /does not inline/);
});

test('fails on a module that names a path of the build machine', () => {
  // The built module with a custom section holding this machine's home directory, inlined as the build inlines it.
  const home = Buffer.from(os.homedir());
  const name = Buffer.from('leak');
  const body = Buffer.concat([Buffer.from([name.length]), name, home]);
  if (body.length >= 128) throw new Error('the home directory is too long for this one-byte section size');
  const wasm = Buffer.concat([fs.readFileSync(WASM), Buffer.from([0, body.length]), body]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pns-check-'));
  const wasmFile = path.join(dir, 'module.wasm');
  const file = path.join(dir, 'numberAuth-web-sdk.js');
  fs.writeFileSync(wasmFile, wasm);
  fs.writeFileSync(file, `var m = ${JSON.stringify(wasm.toString('base64'))};\n`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/check-shipped.mjs'), wasmFile, file], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /names a path of this machine/);
});
