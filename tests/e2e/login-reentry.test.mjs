// Page code that calls back into the SDK synchronously, from inside the SDK's own DOM calls: `customView.js`
// calling closeLoginPage() while the page is being drawn, a focusin listener (on the page's open shadow root: focus
// moves inside it do not reach the document) closing the page or typing into it while the SDK moves the focus, and a `messageStyle` getter calling the page helpers while setMessage
// applies it. None may panic (a held RefCell borrow would: BorrowMutError, then the module aborts): the calls end as
// documented, nothing reaches the console or the page's error handler, and the SDK keeps working.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useGatewayAndBrowser } from './setup.mjs';
import {
  digit, ended, loginButton, loginPage, loginPhone, startLogin, tickAgreement, typeDigits,
} from './login-helpers.mjs';

const env = useGatewayAndBrowser();

/** Page errors, and console errors from the SDK or the module: a panic shows as one ("unreachable", "borrowed"). */
const troubles = (logs) => logs.filter((l) => l.type === 'pageerror'
  || (l.type === 'error' && /PhoneNumberServer|unreachable|borrow|RuntimeError|panicked/i.test(l.text)));

/** The SDK still works after the re-entry: a new login page opens, and back ends it with 700000. */
async function stillWorks(page) {
  await startLogin(page);
  await loginPage(page).waitFor();
  await page.locator('pns-login-page [data-a="back"]').click();
  const log = await ended(page, 0);
  assert.equal(log.calls[0].payload.code, 700000, JSON.stringify(log.calls));
}

test('customView.js calling closeLoginPage() while the page is drawn ends the call with 600011', async (t) => {
  const { page, logs } = await loginPhone(t, env);
  await startLogin(page, {}, {
    extra: `{ authPageOption: { showCustomView: true, customView: {
      element: '<p class="mine">活动</p>',
      js: function () { window.closedFromCustomView = String(window.sdk.closeLoginPage()); },
    } } }`,
  });
  const log = await ended(page);
  assert.equal(await page.evaluate(() => window.closedFromCustomView), 'undefined', 'closeLoginPage() returned');
  assert.equal(log.calls.length, 1);
  assert.equal(log.calls[0].kind, 'error');
  assert.equal(log.calls[0].payload.code, 600011);
  assert.match(log.calls[0].payload.detail, /closeLoginPage\(\)/);
  assert.deepEqual(log.calls[0].payload.content, []);
  assert.equal(await loginPage(page).count(), 0, 'the page is gone');
  await stillWorks(page);
  assert.deepEqual(troubles(logs), []);
});

/** Adds `listener` for focusin on the open login page's shadow root. */
async function onFocusIn(page, listener) {
  await loginPage(page).waitFor();
  await page.evaluate((src) => {
    document.querySelector('pns-login-page').shadowRoot.addEventListener('focusin', (0, eval)(`(${src})`));
  }, listener);
}

test('a focusin listener that closes the page while the SDK moves the focus', async (t) => {
  const { page, logs } = await loginPhone(t, env);
  await startLogin(page);
  // The third digit gets the focus from the SDK itself (after the second is typed), inside its event handler.
  await onFocusIn(page, String((ev) => {
    const target = ev.composedPath()[0];
    if (target && target.dataset && target.dataset.i === '2') {
      window.sdk.closeLoginPage();
      window.closedOnFocus = true;
    }
  }));
  await typeDigits(page, '12');
  const log = await ended(page);
  assert.equal(await page.evaluate(() => window.closedOnFocus), true);
  assert.equal(log.calls.length, 1);
  assert.equal(log.calls[0].payload.code, 600011);
  assert.equal(await loginPage(page).count(), 0);
  await stillWorks(page);
  assert.deepEqual(troubles(logs), []);
});

test('a focusin listener that types into the page while the SDK moves the focus, then helpers from a getter', async (t) => {
  const { page, logs } = await loginPhone(t, env);
  await startLogin(page, { manualClose: true });
  // When the SDK focuses the second digit, type 2 into it synchronously: the page's handler runs again while its
  // first run is still performing the focus.
  await onFocusIn(page, String((ev) => {
    const target = ev.composedPath()[0];
    if (target && target.dataset && target.dataset.i === '1' && !target.value && !window.typedOnFocus) {
      window.typedOnFocus = true;
      target.value = '2';
      target.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    }
  }));
  await digit(page, 0).click();
  await page.keyboard.type('1', { delay: 20 });
  await page.waitForFunction(() => window.typedOnFocus === true);
  assert.deepEqual(await Promise.all([0, 1, 2, 3].map((i) => digit(page, i).inputValue())), ['1', '2', '', '']);
  // (Where the focus ends is the browser's: the outer focus call selects its input after the nested one moved on.)
  await digit(page, 2).click();
  await page.keyboard.type('34', { delay: 20 });
  assert.deepEqual(await Promise.all([0, 1, 2, 3].map((i) => digit(page, i).inputValue())), ['1', '2', '3', '4']);
  await tickAgreement(page);
  await loginButton(page).click();
  await page.waitForFunction(() => window.login.calls.length === 1);
  const call = await page.evaluate(() => window.login.calls[0]);
  assert.equal(call.kind, 'success', JSON.stringify(call.payload));

  // setMessage applies `messageStyle`; its getter clears the inputs and moves the focus, inside that call.
  await page.evaluate(() => {
    const res = window.login.helpers;
    res.setMessage({
      messageContent: '请核对号码',
      messageStyle: {
        get color() {
          res.clearInput();
          res.focusOn(2);
          return 'rgb(200, 0, 0)';
        },
      },
    });
  });
  const msg = page.locator('pns-login-page .msg');
  assert.equal(await msg.innerText(), '请核对号码');
  assert.equal(await msg.evaluate((e) => getComputedStyle(e).color), 'rgb(200, 0, 0)');
  assert.deepEqual(await Promise.all([0, 1, 2, 3].map((i) => digit(page, i).inputValue())), ['', '', '', '']);
  assert.equal(
    await page.evaluate(() => document.querySelector('pns-login-page').shadowRoot.activeElement?.dataset.i),
    '2',
  );
  await page.evaluate(() => window.sdk.closeLoginPage());
  assert.equal(await loginPage(page).count(), 0);
  await stillWorks(page);
  assert.deepEqual(troubles(logs), []);
});
