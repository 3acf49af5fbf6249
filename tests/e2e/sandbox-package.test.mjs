// The proof that users need no Rust: packs the SDK (dist/npm) and the sandbox (dist/sandbox-npm), installs both
// into an empty folder with no cargo or rustc on PATH, starts the sandbox through its `bin`, and runs the package's
// own example test (examples/sandbox.test.mjs, written only against the documented helper): number verification
// PASS and one-click login to the full number. Needs `npm run build && npm run build:sandbox` first.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, ROOT, freePort, sleep } from './helpers.mjs';

const SANDBOX_DIR = path.join(DIST, 'sandbox-npm');
const NODE_DIR = path.dirname(process.execPath);
// Only Node's own directory and the system's: the Rust toolchain (~/.cargo/bin) is not on it.
const PATH_WITHOUT_RUST = [NODE_DIR, '/usr/bin', '/bin'].join(':');
let tmp;
let app;

function cleanEnv(extra = {}) {
  const env = { ...process.env, PATH: PATH_WITHOUT_RUST, ...extra };
  // NODE_TEST_CONTEXT would make the inner `node --test` think it runs inside this one and skip its files.
  for (const k of ['CARGO_HOME', 'RUSTUP_HOME', 'RUSTUP_TOOLCHAIN', 'NUMBERAUTH_SANDBOX_BIN', 'PNS_GATEWAY_BIN', 'NODE_TEST_CONTEXT']) delete env[k];
  return env;
}

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

before(() => {
  for (const f of [path.join(DIST, 'npm/package.json'), path.join(SANDBOX_DIR, 'package.json')]) {
    if (!fs.existsSync(f)) throw new Error(`${f} missing: run \`npm run build && npm run build:sandbox\` first`);
  }
  for (const tool of ['cargo', 'rustc', 'rustup']) {
    const found = PATH_WITHOUT_RUST.split(':').find((d) => fs.existsSync(path.join(d, tool)));
    assert.equal(found, undefined, `${tool} is on the test's PATH (${found}): the proof needs a PATH without Rust`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'numberauth-proof-'));
  const packs = [path.join(DIST, 'npm'), SANDBOX_DIR].map((dir) => {
    const out = run('npm', ['pack', dir, '--pack-destination', tmp, '--silent']);
    return path.join(tmp, out.trim().split('\n').pop());
  });
  app = path.join(tmp, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'example-app', private: true, type: 'module' })}\n`);
  // playwright-core from this repository's node_modules (the user's own test runner); the two packages from their
  // tarballs, exactly as the registry would serve them.
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', ...packs,
    path.join(ROOT, 'node_modules/playwright-core')], { cwd: app });
  for (const f of ['app.mjs', 'sandbox.test.mjs']) {
    fs.copyFileSync(path.join(app, 'node_modules/numberauth-sandbox/examples', f), path.join(app, f));
  }
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the installed bin prints the gateway\'s usage, with no Rust on PATH', () => {
  const out = run('npx', ['--offline', 'numberauth-sandbox', '--help'], { cwd: app });
  assert.match(out, /^gateway: the PhoneNumberServer sandbox gateway/);
  assert.match(out, /--sandbox/);
});

test('on another platform the bin says what to do instead of failing obscurely', () => {
  const pretend = 'data:text/javascript,Object.defineProperty(process,"platform",{value:"darwin"})';
  const r = spawnSync(process.execPath, ['--import', pretend, 'node_modules/.bin/numberauth-sandbox', '--sandbox'], {
    cwd: app, env: cleanEnv(), encoding: 'utf8',
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /Linux x86-64 only \(this is darwin\/x64\)/);
  assert.match(r.stderr, /cargo build --release -p pns-gateway/);
});

test('npx numberauth-sandbox --sandbox serves the API, the demo pages and the SDK from the package', async (t) => {
  const port = await freePort();
  const child = spawn('npx', ['--offline', 'numberauth-sandbox', '--sandbox', '--listen', `127.0.0.1:${port}`], {
    cwd: app, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((r) => child.once('exit', r));
  // npx runs the bin under a shell of its own: end the whole process group this test started.
  t.after(async () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    await Promise.race([exited, sleep(3000)]);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    assert.ok(Date.now() < deadline && child.exitCode === null, `the sandbox did not start:\n${output}`);
    await sleep(100);
  }
  assert.match(output, new RegExp(`listening on ${base}`));
  assert.match(output, /AccessKeyId: {6}LTAI5tDemoSandboxKey0001/);
  const demo = await fetch(`${base}/demo/`);
  assert.equal(demo.status, 200);
  assert.match(await demo.text(), /numberAuth-web-sdk\.js/);
  const sdk = await fetch(`${base}/sdk/numberAuth-web-sdk.js`);
  assert.equal(sdk.status, 200);
  assert.equal((await sdk.arrayBuffer()).byteLength, fs.statSync(path.join(DIST, 'numberAuth-web-sdk.js')).size);
  // Its source map, which the file's last line names, beside it.
  const map = await fetch(`${base}/sdk/numberAuth-web-sdk.js.map`);
  assert.equal(map.status, 200);
  assert.equal((await map.json()).version, 3);
});

test('the shipped example configuration runs: several subscribers per carrier', async (t) => {
  const port = await freePort();
  const config = 'node_modules/numberauth-sandbox/examples/config/subscribers.toml';
  const child = spawn(process.execPath, ['node_modules/.bin/numberauth-sandbox', '--config', config, '--listen', `127.0.0.1:${port}`], {
    cwd: app, env: cleanEnv(), stdio: 'ignore',
  });
  const exited = new Promise((r) => child.once('exit', r));
  t.after(async () => { child.kill('SIGTERM'); await Promise.race([exited, sleep(3000)]); });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (!(await fetch(`${base}/healthz`).then((r) => r.ok, () => false))) {
    assert.ok(Date.now() < deadline && child.exitCode === null, 'the sandbox did not start with the example configuration');
    await sleep(100);
  }
  const device = await fetch(`${base}/sandbox/v1/devices/cu-2`).then((r) => r.json());
  assert.deepEqual([device.carrier, device.number], ['CU', '13000000002']);
});

test('the package\'s example test passes: number verification PASS and one-click login to the full number', () => {
  const r = spawnSync(process.execPath, ['--test', 'sandbox.test.mjs'], {
    cwd: app, env: cleanEnv({ CHROMIUM_PATH: process.env.CHROMIUM_PATH || '/usr/bin/chromium' }),
    encoding: 'utf8', timeout: 120_000,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, out);
  assert.match(out, /# pass 3\n/, out);
  assert.match(out, /# fail 0\n/, out);
});

/** Whether an ELF file asks for a program interpreter (a dynamic loader), which a FROM-scratch image lacks. */
function hasInterpreter(file) {
  const b = fs.readFileSync(file);
  assert.equal(b.toString('latin1', 1, 4), 'ELF');
  assert.equal(b[4], 2, '64-bit ELF');
  const phoff = Number(b.readBigUInt64LE(0x20));
  const phentsize = b.readUInt16LE(0x36);
  const phnum = b.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i += 1) if (b.readUInt32LE(phoff + i * phentsize) === 3) return true; // PT_INTERP
  return false;
}

test('the container definition: FROM scratch, nothing fetched, every COPY source in the package, a static binary', () => {
  const pkg = path.join(app, 'node_modules/numberauth-sandbox');
  const lines = fs.readFileSync(path.join(pkg, 'Dockerfile'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const instructions = lines.map((l) => l.split(' ')[0]);
  assert.deepEqual(lines.filter((l) => l.startsWith('FROM')), ['FROM scratch']);
  assert.deepEqual(instructions.filter((i) => i === 'RUN' || i === 'ADD'), [], 'nothing runs or downloads at build time');
  for (const l of lines.filter((x) => x.startsWith('COPY'))) {
    const src = l.split(' ')[1];
    assert.ok(fs.existsSync(path.join(pkg, src)), `COPY ${src}: in the package`);
  }
  assert.equal(hasInterpreter(path.join(pkg, 'vendor/gateway-linux-x64')), false, 'statically linked');
  assert.equal(hasInterpreter(process.execPath), true, 'the check sees a dynamic binary as one');
});
