// @ts-check
// `requestId`s: one UUID v4 generator for the shim's own failures and, imported by src/platform/random.rs, for
// every call the wasm module runs (scripts/build.sh points the glue's import at this file, so a bundle has it once).

/**
 * A fresh UUID v4 from `crypto.getRandomValues` (`randomUUID` exists only in secure contexts), or from
 * `Math.random` where WebCrypto is missing.
 * @returns {string}
 */
export function requestId() {
  const b = new Uint8Array(16);
  try {
    crypto.getRandomValues(b);
  } catch {
    for (let i = 0; i < 16; i++) b[i] = Math.random() * 256;
  }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
