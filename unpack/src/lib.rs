//! The decoder that unpacks the SDK's wasm module in the browser.
//!
//! The script-tag file and the npm package carry the SDK's module with its code section regrouped by kind
//! ([`split`], module `streams`) and then compressed with LZMA (`xz --format=raw --lzma1=…,lc=1,lp=0,pb=0`, run by
//! `scripts/build.sh`): about 21 % smaller than the server's gzip makes the module. This crate is the decoder, built
//! as its own tiny wasm module and inlined beside the packed one; `pkg-template/src/inline-wasm.js` instantiates it
//! once and calls `unpack_into` (wasm only), which undoes both steps ([`unpack`], then [`join`]). Written in Rust
//! rather than JS because a range decoder's 32-bit arithmetic leaves V8's small integers on every step: the same
//! algorithm in JS took about 33 ms on first use, against about 14 ms for all of unpacking here (bench/size.md).
//!
//! The decoder follows the LZMA format: a binary range coder, adaptive 11-bit probabilities, literals coded with
//! the previous byte's top `lc` bits as context (and, after a match, steered by the byte at the last distance),
//! matches with lengths from two length coders and distances from slot trees, four recent distances. Its input is
//! this build's own output, checked at build time; it still never reads or writes outside the slices it is given
//! and reports a stream that does not decode to exactly the expected length.
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]

mod streams;

#[cfg(not(target_arch = "wasm32"))]
pub use streams::split;
pub use streams::{join, HEADER, STREAMS};

/// Literal context bits (`lc`): the previous byte's top bit selects the literal model. With the code section
/// regrouped ([`streams`]), one bit measured smallest (three, the LZMA default, was best before).
const LC: u32 = 1;

// Offsets of each probability group in the one model array.
const IS_MATCH: usize = 0; // [state]: pb = 0, so one position state
const IS_REP: usize = 12; // [state]
const IS_REP_G0: usize = 24;
const IS_REP_G1: usize = 36;
const IS_REP_G2: usize = 48;
const IS_REP0_LONG: usize = 60; // [state]
const POS_SLOT: usize = 72; // [min(len, 3)] × 64-leaf bit tree
const SPEC_POS: usize = 328; // reverse bit trees of distances below 128
const ALIGN: usize = 442; // the low 4 bits of long distances
const LEN: usize = 458; // match lengths: choice, choice2, low[8], mid[8], high[256]
const REP_LEN: usize = 732; // repeated-match lengths, the same layout
const LITERAL: usize = 1006; // 0x300 per literal context
const PROBS: usize = LITERAL + (0x300 << LC);

/// Why a stream did not unpack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// A match refers to bytes before the start of the output.
    Distance = 1,
    /// The stream ended (or an end marker came) before the output was full.
    Truncated = 2,
    /// The unpacked bytes are not a regrouped module that [`join`] can put back together.
    Code = 3,
}

/// A binary range decoder over `src` and the adaptive model it updates.
struct Decoder<'a> {
    src: &'a [u8],
    at: usize,
    range: u32,
    code: u32,
    probs: &'a mut [u16; PROBS],
}

impl Decoder<'_> {
    /// The next input byte; past the end, 0 (and [`unpack`] reports the stream as truncated).
    fn byte(&mut self) -> u32 {
        let b = self.src.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        u32::from(b)
    }

    fn normalize(&mut self) {
        if self.range < 1 << 24 {
            self.range <<= 8;
            self.code = (self.code << 8) | self.byte();
        }
    }

    /// One bit under the probability at `i` (out-of-range indexes cannot occur: every caller's index is bounded
    /// by the layout above; `get_mut` keeps even a logic error from touching other memory).
    fn bit(&mut self, i: usize) -> u32 {
        let Some(p) = self.probs.get_mut(i) else {
            return 0;
        };
        let bound = (self.range >> 11) * u32::from(*p);
        let b = if self.code < bound {
            self.range = bound;
            *p += (2048 - *p) >> 5;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *p -= *p >> 5;
            1
        };
        self.normalize();
        b
    }

    /// `n` bits, most significant first, from the bit tree at `base`.
    fn tree(&mut self, base: usize, n: u32) -> u32 {
        let mut m = 1;
        for _ in 0..n {
            m = (m << 1) | self.bit(base + m as usize);
        }
        m - (1 << n)
    }

    /// `n` bits, least significant first, from the bit tree at `base`.
    fn reverse(&mut self, base: usize, n: u32) -> u32 {
        let mut m = 1;
        let mut r = 0;
        for i in 0..n {
            let b = self.bit(base + m as usize);
            m = (m << 1) | b;
            r |= b << i;
        }
        r
    }

    /// `n` bits at probability one half (the middle bits of long distances).
    fn direct(&mut self, n: u32) -> u32 {
        let mut r = 0;
        for _ in 0..n {
            self.range >>= 1;
            let b = u32::from(self.code >= self.range);
            self.code -= self.range & b.wrapping_neg();
            r = (r << 1) | b;
            self.normalize();
        }
        r
    }

    /// A match length minus 2.
    fn length(&mut self, base: usize) -> u32 {
        if self.bit(base) == 0 {
            self.tree(base + 2, 3)
        } else if self.bit(base + 1) == 0 {
            8 + self.tree(base + 10, 3)
        } else {
            16 + self.tree(base + 18, 8)
        }
    }
}

/// Unpacks a raw LZMA stream (`lc=1`, `lp=0`, `pb=0`, end marker optional) into `out`, which it fills exactly.
///
/// # Errors
/// [`Error::Distance`] if a match points before the start of the output; [`Error::Truncated`] if the stream runs
/// out, or ends with its marker, before `out` is full.
pub fn unpack(src: &[u8], out: &mut [u8]) -> Result<(), Error> {
    let mut probs = [1024; PROBS];
    let mut d = Decoder {
        src,
        at: 0,
        range: u32::MAX,
        code: 0,
        probs: &mut probs,
    };
    let decoded = decode(&mut d, out);
    // Past the end the decoder reads zeros and decides nonsense; whatever went wrong then, the cause is the cut.
    if d.at > src.len() {
        return Err(Error::Truncated);
    }
    decoded
}

/// The decoding loop of [`unpack`].
fn decode(d: &mut Decoder, out: &mut [u8]) -> Result<(), Error> {
    for _ in 0..5 {
        d.code = (d.code << 8) | d.byte();
    }
    let mut state = 0usize;
    // Distances minus one, most recent first (plain variables: a slice rotation costs a kilobyte of wasm).
    let (mut rep0, mut rep1, mut rep2, mut rep3) = (0usize, 0, 0, 0);
    let mut pos = 0;
    while pos < out.len() {
        if d.bit(IS_MATCH + state) == 0 {
            let prev = if pos > 0 { out[pos - 1] } else { 0 };
            let base = LITERAL + 0x300 * usize::from(prev >> (8 - LC));
            let mut m = 1u32;
            if state >= 7 {
                // After a match the byte at the last distance steers the model until the first bit that differs.
                let mut matched = u32::from(at(out, pos, rep0)?);
                while m < 0x100 {
                    let mb = (matched >> 7) & 1;
                    matched <<= 1;
                    let b = d.bit(base + (((1 + mb) << 8) + m) as usize);
                    m = (m << 1) | b;
                    if b != mb {
                        break;
                    }
                }
            }
            while m < 0x100 {
                m = (m << 1) | d.bit(base + m as usize);
            }
            out[pos] = m as u8;
            pos += 1;
            state = match state {
                0..=3 => 0,
                4..=9 => state - 3,
                _ => state - 6,
            };
            continue;
        }
        let len;
        if d.bit(IS_REP + state) != 0 {
            if d.bit(IS_REP_G0 + state) == 0 {
                if d.bit(IS_REP0_LONG + state) == 0 {
                    // One byte at the last distance.
                    state = if state < 7 { 9 } else { 11 };
                    out[pos] = at(out, pos, rep0)?;
                    pos += 1;
                    continue;
                }
            } else {
                let dist = if d.bit(IS_REP_G1 + state) == 0 {
                    rep1
                } else {
                    let dist = if d.bit(IS_REP_G2 + state) == 0 {
                        rep2
                    } else {
                        let dist = rep3;
                        rep3 = rep2;
                        dist
                    };
                    rep2 = rep1;
                    dist
                };
                rep1 = rep0;
                rep0 = dist;
            }
            len = d.length(REP_LEN);
            state = if state < 7 { 8 } else { 11 };
        } else {
            (rep3, rep2, rep1) = (rep2, rep1, rep0);
            len = d.length(LEN);
            state = if state < 7 { 7 } else { 10 };
            let slot = d.tree(POS_SLOT + ((len.min(3) as usize) << 6), 6);
            rep0 = if slot < 4 {
                slot as usize
            } else {
                let n = (slot >> 1) - 1;
                let dist = (2 | (slot & 1)) << n;
                let low = if slot < 14 {
                    d.reverse(SPEC_POS + (dist - slot) as usize - 1, n)
                } else {
                    (d.direct(n - 4) << 4) | d.reverse(ALIGN, 4)
                };
                // The end marker is distance 2^32 - 1: it wraps here and fails the check below like any other
                // distance before the start, which is what it means when the output is not yet full.
                dist.wrapping_add(low) as usize
            };
        }
        for _ in 0..len + 2 {
            if pos == out.len() {
                break;
            }
            out[pos] = at(out, pos, rep0)?;
            pos += 1;
        }
    }
    Ok(())
}

/// The byte `rep + 1` before `pos`.
fn at(out: &[u8], pos: usize, rep: usize) -> Result<u8, Error> {
    match pos.checked_sub(rep).and_then(|i| i.checked_sub(1)) {
        Some(i) => Ok(out[i]),
        None => Err(if rep == u32::MAX as usize {
            Error::Truncated
        } else {
            Error::Distance
        }),
    }
}

/// Unpacks what scripts/build.sh inlines (after its base64 and the module's length, which the JS side reads) into
/// `out`: the LZMA stream `src` into `scratch`, which must be [`HEADER`] bytes longer than `out`, then [`join`] into
/// `out`.
///
/// # Errors
/// Those of [`unpack`] and [`join`]; [`Error::Code`] if `scratch` has the wrong length.
pub fn unpack_module(src: &[u8], scratch: &mut [u8], out: &mut [u8]) -> Result<(), Error> {
    if scratch.len() != out.len() + HEADER {
        return Err(Error::Code);
    }
    unpack(src, scratch)?;
    join(scratch, out)
}

/// The wasm entry point, exported as `u`: unpacks the `src_len`-byte LZMA stream at `src` into the `out_len`-byte module at `out`
/// (see [`unpack_module`]), using the [`HEADER`]` + out_len` bytes after it as scratch space. Returns 0 on success,
/// otherwise the [`Error`]'s number.
///
/// # Safety
/// `src..src + src_len` and `out..out + 2 * out_len + HEADER` must be distinct ranges of this module's memory that
/// nothing else uses (the JS side adds pages to the memory for them, past everything the module itself uses).
#[cfg(target_arch = "wasm32")]
#[export_name = "u"]
pub unsafe extern "C" fn unpack_into(
    src: *const u8,
    src_len: usize,
    out: *mut u8,
    out_len: usize,
) -> u32 {
    // SAFETY: the caller guarantees the ranges are valid, distinct and unused by anything else.
    let (src, out, scratch) = unsafe {
        (
            core::slice::from_raw_parts(src, src_len),
            core::slice::from_raw_parts_mut(out, out_len),
            core::slice::from_raw_parts_mut(out.add(out_len), out_len + HEADER),
        )
    };
    match unpack_module(src, scratch, out) {
        Ok(()) => 0,
        Err(e) => e as u32,
    }
}

#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    /// Packs `data` exactly as scripts/build.sh does.
    fn xz(data: &[u8]) -> Vec<u8> {
        let mut child = Command::new("xz")
            .args([
                "--format=raw",
                "--lzma1=preset=9e,lc=1,lp=0,pb=0,nice=273,mf=bt3",
                "-c",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("xz (Debian's xz-utils, installed by scripts/setup.sh)");
        let mut stdin = child.stdin.take().expect("stdin");
        let input = data.to_vec();
        let writer = std::thread::spawn(move || stdin.write_all(&input).expect("write to xz"));
        let output = child.wait_with_output().expect("xz output");
        writer.join().expect("writer");
        assert!(output.status.success(), "xz failed");
        output.stdout
    }

    fn roundtrip(data: &[u8]) {
        let packed = xz(data);
        let mut out = vec![0xAA; data.len()];
        assert_eq!(unpack(&packed, &mut out), Ok(()), "{} bytes", data.len());
        assert!(out == data, "{} bytes unpacked differently", data.len());
    }

    /// A deterministic byte source (xorshift), so a failure reproduces.
    fn noise(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn unpacks_what_xz_packs() {
        roundtrip(b"");
        roundtrip(b"a");
        roundtrip(&[0; 100_000]);
        roundtrip(&noise(1, 70_000));
        // Text with long and short repeats, every match kind and long distances.
        let mut text = Vec::new();
        for i in 0..20_000u32 {
            text.extend_from_slice(
                format!("line {} of {} {}\n", i % 97, i % 13, i * 7919 % 1000).as_bytes(),
            );
        }
        roundtrip(&text);
        // Repeats at distances above 2^17 and runs mixed with noise.
        let block = noise(2, 150_000);
        let mut far = block.clone();
        far.extend_from_slice(&block[..60_000]);
        far.extend(std::iter::repeat_n(7u8, 5000));
        far.extend_from_slice(&block[40_000..90_000]);
        roundtrip(&far);
    }

    #[test]
    fn unpacks_this_builds_module_when_present() {
        // The real input (present after `npm run build`), the whole way as the browser takes it: split, LZMA,
        // unpack, join.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../build/wasm/numberauth_web_bg.wasm"
        );
        if let Ok(module) = std::fs::read(path) {
            roundtrip(&module);
            let packed = xz(&split(&module).expect("the SDK's module splits"));
            let mut scratch = vec![0; module.len() + HEADER];
            let mut out = vec![0; module.len()];
            assert_eq!(unpack_module(&packed, &mut scratch, &mut out), Ok(()));
            assert!(out == module, "the module came back different");
        }
        roundtrip(include_bytes!("lib.rs"));
    }

    #[test]
    fn scratch_space_of_the_wrong_size_is_refused() {
        let mut out = [0; 10];
        for len in [0, 10, 10 + HEADER - 1, 10 + HEADER + 1] {
            assert_eq!(
                unpack_module(&[], &mut vec![0; len], &mut out),
                Err(Error::Code)
            );
        }
    }

    #[test]
    fn a_truncated_stream_is_an_error() {
        let data = noise(3, 5000);
        let packed = xz(&data);
        for cut in [0, 1, 5, packed.len() / 2, packed.len() - 8] {
            let mut out = vec![0; data.len()];
            assert!(
                unpack(&packed[..cut], &mut out) == Err(Error::Truncated),
                "cut at {cut} of {}",
                packed.len()
            );
        }
    }

    #[test]
    fn asking_for_more_than_was_packed_is_truncated() {
        let packed = xz(b"abcabcabcabc");
        let mut out = vec![0; 13];
        assert_eq!(unpack(&packed, &mut out), Err(Error::Truncated));
    }

    #[test]
    fn corrupt_streams_never_panic_or_overrun() {
        let data = noise(4, 3000);
        let packed = xz(&[&data[..], &data[..], b"tail tail tail"].concat());
        let total = data.len() * 2 + 14;
        let mut seed = 5;
        for round in 0..3000 {
            let mut bad = packed.clone();
            let flips = noise(seed, 4);
            seed += 1;
            let i = (usize::from(flips[0]) << 8 | usize::from(flips[1])) % bad.len();
            bad[i] ^= flips[2] | 1;
            let mut out = vec![0; total];
            // Either outcome is fine; what matters is that it returns.
            let _ = unpack(&bad, &mut out);
            if round % 2 == 0 {
                let _ = unpack(&noise(seed * 31, 1 + round % 700), &mut out);
            }
        }
    }

    #[test]
    fn a_distance_before_the_start_is_an_error() {
        // A stream whose first symbol is a match: the range coder's first bit is decided by the code's top bits, so
        // a run of 0xFF makes every early decision a 1 (match, rep, …) at distance 0 with nothing to copy.
        let mut out = vec![0; 16];
        let bad = [0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        assert!(matches!(
            unpack(&bad, &mut out),
            Err(Error::Distance) | Err(Error::Truncated)
        ));
    }
}
