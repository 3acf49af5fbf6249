// Shared helpers of the end-to-end tests: the gateway process, headless Chromium, phone contexts, and the
// sandbox control API (docs/protocol.md §4, §5). Each test makes its own browser context and its own device.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, devices } from 'playwright-core';

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
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

const running = new Set();
process.on('exit', () => { for (const child of running) child.kill('SIGKILL'); });

/**
 * Starts `gateway --sandbox` on a free port, serving www/ at /demo/ and dist/ at /sdk/, and waits for /healthz.
 * `port` picks the port; `config` (a TOML file) replaces `--sandbox` with `--config FILE`. `restart()` stops the
 * process and starts a new one on the same port with the same arguments (in-memory state is lost, as in a real
 * restart); `log()` keeps the output of every run.
 * @param {{ port?: number, config?: string }} [opts]
 * @returns {Promise<{ base: string, port: number, log: () => string, stop: () => Promise<void>, restart: () => Promise<void> }>}
 */
export async function startGateway({ port: wanted, config } = {}) {
  const port = wanted ?? await freePort();
  const mode = config ? ['--config', config] : ['--sandbox'];
  const args = [...mode, '--listen', `127.0.0.1:${port}`, '--www', 'www', '--sdk-dir', 'dist'];
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  let child;
  let exited;
  const launch = async () => {
    child = spawn(GATEWAY_BIN, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const me = child;
    running.add(me);
    me.stdout.on('data', (d) => { output += d; });
    me.stderr.on('data', (d) => { output += d; });
    exited = new Promise((resolve) => me.once('exit', resolve));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (me.exitCode !== null) throw new Error(`gateway exited (${me.exitCode}):\n${output}`);
      try {
        const res = await fetch(`${base}/healthz`);
        if (res.ok) break;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) { me.kill('SIGKILL'); throw new Error(`gateway did not answer /healthz:\n${output}`); }
      await sleep(50);
    }
  };
  const stop = async () => {
    const me = child; // this run's process: the late SIGKILL below must never reach a restarted one
    if (me.exitCode === null) me.kill('SIGTERM');
    await Promise.race([exited, sleep(3000).then(() => { if (me.exitCode === null) me.kill('SIGKILL'); })]);
    running.delete(me);
  };
  await launch();
  return {
    base,
    port,
    log: () => output,
    stop,
    restart: async () => {
      await stop();
      await exited;
      output += '\n--- restart ---\n';
      await launch();
    },
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

/** Creates this test's simulated SIM and selects it for `context` (the pns_sim cookie lands in its jar). */
export async function createDevice(context, gw, { carrier = 'CM', number = '13800000000', connection = 'cellular', faults } = {}) {
  const res = await context.request.post(`${gw.base}/sandbox/v1/devices`, {
    data: { carrier, number, connection, ...(faults ? { faults } : {}), select: true },
  });
  return json(res, 'POST /sandbox/v1/devices');
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
