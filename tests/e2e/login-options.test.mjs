// Each authPageOption field changes what it should, checked in the login page's DOM (table-driven: one row per
// field, each row one getLoginToken on the same phone, closed with closeLoginPage before the next).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authTokens } from './helpers.mjs';
import { useGatewayAndBrowser } from './setup.mjs';
import { ended, loginPhone, startLogin } from './login-helpers.mjs';

const env = useGatewayAndBrowser();

/** Reads the page inside its shadow root: `probe` is a function source run with `root` and `host`. */
const read = (page, probe) => page.evaluate((src) => {
  const host = document.querySelector('pns-login-page');
  const root = host.shadowRoot;
  return (0, eval)(`(${src})`)(root, host);
}, probe);

const text = (sel) => `(root) => root.querySelector(${JSON.stringify(sel)})?.textContent ?? null`;
const links = '(root) => [...root.querySelectorAll(\'[data-view="main"] .agree a\')].map((a) => a.textContent)';

const ROWS = [
  ['navText', { navText: '欢迎登录' }, text('.title'), '欢迎登录'],
  ['subtitle', { subtitle: '登录后同步行程' }, text('.sub'), '登录后同步行程'],
  ['navBackImg', { navBackImg: 'https://example.com/back.png' }, '(root) => root.querySelector(".back img")?.getAttribute("src")', 'https://example.com/back.png'],
  ['logoImg', { logoImg: '/logo.png' }, '(root) => root.querySelector("img.logo")?.getAttribute("src")', '/logo.png'],
  ['isHideLogo', { isHideLogo: true }, '(root) => root.querySelectorAll(".logo").length', 0],
  ['btnText', { btnText: '同意并登录' }, text('[data-a="login"]'), '同意并登录'],
  ['numberLabel', { numberLabel: '你的号码' }, text('#nl'), '你的号码'],
  ['privacyBefore', { privacyBefore: '登录即同意' }, text('label[for="ck"]'), '登录即同意'],
  ['privacyEnd', { privacyEnd: '。' }, '(root) => root.querySelector("#ckl").textContent.endsWith("。")', true],
  ['agreeSymbol + privacyOne/Two', { agreeSymbol: '、', privacyOne: ['《用户协议》', '/t'], privacyTwo: ['《隐私政策》', '/p'] },
    '(root) => root.querySelector("#ckl").textContent', '我已阅读并同意《用户协议》、《隐私政策》、《中国移动认证服务条款》'],
  ['privacyVenderIndex 0', { privacyVenderIndex: 0, privacyOne: ['《用户协议》', '/t'] }, links, ['《中国移动认证服务条款》', '《用户协议》']],
  ['privacyVenderIndex 1', { privacyVenderIndex: 1, privacyOne: ['《一》', '/1'], privacyTwo: ['《二》', '/2'] }, links, ['《一》', '《中国移动认证服务条款》', '《二》']],
  ['vendorPrivacyPrefix/Suffix', { vendorPrivacyPrefix: '「', vendorPrivacySuffix: '」' }, links, ['「中国移动认证服务条款」']],
  ['privacyCheckedImg', { privacyCheckedImg: '/ok.png' }, '(root) => [...root.querySelectorAll("style")].some((s) => s.textContent.includes("/ok.png"))', true],
  ['isDialog', { isDialog: true }, '(root) => [!!root.querySelector(".page.dialog"), !!root.querySelector(".mask")]', [true, true]],
  // The element is in the page's own DOM (shown through the login page's slot), as on the vendor's page; js runs
  // as a classic script in the page's global scope.
  ['showCustomView + customView', { showCustomView: true, customView: { element: '<p class="mine">活动</p>', style: '.mine{color:rgb(1, 2, 3)}', js: 'document.querySelector(".mine").dataset.ran = "1"' } },
    '() => { const m = document.querySelector(".mine"); return [m.textContent, getComputedStyle(m).color, m.dataset.ran, !!m.parentElement.assignedSlot]; }', ['活动', 'rgb(1, 2, 3)', '1', true]],
  ['customView needs showCustomView', { customView: { element: '<p class="mine">活动</p>' } }, '() => document.querySelectorAll(".mine").length', 0],
  ['isShowExtraBtn + extraBtn', { isShowExtraBtn: true, extraBtn: { text: '短信登录', style: 'color:rgb(4, 5, 6)' } },
    '(root) => { const b = root.querySelector("[data-a=extra]"); return [b.textContent, getComputedStyle(b).color]; }', ['短信登录', 'rgb(4, 5, 6)']],
  ['isFocus', { isFocus: true }, '(root) => root.activeElement?.dataset.i ?? null', '0'],
  ['isFocus default: the title', {}, '(root) => root.activeElement?.id ?? null', 't'],
  ['style.zIndex', { style: { zIndex: 4321 } }, '(root, host) => getComputedStyle(host).zIndex', '4321'],
  ['isPrePageType + prePageTypeOption', { isPrePageType: true, prePageTypeOption: { btnText: '继续', privacyBefore: '请先阅读' } },
    '(root) => [root.querySelector("[data-a=pre]").textContent, root.querySelector("label[for=pk]").textContent, root.querySelector("[data-view=main]").hidden]', ['继续', '请先阅读', true]],
  ['privacyAlertIsNeedShow + privacyAlertConfig', {
    privacyAlertIsNeedShow: true,
    privacyAlertConfig: { title: '请同意条款', btnText: '好的', privacyAlertIsNeedAutoLogin: false, privacyAlertIsDialog: false, privacyAlertMaskIsNeedShow: false },
  }, '(root) => { const a = root.querySelector(".alert"); return [a.hidden, root.querySelector("#at").textContent, root.querySelector("[data-a=alert-ok]").textContent, a.classList.contains("sheet"), a.classList.contains("dim")]; }',
  [true, '请同意条款', '好的', true, false]],
  ['privacyAlertLoginText (auto login)', { privacyAlertIsNeedShow: true, privacyAlertConfig: { privacyAlertLoginText: '同意并继续登录' } }, text('[data-a="alert-ok"]'), '同意并继续登录'],
];

test('every authPageOption field shows in the DOM', async (t) => {
  const { page, context } = await loginPhone(t, env);
  for (const [i, [name, option, probe, want]] of ROWS.entries()) {
    // A visit's identity check allows 10 masks (carrier::MAX_MASKS_PER_TICKET): a new visit every 8 rows.
    if (i > 0 && i % 8 === 0) {
      const tokens = await authTokens(context, env.gw, { bizType: 1 });
      await page.evaluate((tk) => window.sdk.checkLoginAvailable(tk), tokens);
    }
    await startLogin(page, option);
    await page.locator('pns-login-page').waitFor();
    await page.waitForFunction(() => window.login.events.some(([s]) => s === 1));
    const got = await read(page, probe);
    assert.deepEqual(got, want, `${name}: ${JSON.stringify(got)}`);
    await page.evaluate(() => window.sdk.closeLoginPage());
    await ended(page, 0);
  }
});

test('mount draws the page inside the named element; a missing element is 600028', async (t) => {
  const { page } = await loginPhone(t, env);
  await page.evaluate(() => { const d = document.createElement('div'); d.id = 'login-root'; document.body.append(d); });
  await startLogin(page, { mount: 'login-root' });
  await page.locator('#login-root > pns-login-page').waitFor();
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('pns-login-page')).position), 'relative');
  await page.evaluate(() => window.sdk.closeLoginPage());
  await ended(page, 0);
  await startLogin(page, { mount: 'nowhere' });
  const log = await ended(page, 0);
  assert.equal(log.calls[0].payload.code, 600028);
  assert.match(log.calls[0].payload.detail, /mount/);
});
