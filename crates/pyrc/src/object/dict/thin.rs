//! [`ThinSlice`]: a header and a slice in one heap allocation, owned through one pointer (a
//! split dict's own part: its shared keys and its values, see `split`).
//!
//! The allocation is a [`Head`] (the header, then the slice's length and capacity as `u32`s),
//! followed by the capacity's worth of element slots, the first `len` initialized. With an
//! 8-byte header the head is 16 bytes: one `Option<PyRef>` value makes a 24-byte block, which
//! comes from rcgc's pools (`rcgc::alloc`, 8-byte size classes) as the objects do, where a
//! general-purpose allocator would round it to 32. The slice grows by moving to a block of
//! exactly the length asked for.
//!
//! The allocation's unsafe code is all here; `Storage` (module `storage`) keeps the pointer
//! in its one word and reads that word in place (see [`ThinSlice::into_raw`]).

use std::alloc::{handle_alloc_error, Layout};
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

/// The start of the allocation. `len <= cap`; the slots `0..len` after it are initialized.
#[repr(C)]
struct Head<H> {
    header: H,
    len: u32,
    cap: u32,
}

/// A header `H` and `len` values of `T` in one allocation (see the module docs). One pointer
/// wide, never null: `#[repr(transparent)]` over the pointer [`ThinSlice::into_raw`] returns,
/// so a word holding that pointer may be read in place as a `ThinSlice`.
#[repr(transparent)]
pub struct ThinSlice<H, T> {
    ptr: NonNull<Head<H>>,
    /// Owns an `H` and `T`s (drop check; `!Send`/`!Sync` follow from the pointer).
    _owns: PhantomData<(H, T)>,
}

impl<H, T> ThinSlice<H, T> {
    /// The allocation's layout for `cap` slots, and the offset of the first slot.
    fn layout(cap: usize) -> (Layout, usize) {
        let slots = Layout::array::<T>(cap).expect("ThinSlice capacity overflow");
        let (layout, offset) =
            Layout::new::<Head<H>>().extend(slots).expect("ThinSlice capacity overflow");
        (layout.pad_to_align(), offset)
    }

    /// `header` and an empty slice (the head alone is allocated).
    pub fn new(header: H) -> ThinSlice<H, T> {
        let (layout, _) = Self::layout(0);
        // SAFETY: `layout` is not zero-sized: it holds a `Head` (two `u32`s at least); the
        // block is released by `Drop` or `grow_with` with the layout for the `cap` the head
        // records, on this thread (`ThinSlice` is `!Send`).
        let raw = unsafe { rcgc::alloc::allocate(layout) }.cast::<Head<H>>();
        let Some(ptr) = NonNull::new(raw) else { handle_alloc_error(layout) };
        // SAFETY: `ptr` is a fresh allocation of `layout`, which starts with a `Head<H>` (its
        // size and alignment are at least `Head`'s).
        unsafe { ptr.as_ptr().write(Head { header, len: 0, cap: 0 }) };
        ThinSlice { ptr, _owns: PhantomData }
    }

    fn head(&self) -> &Head<H> {
        // SAFETY: `ptr` points to an initialized `Head` for as long as `self` owns it.
        unsafe { self.ptr.as_ref() }
    }

    /// The first slot (initialized or not).
    fn slots(&self) -> *mut T {
        let (_, offset) = Self::layout(0);
        // SAFETY: `offset` is where the slots start in every layout `Self::layout` makes (it
        // depends only on `Head` and `T`), within or one past the end of the allocation; the
        // pointer keeps the allocation's provenance.
        unsafe { self.ptr.as_ptr().cast::<u8>().add(offset).cast::<T>() }
    }

    pub fn header(&self) -> &H {
        &self.head().header
    }

    pub fn len(&self) -> usize {
        self.head().len as usize
    }

    pub fn as_slice(&self) -> &[T] {
        // SAFETY: the first `len` slots are initialized (the `Head` invariant); the allocation
        // lives and is not mutated while `self` is borrowed.
        unsafe { std::slice::from_raw_parts(self.slots(), self.len()) }
    }

    pub fn as_mut_slice(&mut self) -> &mut [T] {
        self.parts_mut().1
    }

    /// The header and the slice, the slice mutable.
    pub fn parts_mut(&mut self) -> (&H, &mut [T]) {
        let (slots, len) = (self.slots(), self.len());
        // SAFETY: `&mut self` makes the access unique; the header and the first `len` slots
        // are initialized and do not overlap (the slots start after the `Head`).
        unsafe { (&(*self.ptr.as_ptr()).header, std::slice::from_raw_parts_mut(slots, len)) }
    }

    /// Lengthens the slice to `len` (at least its length), the new values made by `fill`
    /// in order. Reallocates, to exactly `len` slots, when the capacity is below.
    pub fn grow_with(&mut self, len: usize, mut fill: impl FnMut() -> T) {
        let old_len = self.len();
        assert!(len >= old_len, "ThinSlice::grow_with cannot shrink");
        let new_cap = u32::try_from(len).expect("ThinSlice capacity overflow");
        let cap = self.head().cap as usize;
        if len > cap {
            let (old_layout, _) = Self::layout(cap);
            let (new_layout, _) = Self::layout(len);
            // SAFETY: a non-zero size (it holds a `Head`); released as in `new`.
            let raw = unsafe { rcgc::alloc::allocate(new_layout) }.cast::<Head<H>>();
            let Some(ptr) = NonNull::new(raw) else {
                // The old block is still allocated and owned by `self`.
                handle_alloc_error(new_layout)
            };
            // SAFETY: the old block holds an initialized `Head` and `old_len` initialized slots
            // at the offsets every layout of this type shares; the new block is larger, fresh
            // and does not overlap it. The values move (bitwise) and the old block, now holding
            // nothing owned, goes back with the layout it was allocated with.
            unsafe {
                let (_, offset) = Self::layout(0);
                let old = self.ptr.as_ptr().cast::<u8>();
                let bytes = offset + old_len * std::mem::size_of::<T>();
                ptr::copy_nonoverlapping(old, ptr.as_ptr().cast::<u8>(), bytes);
                rcgc::alloc::release(old, old_layout);
            }
            self.ptr = ptr;
            // SAFETY: the new block holds the `Head` and the initialized slots, with room for
            // `new_cap` slots.
            unsafe { (*ptr.as_ptr()).cap = new_cap };
        }
        let slots = self.slots();
        for i in old_len..len {
            let value = fill();
            // SAFETY: `i < len <= cap`: slot `i` is in the allocation, and not initialized
            // (`i >= len` recorded in the head); writing it before bumping `len` keeps the
            // invariant if `fill` panics.
            unsafe {
                slots.add(i).write(value);
                (*self.ptr.as_ptr()).len = i as u32 + 1;
            }
        }
    }

    /// Gives up ownership: the pointer to pass back to [`ThinSlice::from_raw`]. It is at
    /// least 4-byte aligned (the head's `u32`s), so its low two bits are clear.
    pub fn into_raw(self) -> NonNull<u8> {
        let ptr = self.ptr.cast::<u8>();
        std::mem::forget(self);
        ptr
    }

    /// Takes back ownership of what [`ThinSlice::into_raw`] gave up.
    ///
    /// # Safety
    ///
    /// `ptr` came from `ThinSlice::<H, T>::into_raw` (same `H` and `T`), and nothing else
    /// owns it any longer.
    pub unsafe fn from_raw(ptr: NonNull<u8>) -> ThinSlice<H, T> {
        ThinSlice { ptr: ptr.cast(), _owns: PhantomData }
    }
}

impl<H, T> Drop for ThinSlice<H, T> {
    fn drop(&mut self) {
        let (layout, _) = Self::layout(self.head().cap as usize);
        let values: *mut [T] = self.as_mut_slice();
        // SAFETY: the head and the first `len` slots are initialized and owned by `self`,
        // which drops each once, here; the block was allocated with the layout for the `cap`
        // the head records. (If a value's drop panics, the rest are dropped and the block
        // leaks: safe.)
        unsafe {
            ptr::drop_in_place(values);
            ptr::drop_in_place(self.ptr.as_ptr());
            rcgc::alloc::release(self.ptr.as_ptr().cast(), layout);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;

    /// Counts its drops in a shared cell (the oracle: each value is dropped exactly once).
    struct Counted<'a> {
        id: usize,
        drops: &'a [Cell<u32>],
    }

    impl Drop for Counted<'_> {
        fn drop(&mut self) {
            let count = &self.drops[self.id];
            count.set(count.get() + 1);
        }
    }

    #[test]
    fn one_pointer_and_tight_layout() {
        assert_eq!(std::mem::size_of::<ThinSlice<Rc<u8>, Option<Rc<u8>>>>(), 8);
        assert_eq!(std::mem::size_of::<Head<Rc<u8>>>(), 16);
        // Header 16 + one 8-byte slot.
        assert_eq!(ThinSlice::<Rc<u8>, Option<Rc<u8>>>::layout(1).0.size(), 24);
        assert_eq!(ThinSlice::<Rc<u8>, Option<Rc<u8>>>::layout(0).0.size(), 16);
        assert_eq!(ThinSlice::<Rc<u8>, Option<Rc<u8>>>::layout(3).1, 16);
    }

    #[test]
    fn zero_length() {
        let header = Rc::new(7u8);
        let mut thin: ThinSlice<Rc<u8>, String> = ThinSlice::new(header.clone());
        assert_eq!(**thin.header(), 7);
        assert_eq!(thin.len(), 0);
        assert!(thin.as_slice().is_empty());
        assert!(thin.as_mut_slice().is_empty());
        thin.grow_with(0, || unreachable!("nothing to fill"));
        assert_eq!(thin.len(), 0);
        assert_eq!(Rc::strong_count(&header), 2);
        drop(thin);
        assert_eq!(Rc::strong_count(&header), 1, "the header is dropped");
    }

    #[test]
    fn grows_keeping_values() {
        let mut thin: ThinSlice<u64, Option<String>> = ThinSlice::new(99);
        let mut n = 0;
        for len in [1, 2, 2, 5, 30, 31] {
            thin.grow_with(len, || {
                n += 1;
                Some(format!("v{n}"))
            });
            assert_eq!(thin.len(), len);
            assert_eq!(*thin.header(), 99);
            let expect: Vec<_> = (1..=len).map(|i| Some(format!("v{i}"))).collect();
            assert_eq!(thin.as_slice(), &expect[..]);
        }
        thin.as_mut_slice()[3] = None;
        let (header, values) = thin.parts_mut();
        assert_eq!(*header, 99);
        assert_eq!(values[3].take(), None);
        assert_eq!(values[4].take().as_deref(), Some("v5"));
        assert_eq!(thin.as_slice()[4], None);
    }

    #[test]
    fn into_raw_from_raw_round_trip() {
        let header = Rc::new(1u8);
        let mut thin: ThinSlice<Rc<u8>, Rc<u8>> = ThinSlice::new(header.clone());
        thin.grow_with(3, || header.clone());
        let raw = thin.into_raw();
        assert_eq!(raw.as_ptr() as usize & 3, 0, "low bits free for a tag");
        assert_eq!(Rc::strong_count(&header), 5);
        // SAFETY: `raw` came from `into_raw` of the same type, given up just above.
        let thin = unsafe { ThinSlice::<Rc<u8>, Rc<u8>>::from_raw(raw) };
        assert_eq!(thin.len(), 3);
        drop(thin);
        assert_eq!(Rc::strong_count(&header), 1);
    }

    #[test]
    fn drop_drops_each_value_once() {
        let drops: Vec<Cell<u32>> = (0..40).map(|_| Cell::new(0)).collect();
        let header = Rc::new(0u8);
        {
            let mut thin: ThinSlice<Rc<u8>, Option<Counted>> = ThinSlice::new(header.clone());
            let mut id = 0;
            let mut next = || {
                id += 1;
                Some(Counted { id: id - 1, drops: &drops })
            };
            thin.grow_with(1, &mut next);
            thin.grow_with(4, &mut next);
            thin.grow_with(40, &mut next);
            // Moving a value out: dropped once, by its taker.
            drop(thin.as_mut_slice()[10].take());
            assert_eq!(drops[10].get(), 1);
            // Replacing one: the old value is dropped once, the new one lives in the slot.
            thin.as_mut_slice()[11] = None;
            assert_eq!(drops[11].get(), 1);
            assert!(drops
                .iter()
                .enumerate()
                .all(|(i, d)| d.get() == u32::from(i == 10 || i == 11)));
        }
        assert!(drops.iter().all(|d| d.get() == 1), "every value dropped exactly once");
        assert_eq!(Rc::strong_count(&header), 1);
    }

    #[test]
    fn panicking_fill_keeps_the_filled_values() {
        let counts: Vec<Cell<u32>> = (0..8).map(|_| Cell::new(0)).collect();
        let drops = &counts[..];
        let mut thin: ThinSlice<(), Counted> = ThinSlice::new(());
        thin.grow_with(2, {
            let mut id = 0;
            move || {
                id += 1;
                Counted { id: id - 1, drops }
            }
        });
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut id = 2;
            thin.grow_with(8, || {
                assert!(id < 5, "fill fails");
                id += 1;
                Counted { id: id - 1, drops }
            });
        }));
        assert!(result.is_err());
        assert_eq!(thin.len(), 5, "the values made before the panic are kept");
        drop(thin);
        let counts: Vec<u32> = counts.iter().map(Cell::get).collect();
        assert_eq!(counts, [1, 1, 1, 1, 1, 0, 0, 0]);
    }

    #[test]
    fn zero_sized_values() {
        let mut thin: ThinSlice<u8, ()> = ThinSlice::new(3);
        thin.grow_with(1000, || ());
        assert_eq!(thin.len(), 1000);
        assert_eq!(*thin.header(), 3);
    }
}
