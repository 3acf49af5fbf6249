// The exact keys of every payload the SDK hands a page, in the order the SDK writes them: one list, checked twice.
// types-test.ts proves index.d.ts declares exactly these keys (`tsc --noEmit -p pkg-template`), and
// tests/e2e/payload-keys.test.mjs proves the SDK's runtime payloads carry exactly these keys. Not shipped.

export const PAYLOAD_KEYS = /** @type {const} */ ({
  checkSuccess: ['code', 'msg', 'requestId'],
  verifyTokenSuccess: ['code', 'msg', 'spToken', 'isSuccess', 'vender', 'requestId'],
  /** With its three page helpers (functions). */
  loginTokenSuccess: ['code', 'msg', 'spToken', 'vender', 'requestId', 'clearInput', 'focusOn', 'setMessage'],
  /** An error payload without `content`. */
  error: ['code', 'msg', 'requestId', 'detail'],
  /** An error payload with `content` (600011, 600018, 600010 when no carrier was reached, 600025 from the gateway). */
  errorWithContent: ['code', 'msg', 'requestId', 'detail', 'content'],
  carrierFailure: ['code', 'msg', 'isSuccess', 'vender', 'carrier', 'detail'],
  carrierDetail: ['carrierTraceId', 'carrierSdkCode', 'carrierRespCode', 'carrierSdkMsg'],
  gatewayContent: ['code', 'msg'],
  env: ['isPc', 'isWifi'],
  watchData: ['requestId', 'netType'],
  watchLinkData: ['requestId', 'netType', 'link', 'name'],
  privacyClosedData: ['requestId', 'netType', 'agreed'],
});
