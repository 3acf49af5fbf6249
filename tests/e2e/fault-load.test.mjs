// Load with faults: one gateway, four phones (browser contexts) in parallel, each running two lanes of
// verification flows (checkAuthAvailable + getVerifyToken, mixed callback and Promise mode, short timeouts) while
// the faults change under them: carriers slow (delayMs around the timeouts) and failing (maintenance / quota on the
// device), a scheme demoted and out of quota for a moment, a scheme whose AccessToken lives 5 s and spToken 2 s (so
// tokens and tickets expire mid-flight), and the gateway restarted once mid-run on the same port.
//
// The gateway runs from a config file with a fixed `secret`, devices and schemes (what a deployment does), so the
// restart keeps keys, schemes and devices: AccessTokens, JwtTokens and carrier tickets issued before it stay valid.
// spTokens do not: they are sealed under a key that also mixes in a salt of the running process (docs/protocol.md),
// so one issued before the restart is refused after it (isv.TOKEN_INVALID) and can never be accepted twice.
//
// Asserted: every SDK call ended in exactly one callback (or one settlement in Promise mode), asynchronously, within
// its timeout plus slack, with a documented code; 600010 only around the restart; each spToken redeemed on the
// server (/demo-backend/verify): the first redemption accepted (PASS) unless the token had expired or may have been
// issued by the gateway process before the restart and redeemed by the one after it, the second always
// refused (isv.TOKEN_INVALID), a redemption after the token's lifetime always refused; and a token redeemed before the
// restart is refused when replayed after it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  freePort, launchBrowser, newPhone, openFixture, requireBuilt, sleep, startGateway,
} from './helpers.mjs';
import { UUID_V4 } from './setup.mjs';

const SEED = Number(process.env.FAULT_LOAD_SEED || 20261122);
const ACCOUNT = '1000000000000001'; // the sandbox's demo account
const SHORT = { scene: 'FC900000000000001', accessTokenS: 5, spTokenS: 2 };
const LONG = { scene: 'FC900000000000002' };
const PHONES = [
  { id: 'load-cu', carrier: 'CU', number: '18600000011', scheme: SHORT, spLifetimeS: 2 },
  { id: 'load-ct', carrier: 'CT', number: '18900000012', scheme: LONG, spLifetimeS: 600 },
  { id: 'load-cm', carrier: 'CM', number: '13800000013', scheme: LONG, spLifetimeS: 120 },
  { id: 'load-ct2', carrier: 'CT', number: '18900000014', scheme: SHORT, spLifetimeS: 2 },
];
const LANES = 2;
const FLOWS_PER_LANE = 13; // 4 phones × 2 lanes × 13 ≈ 100 verification flows
const SLACK_MS = 2500; // callback delivery on a loaded 2-core machine, on top of the call's own timeout

const ALLOWED = {
  checkAuthAvailable: new Set([600000, 600010, 600013, 600014, 600015, 600034]),
  getVerifyToken: new Set([600000, 600010, 600011, 600015]),
};

const env = { gw: null, browser: null, dir: null };

before(async () => {
  requireBuilt();
  env.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pns-fault-load-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const toml = [
    'sandbox = true',
    'sandbox_api = true',
    'secret = "fault-load: a fixed secret, so that keys survive the restart"',
    '',
    '[[schemes]]',
    `scene_code = "${SHORT.scene}"`,
    `account = "${ACCOUNT}"`,
    `url = "${base}/"`,
    `origin = "${base}"`,
    `lifetimes = { access_token = ${SHORT.accessTokenS}, sp_token = ${SHORT.spTokenS} }`,
    '',
    '[[schemes]]',
    `scene_code = "${LONG.scene}"`,
    `account = "${ACCOUNT}"`,
    `url = "${base}/"`,
    `origin = "${base}"`,
    ...PHONES.flatMap((p) => ['', '[[devices]]', `id = "${p.id}"`, `carrier = "${p.carrier}"`, `number = "${p.number}"`,
      'connection = "cellular"']),
    '',
  ].join('\n');
  const config = path.join(env.dir, 'gateway.toml');
  fs.writeFileSync(config, toml);
  env.gw = await startGateway({ port, config });
  env.browser = await launchBrowser();
});

after(async () => {
  await env.browser?.close();
  await env.gw?.stop();
  if (env.dir) fs.rmSync(env.dir, { recursive: true, force: true });
});

/** A small seeded generator, so a failing run can be replayed (FAULT_LOAD_SEED). */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// In the page: LANES lanes of flows on this phone. Every SDK call is recorded (each callback with whether it came
// before the method returned, and when), every spToken is redeemed twice through the sample backend (some after
// their lifetime). Returns the records once every call and redemption is over.
// ---------------------------------------------------------------------------------------------------------------
async function runLanes({ lanes, flows, scene, number, spLifetimeS, seed }) {
  const PNS = window.PhoneNumberServer;
  const records = [];
  const tokens = [];
  const pending = [];
  let s = seed >>> 0;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /** POST JSON to the page's backend, retrying while the gateway restarts. */
  async function post(url, body) {
    const sentAt = Date.now();
    for (let i = 0; ; i += 1) {
      try {
        const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const text = await r.text();
        return { status: r.status, body: text ? JSON.parse(text) : null, sentAt, at: Date.now(), tries: i + 1 };
      } catch (e) {
        if (i >= 50) return { error: String(e), sentAt, at: Date.now(), tries: i + 1 };
        await sleep(200);
      }
    }
  }

  /** One SDK call, recorded; resolves at its first outcome (or when it overstays its timeout by 5 s). */
  function call(lane, flow, sdk, method, opts, mode, timeout) {
    const rec = { lane, flow, method, mode, timeout, start: Date.now(), calls: [] };
    records.push(rec);
    let inCall = true;
    return new Promise((resolve) => {
      const guard = setTimeout(() => { rec.hung = true; resolve(rec); }, timeout * 1000 + 5000);
      const done = () => { clearTimeout(guard); resolve(rec); };
      const note = (kind, p, extra = {}) => {
        rec.calls.push({
          kind, sync: inCall, at: Date.now(), code: p?.code, msg: p?.msg, requestId: p?.requestId, detail: p?.detail,
          spToken: p?.spToken, vender: p?.vender, ...extra,
        });
        done();
      };
      try {
        if (mode === 'callback') {
          rec.returned = String(sdk[method]({
            ...opts, timeout, success: (p) => note('success', p), error: (p) => note('error', p),
          }));
        } else {
          const p = sdk[method]({ ...opts, timeout });
          rec.returned = typeof p?.then === 'function' ? 'promise' : String(p);
          p.then((v) => note('resolve', v), (e) => note('reject', e, { isError: e instanceof Error, name: e?.name }));
        }
      } catch (e) {
        rec.threw = String(e);
        done();
      }
      inCall = false;
    });
  }

  async function lane(l) {
    let tk = null;
    let keep = null;
    for (let f = 0; f < flows; f += 1) {
      if (!tk || rand() < 0.1) {
        const r = await post('/demo-backend/auth-token', { bizType: 0, sceneCode: scene });
        tk = r.body && r.body.accessToken ? { accessToken: r.body.accessToken, jwtToken: r.body.jwtToken } : null;
        if (!tk) { await sleep(200); continue; }
      }
      const sdk = !keep || rand() < 0.5 ? new PNS({ logger: false }) : keep;
      keep = sdk;
      const c = await call(l, f, sdk, 'checkAuthAvailable', tk, pick(['callback', 'promise']), pick([0.3, 2, 5]));
      const code = c.calls[0]?.code;
      if (code === 600034) tk = null; // expired: the page asks its server for new tokens
      if (code === 600000) {
        // Sometimes the user dawdles: on the short scheme the carriers' tickets may expire meanwhile.
        if (rand() < 0.2) await sleep(pick([1000, 3000, 5500]));
        const v = await call(l, f, sdk, 'getVerifyToken', {}, pick(['callback', 'promise']), pick([0.5, 1.5, 4]));
        const ok = v.calls[0];
        if (ok && (ok.kind === 'success' || ok.kind === 'resolve')) {
          const late = spLifetimeS <= 10 && rand() < 0.35;
          const t = { lane: l, flow: f, spToken: ok.spToken, vender: ok.vender, callStart: v.start, obtainedAt: ok.at, late };
          tokens.push(t);
          pending.push((async () => {
            if (late) await sleep(spLifetimeS * 1000 + 1500);
            t.first = await post('/demo-backend/verify', { spToken: t.spToken, phoneNumber: number });
            t.second = await post('/demo-backend/verify', { spToken: t.spToken, phoneNumber: number });
          })());
        }
      }
      await sleep(pick([0, 50, 200]));
    }
  }

  await Promise.all(Array.from({ length: lanes }, (_, l) => lane(l)));
  await Promise.all(pending);
  await sleep(1500); // a second (wrong) callback would land here
  return { records, tokens };
}

const shared = { results: [], restart: null };

test('fault load: every call ends in exactly one asynchronous callback, no token is accepted twice or after expiry', async (t) => {
  const { gw, browser } = env;
  const rand = rng(SEED);
  t.diagnostic(`seed ${SEED} (FAULT_LOAD_SEED to replay)`);

  const phones = [];
  for (const p of PHONES) {
    const phone = await newPhone(browser);
    t.after(() => phone.context.close());
    const sel = await phone.context.request.post(`${gw.base}/sandbox/v1/devices/${p.id}/select`, { headers: { 'content-type': 'application/json' } });
    assert.ok(sel.ok(), `select ${p.id}: ${sel.status()}`);
    await openFixture(phone.page, gw, 'harness.html');
    phones.push({ ...p, ...phone });
  }

  // The fault driver: every 700 ms one phone's carrier changes state; the long scheme is demoted for a moment and
  // runs out of quota for a moment; the gateway restarts once. Failures while the gateway is down are expected.
  const events = [];
  let running = true;
  const patch = async (url, body) => {
    try {
      const r = await fetch(url, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return r.ok;
    } catch { return false; }
  };
  const driver = (async () => {
    const t0 = Date.now();
    let tick = 0;
    let restarted = false;
    while (running) {
      await sleep(700);
      tick += 1;
      const p = PHONES[Math.floor(rand() * PHONES.length)];
      const x = rand();
      const state = x < 0.4 ? {} : x < 0.7 ? { delayMs: [400, 1200, 1800, 3500][Math.floor(rand() * 4)] }
        : x < 0.8 ? { maintenance: true } : x < 0.9 ? { quota: true } : { delayMs: 1000, maintenance: true };
      const ok = await patch(`${gw.base}/sandbox/v1/devices/${p.id}`, { faults: { [p.carrier]: state } });
      events.push({ at: Date.now() - t0, what: `${p.id} ${JSON.stringify(state)}`, ok });
      if (tick === 5 || tick === 14) {
        const body = tick === 5 ? { demoted: true } : { quota: 0 };
        events.push({ at: Date.now() - t0, what: `${LONG.scene} ${JSON.stringify(body)}`, ok: await patch(`${gw.base}/sandbox/v1/schemes/${LONG.scene}`, body) });
        setTimeout(() => { patch(`${gw.base}/sandbox/v1/schemes/${LONG.scene}`, { demoted: false, quota: null }); }, 900);
      }
      if (tick === 10 && !restarted) {
        restarted = true;
        const start = Date.now();
        await gw.restart();
        shared.restart = { start, end: Date.now() };
        events.push({ at: start - t0, what: `gateway restarted in ${shared.restart.end - start} ms` });
      }
    }
  })();

  const t0 = Date.now();
  const results = await Promise.all(phones.map((p, i) => p.page.evaluate(runLanes, {
    lanes: LANES, flows: FLOWS_PER_LANE, scene: p.scheme.scene, number: p.number, spLifetimeS: p.spLifetimeS,
    seed: SEED + i * 7919,
  })));
  running = false;
  await driver;
  const elapsed = Date.now() - t0;
  shared.results = results.map((r, i) => ({ ...r, phone: PHONES[i] }));
  assert.ok(shared.restart, `the gateway was restarted mid-run (events: ${JSON.stringify(events)})`);

  // ---- the counts ----
  const counts = {};
  const bump = (k) => { counts[k] = (counts[k] || 0) + 1; };
  const problems = [];
  let calls = 0;
  for (const { records, phone } of shared.results) {
    for (const rec of records) {
      calls += 1;
      const where = `${phone.id} lane ${rec.lane} flow ${rec.flow} ${rec.method} (${rec.mode}, timeout ${rec.timeout} s)`;
      if (rec.threw) { problems.push(`${where}: threw synchronously: ${rec.threw}`); continue; }
      if (rec.hung) { problems.push(`${where}: no outcome ${rec.timeout} s + 5 s after the call`); continue; }
      if (rec.calls.length !== 1) { problems.push(`${where}: ${rec.calls.length} outcomes: ${JSON.stringify(rec.calls)}`); continue; }
      const [c] = rec.calls;
      if (c.sync) problems.push(`${where}: the outcome came synchronously`);
      if (rec.mode === 'callback' && rec.returned !== 'undefined') problems.push(`${where}: returned ${rec.returned}`);
      if (rec.mode === 'promise' && rec.returned !== 'promise') problems.push(`${where}: returned ${rec.returned}, not a Promise`);
      const took = c.at - rec.start;
      if (took > rec.timeout * 1000 + SLACK_MS) problems.push(`${where}: took ${took} ms`);
      if (c.kind === 'reject' && (!c.isError || c.name !== 'PhoneNumberServerError')) {
        problems.push(`${where}: rejected with something that is not a PhoneNumberServerError: ${JSON.stringify(c)}`);
      }
      if (c.kind === 'error' || c.kind === 'reject') {
        if (typeof c.msg !== 'string' || !UUID_V4.test(c.requestId || '') || typeof c.detail !== 'string') {
          problems.push(`${where}: an error without msg/requestId/detail: ${JSON.stringify(c)}`);
        }
      }
      if (!ALLOWED[rec.method].has(c.code)) problems.push(`${where}: undocumented code here: ${JSON.stringify(c)}`);
      if (c.code === 600010) {
        const { start, end } = shared.restart;
        if (!(rec.start <= end + 2000 && c.at >= start - 100)) {
          problems.push(`${where}: 600010 away from the restart (${rec.start - start} ms after it began): ${c.detail}`);
        }
      }
      bump(`${rec.method} ${c.code}`);
    }
  }

  // ---- the tokens ----
  const seen = new Set();
  const tk = { obtained: 0, accepted: 0, refusedExpired: 0, refusedAcrossRestart: 0, secondRefused: 0, late: 0 };
  for (const { tokens, phone } of shared.results) {
    for (const tok of tokens) {
      tk.obtained += 1;
      const where = `${phone.id} lane ${tok.lane} flow ${tok.flow} spToken (${tok.late ? 'redeemed late' : 'redeemed at once'})`;
      if (seen.has(tok.spToken)) problems.push(`${where}: the same spToken was issued twice`);
      seen.add(tok.spToken);
      if (!tok.first?.body || !tok.second?.body) { problems.push(`${where}: could not redeem: ${JSON.stringify([tok.first, tok.second])}`); continue; }
      const first = tok.first.body;
      const lifeMs = phone.spLifetimeS * 1000;
      // exp is whole seconds from the issue (between the call's start and its callback), so allow one second.
      const surelyLive = tok.first.at < tok.callStart + lifeMs - 1000;
      const surelyExpired = tok.first.sentAt > tok.obtainedAt + lifeMs + 1000;
      // Issued (at the latest when the callback came) before the new process was up, answered after the old one
      // began to stop: possibly sealed by the process before the restart, so refused by the one after it.
      const acrossRestart = tok.obtainedAt < shared.restart.end && tok.first.at > shared.restart.start;
      if (tok.late) tk.late += 1;
      if (first.code === 'OK') {
        tk.accepted += 1;
        if (first.verifyResult !== 'PASS') problems.push(`${where}: first redemption ${JSON.stringify(first)}`);
        if (surelyExpired) problems.push(`${where}: ACCEPTED AFTER EXPIRY (${tok.first.sentAt - tok.obtainedAt} ms after issue, lifetime ${lifeMs} ms)`);
      } else if (first.code === 'isv.TOKEN_INVALID' && !surelyLive) {
        tk.refusedExpired += 1;
      } else if (first.code === 'isv.TOKEN_INVALID' && acrossRestart) {
        tk.refusedAcrossRestart += 1;
      } else {
        problems.push(`${where}: first redemption refused without a documented reason (${tok.first.at - tok.callStart} ms after the call, lifetime ${lifeMs} ms): ${JSON.stringify(first)}`);
      }
      if (tok.second.body.code === 'isv.TOKEN_INVALID') tk.secondRefused += 1;
      else problems.push(`${where}: SECOND REDEMPTION NOT REFUSED: ${JSON.stringify(tok.second.body)}`);
    }
  }
  if (tk.late > 0) assert.ok(tk.refusedExpired > 0, 'some tokens were redeemed after their lifetime');

  const perPhone = Object.fromEntries(shared.results.map(({ records, tokens, phone }) => [phone.id, {
    calls: records.length, tokens: tokens.length, accepted: tokens.filter((x) => x.first?.body?.code === 'OK').length,
  }]));
  const report = {
    elapsedMs: elapsed, calls, perPhone, outcomes: Object.fromEntries(Object.entries(counts).sort()), tokens: tk,
    restart: `${shared.restart.end - shared.restart.start} ms`, faultEvents: events.length,
  };
  t.diagnostic(`fault-load: ${JSON.stringify(report)}`);
  console.log('fault-load report', JSON.stringify(report, null, 1));
  assert.ok(calls >= 150, `enough calls ran (${calls})`);
  assert.ok(tk.obtained >= 20, `enough spTokens were obtained (${tk.obtained})`);
  assert.deepEqual(problems, [], `every call and token as the contract says (${problems.length} problems)`);
});

test('a spToken redeemed before the gateway restart is refused when replayed after it', async (t) => {
  assert.ok(shared.restart, 'the load test ran and restarted the gateway');
  const before = [];
  for (const { tokens, phone } of shared.results) {
    for (const tok of tokens) {
      if (tok.first?.body?.code === 'OK' && tok.first.at < shared.restart.start) before.push({ tok, phone });
    }
  }
  t.diagnostic(`${before.length} tokens were accepted before the restart`);
  assert.ok(before.length > 0, 'some tokens were redeemed before the restart');
  const replayed = [];
  for (const { tok, phone } of before) {
    const res = await fetch(`${env.gw.base}/demo-backend/verify`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: env.gw.base },
      body: JSON.stringify({ spToken: tok.spToken, phoneNumber: phone.number }),
    });
    const body = await res.json();
    if (body.code !== 'isv.TOKEN_INVALID') {
      replayed.push(`${phone.id} lane ${tok.lane} flow ${tok.flow} (lifetime ${phone.spLifetimeS} s): ${JSON.stringify(body)}`);
    }
  }
  assert.deepEqual(replayed, [], `no token accepted twice across the restart (${replayed.length} of ${before.length} were)`);
});
