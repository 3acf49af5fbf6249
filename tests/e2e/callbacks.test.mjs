// The shim's promises to pages: exactly one callback, always later; a throwing callback is caught and logged;
// Promise mode; per-instance state; timeouts in milliseconds; every call starts afresh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patchDevice, sleep, verifyOnServer } from './helpers.mjs';
import { check, expectError, only, phoneOnHarness, UUID_V4, useGatewayAndBrowser, verifyToken } from './setup.mjs';

const env = useGatewayAndBrowser();

test('exactly once under a late answer: the timeout wins and the carrier answering later changes nothing', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env, { device: { faults: { CM: { delayMs: 2500 } } } });
  only(assert, await check(page, tokens), 'success');
  // Wait well past the carrier's answer (1 s timeout, 2.5 s delay, 4 s settle): still exactly one call.
  const report = await verifyToken(page, { timeout: 1 }, 4000);
  expectError(assert, report, 600015);
});

test('a new call after a timeout starts afresh and succeeds', async (t) => {
  const { page, tokens, context, device } = await phoneOnHarness(t, env, { device: { faults: { CM: { delayMs: 2000 } } } });
  only(assert, await check(page, tokens), 'success');
  expectError(assert, await verifyToken(page, { timeout: 0.5 }, 0), 600015);
  await patchDevice(context, env.gw, device.id, { faults: {} });
  const ok = only(assert, await verifyToken(page), 'success');
  assert.equal(ok.vender, 'CM');
});

test('a throwing success callback: caught and logged with its name, error never called', async (t) => {
  const { page, tokens, logs } = await phoneOnHarness(t, env);
  const calls = await page.evaluate((tk) => new Promise((resolve) => {
    const calls = [];
    new window.PhoneNumberServer().checkAuthAvailable({
      ...tk,
      success: () => { calls.push('success'); throw new Error('bug in the page'); },
      error: () => calls.push('error'),
    });
    setTimeout(() => resolve(calls), 800);
  }), tokens);
  assert.deepEqual(calls, ['success']);
  const logged = logs.find((l) => l.type === 'error' && /success/.test(l.text) && /bug in the page/.test(l.text));
  assert.ok(logged, `console.error names the callback: ${JSON.stringify(logs)}`);
  assert.ok(!logs.some((l) => l.type === 'pageerror'), 'nothing escaped as an uncaught error');
});

test('a throwing error callback is caught too', async (t) => {
  const { page, logs } = await phoneOnHarness(t, env, { bizType: false });
  const calls = await page.evaluate(() => new Promise((resolve) => {
    const calls = [];
    new window.PhoneNumberServer().getVerifyToken({
      success: () => calls.push('success'),
      error: () => { calls.push('error'); throw new Error('bug in the handler'); },
    });
    setTimeout(() => resolve(calls), 500);
  }));
  assert.deepEqual(calls, ['error']);
  assert.ok(logs.some((l) => l.type === 'error' && /error/.test(l.text) && /bug in the handler/.test(l.text)));
});

test('only `error` given: success result is not an error; only `success` given: a failure calls nothing', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env);
  const out = await page.evaluate(async (tk) => {
    const sdk = new window.PhoneNumberServer();
    const seen = [];
    const r1 = sdk.checkAuthAvailable({ ...tk, error: () => seen.push('error-1') });
    const r2 = new window.PhoneNumberServer().getVerifyToken({ success: () => seen.push('success-2') });
    await new Promise((r) => setTimeout(r, 800));
    return { seen, r1: String(r1), r2: String(r2) };
  }, tokens);
  assert.deepEqual(out, { seen: [], r1: 'undefined', r2: 'undefined' });
});

test('Promise mode: resolves with the payload, rejects with an Error carrying the payload fields', async (t) => {
  const { page, tokens, context } = await phoneOnHarness(t, env);
  const ok = await page.evaluate(async (tk) => {
    window.sdk = new window.PhoneNumberServer();
    const a = await window.viaPromise(window.sdk, 'checkAuthAvailable', tk);
    const b = await window.viaPromise(window.sdk, 'getVerifyToken');
    return { a, b };
  }, tokens);
  assert.equal(ok.a.ok, true);
  assert.equal(ok.a.value.code, 600000);
  assert.equal(ok.a.value.msg, '鉴权成功');
  assert.match(ok.a.value.requestId, UUID_V4);
  assert.equal(ok.b.ok, true);
  assert.equal(ok.b.value.isSuccess, true);
  assert.match(ok.b.value.spToken, /^sp1\./);
  assert.notEqual(ok.a.value.requestId, ok.b.value.requestId, 'a fresh requestId per call');
  const server = await verifyOnServer(context, env.gw, ok.b.value.spToken, '13800000000');
  assert.equal(server.verifyResult, 'PASS');

  const bad = await page.evaluate(() => window.viaPromise(new window.PhoneNumberServer(), 'getVerifyToken'));
  assert.equal(bad.ok, false);
  assert.equal(bad.isError, true);
  assert.equal(bad.error.name, 'PhoneNumberServerError');
  assert.equal(bad.error.code, 600025);
  assert.equal(bad.error.msg, '身份校验失败');
  assert.match(bad.error.requestId, UUID_V4);
  assert.equal(bad.error.message, `600025 身份校验失败: ${bad.error.detail}`);
});

test('two instances do not share state', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env);
  const out = await page.evaluate(async (tk) => {
    const a = new window.PhoneNumberServer();
    const b = new window.PhoneNumberServer();
    await a.checkAuthAvailable(tk);
    const onB = await window.viaPromise(b, 'getVerifyToken');
    const onA = await window.viaPromise(a, 'getVerifyToken');
    b.setLoggerEnable(false);
    return { onB, onA };
  }, tokens);
  assert.equal(out.onB.ok, false);
  assert.equal(out.onB.error.code, 600025);
  assert.equal(out.onA.ok, true);
  assert.equal(out.onA.value.vender, 'CM');
});

test('timeout: 10000 is taken as milliseconds (10 s), not seconds', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env, { device: { faults: { CM: { delayMs: 12000 } } } });
  only(assert, await check(page, tokens), 'success');
  const t0 = Date.now();
  expectError(assert, await verifyToken(page, { timeout: 10000 }, 0), 600015);
  const elapsed = Date.now() - t0;
  assert.ok(elapsed > 9000 && elapsed < 11800, `gave up after ~10 s, took ${elapsed} ms`);
});

test('closeLoginPage works detached and any number of times', async (t) => {
  const { page } = await phoneOnHarness(t, env, { bizType: false });
  const out = await page.evaluate(() => {
    const sdk = new window.PhoneNumberServer();
    const f = sdk.closeLoginPage;
    f();
    f.call(undefined);
    sdk.closeLoginPage();
    sdk.closeLoginPage();
    return 'ok';
  });
  assert.equal(out, 'ok');
});

test('checkEnvAvailable and getConnection on a phone with cellular data', async (t) => {
  const { page } = await phoneOnHarness(t, env, { bizType: false });
  const out = await page.evaluate(() => {
    const sdk = new window.PhoneNumberServer();
    return { conn: sdk.getConnection(), env: sdk.checkEnvAvailable(), type: navigator.connection.type };
  });
  assert.deepEqual(out, { conn: 'cellular', env: { isPc: false, isWifi: false }, type: 'cellular' });
  await sleep(0);
});
