// Per-file and per-test setup on top of helpers.mjs: one gateway and one Chromium per test file; each test its own
// context (a Pixel 7 unless `desktop`), device and, where asked, scheme and tokens.
import { after, before } from 'node:test';
import {
  authTokens, createDevice, createScheme, launchBrowser, newPhone, openFixture, requireBuilt, startGateway,
} from './helpers.mjs';

/** @returns {{ gw: any, browser: any }} filled in by `before` */
export function useGatewayAndBrowser() {
  const env = { gw: null, browser: null };
  before(async () => {
    requireBuilt();
    env.gw = await startGateway();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.gw?.stop();
  });
  return env;
}

/**
 * A phone on the harness page (the script-tag build) with its own device; `scheme` (an object of scheme fields)
 * makes a scheme for the test, `bizType` asks tokens (0 by default; `false`: none).
 */
export async function phoneOnHarness(t, env, {
  desktop = false, connection = 'cellular4g', device = {}, scheme, bizType = 0, attrs = '', origin,
} = {}) {
  const { gw, browser } = env;
  const phone = await newPhone(browser, { desktop, connection });
  t.after(() => phone.context.close());
  phone.device = await createDevice(phone.context, gw, device);
  if (scheme) phone.scheme = await createScheme(phone.context, gw, scheme);
  if (bizType !== false) {
    phone.tokens = await authTokens(phone.context, gw, { bizType, sceneCode: phone.scheme?.sceneCode });
  }
  await openFixture(phone.page, gw, 'harness.html', { attrs, origin });
  return phone;
}

/** checkAuthAvailable in callback style on a new instance kept as window.sdk; returns the harness's report. */
export async function check(page, tokens, extra = {}) {
  return page.evaluate(([tk, ex]) => {
    window.sdk = new window.PhoneNumberServer();
    return window.viaCallbacks(window.sdk, 'checkAuthAvailable', { ...tk, ...ex });
  }, [tokens, extra]);
}

/** getVerifyToken in callback style on window.sdk. */
export async function verifyToken(page, extra = {}, settleMs = 300) {
  return page.evaluate(([ex, ms]) => window.viaCallbacks(window.sdk, 'getVerifyToken', ex, ms), [extra, settleMs]);
}

/** The one callback call of a report, asserting it was exactly one and asynchronous. */
export function only(assert, report, kind) {
  assert.equal(report.returned, 'undefined', 'callback style returns undefined');
  assert.equal(report.calls.length, 1, `exactly one callback: ${JSON.stringify(report.calls)}`);
  assert.equal(report.calls[0].sync, false, 'the callback came asynchronously');
  assert.equal(report.calls[0].kind, kind, `expected ${kind}: ${JSON.stringify(report.calls[0].payload)}`);
  return report.calls[0].payload;
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const MESSAGES = {
  600004: '方案号不存在', 600008: '环境错误', 600010: '未知异常', 600011: '获取token失败',
  600013: '运营商维护升级，该功能不可用', 600014: '运营商维护升级，该功能已达最大调用次数', 600015: '接口超时',
  600018: '号码被运营商管控', 600025: '接入方身份信息校验失败', 600028: '入参错误', 600030: 'css属性不合规',
  600032: '业务类型错误', 600034: '请求参数已失效', 700000: '用户取消登录',
};

/** The single `error` call of a report, with `code`, the vendor's `msg` (or `msg`), a UUID and a `detail`. */
export function expectError(assert, report, code, msg = MESSAGES[code]) {
  const p = only(assert, report, 'error');
  assert.equal(p.code, code, `code: ${JSON.stringify(p)}`);
  assert.equal(p.msg, msg);
  assert.match(p.requestId, UUID_V4);
  assert.equal(typeof p.detail, 'string');
  assert.ok(p.detail.length > 10, `a detail that says what to do: ${p.detail}`);
  return p;
}
