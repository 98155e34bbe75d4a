//! The argument of [`Trace::trace`](crate::Trace::trace): what the collector does with each
//! handle a value owns (CPython's `visitproc`).

use std::ptr::NonNull;

use crate::gc::{Gc, Weak};
use crate::header::{flag, Header};
use crate::trace::Trace;
use crate::weak::{self, WeakSlot};

/// `gc_refs` of an object that the reachability pass found tentatively unreachable and walked
/// past (CPython's `NEXT_MASK_UNREACHABLE`). Such an object had `gc_refs == 0`, so the value
/// is free; an object not yet examined whose count really is `u32::MAX` is taken for one
/// passed when reached (traced from the work stack), and the walk recognizes it when it gets
/// there (no longer `COLLECTING`, `gc_refs` still `u32::MAX`) and corrects the counts.
pub(crate) const TENTATIVELY_UNREACHABLE: u32 = u32::MAX;

/// What a visit does; chosen by the collector, invisible to `Trace` implementations.
pub(crate) enum VisitMode {
    /// `subtract_refs`: an edge from inside the collected set does not keep its target alive.
    SubtractRefs,
    /// `update_refs` and `subtract_refs` in one pass, for a collection whose set is every
    /// tracked object: a target met for the first time gets `gc_refs = strong` (and
    /// `COLLECTING`) on the spot, so the set needs no walk of its own beforehand.
    SubtractRefsAll,
    /// Reachability (CPython's `visit_reachable`): a target still `COLLECTING` is reachable;
    /// it loses `COLLECTING` (that is the mark), and if the walk had already passed it as
    /// tentatively unreachable it is traced right away: inside the visit, or from the work
    /// stack (`reached`) when such traces already nest [`INLINE_TRACE_DEPTH`] deep.
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
    /// Results of `Collect`.
    pub(crate) found: Vec<NonNull<Header>>,
    /// Slots seen by `CountWeakHandles` (each once).
    pub(crate) found_weak: Vec<NonNull<WeakSlot>>,
    /// `MarkReachable`: tentatively unreachable objects reached, not traced yet.
    pub(crate) reached: Vec<NonNull<Header>>,
    /// `MarkReachable`: tentatively unreachable objects reached, and how many of them may
    /// have a pending finalizer.
    pub(crate) moved_back: usize,
    pub(crate) moved_back_finalizable: usize,
    /// `MarkReachable`: how many traces of reached objects are running inside one another.
    depth: u32,
}

/// How deep a reached object is traced inside the trace that reached it before the work
/// stack takes over: deep enough for a container's direct contents (the common case of a
/// container allocated after what it holds), shallow enough for any thread's stack.
const INLINE_TRACE_DEPTH: u32 = 8;

impl Visitor {
    pub(crate) fn new(mode: VisitMode) -> Visitor {
        Visitor {
            mode,
            found: Vec::new(),
            found_weak: Vec::new(),
            reached: Vec::new(),
            moved_back: 0,
            moved_back_finalizable: 0,
            depth: 0,
        }
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
            VisitMode::SubtractRefsAll => {
                if header.has(flag::COLLECTING) {
                    header.gc_refs.set(header.gc_refs.get().saturating_sub(1));
                // SAFETY: live (a handle to it is being visited), a handle's pointer.
                } else if unsafe { Header::is_tracked(target) } {
                    // First meeting: every tracked object is in the set (the collector's
                    // precondition for this mode).
                    header.set(flag::COLLECTING);
                    header.gc_refs.set(header.strong.get().saturating_sub(1));
                }
            }
            VisitMode::MarkReachable => {
                if header.has(flag::COLLECTING) {
                    header.clear(flag::COLLECTING);
                    if header.gc_refs.get() == TENTATIVELY_UNREACHABLE {
                        self.move_back(target);
                    }
                }
            }
            VisitMode::Collect => self.found.push(target),
            VisitMode::CountWeakHandles => {}
        }
    }

    /// A reached object that the reachability walk had passed as tentatively unreachable is
    /// traced: at once, while its header is in cache, unless traces already nest
    /// [`INLINE_TRACE_DEPTH`] deep; then it goes on the work stack, traced by the collector
    /// when the outermost trace returns.
    #[inline(never)]
    fn move_back(&mut self, target: NonNull<Header>) {
        self.moved_back += 1;
        // SAFETY: `target` is live (a handle to it is being visited).
        if unsafe { target.as_ref() }.may_have_pending_finalizer() {
            self.moved_back_finalizable += 1;
        }
        if self.depth < INLINE_TRACE_DEPTH {
            self.depth += 1;
            // SAFETY: `target` is live and tracked (it is in the collected set: `COLLECTING`
            // was set on it). Its mark was cleared above, so no trace reaches it again and it
            // is traced once; a `Trace` impl only visits (its contract), so tracing inside
            // another object's trace touches no state that trace holds.
            unsafe { (target.as_ref().vtable().trace)(target, self) };
            self.depth -= 1;
        } else {
            self.reached.push(target);
        }
    }
}
