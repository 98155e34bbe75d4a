//! Looking at the heap from outside, as Python's `gc` module does: the tracked objects
//! ([`get_objects`]), who refers to whom ([`get_referrers`], [`get_referents`]), the
//! permanent generation ([`freeze`], [`unfreeze`], [`get_freeze_count`]), the list of
//! uncollectable objects ([`garbage`], [`take_garbage`]) and an object's size
//! ([`allocation_size`]).
//!
//! Snapshots only: every function returns counted handles (which keep the objects alive until
//! dropped) and runs no user code but `Trace`. Every item is also re-exported at the crate root
//! (`rcgc::get_objects`, ...) under the names of Python's `gc` module.
//!
//! ```
//! use std::cell::RefCell;
//! use rcgc::{introspect, Gc};
//!
//! let child = Gc::new(RefCell::new(Vec::<Gc<u8>>::new()));
//! let parent = Gc::new(RefCell::new(vec![child.clone()]));
//! let referrers = introspect::get_referrers(&[Gc::erase(&child)]);
//! assert!(referrers[0].ptr_eq(&Gc::erase(&parent)));
//! ```

use std::collections::HashSet;

use crate::any::GcAny;
use crate::collector::{self, trace};
use crate::header::{flag, Header};
use crate::list;
use crate::state::{self, NUM_GENERATIONS};
use crate::visitor::{VisitMode, Visitor};

/// The tracked objects of `generation` (0, 1 or 2), or of all three (`gc.get_objects`).
/// Frozen objects and objects in the middle of a collection are not listed, as in CPython.
///
/// # Panics
///
/// If `generation` is `Some(g)` with `g > 2` (Python: `ValueError`).
///
/// ```
/// use std::cell::RefCell;
/// rcgc::collect();
/// let list = rcgc::Gc::new(RefCell::new(Vec::<rcgc::Gc<u8>>::new()));
/// let young = rcgc::introspect::get_objects(Some(0));
/// assert!(young.iter().any(|o| o.ptr_eq(&rcgc::Gc::erase(&list))));
/// assert!(!rcgc::introspect::get_objects(None).is_empty());
/// ```
pub fn get_objects(generation: Option<usize>) -> Vec<GcAny> {
    let generations = match generation {
        Some(g) => {
            assert!(
                g < NUM_GENERATIONS,
                "generation parameter must be less than {NUM_GENERATIONS}"
            );
            g..g + 1
        }
        None => 0..NUM_GENERATIONS,
    };
    let mut objects = Vec::new();
    state::with(|state| {
        for g in generations {
            // SAFETY: an initialized list of live objects; counting a handle runs no user code.
            unsafe {
                list::for_each(state.generation(g), |object| {
                    objects.push(GcAny::new_counted(object));
                });
            }
        }
    });
    objects
}

/// The objects handles to `object` are owned by, per their `Trace` impls
/// (`gc.get_referrers`): tracked objects of the three generations only.
///
/// ```
/// use std::cell::RefCell;
/// let child = rcgc::Gc::new(RefCell::new(Vec::<rcgc::Gc<u8>>::new()));
/// let parent = rcgc::Gc::new(RefCell::new(vec![child.clone()]));
/// let referrers = rcgc::introspect::get_referrers(&[rcgc::Gc::erase(&child)]);
/// assert_eq!(referrers.len(), 1);
/// assert!(referrers[0].ptr_eq(&rcgc::Gc::erase(&parent)));
/// ```
pub fn get_referrers(objects: &[GcAny]) -> Vec<GcAny> {
    let wanted: HashSet<*const ()> = objects.iter().map(GcAny::as_ptr).collect();
    let mut referrers = Vec::new();
    let mut visitor = Visitor::new(VisitMode::Collect);
    state::with(|state| {
        for g in 0..NUM_GENERATIONS {
            // SAFETY: an initialized list of tracked objects with live values.
            unsafe {
                list::for_each(state.generation(g), |object| {
                    visitor.found.clear();
                    trace(object, &mut visitor);
                    if visitor.found.iter().any(|t| wanted.contains(&(t.as_ptr() as *const ()))) {
                        referrers.push(GcAny::new_counted(object));
                    }
                });
            }
        }
    });
    referrers
}

/// The objects `object` owns handles to, per its `Trace` impl (`gc.get_referents`); empty for
/// an object whose value is gone.
///
/// ```
/// use std::cell::RefCell;
/// let child = rcgc::Gc::new(1u8);
/// let parent = rcgc::Gc::new(RefCell::new(vec![child.clone(), child.clone()]));
/// assert_eq!(rcgc::introspect::get_referents(&rcgc::Gc::erase(&parent)).len(), 2);
/// ```
pub fn get_referents(object: &GcAny) -> Vec<GcAny> {
    let header_ptr = object.header_ptr();
    // SAFETY: the handle keeps the object alive.
    let header: &Header = unsafe { header_ptr.as_ref() };
    if header.has(flag::DROPPED) && !header.has(flag::DROP_PENDING) {
        return Vec::new();
    }
    let mut visitor = Visitor::new(VisitMode::Collect);
    // SAFETY: the value is live; `Collect` only records pointers.
    unsafe { trace(header_ptr, &mut visitor) };
    // SAFETY: each visited handle is owned by the live value, hence alive.
    visitor.found.into_iter().map(|target| unsafe { GcAny::new_counted(target) }).collect()
}

/// The number of bytes the object's allocation requested from the allocator: the value, the
/// 16-byte header (on 64-bit targets) and, for an object that may ever be tracked, the 16 bytes
/// of list links in front of it (CPython's `PyGC_Head`); plus any padding the value's
/// alignment needs. Memory the value owns elsewhere (a `Vec`'s buffer) is not included: this
/// is the object's own part of `sys.getsizeof`.
///
/// ```
/// use std::cell::RefCell;
/// use rcgc::{introspect::allocation_size, Gc};
///
/// let int = Gc::new(1u64); // can never be tracked: no links
/// let list = Gc::new(RefCell::new(Vec::<Gc<u64>>::new())); // tracked: links in front
/// if cfg!(target_pointer_width = "64") {
///     assert_eq!(allocation_size(&Gc::erase(&int)), 16 + 8);
///     assert_eq!(allocation_size(&Gc::erase(&list)), 16 + 16 + 32);
/// }
/// ```
pub fn allocation_size(object: &GcAny) -> usize {
    // SAFETY: the handle keeps the object alive.
    unsafe { Header::allocation_size(object.header_ptr()) }
}

/// Moves every tracked object to the permanent generation, which collections ignore
/// (`gc.freeze`, CPython 3.7+): for a fork-heavy server, or to make later collections cheaper.
///
/// ```
/// use std::cell::RefCell;
/// let list = rcgc::Gc::new(RefCell::new(Vec::<rcgc::Gc<u8>>::new()));
/// rcgc::introspect::freeze();
/// assert!(rcgc::introspect::get_freeze_count() >= 1);
/// assert_eq!(rcgc::get_count().0, 0);
/// rcgc::introspect::unfreeze();
/// assert_eq!(rcgc::introspect::get_freeze_count(), 0);
/// ```
pub fn freeze() {
    state::with(|state| {
        for g in 0..NUM_GENERATIONS {
            // SAFETY: distinct initialized lists.
            unsafe { list::merge(state.generation(g), state.permanent()) };
        }
        state.counts[0].set(0);
    });
}

/// Moves the permanent generation back into the oldest generation (`gc.unfreeze`).
///
/// ```
/// rcgc::introspect::unfreeze();
/// ```
pub fn unfreeze() {
    state::with(|state| {
        // SAFETY: distinct initialized lists.
        unsafe { list::merge(state.permanent(), state.generation(NUM_GENERATIONS - 1)) };
    });
}

/// The number of objects in the permanent generation (`gc.get_freeze_count`).
///
/// ```
/// assert_eq!(rcgc::introspect::get_freeze_count(), 0);
/// ```
pub fn get_freeze_count() -> usize {
    // SAFETY: an initialized list.
    state::with(|state| unsafe { list::len(state.permanent()) })
}

/// The uncollectable objects found so far (`gc.garbage`): with legacy finalizers
/// ([`set_legacy_finalizers`](crate::set_legacy_finalizers)), or every unreachable object under
/// [`DebugFlags::SAVEALL`](crate::debug::DebugFlags::SAVEALL). The list holds strong handles.
///
/// ```
/// assert!(rcgc::introspect::garbage().is_empty());
/// ```
pub fn garbage() -> Vec<GcAny> {
    collector::garbage()
}

/// Empties the garbage list and returns its handles (`del gc.garbage[:]`); dropping them
/// lets reference counting and later collections reclaim the objects.
///
/// ```
/// use rcgc::debug::{self, DebugFlags};
/// use std::cell::RefCell;
///
/// #[derive(rcgc::Trace, rcgc::Finalize)]
/// struct Node(RefCell<Option<rcgc::Gc<Node>>>);
///
/// let node = rcgc::Gc::new(Node(RefCell::new(None)));
/// *node.0.borrow_mut() = Some(node.clone());
/// drop(node);
/// debug::set_flags(DebugFlags::SAVEALL);
/// rcgc::collect();
/// debug::set_flags(DebugFlags::empty());
/// assert_eq!(rcgc::introspect::take_garbage().len(), 1);
/// assert!(rcgc::introspect::garbage().is_empty());
/// ```
pub fn take_garbage() -> Vec<GcAny> {
    collector::take_garbage()
}
