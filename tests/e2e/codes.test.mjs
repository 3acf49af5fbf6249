// One test per result code, each produced by its real condition (sdk-api.md §3, protocol.md §2–4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authTokens, deleteScheme, freePort, patchScheme, sleep, startGateway } from './helpers.mjs';
import { check, expectError, only, phoneOnHarness, useGatewayAndBrowser, verifyToken } from './setup.mjs';

const env = useGatewayAndBrowser();

// The sandbox's demo schemes let the simulated SIM decide the environment (so a laptop runs the demo); a scheme
// of the test's own, like every production scheme, leaves the verdict to the browser.
test('600008: Wi-Fi (navigator.connection.type wifi on a phone)', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env, { connection: 'wifi', scheme: {} });
  only(assert, await check(page, tokens), 'success');
  assert.deepEqual(await page.evaluate(() => [window.sdk.getConnection(), window.sdk.checkEnvAvailable()]),
    ['wifi', { isPc: false, isWifi: true }]);
  const p = expectError(assert, await verifyToken(page), 600008);
  assert.match(p.detail, /wi-?fi/i);
});

test('600008: desktop browser', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env, { desktop: true, scheme: {} });
  only(assert, await check(page, tokens), 'success');
  assert.deepEqual(await page.evaluate(() => window.sdk.checkEnvAvailable()), { isPc: true, isWifi: false });
  expectError(assert, await verifyToken(page), 600008);
});

test('a sandbox demo scheme lets the simulated SIM decide: a desktop browser verifies', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env, { desktop: true });
  only(assert, await check(page, tokens), 'success');
  assert.equal((await page.evaluate(() => window.sdk.checkEnvAvailable())).isPc, true);
  const p = only(assert, await verifyToken(page), 'success');
  assert.match(p.spToken, /^sp1\./);
});

test('600010: the gateway is stopped', async (t) => {
  const gw2 = await startGateway();
  t.after(() => gw2.stop());
  const { page, context } = await phoneOnHarness(t, env, { bizType: false });
  const tokens = await authTokens(context, gw2); // their `iss` names gw2
  await gw2.stop();
  expectError(assert, await check(page, tokens), 600010);
});

test('600010: data-endpoint on the script tag names a closed port', async (t) => {
  const closed = await freePort();
  const { page, tokens } = await phoneOnHarness(t, env, { attrs: `data-endpoint="http://127.0.0.1:${closed}"` });
  expectError(assert, await check(page, tokens), 600010);
});

// A proxy in front of the gateway answering an error page (with CORS headers, so the browser lets the SDK see it).
const proxyError = (status) => (route) => route.fulfill({
  status, contentType: 'text/html', body: '<h1>Bad Gateway</h1>', headers: { 'access-control-allow-origin': '*' },
});

test('600010: the identity check answered HTTP 502 (its detail names the URL and the status)', async (t) => {
  const { page, context, tokens } = await phoneOnHarness(t, env);
  await context.route('**/h5/v1/check', proxyError(502));
  const p = expectError(assert, await check(page, tokens), 600010);
  assert.match(p.detail, /\/h5\/v1\/check answered HTTP 502$/);
});

test('600010: every carrier answered HTTP 503 (one entry per carrier, each naming the status)', async (t) => {
  const { page, context, tokens } = await phoneOnHarness(t, env);
  only(assert, await check(page, tokens), 'success');
  await context.route('**/token', proxyError(503));
  const p = expectError(assert, await verifyToken(page), 600010);
  assert.deepEqual(p.content.map((e) => e.vender).sort(), ['CM', 'CT', 'CU']);
  for (const e of p.content) assert.match(e.detail, /\/token answered HTTP 503$/);
});

test('600011: no carrier gives a token (one content entry per carrier)', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env, {
    device: { carrier: 'CM', number: '13800000000', faults: { CM: { maintenance: true } } },
  });
  only(assert, await check(page, tokens), 'success');
  const p = expectError(assert, await verifyToken(page), 600011);
  assert.ok(Array.isArray(p.content), 'content is a list');
  assert.deepEqual(p.content.map((e) => e.vender).sort(), ['CM', 'CT', 'CU']);
  for (const entry of p.content) {
    assert.equal(entry.isSuccess, false);
    assert.equal(typeof entry.msg, 'string');
    assert.deepEqual(Object.keys(entry.carrier).sort(), ['carrierRespCode', 'carrierSdkCode', 'carrierSdkMsg', 'carrierTraceId']);
  }
  const resp = Object.fromEntries(p.content.map((e) => [e.vender, e.carrier.carrierRespCode]));
  assert.deepEqual(resp, { CM: 'MAINTENANCE', CU: 'NOT_SUBSCRIBER', CT: 'NOT_SUBSCRIBER' });
});

test('600013: the scheme is demoted', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env, { scheme: { demoted: true } });
  expectError(assert, await check(page, tokens), 600013);
});

test('600014: the quota is 0, or used up', async (t) => {
  const zero = await phoneOnHarness(t, env, { scheme: { quota: 0 } });
  expectError(assert, await check(zero.page, zero.tokens), 600014);

  const one = await phoneOnHarness(t, env, { scheme: { quota: 1 } });
  only(assert, await check(one.page, one.tokens), 'success');
  // The quota is charged once per AccessToken: the same tokens pass again, the next visit's find it used up.
  only(assert, await check(one.page, one.tokens), 'success');
  const next = await authTokens(one.context, env.gw, { sceneCode: one.scheme.sceneCode });
  expectError(assert, await check(one.page, next), 600014);
});

test('600015: a slow carrier and a short timeout', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env, { device: { faults: { CM: { delayMs: 3000 } } } });
  only(assert, await check(page, tokens), 'success');
  const t0 = Date.now();
  expectError(assert, await verifyToken(page, { timeout: 1 }, 0), 600015);
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 900 && elapsed < 2500, `timed out after ~1 s, took ${elapsed} ms`);
});

test('600018: the carrier blocks the number', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env, { device: { faults: { CM: { blocked: true } } } });
  only(assert, await check(page, tokens), 'success');
  expectError(assert, await verifyToken(page), 600018);
});

test('600025: forged tokens', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env);
  const forged = { ...tokens, accessToken: `${tokens.accessToken.slice(0, -4)}AAAA` };
  const p = expectError(assert, await check(page, forged), 600025);
  assert.equal(typeof p.content, 'object');
  assert.equal(typeof p.content.code, 'number');
  assert.equal(typeof p.content.msg, 'string');
});

test('600025: the page is on another origin than the scheme (localhost vs 127.0.0.1)', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env);
  // A page really served from http://localhost:<port> (the demo page): Chromium then knows it is a loopback page,
  // where a routed page would count as public and be refused loopback fetches before the gateway could answer.
  const other = `http://localhost:${env.gw.port}`;
  await page.goto(`${other}/demo/`);
  await page.waitForFunction(() => typeof window.PhoneNumberServer === 'function');
  const report = await page.evaluate((tk) => new Promise((resolve) => {
    const calls = [];
    let inCall = true;
    new window.PhoneNumberServer().checkAuthAvailable({
      ...tk,
      success: (p) => calls.push({ kind: 'success', sync: inCall, payload: p }),
      error: (p) => calls.push({ kind: 'error', sync: inCall, payload: p }),
    });
    inCall = false;
    setTimeout(() => resolve({ returned: 'undefined', calls }), 1500);
  }), tokens);
  const p = expectError(assert, report, 600025);
  assert.match(p.detail, /origin/i);
});

test('600025: getVerifyToken before any check on the instance', async (t) => {
  const { page } = await phoneOnHarness(t, env, { bizType: false });
  await page.evaluate(() => { window.sdk = new window.PhoneNumberServer(); });
  expectError(assert, await verifyToken(page), 600025, '身份校验失败');
});

test('600028: missing or malformed arguments', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env);
  const p = expectError(assert, await check(page, { jwtToken: tokens.jwtToken }), 600028);
  assert.match(p.detail, /accessToken/);
  expectError(assert, await check(page, { accessToken: 42, jwtToken: tokens.jwtToken }), 600028);
  // A `success` that is not a function: reported through `error`, the one that is.
  const bad = await page.evaluate((tk) => new Promise((resolve) => {
    new window.PhoneNumberServer().checkAuthAvailable({ ...tk, success: 'yes', error: (e) => resolve(e) });
  }), tokens);
  assert.equal(bad.code, 600028);
  assert.match(bad.detail, /success/);
  // Not an object at all, in Promise mode.
  const r = await page.evaluate(() => window.viaPromise(new window.PhoneNumberServer(), 'checkAuthAvailable', 'nope'));
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 600028);
});

test('600032: login tokens (BizType 1) used for verification', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env, { bizType: 1 });
  expectError(assert, await check(page, tokens), 600032);
});

test('600034: tokens of a scheme with 1-second lifetimes, used after 2 s', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env, { scheme: { lifetimes: { accessToken: 1, jwt: 1, spToken: 1 } } });
  await sleep(2100);
  expectError(assert, await check(page, tokens), 600034);
});

test('600004: the scheme is deleted after the tokens were issued', async (t) => {
  const { page, tokens, context, scheme } = await phoneOnHarness(t, env, { scheme: {} });
  await deleteScheme(context, env.gw, scheme.sceneCode);
  expectError(assert, await check(page, tokens), 600004);
});

test('a scheme un-demoted works again (state read per call)', async (t) => {
  const { page, tokens, context, scheme } = await phoneOnHarness(t, env, { scheme: { demoted: true } });
  expectError(assert, await check(page, tokens), 600013);
  await patchScheme(context, env.gw, scheme.sceneCode, { demoted: false });
  only(assert, await check(page, tokens), 'success');
});
