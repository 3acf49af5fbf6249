// @ts-check
// The JS side of PhoneNumberServer. The wasm module (src/, docs/sdk-internals.md) owns every decision; this file
// only loads it (lazily, once), adapts its Promises to the vendor's success/error callbacks (exactly once, always
// asynchronously, a throwing callback caught and logged) and offers Promise mode when no callback is given.
// Nothing here runs at import time beyond defining things, so importing under Node (SSR) never touches `window`.
// Whatever the page passes, a method never throws: options are read once, guarded (snapshot.js), and a browser that
// cannot run the wasm module gets 600008 from every asynchronous call (fallback.js answers the synchronous ones).

// The inlined module first: bundlers place it at the top of the file, so the JS after it stays in one piece.
import wasmText from '@numberauth/wasm-bytes';
import { initSync, PhoneNumberServer as WasmServer } from '@numberauth/glue';
import { ResultCodes } from './codes.js';
import { decode } from './inline-wasm.js';
import { requestId } from './random.js';
import { CONSTRUCTOR, describe, snapshot } from './snapshot.js';
import { VERSION, connectionFallback, envFallback } from './fallback.js';

/** @typedef {import('../index').PhoneNumberServerOptions} PhoneNumberServerOptions */
/** @typedef {import('../index').ErrorPayload} ErrorPayload */
/** @typedef {import('../index').ResultCode} ResultCode */

/** Shim instance → its wasm instance. A WeakMap keeps the prototype and `Object.keys(sdk)` clean. */
/** @type {WeakMap<object, WasmServer>} */
const inners = new WeakMap();
/** Shim instances made when the wasm module could not start → why (the 600008 `detail` of their calls). */
/** @type {WeakMap<object, string>} */
const unstarted = new WeakMap();
/** The instance that last opened a login page: what a detached `closeLoginPage()` closes. */
/** @type {WasmServer | undefined} */
let lastLoginOwner;
/** Options every new instance starts from (the script-tag build fills `endpoint` from `data-endpoint`). */
/** @type {PhoneNumberServerOptions} */
let defaults = {};
let loaded = false;

/** @param {string | undefined} endpoint */
export function setDefaultEndpoint(endpoint) {
  defaults = endpoint ? { endpoint } : {};
}

/**
 * Instantiates the inlined wasm once, on the first `new PhoneNumberServer()` (a failure is retried next time).
 * Returns '' once started, else why it could not start (never throws: the page's fallback must get its 600008).
 * @returns {string}
 */
function load() {
  if (loaded) return '';
  if (typeof WebAssembly !== 'object' || WebAssembly === null) {
    return 'this browser has no WebAssembly (iOS Lockdown Mode, or a WebView with it turned off), which the SDK needs';
  }
  try {
    initSync({ module: decode(wasmText) });
  } catch (e) {
    // A CSP refusal names the policy ('unsafe-eval', Content Security Policy or CSP) in its message; anything else is
    // an engine whose WebAssembly lacks a feature the module uses (reference types: Chrome 96+, Safari 15+).
    return /Content.Security|unsafe-eval|CSP/i.test(describe(e))
      ? `the browser refused to start the SDK's WebAssembly module (${describe(e)}); if the page has a Content-Security-Policy, its script-src must allow 'wasm-unsafe-eval'`
      : `this browser's WebAssembly is too old for the SDK (${describe(e)})`;
  }
  loaded = true;
  return '';
}

/** @param {ResultCode} code @param {string} detail @returns {ErrorPayload} */
function failure(code, detail) {
  return /** @type {ErrorPayload} */ ({ code, msg: ResultCodes[code].msg, requestId: requestId(), detail });
}

/** What the wasm rejected with, as an ErrorPayload; anything unexpected (a trap, a bug) becomes 600010. */
/** @param {unknown} reason @returns {ErrorPayload} */
function toPayload(reason) {
  const r = /** @type {Record<string, unknown> | null} */ (reason);
  if (r && typeof r === 'object' && !(r instanceof Error) && typeof r.code === 'number' && typeof r.msg === 'string') {
    return /** @type {ErrorPayload} */ (/** @type {unknown} */ (r));
  }
  return failure(600010, `unexpected failure inside the SDK: ${String(reason)}`);
}

/** The Error a Promise-mode call rejects with: `code`, `msg`, `requestId`, `detail`, `content` as in the payload. */
export class PhoneNumberServerError extends Error {
  /** @param {ErrorPayload} payload */
  constructor(payload) {
    super(`${payload.code} ${payload.msg}${payload.detail ? `: ${payload.detail}` : ''}`);
    this.name = 'PhoneNumberServerError';
    /** @type {ErrorPayload['code']} */ this.code = payload.code;
    /** @type {string} */ this.msg = payload.msg;
    /** @type {string} */ this.requestId = payload.requestId;
    /** @type {string} */ this.detail = payload.detail;
    /** @type {ErrorPayload['content']} */ this.content = payload.content;
    if (!('content' in payload)) delete this.content;
  }
}

/** @param {unknown} self */
function innerOf(self) {
  const inner = self == null ? undefined : inners.get(/** @type {object} */ (self));
  if (!inner) throw new TypeError('PhoneNumberServer: method called without its instance (use sdk.method(), not a detached copy)');
  return inner;
}

/**
 * Hands `value` to the page's callback, catching and logging what it throws (never turned into a second call).
 * @param {unknown} callback @param {'success' | 'error'} name @param {string} method @param {unknown} value
 */
function deliver(callback, name, method, value) {
  if (typeof callback !== 'function') return;
  try {
    callback(value);
  } catch (thrown) {
    console.error(`PhoneNumberServer.${method}: the page's \`${name}\` callback threw`, thrown);
  }
}

/**
 * Runs one asynchronous method in callback mode (returns undefined) or Promise mode.
 * @param {unknown} self @param {'checkAuthAvailable' | 'checkLoginAvailable' | 'getVerifyToken' | 'getLoginToken'} method
 * @param {unknown} opts
 * @returns {Promise<any> | undefined}
 */
function run(self, method, opts) {
  const snap = snapshot(opts);
  const o = snap.value !== null && typeof snap.value === 'object' ? /** @type {Record<string, unknown>} */ (snap.value) : {};
  const { success, error } = o;
  /** @type {Promise<unknown>} */
  let result;
  const bad = success !== undefined && typeof success !== 'function' ? 'success'
    : error !== undefined && typeof error !== 'function' ? 'error' : '';
  const inner = self == null ? undefined : inners.get(/** @type {object} */ (self));
  const why = self == null ? undefined : unstarted.get(/** @type {object} */ (self));
  if (snap.problem) {
    result = Promise.reject(failure(600028, `${method}: ${snap.problem}`));
  } else if (bad) {
    const payload = failure(600028, `${method}: \`${bad}\` must be a function, got ${typeof o[bad]}`);
    // With `success` a function and `error` not, nothing can be told: say so on the console rather than stay silent.
    if (bad === 'error' && typeof success === 'function') console.error(`PhoneNumberServer.${payload.detail}`, payload);
    result = Promise.reject(payload);
  } else if (why !== undefined) {
    result = Promise.reject(failure(600008, `${method}: ${why}`));
  } else if (!inner) {
    result = Promise.reject(failure(600028, `${method}: called without its PhoneNumberServer instance (\`this\` is ${
      self === null ? 'null' : typeof self}); call it as sdk.${method}(...) on an instance, not as a detached copy`));
  } else {
    try {
      if (method === 'getLoginToken') lastLoginOwner = inner;
      result = Promise.resolve(inner[method](snap.value));
    } catch (thrown) {
      result = Promise.reject(thrown);
    }
  }
  if (typeof success === 'function' || typeof error === 'function') {
    // `.then` never runs its reactions synchronously, and a Promise settles once: exactly one call, always later.
    result.then(
      (value) => deliver(success, 'success', method, value),
      (reason) => deliver(error, 'error', method, toPayload(reason)),
    );
    return undefined;
  }
  return result.then(undefined, (reason) => {
    throw new PhoneNumberServerError(toPayload(reason));
  });
}

/** The vendor's PhoneNumberServer, backed by the wasm module. */
export class PhoneNumberServer {
  /** @param {PhoneNumberServerOptions} [options] */
  constructor(options = undefined) {
    const why = load();
    if (why) {
      // No wasm: an instance all the same, whose asynchronous calls end with 600008 saying why.
      unstarted.set(this, why);
      return;
    }
    const snap = snapshot(options, CONSTRUCTOR);
    if (snap.problem) {
      const payload = failure(600028, `new PhoneNumberServer(options): ${snap.problem}`);
      throw Object.assign(new Error(`600028 ${payload.msg}: ${payload.detail}`), payload);
    }
    let opts = snap.value;
    if (defaults.endpoint !== undefined) {
      if (opts === undefined) opts = Object.assign({}, defaults);
      else if (opts !== null && typeof opts === 'object' && opts.endpoint === undefined) opts = Object.assign({}, defaults, opts);
    }
    inners.set(this, new WasmServer(opts));
  }

  /** @param {boolean} isEnabled */
  setLoggerEnable(isEnabled) {
    if (unstarted.has(this)) return;
    innerOf(this).setLoggerEnable(isEnabled);
  }

  /**
   * The vendor's switch for its usage reports. Accepted and ignored: this SDK sends no telemetry.
   * @param {boolean} isEnabled
   */
  setUploadEnable(isEnabled) {
    void isEnabled;
  }

  /** @returns {string} */
  getVersion() {
    if (unstarted.has(this)) return VERSION;
    return innerOf(this).getVersion();
  }

  /** @returns {'wifi' | 'cellular' | 'unknown'} */
  getConnection() {
    if (unstarted.has(this)) return connectionFallback();
    return innerOf(this).getConnection();
  }

  /** @returns {{ isPc: boolean, isWifi: boolean }} */
  checkEnvAvailable() {
    if (unstarted.has(this)) return envFallback();
    return innerOf(this).checkEnvAvailable();
  }

  /** @param {any} opts @returns {any} */
  checkAuthAvailable(opts) {
    return run(this, 'checkAuthAvailable', opts);
  }

  /** @param {any} [opts] @returns {any} */
  getVerifyToken(opts) {
    return run(this, 'getVerifyToken', opts);
  }

  /** @param {any} opts @returns {any} */
  checkLoginAvailable(opts) {
    return run(this, 'checkLoginAvailable', opts);
  }

  /** @param {any} opts @returns {any} */
  getLoginToken(opts) {
    return run(this, 'getLoginToken', opts);
  }

  /** Removes the login page. Safe any number of times, and as a detached function (`const f = sdk.closeLoginPage`). */
  closeLoginPage() {
    const inner = (this == null ? undefined : inners.get(this)) || lastLoginOwner;
    if (inner) inner.closeLoginPage();
  }
}

// The script-tag build is minified without esbuild's --keep-names (which wraps every function of the bundle in a
// naming call), so the two public classes state their names here.
Object.defineProperty(PhoneNumberServer, 'name', { value: 'PhoneNumberServer' });
Object.defineProperty(PhoneNumberServerError, 'name', { value: 'PhoneNumberServerError' });
