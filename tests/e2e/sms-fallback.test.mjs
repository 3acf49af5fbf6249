// The documented fallback on the demo pages, used as a person would: where number verification cannot run (a
// phone on Wi-Fi, a desktop browser) or the person leaves the SDK's login page, the page offers an SMS code; the
// person opens the sandbox's SMS inbox (短信收件箱) in another tab, reads the code and types it. On a cellular
// phone the page verifies without SMS. Screenshots go to tests/e2e/artifacts/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { newPhone, ROOT } from './helpers.mjs';
import { useGatewayAndBrowser } from './setup.mjs';

const env = useGatewayAndBrowser();
const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

/** Opens `page` of the demo and sets the panel's simulated SIM to `number` on `connection`. */
async function openDemo(phone, { page: which = '', number, connection = 'cellular' }) {
  const { page } = phone;
  await page.goto(`${env.gw.base}/demo/${which}`);
  await page.getByText(/^设备 /).waitFor(); // the panel has made and selected this browser's device
  await page.getByLabel('号码', { exact: true }).fill(number);
  await page.getByLabel('号码', { exact: true }).press('Tab');
  await page.getByText(new RegExp(`${number} · cellular$`)).waitFor();
  if (connection !== 'cellular') {
    await page.getByLabel('网关所见连接').selectOption(connection);
    await page.getByText(new RegExp(`${number} · ${connection}$`)).waitFor();
  }
}

async function resultText(page) {
  const result = page.locator('#result');
  await result.waitFor({ state: 'visible', timeout: 20_000 });
  return (await result.innerText()).replace(/\s+/g, ' ');
}

/** The code of the newest message in the simulated phone's inbox, opened from the panel's link in a new tab. */
async function readCodeFromInbox(context, page, number) {
  const [inbox] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('link', { name: /这部手机的短信收件箱/ }).click(),
  ]);
  await inbox.waitForLoadState();
  assert.equal(await inbox.getByLabel('号码').inputValue(), number);
  const item = inbox.locator('.sms-item[data-status="delivered"]').first();
  await item.waitFor({ timeout: 10_000 });
  const text = await item.locator('.sms-text').innerText();
  assert.match(text, /^【速通互联验证码】您的验证码为\d{6}。/, text);
  await inbox.close();
  return /验证码为(\d{6})/.exec(text)[1];
}

/** The SMS section: send, read the inbox, type the code, press 验证. */
async function completeBySms(phone, number, { typeNumber = false } = {}) {
  const { page, context } = phone;
  const sms = page.locator('#sms');
  await sms.waitFor({ state: 'visible' });
  const field = sms.getByLabel('手机号');
  if (typeNumber) await field.fill(number);
  assert.equal(await field.inputValue(), number);
  await sms.getByRole('button', { name: '获取短信验证码' }).click();
  await sms.getByText(/验证码已发送至/).waitFor();
  assert.match(await sms.getByRole('button', { name: /秒后可重新获取/ }).innerText(), /\d+ 秒后可重新获取/);
  const code = await readCodeFromInbox(context, page, number);
  // A wrong code first: the page says so and lets the person try again.
  const wrong = code === '000000' ? '111111' : '000000';
  await sms.getByLabel('短信验证码').fill(wrong);
  await sms.getByRole('button', { name: '验证' }).click();
  await sms.getByText(/验证码错误或已失效/).waitFor();
  await sms.getByLabel('短信验证码').fill(code);
  await sms.getByRole('button', { name: '验证' }).click();
  await sms.waitFor({ state: 'hidden' });
}

test('a phone on Wi-Fi: number verification fails, the page completes by SMS', async (t) => {
  const phone = await newPhone(env.browser, { connection: 'wifi' });
  t.after(() => phone.context.close());
  const number = '13800001001';
  await openDemo(phone, { number, connection: 'wifi' });
  await phone.page.getByLabel('手机号', { exact: true }).fill(number);
  await phone.page.getByRole('button', { name: '验证本机号码' }).click();
  assert.match(await resultText(phone.page), /600008|600011/);
  await completeBySms(phone, number);
  const text = await resultText(phone.page);
  assert.match(text, /PASS · 短信验证通过/, text);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await phone.page.screenshot({ path: path.join(ARTIFACTS, 'sms-fallback-wifi.png'), fullPage: true });
  assert.deepEqual(phone.logs.filter((l) => l.type === 'pageerror'), []);
});

test('a desktop browser on a production scheme: 600008 at once, the page completes by SMS', async (t) => {
  const phone = await newPhone(env.browser, { desktop: true });
  t.after(() => phone.context.close());
  // A scheme as production has it (the environment is the browser's own, not the simulated SIM's), which the
  // demo page's backend asks tokens for (the panel keeps its scheme in sessionStorage).
  const res = await phone.context.request.post(`${env.gw.base}/sandbox/v1/schemes`, {
    data: { url: `${env.gw.base}/`, origin: env.gw.base, simulatedEnvironment: false },
  });
  assert.equal(res.status(), 201, await res.text());
  const { sceneCode } = await res.json();
  await phone.context.addInitScript((s) => sessionStorage.setItem('pns-demo-scheme', s), sceneCode);
  const number = '13800001002';
  await openDemo(phone, { number });
  await phone.page.getByLabel('手机号', { exact: true }).fill(number);
  await phone.page.getByRole('button', { name: '验证本机号码' }).click();
  assert.match(await resultText(phone.page), /600008/);
  await completeBySms(phone, number);
  assert.match(await resultText(phone.page), /PASS · 短信验证通过/);
  await phone.page.screenshot({ path: path.join(ARTIFACTS, 'sms-fallback-desktop.png'), fullPage: true });
});

test('a phone on cellular data verifies without SMS', async (t) => {
  const phone = await newPhone(env.browser);
  t.after(() => phone.context.close());
  const number = '13800001003';
  await openDemo(phone, { number });
  await phone.page.getByLabel('手机号', { exact: true }).fill(number);
  await phone.page.getByRole('button', { name: '验证本机号码' }).click();
  assert.match(await resultText(phone.page), /PASS · 号码验证通过/);
  assert.equal(await phone.page.locator('#sms').isVisible(), false, 'no SMS offered');
  const inbox = await phone.context.request.get(`${env.gw.base}/sandbox/v1/sms/inbox/${number}`);
  assert.deepEqual((await inbox.json()).messages, [], 'no SMS sent');
});

test('leaving the SDK login page: the login demo logs in by SMS', async (t) => {
  const phone = await newPhone(env.browser);
  t.after(() => phone.context.close());
  const number = '13800001004';
  await openDemo(phone, { page: 'login.html', number });
  await phone.page.getByRole('button', { name: '本机号码一键登录' }).click();
  await phone.page.getByRole('button', { name: '返回' }).click();
  // 700000: the person cancelled (not 600011, which would read as "no carrier gave a token").
  assert.match(await resultText(phone.page), /700000/);
  await completeBySms(phone, number, { typeNumber: true });
  const text = await resultText(phone.page);
  assert.match(text, new RegExp(`已登录：${number.slice(0, 3)}\\*{4}${number.slice(7)}`), text);
});

test('the SMS inbox page: a delayed delivery is 投递中, then arrives; clearing empties it', async (t) => {
  const phone = await newPhone(env.browser);
  t.after(() => phone.context.close());
  const { page, context } = phone;
  const number = '13800001005';
  await page.goto(`${env.gw.base}/demo/sms.html?number=${number}`);
  await page.getByText(`${number} · 0 条短信`).waitFor();
  await page.locator('#fault-delay').fill('2500');
  await page.locator('#fault-delay').press('Tab');
  await page.locator('#fault-mode').selectOption('delayed');
  await page.getByText(/投递故障：延迟投递/).waitFor();
  const fault = await context.request.get(`${env.gw.base}/sandbox/v1/sms/faults/${number}`);
  assert.deepEqual(await fault.json(), { mode: 'delayed', delayMs: 2500 });
  const sent = await context.request.post(`${env.gw.base}/demo-backend/sms/send`, { data: { phoneNumber: number } });
  assert.equal((await sent.json()).code, 'OK');
  await page.locator('.sms-item[data-status="pending"]').waitFor();
  await page.locator('.sms-item[data-status="delivered"]').waitFor({ timeout: 10_000 });
  assert.match(await page.locator('.sms-item .sms-meta').first().innerText(), /已送达/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'sms-inbox.png'), fullPage: true });
  await page.getByRole('button', { name: '清空本号码的短信' }).click();
  await page.getByText(`${number} · 0 条短信`).waitFor();
  assert.equal(await page.locator('.sms-item').count(), 0);
});
