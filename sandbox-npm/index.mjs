// numberauth-sandbox: start the PhoneNumberServer sandbox gateway from a Node test, and drive it the way a page's
// backend and a phone would. The wire contract is the gateway's docs/protocol.md; this module only wraps it.
// No dependencies: Node's fetch, crypto and child_process. Playwright objects are used through the few methods
// named in index.d.ts (addCookies, addInitScript, getByLabel, keyboard), so any Playwright version works.
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const API_VERSION = '2017-05-25';

/** The prebuilt gateway this package ships, or why there is none for this machine. */
export function gatewayBinary() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `numberauth-sandbox ships a gateway for Linux x86-64 only (this is ${process.platform}/${process.arch}). `
      + 'Build it from the numberauth-web repository with Rust (`cargo build --release -p pns-gateway`), then pass '
      + 'its path as `binary` to startSandbox (or set NUMBERAUTH_SANDBOX_BIN); or run this package\'s Dockerfile under Docker.',
    );
  }
  const bin = path.join(HERE, 'vendor', 'gateway-linux-x64');
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: reinstall numberauth-sandbox`);
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    // Some installers drop the executable bit from packed files: put it back (the file is ours).
    fs.chmodSync(bin, 0o755);
  }
  return bin;
}

/** The gateway arguments for `args`, with this package's demo pages and SDK unless the caller names their own. */
export function gatewayArgs(args) {
  const out = [...args];
  const has = (flag) => out.some((a) => a === flag || a.startsWith(`${flag}=`));
  if (!has('--www')) out.push('--www', path.join(HERE, 'www'));
  if (!has('--sdk-dir')) out.push('--sdk-dir', path.join(HERE, 'sdk'));
  return out;
}

/** A TCP port on 127.0.0.1 that nobody listens on right now. */
export function freePort() {
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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The vendor's v1 percent-encoding: only A-Z a-z 0-9 - _ . ~ stay literal. */
function pct(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Thrown for an answer the sandbox refused: `status` and `body` are the HTTP status and the parsed JSON. */
export class SandboxError extends Error {
  constructor(what, status, body) {
    super(`${what}: HTTP ${status} ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'SandboxError';
    this.status = status;
    this.body = body;
  }
}

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A running (or reachable) sandbox gateway. */
export class Sandbox {
  /**
   * @param {string} baseUrl the gateway's browser-facing base URL, no trailing slash
   * @param {{ child?: import('node:child_process').ChildProcess, relaunch?: () => Promise<any>, output?: () => string }} [own]
   */
  constructor(baseUrl, own = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.port = Number(new URL(this.baseUrl).port || 80);
    this._own = own;
  }

  /** Everything the gateway printed so far (empty for a sandbox started elsewhere). */
  output() {
    return this._own.output ? this._own.output() : '';
  }

  /** Stops the gateway this helper started (SIGTERM, then SIGKILL after 3 s); a no-op for `connectSandbox`. */
  async stop() {
    const child = this._own.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
  }

  /** Stops and starts the gateway on the same port with the same arguments (in-memory state is lost). */
  async restart() {
    if (!this._own.relaunch) throw new Error('restart(): this sandbox was not started by startSandbox');
    await this.stop();
    this._own.child = await this._own.relaunch();
  }

  async _call(method, p, body, what = `${method} ${p}`) {
    // Every call but a GET says JSON, even without a body: the sandbox refuses writes that do not (a foreign page
    // could send those without a CORS preflight).
    const res = await fetch(`${this.baseUrl}${p}`, {
      method,
      headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch { /* keep the text for the error */ }
    if (!res.ok) throw new SandboxError(what, res.status, parsed);
    return parsed;
  }

  /** `GET /sandbox/v1/info`: the demo account, the demo schemes and devices, the base URL. */
  info() {
    return this._call('GET', '/sandbox/v1/info');
  }

  /** A simulated phone: a SIM (carrier, number) and a data connection, with faults. */
  createPhone({ carrier, number, connection = 'cellular', faults, id } = {}) {
    const body = { connection, select: false };
    if (carrier !== undefined) body.carrier = carrier;
    if (number !== undefined) body.number = number;
    if (faults !== undefined) body.faults = faults;
    if (id !== undefined) body.id = id;
    return this._call('POST', '/sandbox/v1/devices', body, 'createPhone');
  }

  /** The phone as the sandbox has it now. */
  getPhone(phone) {
    return this._call('GET', `/sandbox/v1/devices/${encodeURIComponent(idOf(phone))}`, undefined, 'getPhone');
  }

  /** Changes a phone's carrier, number, connection and/or faults (a new carrier alone brings a new number). */
  updatePhone(phone, patch) {
    return this._call('PATCH', `/sandbox/v1/devices/${encodeURIComponent(idOf(phone))}`, patch, 'updatePhone');
  }

  /** Replaces a phone's faults, e.g. `{ CM: { maintenance: true } }`; `{}` clears them. */
  setFaults(phone, faults) {
    return this.updatePhone(phone, { faults });
  }

  /** A scheme of the demo account (or `account`) for your page's origin; `url` defaults to origin + '/'. */
  createScheme({ origin, url, ...rest }) {
    if (!origin) return Promise.reject(new TypeError('createScheme: origin is required (your page\'s origin)'));
    return this._call('POST', '/sandbox/v1/schemes', { url: url ?? `${origin.replace(/\/+$/, '')}/`, origin, ...rest }, 'createScheme');
  }

  getScheme(sceneCode) {
    return this._call('GET', `/sandbox/v1/schemes/${encodeURIComponent(sceneCode)}`, undefined, 'getScheme');
  }

  updateScheme(sceneCode, patch) {
    return this._call('PATCH', `/sandbox/v1/schemes/${encodeURIComponent(sceneCode)}`, patch, 'updateScheme');
  }

  async deleteScheme(sceneCode) {
    await this._call('DELETE', `/sandbox/v1/schemes/${encodeURIComponent(sceneCode)}`, undefined, 'deleteScheme');
  }

  /** A new AccessKey pair and account (`qps` limits its server-API calls per second). */
  createAccount({ qps } = {}) {
    return this._call('POST', '/sandbox/v1/accounts', qps === undefined ? {} : { qps }, 'createAccount');
  }

  async _demoKey(key) {
    if (key.accessKeyId && key.accessKeySecret) return key;
    const { account } = await this.info();
    if (!account) throw new Error('no demo account: start the gateway in sandbox mode or pass accessKeyId/accessKeySecret');
    return { accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret };
  }

  /**
   * Calls the server API (Dypnsapi 2017-05-25) as a backend does: a v1 (HMAC-SHA1) signed POST to the base URL.
   * Resolves with the answer's JSON for HTTP 200 (business codes included); rejects with a SandboxError otherwise.
   */
  async callApi(action, params, key = {}) {
    const { accessKeyId, accessKeySecret } = await this._demoKey(key);
    const all = {
      Action: action, Version: API_VERSION, Format: 'JSON', AccessKeyId: accessKeyId,
      SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', SignatureNonce: randomUUID(),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), ...params,
    };
    const canonical = Object.keys(all).sort().map((k) => `${pct(k)}=${pct(String(all[k]))}`).join('&');
    const toSign = `POST&${pct('/')}&${pct(canonical)}`;
    const signature = createHmac('sha1', `${accessKeySecret}&`).update(toSign).digest('base64');
    const res = await fetch(`${this.baseUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${canonical}&Signature=${pct(signature)}`,
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new SandboxError(action, res.status, body);
    return body;
  }

  /**
   * GetAuthToken for a scheme (default: the demo scheme of the base URL's origin, or the one whose Origin is
   * `origin`), with `bizType` 0 (number verification) or 1 (one-click login).
   */
  async getAuthTokens({ bizType = 0, sceneCode, origin, ...key } = {}) {
    let scheme;
    if (sceneCode) {
      scheme = await this.getScheme(sceneCode);
    } else {
      // The gateway stores origins normalised (lower-case host, no default port): compare the same way.
      const want = new URL(origin ?? this.baseUrl).origin;
      scheme = (await this.info()).schemes.find((s) => s.origin === want);
      if (!scheme) throw new Error(`getAuthTokens: no demo scheme for origin ${want}: pass sceneCode (see createScheme)`);
    }
    const body = await this.callApi('GetAuthToken', {
      Url: scheme.url, Origin: scheme.origin, SceneCode: scheme.sceneCode, BizType: String(bizType),
    }, key);
    if (body?.Code !== 'OK') throw new SandboxError('GetAuthToken', 200, body);
    return { accessToken: body.TokenInfo.AccessToken, jwtToken: body.TokenInfo.JwtToken };
  }

  /** VerifyPhoneWithToken: resolves with the answer (`Code`, `GateVerify.VerifyResult` PASS/REJECT). */
  verifyPhoneWithToken(spToken, phoneNumber, key = {}) {
    return this.callApi('VerifyPhoneWithToken', { SpToken: spToken, PhoneNumber: phoneNumber }, key);
  }

  /** GetPhoneWithToken: resolves with the answer (`Code`, `Data.Mobile`, the full number). */
  getPhoneWithToken(spToken, key = {}) {
    return this.callApi('GetPhoneWithToken', { SpToken: spToken }, key);
  }

  /**
   * Attaches `phone` to a Playwright browser context: the `pns_sim` cookie on the gateway's host (the simulated
   * data connection the carriers recognise) and `navigator.connection.type` as the phone's connection.
   * Call before the page loads the SDK.
   */
  async attachPhone(context, phone) {
    const url = new URL(this.baseUrl);
    const hosts = [url.hostname];
    // The two loopback names are different sites to a browser: a page on either should find its SIM.
    if (url.hostname === '127.0.0.1') hosts.push('localhost');
    if (url.hostname === 'localhost') hosts.push('127.0.0.1');
    await context.addCookies(hosts.map((h) => ({
      name: 'pns_sim', value: idOf(phone), url: `${url.protocol}//${h}:${url.port || 80}/`, sameSite: 'Lax',
    })));
    const type = { cellular: 'cellular', wifi: 'wifi', none: 'none' }[phone.connection ?? 'cellular'] ?? 'cellular';
    await context.addInitScript((t) => {
      const connection = {
        type: t, effectiveType: '4g', downlink: 10, rtt: 50, saveData: false,
        addEventListener() {}, removeEventListener() {}, onchange: null,
      };
      Object.defineProperty(Navigator.prototype, 'connection', { configurable: true, get: () => connection });
    }, type);
  }

  /**
   * The SMS inbox of `number` (a phone or its number): the messages the sandbox's SendSmsVerifyCode sent to it,
   * newest first (docs/protocol.md §6).
   */
  async smsInbox(number) {
    const body = await this._call('GET', `/sandbox/v1/sms/inbox/${encodeURIComponent(numberOf(number))}`, undefined, 'smsInbox');
    return body.messages;
  }

  /** The newest code that reached `number` (a phone or its number), or null when none has (yet). */
  async latestSmsCode(number) {
    try {
      const body = await this._call('GET', `/sandbox/v1/sms/inbox/${encodeURIComponent(numberOf(number))}/latest`, undefined, 'latestSmsCode');
      return body.code;
    } catch (e) {
      if (e instanceof SandboxError && e.status === 404 && e.body?.error === 'NO_CODE') return null;
      throw e;
    }
  }

  /** Empties the SMS inbox of `number`, or every inbox without one; resolves with how many messages went. */
  async clearSmsInbox(number) {
    const p = number === undefined ? '/sandbox/v1/sms/inbox' : `/sandbox/v1/sms/inbox/${encodeURIComponent(numberOf(number))}`;
    return (await this._call('DELETE', p, undefined, 'clearSmsInbox')).removed;
  }

  /** SMS delivery to `number`: `none`, `delayed` (with `delayMs`), `failed` or `unreachable`. */
  setSmsFault(number, { mode, delayMs }) {
    const body = delayMs === undefined ? { mode } : { mode, delayMs };
    return this._call('POST', `/sandbox/v1/sms/faults/${encodeURIComponent(numberOf(number))}`, body, 'setSmsFault');
  }
}

function numberOf(phone) {
  const n = typeof phone === 'string' ? phone : phone?.number;
  if (typeof n !== 'string' || !n) throw new TypeError('expected a phone (from createPhone) or its number');
  return n;
}

function idOf(phone) {
  const id = typeof phone === 'string' ? phone : phone?.id;
  if (typeof id !== 'string' || !id) throw new TypeError('expected a phone (from createPhone) or its id');
  return id;
}

/**
 * Starts the sandbox gateway (`--sandbox` unless `config` names a TOML file) on 127.0.0.1 and a free port (or
 * `port`), and resolves once it answers /healthz.
 */
export async function startSandbox({
  port, host = '127.0.0.1', config, args = [], binary = process.env.NUMBERAUTH_SANDBOX_BIN, cwd, timeoutMs = 20_000,
} = {}) {
  const bin = binary || gatewayBinary();
  const p = port ?? await freePort();
  const listen = host.includes(':') ? `[${host}]:${p}` : `${host}:${p}`;
  const full = gatewayArgs([...(config ? ['--config', config] : ['--sandbox']), '--listen', listen, ...args]);
  const publicArg = full.findIndex((a) => a === '--public-url' || a.startsWith('--public-url='));
  const base = publicArg < 0 ? `http://${listen}` : (full[publicArg].split('=')[1] ?? full[publicArg + 1]);
  let output = '';
  const launch = async () => {
    if (output) output += '\n--- restart ---\n';
    const child = spawn(bin, full, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const failed = new Promise((_, reject) => {
      child.once('error', (e) => reject(new Error(`cannot start ${bin}: ${e.message}`)));
      child.once('exit', (code) => reject(new Error(`the gateway exited (${code}):\n${output}`)));
    });
    failed.catch(() => {});
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const up = await Promise.race([
        fetch(`http://${listen}/healthz`).then((r) => r.ok, () => false),
        failed,
      ]);
      if (up) return child;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the gateway did not answer /healthz within ${timeoutMs} ms:\n${output}`);
      }
      await sleep(50);
    }
  };
  const child = await launch();
  return new Sandbox(base, { child, relaunch: launch, output: () => output });
}

/** A sandbox started elsewhere (a CI service, a container, `npx numberauth-sandbox`), at `baseUrl`. */
export function connectSandbox(baseUrl) {
  return new Sandbox(baseUrl);
}

/** The middle four digits (4th to 7th) of an 11-digit number: what a person types on the login page. */
export function middleFour(number) {
  if (!/^1\d{10}$/.test(number)) throw new TypeError(`middleFour: ${JSON.stringify(number)} is not an 11-digit number`);
  return number.slice(3, 7);
}

/**
 * Types the middle four digits of `phone` (a phone, a number, or the four digits) on the SDK's login page, as a
 * person does: taps the first box and types (the page moves the focus).
 */
export async function enterMiddleFour(page, phone) {
  const value = typeof phone === 'string' ? phone : phone?.number;
  const digits = /^\d{4}$/.test(value ?? '') ? value : middleFour(value);
  await page.getByLabel('中间四位第一位').click();
  await page.keyboard.type(digits, { delay: 20 });
}

/**
 * On the SDK's login page: types the middle four digits, ticks the agreement (unless `agree` is false) and
 * presses 登录 (`button` names it when `authPageOption` renamed it).
 */
export async function completeLogin(page, phone, { agree = true, button = '登录' } = {}) {
  await enterMiddleFour(page, phone);
  if (agree) await page.locator('pns-login-page').getByRole('checkbox').check();
  await page.locator('pns-login-page').getByRole('button', { name: button, exact: true }).click();
}
