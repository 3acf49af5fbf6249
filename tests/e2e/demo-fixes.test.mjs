// The demo pages' sandbox panel as visitors found it failing: one shared SIM for everyone, localhost ignoring the
// panel's SIM, an emptied quota that stayed limited, "no scheme" after a gateway restart, a late save wiping a delay
// being typed, and "UNKNOWN" plus English for another carrier's number. Each test fails on the panel before its fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PHONE, sleep } from './helpers.mjs';
import { useGatewayAndBrowser } from './setup.mjs';

const env = useGatewayAndBrowser();

async function openDemo(t, base = env.gw.base) {
  const context = await env.browser.newContext({ ...PHONE });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(`${base}/demo/`);
  await page.getByText(/^设备 /).waitFor();
  return { context, page };
}

const simNumber = (page) => page.getByLabel('号码', { exact: true }).inputValue();
const sceneCode = async (page) => {
  await page.getByText(/^SceneCode FC/).waitFor();
  return (await page.locator('#scheme-code').innerText()).replace('SceneCode ', '');
};

async function verifyNumber(page, number) {
  await page.getByLabel('手机号').fill(number);
  await page.getByRole('button', { name: '验证本机号码' }).click();
  const result = page.locator('#result');
  await result.waitFor({ state: 'visible', timeout: 20_000 });
  return (await result.innerText()).replace(/\s+/g, ' ');
}

test('each browser gets its own phone number, and 换一部新手机 gives a new one', async (t) => {
  const a = await openDemo(t);
  const b = await openDemo(t);
  const na = await simNumber(a.page);
  assert.match(na, /^1\d{10}$/);
  assert.notEqual(na, await simNumber(b.page), 'two visitors, two numbers');
  await a.page.getByRole('button', { name: '换一部新手机（重置）' }).click();
  await a.page.waitForFunction((old) => document.getElementById('sim-number').value !== old, na);
  const fresh = await simNumber(a.page);
  assert.match(await verifyNumber(a.page, fresh), /PASS/);
});

test('opened on localhost the panel\'s SIM is the one verified, as on 127.0.0.1', async (t) => {
  const { page } = await openDemo(t, `http://localhost:${env.gw.port}`);
  await page.getByLabel('运营商').selectOption('CU');
  await page.getByText(/· CU 1\d{10} ·/).waitFor();
  const number = await simNumber(page);
  const text = await verifyNumber(page, number);
  assert.match(text, /PASS/, text);
});

test('emptying the quota field makes the scheme unlimited again', async (t) => {
  const { page } = await openDemo(t);
  const code = await sceneCode(page);
  const quota = page.getByLabel('调用额度');
  await quota.fill('1');
  await quota.press('Tab');
  await page.getByText(`方案 ${code} 已更新`).waitFor();
  assert.equal((await env.gw.sandbox.getScheme(code)).quota, 1);
  await quota.fill('');
  await quota.press('Tab');
  for (let i = 0; i < 50 && (await env.gw.sandbox.getScheme(code)).quota !== null; i += 1) await sleep(100);
  assert.equal((await env.gw.sandbox.getScheme(code)).quota, null);
});

test('after a gateway restart a reloaded tab gets a new scheme and still verifies', async (t) => {
  const { page } = await openDemo(t);
  const before = await sceneCode(page);
  await env.gw.restart();
  await page.reload();
  await page.getByText(/^设备 /).waitFor();
  const after = await sceneCode(page);
  assert.notEqual(after, before);
  const text = await verifyNumber(page, await simNumber(page));
  assert.match(text, /PASS/, text);
});

test('a save answered late does not overwrite a delay being typed', async (t) => {
  const { page } = await openDemo(t);
  // Hold the device PATCH answers back, as a slow network would.
  await page.route('**/sandbox/v1/devices/*', async (route) => {
    if (route.request().method() !== 'PATCH') return route.continue();
    await sleep(800);
    return route.continue();
  });
  await page.getByLabel('CM maintenance').check();
  const delay = page.getByLabel('CM delay ms');
  await delay.click();
  await page.keyboard.type('25', { delay: 20 });
  await sleep(1500); // the held answer (800 ms) has arrived and been rendered by now
  assert.equal(await page.locator('#sandbox-status').innerText().then((s) => s.startsWith('设备 ')), true);
  assert.equal(await delay.inputValue(), '25');
  assert.ok(await page.getByLabel('CM maintenance').isChecked());
});

test('another carrier\'s number: plain Chinese for the person, no UNKNOWN and no English', async (t) => {
  const { page } = await openDemo(t);
  const text = await verifyNumber(page, '18612345678'); // a CU number; the SIM is CM
  assert.match(text, /号码与本机不一致/, text);
  assert.doesNotMatch(text, /UNKNOWN|[A-Za-z]{4,}/, text);
});
