//! Leaves with a byte tail: [`Gc::new_leaf_with_tail`] and [`Gc::tail`], one allocation for an
//! object and its variable-sized part (CPython's compact str). The layout and why the tail's
//! length, kept in the header's `gc_refs`, survives until the free: see `header::Header`.

use std::marker::PhantomData;

use crate::gc::Gc;
use crate::header::{allocate_with_tail, GcBox, Header};
use crate::trace::Trace;

impl<T: Trace + 'static> Gc<T> {
    /// Allocates `value` as a leaf (see [`Gc::new_leaf`]) whose allocation also holds a copy
    /// of `tail`, right after the value: one allocation for an object and its variable-sized
    /// part, as CPython's compact str keeps its text after the object. Read the bytes back
    /// with [`Gc::tail`]; they never change, and stay readable for as long as a handle lives,
    /// even once the value was dropped (by [`force_drop`](Gc::force_drop) or the collector).
    /// The tail's length costs no memory: it is kept in the header's collector scratch word,
    /// which a leaf never uses (a tail of 4 GiB or more keeps it in a word of its own). An
    /// empty tail gives exactly [`Gc::new_leaf`]'s object.
    ///
    /// ```
    /// use rcgc::Gc;
    ///
    /// let greeting = Gc::new_leaf_with_tail(5u32, b"hello");
    /// assert_eq!(*greeting, 5);
    /// assert_eq!(Gc::tail(&greeting), b"hello");
    /// assert!(Gc::is_leaf(&greeting));
    /// let size = rcgc::introspect::allocation_size(&Gc::erase(&greeting));
    /// assert_eq!(size, rcgc::introspect::allocation_size(&Gc::erase(&Gc::new(5u32))) + 5);
    /// ```
    pub fn new_leaf_with_tail(value: T, tail: &[u8]) -> Gc<T> {
        Gc { ptr: allocate_with_tail(value, tail), _owns: PhantomData }
    }
}

impl<T> Gc<T> {
    /// The bytes stored after the value by [`Gc::new_leaf_with_tail`]; empty for any other
    /// object. Borrowed from the handle, which keeps the allocation alive; readable even
    /// after the value was dropped (the bytes are not part of it and never change).
    ///
    /// ```
    /// let text = rcgc::Gc::new_leaf_with_tail((), "naïve".as_bytes());
    /// assert_eq!(std::str::from_utf8(rcgc::Gc::tail(&text)), Ok("naïve"));
    /// assert!(rcgc::Gc::tail(&rcgc::Gc::new(1)).is_empty());
    /// ```
    #[inline]
    pub fn tail(this: &Self) -> &[u8] {
        let box_size = std::mem::size_of::<GcBox<T>>();
        // SAFETY: the handle keeps its allocation alive, and its pointer carries the
        // provenance of the whole allocation (the one `allocate_with_tail` returned, or
        // `allocate`'s for a tail of 0 bytes).
        let (start, len) = unsafe { Header::tail_extent(this.header_ptr(), box_size) };
        // SAFETY: as above; `len` bytes start `start` bytes after the header (`gc_refs` of a
        // link-less object, and a long tail's length word, are never written after
        // allocation, see `Header`; a linked object has none). They were initialized at
        // allocation and are never written again nor dropped, and the handle borrowed for the
        // returned lifetime keeps the allocation alive. For `len == 0` the pointer is at most
        // one past the allocation's end: in bounds, non-null and aligned for `u8`.
        unsafe {
            let start = this.ptr.as_ptr().cast::<u8>().add(start);
            std::slice::from_raw_parts(start, len)
        }
    }
}
