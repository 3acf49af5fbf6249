// Packaging smoke test: `npm pack` dist/npm, install the tarball into a throwaway app under the vendor's name
// (what the npm alias does), type-check and bundle the app with esbuild, load it in headless Chromium from the
// gateway's origin, and complete one number verification.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { authTokens, createDevice, newPhone, NPM_DIR, ROOT, serve } from './helpers.mjs';
import { useGatewayAndBrowser } from './setup.mjs';

const env = useGatewayAndBrowser();
const BIN = path.join(ROOT, 'node_modules/.bin');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('npm pack → install → tsc → esbuild → one verification in Chromium', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pns-pack-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const packed = JSON.parse(run('npm', ['pack', NPM_DIR, '--json', '--pack-destination', dir], dir))[0];
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'CHANGELOG.md', 'LICENSE', 'README.md', 'README.zh-CN.md', 'index.cjs', 'index.cjs.map', 'index.d.cts', 'index.d.ts',
    'index.js', 'index.js.map', 'numberAuth-web-sdk.d.ts', 'numberAuth-web-sdk.js', 'numberAuth-web-sdk.js.map', 'package.json',
  ]);
  const tarball = path.join(dir, packed.filename);

  const app = path.join(dir, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'throwaway-app', private: true, type: 'module' }));
  // Installed under the vendor's package name, as `"aliyun_numberauthsdk_web": "npm:numberauth-web@^1"` would.
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', `aliyun_numberauthsdk_web@file:${tarball}`], app);
  const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules/aliyun_numberauthsdk_web/package.json'), 'utf8'));
  assert.equal(installed.name, 'numberauth-web');

  // The page's code, unchanged from a vendor integration (plus the Promise style), in TypeScript.
  fs.writeFileSync(path.join(app, 'main.ts'), `
import { PhoneNumberServer, type VerifyTokenSuccess } from 'aliyun_numberauthsdk_web';

declare global { interface Window { runVerification(t: { accessToken: string; jwtToken: string }): Promise<string>; } }

window.runVerification = (tokens) => new Promise<string>((resolve, reject) => {
  const sdk = new PhoneNumberServer();
  sdk.checkAuthAvailable({
    ...tokens,
    success: () => {
      sdk.getVerifyToken({
        success: (res: VerifyTokenSuccess) => resolve(res.spToken),
        error: (err) => reject(new Error(err.code + ' ' + err.detail)),
      });
    },
    error: (err) => reject(new Error(err.code + ' ' + err.detail)),
  });
});
`);
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'es2020', module: 'esnext', moduleResolution: 'bundler', lib: ['es2020', 'dom'], strict: true, noEmit: true, types: [] },
    files: ['main.ts'],
  }));
  run(path.join(BIN, 'tsc'), ['-p', '.'], app);
  run(path.join(BIN, 'esbuild'), ['main.ts', '--bundle', '--minify', '--format=esm', '--outfile=out/app.js', '--log-level=warning'], app);
  const bundle = fs.readFileSync(path.join(app, 'out/app.js'), 'utf8');

  const { page, context } = await newPhone(env.browser);
  t.after(() => context.close());
  await createDevice(context, env.gw, { carrier: 'CT', number: '18912345678' });
  const tokens = await authTokens(context, env.gw);
  const origin = env.gw.base;
  await serve(page, `${origin}/e2e/app/index.html`, '<!doctype html><meta charset=utf-8><script type=module src="app.js"></script>', 'text/html');
  await serve(page, `${origin}/e2e/app/app.js`, bundle);
  await page.goto(`${origin}/e2e/app/index.html`);
  await page.waitForFunction(() => typeof window.runVerification === 'function');
  const spToken = await page.evaluate((tk) => window.runVerification(tk), tokens);
  const res = await context.request.post(`${origin}/demo-backend/verify`, { data: { spToken, phoneNumber: '18912345678' } });
  assert.equal((await res.json()).verifyResult, 'PASS');
});

/** The browser-support section of a README (from its heading to the next). */
const supportTable = (file) => {
  const text = fs.readFileSync(file, 'utf8');
  const from = text.indexOf('## Browser support');
  assert.ok(from >= 0, `${file} has a Browser support section`);
  return text.slice(from).split('\n## ')[0].split('\n\nMIT')[0].split('\n\nThe SDK\'s package README')[0].trim();
};

test('the browser-support table is the same in both READMEs', () => {
  assert.equal(supportTable(path.join(ROOT, 'README.md')), supportTable(path.join(ROOT, 'pkg-template/README.md')));
});

test('the script-tag file: a bundled side-effect import is kept, and its globals type-check in a TS page', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pns-globals-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const packed = JSON.parse(run('npm', ['pack', NPM_DIR, '--json', '--pack-destination', dir], dir))[0];
  const app = path.join(dir, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'globals-app', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', `numberauth-web@file:${path.join(dir, packed.filename)}`], app);
  // A page that imports the script for its globals and uses them, typed by numberAuth-web-sdk.d.ts.
  fs.writeFileSync(path.join(app, 'main.ts'), `
import 'numberauth-web/numberAuth-web-sdk.js';

declare global { interface Window { globalsReady: { version: string; timeout: number } } }
const sdk = new window.PhoneNumberServer();
sdk.setUploadEnable(false);
window.globalsReady = { version: sdk.getVersion(), timeout: window.Errors.ERROR_TIMEOUT };
`);
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'es2017', module: 'esnext', moduleResolution: 'bundler', lib: ['es2017', 'dom'], strict: true, noEmit: true, types: [] },
    files: ['main.ts'],
  }));
  run(path.join(BIN, 'tsc'), ['-p', '.'], app);
  // esbuild warns when it would drop an import of a file the package declares free of side effects: none here.
  const built = spawnSync(path.join(BIN, 'esbuild'), ['main.ts', '--bundle', '--format=iife', '--outfile=out/app.js'], {
    cwd: app, encoding: 'utf8',
  });
  assert.equal(built.status, 0, built.stderr);
  assert.doesNotMatch(built.stderr, /side effects|ignored-bare-import/, built.stderr);
  const bundle = fs.readFileSync(path.join(app, 'out/app.js'), 'utf8');
  assert.ok(bundle.length > 50_000, 'the SDK is in the bundle');

  const { page, context } = await newPhone(env.browser);
  t.after(() => context.close());
  const origin = env.gw.base;
  await serve(page, `${origin}/e2e/globals/index.html`, '<!doctype html><meta charset=utf-8><script src="app.js"></script>', 'text/html');
  await serve(page, `${origin}/e2e/globals/app.js`, bundle);
  await page.goto(`${origin}/e2e/globals/index.html`);
  assert.deepEqual(await page.evaluate(() => window.globalsReady), { version: '1.0.0', timeout: 600015 });
});
