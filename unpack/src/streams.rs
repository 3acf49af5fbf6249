//! The code section regrouped by kind before packing, and put back after unpacking.
//!
//! A wasm function body interleaves opcodes with their immediates: local indexes, constants, memory offsets,
//! branch depths. LZMA finds repeats within one kind far more easily when each kind is a run of its own: the
//! opcodes alone repeat in long stretches (prologues, epilogues, the same idioms everywhere), and so do the local
//! indexes or the offsets alone. [`split`] (native, run by `scripts/build.sh`) parses the code section and writes
//! each kind to its own stream; [`join`] (in the browser, after LZMA) walks the opcode stream and takes each
//! immediate back from the stream of its kind. Everything outside the code section is left as it is. Measured on
//! this SDK's module: 34,502 bytes of LZMA as it is, 31,535 regrouped (`bench/size.md`).
//!
//! Two small rewrites besides the regrouping:
//! - a memory access's alignment is stored XOR its natural alignment, so the usual case is a run of zeros;
//! - an `i32.const` of 65,536 or more (in practice an address in the data section) is written with the unused
//!   opcode 0x06 and its value goes to a stream of its own, away from the small constants.
//!
//! Layout of the split bytes: [`HEADER`] bytes of little-endian `u32` lengths (the part of the module before the
//! code section's contents, then each stream's), that part, the streams in the order of the constants below, and the
//! rest of the module after the code section. The split bytes are [`HEADER`] bytes longer than the module.

use crate::Error;

/// Opcodes, `0xFC` sub-opcodes, and the function and type indexes of calls.
const OPS: usize = 0;
/// The number of function bodies, then each body's size.
const SIZES: usize = 1;
/// Each body's local declarations.
const LOCALS: usize = 2;
/// Block types of `block`, `loop` and `if`.
const BLOCKS: usize = 3;
/// Branch depths (`br`, `br_if`, `br_table`).
const BRANCHES: usize = 4;
/// Local indexes of `local.get`, `local.set`, `local.tee`.
const LOCAL_INDEXES: usize = 5;
/// Global indexes.
const GLOBALS: usize = 6;
/// `i32.const` values below 65,536 (and negative ones).
const SMALL_I32: usize = 7;
/// `i32.const` values of 65,536 or more: the opcode stream has 0x06 for them.
const LARGE_I32: usize = 8;
/// `i64.const` values.
const I64: usize = 9;
/// The little-endian bytes of `f32.const` and `f64.const`.
const FLOATS: usize = 10;
/// Memory accesses' alignment, XOR the access's natural alignment.
const ALIGNS: usize = 11;
/// Memory accesses' offsets.
const OFFSETS: usize = 12;
/// Every other immediate: tables, memories, `select` types, `ref.*`, the `0xFC` operations' operands.
const OTHER: usize = 13;
/// How many streams there are.
pub const STREAMS: usize = 14;
/// The length of the header: the part before the code section and each stream, as `u32` each.
pub const HEADER: usize = 4 * (STREAMS + 1);

/// The opcode that stands for an `i32.const` whose value is in [`LARGE_I32`] (0x06 is unused by the features the
/// SDK's module is built with).
const LARGE_I32_OP: u8 = 0x06;

/// Natural alignment (log2 of the access width) of the memory instructions 0x28 (`i32.load`) to 0x3E
/// (`i64.store32`), two bits each, 0x28 in the lowest.
const NATURAL_ALIGN: u64 = {
    let widths: [u64; 23] = [
        2, 3, 2, 3, 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 3, 2, 3, 0, 1, 0, 1, 2,
    ];
    let mut packed = 0;
    let mut i = 0;
    while i < widths.len() {
        packed |= widths[i] << (2 * i);
        i += 1;
    }
    packed
};

fn natural_align(op: u8) -> u8 {
    ((NATURAL_ALIGN >> (2 * (op.wrapping_sub(0x28) & 31))) & 3) as u8
}

// What a one-byte opcode carries after it ([`KIND`]): nothing (0); `n` LEB128 numbers from stream `s`
// (`4 * s + n`, n = 1 or 2); or one of these.
/// `br_table`: a count, then that many depths plus the default, all in [`BRANCHES`].
const TABLE: u8 = 0x40;
/// Typed `select`: a count, then that many value types, in [`OTHER`].
const SELECT: u8 = 0x41;
/// A memory access: alignment from [`ALIGNS`], offset from [`OFFSETS`].
const MEMORY: u8 = 0x42;
/// `f32.const`: four bytes from [`FLOATS`].
const F32: u8 = 0x43;
/// `f64.const`: eight bytes from [`FLOATS`].
const F64: u8 = 0x44;
/// The `0xFC` prefix: a sub-opcode from [`OPS`], then its operands from [`OTHER`].
const PREFIXED: u8 = 0x45;
/// Not an opcode of the features the module is built with.
const INVALID: u8 = 0x46;

const fn leb(stream: usize, n: u8) -> u8 {
    4 * stream as u8 + n
}

/// The immediates of every one-byte opcode, as described above.
const KIND: [u8; 256] = {
    let mut kind = [INVALID; 256];
    let mut op = 0;
    while op < 256 {
        kind[op] = match op as u8 {
            0x00 | 0x01 | 0x05 | 0x0b | 0x0f | 0x1a | 0x1b | 0x45..=0xc4 | 0xd1 => 0,
            0x02..=0x04 => leb(BLOCKS, 1),
            0x0c | 0x0d => leb(BRANCHES, 1),
            0x0e => TABLE,
            0x10 => leb(OPS, 1),
            0x11 => leb(OPS, 2),
            0x1c => SELECT,
            0x20..=0x22 => leb(LOCAL_INDEXES, 1),
            0x23 | 0x24 => leb(GLOBALS, 1),
            0x25 | 0x26 | 0x3f | 0x40 | 0xd0 | 0xd2 => leb(OTHER, 1),
            0x28..=0x3e => MEMORY,
            0x41 => leb(SMALL_I32, 1),
            LARGE_I32_OP => leb(LARGE_I32, 1),
            0x42 => leb(I64, 1),
            0x43 => F32,
            0x44 => F64,
            0xfc => PREFIXED,
            _ => INVALID,
        };
        op += 1;
    }
    kind
};

/// How many LEB128 operands the `0xFC` operation `sub` has (saturating truncations none; `memory.init`,
/// `memory.copy`, `table.init`, `table.copy` two; the others one).
fn prefixed_operands(sub: u32) -> u32 {
    match sub {
        0..=7 => 0,
        8 | 10 | 12 | 14 => 2,
        _ => 1,
    }
}

/// [`join`]'s state: the streams being read back (all within `src`, `at` the next byte of each) and the module
/// being written. A read past `src` gives zero and a write past the end is dropped; either marks the result `bad`,
/// and every loop whose count comes from the input stops once it is. A stream read past its own end runs into the
/// next one: [`join`] checks at the end that each stream was read exactly to its end.
struct Join<'a> {
    src: &'a [u8],
    at: [usize; STREAMS],
    out: &'a mut [u8],
    pos: usize,
    bad: bool,
}

impl Join<'_> {
    #[inline(never)]
    fn byte(&mut self, s: usize) -> u8 {
        let i = self.at[s];
        self.at[s] = i + 1;
        match self.src.get(i) {
            Some(&b) => b,
            None => {
                self.bad = true;
                0
            }
        }
    }

    #[inline(never)]
    fn put(&mut self, b: u8) {
        match self.out.get_mut(self.pos) {
            Some(slot) => *slot = b,
            None => self.bad = true,
        }
        self.pos += 1;
    }

    /// Copies one LEB128 number from stream `s` and returns its low 32 bits.
    fn leb(&mut self, s: usize) -> u32 {
        let (mut value, mut shift) = (0u32, 0);
        loop {
            let b = self.byte(s);
            self.put(b);
            if shift < 32 {
                value |= u32::from(b & 0x7f) << shift;
            }
            shift += 7;
            if b < 0x80 {
                return value;
            }
        }
    }

    #[inline(never)]
    fn lebs(&mut self, s: usize, n: u32) {
        for _ in 0..n {
            if self.bad {
                return;
            }
            self.leb(s);
        }
    }

    /// Writes back one instruction: its opcode from [`OPS`], its immediates from their streams.
    #[inline(never)]
    fn op(&mut self) {
        let op = self.byte(OPS);
        self.put(if op == LARGE_I32_OP { 0x41 } else { op });
        match KIND[usize::from(op)] {
            0 => {}
            TABLE => {
                let n = self.leb(BRANCHES);
                self.lebs(BRANCHES, n);
                self.leb(BRANCHES);
            }
            SELECT => {
                let n = self.leb(OTHER);
                self.lebs(OTHER, n);
            }
            MEMORY => {
                let align = self.byte(ALIGNS) ^ natural_align(op);
                self.bad |= align >= 0x80;
                self.put(align);
                self.leb(OFFSETS);
            }
            F32 | F64 => {
                for _ in 0..4 << (KIND[usize::from(op)] - F32) {
                    let b = self.byte(FLOATS);
                    self.put(b);
                }
            }
            PREFIXED => {
                let sub = self.leb(OPS);
                self.lebs(OTHER, prefixed_operands(sub));
            }
            INVALID => self.bad = true,
            k => self.lebs(usize::from(k >> 2), u32::from(k & 3)),
        }
    }
}

fn u32_at(src: &[u8], i: usize) -> usize {
    match src.get(4 * i..4 * i + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]) as usize,
        _ => usize::MAX,
    }
}

/// Puts a module back together from what [`split`] made of it; `out` must be exactly the module's length
/// (`src.len() - HEADER`).
///
/// # Errors
/// [`Error::Code`] if the header, a stream or an opcode does not fit: a stream runs out or has bytes left, a body
/// does not end where its size says, an opcode is unknown, or the output is not filled exactly.
pub fn join(src: &[u8], out: &mut [u8]) -> Result<(), Error> {
    // edge[s]: where stream s starts; edge[STREAMS]: where the rest of the module starts.
    let mut edge = [0; STREAMS + 1];
    let mut next = HEADER;
    for (i, e) in edge.iter_mut().enumerate() {
        next = next.saturating_add(u32_at(src, i));
        *e = next;
    }
    let (Some(head), Some(tail)) = (src.get(HEADER..edge[0]), src.get(next..)) else {
        return Err(Error::Code);
    };
    let Some(code) = out.len().checked_sub(head.len() + tail.len()) else {
        return Err(Error::Code);
    };
    out[..head.len()].copy_from_slice(head);
    out[head.len() + code..].copy_from_slice(tail);
    let mut at = [0; STREAMS];
    at.copy_from_slice(&edge[..STREAMS]);
    let mut j = Join {
        src,
        at,
        out: &mut out[..head.len() + code],
        pos: head.len(),
        bad: false,
    };
    let bodies = j.leb(SIZES);
    for _ in 0..bodies {
        let size = j.leb(SIZES) as usize;
        let body_end = j.pos.saturating_add(size);
        let groups = j.leb(LOCALS);
        j.lebs(LOCALS, groups.saturating_mul(2));
        while j.pos < body_end && !j.bad {
            j.op();
        }
        if j.pos != body_end || j.bad {
            return Err(Error::Code);
        }
    }
    // Every stream read exactly to its end, and the code section filled exactly.
    if j.pos != j.out.len() || (0..STREAMS).any(|s| j.at[s] != edge[s + 1]) {
        return Err(Error::Code);
    }
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
pub use encode::split;

/// The encoder: native only (scripts/build.sh runs it through the `split-wasm` binary).
#[cfg(not(target_arch = "wasm32"))]
mod encode {
    use super::*;

    /// Reads a module the way [`split`] needs: byte by byte, each LEB128 number copied to a stream whole.
    struct Reader<'a> {
        module: &'a [u8],
        at: usize,
        streams: Vec<Vec<u8>>,
    }

    impl Reader<'_> {
        fn byte(&mut self) -> Result<u8, String> {
            let b = *self
                .module
                .get(self.at)
                .ok_or_else(|| format!("the module ends inside an instruction at {}", self.at))?;
            self.at += 1;
            Ok(b)
        }

        /// Reads one LEB128 number (up to 10 bytes), returns its raw bytes and its low 64 bits.
        fn leb(&mut self) -> Result<(Vec<u8>, u64), String> {
            let start = self.at;
            let mut value = 0u64;
            for i in 0..10 {
                let b = self.byte()?;
                value |= u64::from(b & 0x7f) << (7 * i);
                if b & 0x80 == 0 {
                    return Ok((self.module[start..self.at].to_vec(), value));
                }
            }
            Err(format!("a LEB128 number longer than 10 bytes at {start}"))
        }

        fn copy_leb(&mut self, s: usize) -> Result<u64, String> {
            let (raw, value) = self.leb()?;
            self.streams[s].extend_from_slice(&raw);
            Ok(value)
        }

        fn copy_lebs(&mut self, s: usize, n: u64) -> Result<(), String> {
            for _ in 0..n {
                self.copy_leb(s)?;
            }
            Ok(())
        }

        fn op(&mut self) -> Result<(), String> {
            let at = self.at;
            let op = self.byte()?;
            let kind = KIND[usize::from(op)];
            if kind == INVALID || op == LARGE_I32_OP {
                return Err(format!(
                    "opcode 0x{op:02x} at {at} is not one the SDK's module uses"
                ));
            }
            self.streams[OPS].push(op);
            match kind {
                0 => {}
                TABLE => {
                    let n = self.copy_leb(BRANCHES)?;
                    self.copy_lebs(BRANCHES, n + 1)?;
                }
                SELECT => {
                    let n = self.copy_leb(OTHER)?;
                    self.copy_lebs(OTHER, n)?;
                }
                MEMORY => {
                    let align = self.byte()?;
                    if align >= 0x40 {
                        return Err(format!(
                            "a memory access at {at} names a memory (multi-memory)"
                        ));
                    }
                    self.streams[ALIGNS].push(align ^ natural_align(op));
                    self.copy_leb(OFFSETS)?;
                }
                F32 | F64 => {
                    for _ in 0..4 << (kind - F32) {
                        let b = self.byte()?;
                        self.streams[FLOATS].push(b);
                    }
                }
                PREFIXED => {
                    let sub = self.copy_leb(OPS)?;
                    if sub > 17 {
                        return Err(format!(
                            "0xFC operation {sub} at {at} is not one the SDK's module uses"
                        ));
                    }
                    self.copy_lebs(OTHER, u64::from(prefixed_operands(sub as u32)))?;
                }
                k if k == leb(SMALL_I32, 1) => {
                    let (raw, value) = self.leb()?;
                    // The value is signed: negative constants stay with the small ones.
                    let bits = 7 * raw.len() as u32;
                    let negative = bits < 64 && raw.last().is_some_and(|b| b & 0x40 != 0);
                    if !negative && (65_536..=i32::MAX as u64).contains(&value) {
                        *self.streams[OPS].last_mut().expect("just pushed") = LARGE_I32_OP;
                        self.streams[LARGE_I32].extend_from_slice(&raw);
                    } else {
                        self.streams[SMALL_I32].extend_from_slice(&raw);
                    }
                }
                k => self.copy_lebs(usize::from(k >> 2), u64::from(k & 3))?,
            }
            Ok(())
        }
    }

    /// Regroups `module`'s code section by kind (see the module docs); [`join`] gives `module` back.
    ///
    /// # Errors
    /// A message if `module` is not a wasm module with a code section, or uses an instruction outside the
    /// features the SDK is built with (SIMD, exceptions, multi-memory, GC, tail calls).
    pub fn split(module: &[u8]) -> Result<Vec<u8>, String> {
        if module.get(..8) != Some(b"\0asm\x01\0\0\0") {
            return Err("not a wasm module (version 1)".into());
        }
        let mut r = Reader {
            module,
            at: 8,
            streams: vec![Vec::new(); STREAMS],
        };
        let (head, code_end) = loop {
            if r.at >= module.len() {
                return Err("the module has no code section".into());
            }
            let id = r.byte()?;
            let (_, size) = r.leb()?;
            let end =
                r.at.checked_add(size as usize)
                    .filter(|&e| e <= module.len());
            let end = end.ok_or_else(|| format!("section {id} runs past the end"))?;
            if id == 10 {
                break (r.at, end);
            }
            r.at = end;
        };
        let bodies = r.copy_leb(SIZES)?;
        for _ in 0..bodies {
            let size = r.copy_leb(SIZES)?;
            let body_end = r.at + size as usize;
            let groups = r.copy_leb(LOCALS)?;
            r.copy_lebs(LOCALS, 2 * groups)?;
            while r.at < body_end {
                r.op()?;
            }
            if r.at != body_end {
                return Err(format!(
                    "a body's last instruction runs past its end at {body_end}"
                ));
            }
        }
        if r.at != code_end {
            return Err("the code section has bytes after its last body".into());
        }
        let mut out = Vec::with_capacity(module.len() + HEADER);
        out.extend_from_slice(&(head as u32).to_le_bytes());
        for s in &r.streams {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        }
        out.extend_from_slice(&module[..head]);
        for s in &r.streams {
            out.extend_from_slice(s);
        }
        out.extend_from_slice(&module[code_end..]);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uleb(mut v: u64) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return out;
            }
            out.push(b | 0x80);
        }
    }

    fn sleb(mut v: i64) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) {
                out.push(b);
                return out;
            }
            out.push(b | 0x80);
        }
    }

    fn section(id: u8, body: &[u8]) -> Vec<u8> {
        let mut s = vec![id];
        s.extend(uleb(body.len() as u64));
        s.extend_from_slice(body);
        s
    }

    /// A module with these function bodies (locals and instructions, `end` included) between a type section and
    /// a custom section; the bodies need only be well-formed, not valid.
    fn module(bodies: &[Vec<u8>]) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend(section(1, &[1, 0x60, 0, 0]));
        let mut funcs = uleb(bodies.len() as u64);
        funcs.extend(std::iter::repeat_n(0, bodies.len()));
        m.extend(section(3, &funcs));
        let mut code = uleb(bodies.len() as u64);
        for b in bodies {
            code.extend(uleb(b.len() as u64));
            code.extend_from_slice(b);
        }
        m.extend(section(10, &code));
        m.extend(section(0, b"\x04tailafter the code section"));
        m
    }

    /// One body with every kind of immediate the format knows, in short and long forms.
    fn every_instruction() -> Vec<u8> {
        let mut b = vec![2, 3, 0x7f, 200, 1, 0x7e]; // locals: 3 i32, 200 i64
        let mut op = |bytes: &[u8]| b.extend_from_slice(bytes);
        op(&[
            0x02, 0x40, 0x03, 0x7f, 0x04, 0xac, 0x02, 0x05, 0x0b, 0x0b, 0x0b,
        ]); // block, loop, if (type 300)
        op(&[0x0c, 0, 0x0d, 1, 0x0e, 3, 0, 1, 2, 3, 0x0e, 0, 0x80, 0x01]); // br, br_if, br_table
        op(&[0x10, 5, 0x10, 0xac, 0x02, 0x11, 2, 0]); // call, call 300, call_indirect
        op(&[0x1b, 0x1c, 2, 0x7f, 0x6f, 0x1a, 0x01, 0x00, 0x0f]); // select, typed select, drop, nop, unreachable
        op(&[
            0x20, 0, 0x21, 0xe8, 0x07, 0x22, 3, 0x23, 0, 0x24, 1, 0x25, 0, 0x26, 1,
        ]);
        for (i, code) in (0x28u8..=0x3e).enumerate() {
            // Natural alignment with offsets of every length, then one under-aligned access.
            op(&[code, natural_align(code)]);
            op(&uleb([0, 8, 200, 70_000, 1 << 30][i % 5]));
        }
        op(&[0x28, 0, 0x80, 0x80, 0x40]);
        op(&[0x3f, 0, 0x40, 0]); // memory.size, memory.grow
        for v in [
            0,
            -1,
            127,
            65_535,
            65_536,
            1 << 20,
            i64::from(i32::MAX),
            i64::from(i32::MIN),
        ] {
            op(&[0x41]);
            op(&sleb(v));
        }
        for v in [0, -5, i64::MIN, 1 << 40] {
            op(&[0x42]);
            op(&sleb(v));
        }
        op(&[0x43, 0, 0, 0x80, 0x3f, 0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
        op(&[0x45, 0x6a, 0xa7, 0xc4]); // numeric, none take immediates
        op(&[0xd0, 0x70, 0xd1, 0xd2, 3]); // ref.null, ref.is_null, ref.func
        for sub in 0u8..=17 {
            op(&[0xfc, sub]);
            op(&vec![1; prefixed_operands(u32::from(sub)) as usize]);
        }
        op(&[0xfc, 0x88, 0x00]); // a sub-opcode written in two bytes (8)
        op(&[0, 0]);
        op(&[0x0b]);
        b
    }

    fn sample() -> Vec<u8> {
        module(&[
            every_instruction(),
            vec![0, 0x0b],
            vec![1, 1, 0x7f, 0x41, 0x80, 0x80, 0x04, 0x1a, 0x0b],
        ])
    }

    fn back(split_bytes: &[u8], len: usize) -> Result<Vec<u8>, Error> {
        let mut out = vec![0; len];
        join(split_bytes, &mut out).map(|()| out)
    }

    fn stream(split_bytes: &[u8], s: usize) -> &[u8] {
        let len = |i: usize| u32_at(split_bytes, i);
        let start = HEADER + (0..=s).map(len).sum::<usize>();
        &split_bytes[start..start + len(s + 1)]
    }

    #[test]
    fn split_then_join_gives_the_module_back() {
        for m in [sample(), module(&[]), module(&[vec![0, 0x0b]])] {
            let s = split(&m).expect("splits");
            assert_eq!(s.len(), m.len() + HEADER);
            assert_eq!(back(&s, m.len()), Ok(m));
        }
    }

    #[test]
    fn each_kind_goes_to_its_stream() {
        let s = split(&sample()).expect("splits");
        // Natural alignments are zeros; the one under-aligned i32.load (natural 2, written 0) is 2.
        let aligns = stream(&s, ALIGNS);
        assert_eq!(aligns.len(), 24);
        assert_eq!(aligns.iter().filter(|&&a| a != 0).collect::<Vec<_>>(), [&2]);
        // 65,536, 2^20 and i32::MAX are large, and so is the third body's 65,536; 0, -1, 127, 65,535 and i32::MIN
        // stay small.
        let large: Vec<u8> = [
            sleb(65_536),
            sleb(1 << 20),
            sleb(i64::from(i32::MAX)),
            sleb(65_536),
        ]
        .concat();
        assert_eq!(stream(&s, LARGE_I32), &large[..]);
        assert_eq!(stream(&s, LOCAL_INDEXES), &[0, 0xe8, 0x07, 3]);
        assert_eq!(stream(&s, FLOATS).len(), 12);
        assert_eq!(stream(&s, SIZES)[0], 3);
    }

    #[test]
    fn split_refuses_what_it_does_not_know() {
        let code_last = |body: Vec<u8>| {
            let m = module(&[body]);
            m[..m.len() - section(0, b"\x04tailafter the code section").len()].to_vec()
        };
        let no_end = |mut body: Vec<u8>| {
            body.push(0x0b);
            module(&[body])
        };
        for (m, says) in [
            (b"\0asm\x02\0\0\0".to_vec(), "not a wasm module"),
            (
                b"\0asm\x01\0\0\0\x01\x09\x01\x60".to_vec(),
                "runs past the end",
            ),
            (
                b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0".to_vec(),
                "no code section",
            ),
            (no_end(vec![0, 0xfd, 0x0c]), "opcode 0xfd"),
            (no_end(vec![0, 0x06]), "opcode 0x06"),
            (no_end(vec![0, 0xfc, 18]), "0xFC operation 18"),
            (no_end(vec![0, 0x28, 0x40, 0, 0]), "multi-memory"),
            (code_last(vec![0, 0x41]), "ends inside an instruction"),
            (module(&[vec![0, 0x41, 0x80]]), "runs past its end"),
        ] {
            let e = split(&m).expect_err(says);
            assert!(e.contains(says), "{e:?} should say {says:?}");
        }
    }

    #[test]
    fn cut_or_damaged_split_bytes_are_errors_never_panics() {
        let m = sample();
        let s = split(&m).expect("splits");
        for cut in 0..s.len() {
            assert_eq!(back(&s[..cut], m.len()), Err(Error::Code), "cut at {cut}");
        }
        assert_eq!(back(&s, m.len() - 1), Err(Error::Code));
        assert_eq!(back(&s, m.len() + 1), Err(Error::Code));
        let mut damaged = 0;
        for i in 0..s.len() {
            for flip in [1u8, 0x40, 0x80, 0xff] {
                let mut bad = s.clone();
                bad[i] ^= flip;
                // Either outcome may come; it must come back, and a success is a module of the right length.
                match back(&bad, m.len()) {
                    Ok(out) => assert_eq!(out.len(), m.len()),
                    Err(_) => damaged += 1,
                }
            }
        }
        assert!(damaged > s.len(), "most damage is noticed ({damaged})");
        let mut huge = s.clone();
        huge[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(back(&huge, m.len()), Err(Error::Code));
    }
}
