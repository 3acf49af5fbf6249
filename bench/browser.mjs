// Browser benchmark in headless Chromium against a sandbox gateway on loopback (start-up is bench/startup.mjs):
//  - round trips: the verification flow checkAuthAvailable → getVerifyToken, and the login flow
//    checkLoginAvailable → getLoginToken up to the masked number (watch 6), under emulated cellular latency
//    (CDP, 100 ms and 300 ms per round trip): requests counted, sequential waves counted, wall time measured.
// Usage: node bench/browser.mjs [--runs N] [--out bench/out/browser.json]
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, authTokens, createDevice, launchBrowser, newPhone, requireBuilt, startGateway,
} from '../tests/e2e/helpers.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const RUNS = Number(opt('--runs', '15'));
const OUT = path.resolve(ROOT, opt('--out', 'bench/out/browser.json'));

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  return { n: s.length, median: q(0.5), p10: q(0.1), p90: q(0.9), min: s[0], max: s[s.length - 1] };
};
const round = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 100) / 100 : v]));

// A blank page on the gateway's origin, from which each delivery is loaded and timed.
const BLANK = '<!doctype html><meta charset="utf-8"><meta name="referrer" content="origin"><title>bench</title>';

async function flowOnce(browser, gw, latency, flow = 'verify') {
  const phone = await newPhone(browser);
  const { context, page, cdp } = phone;
  await createDevice(context, gw, { carrier: 'CM', number: '13800000000', connection: 'cellular' });
  const tokens = await authTokens(context, gw, { bizType: flow === 'login' ? 1 : 0 });
  await page.route(`${gw.base}/bench/flow.html`, (r) => r.fulfill({
    contentType: 'text/html', body: `${BLANK}<script src="/sdk/numberAuth-web-sdk.js"></script>`,
  }));
  await page.goto(`${gw.base}/bench/flow.html`);
  await page.evaluate(() => { window.sdk = new window.PhoneNumberServer(); window.sdk.setLoggerEnable(false); });
  // Emulated cellular link: `latency` ms added to every request (CDP applies it per round trip).
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency, downloadThroughput: 1_250_000, uploadThroughput: 750_000, connectionType: 'cellular4g',
  });
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, { url: e.request.url, method: e.request.method, start: e.timestamp, end: null });
  });
  cdp.on('Network.loadingFinished', (e) => { const r = requests.get(e.requestId); if (r) r.end = e.timestamp; });
  cdp.on('Network.loadingFailed', (e) => { const r = requests.get(e.requestId); if (r) r.end = e.timestamp; });
  const result = await page.evaluate(async ([tk, kind]) => {
    const sdk = window.sdk;
    const t0 = performance.now();
    if (kind === 'verify') {
      await sdk.checkAuthAvailable({ ...tk, timeout: 30 });
      const t1 = performance.now();
      const v = await sdk.getVerifyToken({ timeout: 30 });
      const t2 = performance.now();
      return { check: t1 - t0, token: t2 - t1, total: t2 - t0, vender: v.vender, ok: v.code === 600000 };
    }
    await sdk.checkLoginAvailable({ ...tk, timeout: 30 });
    const t1 = performance.now();
    // Up to the masked number (watch 6), which is what the user waits for; then the page is closed.
    const masked = await new Promise((resolve) => {
      sdk.getLoginToken({
        timeout: 30,
        authPageOption: {},
        watch: (status, data) => { if (status === 6) resolve(data); },
        success: () => {},
        error: () => {},
      });
    });
    const t2 = performance.now();
    sdk.closeLoginPage();
    return { check: t1 - t0, token: t2 - t1, total: t2 - t0, vender: masked.netType, ok: Boolean(masked.netType) };
  }, [tokens, flow]);
  await context.close();
  // Waves: a request that starts after every earlier request has finished begins a new round trip.
  const list = [...requests.values()].sort((a, b) => a.start - b.start);
  let waves = 0; let lastEnd = -Infinity;
  for (const r of list) {
    if (r.start >= lastEnd) waves += 1;
    lastEnd = Math.max(lastEnd, r.end ?? r.start);
  }
  return { ...result, requests: list.length, waves, preflights: list.filter((r) => r.method === 'OPTIONS').length };
}

requireBuilt();
const gw = await startGateway();
const browser = await launchBrowser();
const report = { date: new Date().toISOString(), runs: RUNS, command: `node bench/browser.mjs --runs ${RUNS}` };
try {
  report.flow = {};
  for (const [flow, latency] of [['verify', 100], ['verify', 300], ['login', 100], ['login', 300]]) {
    const runs = [];
    for (let i = 0; i < Math.max(3, Math.floor(RUNS / 3)); i += 1) runs.push(await flowOnce(browser, gw, latency, flow));
    if (!runs.every((r) => r.ok)) throw new Error(`a flow failed: ${JSON.stringify(runs)}`);
    report.flow[`${flow} ${latency}ms`] = {
      flow, latency,
      requests: runs[0].requests, waves: runs[0].waves, preflights: runs[0].preflights, vender: runs[0].vender,
      checkMs: round(stats(runs.map((r) => r.check))), tokenMs: round(stats(runs.map((r) => r.token))),
      totalMs: round(stats(runs.map((r) => r.total))),
    };
  }
} finally {
  await browser.close();
  await gw.stop();
}
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
