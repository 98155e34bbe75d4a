//! The object header, the per-type vtable and the allocation (`GcBox`).
//!
//! This module knows the memory layout and nothing about collection policy.

use std::any::TypeId;
use std::cell::{Cell, UnsafeCell};
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use crate::trace::Trace;
use crate::visitor::Visitor;

/// The two links of an intrusive, circular, doubly linked list (CPython's `PyGC_Head`).
///
/// A list is a sentinel `Links` whose `next`/`prev` point at itself when empty. Every
/// [`Header`] starts with a `Links`, so a `*const Links` to a header can be cast back.
///
/// Invariant: for a node in a list, `node.next.prev == node` and `node.prev.next == node`.
/// A node in no list has `next == null` (that is what "untracked" means).
#[repr(C)]
pub(crate) struct Links {
    pub(crate) next: Cell<*const Links>,
    pub(crate) prev: Cell<*const Links>,
}

impl Links {
    pub(crate) const fn unlinked() -> Links {
        Links { next: Cell::new(std::ptr::null()), prev: Cell::new(std::ptr::null()) }
    }
}

/// Flag bits stored in the low bits of [`Header::vtable_and_flags`]; `VTable` is 128-byte
/// aligned, so seven bits are free.
pub(crate) mod flag {
    /// The finalizer ran (or was deliberately skipped); it never runs again (PEP 442).
    pub const FINALIZED: usize = 1 << 0;
    /// The value has been dropped (or is being dropped): dereferencing panics.
    pub const DROPPED: usize = 1 << 1;
    /// The weak table holds a slot for this object.
    pub const HAS_WEAK: usize = 1 << 2;
    /// The object is in the set under collection (young list, then `unreachable`); the
    /// reachability pass marks an object reachable by clearing it. (Bit 4 is free: it was the
    /// reachability pass's own mark.)
    pub const COLLECTING: usize = 1 << 3;
    /// Never deallocated: a hidden reference keeps `strong >= 1`.
    pub const IMMORTAL: usize = 1 << 5;
    /// `DROPPED` by `Gc::force_drop` while other handles remained: the value itself is dropped
    /// when the last handle goes (a `&T` borrowed from another handle may still be alive).
    pub const DROP_PENDING: usize = 1 << 6;
    pub const MASK: usize = (1 << 7) - 1;
}

/// The header in front of every `Gc` value: 32 bytes on 64-bit targets, as CPython's.
///
/// | field              | bytes | meaning                                                       |
/// |--------------------|-------|---------------------------------------------------------------|
/// | `links.next`       | 8     | next object in its generation list; null when untracked       |
/// | `links.prev`       | 8     | previous object in the list; for an untracked object waiting  |
/// |                    |       | in the deferred-deallocation queue, the next queued object    |
/// | `vtable_and_flags` | 8     | `&'static VTable` with the [`flag`] bits in its low 7 bits     |
/// | `strong`           | 4     | number of `Gc` handles (the refcount, `sys.getrefcount` - 1)  |
/// | `gc_refs`          | 4     | scratch copy of `strong` during a collection (CPython's       |
/// |                    |       | `gc_refs`), meaningless outside one                           |
///
/// Weak references live in a side table keyed by the header address (flag `HAS_WEAK`), so
/// objects that are never weakly referenced pay nothing for them.
///
/// Invariants: the header is the first field of a `GcBox<T>` allocated by `Gc::new` whose
/// vtable is `VTable::of::<T>()`; the allocation is freed only when `strong == 0`, the
/// object is untracked and not queued, and the value has been dropped.
#[repr(C)]
pub(crate) struct Header {
    pub(crate) links: Links,
    vtable_and_flags: Cell<usize>,
    pub(crate) strong: Cell<u32>,
    pub(crate) gc_refs: Cell<u32>,
}

/// Type-erased operations on a `GcBox<T>`: CPython's type object, reduced to what the
/// collector needs.
#[repr(C, align(128))]
pub(crate) struct VTable {
    /// Visits the handles the value owns.
    pub(crate) trace: unsafe fn(NonNull<Header>, &mut Visitor),
    /// Calls `T::finalize` with a handle standing for a reference the caller counted.
    pub(crate) finalize: unsafe fn(NonNull<Header>),
    /// Drops the value in place (the allocation stays).
    pub(crate) drop_value: unsafe fn(NonNull<Header>),
    /// Frees the allocation (the value must already be dropped).
    pub(crate) free: unsafe fn(NonNull<Header>),
    pub(crate) type_id: fn() -> TypeId,
    pub(crate) type_name: fn() -> &'static str,
    /// Asks the value whether it has a finalizer now (`Finalize::has_finalizer`).
    pub(crate) finalizer_present: unsafe fn(NonNull<Header>) -> bool,
    pub(crate) has_finalizer: bool,
    pub(crate) tracked: bool,
    pub(crate) needs_drop: bool,
}

/// An allocation: header then value. `repr(C)` keeps the header at offset 0, so a
/// `NonNull<Header>` and a `NonNull<GcBox<T>>` are the same address.
#[repr(C)]
pub(crate) struct GcBox<T> {
    pub(crate) header: Header,
    pub(crate) value: UnsafeCell<ManuallyDrop<T>>,
}

struct VTableOf<T>(std::marker::PhantomData<T>);

impl<T: Trace + 'static> VTableOf<T> {
    const VTABLE: VTable = VTable {
        trace: trace_value::<T>,
        finalize: finalize_value::<T>,
        drop_value: drop_value::<T>,
        free: free_box::<T>,
        type_id: TypeId::of::<T>,
        type_name: std::any::type_name::<T>,
        finalizer_present: finalizer_present::<T>,
        has_finalizer: T::HAS_FINALIZER,
        tracked: T::MAY_CONTAIN_GC,
        needs_drop: std::mem::needs_drop::<T>(),
    };
}

impl VTable {
    pub(crate) fn of<T: Trace + 'static>() -> &'static VTable {
        &VTableOf::<T>::VTABLE
    }
}

/// # Safety
/// `header` heads a live `GcBox<T>` whose value has not been dropped.
unsafe fn trace_value<T: Trace + 'static>(header: NonNull<Header>, visitor: &mut Visitor) {
    // SAFETY: the caller guarantees a `GcBox<T>` with a live value; `trace` only reads it.
    let value: &T = unsafe { &*header.cast::<GcBox<T>>().as_ref().value.get() };
    value.trace(visitor);
}

/// # Safety
/// `header` heads a `GcBox<T>` with a live value, and the caller counted one strong reference
/// for the duration of the call (it releases that reference itself afterwards).
unsafe fn finalize_value<T: Trace + 'static>(header: NonNull<Header>) {
    // SAFETY: the caller holds the reference this handle stands for; `ManuallyDrop` keeps the
    // handle from releasing it.
    let handle = ManuallyDrop::new(unsafe { crate::gc::Gc::<T>::from_header(header) });
    crate::report::catch_unraisable("finalizer", std::any::type_name::<T>(), || {
        T::finalize(&handle);
    });
}

/// # Safety
/// `header` heads a `GcBox<T>` with a live value.
unsafe fn finalizer_present<T: Trace + 'static>(header: NonNull<Header>) -> bool {
    // SAFETY: the caller guarantees a live value; `has_finalizer` only reads it.
    let value: &T = unsafe { &*header.cast::<GcBox<T>>().as_ref().value.get() };
    let mut present = false;
    crate::report::catch_unraisable("has_finalizer", std::any::type_name::<T>(), || {
        present = value.has_finalizer();
    });
    present
}

/// # Safety
/// `header` heads a `GcBox<T>` whose value is live, marked `DROPPED`, and to which no other
/// code holds a reference (`Deref` refuses `DROPPED` values).
unsafe fn drop_value<T: Trace + 'static>(header: NonNull<Header>) {
    // SAFETY: forwarded from the caller.
    unsafe { drop_value_of(header.cast::<GcBox<T>>()) }
}

/// # Safety
/// `header` heads a `GcBox<T>` allocated by `Gc::new` whose value was dropped and which no
/// handle, list or queue refers to any more.
unsafe fn free_box<T: Trace + 'static>(header: NonNull<Header>) {
    // SAFETY: forwarded from the caller.
    unsafe { free_box_of(header.cast::<GcBox<T>>()) }
}

/// Drops the value of `object` in place, catching and reporting a panic (the fields are
/// still dropped by the drop glue). Nothing to do, and no `catch_unwind`, for a type without
/// drop glue.
///
/// # Safety
/// `object` is a `GcBox<T>` whose value is live, marked `DROPPED`, and to which no other code
/// holds a reference (`Deref` refuses `DROPPED` values).
#[inline]
pub(crate) unsafe fn drop_value_of<T>(object: NonNull<GcBox<T>>) {
    if !std::mem::needs_drop::<T>() {
        return;
    }
    // SAFETY: guaranteed by the caller: the value is live and nobody else can reach it.
    let slot = unsafe { &mut *object.as_ref().value.get() };
    crate::report::catch_unraisable("drop", std::any::type_name::<T>(), || {
        // SAFETY: the value is live and is dropped exactly once (the DROPPED flag was set by
        // the caller before this call and is never cleared).
        unsafe { ManuallyDrop::drop(slot) }
    });
}

/// Frees the allocation of `object`.
///
/// # Safety
/// `object` was allocated by `Gc::new` (or `Gc::new_untracked`) as a `GcBox<T>`, its value
/// was dropped, and no handle, list or queue refers to it any more.
#[inline]
pub(crate) unsafe fn free_box_of<T>(object: NonNull<GcBox<T>>) {
    // SAFETY: the box was created by `Box::new` with this exact type (caller); the
    // `ManuallyDrop` value is not dropped again by freeing the box.
    drop(unsafe { Box::from_raw(object.as_ptr()) });
}

impl Header {
    #[inline]
    pub(crate) fn new(vtable: &'static VTable) -> Header {
        Header {
            links: Links::unlinked(),
            vtable_and_flags: Cell::new(vtable as *const VTable as usize),
            strong: Cell::new(1),
            gc_refs: Cell::new(0),
        }
    }

    #[inline]
    pub(crate) fn vtable(&self) -> &'static VTable {
        // SAFETY: the high bits are always the address of a `&'static VTable` (set in `new`,
        // only the low `flag::MASK` bits are ever changed).
        unsafe { &*((self.vtable_and_flags.get() & !flag::MASK) as *const VTable) }
    }

    /// The flag bits, all at once.
    #[inline]
    pub(crate) fn flags(&self) -> usize {
        self.vtable_and_flags.get() & flag::MASK
    }

    #[inline]
    pub(crate) fn has(&self, bits: usize) -> bool {
        self.vtable_and_flags.get() & bits != 0
    }

    #[inline]
    pub(crate) fn set(&self, bits: usize) {
        debug_assert_eq!(bits & !flag::MASK, 0);
        self.vtable_and_flags.set(self.vtable_and_flags.get() | bits);
    }

    #[inline]
    pub(crate) fn clear(&self, bits: usize) {
        self.vtable_and_flags.set(self.vtable_and_flags.get() & !bits);
    }

    /// The number of handles, not counting the hidden reference of an immortal object.
    #[inline]
    pub(crate) fn visible_strong(&self) -> usize {
        self.strong.get() as usize - usize::from(self.has(flag::IMMORTAL))
    }

    /// Whether the object may have a finalizer that has not run yet, judged by its type alone
    /// (no user code runs): a superset of `finalizer_pending`.
    #[inline]
    pub(crate) fn may_have_pending_finalizer(&self) -> bool {
        self.vtable().has_finalizer && !self.has(flag::FINALIZED)
    }

    /// Whether the object has a finalizer that has not run yet. Asks the value
    /// (`Finalize::has_finalizer`), which is user code: the caller must hold a counted
    /// reference to the object for the call and keep every list it walks consistent, since the
    /// query may clone and drop handles, allocate, collect, untrack or force-drop (see
    /// ARCHITECTURE.md, "User code and the collector"). The flags are read again after the
    /// query because it may have finalized or force-dropped the object itself.
    ///
    /// # Safety
    /// `object` is this header, its allocation is live, and the caller holds a counted
    /// reference to it.
    #[inline]
    pub(crate) unsafe fn finalizer_pending(&self, object: NonNull<Header>) -> bool {
        let vtable = self.vtable();
        if !vtable.has_finalizer || self.has(flag::FINALIZED | flag::DROPPED) {
            return false;
        }
        // SAFETY: the value is live (not DROPPED) and the caller's reference keeps it so.
        let present = unsafe { (vtable.finalizer_present)(object) };
        present && !self.has(flag::FINALIZED | flag::DROPPED)
    }

    #[inline]
    pub(crate) fn is_tracked(&self) -> bool {
        !self.links.next.get().is_null()
    }

    /// Adds one strong reference; aborts on overflow as `Rc` does (a wrapped count would
    /// free a live value).
    #[inline]
    pub(crate) fn inc_strong(&self) {
        let count = self.strong.get();
        if count == u32::MAX {
            std::process::abort();
        }
        self.strong.set(count + 1);
    }

    pub(crate) fn links_ptr(header: NonNull<Header>) -> *const Links {
        header.as_ptr() as *const Links
    }

    /// # Safety
    /// `links` must be the `links` field of a `Header` (not a list sentinel).
    pub(crate) unsafe fn from_links(links: *const Links) -> NonNull<Header> {
        // SAFETY: `links` is non-null (it is a list node) and is the first field of a
        // `repr(C)` header, so the addresses coincide.
        unsafe { NonNull::new_unchecked(links as *mut Header) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_32_bytes_on_64_bit() {
        if cfg!(target_pointer_width = "64") {
            assert_eq!(std::mem::size_of::<Header>(), 32);
            assert_eq!(std::mem::size_of::<GcBox<u64>>(), 40);
        }
        assert_eq!(std::mem::align_of::<VTable>(), 128);
    }

    #[test]
    fn flags_do_not_disturb_the_vtable() {
        let header = Header::new(VTable::of::<u64>());
        header.set(flag::MASK);
        assert!(std::ptr::eq(header.vtable(), VTable::of::<u64>()));
        assert!(header.has(flag::DROPPED));
        header.clear(flag::DROPPED);
        assert!(!header.has(flag::DROPPED));
        assert!(header.has(flag::FINALIZED));
    }
}
