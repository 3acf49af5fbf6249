// @ts-check
// The inlined module's text back into bytes (scripts/inline-wasm.mjs writes it: base64 of the optimised module).
// Runs once, on the first `new PhoneNumberServer()`. Where the engine has `Uint8Array.fromBase64` (Chrome 140,
// Safari 18.2, Firefox 133) it does the whole job natively; elsewhere `atob` and a copy loop, which in a cold page
// runs in V8's interpreter and takes a few milliseconds for this module (bench/REPORT.md, "decode").

/**
 * @param {string} base64
 * @returns {Uint8Array} the module's bytes
 * @throws {DOMException | SyntaxError} if the text is not base64 (never for the text the build wrote)
 */
export function decode(base64) {
  const U8 = /** @type {typeof Uint8Array & { fromBase64?: (s: string) => Uint8Array }} */ (Uint8Array);
  if (typeof U8.fromBase64 === 'function') return U8.fromBase64(base64);
  const s = atob(base64);
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}
