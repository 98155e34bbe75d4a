//! Weak references: a side table from object to its weak slots.
//!
//! A [`WeakSlot`] is a small separately allocated cell shared by `Weak` handles. Each object
//! has at most one plain slot (shared by every `Gc::downgrade`), plus one slot per weak
//! reference created with a callback (Python's `weakref.ref(obj, callback)`: each such ref is
//! a distinct object). The object does not point to its slots (its header stays 32 bytes);
//! the `HAS_WEAK` flag says that the thread's table holds an entry for it. When the object's
//! value goes, every slot's target is set to null, so a `Weak` never reads freed memory
//! (rust-cc 0.6.1's bug), and the callbacks are handed to the caller to run.
//!
//! Depends on `header` and `report` only.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ptr::NonNull;

use crate::header::{flag, Header};

/// A type-erased callback; it receives the slot of the weak reference it belongs to.
pub(crate) type SlotCallback = Box<dyn FnOnce(NonNull<WeakSlot>)>;

/// Shared state of the `Weak` handles of one weak reference.
///
/// Invariants: `target` is null or a live object whose `HAS_WEAK` flag is set and whose table
/// entry lists this slot; the slot is freed when `handles` reaches zero, after removing it
/// from the table entry if `target` is still set. `garbage_handles` is zero outside a
/// collection.
pub(crate) struct WeakSlot {
    target: Cell<*const Header>,
    handles: Cell<usize>,
    /// During a collection: how many of the handles are owned by garbage objects.
    garbage_handles: Cell<usize>,
    callback: Cell<Option<SlotCallback>>,
}

#[derive(Default)]
struct Entry {
    plain: Option<NonNull<WeakSlot>>,
    /// Newest first, as CPython calls weakref callbacks.
    with_callback: Vec<NonNull<WeakSlot>>,
}

impl Entry {
    fn slots(&self) -> impl Iterator<Item = NonNull<WeakSlot>> + '_ {
        self.plain.iter().copied().chain(self.with_callback.iter().copied())
    }
}

/// The weak table's hash of an object address. Addresses come from the allocator, not from
/// users, so the table needs no keyed (flooding-resistant) hash: a multiply spreads the
/// address bits (low bits are zero by alignment) over the word, and the high half is folded
/// into the low half the table indexes by. SipHash, the default, cost about 100
/// instructions per lookup.
#[derive(Default)]
struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*byte)).wrapping_mul(MULTIPLIER);
        }
    }

    fn write_usize(&mut self, address: usize) {
        self.0 = (address as u64 ^ self.0).wrapping_mul(MULTIPLIER);
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

/// 2^64 / golden ratio, odd (Fibonacci hashing).
const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

type AddressMap<V> = HashMap<usize, V, std::hash::BuildHasherDefault<AddressHasher>>;

thread_local! {
    /// Object address -> its slots. Entries exist exactly for objects with `HAS_WEAK`.
    static TABLE: RefCell<AddressMap<Entry>> = RefCell::new(AddressMap::default());
}

/// A slot that points at nothing: `Weak::new`, or a weak reference to a dead object.
pub(crate) fn dead_slot() -> NonNull<WeakSlot> {
    new_slot(std::ptr::null(), None)
}

fn new_slot(target: *const Header, callback: Option<SlotCallback>) -> NonNull<WeakSlot> {
    NonNull::from(Box::leak(Box::new(WeakSlot {
        target: Cell::new(target),
        handles: Cell::new(1),
        garbage_handles: Cell::new(0),
        callback: Cell::new(callback),
    })))
}

/// Whether this thread has any weak reference to a live object (lets a collection skip the
/// weak-reference pass).
pub(crate) fn any_weak_references() -> bool {
    TABLE.try_with(|table| !table.borrow().is_empty()).unwrap_or(false)
}

/// A new handle's slot for `object`: the plain one (shared), or a fresh one with `callback`.
/// For an object whose value is already gone, a dead slot.
pub(crate) fn new_handle(
    object: NonNull<Header>,
    callback: Option<SlotCallback>,
) -> NonNull<WeakSlot> {
    // SAFETY: the caller holds a strong handle, so the header is alive.
    let header = unsafe { object.as_ref() };
    if header.has(flag::DROPPED) {
        // The value is gone (a husk): a dead slot, which must not point at an allocation that
        // will be freed. Its callback never runs, as for a weakref to a dead object.
        return dead_slot();
    }
    let key = object.as_ptr() as usize;
    TABLE.with(|table| {
        let mut table = table.borrow_mut();
        let entry = table.entry(key).or_default();
        header.set(flag::HAS_WEAK);
        match callback {
            None => match entry.plain {
                Some(slot) => {
                    retain(slot);
                    slot
                }
                None => {
                    let slot = new_slot(object.as_ptr(), None);
                    entry.plain = Some(slot);
                    slot
                }
            },
            Some(callback) => {
                let slot = new_slot(object.as_ptr(), Some(callback));
                entry.with_callback.insert(0, slot);
                slot
            }
        }
    })
}

/// Number of `Weak` handles to an object that has `HAS_WEAK`.
pub(crate) fn count_for(object: NonNull<Header>) -> usize {
    let key = object.as_ptr() as usize;
    TABLE
        .try_with(|table| {
            table.borrow().get(&key).map_or(0, |entry| {
                // SAFETY: table entries point to live slots.
                entry.slots().map(|slot| unsafe { slot.as_ref().handles.get() }).sum()
            })
        })
        .unwrap_or(0)
}

/// The referent, if it has not been cleared.
#[inline]
pub(crate) fn target(slot: NonNull<WeakSlot>) -> Option<NonNull<Header>> {
    // SAFETY: a `Weak` handle keeps its slot alive.
    NonNull::new(unsafe { slot.as_ref() }.target.get() as *mut Header)
}

/// Whether the slot was created with a callback that has not run yet.
pub(crate) fn has_callback(slot: NonNull<WeakSlot>) -> bool {
    // SAFETY: a handle keeps the slot alive.
    let slot = unsafe { slot.as_ref() };
    let callback = slot.callback.take();
    let present = callback.is_some();
    slot.callback.set(callback);
    present
}

#[inline]
pub(crate) fn retain(slot: NonNull<WeakSlot>) {
    // SAFETY: the caller holds a handle that keeps the slot alive.
    let slot = unsafe { slot.as_ref() };
    slot.handles.set(slot.handles.get().checked_add(1).unwrap_or_else(|| std::process::abort()));
}

/// Drops one handle; frees the slot (and drops its unused callback) with the last one.
pub(crate) fn release(slot_ptr: NonNull<WeakSlot>) {
    // SAFETY: the caller's handle keeps the slot alive until this function frees it.
    let slot = unsafe { slot_ptr.as_ref() };
    let remaining = slot.handles.get() - 1;
    slot.handles.set(remaining);
    if remaining > 0 {
        return;
    }
    if let Some(object) = NonNull::new(slot.target.get() as *mut Header) {
        if !detach(object, slot_ptr) {
            // The table is gone (thread exit): leak the slot, so that the object's
            // deallocation, which will find no entry either, cannot be confused.
            return;
        }
    }
    // SAFETY: no handle and no table entry refer to the slot any more; it came from `Box`.
    let slot = unsafe { Box::from_raw(slot_ptr.as_ptr()) };
    // The callback (user code) is dropped here, outside any borrow of the table.
    crate::report::catch_unraisable("drop of a weakref callback", "Weak", move || drop(slot));
}

/// Removes a slot from its live target's entry. Returns false if the table is unavailable.
fn detach(object: NonNull<Header>, slot: NonNull<WeakSlot>) -> bool {
    let key = object.as_ptr() as usize;
    TABLE
        .try_with(|table| {
            let mut table = table.borrow_mut();
            if let Some(entry) = table.get_mut(&key) {
                if entry.plain == Some(slot) {
                    entry.plain = None;
                }
                entry.with_callback.retain(|s| *s != slot);
                if entry.plain.is_none() && entry.with_callback.is_empty() {
                    table.remove(&key);
                    // SAFETY: the target is live while a slot points to it.
                    unsafe { object.as_ref().clear(flag::HAS_WEAK) };
                }
            }
        })
        .is_ok()
}

/// Clears every weak reference to `object` (its value is about to go). The slots that still
/// hold a callback are returned retained (one extra handle each); pass each to
/// [`run_callback`] or [`release`]. Returns `None` if the table is unavailable (thread exit):
/// the caller must then not free the allocation.
pub(crate) fn clear_for(object: NonNull<Header>) -> Option<Vec<NonNull<WeakSlot>>> {
    let key = object.as_ptr() as usize;
    let entry = TABLE.try_with(|table| table.borrow_mut().remove(&key)).ok()?;
    // SAFETY: the object is alive until its caller frees it.
    unsafe { object.as_ref().clear(flag::HAS_WEAK) };
    let mut pending = Vec::new();
    if let Some(entry) = entry {
        for slot in entry.slots() {
            // SAFETY: slots listed in the table are alive.
            unsafe { slot.as_ref().target.set(std::ptr::null()) };
        }
        for slot in entry.with_callback {
            if has_callback(slot) {
                retain(slot);
                pending.push(slot);
            }
        }
    }
    Some(pending)
}

/// Runs a retained slot's callback (once; a panic is reported) and releases the retain.
pub(crate) fn run_callback(slot_ptr: NonNull<WeakSlot>) {
    // SAFETY: retained by `clear_for`.
    let callback = unsafe { slot_ptr.as_ref() }.callback.take();
    if let Some(callback) = callback {
        crate::report::catch_unraisable("weakref callback", "Weak", move || callback(slot_ptr));
    }
    release(slot_ptr);
}

/// Clears every weak reference to `object` and runs the callbacks (refcount path). Returns
/// false if the table was unavailable.
pub(crate) fn clear_and_call_back(object: NonNull<Header>) -> bool {
    match clear_for(object) {
        Some(pending) => {
            for slot in pending {
                run_callback(slot);
            }
            true
        }
        None => false,
    }
}

/// Collection support: a handle of `slot` is owned by a garbage object.
pub(crate) fn note_garbage_handle(slot: NonNull<WeakSlot>) -> bool {
    // SAFETY: the handle being traced keeps the slot alive.
    let slot = unsafe { slot.as_ref() };
    let count = slot.garbage_handles.get();
    slot.garbage_handles.set(count + 1);
    count == 0
}

/// Collection support: whether every handle of `slot` is owned by garbage (then the weak
/// reference is garbage itself: it is cleared and its callback never runs, CPython's rule);
/// resets the scratch count.
pub(crate) fn take_is_garbage(slot_ptr: NonNull<WeakSlot>) -> bool {
    // SAFETY: owned by a garbage object that is still alive.
    let slot = unsafe { slot_ptr.as_ref() };
    let garbage = slot.garbage_handles.get() >= slot.handles.get();
    slot.garbage_handles.set(0);
    garbage
}

/// Collection support: disarms a garbage weak reference: it no longer points at its referent
/// and its callback is dropped (returned, to be dropped by the caller at a safe point).
pub(crate) fn disarm(slot_ptr: NonNull<WeakSlot>) -> Option<SlotCallback> {
    // SAFETY: owned by a garbage object that is still alive.
    let slot = unsafe { slot_ptr.as_ref() };
    if let Some(object) = NonNull::new(slot.target.get() as *mut Header) {
        if detach(object, slot_ptr) {
            slot.target.set(std::ptr::null());
        }
    }
    slot.callback.take()
}
