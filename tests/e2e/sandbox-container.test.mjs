// What the sandbox's FROM-scratch image relies on, checked without Docker: a root directory holding only what the
// package's Dockerfile copies, at the paths it copies them to, is chrooted into and the image's ENTRYPOINT + CMD run
// there (no /lib, no loader, no /etc, no shell). The gateway must start and answer over loopback: the health check,
// the demo pages, the SDK, and a signed server-API call. A dynamically linked binary cannot start there; the last
// test shows the harness sees that, with the glibc build of the same gateway. Needs `npm run build && npm run
// build:sandbox` (dist/sandbox-npm), `cargo build -p pns-gateway`, and root or unprivileged user namespaces
// (`unshare --map-root-user`).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { connectSandbox } from '../../sandbox-npm/index.mjs';
import { DIST, ROOT, freePort, sleep } from './helpers.mjs';

const PKG = path.join(DIST, 'sandbox-npm');
// The gateway as `cargo build` makes it for this machine: linked against glibc, so it needs the loader.
const DYNAMIC_GATEWAY = process.env.PNS_GATEWAY_BIN || path.join(ROOT, 'target/debug/gateway');
// What `docker run` puts in a FROM-scratch container's environment, and nothing of this machine's.
const IMAGE_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };

/** The Dockerfile's COPY pairs, ENTRYPOINT and CMD (exec form), and its single FROM. */
function readDockerfile() {
  const file = path.join(PKG, 'Dockerfile');
  if (!fs.existsSync(file)) throw new Error(`${file} missing: run \`npm run build && npm run build:sandbox\` first`);
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const json = (word) => {
    const l = lines.find((x) => x.startsWith(`${word} `));
    assert.ok(l, `the Dockerfile has ${word}`);
    const v = JSON.parse(l.slice(word.length + 1));
    assert.ok(Array.isArray(v) && v.every((s) => typeof s === 'string'), `${word} in exec form`);
    return v;
  };
  const copies = lines.filter((l) => l.startsWith('COPY ')).map((l) => {
    const parts = l.split(/\s+/).slice(1);
    assert.equal(parts.length, 2, `one source and one destination: ${l}`);
    return { src: parts[0], dst: parts[1] };
  });
  return { from: lines.filter((l) => l.startsWith('FROM ')), copies, entrypoint: json('ENTRYPOINT'), cmd: json('CMD') };
}

/** A root directory with only the image's files: each COPY source at its destination. */
function imageRoot(t, copies, replace = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pns-image-root-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  for (const { src, dst } of copies) {
    const from = replace[dst] ?? path.join(PKG, src);
    assert.ok(fs.existsSync(from), `COPY ${src}: in the package`);
    fs.cpSync(from, path.join(root, dst), { recursive: true });
  }
  return root;
}

/** How this machine can chroot: directly as root, else as the mapped root of a new user namespace. */
function chrootCommand() {
  if (process.getuid?.() === 0) return ['chroot'];
  const probe = spawnSync('unshare', ['--map-root-user', 'true'], { encoding: 'utf8' });
  if (probe.status === 0) return ['unshare', '--map-root-user', 'chroot'];
  const said = (probe.stderr || probe.error?.message || '').trim();
  throw new Error(`this test chroots into the image's files: run it as root, or allow unprivileged user namespaces (unshare: ${said})`);
}

/** Runs the image's ENTRYPOINT + CMD chrooted into `root`, listening on `port` instead of the image's 8787. */
function runImage(t, root, { entrypoint, cmd }, port) {
  const args = [...entrypoint, ...cmd];
  const i = args.indexOf('--listen');
  assert.ok(i > 0 && /:8787$/.test(args[i + 1]), `the image listens on port 8787: ${args}`);
  args[i + 1] = args[i + 1].replace(/:8787$/, `:${port}`);
  const [cmd0, ...pre] = chrootCommand();
  const child = spawn(cmd0, [...pre, root, ...args], { env: IMAGE_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((r) => child.once('exit', r));
  t.after(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
  });
  return { child, exited, output: () => output };
}

/** Resolves when the health check answers; rejects with the process's output when it exits or 20 s pass. */
async function healthy(base, run) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return;
    if (run.child.exitCode !== null || run.child.signalCode !== null || Date.now() > deadline) {
      throw new Error(`the image's command did not start (exit ${run.child.exitCode}):\n${run.output()}`);
    }
    await sleep(100);
  }
}

test('the image\'s files alone: the gateway starts chrooted into them and answers, signed API calls included', async (t) => {
  const image = readDockerfile();
  assert.deepEqual(image.from, ['FROM scratch']);
  const root = imageRoot(t, image.copies);
  // Nothing but the copied files: no loader, no libc, no shell.
  assert.deepEqual(fs.readdirSync(root).sort(), image.copies.map((c) => c.dst.replace(/^\//, '').split('/')[0]).sort());
  const port = await freePort();
  const run = runImage(t, root, image, port);
  const base = `http://127.0.0.1:${port}`;
  await healthy(base, run);
  assert.match(run.output(), /AccessKeyId: {6}LTAI5tDemoSandboxKey0001/);

  const demo = await fetch(`${base}/demo/`);
  assert.equal(demo.status, 200);
  assert.match(await demo.text(), /numberAuth-web-sdk\.js/);
  const sdk = await fetch(`${base}/sdk/numberAuth-web-sdk.js`);
  assert.equal(sdk.status, 200);
  assert.equal((await sdk.arrayBuffer()).byteLength, fs.statSync(path.join(PKG, 'sdk/numberAuth-web-sdk.js')).size);

  // A backend's signed GetAuthToken (HMAC-SHA1 with the demo AccessKey), and the control API the helper uses.
  const sandbox = connectSandbox(base);
  const tokens = await sandbox.getAuthTokens({ bizType: 0 });
  assert.match(tokens.accessToken, /\S{20,}/);
  assert.match(tokens.jwtToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const phone = await sandbox.createPhone({ carrier: 'CT' });
  assert.equal(phone.carrier, 'CT');
  const refused = await sandbox.verifyPhoneWithToken('not-a-token', phone.number);
  assert.notEqual(refused.Code, 'OK');
});

test('the harness fails a dynamically linked binary: the same gateway built for glibc cannot start there', async (t) => {
  const image = readDockerfile();
  const gateway = image.entrypoint[0];
  assert.ok(fs.existsSync(DYNAMIC_GATEWAY), `${DYNAMIC_GATEWAY} missing: run \`cargo build -p pns-gateway\` first`);
  const root = imageRoot(t, image.copies, { [gateway]: DYNAMIC_GATEWAY });
  const port = await freePort();
  const run = runImage(t, root, image, port);
  await assert.rejects(healthy(`http://127.0.0.1:${port}`, run), /did not start/);
  // chroot's own message: the loader the binary names is not in the image.
  assert.match(run.output(), /No such file or directory/);
});
