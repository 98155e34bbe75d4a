//! The object header, the per-type vtable and the allocation (`GcBox`, with or without the
//! list links in front).
//!
//! This module knows the memory layout and nothing about collection policy.

use std::alloc::Layout;
use std::any::TypeId;
use std::cell::{Cell, UnsafeCell};
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use crate::trace::Trace;
use crate::visitor::Visitor;

/// The two links of an intrusive, circular, doubly linked list (CPython's `PyGC_Head`).
///
/// A list is a sentinel `Links` whose `next`/`prev` point at itself when empty. An object that
/// may ever be tracked (flag [`flag::LINKED`]) has its `Links` right before its [`Header`], as
/// CPython puts `PyGC_Head` before the object: [`Header::links_ptr`] and
/// [`Header::from_links`] convert between the two addresses.
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

/// Flag bits stored in the low bits of [`Header::vtable_and_flags`]; `VTable` is 256-byte
/// aligned, so eight bits are free.
pub(crate) mod flag {
    /// The finalizer ran (or was deliberately skipped); it never runs again (PEP 442).
    pub const FINALIZED: usize = 1 << 0;
    /// The value has been dropped (or is being dropped): dereferencing panics.
    pub const DROPPED: usize = 1 << 1;
    /// The weak table holds a slot for this object.
    pub const HAS_WEAK: usize = 1 << 2;
    /// The object is in the set under collection (young list, then `unreachable`); the
    /// reachability pass marks an object reachable by clearing it.
    pub const COLLECTING: usize = 1 << 3;
    /// The allocation carries [`Links`](super::Links) right before the header: the object may
    /// be tracked. Set at allocation and never changed; without it the object can never be
    /// tracked (CPython's non-GC objects) and its allocation starts at the header.
    pub const LINKED: usize = 1 << 4;
    /// Never deallocated: a hidden reference keeps `strong >= 1`.
    pub const IMMORTAL: usize = 1 << 5;
    /// `DROPPED` by `Gc::force_drop` while other handles remained: the value itself is dropped
    /// when the last handle goes (a `&T` borrowed from another handle may still be alive).
    pub const DROP_PENDING: usize = 1 << 6;
    /// The value never has a finalizer (`Gc::declare_no_finalizer`): dying, it skips the
    /// finalizer query and goes the way of a type without one.
    pub const NO_FINALIZER: usize = 1 << 7;
    pub const MASK: usize = (1 << 8) - 1;
}

/// The header in front of every `Gc` value: 16 bytes on 64-bit targets, CPython's `PyObject`
/// head (refcount and type) plus the collector's scratch count.
///
/// | field              | bytes | meaning                                                       |
/// |--------------------|-------|---------------------------------------------------------------|
/// | `vtable_and_flags` | 8     | `&'static VTable` with the [`flag`] bits in its low 8 bits     |
/// | `strong`           | 4     | number of `Gc` handles (the refcount, `sys.getrefcount` - 1)  |
/// | `gc_refs`          | 4     | linked: scratch copy of `strong` during a collection          |
/// |                    |       | (CPython's `gc_refs`), meaningless outside one; link-less:    |
/// |                    |       | the length of the byte tail after the value (0 if none)       |
///
/// Two allocation layouts, as in CPython, where only objects of GC-capable types get a
/// `PyGC_Head` (the two list links), placed *before* the object pointer, so that an int or a
/// str has just its 16-byte head:
///
/// - **linked** (flag [`flag::LINKED`]): `[Links 16][Header 16][value]`, for objects that may
///   ever be tracked (types whose `Trace::MAY_CONTAIN_GC` is true, unless allocated by
///   `Gc::new_leaf`). `links.next` is the next object in its generation list (null when
///   untracked), `links.prev` the previous one. 32 bytes of head in all, as CPython's. A
///   value aligned beyond 16 bytes gets padding before the links, never between links and
///   header ([`AllocLayout`]).
/// - **link-less**: `[Header 16][value][tail]`, for objects that can never be tracked (an int,
///   a str): they pay nothing for the collector's lists. The tail is `gc_refs` bytes (none
///   unless made by `Gc::new_leaf_with_tail`) starting at `size_of::<GcBox<T>>()`: a str's
///   text, in the same allocation as its object (CPython's compact str).
///
/// `gc_refs` can hold a link-less object's tail length because the collector writes
/// `gc_refs` only on objects of the set under collection (`COLLECTING`) or tracked ones
/// (`update_refs`, `subtract_refs`, `move_unreachable` walk lists of tracked objects;
/// `Visitor::visit_header` writes it only if `COLLECTING`, or, in `SubtractRefsAll`, if
/// `Header::is_tracked`), and a link-less object is never in a list, so it is never tracked
/// nor `COLLECTING`. Nothing else writes it after [`Header::new`]. So the length survives
/// the value being dropped or moved out, and the free function recomputes the layout from it.
///
/// A `Gc` points at the header in both cases, so every handle operation is the same; only
/// the list operations reach back to the links ([`Header::links_ptr`], 16 bytes before the
/// header), and only for linked objects. The free function reads `LINKED` to find the
/// allocation's base and layout.
///
/// Weak references live in a side table keyed by the header address (flag `HAS_WEAK`), so
/// objects that are never weakly referenced pay nothing for them.
///
/// Invariants: the header is the first field of a `GcBox<T>` allocated by [`allocate`] (with
/// links in front iff `LINKED`, and a tail of `gc_refs` bytes after it iff not `LINKED`)
/// whose vtable is `VTable::of::<T>()`; `LINKED` implies that the
/// type may contain handles (`VTable::tracked`); the allocation is freed only when
/// `strong == 0`, the object is untracked and not queued, and the value has been dropped.
#[repr(C)]
pub(crate) struct Header {
    vtable_and_flags: Cell<usize>,
    pub(crate) strong: Cell<u32>,
    pub(crate) gc_refs: Cell<u32>,
}

/// Type-erased operations on a `GcBox<T>`: CPython's type object, reduced to what the
/// collector needs.
#[repr(C, align(256))]
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
    /// Asks the value whether it may leave the collector's lists (`Trace::may_untrack`).
    pub(crate) may_untrack: unsafe fn(NonNull<Header>, bool) -> bool,
    /// `Trace::MAY_UNTRACK`: whether to ask at all.
    pub(crate) asks_untrack: bool,
    pub(crate) has_finalizer: bool,
    pub(crate) tracked: bool,
    pub(crate) needs_drop: bool,
    /// Bytes requested for a linked allocation of the type, and for a link-less one.
    pub(crate) linked_size: usize,
    pub(crate) linkless_size: usize,
}

/// An object: header then value. `repr(C)` keeps the header at offset 0, so a
/// `NonNull<Header>` and a `NonNull<GcBox<T>>` are the same address. A linked allocation has
/// [`Links`] right before it (see [`AllocLayout`]).
#[repr(C)]
pub(crate) struct GcBox<T> {
    pub(crate) header: Header,
    pub(crate) value: UnsafeCell<ManuallyDrop<T>>,
}

/// The two allocation layouts of a `GcBox<T>`.
pub(crate) struct AllocLayout<T>(std::marker::PhantomData<T>);

impl<T> AllocLayout<T> {
    /// A link-less allocation: the `GcBox<T>` alone.
    pub(crate) const LINKLESS: Layout = Layout::new::<GcBox<T>>();
    /// Where the `GcBox<T>` starts in a linked allocation: the links' size rounded up to the
    /// box's alignment, so that the links end exactly where the header starts (for a value
    /// aligned beyond 16 bytes, the allocation starts with padding before the links).
    pub(crate) const LINKED_OFFSET: usize = {
        let align = Self::LINKLESS.align();
        (std::mem::size_of::<Links>() + align - 1) & !(align - 1)
    };
    /// A linked allocation: padding if any, `Links`, then the `GcBox<T>`.
    pub(crate) const LINKED: Layout = match Layout::from_size_align(
        Self::LINKED_OFFSET + Self::LINKLESS.size(),
        Self::LINKLESS.align(),
    ) {
        Ok(layout) => layout,
        Err(_) => panic!("rcgc: object too large"),
    };

    /// The layout of an allocation of this kind.
    #[inline]
    pub(crate) const fn of(linked: bool) -> Layout {
        if linked {
            Self::LINKED
        } else {
            Self::LINKLESS
        }
    }
}

/// Allocates a `GcBox<T>` with a fresh header (one strong reference, untracked) whose value is
/// not written yet; with [`Links`] (unlinked) in front if `linked`.
///
/// `linked` must be false for a type that can never be tracked (`Trace::MAY_CONTAIN_GC`
/// false): `LINKED` implies a tracked type.
#[inline]
pub(crate) fn allocate_uninit<T: Trace + 'static>(linked: bool) -> NonNull<GcBox<T>> {
    debug_assert!(!linked || T::MAY_CONTAIN_GC);
    let layout = AllocLayout::<T>::of(linked);
    // SAFETY: the layout's size is at least that of a header, never zero; the block is
    // released by `free_box_of` with the same layout on this thread (handles are `!Send`).
    let base = unsafe { crate::pool::allocate(layout) };
    if base.is_null() {
        std::alloc::handle_alloc_error(layout);
    }
    let offset = if linked { AllocLayout::<T>::LINKED_OFFSET } else { 0 };
    // SAFETY: `offset + size_of::<GcBox<T>>()` is within the allocation, and the box's address
    // is aligned for it (the base is, and `offset` is a multiple of its alignment).
    let object = unsafe { base.add(offset) }.cast::<GcBox<T>>();
    // SAFETY: the header field of a fresh, suitably aligned `GcBox<T>`; the value stays
    // uninitialized (the caller writes it).
    unsafe {
        std::ptr::addr_of_mut!((*object).header).write(Header::new(VTable::of::<T>(), linked))
    };
    if linked {
        // SAFETY: in a linked allocation the `Links` occupy the `size_of::<Links>()` bytes right
        // before the box, inside the allocation (`LINKED_OFFSET >= size_of::<Links>()`) and
        // aligned (both the offset and the size of `Links` are multiples of its alignment).
        unsafe { object.cast::<Links>().sub(1).write(Links::unlinked()) };
    }
    // SAFETY: non-null: an offset into a successful allocation.
    unsafe { NonNull::new_unchecked(object) }
}

/// Allocates a `GcBox<T>` holding `value` (see [`allocate_uninit`]).
#[inline]
pub(crate) fn allocate<T: Trace + 'static>(value: T, linked: bool) -> NonNull<GcBox<T>> {
    let object = allocate_uninit::<T>(linked);
    // SAFETY: the value slot of the fresh box is ours and unwritten; `UnsafeCell` and
    // `ManuallyDrop` are `repr(transparent)`, so it has `T`'s layout.
    unsafe { std::ptr::addr_of_mut!((*object.as_ptr()).value).cast::<T>().write(value) };
    object
}

/// Tails of at least this many bytes keep their length in a word of their own (their
/// header's `gc_refs` says [`LONG_TAIL_MARK`]); shorter ones in `gc_refs` itself. Small in the
/// crate's unit tests, so that they cover both forms without allocating 4 GiB.
pub(crate) const LONG_TAIL: usize = if cfg!(test) { 40 } else { u32::MAX as usize };
/// `gc_refs` of an object whose tail is long ([`LONG_TAIL`]).
pub(crate) const LONG_TAIL_MARK: u32 = u32::MAX;

/// The layout of a link-less allocation of a `GcBox<T>` followed by `tail` bytes (and, for a
/// long tail, its length word first), and the offset of the tail's bytes: `None` if the size
/// would pass `isize::MAX`.
#[inline]
pub(crate) fn tail_layout<T>(tail: usize) -> Option<(Layout, usize)> {
    let box_size = AllocLayout::<T>::LINKLESS.size();
    let start = if tail >= LONG_TAIL { box_size + std::mem::size_of::<usize>() } else { box_size };
    let size = start.checked_add(tail)?;
    let layout = Layout::from_size_align(size, AllocLayout::<T>::LINKLESS.align()).ok()?;
    Some((layout, start))
}

/// Allocates a link-less `GcBox<T>` holding `value`, followed in the same allocation by a copy
/// of `tail` (at offset `size_of::<GcBox<T>>()` from the header); the header's `gc_refs`
/// records the tail's length (see [`Header`]). With an empty tail this is
/// `allocate(value, false)`.
///
/// # Panics
/// If the allocation's size would pass `isize::MAX` (a slice's length cannot get near it).
#[inline]
pub(crate) fn allocate_with_tail<T: Trace + 'static>(value: T, tail: &[u8]) -> NonNull<GcBox<T>> {
    let Some((layout, start)) = tail_layout::<T>(tail.len()) else {
        panic!("rcgc: a tail of {} bytes makes the allocation too large", tail.len());
    };
    // SAFETY: the layout's size is at least that of a header, never zero; the block is
    // released by `free_box_of` with the same layout (recomputed from `gc_refs`, written
    // below and never changed for a link-less object) on this thread.
    let base = unsafe { crate::pool::allocate(layout) };
    if base.is_null() {
        std::alloc::handle_alloc_error(layout);
    }
    let object = base.cast::<GcBox<T>>();
    let mut header = Header::new(VTable::of::<T>(), false);
    let long = tail.len() >= LONG_TAIL;
    // A short length fits `gc_refs` (below `LONG_TAIL`, itself at most `u32::MAX`).
    header.gc_refs = Cell::new(if long { LONG_TAIL_MARK } else { tail.len() as u32 });
    // SAFETY: a fresh block aligned for `GcBox<T>` and large enough for it and the tail: the
    // header and value slots are ours and unwritten (`UnsafeCell` and `ManuallyDrop` are
    // `repr(transparent)`, so the value slot has `T`'s layout); the tail occupies the
    // `tail.len()` bytes right after the box, inside the block, and cannot overlap `tail`,
    // which lives elsewhere.
    // A long tail's length word sits right after the box, aligned (the box's size is a
    // multiple of its alignment, at least a header's), before the bytes at `start`.
    unsafe {
        std::ptr::addr_of_mut!((*object).header).write(header);
        std::ptr::addr_of_mut!((*object).value).cast::<T>().write(value);
        if long {
            base.add(AllocLayout::<T>::LINKLESS.size()).cast::<usize>().write(tail.len());
        }
        std::ptr::copy_nonoverlapping(tail.as_ptr(), base.add(start), tail.len());
    }
    // SAFETY: non-null: a successful allocation.
    unsafe { NonNull::new_unchecked(object) }
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
        may_untrack: may_untrack_value::<T>,
        asks_untrack: T::MAY_UNTRACK,
        has_finalizer: T::HAS_FINALIZER,
        tracked: T::MAY_CONTAIN_GC,
        needs_drop: std::mem::needs_drop::<T>(),
        linked_size: AllocLayout::<T>::LINKED.size(),
        linkless_size: AllocLayout::<T>::LINKLESS.size(),
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
/// `header` heads a live `GcBox<T>` whose value has not been dropped.
unsafe fn may_untrack_value<T: Trace + 'static>(header: NonNull<Header>, full: bool) -> bool {
    // SAFETY: the caller guarantees a `GcBox<T>` with a live value; `may_untrack` only reads it
    // (the `Trace` contract).
    let value: &T = unsafe { &*header.cast::<GcBox<T>>().as_ref().value.get() };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| value.may_untrack(full)))
        .unwrap_or(false)
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
/// `header` heads a `GcBox<T>` allocated by [`allocate`] whose value was dropped and which no
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

/// Frees the allocation of `object`, linked or link-less as its header's `LINKED` flag says.
///
/// # Safety
/// `object` was allocated by [`allocate`] (or [`allocate_uninit`]) as a `GcBox<T>`, its value
/// was dropped (or never written, or moved out), and no handle, list or queue refers to it any
/// more.
#[inline]
pub(crate) unsafe fn free_box_of<T>(object: NonNull<GcBox<T>>) {
    // SAFETY: the header is live until the memory is freed below (caller).
    let linked = unsafe { object.cast::<Header>().as_ref() }.flags() & flag::LINKED;
    // The links' offset, without a branch: for a value aligned to at most 16 bytes (nearly
    // all), the offset is 16, which is the flag's own value.
    let offset = if AllocLayout::<T>::LINKED_OFFSET == flag::LINKED {
        linked
    } else if linked != 0 {
        AllocLayout::<T>::LINKED_OFFSET
    } else {
        0
    };
    // A link-less object's tail, its length word included (0 without a tail); a linked one
    // has none.
    let tail = if linked != 0 {
        0
    } else {
        let box_size = AllocLayout::<T>::LINKLESS.size();
        // SAFETY: live until freed below; the pointer covers the whole allocation.
        let (start, len) = unsafe { Header::tail_extent(object.cast(), box_size) };
        start - box_size + len
    };
    let align = AllocLayout::<T>::LINKLESS.align();
    // `allocate_uninit` placed the box `offset` bytes into an allocation of layout
    // `AllocLayout::<T>::of(linked)` (`LINKED` never changes after allocation);
    // `allocate_with_tail` made a link-less one of `LINKLESS.size() + tail` bytes, the tail's
    // extent kept in `gc_refs` (and a long tail's length word), which nothing writes after
    // allocation (see `Header`) and which is 0 in every other link-less allocation.
    // SAFETY: so `base` and the layout are the allocation's; the pointer has the whole
    // allocation's provenance (handles keep `allocate`'s pointer); the value is `ManuallyDrop`
    // (freeing drops nothing); released on its allocating thread (handles are `!Send`).
    unsafe {
        let base = object.as_ptr().cast::<u8>().sub(offset);
        let size = AllocLayout::<T>::LINKLESS.size() + offset + tail;
        crate::pool::release(base, Layout::from_size_align_unchecked(size, align));
    }
}

impl Header {
    /// A header with one strong reference, of a linked allocation (`LINKED`) or not.
    #[inline]
    pub(crate) fn new(vtable: &'static VTable, linked: bool) -> Header {
        let linked = if linked { flag::LINKED } else { 0 };
        Header {
            vtable_and_flags: Cell::new(vtable as *const VTable as usize | linked),
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
        self.vtable().has_finalizer && !self.has(flag::FINALIZED | flag::NO_FINALIZER)
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
        if !vtable.has_finalizer || self.has(flag::FINALIZED | flag::DROPPED | flag::NO_FINALIZER) {
            return false;
        }
        // SAFETY: the value is live (not DROPPED) and the caller's reference keeps it so.
        let present = unsafe { (vtable.finalizer_present)(object) };
        present && !self.has(flag::FINALIZED | flag::DROPPED)
    }

    /// Whether the allocation carries list links (`LINKED`): whether the object may ever be
    /// tracked.
    #[inline]
    pub(crate) fn is_linked(&self) -> bool {
        self.has(flag::LINKED)
    }

    /// Whether `object` is in a list (tracked): linked, with a non-null `links.next`.
    ///
    /// Takes the pointer rather than `&self`: the links lie outside the header, so they are
    /// read through the allocation's pointer, not through a reference to the header alone.
    ///
    /// # Safety
    /// `object` is a live header, with the provenance of its whole allocation (a handle's
    /// pointer or one derived from it, as every `NonNull<Header>` in this crate is).
    #[inline]
    pub(crate) unsafe fn is_tracked(object: NonNull<Header>) -> bool {
        // SAFETY: live (caller); only a linked object's links are read, and they exist.
        unsafe { object.as_ref().is_linked() && !(*Header::links_ptr(object)).next.get().is_null() }
    }

    /// Bytes requested from the allocator for this object (links, header, value and tail).
    ///
    /// # Safety
    /// `object` heads a live allocation (its value may be dropped).
    #[inline]
    pub(crate) unsafe fn allocation_size(object: NonNull<Header>) -> usize {
        // SAFETY: live (caller).
        let header = unsafe { object.as_ref() };
        let vtable = header.vtable();
        if header.is_linked() {
            vtable.linked_size
        } else {
            // SAFETY: live (caller), and `linkless_size` is the size of its `GcBox`.
            let (start, len) = unsafe { Header::tail_extent(object, vtable.linkless_size) };
            start + len
        }
    }

    /// Where the byte tail after the value starts (offset from the header) and its length: for
    /// a link-less object, `gc_refs` is the length, which nothing writes after allocation (see
    /// [`Header`]), or [`LONG_TAIL_MARK`] for a tail of [`LONG_TAIL`] bytes or more, whose
    /// length is then the `usize` right after the box and whose bytes follow that word. A
    /// linked object has no tail.
    ///
    /// # Safety
    /// `object` heads a live allocation (its value may be dropped) of a `GcBox` of `box_size`
    /// bytes, with the provenance of the whole allocation.
    #[inline]
    pub(crate) unsafe fn tail_extent(object: NonNull<Header>, box_size: usize) -> (usize, usize) {
        // SAFETY: live (caller).
        let header = unsafe { object.as_ref() };
        if header.is_linked() {
            return (box_size, 0);
        }
        match header.gc_refs.get() {
            LONG_TAIL_MARK => {
                // SAFETY: a long tail's length word is right after the box, inside the
                // allocation, aligned (the box's size is a multiple of its alignment, at least
                // a header's), written at allocation and never again.
                let len = unsafe { object.cast::<u8>().add(box_size).cast::<usize>().read() };
                (box_size + std::mem::size_of::<usize>(), len)
            }
            len => (box_size, len as usize),
        }
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

    /// The links of a linked object: the `size_of::<Links>()` bytes right before its header.
    ///
    /// # Safety
    /// `header` is a live header of a linked allocation (`LINKED`), with the provenance of its
    /// whole allocation.
    #[inline]
    pub(crate) unsafe fn links_ptr(header: NonNull<Header>) -> *const Links {
        // SAFETY: live (caller).
        debug_assert!(
            unsafe { header.as_ref() }.is_linked(),
            "rcgc: list links asked of a link-less object"
        );
        // SAFETY: a linked allocation has its `Links` right before the header (caller; see
        // `allocate_uninit`), in the same allocation.
        unsafe { header.as_ptr().cast::<Links>().sub(1) }
    }

    /// The header of the object whose links are `links`: the inverse of [`Header::links_ptr`].
    ///
    /// # Safety
    /// `links` are the links of a linked object (not a list sentinel), with the provenance of
    /// its whole allocation (as every list node's are: they come from `links_ptr`).
    #[inline]
    pub(crate) unsafe fn from_links(links: *const Links) -> NonNull<Header> {
        // SAFETY: the header follows the links in the same allocation (caller), so the result
        // is in bounds and non-null.
        unsafe { NonNull::new_unchecked(links.add(1).cast::<Header>().cast_mut()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_16_bytes_and_links_16_more_on_64_bit() {
        if cfg!(target_pointer_width = "64") {
            assert_eq!(std::mem::size_of::<Header>(), 16);
            assert_eq!(std::mem::size_of::<Links>(), 16);
            assert_eq!(std::mem::size_of::<GcBox<u64>>(), 24);
            assert_eq!(AllocLayout::<u64>::LINKLESS.size(), 24);
            assert_eq!(AllocLayout::<u64>::LINKED_OFFSET, 16);
            assert_eq!(AllocLayout::<u64>::LINKED.size(), 40);
        }
        assert_eq!(std::mem::align_of::<VTable>(), 256);
    }

    /// A value aligned beyond the links' size: padding goes before the links, which still end
    /// where the header starts.
    #[test]
    fn over_aligned_values_keep_the_links_right_before_the_header() {
        #[repr(align(64))]
        struct Wide(#[allow(dead_code)] u8);
        // SAFETY: owns no handle.
        unsafe impl Trace for Wide {
            const MAY_CONTAIN_GC: bool = true;
            fn trace(&self, _: &mut Visitor) {}
        }
        impl crate::Finalize for Wide {
            const HAS_FINALIZER: bool = false;
        }
        assert_eq!(AllocLayout::<Wide>::LINKED_OFFSET, 64);
        assert_eq!(AllocLayout::<Wide>::LINKED.size(), 64 + 128);
        let object = allocate(Wide(7), true);
        assert_eq!(object.as_ptr() as usize % 64, 0);
        let header = object.cast::<Header>();
        // SAFETY: a fresh linked allocation; links and header convert both ways.
        unsafe {
            let links = Header::links_ptr(header);
            assert_eq!(links as usize + std::mem::size_of::<Links>(), header.as_ptr() as usize);
            assert_eq!(Header::from_links(links), header);
            assert!(!Header::is_tracked(header));
            header.as_ref().set(flag::DROPPED);
            free_box_of(object);
        }
    }

    #[test]
    fn a_tail_follows_the_box_and_its_length_lives_in_gc_refs_or_its_own_word() {
        for len in [0usize, 1, 7, 8, 39, LONG_TAIL, LONG_TAIL + 1, 100, 600] {
            let bytes: Vec<u8> = (0..len).map(|i| i as u8 ^ 0x5a).collect();
            let object = allocate_with_tail(0x1234_5678u64, &bytes);
            let header = object.cast::<Header>();
            let box_size = AllocLayout::<u64>::LINKLESS.size();
            let word = if len >= LONG_TAIL { std::mem::size_of::<usize>() } else { 0 };
            // SAFETY: a fresh link-less allocation with a `len`-byte tail after the box (and
            // its length word if long); freed once below, after the value (no drop glue) is
            // marked dropped.
            unsafe {
                let h = header.as_ref();
                assert!(!h.is_linked());
                let mark = if len >= LONG_TAIL { LONG_TAIL_MARK } else { len as u32 };
                assert_eq!(h.gc_refs.get(), mark);
                assert_eq!(Header::tail_extent(header, box_size), (box_size + word, len));
                assert_eq!(Header::allocation_size(header), box_size + word + len);
                let tail = object.as_ptr().cast::<u8>().add(box_size + word);
                assert_eq!(std::slice::from_raw_parts(tail, len), &bytes[..]);
                assert_eq!(**object.as_ref().value.get(), 0x1234_5678);
                h.set(flag::DROPPED);
                free_box_of(object);
            }
        }
    }

    #[test]
    fn linked_objects_have_no_tail_whatever_their_scratch_count() {
        type Holder = Option<crate::Gc<u64>>;
        let object = allocate::<Holder>(None, true).cast::<Header>();
        // SAFETY: a fresh linked allocation, freed once below after its value (`None`: nothing
        // to drop) is marked dropped.
        unsafe {
            object.as_ref().gc_refs.set(5);
            let box_size = AllocLayout::<Holder>::LINKLESS.size();
            assert_eq!(Header::tail_extent(object, box_size), (box_size, 0));
            assert_eq!(Header::allocation_size(object), AllocLayout::<Holder>::LINKED.size());
            object.as_ref().set(flag::DROPPED);
            free_box_of(object.cast::<GcBox<Holder>>());
        }
    }

    #[test]
    fn tail_layouts_give_long_tails_a_length_word() {
        let base = AllocLayout::<u64>::LINKLESS.size();
        assert_eq!(tail_layout::<u64>(0), Some((AllocLayout::<u64>::LINKLESS, base)));
        let three = tail_layout::<u64>(3).map(|(l, start)| (l.size(), l.align(), start));
        assert_eq!(three, Some((base + 3, 8, base)));
        let long = tail_layout::<u64>(LONG_TAIL).map(|(l, start)| (l.size(), start));
        assert_eq!(long, Some((base + 8 + LONG_TAIL, base + 8)));
        assert!(tail_layout::<u64>(usize::MAX).is_none());
    }

    #[test]
    fn flags_do_not_disturb_the_vtable() {
        let header = Header::new(VTable::of::<u64>(), false);
        header.set(flag::MASK);
        assert!(std::ptr::eq(header.vtable(), VTable::of::<u64>()));
        assert!(header.has(flag::DROPPED));
        header.clear(flag::DROPPED);
        assert!(!header.has(flag::DROPPED));
        assert!(header.has(flag::FINALIZED));
    }
}
