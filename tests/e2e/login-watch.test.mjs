// What the page's callbacks receive, pinned: watch 3 on an agreement link (with `{ link, name }`, the link opening
// in a new tab while the page stays), watch 7 on a link in the privacy dialog, `previewPrivacyWatch`,
// `privacyAlertWatch` (1 shown, 2 closed with `agreed`), `protocolPageWatch` (1 agreement-first page shown, 2 left),
// `extraBtn.onClick` (once, later, with requestId and netType), `isLoginShowPrivacyAlert: false`, and callbacks that
// throw (logged with their names; the login goes on).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UUID_V4, useGatewayAndBrowser } from './setup.mjs';
import {
  digit, ended, loginButton, loginPage, loginPhone, notAgreedToast, startLogin, tickAgreement, typeDigits,
} from './login-helpers.mjs';

const env = useGatewayAndBrowser();
const CM_TERMS = 'https://wap.cmpassport.com/resources/html/contract.html';

const opened = (page) => page.waitForFunction(() => window.login.events.some(([s]) => s === 1));
const log = (page) => page.evaluate(() => window.login);

/** Serves the agreement pages a tap opens (the carrier's too: no request leaves the machine). */
async function serveTerms(context, gw) {
  await context.route(`${gw.base}/e2e/terms`, (r) => r.fulfill({ contentType: 'text/html', body: '<title>terms</title>用户协议' }));
  await context.route(CM_TERMS, (r) => r.fulfill({ contentType: 'text/html', body: '<title>cm</title>条款' }));
}

test('an agreement link: watch(3, { link, name }), previewPrivacyWatch, a new tab; the page stays', async (t) => {
  const { page, context } = await loginPhone(t, env);
  await serveTerms(context, env.gw);
  await startLogin(page, { privacyOne: ['《用户协议》', '/e2e/terms'] });
  await opened(page);
  const url = page.url();
  for (const [name, link, opens] of [['《用户协议》', '/e2e/terms', `${env.gw.base}/e2e/terms`], ['《中国移动认证服务条款》', CM_TERMS, CM_TERMS]]) {
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name }).click()]);
    await tab.waitForLoadState();
    assert.equal(tab.url(), opens, 'the agreement opens in a new tab');
    await tab.close();
    await page.waitForFunction((n) => window.login.others.some(([, , d]) => d.name === n), name);
    const { events, others, calls } = await log(page);
    const d = { requestId: events[0][1].requestId, netType: 'CM', link, name };
    assert.deepEqual(events.at(-1), [3, d]);
    assert.deepEqual(others.at(-1), ['preview', 1, d]);
    assert.equal(calls.length, 0);
  }
  assert.equal(page.url(), url, 'the host page did not navigate');
  assert.equal(await loginPage(page).count(), 1);
  const { events, others } = await log(page);
  assert.deepEqual(events.map(([s]) => s), [6, 1, 3, 3]);
  assert.match(events[0][1].requestId, UUID_V4);
  assert.deepEqual(others.map(([w, s]) => `${w}${s}`), ['preview1', 'preview1'], 'no protocol/privacy watch for a link');
  await page.evaluate(() => window.sdk.closeLoginPage());
  await ended(page, 0);
});

test('privacy dialog: privacyAlertWatch 1/2 with agreed, watch 7 for its links, 取消 then 同意并登录', async (t) => {
  const { page, context } = await loginPhone(t, env);
  await serveTerms(context, env.gw);
  await startLogin(page, { privacyOne: ['《用户协议》', '/e2e/terms'], privacyAlertIsNeedShow: true });
  await opened(page);
  await typeDigits(page, '1234');
  await loginButton(page).click();
  const alert = page.getByRole('alertdialog');
  await alert.waitFor();
  assert.equal(await page.locator('pns-login-page .toast').isVisible(), false, 'the dialog replaces the toast');
  const [tab] = await Promise.all([context.waitForEvent('page'), alert.getByRole('link', { name: '《用户协议》' }).click()]);
  await tab.close();
  await alert.getByRole('button', { name: '取消' }).click();
  await alert.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('pns-login-page #ck').isChecked(), false, '取消 does not agree');
  await page.waitForFunction(() => window.login.others.some(([w, s]) => w === 'privacy' && s === 2));
  assert.equal((await log(page)).calls.length, 0, 'nothing submitted');

  await loginButton(page).click();
  await alert.waitFor();
  await alert.getByRole('button', { name: '同意并登录' }).click();
  const done = await ended(page);
  assert.equal(done.calls.length, 1);
  assert.equal(done.calls[0].kind, 'success');
  const base = { requestId: done.calls[0].payload.requestId, netType: 'CM' };
  const d7 = { ...base, link: '/e2e/terms', name: '《用户协议》' };
  // One watch(5) per press of login: the dialog's auto-login after 同意并登录 is part of the second press.
  assert.deepEqual(done.events, [[6, base], [1, base], [5, base], [7, d7], [5, base]]);
  assert.deepEqual(done.others, [
    ['privacy', 1, base], ['preview', 1, d7], ['privacy', 2, { ...base, agreed: false }],
    ['privacy', 1, base], ['privacy', 2, { ...base, agreed: true }],
  ]);
});

test('isLoginShowPrivacyAlert false: the toast, not the dialog, and no privacyAlertWatch', async (t) => {
  const { page } = await loginPhone(t, env);
  await startLogin(page, { privacyAlertIsNeedShow: true, privacyAlertConfig: { isLoginShowPrivacyAlert: false } });
  await opened(page);
  await typeDigits(page, '1234');
  await loginButton(page).click();
  await notAgreedToast(page);
  assert.equal(await page.getByRole('alertdialog').count(), 0);
  assert.equal(await page.locator('pns-login-page .alert').isHidden(), true);
  await tickAgreement(page);
  await loginButton(page).click();
  const done = await ended(page);
  assert.equal(done.calls[0].kind, 'success');
  assert.deepEqual(done.events.map(([s]) => s), [6, 1, 5, 5]);
  assert.deepEqual(done.others, []);
});

test('agreement-first page: protocolPageWatch 1 when shown, 2 when left; its links report watch 3', async (t) => {
  const { page, context } = await loginPhone(t, env);
  await serveTerms(context, env.gw);
  await startLogin(page, { isPrePageType: true, prePageTypeOption: { privacyOne: ['《用户协议》', '/e2e/terms'] } });
  await opened(page);
  const cont = page.getByRole('button', { name: '同意并继续' });
  await cont.click();
  await page.locator('pns-login-page .toast').filter({ hasText: '您还未同意协议条款' }).waitFor();
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: '《用户协议》' }).click()]);
  await tab.close();
  await page.locator('pns-login-page #pk').check();
  await cont.click();
  await digit(page, 0).waitFor();
  assert.equal(await page.evaluate(() => document.querySelector('pns-login-page').shadowRoot.activeElement?.dataset.i), '0');
  assert.ok(await page.locator('pns-login-page #ck').isChecked(), 'agreeing on the first page ticks the box');
  await typeDigits(page, '1234');
  await loginButton(page).click();
  const done = await ended(page);
  assert.equal(done.calls[0].kind, 'success');
  const base = { requestId: done.calls[0].payload.requestId, netType: 'CM' };
  const d3 = { ...base, link: '/e2e/terms', name: '《用户协议》' };
  assert.deepEqual(done.events, [[6, base], [1, base], [3, d3], [5, base]]);
  assert.deepEqual(done.others, [['protocol', 1, base], ['preview', 1, d3], ['protocol', 2, base]]);
});

test('extraBtn: onClick once, asynchronously, with requestId and netType; no watch, the page stays', async (t) => {
  const { page } = await loginPhone(t, env);
  await startLogin(page, {}, {
    extra: `{ authPageOption: { isShowExtraBtn: true, extraBtn: { text: '短信登录',
      onClick(...args) { (window.extraCalls ||= []).push({ args: JSON.parse(JSON.stringify(args)), sync: !!window.inClick }); } } } }`,
  });
  await opened(page);
  const sync = await page.evaluate(() => {
    const b = document.querySelector('pns-login-page').shadowRoot.querySelector('[data-a="extra"]');
    window.inClick = true;
    b.click();
    window.inClick = false;
    return (window.extraCalls || []).length;
  });
  assert.equal(sync, 0, 'not called inside the click');
  await page.getByRole('button', { name: '短信登录' }).click();
  await page.waitForFunction(() => (window.extraCalls || []).length >= 2);
  await page.waitForTimeout(200);
  const calls = await page.evaluate(() => window.extraCalls);
  const { events } = await log(page);
  const base = { requestId: events[0][1].requestId, netType: 'CM' };
  assert.deepEqual(calls, [{ args: [base, null], sync: false }, { args: [base, null], sync: false }], 'exactly once per tap');
  assert.deepEqual(events.map(([s]) => s), [6, 1], 'no watch event for the extra button');
  assert.equal((await log(page)).calls.length, 0, 'the call goes on');
  assert.equal(await loginPage(page).count(), 1, 'the page stays: the integrator decides');
  await page.evaluate(() => window.sdk.closeLoginPage());
  await ended(page, 0);
});

test('throwing watch callbacks: each logged with its name, called later, and the login still ends in success', async (t) => {
  const { page, logs } = await loginPhone(t, env);
  await page.evaluate(() => {
    const log = { events: [], calls: [], sync: true };
    window.login = log;
    window.sdk.getLoginToken({
      authPageOption: { privacyOne: ['《用户协议》', '/e2e/terms'], isPrePageType: true },
      watch: (status) => { log.events.push([status, log.sync]); throw new Error(`watch bug ${status}`); },
      protocolPageWatch: (status) => { log.events.push([`protocol${status}`, log.sync]); throw new Error('protocol bug'); },
      success: (p) => log.calls.push({ kind: 'success', payload: JSON.parse(JSON.stringify(p)) }),
      error: (e) => log.calls.push({ kind: 'error', payload: JSON.parse(JSON.stringify(e)) }),
    });
    log.sync = false;
  });
  await page.waitForFunction(() => window.login.events.some(([s]) => s === 1));
  await page.locator('pns-login-page #pk').check();
  await page.locator('pns-login-page [data-a="pre"]').click();
  await typeDigits(page, '1234');
  await loginButton(page).click();
  const done = await ended(page);
  assert.deepEqual(done.calls.map((c) => [c.kind, c.payload.code]), [['success', 600000]]);
  assert.deepEqual(done.events.map(([s]) => s), [6, 'protocol1', 1, 'protocol2', 5]);
  assert.ok(done.events.every(([, sync]) => sync === false), 'never called inside getLoginToken');
  for (const [name, thrown] of [['watch', 'watch bug 6'], ['watch', 'watch bug 1'], ['watch', 'watch bug 5'], ['protocolPageWatch', 'protocol bug']]) {
    assert.ok(
      logs.some((l) => l.type === 'error' && l.text.includes(`the page's \`${name}\` callback threw`) && l.text.includes(thrown)),
      `console.error names ${name} (${thrown}): ${JSON.stringify(logs)}`,
    );
  }
  assert.ok(!logs.some((l) => l.type === 'pageerror'), 'nothing escaped as an uncaught error');
});
