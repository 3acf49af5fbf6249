// @ts-check
// The synchronous methods' answers when the wasm module could not start (no WebAssembly, e.g. iOS Lockdown Mode, or
// a compile refused by a Content-Security-Policy): the page's `getVersion()` / `checkEnvAvailable()` /
// `getConnection()` still answer, and every asynchronous call ends with 600008 so its SMS fallback takes over.
// The same rules as src/core/env.rs; the native test `core::js_ties` ties VERSION, MOBILE_TOKENS and DESKTOP_IN_APP
// to the crate's version and env.rs's lists, one entry per line in this form.

export const VERSION = '1.0.0';

/** Tokens of phone and tablet user agents (compared case-insensitively). */
const MOBILE_TOKENS = [
  'android',
  'iphone',
  'ipad',
  'ipod',
  'mobile',
  'harmonyos',
  'openharmony',
  'arkweb',
  'micromessenger',
  'alipayclient',
  'windows phone',
  'blackberry',
  'bb10',
  'opera mini',
  'kaios',
  'tablet',
  'silk/',
];

/** WeChat's desktop builds, whose user agents carry `MicroMessenger` too. */
const DESKTOP_IN_APP = [
  'windowswechat',
  'macwechat',
];

/** `navigator`, if there is one. @returns {any} */
function nav() {
  return typeof navigator === 'undefined' ? undefined : navigator;
}

/** @returns {'wifi' | 'cellular' | 'unknown'} */
export function connectionFallback() {
  const n = nav();
  const type = n && n.connection ? n.connection.type : undefined;
  return type === 'wifi' || type === 'cellular' ? type : 'unknown';
}

/** @returns {{ isPc: boolean, isWifi: boolean }} */
export function envFallback() {
  const n = nav();
  const ua = String((n && n.userAgent) || '').toLowerCase();
  const has = (/** @type {string} */ t) => ua.indexOf(t) >= 0;
  const mobile = MOBILE_TOKENS.some(has) && !DESKTOP_IN_APP.some(has);
  const ipadAsMac = has('macintosh') && Number(n && n.maxTouchPoints) > 1;
  return { isPc: !(mobile || ipadAsMac), isWifi: connectionFallback() === 'wifi' || has('nettype/wifi') };
}
