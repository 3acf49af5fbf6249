// Helpers of the one-click login tests: a phone with a login-checked instance, getLoginToken started in callback
// style with every watch event recorded, and the person's actions on the page (inside its shadow root, which
// Playwright's locators pierce).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, sleep } from './helpers.mjs';
import { phoneOnHarness } from './setup.mjs';

export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

/** A phone on the harness with `window.sdk` checked for login (BizType 1 tokens). */
export async function loginPhone(t, env, { device = {}, viewport } = {}) {
  const phone = await phoneOnHarness(t, env, { bizType: 1, device: { number: '13812345678', ...device } });
  if (viewport) await phone.page.setViewportSize(viewport);
  const checked = await phone.page.evaluate(async (tk) => {
    window.sdk = new window.PhoneNumberServer();
    return window.viaPromise(window.sdk, 'checkLoginAvailable', tk);
  }, phone.tokens);
  if (!checked.ok) throw new Error(`checkLoginAvailable failed: ${JSON.stringify(checked)}`);
  return phone;
}

/**
 * Starts getLoginToken in callback style. `window.login` records `events` ([status, data] of watch),
 * `calls` (success/error, payload with helper names), `others` (the secondary watches). `extra` is evaluated in
 * the page (a JS object literal as a string) so options may hold functions.
 */
export async function startLogin(page, authPageOption = {}, { timeout, extra = '{}' } = {}) {
  await page.evaluate(([apo, to, ex]) => {
    const log = { events: [], calls: [], others: [], helpers: null };
    window.login = log;
    const more = (0, eval)(`(${ex})`);
    const options = {
      authPageOption: { ...apo, ...(more.authPageOption || {}) },
      watch: (status, data) => log.events.push([status, JSON.parse(JSON.stringify(data))]),
      protocolPageWatch: (s, d) => log.others.push(['protocol', s, JSON.parse(JSON.stringify(d))]),
      privacyAlertWatch: (s, d) => log.others.push(['privacy', s, JSON.parse(JSON.stringify(d))]),
      previewPrivacyWatch: (s, d) => log.others.push(['preview', s, JSON.parse(JSON.stringify(d))]),
      success: (p) => {
        log.helpers = p;
        log.calls.push({ kind: 'success', payload: JSON.parse(JSON.stringify(p)), fns: Object.keys(p).filter((k) => typeof p[k] === 'function') });
      },
      error: (e) => log.calls.push({ kind: 'error', payload: JSON.parse(JSON.stringify(e)) }),
    };
    if (to !== undefined) options.timeout = to;
    window.sdk.getLoginToken(options);
  }, [authPageOption, timeout, extra]);
}

/** Waits until the call has ended (one callback) and returns `window.login`, after a pause that would show a second call. */
export async function ended(page, settleMs = 300) {
  await page.waitForFunction(() => window.login.calls.length > 0, undefined, { timeout: 15_000 });
  await sleep(settleMs);
  return page.evaluate(() => window.login);
}

export const loginPage = (page) => page.locator('pns-login-page');
export const digit = (page, i) => page.getByLabel(`中间四位第${'一二三四'[i]}位`);
export const loginButton = (page, name = /登录/) => page.locator('pns-login-page [data-a="login"]').and(page.getByRole('button', { name }));

/** The person: taps the first box and types the digits (the page moves the focus itself). */
export async function typeDigits(page, digits) {
  await digit(page, 0).click();
  await page.keyboard.type(digits, { delay: 20 });
}

export async function tickAgreement(page) {
  await page.locator('pns-login-page #ck').check();
}

export async function shot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
}

/** The page's backend: GetPhoneWithToken through the sample backend. */
export async function phoneOnServer(context, gw, spToken) {
  const res = await context.request.post(`${gw.base}/demo-backend/phone`, { data: { spToken } });
  return { status: res.status(), body: await res.json().catch(() => null) };
}

/** Waits for the "not agreed" toast (您还未同意协议条款) and returns its locator. */
export async function notAgreedToast(page) {
  const toast = page.locator('pns-login-page .toast');
  await toast.waitFor({ state: 'visible' });
  assert.equal(await toast.innerText(), '您还未同意协议条款');
  return toast;
}
