// Usage of the helper's types with Playwright's real ones; `tsc --noEmit -p sandbox-npm` must accept every line
// but those marked @ts-expect-error (which prove the types refuse them).
import { chromium } from 'playwright-core';
import {
  completeLogin, connectSandbox, enterMiddleFour, middleFour, startSandbox,
  type Phone, type Sandbox, type Scheme, type VerifyAnswer,
} from 'numberauth-sandbox';

export async function usage(): Promise<void> {
  const sandbox: Sandbox = await startSandbox({ port: 8787, config: 'sandbox.toml', args: ['--public-url', 'http://x'] });
  const other: Sandbox = connectSandbox('http://127.0.0.1:8787');
  const browser = await chromium.launch();
  const context = await browser.newContext();
  const phone: Phone = await sandbox.createPhone({ carrier: 'CU', connection: 'wifi', faults: { CU: { delayMs: 100 } } });
  await sandbox.attachPhone(context, phone);
  const page = await context.newPage();
  await enterMiddleFour(page, phone);
  await enterMiddleFour(page, '0013');
  await completeLogin(page, phone.number, { agree: false, button: '同意并登录' });
  const scheme: Scheme = await sandbox.createScheme({ origin: 'http://127.0.0.1:3000', quota: 3 });
  await sandbox.updateScheme(scheme.sceneCode, { quota: null });
  const { accessToken, jwtToken } = await sandbox.getAuthTokens({ bizType: 1, sceneCode: scheme.sceneCode });
  const answer: VerifyAnswer = await sandbox.verifyPhoneWithToken(accessToken + jwtToken, phone.number);
  const result: 'PASS' | 'REJECT' | 'UNKNOWN' | undefined = answer.GateVerify?.VerifyResult;
  const mobile: string | undefined = (await sandbox.getPhoneWithToken('sp1.x')).Data?.Mobile;
  const digits: string = middleFour(phone.number);
  await sandbox.setFaults(phone, {});
  const code: string | null = await sandbox.latestSmsCode(phone);
  const texts: string[] = (await sandbox.smsInbox(phone.number)).map((m) => m.text);
  const removed: number = await sandbox.clearSmsInbox();
  await sandbox.setSmsFault(phone, { mode: 'delayed', delayMs: 5000 });
  void [code, texts, removed];
  // @ts-expect-error SMS fault modes are none, delayed, failed, unreachable
  await sandbox.setSmsFault(phone, { mode: 'slow' });
  void [result, mobile, digits, other.baseUrl, (await sandbox.info()).defaultDevice?.number];

  // @ts-expect-error not a carrier
  await sandbox.createPhone({ carrier: 'XX' });
  // @ts-expect-error connections are cellular, wifi or none
  await sandbox.createPhone({ connection: '4g' });
  // @ts-expect-error a scheme needs its origin
  await sandbox.createScheme({ url: 'http://127.0.0.1:3000/' });
  // @ts-expect-error bizType is 0 or 1
  await sandbox.getAuthTokens({ bizType: 2 });
  // @ts-expect-error faults are per carrier
  await sandbox.setFaults(phone, { maintenance: true });
  // @ts-expect-error a phone's id cannot be patched
  await sandbox.updatePhone(phone, { id: 'x' });
  await sandbox.stop();
}
