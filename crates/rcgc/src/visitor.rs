//! The argument of [`Trace::trace`](crate::Trace::trace): what the collector does with each
//! handle a value owns (CPython's `visitproc`).

use std::ptr::NonNull;

use crate::gc::{Gc, Weak};
use crate::header::{flag, Header};
use crate::trace::Trace;
use crate::weak::{self, WeakSlot};

/// What a visit does; chosen by the collector, invisible to `Trace` implementations.
pub(crate) enum VisitMode {
    /// `subtract_refs`: an edge from inside the collected set does not keep its target alive.
    SubtractRefs,
    /// Reachability: mark targets under collection and queue them for tracing.
    MarkReachable,
    /// Records every target (`get_referents`).
    Collect,
    /// Counts, per weak slot, the handles owned by the objects traced (garbage).
    CountWeakHandles,
}

/// Receives the handles a value owns; see [`Trace`].
///
/// # Example
///
/// ```
/// use rcgc::{Finalize, Gc, Trace, Visitor};
///
/// struct Pair(Gc<u32>, Gc<u32>);
///
/// // SAFETY: visits each owned handle once, owns nothing else.
/// unsafe impl Trace for Pair {
///     fn trace(&self, visitor: &mut Visitor) {
///         visitor.visit(&self.0);
///         visitor.visit(&self.1);
///     }
/// }
/// impl Finalize for Pair {
///     const HAS_FINALIZER: bool = false;
/// }
///
/// let pair = Gc::new(Pair(Gc::new(1), Gc::new(2)));
/// assert_eq!(rcgc::get_referents(&Gc::erase(&pair)).len(), 2);
/// ```
pub struct Visitor {
    pub(crate) mode: VisitMode,
    /// Work list of `MarkReachable`, results of `Collect`.
    pub(crate) found: Vec<NonNull<Header>>,
    /// Slots seen by `CountWeakHandles` (each once).
    pub(crate) found_weak: Vec<NonNull<WeakSlot>>,
}

impl Visitor {
    pub(crate) fn new(mode: VisitMode) -> Visitor {
        Visitor { mode, found: Vec::new(), found_weak: Vec::new() }
    }

    /// Reports one handle owned by the value being traced.
    #[inline]
    pub fn visit<T: Trace + 'static>(&mut self, handle: &Gc<T>) {
        self.visit_header(handle.header_ptr());
    }

    /// Reports one weak handle owned by the value being traced. It never keeps anything
    /// alive; the collector uses it to decide whether a weak reference is itself garbage.
    #[inline]
    pub fn visit_weak<T: Trace + 'static>(&mut self, handle: &Weak<T>) {
        if let VisitMode::CountWeakHandles = self.mode {
            let slot = handle.slot_ptr();
            if weak::note_garbage_handle(slot) {
                self.found_weak.push(slot);
            }
        }
    }

    #[inline]
    pub(crate) fn visit_header(&mut self, target: NonNull<Header>) {
        // SAFETY: `target` comes from a live handle, so its header is valid.
        let header = unsafe { target.as_ref() };
        match self.mode {
            VisitMode::SubtractRefs => {
                if header.has(flag::COLLECTING) {
                    // A correct `Trace` never visits more edges than the target has handles;
                    // saturating keeps a faulty one from wrapping to "very reachable".
                    header.gc_refs.set(header.gc_refs.get().saturating_sub(1));
                }
            }
            VisitMode::MarkReachable => {
                if header.has(flag::COLLECTING) && !header.has(flag::REACHABLE) {
                    header.set(flag::REACHABLE);
                    self.found.push(target);
                }
            }
            VisitMode::Collect => self.found.push(target),
            VisitMode::CountWeakHandles => {}
        }
    }
}
