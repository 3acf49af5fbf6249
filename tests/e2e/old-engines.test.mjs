// The shipped files on an engine of the iOS 12 Safari / Chrome 61 generation, as far as a page can make one: the
// globals and methods newer than those engines (what scripts/check-shipped.mjs forbids unguarded) are deleted before
// the SDK loads. The script-tag file and the npm ESM entry still load, construct, and run the whole verification
// flow to the backend's PASS, with no page error (the inlined module then goes through atob, not
// Uint8Array.fromBase64, and the glue and js-sys through their fallbacks). `globalThis` stays: Playwright's own
// page calls need it; scripts/check-shipped.mjs finds any unguarded use of it in what ships.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authTokens, createDevice, newPhone, openFixture, verifyOnServer } from './helpers.mjs';
import { check, only, useGatewayAndBrowser, verifyToken } from './setup.mjs';

const env = useGatewayAndBrowser();

// Runs in the page before any script. Each name is checked to be gone afterwards, so the test cannot pass by
// deleting nothing.
const REMOVE = () => {
  const gone = [];
  const drop = (owner, name, label) => {
    if (owner && name in owner) {
      delete owner[name];
      if (!(name in owner)) gone.push(label);
    }
  };
  for (const g of ['FinalizationRegistry', 'WeakRef', 'queueMicrotask', 'structuredClone', 'AggregateError']) drop(window, g, g);
  for (const m of ['at', 'flat', 'flatMap', 'findLast', 'findLastIndex']) drop(Array.prototype, m, `Array.prototype.${m}`);
  for (const m of ['hasOwn', 'fromEntries']) drop(Object, m, `Object.${m}`);
  for (const m of ['replaceAll', 'at', 'matchAll']) drop(String.prototype, m, `String.prototype.${m}`);
  for (const m of ['allSettled', 'any']) drop(Promise, m, `Promise.${m}`);
  drop(Uint8Array, 'fromBase64', 'Uint8Array.fromBase64');
  window.removedGlobals = gone;
};

async function oldPhone(t) {
  const p = await newPhone(env.browser);
  t.after(() => p.context.close());
  await p.context.addInitScript(REMOVE);
  await createDevice(p.context, env.gw);
  p.tokens = await authTokens(p.context, env.gw, { bizType: 0 });
  return p;
}

test('script tag: loads, constructs and passes the whole verification flow without the newer globals', async (t) => {
  const { page, context, tokens, logs } = await oldPhone(t);
  await openFixture(page, env.gw, 'harness.html');
  const removed = await page.evaluate(() => window.removedGlobals);
  for (const name of ['FinalizationRegistry', 'WeakRef', 'queueMicrotask', 'structuredClone', 'Object.fromEntries',
    'String.prototype.replaceAll', 'Promise.allSettled', 'Uint8Array.fromBase64']) {
    assert.ok(removed.includes(name), `${name} was removed before the SDK loaded: ${removed}`);
  }
  assert.match(await page.evaluate(() => new window.PhoneNumberServer().getVersion()), /^\d+\.\d+\.\d+/);
  only(assert, await check(page, tokens), 'success');
  const ok = only(assert, await verifyToken(page), 'success');
  const server = await verifyOnServer(context, env.gw, ok.spToken, '13800000000');
  assert.equal(server.verifyResult, 'PASS', JSON.stringify(server));
  assert.deepEqual(logs.filter((l) => l.type === 'error' || l.type === 'pageerror'), []);
});

test('npm ESM entry: imports and passes the whole verification flow without the newer globals', async (t) => {
  const { page, context, tokens, logs } = await oldPhone(t);
  await openFixture(page, env.gw, 'harness.html');
  const result = await page.evaluate(async (tk) => {
    const { PhoneNumberServer } = await import('/sdk/npm/index.js');
    const sdk = new PhoneNumberServer();
    await sdk.checkAuthAvailable(tk);
    return sdk.getVerifyToken({});
  }, tokens);
  assert.equal(result.code, 600000, JSON.stringify(result));
  const server = await verifyOnServer(context, env.gw, result.spToken, '13800000000');
  assert.equal(server.verifyResult, 'PASS', JSON.stringify(server));
  assert.deepEqual(logs.filter((l) => l.type === 'error' || l.type === 'pageerror'), []);
});
