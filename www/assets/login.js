// One-click login (一键登录), written as a page's developer would: the page's backend (here the gateway's sample
// backend, /demo-backend/) gets BizType 1 tokens and turns the login spToken into the number (GetPhoneWithToken);
// the SDK (window.PhoneNumberServer) checks the page, draws the authorization page and returns the spToken.
import { sceneCode } from './sandbox-panel.js';
import { backend, flowView } from './demo-page.js';
import { offerSms, wantsSms } from './sms-fallback.js';

const button = /** @type {HTMLButtonElement} */ (document.getElementById('login-btn'));
const result = /** @type {HTMLElement} */ (document.getElementById('result'));
const steps = /** @type {HTMLElement} */ (document.getElementById('steps'));
const smsBox = /** @type {HTMLElement} */ (document.getElementById('sms'));

const sdk = new window.PhoneNumberServer();
const { setStep, show } = flowView(steps, result);

/** What to tell a person, by code. */
function hintFor(code) {
  switch (code) {
    case 600008: return '请关闭 Wi-Fi、使用手机浏览器和数据网络后重试。';
    case 600011: return '未能完成一键登录，请改用短信验证码登录。';
    case 600015: return '网络较慢，请稍后重试。';
    case 700000: return '你取消了一键登录，可改用短信验证码登录。';
    case 600013: case 600014: return '服务维护中，请改用短信验证码登录。';
    default: return '';
  }
}

button.addEventListener('click', async () => {
  button.disabled = true;
  button.textContent = '正在准备…';
  for (const li of steps.children) delete li.dataset.state;
  result.hidden = true;
  smsBox.hidden = true;
  let step = 'token';
  try {
    setStep('token', 'active');
    const { accessToken, jwtToken } = await backend('auth-token', { bizType: 1, sceneCode: sceneCode() });
    setStep('token', 'done');

    step = 'check';
    setStep('check', 'active');
    await sdk.checkLoginAvailable({ accessToken, jwtToken, timeout: 10 });
    setStep('check', 'done');

    step = 'page';
    setStep('page', 'active');
    const { spToken } = await sdk.getLoginToken({
      timeout: 5,
      authPageOption: {
        navText: '登录青鸟出行',
        subtitle: '登录后可同步你的行程与优惠',
        privacyOne: ['《青鸟出行用户协议》', '/demo/'],
        privacyTwo: ['《隐私政策》', '/demo/'],
      },
    });
    setStep('page', 'done');

    step = 'phone';
    setStep('phone', 'active');
    const { mobile, message } = await backend('phone', { spToken });
    if (!mobile) throw Object.assign(new Error(message || '服务端未取到号码'), { backend: true });
    setStep('phone', 'done');
    show('pass', `已登录：${mobile.slice(0, 3)}****${mobile.slice(7)}`, ['欢迎回来，你的行程与优惠已同步。']);
    button.textContent = '已登录';
    return;
  } catch (err) {
    setStep(step, 'failed');
    if (wantsSms(err)) {
      // The documented fallback: log in with an SMS code instead.
      show('warn', `${err.code} · ${err.msg}`, [hintFor(err.code)].filter(Boolean));
      offerSms(smsBox, { reason: '输入手机号，获取短信验证码登录。' }).then((n) => {
        show('pass', `已登录：${n.slice(0, 3)}****${n.slice(7)}`, ['已通过短信验证码登录，你的行程与优惠已同步。']);
        button.textContent = '已登录';
        button.disabled = true;
      });
    } else if (err && typeof err.code === 'number') {
      show('error', `${err.code} · ${err.msg}`, [err.detail || '', hintFor(err.code)].filter(Boolean));
    } else {
      show('error', '服务暂时不可用', [String(err && err.message ? err.message : err)]);
    }
  }
  button.disabled = false;
  button.textContent = '本机号码一键登录';
});
