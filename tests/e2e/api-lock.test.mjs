// The API lock: the vendor-compatible surface (prototype, method arities, Errors, codes, payload field names)
// cannot drift.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { NPM_DIR, ROOT, requireBuilt } from './helpers.mjs';
import { check, only, phoneOnHarness, useGatewayAndBrowser, verifyToken } from './setup.mjs';

const env = useGatewayAndBrowser();
const load = () => import(pathToFileURL(path.join(NPM_DIR, 'index.js')).href);

const METHODS = {
  setLoggerEnable: 1,
  setUploadEnable: 1,
  getVersion: 0,
  getConnection: 0,
  checkEnvAvailable: 0,
  checkAuthAvailable: 1,
  getVerifyToken: 1,
  checkLoginAvailable: 1,
  getLoginToken: 1,
  closeLoginPage: 0,
};

test('PhoneNumberServer.prototype: exactly the vendor methods, with their arities', async () => {
  requireBuilt();
  const { PhoneNumberServer } = await load();
  assert.deepEqual(Object.getOwnPropertyNames(PhoneNumberServer.prototype).sort(), ['constructor', ...Object.keys(METHODS)].sort());
  for (const [name, length] of Object.entries(METHODS)) {
    assert.equal(typeof PhoneNumberServer.prototype[name], 'function', name);
    assert.equal(PhoneNumberServer.prototype[name].length, length, `${name}.length`);
  }
  assert.equal(PhoneNumberServer.length, 0, 'new PhoneNumberServer() takes no required argument');
  assert.equal(PhoneNumberServer.name, 'PhoneNumberServer');
});

test('Errors: the vendor\'s seven entries, frozen', async () => {
  const { Errors, default: dflt } = await load();
  assert.deepEqual({ ...Errors }, {
    ERROR_UNKNOW: 600010, ERROR_CHECK_AUTH: 600025, ERROR_CHECK_ENV: 600008, ERROR_GET_TOKEN: 600011,
    ERROR_UNAVAILABLE: 600013, ERROR_MAX_TIME: 600014, ERROR_TIMEOUT: 600015,
  });
  assert.ok(Object.isFrozen(Errors));
  assert.equal(dflt.Errors, Errors);
});

// That each row's name and message are src/core/codes.rs's is checked natively (codes::tests, which reads codes.js).
test('ResultCodes: every code, frozen, with the vendor\'s names for its Errors table', async () => {
  const { ResultCodes } = await load();
  assert.ok(Object.isFrozen(ResultCodes) && Object.values(ResultCodes).every(Object.isFrozen));
  assert.deepEqual(ResultCodes[600015], { name: 'ERROR_TIMEOUT', msg: '接口超时' });
  assert.deepEqual(Object.keys(ResultCodes).map(Number), [
    600000, 600004, 600008, 600010, 600011, 600013, 600014, 600015, 600018, 600025, 600028, 600030, 600032, 600034,
    700000,
  ]);
  // The vendor's names for the codes of its Errors table.
  const { Errors } = await load();
  for (const [name, code] of Object.entries(Errors)) assert.equal(ResultCodes[code].name, name);
});

test('the package version is the crate version', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(NPM_DIR, 'package.json'), 'utf8'));
  const cargo = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  // The SDK crate takes the workspace's version (`version.workspace = true`), shared with numberauth-core.
  assert.match(cargo, /\[package\][^[]*?\nversion\.workspace\s*=\s*true/);
  const crateVersion = /\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/.exec(cargo)[1];
  assert.equal(pkg.version, crateVersion);
});

test('payload field names: check, token, errors', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env);
  const okCheck = only(assert, await check(page, tokens), 'success');
  assert.deepEqual(Object.keys(okCheck).sort(), ['code', 'msg', 'requestId']);
  const okToken = only(assert, await verifyToken(page), 'success');
  assert.deepEqual(Object.keys(okToken).filter((k) => k !== 'msg').sort(), ['code', 'isSuccess', 'requestId', 'spToken', 'vender']);
  assert.equal(typeof okToken.code, 'number');
  const notChecked = await page.evaluate(() => window.viaCallbacks(new window.PhoneNumberServer(), 'getVerifyToken'));
  assert.deepEqual(Object.keys(only(assert, notChecked, 'error')).sort(), ['code', 'detail', 'msg', 'requestId']);
  const env2 = await page.evaluate(() => Object.keys(new window.PhoneNumberServer().checkEnvAvailable()).sort());
  assert.deepEqual(env2, ['isPc', 'isWifi']);
});
