// The READMEs' Node backend sample, run as written with the vendor's official Node client (pinned in
// tests/backend-node/, installed by scripts/ci/js-tests.sh) against a started sandbox: GetAuthToken for the page,
// the SDK's check and token in Chromium, then VerifyPhoneWithToken PASS and GetPhoneWithToken's full number. The
// sample is taken from pkg-template/README.md; the other READMEs must show the same code (comments aside).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { completeLogin } from '../../sandbox-npm/index.mjs';
import { ROOT, newPhone, serve } from './helpers.mjs';
import { useGatewayAndBrowser } from './setup.mjs';

const env = useGatewayAndBrowser();
const CLIENT_DIR = path.join(ROOT, 'tests/backend-node');
const READMES = ['pkg-template/README.md', 'pkg-template/README.zh-CN.md', 'sandbox-npm/README.md', 'sandbox-npm/README.zh-CN.md'];
const FIRST_LINE = '// npm install @alicloud/dypnsapi20170525 @alicloud/openapi-core';

/** The ```js block of `file` that starts with the install line (exactly one). */
function nodeSample(file) {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const blocks = [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.startsWith(FIRST_LINE));
  assert.equal(blocks.length, 1, `${file}: one Node backend sample starting with "${FIRST_LINE}"`);
  return blocks[0];
}

/** The code alone: `//` comments (not the `//` of a URL) and blank lines removed, trailing spaces trimmed. */
const codeOf = (sample) => sample.split('\n').map((l) => l.replace(/(^|\s)\/\/.*$/, '').trimEnd()).filter(Boolean).join('\n');

test('every README shows the same Node backend sample', () => {
  const code = codeOf(nodeSample(READMES[0]));
  for (const file of READMES.slice(1)) assert.equal(codeOf(nodeSample(file)), code, `${file} differs from ${READMES[0]}`);
});

/**
 * The sample as a module of a folder whose node_modules is the pinned client. Its one change: the sandbox's
 * documented address (127.0.0.1:8787) becomes this test's gateway, so the endpoint and the demo scheme's Url and
 * Origin (the gateway's own origin) stay consistent, as they are on a sandbox started on 8787.
 */
async function loadSample(t, base) {
  if (!fs.existsSync(path.join(CLIENT_DIR, 'node_modules/@alicloud/dypnsapi20170525/package.json'))) {
    throw new Error('the vendor Node client is not installed: run `npm ci --ignore-scripts --prefix tests/backend-node`');
  }
  const sample = nodeSample(READMES[0]);
  const ports = [...sample.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => m[1]);
  assert.ok(ports.length >= 2 && ports.every((p) => p === '8787'), `the sample addresses the sandbox at 127.0.0.1:8787 only: ${ports}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pns-backend-node-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.symlinkSync(path.join(CLIENT_DIR, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const file = path.join(dir, 'backend.mjs');
  fs.writeFileSync(file, sample.replaceAll('127.0.0.1:8787', new URL(base).host));
  return import(pathToFileURL(file).href);
}

const PAGE = '<!doctype html><meta charset=utf-8><script src="/sdk/numberAuth-web-sdk.js"></script>';

/** A phone's browser with its own simulated SIM, on a page of the gateway's origin (the demo scheme's Origin). */
async function phoneOnPage(t, carrier) {
  const { gw, browser } = env;
  const { context, page } = await newPhone(browser);
  t.after(() => context.close());
  const phone = await gw.sandbox.createPhone({ carrier });
  await gw.sandbox.attachPhone(context, phone);
  await serve(page, `${gw.base}/e2e/backend-node.html`, PAGE, 'text/html; charset=utf-8');
  await page.goto(`${gw.base}/e2e/backend-node.html`);
  await page.waitForFunction(() => typeof window.PhoneNumberServer === 'function');
  return { page, phone };
}

test('the Node sample: GetAuthToken → the SDK\'s check and token → VerifyPhoneWithToken PASS, REJECT for another number', async (t) => {
  const backend = await loadSample(t, env.gw.base);
  const { page, phone } = await phoneOnPage(t, 'CU');
  const tokens = await backend.authTokens(0);
  assert.deepEqual(Object.keys(tokens).sort(), ['accessToken', 'jwtToken']);
  const spToken = await page.evaluate(async (tk) => {
    const sdk = new window.PhoneNumberServer();
    await sdk.checkAuthAvailable(tk);
    return (await sdk.getVerifyToken()).spToken;
  }, tokens);
  assert.equal(await backend.verify(spToken, phone.number), 'PASS');

  const again = await page.evaluate(async (tk) => {
    const sdk = new window.PhoneNumberServer();
    await sdk.checkAuthAvailable(tk);
    return (await sdk.getVerifyToken()).spToken;
  }, await backend.authTokens(0));
  const other = phone.number.replace(/.$/, (d) => String((Number(d) + 1) % 10));
  assert.equal(await backend.verify(again, other), 'REJECT');
});

test('the Node sample: one-click login → GetPhoneWithToken gives the full number', async (t) => {
  const backend = await loadSample(t, env.gw.base);
  const { page, phone } = await phoneOnPage(t, 'CM');
  const tokens = await backend.authTokens(1);
  await page.evaluate(async (tk) => {
    window.sdk = new window.PhoneNumberServer();
    await window.sdk.checkLoginAvailable(tk);
    window.loginToken = window.sdk.getLoginToken({ authPageOption: { navText: '登录' } });
  }, tokens);
  await completeLogin(page, phone);
  const spToken = await page.evaluate(async () => (await window.loginToken).spToken);
  assert.equal(await backend.login(spToken), phone.number);
});

test('the Node sample: a refused call rejects with the API\'s code, not a TypeError on a missing field', async (t) => {
  const backend = await loadSample(t, env.gw.base);
  await assert.rejects(backend.verify('not-a-token', '13800138000'), (err) => {
    assert.doesNotMatch(String(err), /TypeError|Cannot read/);
    assert.match(String(err.message), /isv\.|TOKEN|INVALID/i);
    return true;
  });
});
