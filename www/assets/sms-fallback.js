// SMS verification as the fallback of number verification and one-click login, written as a page's developer
// would: when the SDK cannot run here (600008 Wi-Fi / desktop / no WebAssembly), the carrier cannot tell the
// number (600011), it times out (600015) or the person cancels (700000), the page offers an SMS code. Its
// backend (here the gateway's sample backend) calls SendSmsVerifyCode, the person types the code from the
// phone, the backend calls CheckSmsVerifyCode.
import { backend } from './demo-page.js';

/** The SDK codes after which a page offers an SMS code instead. */
export const SMS_FALLBACK_CODES = [600008, 600011, 600015, 700000];

/** Whether `err` (a rejected SDK call) should lead to the SMS fallback. */
export function wantsSms(err) {
  return Boolean(err) && SMS_FALLBACK_CODES.includes(err.code);
}

const VALID = /^1[3-9]\d{9}$/;
const RESEND_SECONDS = 60; // the sample backend sends with Interval 60

/** What to tell a person for a send refusal, by the API's Code. */
function sendRefusal(code, message) {
  switch (code) {
    case 'biz.FREQUENCY': return '发送太频繁，请稍后再获取验证码。';
    case 'isv.BUSINESS_LIMIT_CONTROL': return '该号码获取验证码次数已达上限，请稍后再试。';
    case 'isv.MOBILE_NUMBER_ILLEGAL': return '请输入正确的 11 位手机号。';
    default: return `${code || 'ERROR'} · ${message || '短信发送失败'}`;
  }
}

/**
 * Shows the SMS form in `box` (an empty element) and resolves with the number once its code passed.
 * @param {HTMLElement} box
 * @param {{number?: string, reason: string}} options
 * @returns {Promise<string>}
 */
export function offerSms(box, { number = '', reason }) {
  box.hidden = false;
  box.innerHTML = `
    <h2 class="sms-title">改用短信验证码</h2>
    <p class="hint sms-reason"></p>
    <label for="sms-phone" class="label">手机号</label>
    <div class="phone-field">
      <span class="prefix">+86</span>
      <input id="sms-phone" type="tel" inputmode="numeric" autocomplete="tel-national" maxlength="11"
             placeholder="请输入 11 位手机号">
    </div>
    <button type="button" class="secondary" id="sms-send">获取短信验证码</button>
    <label for="sms-code" class="label">短信验证码</label>
    <div class="phone-field">
      <input id="sms-code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="8"
             placeholder="请输入短信中的验证码">
    </div>
    <button type="button" class="primary" id="sms-check">验证</button>
    <p class="sms-status" id="sms-status" role="status" aria-live="polite"></p>`;
  const $ = (id) => /** @type {HTMLInputElement} */ (box.querySelector(`#${id}`));
  box.querySelector('.sms-reason').textContent = reason;
  const phone = $('sms-phone');
  const send = $('sms-send');
  const code = $('sms-code');
  const check = $('sms-check');
  const status = $('sms-status');
  phone.value = number;
  const say = (text, bad = false) => {
    status.textContent = text;
    status.classList.toggle('bad', bad);
  };
  let timer = 0;
  const countdown = () => {
    let left = RESEND_SECONDS;
    send.disabled = true;
    const tick = () => {
      if (left <= 0) {
        send.disabled = false;
        send.textContent = '重新获取';
        return;
      }
      send.textContent = `${left--} 秒后可重新获取`;
      timer = window.setTimeout(tick, 1000);
    };
    tick();
  };

  return new Promise((resolve) => {
    send.addEventListener('click', async () => {
      const n = phone.value.replace(/\s+/g, '');
      if (!VALID.test(n)) { say('请输入正确的 11 位手机号。', true); phone.focus(); return; }
      send.disabled = true;
      try {
        const r = await backend('sms/send', { phoneNumber: n });
        if (r.code !== 'OK') { say(sendRefusal(r.code, r.message), true); send.disabled = false; return; }
        say(`验证码已发送至 ${n.slice(0, 3)}****${n.slice(7)}，5 分钟内有效。`);
        countdown();
        code.focus();
      } catch (e) {
        say(`短信服务暂时不可用：${e.message}`, true);
        send.disabled = false;
      }
    });
    check.addEventListener('click', async () => {
      const n = phone.value.replace(/\s+/g, '');
      const c = code.value.trim();
      if (!VALID.test(n)) { say('请输入正确的 11 位手机号。', true); return; }
      if (!/^[0-9A-Za-z]{4,8}$/.test(c)) { say('请输入短信中的 4 到 8 位验证码。', true); code.focus(); return; }
      check.disabled = true;
      try {
        const r = await backend('sms/check', { phoneNumber: n, verifyCode: c });
        if (r.code === 'OK' && r.verifyResult === 'PASS') {
          window.clearTimeout(timer);
          box.hidden = true;
          resolve(n);
          return;
        }
        say(r.code === 'OK' ? '验证码错误或已失效，请重新输入或重新获取。' : `${r.code} · ${r.message}`, true);
      } catch (e) {
        say(`短信服务暂时不可用：${e.message}`, true);
      }
      check.disabled = false;
    });
  });
}
