// @ts-check
// How the wasm travels inside a JS file: one byte → one or two printable ASCII characters, chosen by how often
// each byte value occurs. Unlike base64, which regroups bytes in threes and so hides repeats from gzip/brotli,
// this keeps every repeated byte run a repeated character run: the script file gzips to about the wasm's own
// gzip size (base64 cost about 17 KB more, gzip). ASCII only, so a page served as GBK still reads it right.
// `encode` runs in scripts/build.sh; `decode` in the shim, once, on the first `new PhoneNumberServer()`.

/** Printable ASCII without `"`, `\` and `<` (safe inside "…" and inside an inline <script>). 92 characters. */
function alphabet() {
  let a = '';
  for (let c = 32; c < 127; c++) if (c !== 34 && c !== 92 && c !== 60) a += String.fromCharCode(c);
  return a;
}
/** The last PREFIXES characters start a two-character code; the others stand alone. */
const PREFIXES = 2;

/**
 * @param {Uint8Array} bytes
 * @returns {{ key: string, data: string }} `key`: the 256 byte values, most frequent first (hex); `data`: the text
 */
export function encode(bytes) {
  const abc = alphabet();
  const singles = abc.length - PREFIXES;
  const count = new Array(256).fill(0);
  for (const b of bytes) count[b]++;
  const order = [...Array(256).keys()].sort((a, b) => count[b] - count[a] || a - b);
  /** @type {string[]} */
  const code = new Array(256);
  order.forEach((b, rank) => {
    const j = rank - singles;
    code[b] = j < 0 ? abc[rank] : abc[singles + Math.floor(j / abc.length)] + abc[j % abc.length];
  });
  let data = '';
  for (const b of bytes) data += code[b];
  return { key: order.map((b) => b.toString(16).padStart(2, '0')).join(''), data };
}

/** @param {{ key: string, data: string }} encoded @returns {Uint8Array} */
export function decode({ key, data }) {
  const abc = alphabet();
  const singles = abc.length - PREFIXES;
  const index = new Int16Array(128);
  for (let i = 0; i < abc.length; i++) index[abc.charCodeAt(i)] = i;
  const byteOf = new Uint8Array(256);
  for (let r = 0; r < 256; r++) byteOf[r] = parseInt(key.substr(r * 2, 2), 16);
  const out = new Uint8Array(data.length);
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    let rank = index[data.charCodeAt(i)];
    if (rank >= singles) rank = singles + (rank - singles) * abc.length + index[data.charCodeAt(++i)];
    out[n++] = byteOf[rank];
  }
  return out.subarray(0, n);
}
