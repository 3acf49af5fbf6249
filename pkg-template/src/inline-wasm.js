// @ts-check
// How the wasm travels inside a JS file: its code section regrouped by kind (unpack/src/streams.rs), then
// LZMA-compressed, then base64. scripts/build.sh packs it with `xz --format=raw --lzma1=…,lc=1,lp=0,pb=0` and puts
// the module's length (4 bytes, little-endian) in front. Both steps together pack this module about 21 % smaller
// than the server's gzip does, and base64 of packed bytes costs almost nothing on the wire (gzip and brotli code 64
// evenly used characters in 6 bits each). The decoder is the small wasm module built from unpack/ (Rust, about
// 3 KB), inlined as base64 too: a JS range decoder leaves V8's small integers on every step and took about 33 ms on
// first use, against about 14 ms for the wasm one, `atob` included (bench/size.md).
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
 * @param {string} packed base64 of the module's length (u32, little-endian), then the raw LZMA stream of its
 *   regrouped bytes
 * @param {string} unpacker base64 of the decoder module (unpack/)
 * @returns {Uint8Array<ArrayBuffer>} the module's bytes (a view into the decoder's memory, dropped with it)
 * @throws {Error} if the stream does not unpack, or a DOMException if a text is not base64 (never for the texts
 *   this build wrote and checked)
 */
export function decode(packed, unpacker) {
  const x = /** @type {{ memory: WebAssembly.Memory, u: (src: number, srcLen: number, out: number, outLen: number) => number }} */ (
    /** @type {unknown} */ (new WebAssembly.Instance(new WebAssembly.Module(bytesOf(unpacker))).exports)
  );
  const src = bytesOf(packed);
  const size = (src[0] | (src[1] << 8) | (src[2] << 16) | (src[3] << 24)) >>> 0;
  // The stream, the output and the decoder's scratch space (the LZMA output: the module's size and a 60-byte
  // header) go past the decoder's own memory (its stack), in pages added for them.
  const at = x.memory.buffer.byteLength;
  const n = src.length - 4;
  x.memory.grow(Math.ceil((n + 2 * size + 60) / 65536));
  new Uint8Array(x.memory.buffer, at, n).set(src.subarray(4));
  const failed = x.u(at, n, at + n, size);
  if (failed) throw new Error(`the inlined module did not unpack (error ${failed})`);
  return new Uint8Array(x.memory.buffer, at + n, size);
}
