// The login page's DOM, imported by src/platform/login_page.rs: plain DOM calls, each written once. Every decision
// stays in Rust: this file only draws, reads, writes and forwards events.
// Written for old engines too (iOS 12 Safari, Chrome 61 WebViews): no `globalThis`, no `queueMicrotask`.

const EVENTS = ['click', 'input', 'keydown', 'paste', 'focusin'];
// Keys a digit input handles itself (Rust decides what they do; the browser's default must not run).
const DIGIT_KEYS = ['Backspace', 'ArrowLeft', 'ArrowRight', 'Enter'];

/**
 * Draws the page into the element with id `mount` (or the body); returns the page handle. Throws a message.
 * `customHtml` (customView.element) goes into the host's light DOM, shown through the page's `pns-custom` slot: the
 * page's own scripts find it with `document.querySelector` and its inline handlers run in the page's scope, as on
 * the vendor's page. `customCss` (customView.style) goes beside it, so it styles it.
 */
export function pageOpen(html, mount, hostStyle, customHtml, customCss) {
  const doc = typeof document === 'undefined' ? undefined : document;
  if (!doc) throw 'there is no document to draw the login page in';
  const parent = mount === undefined ? doc.body : doc.getElementById(mount);
  if (!parent) {
    throw mount === undefined
      ? 'the document has no <body>'
      : `getLoginToken: authPageOption.mount names no element (id "${mount}"): render the element first, or leave mount out`;
  }
  const host = doc.createElement('pns-login-page');
  host.setAttribute('style', hostStyle);
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = html;
  let custom = null;
  if (customHtml !== undefined) {
    custom = doc.createElement('div');
    custom.setAttribute('slot', 'pns-custom');
    if (customCss !== undefined) {
      const style = doc.createElement('style');
      style.textContent = customCss;
      custom.appendChild(style);
    }
    custom.insertAdjacentHTML('beforeend', customHtml);
    host.appendChild(custom);
  }
  const before = doc.activeElement;
  parent.appendChild(host);
  // A page without a viewport meta is laid out 980 px wide on phones, which would draw the full-screen login page
  // at a third of its size (16 px text as 5 px at 320 px): such a page gets one while the login page is open.
  let meta = null;
  if (mount === undefined && doc.head && !doc.querySelector('meta[name="viewport"]')) {
    meta = doc.createElement('meta');
    meta.name = 'viewport';
    meta.content = 'width=device-width,initial-scale=1';
    doc.head.appendChild(meta);
  }
  return { host, root, custom, before, meta, modal: mount === undefined };
}

/**
 * Routes the page's events to `handler(what, value)`: `what` is `type:action:index` of the closest element with
 * `data-a`/`data-i` (Escape is reported wherever the focus is), `value` the input's value, the pasted text or the key.
 */
export function pageListen(page, handler) {
  const on = (ev) => {
    const type = ev.type;
    const el = ev.target && ev.target.closest ? ev.target.closest('[data-a],[data-i]') : null;
    if (!el && type !== 'keydown') return;
    const action = (el && el.getAttribute('data-a')) || '';
    const index = (el && el.getAttribute('data-i')) || '';
    const digit = el && !action && index !== '';
    let value = '';
    if (type === 'keydown') {
      value = ev.key;
      if (value === 'Escape' || (digit && DIGIT_KEYS.includes(value))) ev.preventDefault();
      else if (value !== 'Escape' && !digit) return;
    } else if (type === 'paste') {
      if (!digit) return;
      ev.preventDefault();
      value = (ev.clipboardData && ev.clipboardData.getData('text')) || '';
    } else if (type === 'input') {
      value = el.value || '';
    } else if (type === 'focusin') {
      // Selecting the digit makes typing replace it.
      if (digit && el.select) el.select();
      return;
    }
    handler(`${type}:${action}:${index}`, value);
  };
  page.handler = handler;
  for (const t of EVENTS) page.root.addEventListener(t, on);
  // A modal page keeps Tab and Shift+Tab cycling through the open privacy dialog, else the page, wherever the focus
  // is (a mounted page is part of the host page's order).
  if (!page.modal) return;
  page.tab = (ev) => {
    if (ev.key !== 'Tab') return;
    const root = page.root;
    const box = root.querySelector('.alert:not([hidden]) .ab') || root.querySelector('.page');
    const f = Array.prototype.slice.call(box.querySelectorAll('a[href],button,input,select,textarea,[tabindex="0"]')).filter(
      (e) => !e.disabled && e.getClientRects().length,
    );
    const n = f.length;
    if (!n) return;
    ev.preventDefault();
    const back = ev.shiftKey;
    let i = f.indexOf(root.activeElement);
    if (i < 0) i = back ? 0 : -1;
    f[(i + (back ? n - 1 : 1)) % n].focus();
  };
  document.addEventListener('keydown', page.tab, true);
}

/**
 * Writes to the first element matching `sel`: `name` `text` sets its text and shows it, `value` an input's value,
 * anything else an attribute (`value` undefined removes it).
 */
export function pageSet(page, sel, name, value) {
  const e = page.root.querySelector(sel);
  if (!e) return;
  if (name === 'text') {
    e.textContent = value;
    e.hidden = false;
  } else if (name === 'value') e.value = value;
  else if (value === undefined) e.removeAttribute(name);
  else e.setAttribute(name, value);
}

/**
 * Shows `text` in the element matching `sel` with `style` (CSS text, a style object such as `{ color: 'red' }`, or
 * undefined for none); after `ms` (when > 0) hides it (`hide`) or empties it, unless it was shown again meanwhile.
 */
export function pageShow(page, sel, text, style, ms, hide) {
  const e = page.root.querySelector(sel);
  if (!e) return;
  e.textContent = text;
  e.hidden = false;
  e.removeAttribute('style');
  if (typeof style === 'string') e.style.cssText = style;
  else if (style && typeof style === 'object') Object.assign(e.style, style);
  const shown = (e.pnsShown = (e.pnsShown || 0) + 1);
  if (ms > 0) {
    setTimeout(() => {
      if (e.pnsShown !== shown) return;
      if (hide) e.hidden = true;
      else e.textContent = '';
    }, ms);
  }
}

/** Focuses the element matching `sel`; `select` also selects an input's text. */
export function pageFocus(page, sel, select) {
  const e = page.root.querySelector(sel);
  if (!e) return;
  e.focus();
  if (select && e.select) e.select();
}

/** Whether the checkbox matching `sel` is ticked; `set` 0/1 unticks/ticks it first (-1 only reads). */
export function pageChecked(page, sel, set) {
  const e = page.root.querySelector(sel);
  if (!e) return false;
  if (set >= 0) e.checked = set === 1;
  return !!e.checked;
}

/**
 * Measures `sel` for the 600030 check: `[width, height, opacity (the product up to the host), font size,
 * hidden (1/0: visibility hidden/collapse or display none on it or an ancestor), has content (1/0)]`.
 */
export function pageMeasure(page, sel) {
  const el = page.root.querySelector(sel);
  const win = typeof window === 'undefined' ? undefined : window;
  if (!el || !win) return [0, 0, 0, 0, 1, 0];
  const r = el.getBoundingClientRect();
  let opacity = 1;
  let hidden = 0;
  let e = el;
  while (e) {
    const cs = win.getComputedStyle(e);
    const o = parseFloat(cs.opacity);
    opacity *= Number.isNaN(o) ? 1 : o;
    if (cs.visibility === 'hidden' || cs.visibility === 'collapse' || cs.display === 'none') hidden = 1;
    e = e.parentElement || (e.getRootNode && e.getRootNode().host) || null;
  }
  const size = parseFloat(win.getComputedStyle(el).fontSize);
  const content = (el.textContent || '').trim() !== '' || el.firstElementChild !== null;
  return [r.width, r.height, opacity, Number.isNaN(size) ? 0 : size, hidden, content ? 1 : 0];
}

/**
 * Runs `customView.js`: a function is called with the custom area's element as `this` and argument; a script's text
 * runs as a classic <script> element in the page's global scope (as the vendor's does: its function declarations
 * become globals the element's inline handlers call). Throws what the script throws. A Content-Security-Policy that
 * refuses inline scripts keeps it from running: the nonce of the page's own first `script[nonce]` is reused, and if
 * the script still did not run, the console says so.
 */
export function pageRun(page, js) {
  if (typeof js === 'function') {
    js.call(page.custom, page.custom);
    return;
  }
  const doc = document;
  const s = doc.createElement('script');
  const key = 'pnsCustomRan';
  // The line break ends a trailing `//` comment of the page's script before the marker.
  s.text = `${js}\n;document.currentScript&&(document.currentScript.dataset.${key}='1');`;
  const nonced = doc.querySelector('script[nonce]');
  if (nonced && nonced.nonce) s.nonce = nonced.nonce;
  let failed = false;
  let thrown;
  const onError = (ev) => {
    failed = true;
    thrown = ev.error !== undefined ? ev.error : ev.message;
  };
  window.addEventListener('error', onError);
  try {
    (doc.head || doc.documentElement).appendChild(s);
  } finally {
    window.removeEventListener('error', onError);
    s.remove();
  }
  if (failed) throw thrown;
  if (s.dataset[key] !== '1') {
    console.error(
      "PhoneNumberServer.getLoginToken: authPageOption.customView.js did not run: the page's Content-Security-Policy " +
        "refuses inline scripts. Allow it (a nonce on one of the page's <script> elements is reused, or 'unsafe-inline'), " +
        'or pass customView.js as a function.',
    );
  }
}

/** Removes the page and gives the focus back; harmless when already removed. */
export function pageRemove(page) {
  page.handler = null;
  if (page.tab) document.removeEventListener('keydown', page.tab, true);
  if (page.meta) page.meta.remove();
  page.meta = null;
  if (!page.host.parentNode) return;
  page.host.remove();
  if (page.before && page.before.focus) page.before.focus();
}

/**
 * Calls the page's callback `f(a, b)` in a microtask (so never inside the SDK's own call stack), logging what it
 * throws instead of letting it reach the SDK; `name` is the option's name, for the log.
 */
export function pageLater(f, name, a, b) {
  // A resolved Promise's reaction, not queueMicrotask (missing before iOS 12.2 and Chrome 71).
  Promise.resolve().then(() => {
    try {
      f(a, b);
    } catch (thrown) {
      console.error(`PhoneNumberServer.getLoginToken: the page's \`${name}\` callback threw`, thrown);
    }
  });
}

/**
 * Puts the success payload's page helpers on `o`: `clearInput()`, `focusOn(i)` and `setMessage({...})` reach the
 * page's listener as `helper::0`, `helper::1`, `helper::2` with their argument, and do nothing once the page is gone.
 */
export function pageHelpers(page, o) {
  ['clearInput', 'focusOn', 'setMessage'].forEach((name, i) => {
    o[name] = (arg) => {
      if (page.handler) page.handler(`helper::${i}`, arg);
    };
  });
}
