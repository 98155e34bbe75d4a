//! The reference-counting path: what happens when the last strong handle goes.
//!
//! Order (CPython's `subtype_dealloc`): run the finalizer once with a temporary reference; if
//! it resurrected the object, stop; else untrack, clear weak references, mark `DROPPED`, drop
//! the value, free the memory.
//!
//! Deep structures: dropping a value drops the handles it owns, which may free their objects,
//! recursively. Past `TRASHCAN_DEPTH` nested deallocations, an object is untracked and queued
//! instead (CPython's trashcan); the outermost deallocation drains the queue in a loop, so
//! stack use is bounded whatever the length of a chain. The queue is a vector (a link-less
//! object has no links to be queued through), whose buffer is freed when the drain ends.

use std::ptr::NonNull;

use crate::header::{drop_value_of, flag, free_box_of, GcBox, Header, Links};
use crate::state::{self, GcState};
use crate::{list, weak};

/// Nested deallocations allowed before deferring (CPython uses 50).
const TRASHCAN_DEPTH: u32 = 50;

/// Called when a handle's drop brought `strong` to zero.
///
/// # Safety
/// `object` is a live object with `strong == 0` that is not queued.
pub(crate) unsafe fn strong_reached_zero(object: NonNull<Header>) {
    // SAFETY: the object is live (caller).
    let header = unsafe { object.as_ref() };
    if header.has(flag::DROPPED) && !header.has(flag::DROP_PENDING) {
        // The collector already dropped the value; this was the last handle to the husk.
        // A dropped value is untracked and unqueued, and its weak slots were cleared (if the
        // table was unavailable then, try again; if it still is, leak rather than free).
        if !header.has(flag::HAS_WEAK) || weak::clear_and_call_back(object) {
            // SAFETY: nothing refers to the allocation any more.
            unsafe { (header.vtable().free)(object) };
        }
        return;
    }
    let vtable = header.vtable();
    let finalizer_possible = vtable.has_finalizer && !header.has(flag::NO_FINALIZER);
    if !vtable.needs_drop
        && !finalizer_possible
        && !header.has(flag::HAS_WEAK)
        // SAFETY: live (caller), a handle's pointer.
        && !unsafe { Header::is_tracked(object) }
    {
        // A value without drop glue owns no handle (a `Gc` has drop glue) and runs no user
        // code: no depth accounting, and nothing else can reach it.
        header.set(flag::DROPPED);
        // SAFETY: no handle, no weak reference, no list refers to the object.
        unsafe { (vtable.free)(object) };
        return;
    }
    state::with(|state| {
        if state.analysing.get() {
            state::analysis_violation();
        }
        if state.dealloc_depth.get() >= TRASHCAN_DEPTH {
            // SAFETY: the object is live and unqueued (caller).
            unsafe { defer(state, object) };
            return;
        }
        enter(state);
        // SAFETY: forwarded from the caller.
        unsafe { destroy(state, object) };
        leave(state);
    });
}

/// `Gc<T>::drop` released the last strong reference: the refcount-zero path with the value's
/// type known. The common case (no finalizer, no weak reference, value not dropped yet) is done
/// here with one thread-local access for the trashcan depth, the untracking and the count, the
/// value dropped and the memory freed without going through the `VTable`; everything else
/// takes [`strong_reached_zero`]. Same order and same effects as that path: untrack, mark
/// `DROPPED`, drop the value (a panic is caught and reported), free.
///
/// # Safety
/// `object` is a live `GcBox<T>` with `strong == 0` that is not queued.
#[inline(never)]
pub(crate) unsafe fn strong_reached_zero_typed<T>(object: NonNull<GcBox<T>>) {
    let header_ptr = object.cast::<Header>();
    // SAFETY: the object is live (caller).
    let header = unsafe { header_ptr.as_ref() };
    let vtable = header.vtable();
    // A husk or a force-dropped value (DROPPED, DROP_PENDING), weak references (HAS_WEAK) or a
    // finalizer (FINALIZED only matters if the type has one): the general path.
    if header.flags() & (flag::DROPPED | flag::DROP_PENDING | flag::HAS_WEAK) != 0
        || (vtable.has_finalizer && !header.has(flag::NO_FINALIZER))
    {
        // SAFETY: forwarded from the caller.
        return unsafe { strong_reached_zero(header_ptr) };
    }
    // SAFETY: live (caller), a handle's pointer.
    if !std::mem::needs_drop::<T>() && !unsafe { Header::is_tracked(header_ptr) } {
        // No drop glue: the value owns no handle (a `Gc` has drop glue) and dropping it runs
        // no code, so no depth accounting. Every type that can own a handle, tracked or not
        // (`#[rcgc(skip)]` fields, `Rc`), takes the trashcan below.
        header.set(flag::DROPPED);
        // SAFETY: no handle, weak reference or list refers to the object; the value needs no
        // drop.
        unsafe { free_box_of(object) };
        return;
    }
    state::with(|state| {
        if state.analysing.get() {
            state::analysis_violation();
        }
        if state.dealloc_depth.get() >= TRASHCAN_DEPTH {
            // SAFETY: the object is live and unqueued (caller).
            unsafe { defer(state, header_ptr) };
            return;
        }
        enter(state);
        untrack_dying(state, header_ptr);
        header.set(flag::DROPPED);
        // SAFETY: DROPPED is set, the object is in no list and has no weak reference, and no
        // handle exists, so nothing can reach the value.
        unsafe { drop_value_of(object) };
        if header.strong.get() == 0 {
            // SAFETY: no handle, list, queue or weak slot refers to the allocation.
            unsafe { free_box_of(object) };
        }
        leave(state);
    });
}

/// Counts one nested deallocation.
#[inline]
pub(crate) fn enter(state: &GcState) {
    state.dealloc_depth.set(state.dealloc_depth.get() + 1);
}

/// Ends a nested deallocation; the outermost one drains the deferred queue.
#[inline]
pub(crate) fn leave(state: &GcState) {
    let depth = state.dealloc_depth.get() - 1;
    state.dealloc_depth.set(depth);
    if depth == 0 && state.has_deferred() {
        drain(state);
    }
}

/// Untracks `object` so the collector never sees a dead object, and queues it.
///
/// # Safety
/// `object` is live, has `strong == 0`, and is not queued.
unsafe fn defer(state: &GcState, object: NonNull<Header>) {
    untrack_dying(state, object);
    state.push_deferred(object);
}

#[cold]
#[inline(never)]
fn drain(state: &GcState) {
    while let Some(object) = state.pop_deferred() {
        enter(state);
        // SAFETY: a queued object is live, has `strong == 0` and is no longer queued.
        unsafe { destroy(state, object) };
        // Not `leave`: this loop is the drain.
        state.dealloc_depth.set(state.dealloc_depth.get() - 1);
    }
    // The queue is empty: free its buffer, so that `GcState` never owns memory (it has no
    // destructor).
    state.release_deferred_buffer();
}

/// Finalizes (once), then drops and frees an object whose count reached zero.
///
/// # Safety
/// `object` is live, `strong == 0`, its value not dropped, and it is not queued.
unsafe fn destroy(state: &GcState, object: NonNull<Header>) {
    // SAFETY: live (caller).
    let header = unsafe { object.as_ref() };
    if header.may_have_pending_finalizer() && !header.has(flag::DROPPED) {
        // SAFETY: forwarded from the caller.
        if unsafe { finalize_held(state, object) } == Outcome::Resurrected {
            return;
        }
    }
    if header.has(flag::DROP_PENDING) {
        // Force-dropped earlier (or by the user code just run): finalized and weakly
        // unreachable already; the value can go now that no handle (hence no borrow) is left.
        header.clear(flag::DROP_PENDING);
        untrack_dying(state, object);
        // SAFETY: DROPPED is set and no handle exists, so nothing borrows the value.
        unsafe { (header.vtable().drop_value)(object) };
        if !header.has(flag::HAS_WEAK) || weak::clear_and_call_back(object) {
            // SAFETY: no handle, list, queue or weak slot refers to the allocation.
            unsafe { (header.vtable().free)(object) };
        }
        return;
    }
    // SAFETY: the object is live, unreferenced, and still owns its value.
    unsafe { drop_value_and_free(state, object) }
}

#[derive(PartialEq, Eq)]
enum Outcome {
    /// No handle is left: the object goes on dying.
    Unreferenced,
    /// User code kept a handle: the object lives on (PEP 442), young again.
    Resurrected,
}

/// Asks whether the dying `object` has a pending finalizer and runs it, both under a temporary
/// reference, as `__del__` gets `self`: user code may clone and drop handles to the object,
/// collect (the object then counts as referenced from outside, so the collector leaves it
/// alone), allocate, untrack it or force-drop it, and the count can never reach zero twice.
///
/// # Safety
/// `object` is live, `strong == 0`, its value not dropped, and it is not queued.
unsafe fn finalize_held(state: &GcState, object: NonNull<Header>) -> Outcome {
    // SAFETY: live (caller).
    let header = unsafe { object.as_ref() };
    let vtable = header.vtable();
    // SAFETY: live (caller), a handle's pointer.
    let was_tracked = unsafe { Header::is_tracked(object) };
    header.strong.set(1);
    // SAFETY: the value is live and the temporary reference is counted.
    if unsafe { header.finalizer_pending(object) } {
        header.set(flag::FINALIZED);
        // SAFETY: the value is live (checked again by `finalizer_pending`) and one reference
        // is counted for the call.
        unsafe { (vtable.finalize)(object) };
    }
    let remaining = header.strong.get() - 1;
    header.strong.set(remaining);
    if remaining == 0 {
        return Outcome::Unreferenced;
    }
    // Resurrected. If the object was in the middle of a collection (a member of the garbage
    // whose last handle a finalizer dropped), it leaves that collection now: it must not carry
    // the collection's marks into the next one (CPython's `subtype_dealloc` re-tracks it
    // into generation 0).
    header.clear(flag::COLLECTING);
    // SAFETY: live: the resurrecting handle keeps it so.
    if unsafe { Header::is_tracked(object) } {
        // SAFETY: a tracked object is linked and in a list; generation 0 is a valid list.
        unsafe { list::move_to(Header::links_ptr(object), state.generation(0)) };
    } else if !was_tracked && header.is_linked() && !header.has(flag::DROPPED) {
        // Untracked by `defer` (or never tracked); not if user code untracked it just now,
        // and never a leaf (`LINKED` implies a tracked type).
        // SAFETY: a linked, untracked, unqueued object; generation 0 is a valid list.
        unsafe { list::push_back(state.generation(0), Header::links_ptr(object)) };
    }
    Outcome::Resurrected
}

/// Untracks, clears weak references, drops the value and frees the memory.
///
/// # Safety
/// `object` is live, `strong == 0`, its value not dropped, not queued.
unsafe fn drop_value_and_free(state: &GcState, object: NonNull<Header>) {
    // SAFETY: live (caller).
    let header = unsafe { object.as_ref() };
    let vtable = header.vtable();
    untrack_dying(state, object);
    // As CPython's `subtype_dealloc`: weak references are cleared and their callbacks run
    // before the value goes; no callback can reach the object any more.
    header.set(flag::DROPPED);
    let can_free = !header.has(flag::HAS_WEAK) || weak::clear_and_call_back(object);
    // SAFETY: DROPPED is set, so no handle can borrow the value; nobody holds a handle.
    unsafe { (vtable.drop_value)(object) };
    if can_free && header.strong.get() == 0 {
        // SAFETY: no handle, list, queue or weak slot refers to the allocation.
        unsafe { (vtable.free)(object) };
    }
}

/// `Gc::force_drop`: finalize (once), clear weak references (callbacks run), refuse access
/// from now on; the value itself goes with the last handle (or with its garbage cycle).
///
/// # Safety
/// `object` is live, held by the caller, not immortal, not `DROPPED`.
pub(crate) unsafe fn force_drop(object: NonNull<Header>) {
    // SAFETY: live (caller).
    let header = unsafe { object.as_ref() };
    let vtable = header.vtable();
    // SAFETY: the value is live (caller).
    if unsafe { header.finalizer_pending(object) } {
        header.set(flag::FINALIZED);
        header.inc_strong();
        // SAFETY: the value is live and one reference is counted for the call.
        unsafe { (vtable.finalize)(object) };
        // The caller's handle remains, so this cannot reach zero.
        header.strong.set(header.strong.get() - 1);
        if header.has(flag::DROPPED) {
            return; // the finalizer force-dropped it itself
        }
    }
    // The object stays tracked: its value is intact, so the collector can still see the
    // handles it owns (a force-dropped member of a cycle must not keep the cycle alive).
    header.set(flag::DROPPED | flag::DROP_PENDING);
    if header.has(flag::HAS_WEAK) {
        weak::clear_and_call_back(object);
    }
}

/// Untracks an object that is dying. CPython decrements generation 0's count when a GC
/// object is deallocated; here, when an object that was tracked leaves for good (objects
/// allocated untracked were never counted).
#[inline]
pub(crate) fn untrack_dying(state: &GcState, object: NonNull<Header>) {
    // SAFETY: the object is live (callers), a handle's pointer.
    if unsafe { Header::is_tracked(object) } {
        // SAFETY: a tracked object is linked and in a list.
        unsafe { list::unlink(Header::links_ptr(object)) };
        let count = &state.counts[0];
        count.set(count.get().saturating_sub(1));
    }
}

/// Makes `links` (an object in some list) not tracked and not queued: used by the collector
/// before it drops a value itself.
///
/// # Safety
/// `links` is a tracked object's links.
pub(crate) unsafe fn untrack(links: *const Links) {
    // SAFETY: forwarded.
    unsafe { list::unlink(links) };
}
