// Issue 12's documented usages, each as the vendor's documentation or a real page writes it, through the built
// script-tag file on an emulated phone against the sandbox: customView's `element` + `js` (a classic script in the
// page's global scope), sign-up button texts, back/cancel (700000), setUploadEnable, privacyAlertLoginText values,
// one watch(5) per press on the privacy dialog's auto-login path, options objects that throw when read, and
// customView.js under a Content-Security-Policy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authTokens, createDevice, newPhone } from './helpers.mjs';
import { useGatewayAndBrowser } from './setup.mjs';
import {
  ended, loginButton, loginPage, loginPhone, phoneOnServer, startLogin, tickAgreement, typeDigits,
} from './login-helpers.mjs';

const env = useGatewayAndBrowser();
const pageErrors = (logs) => logs.filter((l) => l.type === 'pageerror');

/** Types the middle four of 13812345678, ticks the agreement, logs in; returns the call's log. */
async function confirm(page, button = /登录/) {
  await typeDigits(page, '1234');
  await tickAgreement(page);
  await loginButton(page, button).click();
  return ended(page);
}

test('customView, as the vendor documents it: element\'s inline handler calls a function js declared', async (t) => {
  const { page, context, logs } = await loginPhone(t, env);
  await startLogin(page, {
    showCustomView: true,
    customView: {
      element: '<div id="other-way" class="other" onclick="clickEvent()">其他方式登录</div>',
      style: '.other{color:rgb(9, 8, 7)}',
      js: 'function clickEvent(){ window.clicks = (window.clicks || 0) + 1; }',
    },
  });
  await loginPage(page).waitFor();
  // Where the page's own code finds it, a global the inline handler reaches, styled by customView.style.
  const seen = await page.evaluate(() => {
    const el = document.querySelector('#other-way');
    return { found: !!el, global: typeof window.clickEvent, color: el && getComputedStyle(el).color, shown: !!(el && el.getClientRects().length) };
  });
  assert.deepEqual(seen, { found: true, global: 'function', color: 'rgb(9, 8, 7)', shown: true });
  await page.locator('#other-way').click();
  assert.equal(await page.evaluate(() => window.clicks), 1);
  // The login page's own styles stay scoped: customView.style's class does not reach into it, nor the page's.
  assert.equal(await page.evaluate(() => document.querySelector('.title')), null, 'the login page stays in its shadow root');
  const log = await confirm(page);
  assert.equal(log.calls.length, 1);
  assert.equal(log.calls[0].kind, 'success', JSON.stringify(log.calls[0]));
  assert.equal((await phoneOnServer(context, env.gw, log.calls[0].payload.spToken)).body?.mobile, '13812345678');
  assert.deepEqual(pageErrors(logs), []);
  assert.equal(await page.evaluate(() => document.querySelector('#other-way')), null, 'removed with the page');
});

test('customView.js as a function: called with the element\'s container (no inline script needed)', async (t) => {
  const { page, logs } = await loginPhone(t, env);
  await startLogin(page, { showCustomView: true, customView: { element: '<button id="sms" type="button">短信登录</button>' } }, {
    extra: `{ authPageOption: { customView: { element: '<button id="sms" type="button">短信登录</button>',
      js: function (box) { window.jsThis = this === box && box.contains(document.getElementById('sms')); } } } }`,
  });
  await loginPage(page).waitFor();
  await page.waitForFunction(() => window.jsThis !== undefined);
  assert.equal(await page.evaluate(() => window.jsThis), true);
  assert.deepEqual(pageErrors(logs), []);
});

test('btnText: a sign-up text is shown, not refused; one console warning at most for a text with neither word', async (t) => {
  const { page, context, logs } = await loginPhone(t, env);
  await startLogin(page, { btnText: '本机号码一键注册' });
  await loginButton(page, '本机号码一键注册').waitFor();
  const log = await confirm(page, '本机号码一键注册');
  assert.equal(log.calls[0].kind, 'success', JSON.stringify(log.calls[0]));
  assert.equal((await phoneOnServer(context, env.gw, log.calls[0].payload.spToken)).body?.mobile, '13812345678');
  const warnings = () => logs.filter((l) => l.type === 'warning' && l.text.includes('btnText'));
  assert.equal(warnings().length, 0, '注册 is the vendor\'s word for sign-up');
  for (let i = 0; i < 2; i++) {
    await startLogin(page, { btnText: '确定' });
    await page.locator('pns-login-page [data-a="login"]', { hasText: '确定' }).waitFor();
    await page.evaluate(() => window.sdk.closeLoginPage());
    await ended(page, 0);
  }
  assert.equal(warnings().length, 1, JSON.stringify(warnings()));
});

test('setUploadEnable(bool): on the prototype, answers undefined, changes nothing', async (t) => {
  const { page, context } = await loginPhone(t, env);
  const r = await page.evaluate(() => {
    const proto = Object.getOwnPropertyNames(window.PhoneNumberServer.prototype).includes('setUploadEnable');
    return [proto, window.sdk.setUploadEnable(true), window.sdk.setUploadEnable(false), window.sdk.setUploadEnable()];
  });
  assert.deepEqual(r, [true, undefined, undefined, undefined]);
  await startLogin(page);
  const log = await confirm(page);
  assert.equal(log.calls[0].kind, 'success');
  assert.equal((await phoneOnServer(context, env.gw, log.calls[0].payload.spToken)).body?.mobile, '13812345678');
});

test('privacyAlertLoginText takes the values pages pass (text, flags): never 600028', async (t) => {
  const { page } = await loginPhone(t, env);
  for (const [value, shown] of [['同意并注册', '同意并注册'], [true, '同意并登录'], [false, '同意并登录'], [1, '1']]) {
    await startLogin(page, { privacyAlertIsNeedShow: true, privacyAlertConfig: { privacyAlertLoginText: value } });
    await loginPage(page).waitFor();
    assert.equal(await page.locator('pns-login-page [data-a="alert-ok"]').textContent(), shown, String(value));
    await page.evaluate(() => window.sdk.closeLoginPage());
    const log = await ended(page, 0);
    assert.equal(log.calls[0].payload.code, 600011, `closed by the page, not refused: ${JSON.stringify(log.calls[0])}`);
  }
});

test('privacy dialog auto-login: one press of login is one watch(5), and the flow completes', async (t) => {
  const { page, context } = await loginPhone(t, env);
  await startLogin(page, { privacyAlertIsNeedShow: true, privacyAlertConfig: { privacyAlertIsNeedAutoLogin: true } });
  await typeDigits(page, '1234');
  await loginButton(page).click(); // not ticked: the dialog opens
  await page.locator('pns-login-page [data-a="alert-ok"]').click(); // agree: ticks and logs in
  const log = await ended(page);
  assert.deepEqual(log.events.map(([s]) => s).filter((s) => s === 5), [5], JSON.stringify(log.events));
  assert.equal(log.calls[0].kind, 'success', JSON.stringify(log.calls[0]));
  assert.equal((await phoneOnServer(context, env.gw, log.calls[0].payload.spToken)).body?.mobile, '13812345678');
});

test('back: watch(2), the page closes, 700000 用户取消登录, and the next call still works', async (t) => {
  const { page, context } = await loginPhone(t, env);
  await startLogin(page);
  await page.getByRole('button', { name: '返回' }).click();
  const log = await ended(page);
  assert.deepEqual(log.events.map(([s]) => s), [6, 1, 2]);
  assert.deepEqual([log.calls.length, log.calls[0].payload.code, log.calls[0].payload.msg], [1, 700000, '用户取消登录']);
  assert.equal(await page.evaluate(() => window.PhoneNumberServer && 700000 in (window.Errors || {})), false, 'Errors keeps the vendor\'s seven');
  await startLogin(page);
  const again = await confirm(page);
  assert.equal((await phoneOnServer(context, env.gw, again.calls[0].payload.spToken)).body?.mobile, '13812345678');
});

// Hostile options: every method × every way an options object can throw when read.
const HOSTILE = {
  'throwing getter': `(() => { const o = {}; Object.defineProperty(o, 'timeout', { get() { throw new Error('boom'); } }); return o; })()`,
  'Proxy whose get trap throws': `new Proxy({}, { get() { throw new Error('trap'); } })`,
  'revoked Proxy': `(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()`,
  'throwing getter in authPageOption': `{ authPageOption: { get btnText() { throw new Error('no'); } } }`,
  'revoked Proxy as customView': `{ authPageOption: { showCustomView: true, customView: (() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })() } }`,
  'Proxy with throwing trap as privacyAlertConfig': `{ authPageOption: { privacyAlertIsNeedShow: true, privacyAlertConfig: new Proxy({}, { get() { throw new TypeError('x'); } }) } }`,
  'throwing getter in privacyOne': `{ authPageOption: { privacyOne: Object.defineProperty([], 0, { get() { throw 'bad'; } }) } }`,
};
const TOP_LEVEL = new Set(['throwing getter', 'Proxy whose get trap throws', 'revoked Proxy']);

test('hostile options: never a synchronous throw, always exactly one later callback or rejection (600028 with a detail)', async (t) => {
  const { page, logs } = await loginPhone(t, env);
  for (const method of ['checkAuthAvailable', 'checkLoginAvailable', 'getVerifyToken', 'getLoginToken']) {
    for (const [name, expr] of Object.entries(HOSTILE)) {
      const nested = !TOP_LEVEL.has(name);
      if (nested && method !== 'getLoginToken') continue;
      const r = await page.evaluate(async ([m, src, withCallbacks]) => {
        const opts = (0, eval)(`(${src})`);
        const calls = [];
        let sync = true;
        let thrown = null;
        let returned;
        if (withCallbacks) {
          opts.success = (p) => calls.push({ kind: 'success', sync, code: p.code });
          opts.error = (p) => calls.push({ kind: 'error', sync, code: p.code, detail: p.detail });
        }
        try {
          returned = new window.PhoneNumberServer()[m](opts);
        } catch (e) {
          thrown = String(e);
        }
        sync = false;
        if (returned && typeof returned.then === 'function') {
          await returned.then((v) => calls.push({ kind: 'resolved', code: v.code }), (e) => calls.push({ kind: 'rejected', code: e.code, detail: e.detail, isError: e instanceof Error }));
        }
        await new Promise((res) => setTimeout(res, 300));
        window.sdk.closeLoginPage();
        return { thrown, calls };
      }, [method, expr, nested]);
      const what = `${method} with ${name}: ${JSON.stringify(r)}`;
      assert.equal(r.thrown, null, what);
      assert.equal(r.calls.length, 1, what);
      assert.equal(r.calls[0].code, 600028, what);
      assert.notEqual(r.calls[0].sync, true, what);
      assert.match(r.calls[0].detail, /could not be read|threw/, what);
    }
  }
  // The constructor's options are read the same way; bad ones throw there, as documented (600028 naming the field).
  const ctor = await page.evaluate(() => {
    const r = Proxy.revocable({}, {});
    r.revoke();
    try {
      new window.PhoneNumberServer(r.proxy);
      return null;
    } catch (e) {
      return { code: e.code, detail: e.detail, isError: e instanceof Error };
    }
  });
  assert.equal(ctor.code, 600028, JSON.stringify(ctor));
  assert.equal(ctor.isError, true);
  assert.match(ctor.detail, /could not be read/);
  assert.deepEqual(pageErrors(logs), []);
});

/** A phone on a page served with `csp` (its inline script, if any, carries the nonce n0), SDK by script tag. */
async function cspPhone(t, csp) {
  const phone = await newPhone(env.browser);
  t.after(() => phone.context.close());
  await createDevice(phone.context, env.gw, { carrier: 'CM', number: '13812345678' });
  const url = `${env.gw.base}/e2e/csp-login.html`;
  await phone.page.route(url, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    headers: { 'Content-Security-Policy': csp },
    body: '<!doctype html><meta charset="utf-8"><script src="/sdk/numberAuth-web-sdk.js"></script><script nonce="n0">window.pageScript = 1;</script><body>',
  }));
  await phone.page.goto(url);
  const tokens = await authTokens(phone.context, env.gw, { bizType: 1 });
  await phone.page.evaluate(async (tk) => {
    window.sdk = new window.PhoneNumberServer();
    await window.sdk.checkLoginAvailable(tk);
  }, tokens);
  return phone;
}

const CUSTOM = { showCustomView: true, customView: { element: '<i id="c">c</i>', js: 'window.customRan = true;' } };

test('customView.js under a CSP: the page\'s nonce is reused; without one the console says why it did not run', async (t) => {
  const nonced = await cspPhone(t, "script-src 'self' 'nonce-n0' 'wasm-unsafe-eval'");
  await startLogin(nonced.page, CUSTOM);
  await loginPage(nonced.page).waitFor();
  assert.equal(await nonced.page.evaluate(() => window.customRan), true);
  await nonced.page.evaluate(() => window.sdk.closeLoginPage());

  const strict = await cspPhone(t, "script-src 'self' 'wasm-unsafe-eval'");
  assert.equal(await strict.page.evaluate(() => window.pageScript), undefined, 'inline scripts are refused here');
  await startLogin(strict.page, CUSTOM);
  await loginPage(strict.page).waitFor();
  await strict.page.waitForFunction(() => window.login.events.some(([s]) => s === 1));
  assert.equal(await strict.page.evaluate(() => window.customRan), undefined);
  const said = strict.logs.filter((l) => l.type === 'error' && l.text.includes('customView.js did not run'));
  assert.equal(said.length, 1, JSON.stringify(strict.logs));
  assert.match(said[0].text, /Content-Security-Policy.*as a function/);
  // The page goes on: the login completes.
  const log = await confirm(strict.page);
  assert.equal(log.calls[0].kind, 'success', JSON.stringify(log.calls[0]));
});
