// The login page for everyone: a modal that keeps the keyboard focus inside it (full page, dialog, privacy
// dialog) and gives it back on close; names, roles and live regions as a screen reader meets them; a 320 px
// dialog with the privacy dialog open (screenshot in tests/e2e/artifacts/).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useGatewayAndBrowser } from './setup.mjs';
import {
  digit, ended, loginButton, loginPage, loginPhone, shot, startLogin, typeDigits,
} from './login-helpers.mjs';

const env = useGatewayAndBrowser();

/** Where the focus is: `out` (the host page's element, by id or tag) or a short name of the control in the page. */
const focused = (page) => page.evaluate(() => {
  const host = document.querySelector('pns-login-page');
  if (!host || document.activeElement !== host) {
    const a = document.activeElement;
    return `out:${a?.id || a?.tagName.toLowerCase()}`;
  }
  const e = host.shadowRoot.activeElement;
  if (!e) return 'host';
  return e.dataset.a ? `${e.dataset.a}${e.dataset.i ?? ''}` : e.dataset.i !== undefined ? `d${e.dataset.i}` : e.id || e.tagName.toLowerCase();
});

/** Presses `key` `n` times and returns where the focus was after each press. */
async function walk(page, key, n) {
  const seen = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(key);
    seen.push(await focused(page));
  }
  return seen;
}

/** Host page controls before and after where the login page goes, and a button that starts the login. */
async function hostControls(page) {
  await page.evaluate(() => {
    const before = document.createElement('button');
    before.id = 'open';
    before.textContent = '本机号码一键登录';
    before.onclick = () => window.startLoginFromHost();
    const after = document.createElement('a');
    after.id = 'after';
    after.href = '#after';
    after.textContent = 'after';
    document.body.prepend(before);
    document.body.append(after);
  });
}

const MAIN = ['back', 'd0', 'd1', 'd2', 'd3', 'login', 'agree', 'link0'];

test('focus stays in the full page: Tab and Shift+Tab cycle, Escape gives it back to the host control', async (t) => {
  const { page } = await loginPhone(t, env);
  await hostControls(page);
  await page.evaluate(() => {
    window.startLoginFromHost = () => window.sdk.getLoginToken({ authPageOption: {}, success() {}, error(e) { window.cancelled = e.code; } });
  });
  await page.locator('#open').focus();
  await page.keyboard.press('Enter');
  await loginPage(page).waitFor();
  await page.waitForFunction(() => document.querySelector('pns-login-page').shadowRoot.activeElement?.id === 't');
  await typeDigits(page, '1234'); // the login button is enabled, so it is in the cycle
  await digit(page, 3).focus();
  // d3 → login → agree → link → back (wraps) → d0 …
  assert.deepEqual(await walk(page, 'Tab', 10), ['login', 'agree', 'link0', 'back', 'd0', 'd1', 'd2', 'd3', 'login', 'agree']);
  assert.deepEqual(await walk(page, 'Shift+Tab', 9), ['login', 'd3', 'd2', 'd1', 'd0', 'back', 'link0', 'agree', 'login']);
  // From the title (the page's first focus, outside the cycle) both directions stay inside.
  await page.evaluate(() => document.querySelector('pns-login-page').shadowRoot.getElementById('t').focus());
  assert.deepEqual(await walk(page, 'Shift+Tab', 1), ['link0']);
  // Focus that got out anyway (the host page's script moved it) comes back with the next Tab.
  await page.evaluate(() => document.getElementById('after').focus());
  assert.deepEqual(await walk(page, 'Tab', 1), ['back']);
  await page.evaluate(() => document.getElementById('after').focus());
  assert.deepEqual(await walk(page, 'Shift+Tab', 1), ['link0']);

  await page.keyboard.press('Escape');
  await loginPage(page).waitFor({ state: 'detached' });
  assert.equal(await focused(page), 'out:open', 'the focus is back on the control that opened the page');
  assert.equal(await page.evaluate(() => window.cancelled), 700000);
});

test('focus stays in the dialog; with the privacy dialog open it stays in that dialog', async (t) => {
  const { page } = await loginPhone(t, env);
  await hostControls(page);
  await startLogin(page, {
    isDialog: true, privacyOne: ['《用户协议》', '/e2e/terms'],
    privacyAlertIsNeedShow: true, privacyAlertConfig: { privacyAlertIsNeedAutoLogin: false },
  });
  await loginPage(page).waitFor();
  assert.deepEqual(await walk(page, 'Tab', 11), [...MAIN.slice(0, 5), 'agree', 'link0', 'link1', 'back', 'd0', 'd1']);
  await typeDigits(page, '1234');
  await loginButton(page).click();
  const alert = page.getByRole('alertdialog', { name: '请阅读并同意以下条款' });
  await alert.waitFor();
  assert.equal(await focused(page), 'at', 'the privacy dialog takes the focus (its title)');
  assert.deepEqual(await walk(page, 'Tab', 5), ['tab0', 'tab1', 'alert-ok', 'alert-no', 'tab0']);
  assert.deepEqual(await walk(page, 'Shift+Tab', 2), ['alert-no', 'alert-ok']);
  await page.keyboard.press('Enter'); // 同意 (no auto login): the box is ticked, the focus goes to 登录
  await alert.waitFor({ state: 'hidden' });
  assert.equal(await focused(page), 'login');
  assert.ok(await page.locator('pns-login-page #ck').isChecked());
  assert.deepEqual(await walk(page, 'Tab', 4), ['agree', 'link0', 'link1', 'back']);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'agree');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  const log = await ended(page);
  assert.equal(log.calls[0].kind, 'success');
  assert.equal(await focused(page), 'out:body', 'nothing on the host page had the focus before');
});

test('a page mounted into the host page is not modal: Tab moves on to the host page', async (t) => {
  const { page } = await loginPhone(t, env);
  await page.evaluate(() => { const d = document.createElement('div'); d.id = 'box'; document.body.append(d); });
  await hostControls(page);
  await startLogin(page, { mount: 'box' });
  await loginPage(page).waitFor();
  assert.equal(await page.getByRole('dialog').getAttribute('aria-modal'), 'false');
  await page.locator('pns-login-page .ck').focus();
  assert.deepEqual(await walk(page, 'Tab', 2), ['link0', 'out:after']);
});

test('screen reader: roles, names, states and live regions', async (t) => {
  const { page } = await loginPhone(t, env);
  await startLogin(page, {
    isDialog: true, privacyOne: ['《用户协议》', '/e2e/terms'],
    privacyAlertIsNeedShow: true, privacyAlertConfig: { isLoginShowPrivacyAlert: false },
  });
  await loginPage(page).waitFor();
  const dialog = page.getByRole('dialog', { name: '本机号码登录' });
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  assert.equal(await page.getByRole('heading', { name: '本机号码登录', level: 1 }).count(), 1);
  assert.equal(await dialog.getByRole('button', { name: '返回' }).count(), 1);
  for (const [i, name] of ['一', '二', '三', '四'].entries()) {
    const box = dialog.getByRole('textbox', { name: `中间四位第${name}位`, exact: true });
    assert.equal(await box.getAttribute('inputmode'), 'numeric');
    // Not a one-time code: the browser must not offer an SMS code for the middle digits of the number.
    assert.equal(await box.getAttribute('autocomplete'), 'off');
    assert.equal(await box.getAttribute('data-i'), String(i));
  }
  const group = dialog.getByRole('group', { name: /本机号码.*请输入本机号码中间四位/ });
  assert.equal(await group.count(), 1, 'the four boxes are one group named by the label and the hint');
  const box = dialog.getByRole('checkbox', { name: '我已阅读并同意《用户协议》和《中国移动认证服务条款》' });
  assert.equal(await box.isChecked(), false);
  assert.equal(await dialog.getByRole('link', { name: '《用户协议》' }).getAttribute('href'), '/e2e/terms');
  const login = dialog.getByRole('button', { name: '登录', exact: true });
  assert.ok(await login.isDisabled());
  // What a screen reader is given, in order.
  const tree = await dialog.ariaSnapshot();
  for (const line of [
    'button "返回"', 'heading "本机号码登录" [level=1]', 'group "本机号码 请输入本机号码中间四位，验证后一键登录"',
    'textbox "中间四位第一位"', 'textbox "中间四位第四位"', 'button "登录" [disabled]',
    'checkbox "我已阅读并同意《用户协议》和《中国移动认证服务条款》"', 'link "《用户协议》"',
  ]) assert.ok(tree.includes(`- ${line}`), `${line} in\n${tree}`);
  assert.ok(tree.indexOf('"返回"') < tree.indexOf('第一位') && tree.indexOf('第四位') < tree.indexOf('checkbox'), tree);
  assert.ok(!tree.includes('请阅读并同意以下条款'), 'the hidden privacy dialog is not in the tree');

  // The toast is a polite status, the message under the digits an alert.
  await typeDigits(page, '1234');
  await login.click();
  const toast = page.getByRole('status');
  await toast.filter({ hasText: '您还未同意协议条款' }).waitFor();
  assert.equal(await toast.getAttribute('aria-live'), 'polite');
  assert.equal(await dialog.getByRole('alert').count(), 1);
  assert.equal(await dialog.getByRole('alert').getAttribute('id'), 'm');
  assert.match(await dialog.getByRole('group').getAttribute('aria-describedby'), /\bm\b/, 'the message describes the digits');
  await page.evaluate(() => window.sdk.closeLoginPage());
  await ended(page, 0);
});

test('320 px: dialog and privacy dialog fit, nothing is cut, the focus is visible', async (t) => {
  const { page } = await loginPhone(t, env, { viewport: { width: 320, height: 568 } });
  await startLogin(page, {
    isDialog: true, subtitle: '登录后可同步你的行程与优惠',
    privacyOne: ['《青鸟出行用户协议》', '/e2e/terms'], privacyTwo: ['《隐私政策》', '/e2e/privacy'],
    privacyAlertIsNeedShow: true, privacyAlertConfig: { isLoginShowPrivacyAlert: true },
  });
  await loginPage(page).waitFor();
  await typeDigits(page, '1234');
  await loginButton(page).click();
  await page.getByRole('alertdialog').waitFor();
  await page.keyboard.press('Tab');
  await shot(page, 'login-dialog-320-privacy.png');
  const boxes = await page.evaluate(() => {
    const root = document.querySelector('pns-login-page').shadowRoot;
    return [...root.querySelectorAll('.page, .num, .d, .btn, .ab, .ab .agree, .ok, .no, .ab a')].map((e) => {
      const r = e.getBoundingClientRect();
      return { c: e.className || e.tagName, l: r.left, r: r.right, t: r.top, b: r.bottom, sw: e.scrollWidth, cw: e.clientWidth };
    });
  });
  for (const b of boxes) {
    assert.ok(b.l >= 0 && b.r <= 320 && b.t >= 0 && b.b <= 568, `inside the viewport: ${JSON.stringify(b)}`);
    assert.ok(b.sw <= b.cw + 1 || b.c === 'A', `nothing scrolls sideways: ${JSON.stringify(b)}`);
  }
  const font = await page.evaluate(() => Math.min(...[...document.querySelector('pns-login-page').shadowRoot
    .querySelectorAll('.ab p, .ab .agree, .ab h2, .ok, .no')].map((e) => parseFloat(getComputedStyle(e).fontSize))));
  assert.ok(font >= 13, `readable text (${font} px)`);
  const ring = await page.evaluate(() => getComputedStyle(document.querySelector('pns-login-page').shadowRoot.activeElement).outlineStyle);
  assert.equal(ring, 'solid', 'the focused link shows a focus ring');
  await page.evaluate(() => window.sdk.closeLoginPage());
  await ended(page, 0);
});

test('a short screen, the page scrolled to its end: the privacy sheet and the toast stay on screen', async (t) => {
  const { page } = await loginPhone(t, env, { viewport: { width: 320, height: 420 } });
  const option = {
    subtitle: '登录后可同步你的行程与优惠', privacyOne: ['《青鸟出行用户协议》', '/e2e/terms'], privacyTwo: ['《隐私政策》', '/e2e/privacy'],
  };
  const scrollToEnd = () => page.evaluate(() => {
    const p = document.querySelector('pns-login-page').shadowRoot.querySelector('.page');
    p.scrollTop = p.scrollHeight;
    return p.scrollTop;
  });
  const box = (sel) => page.locator(`pns-login-page ${sel}`).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return [Math.round(r.top), Math.round(r.bottom)];
  });
  await startLogin(page, { ...option, privacyAlertIsNeedShow: true, privacyAlertConfig: { privacyAlertIsDialog: false } });
  await loginPage(page).waitFor();
  await typeDigits(page, '1234');
  assert.ok(await scrollToEnd() > 0, 'the page is taller than the screen');
  await loginButton(page).click();
  await page.getByRole('alertdialog').waitFor();
  await shot(page, 'login-sheet-320-scrolled.png');
  assert.deepEqual(await box('.alert'), [0, 420], 'the dim covers the screen');
  assert.equal((await box('.ab'))[1], 420, 'the sheet sits on the bottom edge');
  await page.evaluate(() => window.sdk.closeLoginPage());
  await ended(page, 0);

  await startLogin(page, option);
  await loginPage(page).waitFor();
  await typeDigits(page, '1234');
  await scrollToEnd();
  await loginButton(page).click();
  await page.locator('pns-login-page .toast').waitFor();
  const [top, bottom] = await box('.toast');
  assert.ok(top > 100 && bottom < 320, `the toast is in the middle of the screen: ${top}–${bottom}`);
  await page.evaluate(() => window.sdk.closeLoginPage());
  await ended(page, 0);
});
