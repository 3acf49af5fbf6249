// Shared helpers of the end-to-end tests: the gateway process, headless Chromium, phone contexts, and the
// sandbox control API (docs/protocol.md §4, §5). Each test makes its own browser context and its own device.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, devices } from 'playwright-core';
import { freePort as helperFreePort, startSandbox } from '../../sandbox-npm/index.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const NPM_DIR = path.join(DIST, 'npm');
const FIXTURES = path.join(ROOT, 'tests/e2e/fixtures');
const GATEWAY_BIN = process.env.PNS_GATEWAY_BIN || path.join(ROOT, 'target/debug/gateway');

/** Chromium as toolchain.md says; NetInfoDownlinkMax gives navigator.connection a `type`. */
export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-blink-features=NetInfoDownlinkMax',
];
export const PHONE = devices['Pixel 7'];

export function requireBuilt() {
  for (const f of ['numberAuth-web-sdk.js', 'npm/index.js', 'npm/index.cjs', 'npm/package.json']) {
    if (!fs.existsSync(path.join(DIST, f))) throw new Error(`dist/${f} missing: run \`npm run build\` first`);
  }
  if (!fs.existsSync(GATEWAY_BIN)) throw new Error(`${GATEWAY_BIN} missing: run \`cargo build -p pns-gateway\` first`);
}

/** A port nobody listens on right now. */
export const freePort = helperFreePort;

/**
 * Starts `gateway --sandbox` on a free port, serving www/ at /demo/ and dist/ at /sdk/, through the sandbox
 * package's own helper (sandbox-npm/index.mjs), so the whole suite uses it. `port` picks the port; `config` (a
 * TOML file) replaces `--sandbox` with `--config FILE`. `restart()` stops the process and starts a new one on the
 * same port with the same arguments (in-memory state is lost, as in a real restart); `log()` keeps the output of
 * every run; `sandbox` is the helper's Sandbox.
 * @param {{ port?: number, config?: string }} [opts]
 */
export async function startGateway({ port, config } = {}) {
  const sandbox = await startSandbox({
    port, config, binary: GATEWAY_BIN, cwd: ROOT, args: ['--www', 'www', '--sdk-dir', 'dist'],
  });
  return {
    base: sandbox.baseUrl,
    port: sandbox.port,
    sandbox,
    log: () => sandbox.output(),
    stop: () => sandbox.stop(),
    restart: () => sandbox.restart(),
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A fresh browser context (a phone by default, or a desktop), one page, its CDP session, and the
 * navigator.connection type set through CDP (`cellular4g`, `wifi`, `none`; real throughput values or it is ignored).
 */
export async function newPhone(browser, { desktop = false, connection = 'cellular4g', baseURL } = {}) {
  const context = await browser.newContext(desktop ? { baseURL } : { ...PHONE, baseURL });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await setConnectionType(cdp, connection);
  const logs = [];
  page.on('console', (m) => logs.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => logs.push({ type: 'pageerror', text: String(e) }));
  return { context, page, cdp, logs };
}

export async function setConnectionType(cdp, connectionType) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 1, downloadThroughput: 12_500_000, uploadThroughput: 12_500_000, connectionType,
  });
}

async function json(res, what) {
  const text = await res.text();
  if (!res.ok()) throw new Error(`${what}: HTTP ${res.status()} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Creates this test's simulated SIM with the sandbox helper and selects it for `context` (the pns_sim cookie on the
 * gateway's host; the connection type stays the CDP emulation's, which tests change as they go).
 */
export async function createDevice(context, gw, { carrier = 'CM', number = '13800000000', connection = 'cellular', faults } = {}) {
  const phone = await gw.sandbox.createPhone({ carrier, number, connection, faults });
  await context.addCookies([{ name: 'pns_sim', value: phone.id, url: `${gw.base}/`, sameSite: 'Lax' }]);
  return phone;
}

export async function patchDevice(context, gw, id, patch) {
  return json(await context.request.patch(`${gw.base}/sandbox/v1/devices/${id}`, { data: patch }), 'PATCH device');
}

/** A scheme of the demo account, by default for the gateway's own origin. */
export async function createScheme(context, gw, spec = {}) {
  const origin = spec.origin || gw.base;
  return json(await context.request.post(`${gw.base}/sandbox/v1/schemes`, {
    data: { url: `${origin}/`, origin, ...spec },
  }), 'POST /sandbox/v1/schemes');
}

export async function patchScheme(context, gw, sceneCode, patch) {
  return json(await context.request.patch(`${gw.base}/sandbox/v1/schemes/${sceneCode}`, { data: patch }), 'PATCH scheme');
}

export async function deleteScheme(context, gw, sceneCode) {
  const res = await context.request.delete(`${gw.base}/sandbox/v1/schemes/${sceneCode}`);
  if (!res.ok()) throw new Error(`DELETE scheme: ${res.status()}`);
}

/** What the page's backend does: GetAuthToken through the sample backend. */
export async function authTokens(context, gw, { bizType = 0, sceneCode } = {}) {
  return json(await context.request.post(`${gw.base}/demo-backend/auth-token`, {
    data: { bizType, ...(sceneCode ? { sceneCode } : {}) },
  }), 'POST /demo-backend/auth-token');
}

export async function verifyOnServer(context, gw, spToken, phoneNumber) {
  return json(await context.request.post(`${gw.base}/demo-backend/verify`, { data: { spToken, phoneNumber } }), 'verify');
}

/**
 * Opens a fixture page under the gateway's origin (or `origin`), served by Playwright's router at /e2e/...
 * so pages and the SDK share the origin the scheme is registered for. `{{ATTRS}}` in the fixture takes `attrs`.
 */
export async function openFixture(page, gw, name, { origin = gw.base, attrs = '' } = {}) {
  const body = fs.readFileSync(path.join(FIXTURES, name), 'utf8').replace('{{ATTRS}}', attrs).replaceAll('{{GW}}', gw.base);
  await page.route(`${origin}/e2e/${name}`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body }));
  await page.goto(`${origin}/e2e/${name}`);
  await page.waitForFunction(() => window.harnessReady === true);
}

/** Serves `body` at `url` for this page (e.g. a bundle under the gateway's origin). */
export async function serve(page, url, body, contentType = 'text/javascript') {
  await page.route(url, (route) => route.fulfill({ contentType, body }));
}
