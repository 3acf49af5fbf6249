//! The global allocator of the SDK's wasm module: power-of-two size classes, one free list per class, blocks cut
//! from the end of linear memory.
//!
//! The SDK allocates little and briefly (strings, small vectors, futures, the login page's HTML), on one thread.
//! A general-purpose allocator is mostly code this never needs: Talc cost about 1.5 KB of the module, dlmalloc
//! more. This one is a few hundred bytes:
//! - a request is rounded up to a power of two (at least 8 bytes, at least its alignment): its class;
//! - a freed block goes to the front of its class's free list (the list's link is written in the block itself),
//!   and the next request of that class takes it back;
//! - a class with an empty list cuts a new block from the bump region, aligned to its size (up to 4 KiB), and
//!   the region grows by whole 64 KiB pages of linear memory when it runs out.
//!
//! What that trades: a block is at most twice its request, and freed blocks stay in their class (no coalescing,
//! and wasm memory never shrinks). Memory in use is therefore bounded by about twice the peak of each class: for
//! the SDK, a few hundred KiB. Blocks are never split or merged, so there is no per-block header.
//!
//! On native targets the same allocator runs over any [`Pages`] source, which is how it is tested.
#![no_std]
#![deny(missing_docs)]

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr::null_mut;

/// Where the allocator's memory comes from, 64 KiB pages at a time.
pub trait Pages {
    /// Adds `pages` pages and returns the address of the first, or `None` when there is no more memory.
    fn grow(&self, pages: usize) -> Option<usize>;
}

/// wasm32's linear memory (`memory.grow`).
#[cfg(target_arch = "wasm32")]
pub struct WasmMemory;

#[cfg(target_arch = "wasm32")]
impl Pages for WasmMemory {
    fn grow(&self, pages: usize) -> Option<usize> {
        match core::arch::wasm32::memory_grow(0, pages) {
            usize::MAX => None,
            previous => Some(previous * PAGE),
        }
    }
}

/// The size of a page of wasm memory.
pub const PAGE: usize = 1 << 16;
/// The largest alignment served; a request for more gets null (the SDK never asks for more than 16).
pub const MAX_ALIGN: usize = 4096;
/// The largest block, 1 GiB; a request for more gets null.
const MAX_CLASS: u32 = 30;

struct State {
    /// The first free block of each class (0: none).
    free: [usize; MAX_CLASS as usize + 1],
    /// The bump region: the next unused byte and its end.
    next: usize,
    end: usize,
}

/// The allocator (see the crate docs). Single-threaded: it is `Sync`, as a global allocator must be, only on
/// wasm32 without the `atomics` feature, where there is one thread.
pub struct Bins<P> {
    pages: P,
    state: UnsafeCell<State>,
}

// SAFETY: wasm32 without `atomics` has a single thread, so the state is never reached from two threads at once.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<P: Sync> Sync for Bins<P> {}

impl<P> Bins<P> {
    /// An allocator that has handed out nothing yet and takes memory from `pages`.
    pub const fn new(pages: P) -> Self {
        Self {
            pages,
            state: UnsafeCell::new(State {
                free: [0; MAX_CLASS as usize + 1],
                next: 0,
                end: 0,
            }),
        }
    }
}

/// The class of `layout`: log2 of its block size, or `None` when it cannot be served.
fn class(layout: Layout) -> Option<u32> {
    let size = layout.size().max(layout.align()).max(8);
    if size > 1 << MAX_CLASS || layout.align() > MAX_ALIGN {
        return None;
    }
    Some(size.next_power_of_two().trailing_zeros())
}

impl<P: Pages> Bins<P> {
    /// A new block of `1 << k` bytes from the bump region, growing it when needed.
    fn cut(&self, s: &mut State, k: u32) -> *mut u8 {
        let bytes = 1usize << k;
        let align = bytes.min(MAX_ALIGN);
        // Checked sums: near the top of a 4 GiB memory they would wrap (the SDK never gets there).
        let Some(mut at) = s.next.checked_add(align - 1).map(|n| n & !(align - 1)) else {
            return null_mut();
        };
        if at.checked_add(bytes).is_none_or(|top| top > s.end) {
            // Enough new pages for the block on its own. They follow the region when nothing else grew the memory
            // since (the block then starts where the region left off: `at` is at most its end, which is
            // page-aligned); otherwise, and the very first time, the block starts on the new pages.
            let pages = bytes.div_ceil(PAGE);
            let Some(start) = self.pages.grow(pages) else {
                return null_mut();
            };
            let Some(end) = start.checked_add(pages * PAGE) else {
                return null_mut();
            };
            if start != s.end {
                at = start;
            }
            s.end = end;
        }
        s.next = at + bytes;
        at as *mut u8
    }
}

// SAFETY: every block handed out is `1 << class` bytes (at least the layout's size), aligned to
// `min(1 << class, MAX_ALIGN)` (at least the layout's alignment, which `class` bounds by both), and belongs to no
// other live allocation: it is either new from the bump region or was freed with a layout of the same class.
unsafe impl<P: Pages> GlobalAlloc for Bins<P> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(k) = class(layout) else {
            return null_mut();
        };
        // SAFETY: single-threaded (see `Sync`), and no reference to the state outlives this call.
        let s = unsafe { &mut *self.state.get() };
        let head = s.free[k as usize];
        if head == 0 {
            return self.cut(s, k);
        }
        // SAFETY: `head` is a freed block of this class; `dealloc` wrote the next free block's address in it.
        s.free[k as usize] = unsafe { (head as *const usize).read() };
        head as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // A layout `alloc` refused never reaches here (there was no block).
        let Some(k) = class(layout) else { return };
        // SAFETY: single-threaded (see `Sync`), and no reference to the state outlives this call.
        let s = unsafe { &mut *self.state.get() };
        // SAFETY: the caller gives back a block `alloc` made for this layout: at least 8 bytes, aligned to 8.
        unsafe { (ptr as *mut usize).write(s.free[k as usize]) };
        s.free[k as usize] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size`, rounded up to `layout.align()`, does not overflow `isize`.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(layout) == class(new) {
            // The block already has room for `new_size`.
            return ptr;
        }
        // SAFETY: `new` has a non-zero size (the caller's contract) and a valid alignment (`layout`'s).
        let moved = unsafe { self.alloc(new) };
        if !moved.is_null() {
            // SAFETY: both blocks are live, distinct, and at least this long.
            unsafe { core::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size)) };
            // SAFETY: `ptr` was allocated with `layout` and is no longer used.
            unsafe { self.dealloc(ptr, layout) };
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use core::cell::Cell;
    use std::vec;
    use std::vec::Vec;

    /// A fake memory: an address space that starts at 64 KiB and grows by whole pages, backed by a real buffer
    /// so that the blocks can be written; `limit` caps it, `gap` makes the next growth non-contiguous.
    struct Arena {
        buf: Vec<u8>,
        pages: Cell<usize>,
        limit: usize,
        gap: Cell<bool>,
    }

    impl Arena {
        fn new(limit: usize) -> Self {
            Arena {
                buf: vec![0; (limit + 2) * PAGE],
                pages: Cell::new(1),
                limit,
                gap: Cell::new(false),
            }
        }
        fn base(&self) -> usize {
            // Page-aligned addresses inside `buf`, as wasm's would be.
            let start = self.buf.as_ptr() as usize;
            (start + PAGE - 1) & !(PAGE - 1)
        }
    }

    impl Pages for &Arena {
        fn grow(&self, pages: usize) -> Option<usize> {
            if self.gap.replace(false) {
                self.pages.set(self.pages.get() + 1);
            }
            let used = self.pages.get();
            if used + pages > self.limit {
                return None;
            }
            self.pages.set(used + pages);
            Some(self.base() + used * PAGE - PAGE)
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).expect("a valid layout")
    }

    #[test]
    fn blocks_are_aligned_distinct_and_writable() {
        let arena = Arena::new(64);
        let a = Bins::new(&arena);
        let mut live: Vec<(usize, usize)> = Vec::new();
        for (i, (size, align)) in [
            (1, 1),
            (8, 8),
            (3, 2),
            (100, 4),
            (16, 16),
            (4000, 8),
            (64, 64),
            (5000, 4096),
        ]
        .into_iter()
        .cycle()
        .take(200)
        .enumerate()
        {
            let p = unsafe { a.alloc(layout(size, align)) } as usize;
            assert_ne!(p, 0);
            assert_eq!(p % align, 0, "{size} bytes aligned to {align}");
            unsafe { core::ptr::write_bytes(p as *mut u8, i as u8, size) };
            for &(q, n) in &live {
                assert!(
                    p + size <= q || q + n <= p,
                    "{p:#x}+{size} overlaps {q:#x}+{n}"
                );
            }
            live.push((p, size));
        }
    }

    #[test]
    fn a_freed_block_is_reused_by_its_class_and_memory_stays_flat() {
        let arena = Arena::new(64);
        let a = Bins::new(&arena);
        let l = layout(24, 8);
        let first = unsafe { a.alloc(l) };
        unsafe { a.dealloc(first, l) };
        // 17..=32 bytes share the 32-byte class.
        let again = unsafe { a.alloc(layout(30, 2)) };
        assert_eq!(again, first);
        unsafe { a.dealloc(again, layout(30, 2)) };
        let pages = arena.pages.get();
        for _ in 0..10_000 {
            let p = unsafe { a.alloc(layout(1000, 8)) };
            let q = unsafe { a.alloc(layout(20, 4)) };
            unsafe { a.dealloc(p, layout(1000, 8)) };
            unsafe { a.dealloc(q, layout(20, 4)) };
        }
        assert!(
            arena.pages.get() <= pages + 1,
            "memory grew under alloc/free cycles"
        );
    }

    #[test]
    fn realloc_keeps_the_block_within_its_class_and_moves_the_bytes_otherwise() {
        let arena = Arena::new(64);
        let a = Bins::new(&arena);
        let l = layout(10, 1);
        let p = unsafe { a.alloc(l) };
        unsafe { core::ptr::copy_nonoverlapping(b"0123456789".as_ptr(), p, 10) };
        assert_eq!(unsafe { a.realloc(p, l, 16) }, p);
        let q = unsafe { a.realloc(p, l, 17) };
        assert_ne!(q, p);
        assert_eq!(unsafe { core::slice::from_raw_parts(q, 10) }, b"0123456789");
        // The old block went back to the 16-byte class.
        assert_eq!(unsafe { a.alloc(layout(16, 1)) }, p);
    }

    #[test]
    fn growth_continues_the_region_or_starts_on_the_new_pages() {
        let arena = Arena::new(64);
        let a = Bins::new(&arena);
        let small = unsafe { a.alloc(layout(PAGE / 2, 8)) } as usize;
        // Contiguous growth: the next block follows on, across the page boundary.
        let big = unsafe { a.alloc(layout(PAGE, 8)) } as usize;
        assert_eq!(big, small + PAGE / 2);
        // Someone else grew the memory: the next block starts on the new pages.
        arena.gap.set(true);
        let after = unsafe { a.alloc(layout(2 * PAGE, 8)) } as usize;
        assert_eq!(after % PAGE, 0);
        assert!(after >= big + PAGE + PAGE);
    }

    #[test]
    fn what_cannot_be_served_is_null_never_a_panic() {
        let arena = Arena::new(4);
        let a = Bins::new(&arena);
        assert!(unsafe { a.alloc(layout(8, 2 * MAX_ALIGN)) }.is_null());
        assert!(unsafe { a.alloc(layout((1 << MAX_CLASS) + 1, 1)) }.is_null());
        // More than the arena holds.
        assert!(unsafe { a.alloc(layout(8 * PAGE, 8)) }.is_null());
        // What fits is still served afterwards.
        assert!(!unsafe { a.alloc(layout(100, 8)) }.is_null());
    }
}
