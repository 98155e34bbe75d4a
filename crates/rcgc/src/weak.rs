//! Weak references: a side table from object to its weak slot.
//!
//! A [`WeakSlot`] is a small separately allocated cell shared by all `Weak` handles of one
//! object. The object does not point to it (its header stays 32 bytes); instead the `HAS_WEAK`
//! flag says that the thread's table holds an entry for it. When the object's value goes, the
//! slot's target is set to null, so a `Weak` never reads freed memory (rust-cc 0.6.1's bug).
//!
//! Depends on `header` only.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ptr::NonNull;

use crate::header::{flag, Header};

/// Shared state of the `Weak` handles of one object.
///
/// Invariants: `target` is null or a live object whose `HAS_WEAK` flag is set and whose table
/// entry points to this slot; the slot is freed when `handles` reaches zero, after removing the
/// table entry if `target` is still set.
pub(crate) struct WeakSlot {
    target: Cell<*const Header>,
    handles: Cell<usize>,
}

thread_local! {
    /// Object address -> its slot. Entries exist exactly for objects with `HAS_WEAK`.
    static TABLE: RefCell<HashMap<usize, NonNull<WeakSlot>>> = RefCell::new(HashMap::new());
}

/// A new handle's slot for `object`: the existing one, or a fresh one.
pub(crate) fn slot_for(object: NonNull<Header>) -> NonNull<WeakSlot> {
    // SAFETY: the caller holds a strong handle, so the header is alive.
    if unsafe { object.as_ref() }.has(flag::DROPPED) {
        // The value is gone (the handle is a husk left by the collector): a dead slot, which
        // must not point at an allocation that will be freed.
        let dead = Box::new(WeakSlot {
            target: Cell::new(std::ptr::null()),
            handles: Cell::new(1),
        });
        return NonNull::from(Box::leak(dead));
    }
    let key = object.as_ptr() as usize;
    TABLE.with(|table| {
        let mut table = table.borrow_mut();
        let slot = *table.entry(key).or_insert_with(|| {
            let fresh = Box::new(WeakSlot {
                target: Cell::new(object.as_ptr()),
                handles: Cell::new(0),
            });
            NonNull::from(Box::leak(fresh))
        });
        // SAFETY: the object is alive (the caller holds a strong handle).
        unsafe { object.as_ref().set(flag::HAS_WEAK) };
        retain(slot);
        slot
    })
}

/// Number of `Weak` handles of an object that has `HAS_WEAK`.
pub(crate) fn count_for(object: NonNull<Header>) -> usize {
    let key = object.as_ptr() as usize;
    TABLE
        .try_with(|table| {
            // SAFETY: table entries point to live slots.
            table
                .borrow()
                .get(&key)
                .map_or(0, |slot| unsafe { slot.as_ref().handles.get() })
        })
        .unwrap_or(0)
}

/// The referent, if it has not been cleared.
#[inline]
pub(crate) fn target(slot: NonNull<WeakSlot>) -> Option<NonNull<Header>> {
    // SAFETY: a `Weak` handle keeps its slot alive.
    NonNull::new(unsafe { slot.as_ref() }.target.get() as *mut Header)
}

#[inline]
pub(crate) fn retain(slot: NonNull<WeakSlot>) {
    // SAFETY: the caller holds a handle (or the table entry) that keeps the slot alive.
    let slot = unsafe { slot.as_ref() };
    slot.handles.set(
        slot.handles
            .get()
            .checked_add(1)
            .unwrap_or_else(|| std::process::abort()),
    );
}

/// Drops one handle; frees the slot with the last one.
pub(crate) fn release(slot_ptr: NonNull<WeakSlot>) {
    // SAFETY: the caller's handle keeps the slot alive until this function frees it.
    let slot = unsafe { slot_ptr.as_ref() };
    let remaining = slot.handles.get() - 1;
    slot.handles.set(remaining);
    if remaining > 0 {
        return;
    }
    if let Some(object) = NonNull::new(slot.target.get() as *mut Header) {
        let removed =
            TABLE.try_with(|table| table.borrow_mut().remove(&(object.as_ptr() as usize)));
        match removed {
            // SAFETY: the target is live while the slot points to it.
            Ok(_) => unsafe { object.as_ref().clear(flag::HAS_WEAK) },
            // The table is gone (thread exit): the object keeps HAS_WEAK and its
            // deallocation will find no entry; leaking the slot keeps that harmless.
            Err(_) => return,
        }
    }
    // SAFETY: no handle and no table entry refer to the slot any more; it came from `Box`.
    drop(unsafe { Box::from_raw(slot_ptr.as_ptr()) });
}

/// Clears every weak reference to `object` (its value is about to be dropped). Returns false
/// if the table is unavailable (thread exit); the caller must then not free the allocation,
/// since a slot may still point at it.
pub(crate) fn clear_for(object: NonNull<Header>) -> bool {
    let key = object.as_ptr() as usize;
    let removed = TABLE.try_with(|table| table.borrow_mut().remove(&key));
    match removed {
        Ok(Some(slot)) => {
            // SAFETY: a table entry's slot is alive (it has at least one handle).
            unsafe { slot.as_ref().target.set(std::ptr::null()) };
            // SAFETY: the object is alive until its caller frees it.
            unsafe { object.as_ref().clear(flag::HAS_WEAK) };
            true
        }
        Ok(None) => {
            // SAFETY: as above.
            unsafe { object.as_ref().clear(flag::HAS_WEAK) };
            true
        }
        Err(_) => false,
    }
}
