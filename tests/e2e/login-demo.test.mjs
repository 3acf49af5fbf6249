// The one-click login demo (www/login.html, served at /demo/login.html) used as a person would: open it from the
// verification demo's nav, press the button, type the middle four digits on the SDK's page, tick the agreement,
// press 登录, read "已登录：138****…". Saves screenshots to tests/e2e/artifacts/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPhone } from './helpers.mjs';
import { useGatewayAndBrowser } from './setup.mjs';
import { shot } from './login-helpers.mjs';

const env = useGatewayAndBrowser();

async function openLoginDemo(t) {
  const phone = await newPhone(env.browser);
  t.after(() => phone.context.close());
  const { page } = phone;
  await page.goto(`${env.gw.base}/demo/`);
  await page.getByRole('link', { name: '一键登录' }).click();
  await page.getByRole('heading', { name: '登录青鸟出行' }).waitFor();
  await page.getByText(/^设备 /).waitFor(); // the sandbox panel has made and selected this browser's device
  return phone;
}

/** The SIM's number as the panel shows it (`设备 … · CM 138xxxxxxxx · …`). */
async function simNumber(page) {
  return page.getByLabel('号码', { exact: true }).inputValue();
}

test('one-click login through the demo page: digits, agreement, 登录 → 已登录 with the masked number', async (t) => {
  const { page, logs } = await openLoginDemo(t);
  const number = await simNumber(page);
  await page.getByRole('button', { name: '本机号码一键登录' }).click();
  const login = page.getByRole('button', { name: '登录', exact: true });
  await login.waitFor();
  assert.equal(await page.locator('pns-login-page .title').innerText(), '登录青鸟出行');
  await page.getByLabel('中间四位第一位').click();
  await page.keyboard.type(number.slice(3, 7), { delay: 20 });
  await page.getByLabel(/我已阅读并同意/).check();
  await shot(page, 'login-demo-page.png');
  await login.click();
  const result = page.locator('#result');
  await result.waitFor({ state: 'visible', timeout: 20_000 });
  const text = (await result.innerText()).replace(/\s+/g, ' ');
  assert.match(text, new RegExp(`已登录：${number.slice(0, 3)}\\*{4}${number.slice(7)}`), text);
  assert.equal(await page.locator('pns-login-page').count(), 0, 'the SDK closed its page');
  await shot(page, 'login-demo-done.png');
  assert.deepEqual(logs.filter((l) => l.type === 'pageerror'), []);
});

test('back on the SDK page: the demo says the login did not finish and the button works again', async (t) => {
  const { page } = await openLoginDemo(t);
  await page.getByRole('button', { name: '本机号码一键登录' }).click();
  await page.getByRole('button', { name: '返回' }).click();
  const result = page.locator('#result');
  await result.waitFor({ state: 'visible' });
  assert.match(await result.innerText(), /700000/);
  assert.ok(await page.getByRole('button', { name: '本机号码一键登录' }).isEnabled());
});
