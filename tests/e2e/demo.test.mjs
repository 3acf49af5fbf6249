// The demo page (www/, served at /demo/) used as a person would: set the simulated SIM in the side panel,
// type a number, press the button, read PASS or REJECT. Saves a screenshot to tests/e2e/artifacts/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { newPhone, ROOT } from './helpers.mjs';
import { useGatewayAndBrowser } from './setup.mjs';

const env = useGatewayAndBrowser();
const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

async function openDemo(t) {
  const phone = await newPhone(env.browser);
  t.after(() => phone.context.close());
  const { page } = phone;
  await page.goto(`${env.gw.base}/demo/`);
  await page.getByText(/^设备 /).waitFor(); // the panel has made and selected this browser's device
  return phone;
}

async function verifyNumber(page, number) {
  await page.getByLabel('手机号').fill(number);
  await page.getByRole('button', { name: '验证本机号码' }).click();
  const result = page.locator('#result');
  await result.waitFor({ state: 'visible', timeout: 20_000 });
  return (await result.innerText()).replace(/\s+/g, ' ');
}

test('PASS for this phone\'s number, REJECT for another', async (t) => {
  const { page, logs } = await openDemo(t);
  // The person sets the simulated SIM: China Unicom, 13012345678, then copies it into the form.
  await page.getByLabel('运营商').selectOption('CU');
  await page.getByText(/· CU 1\d{10} ·/).waitFor(); // a new carrier comes with a number of its own
  await page.getByLabel('号码', { exact: true }).fill('13012345678');
  await page.getByLabel('号码', { exact: true }).press('Tab');
  await page.getByText(/CU 13012345678/).waitFor();

  const pass = await verifyNumber(page, '13012345678');
  assert.match(pass, /PASS/, pass);
  assert.match(pass, /中国联通/);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo-pass-phone.png'), fullPage: true });

  const reject = await verifyNumber(page, '13012345679');
  assert.match(reject, /REJECT/, reject);
  assert.deepEqual(logs.filter((l) => l.type === 'pageerror'), []);
});

test('Wi-Fi on the simulated SIM: the page explains the failure with the code', async (t) => {
  const { page } = await openDemo(t);
  await page.getByLabel('网关所见连接').selectOption('wifi');
  await page.getByText(/· wifi$/).waitFor();
  const text = await verifyNumber(page, '13800000000');
  assert.match(text, /600011/, text);
});

test('on a laptop the demo verifies (its scheme lets the simulated SIM decide); desktop screenshot', async (t) => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(`${env.gw.base}/demo/`);
  await page.getByText(/^设备 /).waitFor();
  const text = await verifyNumber(page, await page.getByLabel('号码', { exact: true }).inputValue());
  assert.match(text, /PASS/, text);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo-desktop.png'), fullPage: true });
});
