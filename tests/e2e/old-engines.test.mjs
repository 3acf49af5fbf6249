// Browsers our users' users have: engines without the newer globals (older iOS Safari / WeChat and Android
// WebViews), without WebAssembly (iOS Lockdown Mode) or refusing to compile it (a CSP without 'wasm-unsafe-eval'),
// and the HarmonyOS / WeChat / Alipay user agents. Through the built package on an emulated phone, against the
// sandbox.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authTokens, createDevice, PHONE, setConnectionType, verifyOnServer } from './helpers.mjs';
import { PAGES, runCompat } from './compat-pages.mjs';
import { useGatewayAndBrowser } from './setup.mjs';

const env = useGatewayAndBrowser();

/** Takes away what iOS 12 Safari / Chrome 61 do not have, before any of the page's scripts run. */
const OLD_ENGINE = `(() => {
  const gone = (o, k) => { try { delete o[k]; } catch (e) { /* not configurable */ } };
  for (const k of ['FinalizationRegistry', 'WeakRef', 'queueMicrotask', 'structuredClone']) gone(window, k);
  gone(Array.prototype, 'at'); gone(Array.prototype, 'flat'); gone(Array.prototype, 'flatMap');
  gone(Object, 'hasOwn'); gone(Object, 'fromEntries'); gone(String.prototype, 'replaceAll');
  gone(Promise, 'allSettled'); gone(Promise, 'any');
  // Chrome 140 / Safari 18.2: without it the inlined module is read with atob and a copy loop (inline-wasm.js).
  gone(Uint8Array, 'fromBase64');
  gone(window, 'globalThis');
  window.oldEngine = typeof FinalizationRegistry + typeof WeakRef + typeof queueMicrotask + typeof structuredClone
    + typeof [].at + typeof [].flat + typeof Object.hasOwn + typeof Object.fromEntries + typeof ''.replaceAll
    + typeof Promise.allSettled + typeof Promise.any + typeof Uint8Array.fromBase64 + typeof globalThis;
})();`;
const NO_WASM = `(() => { delete window.WebAssembly; })();`;

for (const name of Object.keys(PAGES)) {
  test(`old engine (no FinalizationRegistry, WeakRef, queueMicrotask, structuredClone, globalThis, at/flat, hasOwn/fromEntries, replaceAll, allSettled/any): ${name}`, async (t) => {
    await runCompat(t, env, name, OLD_ENGINE);
  });
}

/**
 * A phone on a page that loads the script-tag file (with `csp` as its Content-Security-Policy header, if given),
 * after `initScript`; `userAgent` replaces the Pixel 7's.
 */
async function phone(t, { initScript, csp, userAgent } = {}) {
  const context = await env.browser.newContext({ ...PHONE, ...(userAgent ? { userAgent } : {}) });
  t.after(() => context.close());
  const page = await context.newPage();
  await setConnectionType(await context.newCDPSession(page), 'cellular4g');
  const logs = [];
  page.on('pageerror', (e) => logs.push(String(e)));
  if (initScript) await page.addInitScript(initScript);
  const number = '18600001234';
  await createDevice(context, env.gw, { carrier: 'CU', number });
  const url = `${env.gw.base}/e2e/engine.html`;
  await page.route(url, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    headers: csp ? { 'Content-Security-Policy': csp } : {},
    body: '<!doctype html><meta charset="utf-8"><script src="/sdk/numberAuth-web-sdk.js"></script><body>',
  }));
  await page.goto(url);
  return { page, context, logs, number };
}

/** Every asynchronous method once, in callback style and in Promise style: what each call ended with. */
async function everyCall(page, tokens) {
  return page.evaluate(async (tk) => {
    const out = [];
    for (const m of ['checkAuthAvailable', 'checkLoginAvailable', 'getVerifyToken', 'getLoginToken']) {
      const sdk = new window.PhoneNumberServer();
      const calls = [];
      let sync = true;
      sdk[m]({ ...tk, authPageOption: {}, success: (p) => calls.push(['success', sync, p.code]), error: (p) => calls.push(['error', sync, p.code, p.detail]) });
      sync = false;
      const promised = await sdk[m]({ ...tk, authPageOption: {} }).then((v) => ['resolved', v.code], (e) => ['rejected', e.code, e.detail]);
      await new Promise((r) => setTimeout(r, 200));
      out.push({ m, calls, promised });
    }
    return out;
  }, tokens);
}

function expect600008(results, cause) {
  for (const { m, calls, promised } of results) {
    assert.equal(calls.length, 1, `${m}: ${JSON.stringify(calls)}`);
    const [kind, sync, code, detail] = calls[0];
    assert.deepEqual([kind, sync, code], ['error', false, 600008], m);
    assert.match(detail, cause, m);
    assert.deepEqual(promised.slice(0, 2), ['rejected', 600008], m);
    assert.match(promised[2], cause, m);
  }
}

test('no WebAssembly: the script loads, the constructor and sync methods answer, every call ends once with 600008', async (t) => {
  const { page, context, logs } = await phone(t, { initScript: NO_WASM });
  const sync = await page.evaluate(() => {
    const sdk = new window.PhoneNumberServer();
    return [typeof window.WebAssembly, typeof window.Errors, sdk.getVersion(), sdk.getConnection(), sdk.checkEnvAvailable(),
      sdk.setLoggerEnable(false), sdk.setUploadEnable(false), sdk.closeLoginPage()];
  });
  assert.deepEqual(sync, ['undefined', 'object', '1.0.0', 'cellular', { isPc: false, isWifi: false }, undefined, undefined, undefined]);
  const tokens = await authTokens(context, env.gw, { bizType: 0 });
  expect600008(await everyCall(page, tokens), /no WebAssembly/);
  assert.deepEqual(logs, []);
});

test('a CSP without \'wasm-unsafe-eval\': 600008 naming the fix, no page error', async (t) => {
  const { page, context, logs } = await phone(t, { csp: "script-src 'self' 'unsafe-inline'" });
  assert.equal(await page.evaluate(() => typeof new window.PhoneNumberServer().getVersion()), 'string');
  const tokens = await authTokens(context, env.gw, { bizType: 0 });
  expect600008(await everyCall(page, tokens), /'wasm-unsafe-eval'/);
  assert.deepEqual(logs, []);
});

// An engine whose WebAssembly predates a feature the module uses (e.g. Chromium WebViews before 96 lack reference
// types): compiling throws a CompileError that is not a CSP refusal.
const OLD_WASM = `(() => {
  WebAssembly.Module = function Module() { throw new WebAssembly.CompileError('WebAssembly.Module(): Compiling function #0 failed: invalid value type 0x6f'); };
})();`;

test('an engine too old for the module: 600008 saying so (not the CSP fix), no page error', async (t) => {
  const { page, context, logs } = await phone(t, { initScript: OLD_WASM });
  assert.equal(await page.evaluate(() => typeof new window.PhoneNumberServer().getVersion()), 'string');
  const tokens = await authTokens(context, env.gw, { bizType: 0 });
  const results = await everyCall(page, tokens);
  expect600008(results, /WebAssembly is too old/);
  for (const { calls } of results) assert.doesNotMatch(calls[0][3], /wasm-unsafe-eval/);
  assert.deepEqual(logs, []);
});

test('a CSP with \'wasm-unsafe-eval\': the whole verification PASSes', async (t) => {
  const { page, context, number } = await phone(t, { csp: "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'" });
  const tokens = await authTokens(context, env.gw, { bizType: 0 });
  const spToken = await page.evaluate(async (tk) => {
    const sdk = new window.PhoneNumberServer();
    await sdk.checkAuthAvailable(tk);
    return (await sdk.getVerifyToken()).spToken;
  }, tokens);
  assert.equal((await verifyOnServer(context, env.gw, spToken, number)).verifyResult, 'PASS');
});

const AGENTS = {
  'HarmonyOS NEXT browser': 'Mozilla/5.0 (Phone; OpenHarmony 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile HuaweiBrowser/5.0.4.300',
  'WeChat on HarmonyOS': 'Mozilla/5.0 (Phone; OpenHarmony 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 MicroMessenger/8.0.1.37 NetType/4G',
  'Alipay in-app browser': 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0 Safari/537.36 AliApp(AP/10.5.70) AlipayClient/10.5.70 Language/zh-Hans',
};

for (const [name, userAgent] of Object.entries(AGENTS)) {
  test(`${name}: a phone in checkEnvAvailable, and the whole verification PASSes`, async (t) => {
    const { page, context, number } = await phone(t, { userAgent });
    const tokens = await authTokens(context, env.gw, { bizType: 0 });
    const r = await page.evaluate(async (tk) => {
      const sdk = new window.PhoneNumberServer();
      const envNow = sdk.checkEnvAvailable();
      await sdk.checkAuthAvailable(tk);
      return { envNow, spToken: (await sdk.getVerifyToken()).spToken };
    }, tokens);
    assert.deepEqual(r.envNow, { isPc: false, isWifi: false });
    assert.equal((await verifyOnServer(context, env.gw, r.spToken, number)).verifyResult, 'PASS');
  });
}
