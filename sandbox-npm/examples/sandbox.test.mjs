// Both flows end to end, with the sandbox instead of the cloud: run with `node --test`.
// Needs: npm install --save-dev numberauth-web numberauth-sandbox playwright-core (or playwright), and a Chromium
// (CHROMIUM_PATH, or the one `npx playwright install chromium` downloads).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, devices } from 'playwright-core';
import { completeLogin, startSandbox } from 'numberauth-sandbox';
import { startApp } from './app.mjs';

let sandbox;
let app;
let scheme;
let browser;

before(async () => {
  sandbox = await startSandbox(); // the gateway on 127.0.0.1 and a free port
  app = await startApp(sandbox, () => scheme.sceneCode);
  // The scheme (方案号) your page's origin is registered for, as in the console.
  scheme = await sandbox.createScheme({ origin: app.origin });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await sandbox?.stop();
});

/** A phone's browser (Pixel 7) with its own simulated SIM, on the app's page. */
async function openOnPhone(t, phoneOptions) {
  const context = await browser.newContext({ ...devices['Pixel 7'] });
  t.after(() => context.close());
  const phone = await sandbox.createPhone(phoneOptions);
  await sandbox.attachPhone(context, phone);
  const page = await context.newPage();
  await page.goto(app.origin);
  return { page, phone };
}

test('number verification: PASS for the phone\'s own number, REJECT for another', async (t) => {
  const { page, phone } = await openOnPhone(t, { carrier: 'CU' });
  await page.getByLabel('手机号').fill(phone.number);
  await page.getByRole('button', { name: '验证本机号码' }).click();
  await page.getByText('PASS').waitFor();

  await page.getByLabel('手机号').fill(phone.number.replace(/.$/, (d) => String((Number(d) + 1) % 10)));
  await page.getByRole('button', { name: '验证本机号码' }).click();
  await page.getByText('REJECT').waitFor();
});

test('one-click login: the middle four digits, the agreement, 登录 → the full number on the backend', async (t) => {
  const { page, phone } = await openOnPhone(t, { carrier: 'CM' });
  await page.getByRole('button', { name: '本机号码一键登录' }).click();
  await completeLogin(page, phone);
  await page.getByText(`已登录：${phone.number}`).waitFor();
});

test('a carrier fault: under maintenance, the page shows 600011', async (t) => {
  const { page, phone } = await openOnPhone(t, { carrier: 'CT' });
  await sandbox.setFaults(phone, { CT: { maintenance: true } });
  await page.getByLabel('手机号').fill(phone.number);
  await page.getByRole('button', { name: '验证本机号码' }).click();
  await page.getByText(/^600011 /).waitFor();
  assert.equal((await sandbox.getPhone(phone)).faults.CT.maintenance, true);
});
