// The 您还未同意协议条款 toast must not cover the login button the person has just pressed (they would press it
// again through the toast, or not see it become active): on a phone, and on a short screen scrolled to its end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useGatewayAndBrowser } from './setup.mjs';
import { loginButton, loginPage, loginPhone, notAgreedToast, startLogin, typeDigits } from './login-helpers.mjs';

const env = useGatewayAndBrowser();

const rect = (locator) => locator.evaluate((e) => {
  const r = e.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
});
const overlap = (a, b) => a.top < b.bottom && b.top < a.bottom && a.left < b.right && b.left < a.right;

for (const [name, viewport, extra] of [
  ['a Pixel 7', undefined, {}],
  ['a Pixel 7, as a dialog', undefined, { isDialog: true }],
  ['a 320×420 screen', { width: 320, height: 420 }, {}],
]) {
  test(`on ${name} the not-agreed toast leaves the login button uncovered and stays on screen`, async (t) => {
    const { page } = await loginPhone(t, env, { viewport });
    await startLogin(page, { subtitle: '登录后可同步你的行程与优惠', ...extra });
    await loginPage(page).waitFor();
    await typeDigits(page, '1234');
    await loginButton(page).click();
    const toast = await notAgreedToast(page);
    const [tb, bb] = [await rect(toast), await rect(loginButton(page))];
    const height = page.viewportSize().height;
    assert.ok(!overlap(tb, bb), `toast ${JSON.stringify(tb)} covers the button ${JSON.stringify(bb)}`);
    assert.ok(tb.top >= 0 && tb.bottom <= height, `the toast is on screen: ${JSON.stringify(tb)}`);
    await page.evaluate(() => window.sdk.closeLoginPage());
  });
}
