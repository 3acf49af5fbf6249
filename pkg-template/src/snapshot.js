// @ts-check
// A guarded plain copy of the options a method knows, taken before anything else reads them. Pages pass objects
// whose getters throw, Proxies whose traps throw, revoked Proxies; reading such an object anywhere later (here or in
// the wasm module) would throw the page's exception out of the method synchronously, with no callback. Each read
// below is in a try, and what the SDK then reads is this copy: plain objects, arrays and the page's own values. The
// wasm side deserialises the copy's objects into its option structs (serde-wasm-bindgen reads the declared fields
// with plain property reads) and takes the page's own values as they are, looking only at their `typeof`
// (src/api/convert.rs); the shapes below list the fields of those structs (core/src/options.rs, auth_page_input.rs).

/** @typedef {0 | 'link' | { [key: string]: Shape }} Shape */

/** `privacyOne` / `privacyTwo`: `[name, url]`, copied as a two-element array. */
const LINK = 'link';

/** The agreement fields of the main page and of the agreement-first page. */
/** @type {{ [key: string]: Shape }} */
const AGREEMENTS = {
  privacyBefore: 0,
  privacyEnd: 0,
  agreeSymbol: 0,
  privacyOne: /** @type {Shape} */ (LINK),
  privacyTwo: /** @type {Shape} */ (LINK),
  privacyVenderIndex: 0,
  vendorPrivacyPrefix: 0,
  vendorPrivacySuffix: 0,
};

/** `authPageOption`: every field of `AuthPageInput` and its nested structs (core/src/auth_page_input.rs). */
/** @type {Shape} */
const PAGE = Object.assign({}, AGREEMENTS, /** @type {{ [key: string]: Shape }} */ ({
  navText: 0,
  subtitle: 0,
  navBackImg: 0,
  logoImg: 0,
  isHideLogo: 0,
  btnText: 0,
  numberLabel: 0,
  privacyCheckedImg: 0,
  isDialog: 0,
  manualClose: 0,
  showCustomView: 0,
  customView: { element: 0, style: 0, js: 0 },
  isShowExtraBtn: 0,
  extraBtn: { text: 0, style: 0, onClick: 0 },
  isFocus: 0,
  mount: 0,
  isPrePageType: 0,
  prePageTypeOption: Object.assign({}, AGREEMENTS, { btnText: 0 }),
  privacyAlertIsNeedShow: 0,
  privacyAlertConfig: {
    isLoginShowPrivacyAlert: 0,
    title: 0,
    btnText: 0,
    privacyAlertIsDialog: 0,
    privacyAlertLoginText: 0,
    privacyAlertMaskIsNeedShow: 0,
    privacyAlertIsNeedAutoLogin: 0,
  },
  style: { zIndex: 0 },
}));

/** @type {{ [key: string]: Shape }} The options of the four asynchronous methods. */
const CALL = {
  success: 0,
  error: 0,
  timeout: 0,
  accessToken: 0,
  jwtToken: 0,
  phoneNumber: 0,
  authPageOption: PAGE,
  watch: 0,
  protocolPageWatch: 0,
  privacyAlertWatch: 0,
  previewPrivacyWatch: 0,
};

/** @type {{ [key: string]: Shape }} The constructor's options. */
export const CONSTRUCTOR = { endpoint: 0, logger: 0 };

/** What a read threw, with the path it was read at. */
class Unreadable {
  /** @param {string} path @param {unknown} thrown */
  constructor(path, thrown) {
    this.path = path;
    this.thrown = thrown;
  }
}

/** What `thrown` says, without trusting it (its `message` getter or `toString` may throw too). @param {unknown} thrown */
export function describe(thrown) {
  try {
    if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
    return String(thrown);
  } catch (e) {
    return 'an exception that cannot be shown';
  }
}

/** @param {unknown} value @param {Shape} shape @param {string} path @returns {unknown} */
function copy(value, shape, path) {
  if (shape === 0) return value;
  let isObject;
  try {
    isObject = value !== null && typeof value === 'object';
  } catch (e) {
    throw new Unreadable(path, e);
  }
  if (!isObject) return value;
  const source = /** @type {Record<string, unknown>} */ (value);
  if (shape === LINK) {
    const out = [];
    for (let i = 0; i < 2; i++) {
      try {
        out.push(source[i]);
      } catch (e) {
        throw new Unreadable(`${path}[${i}]`, e);
      }
    }
    return out;
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const key of Object.keys(shape)) {
    const at = path ? `${path}.${key}` : key;
    let v;
    try {
      v = source[key];
    } catch (e) {
      throw new Unreadable(at, e);
    }
    if (v !== undefined) out[key] = copy(v, shape[key], at);
  }
  return out;
}

/**
 * The options as a plain copy (`value`), and why a field could not be read (`problem`: its path and what reading it
 * threw; '' when every read worked). Each top-level field is read on its own, so `success` and `error` are in the
 * copy even when another field throws, and the failure reaches the page's own `error` callback. A value that is not
 * an object is returned as it is: the SDK's own validation reports it.
 * @param {unknown} options @param {{ [key: string]: Shape }} [shape]
 * @returns {{ value: any, problem: string }}
 */
export function snapshot(options, shape = CALL) {
  let problem = '';
  /** @param {unknown} e */
  const explain = (e) => {
    if (!(e instanceof Unreadable)) return `the options could not be read (${describe(e)})`;
    const where = e.path ? `\`${e.path}\`` : 'the options object';
    return `${where} could not be read: reading it threw ${describe(e.thrown)}`;
  };
  if (options === null || typeof options !== 'object') return { value: options, problem };
  const source = /** @type {Record<string, unknown>} */ (options);
  /** @type {Record<string, unknown>} */
  const value = {};
  for (const key of Object.keys(shape)) {
    try {
      let v;
      try {
        v = source[key];
      } catch (e) {
        throw new Unreadable(key, e);
      }
      if (v !== undefined) value[key] = copy(v, shape[key], key);
    } catch (e) {
      if (!problem) problem = explain(e);
    }
  }
  return { value, problem };
}
