// Every payload the SDK hands a page has exactly the keys index.d.ts declares: the lists are
// pkg-template/payload-keys.js, which pkg-template/types-test.ts ties to the declarations (`tsc --noEmit`). Each
// payload here comes from its real condition (simulated SIMs and carriers, a stopped gateway, a forged token).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAYLOAD_KEYS as K } from '../../pkg-template/payload-keys.js';
import { authTokens, startGateway } from './helpers.mjs';
import { check, expectError, only, phoneOnHarness, useGatewayAndBrowser, verifyToken } from './setup.mjs';
import { ended, loginButton, loginPhone, startLogin, tickAgreement, typeDigits } from './login-helpers.mjs';

const env = useGatewayAndBrowser();

/** The keys of a payload as the page saw it, in order. */
const keys = (o) => Object.keys(o);

/** An error payload with per-carrier `content`: its keys, each entry's, each entry's `carrier`. */
function carrierContent(p) {
  assert.deepEqual(keys(p), K.errorWithContent);
  assert.ok(Array.isArray(p.content) && p.content.length > 0, JSON.stringify(p));
  for (const e of p.content) {
    assert.deepEqual(keys(e), K.carrierFailure);
    assert.deepEqual(keys(e.carrier), K.carrierDetail);
    assert.ok([600010, 600011, 600013, 600014, 600018].includes(e.code), `entry code ${e.code}`);
    assert.equal(typeof e.detail, 'string');
    assert.ok(e.detail.length > 0, 'each entry says why');
  }
}

test('checkAuthAvailable, getVerifyToken, checkEnvAvailable: exactly the declared keys, msg included', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env);
  const c = only(assert, await check(page, tokens), 'success');
  assert.deepEqual(keys(c), K.checkSuccess);
  assert.equal(c.msg, '鉴权成功');
  const v = only(assert, await verifyToken(page), 'success');
  assert.deepEqual(keys(v), K.verifyTokenSuccess);
  assert.equal(v.msg, '成功');
  assert.deepEqual(keys(await page.evaluate(() => window.sdk.checkEnvAvailable())), K.env);
});

test('600011 and 600018 carry one entry per carrier, each with its detail', async (t) => {
  const refused = await phoneOnHarness(t, env, {
    device: { carrier: 'CM', number: '13800000000', faults: { CM: { maintenance: true } } },
  });
  only(assert, await check(refused.page, refused.tokens), 'success');
  const p11 = expectError(assert, await verifyToken(refused.page), 600011);
  carrierContent(p11);
  assert.equal(p11.content.find((e) => e.vender === 'CM').code, 600013, 'maintenance is 600013 in its entry');

  const blocked = await phoneOnHarness(t, env, { device: { faults: { CM: { blocked: true } } } });
  only(assert, await check(blocked.page, blocked.tokens), 'success');
  const p18 = expectError(assert, await verifyToken(blocked.page), 600018);
  carrierContent(p18);
  assert.equal(p18.content.find((e) => e.vender === 'CM').code, 600018);
});

test('600010 with every carrier unreachable carries their entries; other errors have no content key', async (t) => {
  const { page, context, tokens } = await phoneOnHarness(t, env);
  only(assert, await check(page, tokens), 'success');
  await context.route('**/token', (r) => r.fulfill({
    status: 503, contentType: 'text/html', body: 'down', headers: { 'access-control-allow-origin': '*' },
  }));
  const p = expectError(assert, await verifyToken(page), 600010);
  carrierContent(p);
  for (const e of p.content) {
    assert.equal(e.code, 600010);
    assert.deepEqual(Object.values(e.carrier), ['', '', '', ''], 'nothing from a carrier never reached');
  }

  const gw2 = await startGateway();
  t.after(() => gw2.stop());
  const stopped = await phoneOnHarness(t, env, { bizType: false });
  const tokens2 = await authTokens(stopped.context, gw2);
  await gw2.stop();
  assert.deepEqual(keys(expectError(assert, await check(stopped.page, tokens2), 600010)), K.error);
  const early = await page.evaluate(() => window.viaCallbacks(new window.PhoneNumberServer(), 'getVerifyToken', {}));
  const notChecked = only(assert, early, 'error');
  assert.equal(notChecked.code, 600025);
  assert.deepEqual(keys(notChecked), K.error, 'no check yet: 600025 without content');
});

test('600025 refused by the gateway carries its { code, msg }', async (t) => {
  const { page, tokens } = await phoneOnHarness(t, env);
  const forged = { ...tokens, accessToken: `${tokens.accessToken.slice(0, -4)}AAAA` };
  const p = expectError(assert, await check(page, forged), 600025);
  assert.deepEqual(keys(p), K.errorWithContent);
  assert.deepEqual(keys(p.content), K.gatewayContent);
});

test('getLoginToken: success with msg and its helpers, watch data, 700000 without content, 600011 with []', async (t) => {
  const { page } = await loginPhone(t, env);
  // No authPageOption at all: every field takes its default (index.d.ts declares it optional).
  await page.evaluate(() => {
    window.bare = window.sdk.getLoginToken().then((p) => ({ keys: Object.keys(p), msg: p.msg }), (e) => ({ error: e.code }));
  });
  await page.locator('pns-login-page').waitFor();
  await typeDigits(page, '1234');
  await tickAgreement(page);
  await loginButton(page).click();
  const bare = await page.evaluate(() => window.bare);
  assert.deepEqual(bare, { keys: K.loginTokenSuccess, msg: '成功' });

  await startLogin(page, { privacyAlertIsNeedShow: true });
  await page.locator('pns-login-page').waitFor();
  await typeDigits(page, '5678');
  await loginButton(page).click();
  const alert = page.getByRole('alertdialog');
  await alert.waitFor();
  await alert.getByRole('button', { name: '取消' }).click();
  await page.waitForFunction(() => window.login.others.some(([w, s]) => w === 'privacy' && s === 2));
  await page.locator('pns-login-page [data-a="back"]').click();
  const left = await ended(page);
  assert.equal(left.calls[0].kind, 'error');
  assert.equal(left.calls[0].payload.code, 700000);
  assert.deepEqual(keys(left.calls[0].payload), K.error);
  for (const [, d] of left.events) assert.deepEqual(keys(d), K.watchData);
  const closed = left.others.find(([w, s]) => w === 'privacy' && s === 2)[2];
  assert.deepEqual(keys(closed), K.privacyClosedData);
  assert.equal(closed.agreed, false);

  await startLogin(page, { privacyOne: ['《用户协议》', '/e2e/terms'] });
  await page.locator('pns-login-page').waitFor();
  await page.context().route('**/e2e/terms', (r) => r.fulfill({ contentType: 'text/html', body: 'terms' }));
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('link', { name: '《用户协议》' }).click(),
  ]);
  await tab.close();
  await page.waitForFunction(() => window.login.events.some(([s]) => s === 3));
  await page.evaluate(() => window.sdk.closeLoginPage());
  const gone = await ended(page);
  const p = gone.calls[0].payload;
  assert.equal(p.code, 600011);
  assert.deepEqual(keys(p), K.errorWithContent);
  assert.deepEqual(p.content, [], 'closeLoginPage: no carrier entry');
  assert.deepEqual(keys(gone.events.find(([s]) => s === 3)[1]), K.watchLinkData);
  assert.deepEqual(keys(gone.others.find(([w]) => w === 'preview')[2]), K.watchLinkData);
});
