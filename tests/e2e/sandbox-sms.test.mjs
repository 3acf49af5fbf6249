// The sandbox helper's SMS inbox calls against a live gateway: a code sent by the sample backend's
// SendSmsVerifyCode is read back, the inbox emptied, and a delivery fault switched (docs/protocol.md §6).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SandboxError } from '../../sandbox-npm/index.mjs';
import { startGateway } from './helpers.mjs';

let gw;
before(async () => { gw = await startGateway(); });
after(async () => { await gw?.stop(); });

async function sendCode(phoneNumber) {
  const res = await fetch(`${gw.base}/demo-backend/sms/send`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phoneNumber }),
  });
  const body = await res.json();
  assert.equal(body.code, 'OK', JSON.stringify(body));
}

test('latestSmsCode and smsInbox read what SendSmsVerifyCode sent; clearSmsInbox empties it', async () => {
  const { sandbox } = gw;
  const phone = await sandbox.createPhone({ carrier: 'CU' });
  assert.equal(await sandbox.latestSmsCode(phone), null, 'nothing sent yet');
  assert.deepEqual(await sandbox.smsInbox(phone), []);
  await sendCode(phone.number);
  const code = await sandbox.latestSmsCode(phone);
  assert.match(code, /^\d{4,8}$/);
  const [message] = await sandbox.smsInbox(phone.number);
  assert.equal(message.code, code);
  assert.equal(message.phoneNumber, phone.number);
  assert.ok(message.text.includes(code), message.text);
  assert.equal(await sandbox.clearSmsInbox(phone), 1);
  assert.equal(await sandbox.latestSmsCode(phone), null);
});

test('setSmsFault: an unreachable phone gets no code; a bad mode is a SandboxError', async () => {
  const { sandbox } = gw;
  const phone = await sandbox.createPhone({ carrier: 'CT' });
  const fault = await sandbox.setSmsFault(phone, { mode: 'unreachable' });
  assert.equal(fault.mode, 'unreachable');
  await sendCode(phone.number);
  assert.equal(await sandbox.latestSmsCode(phone), null);
  await assert.rejects(sandbox.setSmsFault(phone, { mode: 'slow' }), (e) => e instanceof SandboxError && e.status === 400);
  await assert.rejects(sandbox.smsInbox({}), TypeError);
});
