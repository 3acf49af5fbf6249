// Styles are scoped both ways: a host page with hostile global CSS cannot hide or restyle the login page (its
// parts keep the styles they have on a plain page, the login completes, no 600030), and the login page's CSS does
// not reach the host page's elements (their computed styles and boxes stay as they were while it is open).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useGatewayAndBrowser } from './setup.mjs';
import {
  ended, loginButton, loginPage, loginPhone, shot, startLogin, tickAgreement, typeDigits,
} from './login-helpers.mjs';

const env = useGatewayAndBrowser();

/** Global rules a careless (or hostile) host page may carry. */
const HOSTILE = `
* { all: revert; color: red !important; font-size: 40px !important; display: block !important;
    font-family: serif !important; line-height: 3 !important; letter-spacing: 9px !important; }
button { display: none !important; }
input { visibility: hidden !important; }
div { opacity: 0 !important; }
p, h1, h2, span, a, label { visibility: hidden !important; }
[class], [id], [role], [data-a] { transform: scale(0) !important; }
pns-login-page, body > * { display: none !important; opacity: 0 !important; position: static !important;
    width: 0 !important; height: 0 !important; overflow: hidden !important; filter: blur(9px) !important; }
pns-login-page::before, body > ::after { content: "广告" !important; display: block !important; position: fixed !important; inset: 0 !important;
    background: red !important; z-index: 2147483647 !important; }
:host, :host * { display: none !important; }
html { font-size: 5px !important; }
#too-wide { width: 900px !important; height: 10px !important; }
`;

/** The host page's own elements and their own styles. */
const OWN = `
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>.own-card { margin: 12px; padding: 8px; border: 3px solid rgb(0, 128, 0); color: rgb(10, 20, 30); }
.own-card a { color: rgb(200, 0, 100); } .own-card button { border-radius: 3px; }</style>
<div class="own-card" id="own"><h2>我的页面</h2><p>正文 <a href="#x">链接</a></p><button type="button">按钮</button><input value="x"></div>`;

const PARTS = {
  host: null, page: '.page', title: '.title', back: '.back', 'back icon': '.back svg', digit0: '.d[data-i="0"]',
  digit3: '.d[data-i="3"]', button: '[data-a="login"]', agreements: '[data-view="main"] .agree', checkbox: '#ck',
  link: '[data-view="main"] .agree a',
};
const PROPS = ['display', 'visibility', 'opacity', 'color', 'fontSize', 'fontFamily', 'transform', 'position', 'filter', 'letterSpacing'];

/** Computed styles and boxes of the login page's parts, and what covers their centres. */
const measureLogin = (page) => page.evaluate(([parts, props]) => {
  const host = document.querySelector('pns-login-page');
  const out = {};
  for (const [name, sel] of Object.entries(parts)) {
    const e = sel ? host.shadowRoot.querySelector(sel) : host;
    const cs = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    const hit = sel ? host.shadowRoot.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) : null;
    out[name] = {
      ...Object.fromEntries(props.map((p) => [p, cs[p]])),
      w: Math.round(r.width), h: Math.round(r.height), x: Math.round(r.x), y: Math.round(r.y),
      on_top: sel ? hit === e || e.contains(hit) : true,
    };
  }
  const pseudo = ['::before', '::after'].map((p) => getComputedStyle(host, p).content);
  return { out, pseudo };
}, [PARTS, PROPS]);

const measureOwn = (page) => page.evaluate((props) => [...document.querySelectorAll('#own, #own *')].map((e) => {
  const cs = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return { tag: e.tagName, ...Object.fromEntries([...props, 'margin', 'padding', 'borderTop', 'boxSizing', 'lineHeight', 'borderRadius'].map((p) => [p, cs[p]])), box: [r.x, r.y, r.width, r.height] };
}), PROPS);

async function openAndMeasure(page) {
  await startLogin(page);
  await loginPage(page).waitFor({ state: 'attached' });
  await page.waitForFunction(() => window.login.events.some(([s]) => s === 1));
  return measureLogin(page);
}

test('hostile host CSS does not reach the login page: same styles as on a plain page, the login completes', async (t) => {
  const { page } = await loginPhone(t, env);
  const plain = await openAndMeasure(page);
  for (const [name, m] of Object.entries(plain.out)) {
    assert.ok(m.w > 0 && m.h > 0 && m.on_top && m.visibility === 'visible' && m.display !== 'none', `${name} on a plain page: ${JSON.stringify(m)}`);
  }
  await page.evaluate(() => window.sdk.closeLoginPage());
  await ended(page, 0);

  // …plus an element wider than the screen: the browser widens the layout viewport to it, and a page sized by
  // `inset: 0` alone would be drawn 900 px wide with its middle off screen.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div id="too-wide"></div>'));
  await page.addStyleTag({ content: HOSTILE });
  const hostile = await openAndMeasure(page);
  await shot(page, 'login-hostile-css.png');
  for (const name of Object.keys(PARTS)) {
    assert.deepEqual(hostile.out[name], plain.out[name], `${name} under hostile CSS`);
  }
  assert.deepEqual(hostile.pseudo, ['none', 'none'], 'no host-page ::before/::after drawn over the login page');

  // A person can still do everything, and the 600030 check at submit finds the page intact.
  await typeDigits(page, '1234');
  await tickAgreement(page);
  await loginButton(page).click();
  const log = await ended(page);
  assert.equal(log.calls[0].kind, 'success', JSON.stringify(log.calls[0].payload));
});

test('the login page leaks no CSS: the host page looks the same while it is open (full page and mounted)', async (t) => {
  const { page } = await loginPhone(t, env);
  await page.evaluate((html) => {
    document.head.insertAdjacentHTML('beforeend', html.slice(0, html.indexOf('<div')));
    document.body.insertAdjacentHTML('afterbegin', html.slice(html.indexOf('<div')));
    const box = document.createElement('section');
    box.id = 'mount-here';
    document.body.append(box);
  }, OWN);
  const before = await measureOwn(page);
  assert.equal(before[0].color, 'rgb(10, 20, 30)', 'the fixture styles its own elements');
  assert.equal(before.find((e) => e.tag === 'A').color, 'rgb(200, 0, 100)');
  for (const option of [{}, { isDialog: true }, { mount: 'mount-here' }]) {
    await startLogin(page, option);
    await loginPage(page).waitFor();
    await page.waitForFunction(() => window.login.events.some(([s]) => s === 1));
    assert.deepEqual(await measureOwn(page), before, `host elements unchanged with ${JSON.stringify(option)}`);
    assert.equal(await page.evaluate(() => document.querySelectorAll('style, link[rel=stylesheet]').length), 1, 'no style element added to the document');
    await page.evaluate(() => window.sdk.closeLoginPage());
    await ended(page, 0);
  }
  assert.deepEqual(await measureOwn(page), before, 'and after it closed');
});
