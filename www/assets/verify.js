// Number verification (本机号码校验), written as a page's developer would:
// the page's backend (here the gateway's sample backend, /demo-backend/) gets the tokens and checks the spToken;
// the SDK (window.PhoneNumberServer from /sdk/numberAuth-web-sdk.js) does the browser part.
import { sceneCode } from './sandbox-panel.js';
import { backend, flowView } from './demo-page.js';
import { offerSms, wantsSms } from './sms-fallback.js';

const form = /** @type {HTMLFormElement} */ (document.getElementById('verify-form'));
const phone = /** @type {HTMLInputElement} */ (document.getElementById('phone'));
const button = /** @type {HTMLButtonElement} */ (document.getElementById('verify-btn'));
const result = /** @type {HTMLElement} */ (document.getElementById('result'));
const steps = /** @type {HTMLElement} */ (document.getElementById('steps'));
const smsBox = /** @type {HTMLElement} */ (document.getElementById('sms'));

const sdk = new window.PhoneNumberServer();
const { setStep, resetSteps, show } = flowView(steps, result);

const VALID = /^1[3-9]\d{9}$/;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const number = phone.value.replace(/\s+/g, '');
  if (!VALID.test(number)) {
    show('warn', '请输入正确的 11 位手机号');
    phone.focus();
    return;
  }
  button.disabled = true;
  button.textContent = '正在验证…';
  resetSteps();
  result.hidden = true;
  smsBox.hidden = true;
  let step = 'token';
  try {
    setStep('token', 'active');
    const { accessToken, jwtToken } = await backend('auth-token', { bizType: 0, sceneCode: sceneCode() });
    setStep('token', 'done');

    step = 'check';
    setStep('check', 'active');
    await sdk.checkAuthAvailable({ accessToken, jwtToken, timeout: 10 });
    setStep('check', 'done');

    step = 'carrier';
    setStep('carrier', 'active');
    const { spToken, vender } = await sdk.getVerifyToken({ timeout: 10 });
    setStep('carrier', 'done');

    step = 'verify';
    setStep('verify', 'active');
    const { verifyResult, message } = await backend('verify', { spToken, phoneNumber: number });
    setStep('verify', 'done');

    const carrier = { CM: '中国移动', CU: '中国联通', CT: '中国电信' }[vender] || vender;
    if (verifyResult === 'PASS') {
      show('pass', `PASS · 号码验证通过`, [`${number.slice(0, 3)} **** ${number.slice(7)} 是本机正在使用的号码（${carrier}）。`]);
    } else if (verifyResult === 'REJECT') {
      show('reject', 'REJECT · 号码与本机不一致', ['你填写的号码不是这台手机正在使用的号码，请检查后重试，或改用短信验证。']);
    } else {
      show('warn', `${verifyResult || 'UNKNOWN'} · 暂时无法确认`, [message || '运营商未给出结论，请改用短信验证。']);
    }
  } catch (err) {
    setStep(step, 'failed');
    if (wantsSms(err)) {
      // The documented fallback: the same number, verified by an SMS code instead.
      show('warn', `${err.code} · ${err.msg}`, [hintFor(err.code), '可改用短信验证码完成验证。'].filter(Boolean));
      offerSms(smsBox, { number, reason: '本机号码校验无法在当前环境完成，我们将向该号码发送短信验证码。' })
        .then((n) => show('pass', 'PASS · 短信验证通过', [`${n.slice(0, 3)} **** ${n.slice(7)} 已通过短信验证码验证。`]));
    } else if (err && typeof err.code === 'number') {
      show('error', `${err.code} · ${err.msg}`, [err.detail || '', hintFor(err.code)].filter(Boolean));
    } else {
      show('error', '服务暂时不可用', [String(err && err.message ? err.message : err)]);
    }
  } finally {
    button.disabled = false;
    button.textContent = '验证本机号码';
  }
});

/** What to tell a person, by code. */
function hintFor(code) {
  switch (code) {
    case 600008: return '请关闭 Wi-Fi、使用手机浏览器和数据网络后重试。';
    case 600011: return '运营商未能识别本机号码，请改用短信验证。';
    case 600015: return '网络较慢，请稍后重试。';
    case 700000: return '你已取消。';
    case 600013: case 600014: return '服务维护中，请改用短信验证。';
    default: return '';
  }
}
