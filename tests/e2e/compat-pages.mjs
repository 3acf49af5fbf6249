// Compatibility pages modelled on how public integrations of the vendor's H5 SDK are written: each loads the SDK its
// own way and runs the whole flow itself (its backend: the gateway's sample backend at /demo-backend/), and logs its
// outcome ({ verifyResult } or { mobile } or { error }, with a few facts about the page) as `OUTCOME {json}` on the
// console: the test reads it from there, with no evaluation in the page, because Playwright's evaluation needs
// `globalThis`, which the old-engine runs (old-engines.test.mjs) take away. compat-pages.test.mjs serves them under the
// gateway's origin and plays the person (digits, agreement, login button), with the helpers at the end.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDevice, newPhone, NPM_DIR, ROOT, serve, sleep } from './helpers.mjs';
import { loginButton, tickAgreement, typeDigits } from './login-helpers.mjs';

/** What every page's own code has: a POST to its backend, and where it puts the outcome. */
const BACKEND = `
  function backend(path, body) {
    return fetch('/demo-backend/' + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); });
  }
  function finish(o) {
    o.openAtSuccess = window.openAtSuccess;
    o.pagesOpen = document.querySelectorAll('pns-login-page').length;
    o.other = window.other;
    o.scripts = window.scripts;
    console.log('OUTCOME ' + JSON.stringify(o));
  }
  function fail(e) { finish({ error: (e && (e.code || e.message)) || String(e), detail: e && e.detail }); }
`;

/** A page: `head` loads the SDK, `body` is the page's code (plain, ES2017, as pages ship it). */
const page = (head, body, module = false) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>compat</title>${head}</head>
<body><button id="go" type="button">本机号码一键登录</button>
<script${module ? ' type="module"' : ''}>${BACKEND}${body}</script></body></html>`;

/** Number verification in callback style, comparing `code` with `cmp` (a JS expression of `res`). */
const verifyFlow = (make, cmp) => `
  var number = new URLSearchParams(location.search).get('n');
  backend('auth-token', { bizType: 0 }).then(function (tk) {
    var sdk = ${make};
    sdk.checkAuthAvailable({
      accessToken: tk.accessToken, jwtToken: tk.jwtToken, timeout: 10,
      success: function (res) {
        if (!(${cmp})) return fail(res);
        sdk.getVerifyToken({
          success: function (res) {
            if (!(${cmp})) return fail(res);
            backend('verify', { spToken: res.spToken, phoneNumber: number }).then(finish, fail);
          },
          error: fail,
        });
      },
      error: fail,
    });
  }, fail);
`;

/** One-click login in Promise or callback style with `opts` (a JS object literal) and a fresh instance per call. */
const loginFlow = (make, opts, after = '') => `
  backend('auth-token', { bizType: 1 }).then(function (tk) {
    var checker = ${make};
    checker.checkLoginAvailable({
      accessToken: tk.accessToken, jwtToken: tk.jwtToken,
      success: function () {
        var sdk = checker; // pages keep the checked instance for the token step
        sdk.getLoginToken(Object.assign(${opts}, {
          success: function (res) {
            window.openAtSuccess = !!document.querySelector('pns-login-page');
            ${after}
            backend('phone', { spToken: res.spToken }).then(finish, fail);
          },
          error: fail,
        }));
      },
      error: fail,
    });
  }, fail);
`;

export const PAGES = {
  // npm ESM: `import { PhoneNumberServer } from 'aliyun_numberauthsdk_web'` (the package served as-is), `===` on numbers.
  'npm ESM, verification': page('', `import { PhoneNumberServer } from '/sdk/npm/index.js';
${verifyFlow('new PhoneNumberServer()', 'res.code === 600000')}`, true),

  // CommonJS: `const { PhoneNumberServer } = require('aliyun_numberauthsdk_web')`, bundled (the test bundles it with
  // esbuild into /e2e/cjs-bundle.js); `==` against a string, as many pages write it.
  'CommonJS bundle, verification': page('<script src="/e2e/cjs-bundle.js"></script>',
    verifyFlow('new window.CjsSdk.PhoneNumberServer()', "res.code == '600000'")),

  // Dynamic import() with default and global fallbacks; String(code) comparison.
  'dynamic import(), login (full page)': page('', `
  import('/sdk/npm/index.js').then(function (mod) {
    var Server = mod.PhoneNumberServer || (mod.default && mod.default.PhoneNumberServer) || window.PhoneNumberServer;
    ${loginFlow('new Server()', "{ authPageOption: { navText: '一键登录', privacyOne: ['《用户协议》', '/terms'] } }")}
  });`, true),

  // A run-time script loader with a singleton (two callers, one <script>), `timeout` in ms as some pages pass it,
  // Errors from the global, and a new instance per call.
  'script loader singleton, verification (timeout in ms)': page('', `
  var loading;
  function loadSdk() {
    if (window.PhoneNumberServer) return Promise.resolve(window.PhoneNumberServer);
    if (!loading) loading = new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = '/sdk/numberAuth-web-sdk.js';
      s.onload = function () { resolve(window.PhoneNumberServer); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
    return loading;
  }
  Promise.all([loadSdk(), loadSdk()]).then(function (both) {
    window.scripts = document.querySelectorAll('script[src$="numberAuth-web-sdk.js"]').length;
    var Server = both[0];
    var number = new URLSearchParams(location.search).get('n');
    backend('auth-token', { bizType: 0 }).then(function (tk) {
      var sdk = new Server();
      sdk.setUploadEnable(true);
      sdk.checkAuthAvailable({ accessToken: tk.accessToken, jwtToken: tk.jwtToken, timeout: 5000,
        success: function () {
          sdk.getVerifyToken({ timeout: 5000,
            success: function (res) { backend('verify', { spToken: res.spToken, phoneNumber: number }).then(finish, fail); },
            error: function (e) { fail(e.code === window.Errors.ERROR_CHECK_ENV ? { code: 'env' } : e); },
          });
        },
        error: fail,
      });
    }, fail);
  }, fail);`),

  // The script tag, customView as the vendor documents it, a dialog, manualClose: the page closes it itself,
  // several times (as pages do in success and in a finally).
  'script tag, customView, login (dialog, manualClose true)': page('<script src="/sdk/numberAuth-web-sdk.js"></script>',
    loginFlow('new PhoneNumberServer()', `{ authPageOption: {
      isDialog: true, manualClose: true, btnText: '本机号码一键注册', showCustomView: true,
      customView: { element: '<div id="other" onclick="otherWay()">其他方式</div>', style: '#other{color:#36c}', js: 'function otherWay(){ window.other = 1; }' },
    } }`, `
            window.openAtSuccess = !!document.querySelector('pns-login-page');
            window.closeAll = function () { var s = new PhoneNumberServer(); checker.closeLoginPage(); checker.closeLoginPage(); s.closeLoginPage(); };
            window.closeAll();`)),

  // The script tag, full page, manualClose false (the page closes itself), Promise style, closeLoginPage() after.
  'script tag, Promise style, login (full page, manualClose false)': page('<script src="/sdk/numberAuth-web-sdk.js"></script>', `
  backend('auth-token', { bizType: 1 }).then(function (tk) {
    var sdk = new PhoneNumberServer();
    return sdk.checkLoginAvailable({ accessToken: tk.accessToken, jwtToken: tk.jwtToken }).then(function (res) {
      if (String(res.code) !== '600000') throw res;
      return sdk.getLoginToken({ authPageOption: { manualClose: false }, timeout: 3 });
    }).then(function (res) {
      window.openAtSuccess = !!document.querySelector('pns-login-page');
      sdk.closeLoginPage(); sdk.closeLoginPage();
      return backend('phone', { spToken: res.spToken });
    });
  }).then(finish, fail);`),
};

/** The entry the CommonJS page's bundle is built from (`require` of the package's CommonJS file). */
export const CJS_ENTRY = (cjsPath) => `const sdk = require(${JSON.stringify(cjsPath)});\nwindow.CjsSdk = sdk;\n`;

/** The CommonJS page's bundle: esbuild of a `require` of the package's index.cjs, as a bundler would make it. */
function cjsBundle() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pns-cjs-'));
  try {
    const entry = path.join(dir, 'entry.cjs');
    fs.writeFileSync(entry, CJS_ENTRY(path.join(NPM_DIR, 'index.cjs')));
    return execFileSync(path.join(ROOT, 'node_modules/.bin/esbuild'), [entry, '--bundle', '--format=iife', '--log-level=warning'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Opens page `name` on a new phone with its own SIM (`number`, carrier CU) and returns it; `initScript` runs
 * before the page's scripts (old-engines.test.mjs uses it to take globals away).
 */
export async function openCompat(t, env, name, { number, initScript } = {}) {
  const phone = await newPhone(env.browser);
  t.after(() => phone.context.close());
  if (initScript) await phone.page.addInitScript(initScript);
  await createDevice(phone.context, env.gw, { carrier: 'CU', number });
  const base = env.gw.base;
  await serve(phone.page, `${base}/e2e/cjs-bundle.js`, cjsBundle());
  await serve(phone.page, (url) => url.pathname === '/e2e/compat.html', PAGES[name], 'text/html; charset=utf-8');
  await phone.page.goto(`${base}/e2e/compat.html?n=${number}`);
  return phone;
}

/** Waits for the page's outcome on its console (see the top of this file). */
export async function outcome(logs) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const line = logs.find((l) => l.text.startsWith('OUTCOME '));
    if (line) return JSON.parse(line.text.slice('OUTCOME '.length));
    if (Date.now() > deadline) {
      throw new Error(`no outcome after 20 s\npage console:\n${logs.map((l) => `${l.type}: ${l.text}`).join('\n')}`);
    }
    await sleep(100);
  }
}

/** The person on the login page: the middle four digits, the agreement, the button. */
export async function person(page, number, button) {
  await page.locator('pns-login-page').waitFor();
  await typeDigits(page, number.slice(3, 7));
  await tickAgreement(page);
  await loginButton(page, button).click();
}

let counter = 0;
/** A number of its own for each page run (CU, so no number is locked by another test's wrong digits). */
export const compatNumber = () => `1560000${String(1000 + counter++)}`;

/** Runs compat page `name` end to end and checks its outcome (old-engines.test.mjs runs them with `initScript`). */
export async function runCompat(t, env, name, initScript) {
  const number = compatNumber();
  const { page, logs } = await openCompat(t, env, name, { number, initScript });
  if (name.includes('login')) {
    if (name.includes('customView')) await page.locator('#other').click();
    await person(page, number, name.includes('customView') ? '本机号码一键注册' : /登录/);
  }
  const o = await outcome(logs);
  if (name.includes('login')) {
    assert.equal(o.mobile, number, JSON.stringify(o));
    // manualClose true keeps the page until the page closes it (several times); false closes it before success.
    assert.deepEqual([o.openAtSuccess, o.pagesOpen], [name.includes('manualClose true'), 0], JSON.stringify(o));
    if (name.includes('customView')) assert.equal(o.other, 1, 'customView.js\'s function, called by element\'s inline handler');
  } else {
    assert.equal(o.verifyResult, 'PASS', JSON.stringify(o));
  }
  if (name.includes('singleton')) assert.equal(o.scripts, 1, 'one <script> for two loader calls');
  assert.deepEqual(logs.filter((l) => l.type === 'pageerror'), []);
}
