// The built package through its public entries in the browser: script tag (two globals, nothing else),
// ESM import of dist/npm/index.js, dynamic import().
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDevice, newPhone, openFixture, serve } from './helpers.mjs';
import { useGatewayAndBrowser } from './setup.mjs';

const env = useGatewayAndBrowser();
const ERRORS = {
  ERROR_UNKNOW: 600010, ERROR_CHECK_AUTH: 600025, ERROR_CHECK_ENV: 600008, ERROR_GET_TOKEN: 600011,
  ERROR_UNAVAILABLE: 600013, ERROR_MAX_TIME: 600014, ERROR_TIMEOUT: 600015,
};

async function phone(t) {
  const p = await newPhone(env.browser);
  t.after(() => p.context.close());
  await createDevice(p.context, env.gw);
  return p;
}

test('script tag: defines window.PhoneNumberServer and window.Errors, and no other global', async (t) => {
  const { page, logs } = await phone(t);
  await openFixture(page, env.gw, 'globals.html');
  const added = await page.evaluate(() => window.loaded);
  const ours = added.filter((n) => !['before', 'loaded', 'harnessReady'].includes(n)).sort();
  assert.deepEqual(ours, ['Errors', 'PhoneNumberServer']);
  const info = await page.evaluate(() => ({
    type: typeof window.PhoneNumberServer,
    errors: { ...window.Errors },
    version: new window.PhoneNumberServer().getVersion(),
  }));
  assert.equal(info.type, 'function');
  assert.deepEqual(info.errors, ERRORS);
  assert.match(info.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(logs.filter((l) => l.type === 'error' || l.type === 'pageerror'), []);
});

test('ESM: named and default exports from the npm entry', async (t) => {
  const { page } = await phone(t);
  await openFixture(page, env.gw, 'esm.html');
  const out = await page.evaluate(() => {
    const { PhoneNumberServer, Errors, ResultCodes, defaultExport } = window.esm;
    const sdk = new PhoneNumberServer();
    return {
      same: defaultExport.PhoneNumberServer === PhoneNumberServer,
      errors: { ...Errors },
      codes: Object.keys(ResultCodes).length,
      version: sdk.getVersion(),
      conn: sdk.getConnection(),
      globals: typeof window.PhoneNumberServer,
    };
  });
  assert.equal(out.same, true);
  assert.deepEqual(out.errors, ERRORS);
  assert.equal(out.codes, 15);
  assert.match(out.version, /^\d+\.\d+\.\d+/);
  assert.equal(out.conn, 'cellular');
  assert.equal(out.globals, 'undefined', 'the ESM entry sets no global');
});

test('dynamic import(): sdk.PhoneNumberServer works, and a full identity check runs', async (t) => {
  const { page, context } = await phone(t);
  const tokens = await (await context.request.post(`${env.gw.base}/demo-backend/auth-token`, { data: { bizType: 0 } })).json();
  await openFixture(page, env.gw, 'dynamic.html');
  const out = await page.evaluate(async (tk) => {
    const sdk = await window.loadSdk();
    const s = new sdk.PhoneNumberServer();
    const res = await s.checkAuthAvailable(tk);
    return { code: res.code, dflt: typeof sdk.default.PhoneNumberServer };
  }, tokens);
  assert.deepEqual(out, { code: 600000, dflt: 'function' });
});

test("Content-Security-Policy: works with 'wasm-unsafe-eval'; without it, new PhoneNumberServer() still answers and calls end with 600008 naming the fix", async (t) => {
  const { page } = await phone(t);
  const run = async (scriptSrc) => {
    const url = `${env.gw.base}/e2e/csp-${scriptSrc.includes('wasm') ? 'wasm' : 'strict'}.html`;
    await serve(page, url, `<!doctype html><meta http-equiv="Content-Security-Policy" content="script-src ${scriptSrc}">
<script src="/sdk/numberAuth-web-sdk.js"></script>
<script>
  const tryNew = () => { try { const s = new PhoneNumberServer(); return s.checkAuthAvailable({}).then(() => ({ version: s.getVersion() }), (e) => ({ version: s.getVersion(), code: e.code, detail: e.detail })); } catch (e) { return { thrown: e.message }; } };
  window.result = Promise.all([tryNew(), tryNew()]);
</script>`, 'text/html; charset=utf-8');
    await page.goto(url);
    return page.evaluate(() => window.result);
  };
  const allowed = await run("'self' 'unsafe-inline' 'wasm-unsafe-eval'");
  assert.deepEqual(allowed.map((r) => [typeof r.version, r.code]), [['string', 600028], ['string', 600028]]);
  const strict = await run("'self' 'unsafe-inline'");
  assert.equal(strict.length, 2, 'every attempt answers (the failed start is not cached)');
  for (const r of strict) {
    assert.equal(r.thrown, undefined);
    assert.equal(r.version, '1.0.0');
    assert.equal(r.code, 600008);
    assert.match(r.detail, /refused to start the SDK's WebAssembly module \(.*\); if the page has a Content-Security-Policy, its script-src must allow 'wasm-unsafe-eval'$/s);
  }
});
