// The sandbox package's test helper (sandbox-npm/index.mjs) against a live gateway: the signed server API as a
// backend calls it, phones attached to Playwright contexts (cookie + connection type), faults, the login page's
// digits, restart, and its errors. (The whole suite also starts its gateways through it: helpers.mjs.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  SandboxError, completeLogin, connectSandbox, enterMiddleFour, middleFour,
} from '../../sandbox-npm/index.mjs';
import { PHONE, openFixture, startGateway } from './helpers.mjs';
import { useGatewayAndBrowser } from './setup.mjs';

const env = useGatewayAndBrowser();

/** A phone's browser with `phone` attached by the helper, on the harness page (gateway origin). */
async function attached(t, phoneOptions) {
  const sandbox = env.gw.sandbox;
  const context = await env.browser.newContext({ ...PHONE });
  t.after(() => context.close());
  const phone = await sandbox.createPhone(phoneOptions);
  await sandbox.attachPhone(context, phone);
  const page = await context.newPage();
  await openFixture(page, env.gw, 'harness.html');
  return { sandbox, phone, page, context };
}

/** checkAuthAvailable then getVerifyToken in Promise style: the spToken, or the error's code. */
function verifyInPage(page, tokens) {
  return page.evaluate(async (tk) => {
    const sdk = new window.PhoneNumberServer();
    try {
      await sdk.checkAuthAvailable(tk);
      return { spToken: (await sdk.getVerifyToken()).spToken };
    } catch (e) {
      return { code: e.code, detail: e.detail };
    }
  }, tokens);
}

test('GetAuthToken signed by the helper; the spToken verifies PASS for the number, REJECT for another', async (t) => {
  const { sandbox, phone, page } = await attached(t, { carrier: 'CU' });
  // A scheme of the user's own (no simulated environment): the SDK itself reads the attached connection.
  const scheme = await sandbox.createScheme({ origin: env.gw.base });
  const tokens = await sandbox.getAuthTokens({ sceneCode: scheme.sceneCode });
  assert.match(tokens.accessToken, /^at1\./);
  assert.match(tokens.jwtToken, /^eyJ/);
  const first = await verifyInPage(page, tokens);
  assert.match(first.spToken ?? '', /^sp1\./, JSON.stringify(first));
  const pass = await sandbox.verifyPhoneWithToken(first.spToken, phone.number);
  assert.equal(pass.Code, 'OK');
  assert.equal(pass.GateVerify.VerifyResult, 'PASS');
  const second = await verifyInPage(page, tokens);
  const other = phone.number.replace(/.$/, (d) => String((Number(d) + 1) % 10));
  assert.equal((await sandbox.verifyPhoneWithToken(second.spToken, other)).GateVerify.VerifyResult, 'REJECT');
});

test('attachPhone on Wi-Fi: the SDK sees navigator.connection.type wifi and answers 600008', async (t) => {
  const { sandbox, page } = await attached(t, { connection: 'wifi' });
  assert.equal(await page.evaluate(() => navigator.connection.type), 'wifi');
  const scheme = await sandbox.createScheme({ origin: env.gw.base });
  const r = await verifyInPage(page, await sandbox.getAuthTokens({ sceneCode: scheme.sceneCode }));
  assert.equal(r.code, 600008, JSON.stringify(r));
  assert.match(r.detail, /Wi-Fi/);
});

test('setFaults: the carrier under maintenance gives 600011; cleared, the next call succeeds', async (t) => {
  const { sandbox, phone, page } = await attached(t, { carrier: 'CT' });
  const faulty = await sandbox.setFaults(phone, { CT: { maintenance: true } });
  assert.equal(faulty.faults.CT.maintenance, true);
  const tokens = await sandbox.getAuthTokens();
  assert.equal((await verifyInPage(page, tokens)).code, 600011);
  await sandbox.setFaults(phone, {});
  assert.match((await verifyInPage(page, tokens)).spToken ?? '', /^sp1\./);
});

test('one-click login: completeLogin types the middle four, ticks, presses 登录; GetPhoneWithToken gives the number', async (t) => {
  const { sandbox, phone, page } = await attached(t, { carrier: 'CM' });
  const tokens = await sandbox.getAuthTokens({ bizType: 1 });
  await page.evaluate(async (tk) => {
    window.sdk = new window.PhoneNumberServer();
    await window.sdk.checkLoginAvailable(tk);
    window.result = window.sdk.getLoginToken({ authPageOption: {} }).then((r) => r.spToken, (e) => `error ${e.code}`);
  }, tokens);
  await completeLogin(page, phone);
  const spToken = await page.evaluate(() => window.result);
  assert.match(spToken, /^sp1\./);
  const answer = await sandbox.getPhoneWithToken(spToken);
  assert.equal(answer.Data.Mobile, phone.number);
});

test('enterMiddleFour with four digits of its own: they land in the four boxes', async (t) => {
  const { sandbox, page } = await attached(t, { carrier: 'CU', number: '13012345678' });
  await page.evaluate(async (tk) => {
    window.sdk = new window.PhoneNumberServer();
    await window.sdk.checkLoginAvailable(tk);
    window.sdk.getLoginToken({ authPageOption: {} }).catch(() => {});
  }, await sandbox.getAuthTokens({ bizType: 1 }));
  await enterMiddleFour(page, '9999');
  const boxes = await Promise.all(['一', '二', '三', '四'].map((n) => page.getByLabel(`中间四位第${n}位`).inputValue()));
  assert.deepEqual(boxes, ['9', '9', '9', '9']);
});

test('refusals are SandboxErrors with the status and the answer; a wrong secret is the server API\'s refusal', async () => {
  const sandbox = env.gw.sandbox;
  await assert.rejects(sandbox.createPhone({ carrier: 'CM', number: '18612345678' }), (e) => {
    assert.ok(e instanceof SandboxError);
    assert.equal(e.status, 400);
    assert.equal(e.body.error, 'INVALID');
    return true;
  });
  await assert.rejects(sandbox.getPhone('no-such-phone'), (e) => e instanceof SandboxError && e.status === 404);
  await assert.rejects(
    sandbox.getAuthTokens({ accessKeyId: 'LTAI5tDemoSandboxKey0001', accessKeySecret: 'wrong' }),
    (e) => e instanceof SandboxError && e.body.Code === 'SignatureDoesNotMatch',
  );
  await assert.rejects(sandbox.getAuthTokens({ origin: 'http://elsewhere.test' }), /no demo scheme for origin/);
  await assert.rejects(sandbox.createScheme({}), TypeError);
  assert.throws(() => middleFour('1380013800'), TypeError);
  assert.equal(middleFour('13800138000'), '0013');
  const bizNot01 = await sandbox.callApi('GetAuthToken', { Url: `${env.gw.base}/`, Origin: env.gw.base, SceneCode: 'FC100000000000001', BizType: '7' })
    .catch((e) => e.body);
  assert.notEqual(bizNot01.Code, 'OK');
});

test('connectSandbox reaches a running gateway; restart() loses its state and answers again', async () => {
  const gw = await startGateway();
  try {
    const remote = connectSandbox(`${gw.base}/`);
    assert.equal(remote.baseUrl, gw.base);
    assert.equal((await remote.info()).baseUrl, gw.base);
    await remote.stop(); // not started by the helper: nothing to stop
    const phone = await remote.createPhone();
    await gw.restart();
    await assert.rejects(remote.getPhone(phone), (e) => e.status === 404);
    assert.match(gw.log(), /--- restart ---/);
    await assert.rejects(remote.restart(), /not started by startSandbox/);
  } finally {
    await gw.stop();
  }
});
