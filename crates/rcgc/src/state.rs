//! The per-thread collector state (CPython's `GCState`) and the allocation-side bookkeeping:
//! generation lists, counts, thresholds, flags, statistics.
//!
//! `GcState` has no destructor, so it lives in a `const`-initialized thread local that stays
//! accessible while other thread locals (which may hold handles) are destroyed. Everything that
//! needs a destructor (the garbage list, callbacks, the weak table) lives in separate thread
//! locals accessed with `try_with`.

use std::cell::Cell;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use crate::header::{Header, Links};
use crate::list;

/// Number of generations (CPython's `NUM_GENERATIONS`).
pub const NUM_GENERATIONS: usize = 3;

/// Per-generation statistics, as returned by [`get_stats`](crate::get_stats)
/// (CPython's `gc.get_stats()` entries).
///
/// ```
/// rcgc::collect();
/// let stats = rcgc::get_stats();
/// assert!(stats[2].collections >= 1);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GenerationStats {
    /// Collections of this generation.
    pub collections: usize,
    /// Objects found unreachable and freed.
    pub collected: usize,
    /// Objects found unreachable but kept (legacy finalizers, `DEBUG_SAVEALL`).
    pub uncollectable: usize,
}

pub(crate) struct GcState {
    pub(crate) generations: [Links; NUM_GENERATIONS],
    /// Objects moved out of the collector's sight by `freeze` (CPython 3.7+).
    pub(crate) permanent: Links,
    /// Scratch lists of one collection (collections never nest).
    pub(crate) unreachable: Links,
    pub(crate) still_unreachable: Links,
    pub(crate) finalizers: Links,
    pub(crate) seen: Links,
    pub(crate) counts: [Cell<usize>; NUM_GENERATIONS],
    pub(crate) thresholds: [Cell<usize>; NUM_GENERATIONS],
    pub(crate) enabled: Cell<bool>,
    pub(crate) collecting: Cell<bool>,
    /// True while `Trace` impls run in the analysis phase, where no handle may change.
    pub(crate) analysing: Cell<bool>,
    pub(crate) long_lived_total: Cell<usize>,
    pub(crate) long_lived_pending: Cell<usize>,
    pub(crate) debug: Cell<u32>,
    pub(crate) legacy_finalizers: Cell<bool>,
    /// Whether a collection observer is set (`observe`): read once per collection.
    pub(crate) observing: Cell<bool>,
    pub(crate) stats: [Cell<GenerationStats>; NUM_GENERATIONS],
    /// Nesting depth of deallocations (the trashcan's depth).
    pub(crate) dealloc_depth: Cell<u32>,
    /// Deferred deallocations (the trashcan's queue, see `dealloc`): a vector, since a
    /// link-less object has no links to be queued through. `ManuallyDrop` keeps `GcState` free
    /// of a destructor: the drain frees the buffer once it has emptied the queue, so nothing is
    /// left to drop at thread exit.
    pub(crate) deferred: Cell<ManuallyDrop<Vec<NonNull<Header>>>>,
}

impl GcState {
    const fn new() -> GcState {
        GcState {
            generations: [Links::unlinked(), Links::unlinked(), Links::unlinked()],
            permanent: Links::unlinked(),
            unreachable: Links::unlinked(),
            still_unreachable: Links::unlinked(),
            finalizers: Links::unlinked(),
            seen: Links::unlinked(),
            counts: [Cell::new(0), Cell::new(0), Cell::new(0)],
            thresholds: [Cell::new(700), Cell::new(10), Cell::new(10)],
            enabled: Cell::new(true),
            collecting: Cell::new(false),
            analysing: Cell::new(false),
            long_lived_total: Cell::new(0),
            long_lived_pending: Cell::new(0),
            debug: Cell::new(0),
            legacy_finalizers: Cell::new(false),
            observing: Cell::new(false),
            stats: [
                Cell::new(GenerationStats { collections: 0, collected: 0, uncollectable: 0 }),
                Cell::new(GenerationStats { collections: 0, collected: 0, uncollectable: 0 }),
                Cell::new(GenerationStats { collections: 0, collected: 0, uncollectable: 0 }),
            ],
            dealloc_depth: Cell::new(0),
            deferred: Cell::new(ManuallyDrop::new(Vec::new())),
        }
    }

    /// Whether any deallocation is deferred.
    #[inline]
    pub(crate) fn has_deferred(&self) -> bool {
        // SAFETY: reads the vector's length in place. The cell is only ever accessed through
        // `Cell` methods (which never hand out references) and this read, on this thread, so
        // no reference to its content exists meanwhile.
        unsafe { !(*self.deferred.as_ptr()).is_empty() }
    }

    /// Queues a deferred deallocation.
    pub(crate) fn push_deferred(&self, object: NonNull<Header>) {
        let mut queue = self.deferred.take();
        queue.push(object);
        self.deferred.set(queue);
    }

    /// Takes the most recently deferred deallocation out of the queue.
    pub(crate) fn pop_deferred(&self) -> Option<NonNull<Header>> {
        let mut queue = self.deferred.take();
        let object = queue.pop();
        self.deferred.set(queue);
        object
    }

    /// Frees the queue's buffer (once it is empty).
    pub(crate) fn release_deferred_buffer(&self) {
        let queue = ManuallyDrop::into_inner(self.deferred.take());
        debug_assert!(queue.is_empty());
        drop(queue);
    }

    /// The sentinel of generation `g`, initialized on first use.
    #[inline]
    pub(crate) fn generation(&self, g: usize) -> *const Links {
        let sentinel = &self.generations[g] as *const Links;
        // SAFETY: the sentinel lives in this thread's `STATE`, which never moves.
        unsafe { list::ensure_init(sentinel) };
        sentinel
    }

    pub(crate) fn permanent(&self) -> *const Links {
        self.scratch(&self.permanent)
    }

    #[inline]
    pub(crate) fn scratch(&self, sentinel: &Links) -> *const Links {
        let sentinel = sentinel as *const Links;
        // SAFETY: as in `generation`.
        unsafe { list::ensure_init(sentinel) };
        sentinel
    }
}

thread_local! {
    static STATE: GcState = const { GcState::new() };
}

/// Runs `f` with this thread's collector state. Nested calls are fine: all fields are cells.
///
/// `f` runs here, not inside `LocalKey::with`: only the address lookup goes through the
/// thread local, a call small enough to inline wherever `with` is used (a large closure kept
/// `LocalKey::with` out of line in other crates, where the key is then read through a function
/// pointer).
#[inline]
pub(crate) fn with<R>(f: impl FnOnce(&GcState) -> R) -> R {
    let state: *const GcState = STATE.with(|state| state as *const GcState);
    // SAFETY: `STATE` is const-initialized and `GcState` has no destructor, so the thread
    // local is a plain per-thread static: its storage stays valid, at the same address, for
    // as long as this thread runs (also while other thread locals are destroyed), and this
    // call returns before the thread ends. Only shared references to it are ever made (every
    // field is a `Cell`).
    f(unsafe { &*state })
}

/// A new tracked object joins the collector, in one thread-local access: CPython's
/// `_PyObject_GC_Link` accounting (one more tracked allocation, and an automatic collection if
/// generation 0's count passed its threshold), then `_PyObject_GC_TRACK` (the object goes to
/// generation 0). The collection runs before the object is linked, so it never sees the new
/// object (whose handles, if any, count as roots meanwhile, as an untracked object's do).
///
/// # Safety
/// `object` is a live linked allocation in no list.
#[inline]
pub(crate) unsafe fn link_new(object: NonNull<Header>) {
    with(|state| {
        let count = state.counts[0].get() + 1;
        state.counts[0].set(count);
        let threshold = state.thresholds[0].get();
        if count > threshold && threshold != 0 && state.enabled.get() && !state.collecting.get() {
            collect_automatically(state);
        }
        if state.analysing.get() {
            analysis_violation();
        }
        // SAFETY: the object is in no list (caller); the sentinel is initialized.
        unsafe { list::push_back(state.generation(0), Header::links_ptr(object)) };
    });
}

/// Out of line: keeps `link_new` small enough to inline into `Gc::new`.
#[cold]
#[inline(never)]
fn collect_automatically(state: &GcState) {
    crate::collector::collect_automatically(state);
}

/// Links an untracked object into generation 0 (`Gc::track`).
///
/// # Safety
/// `object` is a live linked allocation in no list.
#[inline]
pub(crate) unsafe fn track_new(object: NonNull<Header>) {
    with(|state| {
        if state.analysing.get() {
            analysis_violation();
        }
        // SAFETY: the object is linked and in no list (caller); the sentinel is initialized.
        unsafe { list::push_back(state.generation(0), Header::links_ptr(object)) };
    });
}

#[cold]
pub(crate) fn analysis_violation() -> ! {
    panic!(
        "rcgc: a `Trace` implementation created or dropped a `Gc` handle while the collector \
         was tracing; `Trace::trace` may only visit handles"
    )
}
