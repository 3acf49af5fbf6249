// The bad-input table: every public method of the script-tag SDK, called with missing, mistyped, empty, huge and
// nonsensical arguments, with non-function callbacks, without its instance, before a check and after
// closeLoginPage. Each row is its own test and states the outcome the contract (shared/spec/sdk-api.md,
// docs/sdk-internals.md) promises:
//   error:    exactly one `error` callback, asynchronous, { code, msg, requestId (UUID v4), detail } with `detail`
//             naming the offending argument; success: exactly one asynchronous `success` callback;
//   none:     callback style whose only callback does not fit the outcome: no call at all (and no stray rejection);
//   rejects:  Promise mode, rejecting with a real Error (PhoneNumberServerError) carrying code/msg/requestId/detail;
//   resolves: Promise mode, resolving to the success payload;
//   returns:  a synchronous return value (deep-equal); throws: a synchronous throw of a real Error.
// Every row also checks that nothing escaped as an uncaught error and that wasm never trapped (a Rust panic shows
// as `RuntimeError: unreachable`).
//
// Rows run in one phone context (a CU SIM on cellular data, so many spTokens stay under CM's daily limit) on one
// harness page (each row makes its own instance; the page is reloaded where a row needs one on which no instance
// was ever made, and after a failed row). In row sources, `S`/`E` are recording success/error callbacks, `TK`/`LTK` tokens of
// BizType 0/1, `MB` a 1 MiB string, `BIGJWT` a 1 MiB JwtToken that still names the gateway, `sdk` the row's instance.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { authTokens, createDevice, NPM_DIR, newPhone, openFixture } from './helpers.mjs';
import { UUID_V4, useGatewayAndBrowser } from './setup.mjs';

const env = useGatewayAndBrowser();
const VERSION = JSON.parse(fs.readFileSync(path.join(NPM_DIR, 'package.json'), 'utf8')).version;

const MSG = {
  600010: '未知异常', 600025: '接入方身份信息校验失败', 600028: '入参错误', 600032: '业务类型错误',
};
const NOT_CHECKED_MSG = '身份校验失败';

// ---------------------------------------------------------------------------------------------------------------
// The table. Fields: `name`, `method` (or 'new' / 'call-without-new'), `args` (JS source of the argument list),
// `self` ('instance' default, or JS source of the `this` for PhoneNumberServer.prototype[method].call),
// `setup` ('fresh' default: one new instance; 'none': no instance ever made on the page; 'verify': after a
// successful checkAuthAvailable; 'login': after a successful checkLoginAvailable; 'closed': after closeLoginPage
// twice; 'closed+verify'), and the expected outcome.
// ---------------------------------------------------------------------------------------------------------------

const rows = [];
const row = (r) => rows.push(r);
const err = (code, detail, msg = MSG[code]) => ({ error: { code, detail, msg } });
const rej = (code, detail, msg = MSG[code]) => ({ rejects: { code, detail, msg } });

// --- constructor ---
for (const [args, outcome, label] of [
  ['', { constructs: true }, 'no options'],
  ['undefined', { constructs: true }, 'undefined'],
  ['null', { constructs: true }, 'null (taken as no options)'],
  ['{}', { constructs: true }, '{}'],
  ['[]', { constructs: true }, '[] (an object without fields)'],
  ['{ logger: false }', { constructs: true }, '{ logger: false }'],
  ["{ endpoint: 'http://127.0.0.1:9/' }", { constructs: true }, 'a valid endpoint with a trailing slash'],
  ["{ endpoint: 'http://' + 'a'.repeat(1 << 20) }", { constructs: true }, 'a 1 MiB endpoint that is still an http URL'],
  ['42', { throws: /options must be an object/ }, '42'],
  ["'str'", { throws: /options must be an object/ }, "'str'"],
  ['true', { throws: /options must be an object/ }, 'true'],
  ['() => {}', { throws: /options must be an object/ }, 'a function'],
  ['{ endpoint: 5 }', { throws: /endpoint must be a string/ }, '{ endpoint: 5 }'],
  ['{ endpoint: {} }', { throws: /endpoint must be a string/ }, '{ endpoint: {} }'],
  ["{ endpoint: 'ftp://x' }", { throws: /endpoint must be an absolute http\(s\) URL/ }, "{ endpoint: 'ftp://x' }"],
  ["{ endpoint: '' }", { throws: /endpoint must be an absolute http\(s\) URL/ }, "{ endpoint: '' }"],
  ["{ endpoint: 'not a url' }", { throws: /endpoint must be an absolute http\(s\) URL/ }, "{ endpoint: 'not a url' }"],
  ["{ endpoint: 'http://' }", { throws: /endpoint/ }, "{ endpoint: 'http://' } (no host)"],
  ["{ endpoint: 'https://user:pw@gw.example' }", { throws: /endpoint/ }, 'an endpoint with credentials'],
  ["{ endpoint: 'https://gw.example/?q=1' }", { throws: /endpoint/ }, 'an endpoint with a query'],
  ['{ endpoint: MB }', { throws: /endpoint must be an absolute http\(s\) URL/ }, '{ endpoint: 1 MiB of "a" }'],
  ["{ logger: 'yes' }", { throws: /logger must be a boolean/ }, "{ logger: 'yes' }"],
  ['{ logger: 1 }', { throws: /logger must be a boolean/ }, '{ logger: 1 }'],
]) row({ name: `new PhoneNumberServer(${label})`, method: 'new', args, setup: 'none', ...outcome });
row({ name: 'PhoneNumberServer() without new: TypeError', method: 'call-without-new', args: '', setup: 'none',
  throws: /new/, throwsName: 'TypeError' });

// --- setLoggerEnable: any value, returns undefined, never throws ---
for (const v of ['true', 'false', '', 'undefined', 'null', '0', '1', 'NaN', "''", "'no'", '{}', '[]', '() => {}',
  "Symbol('s')", '10n', 'MB', 'true, 1, 2']) {
  row({ name: `setLoggerEnable(${v === 'MB' ? '1 MiB string' : v})`, method: 'setLoggerEnable', args: v, returns: undefined });
}

// --- getVersion / getConnection / checkEnvAvailable: extra arguments ignored, exact shapes ---
for (const args of ['', "1, 'x', {}", 'null', 'MB']) {
  const label = args === 'MB' ? '1 MiB string' : args;
  row({ name: `getVersion(${label}) returns the version string`, method: 'getVersion', args, returns: VERSION });
  row({ name: `getConnection(${label}) returns 'cellular'`, method: 'getConnection', args, returns: 'cellular' });
  row({ name: `checkEnvAvailable(${label}) returns exactly { isPc, isWifi }`, method: 'checkEnvAvailable', args,
    returns: { isPc: false, isWifi: false } });
}

// --- checkAuthAvailable / checkLoginAvailable ---
for (const [method, T, other] of [['checkAuthAvailable', 'TK', 'LTK'], ['checkLoginAvailable', 'LTK', 'TK']]) {
  const r = (name, args, outcome) => row({ name: `${method}: ${name}`, method, args, ...outcome });
  const ok = (extra) => `{ ...${T}, ${extra} }`;
  // the options object itself (Promise mode: there is nowhere to put callbacks)
  r('no argument → rejects 600028 (accessToken missing)', '', rej(600028, /accessToken is missing/));
  r('undefined → rejects 600028', 'undefined', rej(600028, /accessToken is missing/));
  r('null → rejects 600028 (accessToken missing)', 'null', rej(600028, /accessToken is missing/));
  r('42 → rejects 600028 (not an options object)', '42', rej(600028, /argument must be an options object.*number/));
  r("'str' → rejects 600028", "'str'", rej(600028, /argument must be an options object.*string/));
  r('a function → rejects 600028', '() => {}', rej(600028, /argument must be an options object.*function/));
  r('[] → rejects 600028 (accessToken missing)', '[]', rej(600028, /accessToken is missing/));
  r('{} → rejects 600028 (accessToken missing)', '{}', rej(600028, /accessToken is missing/));
  // the tokens
  r('callbacks only → 600028 accessToken missing', '{ success: S, error: E }', err(600028, /accessToken is missing/));
  r('missing accessToken', `{ jwtToken: ${T}.jwtToken, success: S, error: E }`, err(600028, /accessToken is missing/));
  r('missing jwtToken', `{ accessToken: ${T}.accessToken, success: S, error: E }`, err(600028, /jwtToken is missing/));
  r('accessToken null', ok('accessToken: null, success: S, error: E'), err(600028, /accessToken is missing/));
  r("accessToken ''", ok("accessToken: '', success: S, error: E"), err(600028, /accessToken is empty/));
  r("jwtToken ''", ok("jwtToken: '', success: S, error: E"), err(600028, /jwtToken is empty/));
  r('accessToken of spaces', ok("accessToken: '   ', success: S, error: E"), err(600028, /accessToken is empty/));
  r('accessToken a number', ok('accessToken: 12345, success: S, error: E'), err(600028, /accessToken must be a string.*number/));
  r('jwtToken a number', ok('jwtToken: 12345, success: S, error: E'), err(600028, /jwtToken must be a string.*number/));
  r('accessToken an object', ok('accessToken: {}, success: S, error: E'), err(600028, /accessToken must be a string.*object/));
  r('jwtToken an object', ok('jwtToken: { toString: () => "x" }, success: S, error: E'), err(600028, /jwtToken must be a string.*object/));
  r('accessToken true', ok('accessToken: true, success: S, error: E'), err(600028, /accessToken must be a string.*boolean/));
  r('accessToken a throwing getter', `{ jwtToken: ${T}.jwtToken, get accessToken() { throw new Error('getter'); }, success: S, error: E }`,
    err(600028, /accessToken/));
  r('accessToken of 1 MiB (with a valid jwtToken)', ok('accessToken: MB, success: S, error: E'), err(600028, /accessToken is too long/));
  r('jwtToken of 1 MiB that is not a JWT', ok('jwtToken: MB, success: S, error: E'), err(600028, /jwtToken is too long/));
  r('jwtToken of 1 MiB that names the gateway', ok('jwtToken: BIGJWT, success: S, error: E'), err(600028, /jwtToken is too long/));
  r('both tokens of 1 MiB → accessToken named first', ok('accessToken: MB, jwtToken: MB, success: S, error: E'), err(600028, /accessToken is too long/));
  r('jwtToken not a JWT', ok("jwtToken: 'abc', success: S, error: E"), err(600025, /jwtToken is not a JWT/));
  r(`tokens of the other business type (${other})`, `{ ...${other}, success: S, error: E }`, err(600032, /./));
  // timeout
  for (const [t, why] of [['-1', /positive/], ['0', /positive/], ['NaN', /positive/], ['Infinity', /positive/],
    ['-Infinity', /positive/], ["'10'", /not a string/], ['{}', /not a object/], ['true', /not a boolean/]]) {
    r(`timeout ${t} → 600028 naming timeout`, ok(`timeout: ${t}, success: S, error: E`), err(600028, new RegExp(`timeout .*${why.source}`)));
  }
  r('timeout null → the default, succeeds', ok('timeout: null, success: S, error: E'), { success: true });
  r('timeout 1e9 (taken as ms, clamped) → succeeds', ok('timeout: 1e9, success: S, error: E'), { success: true });
  r('timeout 0.5 → succeeds', ok('timeout: 0.5, success: S, error: E'), { success: true });
  r('legacy phoneNumber and unknown fields are ignored', ok("phoneNumber: {}, foo: 1, success: S, error: E"), { success: true });
  // callbacks: success path
  r('valid, only success → one success', ok('success: S'), { success: true });
  r('valid, only error → no call', ok('error: E'), { none: true });
  r('valid, both → one success', ok('success: S, error: E'), { success: true });
  r('valid, neither → resolves', T, { resolves: true });
  // callbacks: failure path
  r('invalid, only success → no call', '{ success: S }', { none: true });
  r('invalid, only error → one error', '{ error: E }', err(600028, /accessToken/));
  r('invalid, neither → rejects', "{ accessToken: '' }", rej(600028, /accessToken is empty/));
  // non-function callbacks
  for (const v of ["'x'", '1', '{}', 'null']) {
    r(`success ${v} with error a function → one error naming success`, ok(`success: ${v}, error: E`), err(600028, /`success` must be a function/));
  }
  for (const v of ["'x'", '1', '{}']) {
    r(`success ${v} alone → rejects naming success`, ok(`success: ${v}`), rej(600028, /`success` must be a function/));
    r(`error ${v} alone → rejects naming error`, ok(`error: ${v}`), rej(600028, /`error` must be a function/));
    r(`error ${v} with success a function → no call, and the mistake is logged`, ok(`success: S, error: ${v}`),
      { none: true, logs: /`error` must be a function/ });
  }
  r("success 'x' and error 'y' → rejects naming success", ok("success: 'x', error: 'y'"), rej(600028, /`success` must be a function/));
}

// --- getVerifyToken ---
{
  const m = 'getVerifyToken';
  const r = (name, args, outcome, setup = 'verify') => row({ name: `${m}: ${name}`, method: m, args, setup, ...outcome });
  const nc = (code, detail) => err(code, detail, NOT_CHECKED_MSG);
  r('before any check, callbacks → 600025', '{ success: S, error: E }', nc(600025, /before checkAuthAvailable/), 'fresh');
  r('before any check, no argument → rejects 600025', '', rej(600025, /before checkAuthAvailable/, NOT_CHECKED_MSG), 'fresh');
  r('before any check, null → rejects 600025', 'null', rej(600025, /before checkAuthAvailable/, NOT_CHECKED_MSG), 'fresh');
  r('after checkLoginAvailable only → 600025', '{ success: S, error: E }', nc(600025, /before checkAuthAvailable/), 'login');
  r('after a failed check → 600025', '{ success: S, error: E }', nc(600025, /before checkAuthAvailable/), 'failed-verify');
  r('before any check, only success → no call', '{ success: S }', { none: true }, 'fresh');
  r('before any check, only error → one error', '{ error: E }', nc(600025, /before checkAuthAvailable/), 'fresh');
  r('before any check, 42 → 600028 first (options before state)', '42', rej(600028, /argument must be an options object/), 'fresh');
  r('before any check, bad timeout → 600028 first', '{ timeout: -1, success: S, error: E }', err(600028, /timeout/), 'fresh');
  r('no argument → resolves', '', { resolves: true });
  r('undefined → resolves', 'undefined', { resolves: true });
  r('null → resolves', 'null', { resolves: true });
  r('{} → resolves', '{}', { resolves: true });
  r('[] → resolves', '[]', { resolves: true });
  r('42 → rejects 600028', '42', rej(600028, /argument must be an options object.*number/));
  r("'str' → rejects 600028", "'str'", rej(600028, /argument must be an options object.*string/));
  r('1 MiB string → rejects 600028', 'MB', rej(600028, /argument must be an options object.*string/));
  for (const [t, why] of [['-1', /positive/], ['0', /positive/], ['NaN', /positive/], ['Infinity', /positive/],
    ["'10'", /not a string/], ['{}', /not a object/], ['MB', /not a string/]]) {
    r(`timeout ${t === 'MB' ? '1 MiB string' : t} → 600028 naming timeout`, `{ timeout: ${t}, success: S, error: E }`,
      err(600028, new RegExp(`timeout .*${why.source}`)));
  }
  r('timeout 1e9 → succeeds', '{ timeout: 1e9, success: S, error: E }', { success: true });
  r('unknown fields ignored → succeeds', '{ accessToken: 1, foo: MB, success: S, error: E }', { success: true });
  r('only success → one success', '{ success: S }', { success: true });
  r('only error, success path → no call', '{ error: E }', { none: true });
  r('both → one success', '{ success: S, error: E }', { success: true });
  for (const v of ["'x'", '1', '{}']) {
    r(`success ${v} with error a function → one error naming success`, `{ success: ${v}, error: E }`, err(600028, /`success` must be a function/));
    r(`success ${v} alone → rejects naming success`, `{ success: ${v} }`, rej(600028, /`success` must be a function/));
    r(`error ${v} with success a function → no call, and the mistake is logged`, `{ success: S, error: ${v} }`,
      { none: true, logs: /`error` must be a function/ });
  }
}

// --- getLoginToken (this build: validation and the state check; the login page itself is not here yet) ---
{
  const m = 'getLoginToken';
  const r = (name, args, outcome, setup = 'fresh') => row({ name: `${m}: ${name}`, method: m, args, setup, ...outcome });
  const nc = err(600025, /before checkLoginAvailable/, NOT_CHECKED_MSG);
  const ncp = rej(600025, /before checkLoginAvailable/, NOT_CHECKED_MSG);
  r('before any check, callbacks → 600025', '{ success: S, error: E }', nc);
  r('before any check, no argument → rejects 600025', '', ncp);
  r('undefined → rejects 600025', 'undefined', ncp);
  r('null → rejects 600025', 'null', ncp);
  r('{} → rejects 600025', '{}', ncp);
  r('[] → rejects 600025', '[]', ncp);
  r('after checkAuthAvailable only → 600025', '{ success: S, error: E }', nc, 'verify');
  r('42 → rejects 600028', '42', rej(600028, /argument must be an options object.*number/));
  r("'str' → rejects 600028", "'str'", rej(600028, /argument must be an options object.*string/));
  for (const [t, why] of [['-1', /positive/], ['0', /positive/], ['NaN', /positive/], ['Infinity', /positive/],
    ["'10'", /not a string/], ['{}', /not a object/]]) {
    r(`timeout ${t} → 600028 naming timeout`, `{ timeout: ${t}, success: S, error: E }`, err(600028, new RegExp(`timeout .*${why.source}`)));
  }
  r('timeout 1e9 → accepted (then 600025 before a check)', '{ timeout: 1e9, success: S, error: E }', nc);
  r('only success, before a check → no call', '{ success: S }', { none: true });
  r('only error, before a check → one error', '{ error: E }', nc);
  r("success 'x' with error a function → one error naming success", "{ success: 'x', error: E }", err(600028, /`success` must be a function/));
  r('error 1 with success a function → no call, and the mistake is logged', '{ success: S, error: 1 }',
    { none: true, logs: /`error` must be a function/ });
  r("success {} alone → rejects naming success", '{ success: {} }', rej(600028, /`success` must be a function/));
  // Options come before state: a malformed authPageOption is 600028 even before a check (watch 'x' is ignored).
  r("watch 'x', authPageOption 5 → 600028 naming authPageOption",
    "{ watch: 'x', authPageOption: 5, success: S, error: E }", err(600028, /authPageOption/));
}

// --- closeLoginPage ---
for (const [name, args, setup] of [
  ['on a fresh instance', '', 'fresh'],
  ['with arguments', "42, 'x', null", 'fresh'],
  ['after closing twice already', '', 'closed'],
  ['after a successful checkLoginAvailable', '', 'login'],
]) row({ name: `closeLoginPage ${name} → undefined`, method: 'closeLoginPage', args, setup, returns: undefined });
row({ name: 'closeLoginPage detached (const f = sdk.closeLoginPage; f(); f(); f()) → undefined', method: 'closeLoginPage',
  args: '', setup: 'fresh', detached: true, returns: undefined });

// --- calls after closeLoginPage ---
row({ name: 'after closeLoginPage: checkAuthAvailable still succeeds', method: 'checkAuthAvailable', setup: 'closed',
  args: '{ ...TK, success: S, error: E }', success: true });
row({ name: 'after closeLoginPage: getVerifyToken after a check still succeeds', method: 'getVerifyToken',
  setup: 'closed+verify', args: '{ success: S, error: E }', success: true });
row({ name: 'after closeLoginPage: getVerifyToken without a check → 600025', method: 'getVerifyToken', setup: 'closed',
  args: '{ success: S, error: E }', ...err(600025, /before checkAuthAvailable/, NOT_CHECKED_MSG) });
row({ name: 'after closeLoginPage: getLoginToken → 600025', method: 'getLoginToken', setup: 'closed',
  args: '{ success: S, error: E }', ...err(600025, /before checkLoginAvailable/, NOT_CHECKED_MSG) });
row({ name: 'after closeLoginPage: getLoginToken bad timeout → 600028', method: 'getLoginToken', setup: 'closed',
  args: "{ timeout: 'soon', success: S, error: E }", ...err(600028, /timeout/) });
row({ name: 'after closeLoginPage: getVersion', method: 'getVersion', setup: 'closed', args: '', returns: VERSION });

// --- without an instance: PhoneNumberServer.prototype.x.call({}) / .call(null), also before any instance exists ---
for (const [self, setup] of [['{}', 'fresh'], ['null', 'fresh'], ['undefined', 'none'], ['{}', 'none']]) {
  const when = setup === 'none' ? ', before any instance exists' : '';
  const r = (method, args, outcome) => row({ name: `prototype.${method}.call(${self})${when}`, method, self, setup, args, ...outcome });
  for (const m of ['getVersion', 'getConnection', 'checkEnvAvailable', 'setLoggerEnable']) {
    r(m, '', { throws: /without its (PhoneNumberServer )?instance/, throwsName: 'TypeError' });
  }
  r('closeLoginPage', '', { returns: undefined });
  for (const m of ['checkAuthAvailable', 'checkLoginAvailable']) {
    r(m, `{ ...${m === 'checkAuthAvailable' ? 'TK' : 'LTK'}, success: S, error: E }`,
      err(600028, /without its (PhoneNumberServer )?instance/));
  }
  r('getVerifyToken', '{ success: S, error: E }', err(600028, /without its (PhoneNumberServer )?instance/));
  r('getLoginToken', '{ success: S, error: E }', err(600028, /without its (PhoneNumberServer )?instance/));
}
row({ name: 'prototype.getVerifyToken.call({}) in Promise mode → rejects 600028', method: 'getVerifyToken', self: '{}',
  args: '', ...rej(600028, /without its (PhoneNumberServer )?instance/) });
row({ name: 'prototype.checkAuthAvailable.call(null, TK) in Promise mode → rejects 600028', method: 'checkAuthAvailable',
  self: 'null', args: 'TK', ...rej(600028, /without its (PhoneNumberServer )?instance/) });
row({ name: 'a detached copy (const f = sdk.getVerifyToken; f({ success, error })) → 600028', method: 'getVerifyToken',
  detached: true, args: '{ success: S, error: E }', ...err(600028, /without its (PhoneNumberServer )?instance/) });

// ---------------------------------------------------------------------------------------------------------------
// The runner (runs in the page): sets the row up, makes the call, records every callback (with whether it came
// before the method returned), the return value, a synchronous throw, and how a returned Promise settled.
// ---------------------------------------------------------------------------------------------------------------

async function runRow({ r, TK, LTK, bigJwt }) {
  const clone = (v) => (v === undefined ? { undef: true } : JSON.parse(JSON.stringify(v)));
  const describe = (e) => ({
    isError: e instanceof Error, name: e?.name, message: e?.message, code: e?.code, msg: e?.msg,
    requestId: e?.requestId, detail: e?.detail,
  });
  if (!window.unhandledSeen) {
    window.unhandledSeen = [];
    window.addEventListener('unhandledrejection', (ev) => window.unhandledSeen.push(String(ev.reason)));
  }
  const unhandled = window.unhandledSeen;
  unhandled.length = 0;
  const MB = r.args.includes('MB') ? 'a'.repeat(1 << 20) : undefined;
  const PNS = window.PhoneNumberServer;
  let sdk;
  const setup = r.setup || 'fresh';
  if (setup !== 'none') {
    sdk = new PNS();
    if (setup === 'closed' || setup === 'closed+verify') { sdk.closeLoginPage(); sdk.closeLoginPage(); }
    if (setup === 'verify' || setup === 'closed+verify') await sdk.checkAuthAvailable(TK);
    if (setup === 'login') await sdk.checkLoginAvailable(LTK);
    if (setup === 'failed-verify') {
      await sdk.checkAuthAvailable(TK);
      await sdk.checkAuthAvailable({ ...TK, accessToken: 'at1.broken.x' }).catch(() => {});
    }
  }
  const calls = [];
  let inCall = true;
  let first;
  const firstCall = new Promise((resolve) => { first = resolve; });
  const rec = (kind) => (payload) => { calls.push({ kind, sync: inCall, payload: clone(payload) }); first(); };
  const S = rec('success');
  const E = rec('error');
  // eslint-disable-next-line no-new-func
  const args = new Function('S', 'E', 'TK', 'LTK', 'MB', 'BIGJWT', 'sdk', `return [${r.args}];`)(S, E, TK, LTK, MB, bigJwt, sdk);
  const out = { calls };
  let returned;
  try {
    if (r.method === 'new') returned = new PNS(...args);
    else if (r.method === 'call-without-new') returned = PNS(...args);
    else if (r.detached) {
      const f = sdk[r.method];
      returned = f(...args);
      if (r.method === 'closeLoginPage') { f(); f(); }
    } else if (r.self !== undefined) {
      // eslint-disable-next-line no-new-func
      const self = new Function(`return ${r.self};`)();
      returned = PNS.prototype[r.method].call(self, ...args);
    } else returned = sdk[r.method](...args);
  } catch (e) {
    out.threw = describe(e);
  }
  inCall = false;
  if (r.method === 'new') {
    out.constructed = returned instanceof PNS;
    returned = undefined;
  }
  out.isPromise = !!returned && typeof returned.then === 'function';
  if (out.isPromise) {
    const settled = await Promise.race([
      returned.then((v) => ({ ok: true, value: clone(v) }), (e) => ({ ok: false, error: describe(e) })),
      new Promise((resolve) => setTimeout(() => resolve({ hung: true }), 10_000)),
    ]);
    out.settled = settled;
    await new Promise((resolve) => setTimeout(resolve, 30)); // a stray callback or unhandled rejection would show
  } else {
    out.returned = clone(returned);
    const settleMs = r.none ? 400 : r.error || r.success ? 150 : 30;
    if (r.error || r.success) {
      await Promise.race([firstCall, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  }
  out.unhandled = [...unhandled];
  return out;
}

/** A JwtToken of about 1 MiB whose `iss` still names the gateway (so it passes the SDK's own parsing). */
function bigJwtFor(jwt) {
  const [h, p, s] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  claims.pad = 'x'.repeat(1 << 20);
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
}

const shared = { phone: null, url: null, pristine: false, dirty: false };

let ready;
/** The shared phone, made on first use (after useGatewayAndBrowser's `before` has started the gateway). */
const sharedPhone = () => (ready ??= (async () => {
  const phone = await newPhone(env.browser);
  await createDevice(phone.context, env.gw, { carrier: 'CU', number: '18600000001' });
  await openFixture(phone.page, env.gw, 'harness.html');
  shared.url = phone.page.url();
  shared.phone = phone;
  shared.pristine = true;
})());

const TRAP = /unreachable|RuntimeError|panicked/i;

for (const r of rows) {
  test(r.name, async () => {
    await sharedPhone();
    const { page, logs } = shared.phone;
    // Rows share one page (each makes its own instance); a fresh load only where a row needs a page on which no
    // instance was ever made, and after a failed row (a trap could have poisoned the wasm module).
    if ((r.setup === 'none' && !shared.pristine) || shared.dirty) {
      await page.goto(shared.url);
      await page.waitForFunction(() => window.harnessReady === true);
    }
    shared.pristine = false;
    shared.dirty = true; // until the row has passed
    const plain = {
      method: r.method, args: r.args, self: r.self, setup: r.setup, detached: r.detached,
      none: !!r.none, error: !!r.error, success: !!r.success,
    };
    const from = logs.length;
    // Fresh tokens for each row: the gateway allows a limited number of identity checks per AccessToken
    // (MAX_CHECKS_PER_ACCESS_TOKEN), as a page's backend hands out new tokens per visit.
    const TK = await authTokens(shared.phone.context, env.gw, { bizType: 0 });
    const LTK = await authTokens(shared.phone.context, env.gw, { bizType: 1 });
    const bigJwt = r.args.includes('BIGJWT') ? bigJwtFor(TK.jwtToken) : undefined;
    const out = await page.evaluate(runRow, { r: plain, TK, LTK, bigJwt });
    const rowLogs = logs.slice(from);
    const where = `\n  outcome: ${JSON.stringify(out).slice(0, 1500)}\n  console: ${JSON.stringify(rowLogs).slice(0, 1500)}`;

    expectOutcome(r, out, rowLogs, where);
    shared.dirty = false;
  });
}

/** The row's expected outcome, asserted on what the page recorded. */
function expectOutcome(r, out, rowLogs, where) {
  // Never a trap in wasm, never an uncaught error.
  assert.ok(!rowLogs.some((l) => TRAP.test(l.text)), `wasm trapped or panicked${where}`);
  assert.ok(!rowLogs.some((l) => l.type === 'pageerror'), `an uncaught error escaped${where}`);
  assert.deepEqual(out.unhandled, [], `no unhandled rejection${where}`);

  if (r.throws) {
    assert.ok(out.threw, `expected a synchronous throw${where}`);
    assert.equal(out.threw.isError, true, `a real Error${where}`);
    if (r.throwsName) assert.equal(out.threw.name, r.throwsName, where);
    assert.match(out.threw.message, r.throws, where);
    if (r.method === 'new') {
      assert.equal(out.threw.code, 600028, where);
      assert.equal(out.threw.msg, MSG[600028], where);
      assert.equal(out.threw.detail, out.threw.message, where);
    }
    return;
  }
  assert.equal(out.threw, undefined, `no synchronous throw${where}`);

  if (r.constructs) {
    assert.equal(out.constructed, true, where);
    return;
  }
  if ('returns' in r) {
    assert.equal(out.isPromise, false, where);
    assert.deepEqual(out.returned, r.returns === undefined ? { undef: true } : r.returns, where);
    assert.equal(out.calls.length, 0, where);
    return;
  }
  if (r.rejects || r.resolves) {
    assert.equal(out.isPromise, true, `Promise mode returns a Promise${where}`);
    assert.ok(!out.settled.hung, `the Promise settled within 10 s${where}`);
    assert.equal(out.calls.length, 0, where);
    if (r.resolves) {
      assert.equal(out.settled.ok, true, `resolves${where}`);
      assert.equal(out.settled.value.code, 600000, where);
      assert.match(out.settled.value.requestId, UUID_V4, where);
      return;
    }
    assert.equal(out.settled.ok, false, `rejects${where}`);
    const e = out.settled.error;
    assert.equal(e.isError, true, `rejects with a real Error${where}`);
    assert.equal(e.name, 'PhoneNumberServerError', where);
    assert.equal(e.code, r.rejects.code, where);
    assert.equal(e.msg, r.rejects.msg, where);
    assert.match(e.requestId, UUID_V4, where);
    assert.equal(typeof e.detail, 'string', where);
    assert.match(e.detail, r.rejects.detail, where);
    assert.equal(e.message, `${e.code} ${e.msg}: ${e.detail}`, where);
    return;
  }
  // Callback style.
  assert.equal(out.isPromise, false, `callback style returns undefined${where}`);
  assert.deepEqual(out.returned, { undef: true }, `callback style returns undefined${where}`);
  if (r.none) {
    assert.equal(out.calls.length, 0, `no callback fits, so none is called${where}`);
    if (r.logs) assert.ok(rowLogs.some((l) => r.logs.test(l.text)), `the mistake is logged${where}`);
    return;
  }
  assert.equal(out.calls.length, 1, `exactly one callback${where}`);
  const [c] = out.calls;
  assert.equal(c.sync, false, `the callback came asynchronously${where}`);
  if (r.success) {
    assert.equal(c.kind, 'success', where);
    assert.equal(c.payload.code, 600000, where);
    assert.match(c.payload.requestId, UUID_V4, where);
    if (r.method === 'getVerifyToken') assert.match(c.payload.spToken, /^sp1\./, where);
    return;
  }
  assert.equal(c.kind, 'error', where);
  const p = c.payload;
  assert.equal(p.code, r.error.code, where);
  assert.equal(p.msg, r.error.msg, where);
  assert.match(p.requestId, UUID_V4, where);
  assert.equal(typeof p.detail, 'string', where);
  assert.match(p.detail, r.error.detail, where);
}
