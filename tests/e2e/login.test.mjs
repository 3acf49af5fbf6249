// One-click login as a person does it, in headless Chromium (a Pixel 7): the page opens with the masked number,
// the person types the middle four digits, ticks the agreement and presses 登录; the page's backend turns the
// spToken into the number. Also: back (status 2), wrong digits and the 24 h lock, 600030, the timeout's scope,
// closeLoginPage, keyboard use, and screenshots in tests/e2e/artifacts/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authTokens, createDevice, sleep } from './helpers.mjs';
import { UUID_V4, useGatewayAndBrowser } from './setup.mjs';
import {
  digit, ended, loginButton, loginPage, loginPhone, notAgreedToast, phoneOnServer, shot, startLogin, tickAgreement,
  typeDigits,
} from './login-helpers.mjs';

const env = useGatewayAndBrowser();

test('log in: masked number, four digits, agreement, 登录 → spToken → the full number on the server', async (t) => {
  const { page, context, logs } = await loginPhone(t, env);
  await startLogin(page);
  await assert.doesNotReject(loginPage(page).waitFor());
  const num = page.locator('pns-login-page .num');
  assert.equal((await num.innerText()).replace(/\s+/g, ''), '1385678');
  await page.getByText('5678').waitFor();
  assert.equal(await page.locator('pns-login-page .title').innerText(), '本机号码登录');
  assert.ok(await loginButton(page).isDisabled(), 'disabled until four digits');
  await shot(page, 'login-page.png');

  await typeDigits(page, '1234');
  assert.deepEqual(await Promise.all([0, 1, 2, 3].map((i) => digit(page, i).inputValue())), ['1', '2', '3', '4']);
  assert.ok(await loginButton(page).isEnabled());
  await tickAgreement(page);
  await loginButton(page).click();

  const log = await ended(page);
  assert.equal(log.calls.length, 1);
  const { kind, payload, fns } = log.calls[0];
  assert.equal(kind, 'success', JSON.stringify(payload));
  assert.equal(payload.code, 600000);
  assert.equal(payload.vender, 'CM');
  assert.match(payload.requestId, UUID_V4);
  assert.match(payload.spToken, /^sp1\./);
  assert.deepEqual(fns.sort(), ['clearInput', 'focusOn', 'setMessage']);
  assert.deepEqual(log.events.map(([s]) => s), [6, 1, 5]);
  for (const [, d] of log.events) assert.deepEqual(d, { requestId: payload.requestId, netType: 'CM' });
  assert.equal(await loginPage(page).count(), 0, 'the page closed itself (manualClose false)');

  const first = await phoneOnServer(context, env.gw, payload.spToken);
  assert.equal(first.body?.mobile, '13812345678', JSON.stringify(first));
  const again = await phoneOnServer(context, env.gw, payload.spToken);
  assert.notEqual(again.body?.mobile, '13812345678', 'a login token works once');
  assert.deepEqual(logs.filter((l) => l.type === 'pageerror'), []);
});

test('not agreed: 您还未同意协议条款 for 3 s, then ticking lets the login through', async (t) => {
  const { page } = await loginPhone(t, env, { device: { carrier: 'CU', number: '13012345678' } });
  await startLogin(page);
  await typeDigits(page, '1234');
  await loginButton(page).click();
  const toast = await notAgreedToast(page);
  await shot(page, 'login-toast.png');
  await toast.waitFor({ state: 'hidden', timeout: 4500 });
  assert.equal(await page.evaluate(() => window.login.calls.length), 0);
  await tickAgreement(page);
  await loginButton(page).click();
  const log = await ended(page);
  assert.equal(log.calls[0].kind, 'success');
  assert.equal(log.calls[0].payload.vender, 'CU');
});

test('back: watch(2), the page closes, the call ends once with 700000 用户取消登录 (Promise mode too)', async (t) => {
  const { page } = await loginPhone(t, env);
  await startLogin(page);
  await loginPage(page).waitFor();
  await page.getByRole('button', { name: '返回' }).click();
  const log = await ended(page);
  assert.deepEqual(log.events.map(([s]) => s), [6, 1, 2]);
  assert.equal(log.calls.length, 1);
  assert.equal(log.calls[0].kind, 'error');
  assert.equal(log.calls[0].payload.code, 700000);
  assert.equal(log.calls[0].payload.msg, '用户取消登录');
  assert.match(log.calls[0].payload.detail, /cancelled/);
  assert.equal(await loginPage(page).count(), 0);

  const p = page.evaluate(() => window.viaPromise(window.sdk, 'getLoginToken', { authPageOption: {} }));
  await loginPage(page).waitFor();
  await page.keyboard.press('Escape');
  const r = await p;
  assert.equal(r.ok, false);
  assert.equal(r.isError, true);
  assert.equal(r.error.code, 700000);
  assert.match(r.error.detail, /cancelled/);
});

test('wrong digits: message, inputs cleared, focus on the first, retry; three wrong → CM locks for 24 h', async (t) => {
  // Its own number: the lock is per number, and the other tests use 13812345678.
  const { page } = await loginPhone(t, env, { device: { number: '13912345678' } });
  await startLogin(page);
  await tickAgreement(page);
  for (const left of [2, 1]) {
    await typeDigits(page, '0000');
    await loginButton(page).click();
    const msg = page.locator('pns-login-page .msg');
    await msg.filter({ hasText: `还可尝试 ${left} 次` }).waitFor();
    assert.deepEqual(await Promise.all([0, 1, 2, 3].map((i) => digit(page, i).inputValue())), ['', '', '', '']);
    assert.equal(await page.evaluate(() => document.querySelector('pns-login-page').shadowRoot.activeElement?.dataset.i), '0');
    if (left === 2) await shot(page, 'login-wrong-digits.png');
  }
  assert.equal(await page.evaluate(() => window.login.calls.length), 0, 'retries allowed');
  await page.keyboard.type('9999');
  await page.keyboard.press('Enter');
  const log = await ended(page);
  assert.equal(log.calls.length, 1);
  const e = log.calls[0].payload;
  assert.equal(log.calls[0].kind, 'error');
  assert.equal(e.code, 600011);
  assert.match(e.detail, /locked.*24 h/);
  assert.equal(e.content[0].carrier.carrierRespCode, 'LOCKED');
  assert.equal(await loginPage(page).count(), 0);

  // The lock holds: even the right digits cannot be tried, the call ends before any page.
  await startLogin(page);
  const again = await ended(page);
  assert.equal(again.calls[0].kind, 'error');
  assert.match(again.calls[0].payload.detail, /locked.*24 h/);
  assert.deepEqual(again.events, []);
});

test('China Unicom does not lock the number: three wrong entries spend the login ticket, a new login with the right digits succeeds', async (t) => {
  const { page } = await loginPhone(t, env, { device: { carrier: 'CU', number: '13012345678' } });
  await startLogin(page);
  await tickAgreement(page);
  for (let i = 0; i < 3; i++) {
    await typeDigits(page, '0000');
    await loginButton(page).click();
    await page.locator('pns-login-page .msg').filter({ hasText: '输入错误' }).waitFor();
    await page.waitForFunction(() => document.querySelector('pns-login-page').shadowRoot.querySelector('.d').value === '');
  }
  // The gateway allows three wrong entries per login ticket on every carrier (docs/security.md): the fourth try,
  // even with the right digits, finds the ticket spent.
  await typeDigits(page, '1234');
  await loginButton(page).click();
  const spent = await ended(page);
  assert.equal(spent.calls[0].kind, 'error');
  assert.equal(spent.calls[0].payload.code, 600011);
  assert.equal(spent.calls[0].payload.content[0].carrier.carrierRespCode, 'TICKET_INVALID');
  // The number is not locked: a new login (a new mask, a new login ticket) with the right digits succeeds.
  await startLogin(page);
  await tickAgreement(page);
  await typeDigits(page, '1234');
  await loginButton(page).click();
  const log = await ended(page);
  assert.equal(log.calls[0].kind, 'success');
});

test('a hidden title at submit is 600030', async (t) => {
  const { page } = await loginPhone(t, env);
  await startLogin(page, { showCustomView: true, customView: { element: '<p>活动说明</p>', style: '.title{visibility:hidden}' } });
  await typeDigits(page, '1234');
  await tickAgreement(page);
  await loginButton(page).click();
  const log = await ended(page);
  assert.equal(log.calls[0].payload.code, 600030);
  assert.equal(log.calls[0].payload.msg, 'css属性不合规');
  assert.match(log.calls[0].payload.detail, /title/);
  assert.equal(await loginPage(page).count(), 0);
});

test('a transparent button at submit is 600030 too', async (t) => {
  const { page } = await loginPhone(t, env);
  await startLogin(page, { showCustomView: true, customView: { element: '', style: '.btn{opacity:0}' } });
  await typeDigits(page, '1234');
  await tickAgreement(page);
  // The button is transparent, not gone: a person can still tap where it is (force: Playwright waits for visible).
  await loginButton(page).click({ force: true });
  const log = await ended(page);
  assert.equal(log.calls[0].payload.code, 600030);
  assert.match(log.calls[0].payload.detail, /login button/);
});

test('timeout covers only the masked number: 600015 when the carrier is slow, none once the page is up', async (t) => {
  const slow = await loginPhone(t, env, { device: { faults: { CM: { delayMs: 2500 } } } });
  await startLogin(slow.page, {}, { timeout: 1 });
  const log = await ended(slow.page);
  assert.equal(log.calls[0].payload.code, 600015);
  assert.deepEqual(log.events, [], 'no watch(6): the masked number never came');
  assert.equal(await loginPage(slow.page).count(), 0);

  const { page } = await loginPhone(t, env);
  await startLogin(page, {}, { timeout: 0.8 });
  await loginPage(page).waitFor();
  await sleep(1500);
  assert.equal(await page.evaluate(() => window.login.calls.length), 0, 'no 600015 after watch(6)');
  await typeDigits(page, '1234');
  await tickAgreement(page);
  await loginButton(page).click();
  assert.equal((await ended(page)).calls[0].kind, 'success');
});

test('closeLoginPage: twice, detached, and after a manualClose success', async (t) => {
  const { page } = await loginPhone(t, env);
  await startLogin(page);
  await loginPage(page).waitFor();
  await page.evaluate(() => { const close = window.sdk.closeLoginPage; close(); close(); window.sdk.closeLoginPage(); });
  const log = await ended(page);
  assert.equal(log.calls.length, 1);
  assert.match(log.calls[0].payload.detail, /closeLoginPage/);
  assert.equal(await loginPage(page).count(), 0);

  await startLogin(page, { manualClose: true });
  await typeDigits(page, '1234');
  await tickAgreement(page);
  await loginButton(page).click();
  const ok = await ended(page);
  assert.equal(ok.calls[0].kind, 'success');
  assert.equal(await loginPage(page).count(), 1, 'manualClose keeps the page');
  await page.evaluate(() => window.login.helpers.setMessage({ messageContent: '服务器校验失败', messageStyle: { color: 'rgb(1, 2, 3)' } }));
  const msg = page.locator('pns-login-page .msg');
  assert.equal(await msg.innerText(), '服务器校验失败');
  assert.equal(await msg.evaluate((e) => getComputedStyle(e).color), 'rgb(1, 2, 3)');
  await page.evaluate(() => { window.login.helpers.clearInput(); window.login.helpers.focusOn(2); });
  assert.equal(await digit(page, 0).inputValue(), '');
  assert.equal(await page.evaluate(() => document.querySelector('pns-login-page').shadowRoot.activeElement?.dataset.i), '2');
  await page.evaluate(() => { window.sdk.closeLoginPage(); window.sdk.closeLoginPage(); });
  assert.equal(await loginPage(page).count(), 0);
  // The helpers outlive the page as harmless no-ops.
  assert.deepEqual(await page.evaluate(() => {
    const h = window.login.helpers;
    return [h.clearInput(), h.focusOn(1), h.setMessage({ messageContent: 'x' })];
  }), [undefined, undefined, undefined]);
  await sleep(300);
  assert.equal(await page.evaluate(() => window.login.calls.length), 1, 'closing after success calls nothing');
});

test('digit entry: paste of four digits fills them, backspace goes back, arrows move', async (t) => {
  const { page } = await loginPhone(t, env);
  await startLogin(page);
  await digit(page, 1).click();
  await page.evaluate(() => {
    const input = document.querySelector('pns-login-page').shadowRoot.querySelector('.d[data-i="1"]');
    const data = new DataTransfer();
    data.setData('text', '12 34');
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
  });
  assert.deepEqual(await Promise.all([0, 1, 2, 3].map((i) => digit(page, i).inputValue())), ['1', '2', '3', '4']);
  await digit(page, 3).click();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  assert.deepEqual(await Promise.all([0, 1, 2, 3].map((i) => digit(page, i).inputValue())), ['1', '2', '', '']);
  assert.equal(await page.evaluate(() => document.querySelector('pns-login-page').shadowRoot.activeElement?.dataset.i), '2');
  assert.ok(await loginButton(page).isDisabled());
  await page.keyboard.type('x5');
  assert.equal(await digit(page, 2).inputValue(), '5', 'letters are ignored');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => document.querySelector('pns-login-page').shadowRoot.activeElement?.dataset.i), '2');
});

test('keyboard only: Tab reaches back, digits, checkbox, button; Space ticks, Enter submits', async (t) => {
  const { page } = await loginPhone(t, env);
  await startLogin(page, { isFocus: true });
  await loginPage(page).waitFor();
  assert.equal(await page.evaluate(() => document.querySelector('pns-login-page').shadowRoot.activeElement?.dataset.i), '0', 'isFocus focuses the first box');
  await page.keyboard.type('1234');
  await page.keyboard.press('Tab'); // 登录
  await page.keyboard.press('Tab'); // agreement box
  assert.equal(await page.evaluate(() => document.querySelector('pns-login-page').shadowRoot.activeElement?.id), 'ck');
  await page.keyboard.press('Space');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  assert.equal((await ended(page)).calls[0].kind, 'success');
});

test('checkLoginAvailable refuses BizType 0 tokens (600032); getLoginToken before it is 600025', async (t) => {
  const phone = await loginPhone(t, env);
  const verifyTokens = await authTokens(phone.context, env.gw, { bizType: 0 });
  const r = await phone.page.evaluate(async (tk) => {
    const fresh = new window.PhoneNumberServer();
    return [await window.viaPromise(fresh, 'checkLoginAvailable', tk), await window.viaPromise(fresh, 'getLoginToken', {})];
  }, verifyTokens);
  assert.equal(r[0].error.code, 600032);
  assert.equal(r[1].error.code, 600025);
});

test('screenshots: dialog mode, 320 px, privacy dialog; no layout shift when the keyboard opens', async (t) => {
  const { page, context } = await loginPhone(t, env, { viewport: { width: 320, height: 640 } });
  await startLogin(page);
  await loginPage(page).waitFor();
  await shot(page, 'login-page-320.png');
  const fits = await page.evaluate(() => {
    const root = document.querySelector('pns-login-page').shadowRoot;
    return [...root.querySelectorAll('.num, .btn, .agree')].every((e) => e.getBoundingClientRect().right <= 320);
  });
  assert.ok(fits, 'nothing overflows 320 px');
  const before = await page.locator('pns-login-page .num').boundingBox();
  await page.setViewportSize({ width: 320, height: 360 }); // the keyboard takes the lower half
  await digit(page, 0).focus();
  const afterBox = await page.locator('pns-login-page .num').boundingBox();
  assert.equal(afterBox.y, before.y, 'the digits stay where they were');
  await page.evaluate(() => window.sdk.closeLoginPage());
  await ended(page);

  await page.setViewportSize({ width: 393, height: 851 });
  await startLogin(page, {
    isDialog: true, subtitle: '登录后可同步你的行程与优惠',
    privacyOne: ['《青鸟出行用户协议》', 'https://example.com/terms'],
    privacyTwo: ['《隐私政策》', 'https://example.com/privacy'],
    privacyAlertIsNeedShow: true, privacyAlertConfig: { isLoginShowPrivacyAlert: true },
  });
  await loginPage(page).waitFor();
  await shot(page, 'login-dialog.png');
  await typeDigits(page, '1234');
  await shot(page, 'login-dialog-typed.png');
  await loginButton(page).click();
  await page.getByRole('alertdialog').waitFor();
  await shot(page, 'login-privacy-alert.png');
  await page.getByRole('alertdialog').getByRole('button', { name: '同意并登录' }).click();
  const log = await ended(page);
  assert.equal(log.calls[0].kind, 'success');
  assert.deepEqual(log.others.filter(([w]) => w === 'privacy').map(([, s]) => s), [1, 2]);
  void context;
});

test('a second device of the same number is refused at login if the SIM changed', async (t) => {
  const { page, context } = await loginPhone(t, env);
  await startLogin(page);
  await loginPage(page).waitFor();
  await createDevice(context, env.gw, { carrier: 'CM', number: '13900000000' }); // another SIM is now in use
  await typeDigits(page, '1234');
  await tickAgreement(page);
  await loginButton(page).click();
  const log = await ended(page);
  assert.equal(log.calls[0].kind, 'error');
  assert.equal(log.calls[0].payload.code, 600011);
  assert.equal(log.calls[0].payload.content[0].carrier.carrierRespCode, 'NOT_SUBSCRIBER');
});
