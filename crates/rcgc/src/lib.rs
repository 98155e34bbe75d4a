#![doc = include_str!("../README.md")]
//!
//! ## The API in brief
//!
//! Reference counting with immediate destruction ([`Gc`], [`Weak`]) plus CPython's
//! generational cycle collector: generations 0, 1 and 2 with thresholds (700, 10, 10), the
//! long-lived-pending rule for full collections, PEP 442 finalizers ([`Finalize`]) that run
//! once and may resurrect, and the module-level controls of Python's `gc` module
//! ([`collect`], [`enable`], [`set_threshold`], [`get_count`], [`get_stats`], ...).
//!
//! ```
//! use rcgc::{Finalize, Gc, Trace};
//! use std::cell::RefCell;
//!
//! #[derive(Trace, Finalize)]
//! struct Track {
//!     other: RefCell<Option<Gc<Track>>>,
//! }
//!
//! rcgc::disable();
//! let a = Gc::new(Track { other: RefCell::new(None) });
//! let b = Gc::new(Track { other: RefCell::new(Some(a.clone())) });
//! *a.other.borrow_mut() = Some(b.clone());
//! drop((a, b)); // a reference cycle: not freed by reference counting
//! assert_eq!(rcgc::collect(), 2);
//! rcgc::enable();
//! ```
//!
//! Each thread has its own collector; handles are `!Send`. The repository's `ARCHITECTURE.md`
//! describes the design and its invariants.
//!
//! When a thread ends, its objects that only cycles keep alive are not finalized or freed:
//! nothing runs a last collection for it (a collector cannot run safely while the thread's
//! other thread-locals, which may hold handles, are being destroyed). CPython likewise does
//! not promise to collect every cycle at exit. Call [`collect`] before a thread finishes if
//! its cycles' finalizers or memory matter.
//!
//! ## Where things are
//!
//! - The crate root: the handles ([`Gc`], [`Weak`], [`GcAny`]), the traits and their derives
//!   ([`Trace`], [`Finalize`]), and the collector's controls named as in Python's `gc` module
//!   ([`collect`], [`set_threshold`], [`add_callback`], ...).
//! - [`debug`]: the debug flags as a typed [`debug::DebugFlags`], where debug output goes, how
//!   it names objects, and how panics caught in user code are reported.
//! - [`graph`]: pictures of the heap (the graph around objects, as DOT or SVG);
//!   [`observe`]: the collection narrative, phase by phase.
//! - [`introspect`]: snapshots of the heap (`get_objects`, `get_referrers`, `get_referents`),
//!   the permanent generation (`freeze`) and the garbage list.
//!
//! The items of the two modules are also re-exported at the root under their earlier paths
//! (`rcgc::get_objects`, `rcgc::set_debug_output`, ...), so code written against those keeps
//! compiling.

#![warn(missing_docs)]
// A broken link in the docs is a bug in the docs: fail the doc build rather than ship it.
#![deny(rustdoc::broken_intra_doc_links)]

// Lets `#[derive(Trace)]`'s `::rcgc::` paths resolve inside this crate's own tests.
extern crate self as rcgc;

mod any;
mod collector;
mod dealloc;
pub mod debug;
mod gc;
pub mod graph;
mod header;
mod hooks;
pub mod introspect;
mod list;
pub mod observe;
mod ownership;
mod pool;

/// The memory rcgc's objects come from, for values' own out-of-line parts (see the
/// architecture notes: per-thread pools in 8-byte size classes, CPython's pymalloc).
pub mod alloc {
    pub use crate::pool::{allocate, release};
}
mod report;
mod state;
mod tail;
mod trace;
mod visitor;
mod weak;

pub use any::GcAny;
pub use collector::DEBUG_SAVEALL;
pub use gc::{ForceDropError, Gc, Weak};
pub use hooks::{
    add_callback, clear_callbacks, remove_callback, Callback, CallbackId, CollectionInfo, Phase,
    DEBUG_COLLECTABLE, DEBUG_LEAK, DEBUG_STATS, DEBUG_UNCOLLECTABLE,
};
pub use ownership::GcMut;
pub use rcgc_derive::{Finalize, Trace};
pub use state::{GenerationStats, NUM_GENERATIONS};
pub use trace::{Finalize, Trace};
pub use visitor::Visitor;

// The grouped modules' items, kept at the root under the names they had before the grouping
// so that code written against those paths keeps compiling. `no_inline`: the docs show them
// once, in their module.
#[doc(no_inline)]
pub use debug::{
    set_debug_output, set_object_describer, set_unraisable_hook, DebugSink, ObjectDescriber,
    Unraisable, UnraisableHook,
};
#[doc(no_inline)]
pub use introspect::{
    freeze, garbage, get_freeze_count, get_objects, get_referents, get_referrers, take_garbage,
    unfreeze,
};

/// Runs a full collection (generation 2) and returns the number of unreachable objects found,
/// collected plus uncollectable, as `gc.collect()` does. Returns 0 without collecting when
/// called while a collection is already running (from a finalizer, `Drop`, weak callback or
/// hook run by the collector), as CPython does; [`is_collecting`] tells that case apart.
///
/// ```
/// assert_eq!(rcgc::collect(), 0);
/// ```
pub fn collect() -> usize {
    collect_generation(NUM_GENERATIONS - 1)
}

/// Collects generations `0..=generation` (`gc.collect(generation)`); returns the number of
/// unreachable objects found.
///
/// # Panics
///
/// If `generation` is not 0, 1 or 2 (Python raises `ValueError("invalid generation")`).
///
/// ```
/// assert_eq!(rcgc::collect_generation(0), 0);
/// assert_eq!(rcgc::get_count().0, 0);
/// ```
pub fn collect_generation(generation: usize) -> usize {
    assert!(generation < NUM_GENERATIONS, "invalid generation {generation} (expected 0, 1 or 2)");
    state::with(|state| collector::collect_exclusive(state, generation))
}

/// Whether a collection is running on this thread: true only inside user code that the
/// collector runs (finalizers, `Drop` of garbage, weak callbacks, [`add_callback`] hooks,
/// `Finalize::has_finalizer`). [`collect`] returns 0 there without collecting.
///
/// ```
/// use std::{cell::Cell, rc::Rc};
/// assert!(!rcgc::is_collecting());
/// let seen = Rc::new(Cell::new(false));
/// let inside = seen.clone();
/// let id = rcgc::add_callback(move |_, _| inside.set(rcgc::is_collecting()));
/// rcgc::collect();
/// rcgc::remove_callback(id);
/// assert!(seen.get());
/// ```
pub fn is_collecting() -> bool {
    state::with(|state| state.collecting.get())
}

/// Turns automatic collection on (`gc.enable`).
///
/// ```
/// rcgc::disable();
/// assert!(!rcgc::is_enabled());
/// rcgc::enable();
/// assert!(rcgc::is_enabled());
/// ```
pub fn enable() {
    state::with(|state| state.enabled.set(true));
}

/// Turns automatic collection off (`gc.disable`); [`collect`] still works.
///
/// ```
/// rcgc::disable();
/// # rcgc::enable();
/// ```
pub fn disable() {
    state::with(|state| state.enabled.set(false));
}

/// Whether automatic collection is on (`gc.isenabled`).
///
/// ```
/// assert!(rcgc::is_enabled());
/// ```
pub fn is_enabled() -> bool {
    state::with(|state| state.enabled.get())
}

/// Sets the collection thresholds (`gc.set_threshold`). Generation 0 is collected when tracked
/// allocations minus deallocations exceed `threshold0` (0 disables automatic collection);
/// generation 1 after `threshold1` collections of generation 0; generation 2 after
/// `threshold2` collections of generation 1, and only when the long-lived objects awaiting a
/// first full collection exceed 25% of those that survived the last one.
///
/// ```
/// let old = rcgc::get_threshold();
/// rcgc::set_threshold(1000, 100, 10);
/// assert_eq!(rcgc::get_threshold(), (1000, 100, 10));
/// rcgc::set_threshold(old.0, old.1, old.2);
/// ```
pub fn set_threshold(threshold0: usize, threshold1: usize, threshold2: usize) {
    state::with(|state| {
        state.thresholds[0].set(threshold0);
        state.thresholds[1].set(threshold1);
        state.thresholds[2].set(threshold2);
    });
}

/// The collection thresholds (`gc.get_threshold`), (700, 10, 10) by default.
///
/// ```
/// assert_eq!(rcgc::get_threshold(), (700, 10, 10));
/// ```
pub fn get_threshold() -> (usize, usize, usize) {
    state::with(|state| {
        (state.thresholds[0].get(), state.thresholds[1].get(), state.thresholds[2].get())
    })
}

/// The collection counts (`gc.get_count`), with CPython 3.11's meaning: tracked allocations
/// minus deallocations since the last collection of generation 0; collections of generation 0
/// since the last of generation 1; collections of generation 1 since the last of generation 2.
///
/// ```
/// use std::cell::RefCell;
/// rcgc::collect();
/// let list = rcgc::Gc::new(RefCell::new(Vec::<rcgc::Gc<u8>>::new()));
/// assert_eq!(rcgc::get_count(), (1, 0, 0));
/// drop(list);
/// assert_eq!(rcgc::get_count(), (0, 0, 0));
/// ```
pub fn get_count() -> (usize, usize, usize) {
    state::with(|state| (state.counts[0].get(), state.counts[1].get(), state.counts[2].get()))
}

/// Per-generation statistics since the thread started (`gc.get_stats`).
///
/// ```
/// let before = rcgc::get_stats()[0].collections;
/// rcgc::collect_generation(0);
/// assert_eq!(rcgc::get_stats()[0].collections, before + 1);
/// ```
pub fn get_stats() -> [GenerationStats; NUM_GENERATIONS] {
    state::with(|state| [state.stats[0].get(), state.stats[1].get(), state.stats[2].get()])
}

/// Sets the debug flags (`gc.set_debug`): [`DEBUG_STATS`], [`DEBUG_COLLECTABLE`],
/// [`DEBUG_UNCOLLECTABLE`], [`DEBUG_SAVEALL`], [`DEBUG_LEAK`]; output goes to
/// [`set_debug_output`]'s sink (stderr by default), in CPython's format. The typed form is
/// [`debug::set_flags`] with [`debug::DebugFlags`]; both set the same flags.
///
/// ```
/// rcgc::set_debug(rcgc::DEBUG_SAVEALL);
/// assert_eq!(rcgc::get_debug(), rcgc::DEBUG_SAVEALL);
/// rcgc::set_debug(0);
/// ```
pub fn set_debug(flags: u32) {
    state::with(|state| state.debug.set(flags));
}

/// The debug flags (`gc.get_debug`); typed: [`debug::flags`].
///
/// ```
/// assert_eq!(rcgc::get_debug(), 0);
/// ```
pub fn get_debug() -> u32 {
    state::with(|state| state.debug.get())
}

/// Legacy mode: the behaviour of Python before 3.4, i.e. before PEP 442. There a garbage cycle
/// holding an object with a `__del__` method was uncollectable: the collector could not know in
/// which order to run the finalizers, so it freed nothing in the cycle and appended the objects
/// with finalizers to `gc.garbage`. Here likewise, a garbage cycle holding an object with a
/// finalizer that has not run is not freed; it and everything it reaches stay alive, and the
/// objects with finalizers are appended to the garbage list ([`garbage`]) until the program
/// takes them out ([`take_garbage`]).
///
/// ```
/// rcgc::set_legacy_finalizers(true);
/// assert!(rcgc::legacy_finalizers());
/// rcgc::set_legacy_finalizers(false);
/// ```
pub fn set_legacy_finalizers(on: bool) {
    state::with(|state| state.legacy_finalizers.set(on));
}

/// Whether legacy mode is on.
///
/// ```
/// assert!(!rcgc::legacy_finalizers());
/// ```
pub fn legacy_finalizers() -> bool {
    state::with(|state| state.legacy_finalizers.get())
}

/// Implements [`Trace`] (visiting nothing, untracked) and [`Finalize`] (no finalizer) for types
/// that own no `Gc`: CPython's atomic types. Safe: visiting nothing is always allowed.
///
/// ```
/// struct Celsius(f64);
/// rcgc::atomic_trace_for!(Celsius);
/// let t = rcgc::Gc::new(Celsius(21.5));
/// assert!(!rcgc::Gc::is_tracked(&t));
/// ```
#[macro_export]
macro_rules! atomic_trace_for {
    ($($t:ty),+ $(,)?) => {$(
        // SAFETY: visiting no handle is always allowed by the `Trace` contract.
        unsafe impl $crate::Trace for $t {
            const MAY_CONTAIN_GC: bool = false;
            fn trace(&self, _visitor: &mut $crate::Visitor) {}
        }
        impl $crate::Finalize for $t {
            const HAS_FINALIZER: bool = false;
        }
    )+};
}
