// @ts-check
// How the wasm travels inside a JS file: LZMA-compressed, then base64. scripts/build.sh packs it with
// `xz --format=raw --lzma1=…,lc=3,lp=0,pb=0` and puts the module's length (4 bytes, little-endian) in front.
// LZMA packs this module about 14 % smaller than the server's gzip does, and base64 of packed bytes costs almost
// nothing on the wire (gzip and brotli code 64 evenly used characters in 6 bits each). The decoder is the small
// wasm module built from unpack/ (Rust, about 2.4 KB), inlined as base64 too: a JS range decoder leaves V8's
// small integers on every step and took about 33 ms on first use, against about 10 ms for the wasm one
// (bench/size.md).
// `decode` runs in the shim once, on the first `new PhoneNumberServer()`, and scripts/build.sh runs it on every
// build to check that it gives the module back byte for byte.

/** @param {string} base64 @returns {Uint8Array<ArrayBuffer>} */
function bytesOf(base64) {
  const s = atob(base64);
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/**
 * Unpacks the inlined module.
 * @param {string} packed base64 of the module's length (u32, little-endian), then its raw LZMA stream
 * @param {string} unpacker base64 of the decoder module (unpack/)
 * @returns {Uint8Array<ArrayBuffer>} the module's bytes (a view into the decoder's memory, dropped with it)
 * @throws {Error} if the stream does not unpack (never for the text this build wrote and checked)
 */
export function decode(packed, unpacker) {
  const x = /** @type {{ memory: WebAssembly.Memory, unpack_into: (text: number, textLen: number, out: number, outLen: number) => number }} */ (
    /** @type {unknown} */ (new WebAssembly.Instance(new WebAssembly.Module(bytesOf(unpacker))).exports)
  );
  const head = bytesOf(packed.slice(0, 8));
  const size = (head[0] | (head[1] << 8) | (head[2] << 16) | (head[3] << 24)) >>> 0;
  // The text and the output go past the decoder's own memory (its stack), in pages added for them. The text is
  // copied in by the browser's encoder (ASCII, one byte per character) and base64-decoded by the module.
  const at = x.memory.buffer.byteLength;
  x.memory.grow(Math.ceil((packed.length + size) / 65536));
  new TextEncoder().encodeInto(packed, new Uint8Array(x.memory.buffer, at, packed.length));
  const failed = x.unpack_into(at, packed.length, at + packed.length, size);
  if (failed) throw new Error(`the inlined module did not unpack (error ${failed})`);
  return new Uint8Array(x.memory.buffer, at + packed.length, size);
}
