// Server-side rendering: importing or requiring the built package under Node must not throw (no window there).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { NPM_DIR, requireBuilt } from './helpers.mjs';

const node = (code) => execFileSync(process.execPath, ['-e', code], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

test('ESM entry: import() under Node does not throw', () => {
  requireBuilt();
  const url = pathToFileURL(path.join(NPM_DIR, 'index.js')).href;
  const out = node(`import(${JSON.stringify(url)}).then((m) => console.log([typeof window, typeof m.PhoneNumberServer,
    typeof m.default.PhoneNumberServer, m.Errors.ERROR_TIMEOUT, Object.keys(m.ResultCodes).length].join(' ')))`);
  assert.equal(out, 'undefined function function 600015 15');
});

test('CommonJS entry: require() under Node does not throw', () => {
  requireBuilt();
  const out = node(`const m = require(${JSON.stringify(path.join(NPM_DIR, 'index.cjs'))});
    console.log([typeof window, typeof m.PhoneNumberServer, m.default.PhoneNumberServer === m.PhoneNumberServer,
      m.Errors.ERROR_UNKNOW].join(' '))`);
  assert.equal(out, 'undefined function true 600010');
});

test('the package by name: exports resolve for import and require', () => {
  requireBuilt();
  // Resolve as a dependency would: from a directory whose node_modules holds the package (a symlink to dist/npm).
  const out = node(`
    const fs = require('fs'), os = require('os'), path = require('path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pns-ssr-'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(${JSON.stringify(NPM_DIR)}, path.join(dir, 'node_modules', 'numberauth-web'), 'dir');
    const { createRequire } = require('module');
    const req = createRequire(path.join(dir, 'x.js'));
    const cjs = req('numberauth-web');
    import(req.resolve('numberauth-web').replace(/index\\.cjs$/, 'index.js')).then((esm) => {
      console.log(typeof cjs.PhoneNumberServer, typeof esm.PhoneNumberServer);
      fs.rmSync(dir, { recursive: true, force: true });
    });`);
  assert.equal(out, 'function function');
});
