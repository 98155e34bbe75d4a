//! The collection narrative: an opt-in observer that is told, for each collection, what every
//! phase of CPython's algorithm did and to which objects (`update_refs`, `subtract_refs`,
//! `move_unreachable`, weak references cleared, finalizers run, the resurrection check, the
//! objects freed), as structured [`Event`]s a program can print ([`Event`]'s `Display` says it
//! in words a learner of the seed understands) or record.
//!
//! Off by default, and then it costs one branch per phase of a collection (a flag read once
//! per collection decides). While an observer is set, each collection describes up to
//! [`Observer::cap`] objects per phase with the debug describer
//! ([`set_object_describer`](crate::debug::set_object_describer)), which is user code: the
//! collector then always re-checks reachability before it frees anything, as it does after
//! `DEBUG_COLLECTABLE` output.
//!
//! ```
//! use rcgc::observe::{self, Event, Observer};
//! use rcgc::{Finalize, Gc, Trace};
//! use std::cell::RefCell;
//! use std::rc::Rc;
//!
//! #[derive(Trace, Finalize)]
//! struct Node(RefCell<Option<Gc<Node>>>);
//!
//! let events = Rc::new(RefCell::new(Vec::new()));
//! let log = events.clone();
//! observe::set_observer(Some(Observer::new(move |event: &Event| log.borrow_mut().push(event.clone()))));
//! let node = Gc::new(Node(RefCell::new(None)));
//! *node.0.borrow_mut() = Some(node.clone());
//! drop(node);
//! rcgc::collect();
//! observe::set_observer(None);
//! let found = events.borrow().iter().find_map(|e| match e {
//!     Event::MoveUnreachable { unreachable, .. } => Some(unreachable.total),
//!     _ => None,
//! });
//! assert_eq!(found, Some(1));
//! ```

use std::cell::RefCell;
use std::fmt;
use std::time::{Duration, Instant};

use crate::any::GcAny;
use crate::header::{flag, Header, Links};
use crate::state::GcState;
use crate::{hooks, list, report, state};

/// One object as the narrative names it: its address, Rust type, the describer's words for
/// it, and its reference count when it was described (the collector's own temporary
/// reference not included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectSeen {
    /// The object's address (`GcAny::as_ptr`).
    pub address: usize,
    /// The Rust type name of its value.
    pub type_name: &'static str,
    /// What the debug describer says (default `<Type 0xADDRESS>`).
    pub description: String,
    /// Its strong count at that moment.
    pub strong: usize,
}

/// Objects a phase touched: the first [`Observer::cap`] of them, and how many there were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Objects {
    /// The objects shown, in the collector's list order.
    pub shown: Vec<ObjectSeen>,
    /// How many objects the phase touched in all (at least `shown.len()`).
    pub total: usize,
}

/// What one phase of one collection did. Events of a collection come in this order:
/// `Start`, `UpdateRefs`, `SubtractRefs`, `MoveUnreachable`, then (when they apply)
/// `LegacyUncollectable`, `WeakReferencesCleared`, `FinalizersRun`, then
/// `ResurrectionCheck`, `Freed` (or `SavedToGarbage`), `Done`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// A collection of `generation` starts (younger generations are merged into it).
    Start {
        /// The generation collected.
        generation: usize,
        /// The objects in each generation when it started.
        sizes: [usize; 3],
    },
    /// CPython's `update_refs`: each object's reference count copied into its scratch count.
    UpdateRefs {
        /// Objects examined.
        examined: usize,
        /// Some of them (the unreachable ones first, then survivors), with the count copied.
        objects: Objects,
    },
    /// CPython's `subtract_refs`: each reference from one examined object to another is
    /// subtracted from the target's scratch count; what is left counts references from outside.
    SubtractRefs {
        /// Objects examined.
        examined: usize,
    },
    /// CPython's `move_unreachable`: the objects with references from outside, and all they
    /// reach, survive; the rest are unreachable.
    MoveUnreachable {
        /// Objects that survive (moved to the next generation).
        survivors: usize,
        /// The unreachable ones.
        unreachable: Objects,
    },
    /// Legacy mode: unreachable objects with a finalizer, and all they reach, are kept.
    LegacyUncollectable {
        /// The objects kept.
        objects: Objects,
    },
    /// Weak references to unreachable objects were cleared (their callbacks ran) before any
    /// finalizer, so no finalizer can reach them through one.
    WeakReferencesCleared {
        /// Unreachable objects that had weak references.
        objects: Objects,
    },
    /// Finalizers (`__del__`) of unreachable objects ran, each at most once (PEP 442).
    FinalizersRun {
        /// The objects whose finalizer ran.
        objects: Objects,
    },
    /// After user code ran, reachability was computed again over the unreachable objects:
    /// those a finalizer made reachable survive.
    ResurrectionCheck {
        /// Objects made reachable again (they survive).
        resurrected: usize,
        /// Objects still unreachable.
        still_unreachable: usize,
    },
    /// The cycles were broken (values dropped) and the memory freed.
    Freed {
        /// The objects freed.
        objects: Objects,
    },
    /// Under `DEBUG_SAVEALL` the unreachable objects were not freed but kept in the garbage
    /// list ([`garbage`](crate::introspect::garbage)), in the oldest generation collected.
    SavedToGarbage {
        /// The objects kept.
        objects: Objects,
    },
    /// The collection ended.
    Done {
        /// The generation collected.
        generation: usize,
        /// Unreachable objects freed.
        collected: usize,
        /// Unreachable objects kept (legacy mode, `DEBUG_SAVEALL`).
        uncollectable: usize,
        /// Time the collection took.
        elapsed: Duration,
    },
}

/// Where a collection's events go: a callback and how many objects each event names.
pub struct Observer {
    callback: Box<dyn FnMut(&Event)>,
    cap: usize,
}

impl Observer {
    /// An observer calling `callback` with each event, naming up to 8 objects per phase.
    ///
    /// ```
    /// let observer = rcgc::observe::Observer::new(|event| println!("{event}"));
    /// assert_eq!(observer.cap(), 8);
    /// ```
    pub fn new(callback: impl FnMut(&Event) + 'static) -> Observer {
        Observer { callback: Box::new(callback), cap: 8 }
    }

    /// The same observer, naming up to `cap` objects per phase.
    ///
    /// ```
    /// let observer = rcgc::observe::Observer::new(|_| {}).with_cap(2);
    /// assert_eq!(observer.cap(), 2);
    /// ```
    pub fn with_cap(mut self, cap: usize) -> Observer {
        self.cap = cap;
        self
    }

    /// How many objects each event names at most.
    pub fn cap(&self) -> usize {
        self.cap
    }
}

thread_local! {
    static OBSERVER: RefCell<Option<Observer>> = const { RefCell::new(None) };
}

/// Sets (or with `None` removes) this thread's collection observer; returns the previous one.
///
/// ```
/// use rcgc::observe::{self, Observer};
/// assert!(!observe::is_observing());
/// observe::set_observer(Some(Observer::new(|_| {})));
/// assert!(observe::is_observing());
/// assert!(observe::set_observer(None).is_some());
/// ```
pub fn set_observer(observer: Option<Observer>) -> Option<Observer> {
    state::with(|state| state.observing.set(observer.is_some()));
    OBSERVER.with(|cell| std::mem::replace(&mut *cell.borrow_mut(), observer))
}

/// Whether an observer is set on this thread.
///
/// ```
/// assert!(!rcgc::observe::is_observing());
/// ```
pub fn is_observing() -> bool {
    state::with(|state| state.observing.get())
}

/// The observer's cap (0 when there is none).
pub(crate) fn cap() -> usize {
    OBSERVER.try_with(|cell| cell.borrow().as_ref().map_or(0, |o| o.cap)).unwrap_or(0)
}

/// Gives `event` to the observer, which is taken out of its cell while it runs (so it may
/// replace itself); a panic in it is reported, not propagated.
pub(crate) fn emit(event: Event) {
    let Ok(Some(mut observer)) = OBSERVER.try_with(|cell| cell.borrow_mut().take()) else {
        return;
    };
    report::catch_unraisable("collection observer", "rcgc::observe::Observer", || {
        (observer.callback)(&event)
    });
    let _ = OBSERVER.try_with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() && state::with(|state| state.observing.get()) {
            *slot = Some(observer);
        }
    });
}

/// One collection's narrative while it runs: the collector holds it as an
/// `Option<Box<Narration>>`, `None` when nobody observes, so that the fast path pays one
/// branch per phase and no drop glue; every method is cold and out of line.
pub(crate) struct Narration {
    cap: usize,
    started: Instant,
    /// The objects named at `move_unreachable`, to name them again in later phases by address
    /// without running the describer (user code) after the resurrection check.
    described: Vec<ObjectSeen>,
    /// Survivors named for `update_refs`.
    survivors: Vec<ObjectSeen>,
    with_weak: Option<Objects>,
    finalized: Vec<usize>,
    freed: Vec<usize>,
}

impl Narration {
    /// Tells the start of a collection of `generation`.
    #[cold]
    #[inline(never)]
    pub(crate) fn start(state: &GcState, generation: usize) -> Option<Box<Narration>> {
        // SAFETY: initialized generation lists.
        let sizes = [0, 1, 2].map(|g| unsafe { list::len(state.generation(g)) });
        emit(Event::Start { generation, sizes });
        Some(Box::new(Narration {
            cap: cap(),
            started: Instant::now(),
            described: Vec::new(),
            survivors: Vec::new(),
            with_weak: None,
            finalized: Vec::new(),
            freed: Vec::new(),
        }))
    }

    /// Names some survivors (`young` holds exactly the survivors), for `update_refs`.
    #[cold]
    #[inline(never)]
    pub(crate) fn survived(&mut self, young: *const Links) {
        // SAFETY: the collector's initialized list of live objects; the filter runs no user code.
        self.survivors = unsafe { describe_list(young, self.cap, |_| true) }.shown;
    }

    /// Tells the analysis (`update_refs`, `subtract_refs`, `move_unreachable`); `unreachable`
    /// is the list of what it found.
    #[cold]
    #[inline(never)]
    pub(crate) fn analysed(&mut self, survivors: usize, unreachable: usize, list: *const Links) {
        let examined = survivors + unreachable;
        // SAFETY: as in `survived`.
        let found = unsafe { describe_list(list, self.cap, |_| true) };
        self.described = found.shown.clone();
        // The unreachable ones first: they are the story; survivors fill the rest of the cap.
        let mut sample = found.shown.clone();
        sample.extend(std::mem::take(&mut self.survivors));
        sample.truncate(self.cap);
        emit(Event::UpdateRefs { examined, objects: Objects { shown: sample, total: examined } });
        emit(Event::SubtractRefs { examined });
        emit(Event::MoveUnreachable { survivors, unreachable: found });
    }

    /// Tells what legacy mode kept (the `finalizers` list).
    #[cold]
    #[inline(never)]
    pub(crate) fn legacy(&mut self, finalizers: *const Links) {
        // SAFETY: as in `analysed`.
        let kept = unsafe { describe_list(finalizers, self.cap, |_| true) };
        if kept.total > 0 {
            emit(Event::LegacyUncollectable { objects: kept });
        }
    }

    /// Notes which garbage objects have weak references, before they are cleared.
    #[cold]
    #[inline(never)]
    pub(crate) fn before_weak_references(&mut self, unreachable: *const Links) {
        // SAFETY: as in `analysed`.
        self.with_weak = Some(unsafe { describe_list(unreachable, self.cap, has_weak) });
    }

    /// Tells the weak references cleared, if there were any.
    #[cold]
    #[inline(never)]
    pub(crate) fn after_weak_references(&mut self) {
        if let Some(objects) = self.with_weak.take().filter(|objects| objects.total > 0) {
            emit(Event::WeakReferencesCleared { objects });
        }
    }

    /// Where `finalize_garbage` records the addresses of the objects it finalizes.
    pub(crate) fn finalized(&mut self) -> &mut Vec<usize> {
        &mut self.finalized
    }

    /// Tells the finalizers run.
    #[cold]
    #[inline(never)]
    pub(crate) fn finalizers_ran(&mut self) {
        let objects = self.named(&self.finalized);
        emit(Event::FinalizersRun { objects });
    }

    /// Tells the resurrection check's outcome.
    #[cold]
    #[inline(never)]
    pub(crate) fn resurrection_checked(&mut self, resurrected: usize, still_unreachable: usize) {
        emit(Event::ResurrectionCheck { resurrected, still_unreachable });
    }

    /// Notes the objects about to be freed (or saved).
    #[cold]
    #[inline(never)]
    pub(crate) fn before_delete(&mut self, collectable: *const Links) {
        let freed = &mut self.freed;
        // SAFETY: the collector's initialized list of live objects; reading addresses runs no
        // user code.
        unsafe { list::for_each(collectable, |object| freed.push(object.as_ptr() as usize)) };
    }

    /// Tells the objects freed, or kept in the garbage list under `DEBUG_SAVEALL`.
    #[cold]
    #[inline(never)]
    pub(crate) fn deleted(&mut self, saved: bool) {
        let objects = self.named(&self.freed);
        emit(if saved { Event::SavedToGarbage { objects } } else { Event::Freed { objects } });
    }

    /// Tells the end of the collection.
    #[cold]
    #[inline(never)]
    pub(crate) fn done(&self, generation: usize, collected: usize, uncollectable: usize) {
        let elapsed = self.started.elapsed();
        emit(Event::Done { generation, collected, uncollectable, elapsed });
    }

    /// The objects of `addresses` described earlier (up to the cap, in the order of
    /// `addresses`), counting all of `addresses`.
    fn named(&self, addresses: &[usize]) -> Objects {
        let shown = addresses
            .iter()
            .filter_map(|address| self.described.iter().find(|seen| seen.address == *address))
            .take(self.cap)
            .cloned()
            .collect();
        Objects { shown, total: addresses.len() }
    }
}

/// Describes up to `cap` objects of `objects` for which `keep` says yes (and counts all of
/// them). The objects are held by counted handles while the describer (user code) runs.
///
/// # Safety
/// `objects` is an initialized list of live objects; `keep` runs no user code.
pub(crate) unsafe fn describe_list(
    objects: *const Links,
    cap: usize,
    mut keep: impl FnMut(&Header) -> bool,
) -> Objects {
    let mut held = Vec::new();
    let mut total = 0;
    // SAFETY: forwarded from the caller; counting a handle runs no user code.
    unsafe {
        list::for_each(objects, |object| {
            if keep(object.as_ref()) {
                total += 1;
                if held.len() < cap {
                    held.push(GcAny::new_counted(object));
                }
            }
        });
    }
    Objects { shown: held.iter().map(describe).collect(), total }
}

/// Names one object (user code: the describer), its own handle not counted.
pub(crate) fn describe(object: &GcAny) -> ObjectSeen {
    ObjectSeen {
        address: object.as_ptr() as usize,
        type_name: object.type_name(),
        description: hooks::describe(object),
        strong: object.strong_count().saturating_sub(1),
    }
}

/// Whether the object has weak references (for [`Event::WeakReferencesCleared`]).
pub(crate) fn has_weak(header: &Header) -> bool {
    header.has(flag::HAS_WEAK)
}

/// "an object" / "2 objects".
fn objects_word(n: usize) -> String {
    if n == 1 {
        "1 object".to_string()
    } else {
        format!("{n} objects")
    }
}

/// The named objects, one per line, with "... and N more" when the cap hid some.
fn write_objects(f: &mut fmt::Formatter<'_>, objects: &Objects, what: &str) -> fmt::Result {
    for object in &objects.shown {
        write!(f, "\n    {} {what}", object.description)?;
    }
    write_hidden(f, objects)
}

/// "... and N more" when the cap hid some of the objects.
fn write_hidden(f: &mut fmt::Formatter<'_>, objects: &Objects) -> fmt::Result {
    let hidden = objects.total.saturating_sub(objects.shown.len());
    if hidden > 0 {
        write!(f, "\n    ... and {hidden} more")?;
    }
    Ok(())
}

/// The event in words a learner of the seed understands, one line (plus one indented line
/// per object named), prefixed `gc:` as CPython's debug output is.
///
/// ```
/// use rcgc::observe::Event;
/// let event = Event::UpdateRefs { examined: 4, objects: Default::default() };
/// assert_eq!(
///     event.to_string(),
///     "gc: update_refs: copied the reference count of each of the 4 objects into its gc_refs"
/// );
/// ```
impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Start { generation, sizes } => write!(
                f,
                "gc: collecting generation {generation} (objects in generations 0, 1, 2: {}, {}, {}); \
                 generations 0..={generation} are examined together",
                sizes[0], sizes[1], sizes[2]
            ),
            Event::UpdateRefs { examined, objects } => {
                write!(
                    f,
                    "gc: update_refs: copied the reference count of each of the {} into its gc_refs",
                    objects_word(*examined)
                )?;
                for object in &objects.shown {
                    write!(f, "\n    {} gc_refs = {}", object.description, object.strong)?;
                }
                write_hidden(f, objects)
            }
            Event::SubtractRefs { examined } => write!(
                f,
                "gc: subtract_refs: for each reference one of the {} holds to another, \
                 subtracted 1 from the target's gc_refs; what is left counts references from outside",
                objects_word(*examined)
            ),
            Event::MoveUnreachable { survivors, unreachable } if unreachable.total == 0 => write!(
                f,
                "gc: move_unreachable: all {} are referenced from outside or reachable from one: \
                 nothing is unreachable",
                objects_word(*survivors)
            ),
            Event::MoveUnreachable { survivors, unreachable } => {
                write!(
                    f,
                    "gc: move_unreachable: {} referenced from outside (or reachable from one) survive; \
                     {} unreachable (every reference to them comes from the unreachable set: a cycle)",
                    objects_word(*survivors),
                    if unreachable.total == 1 {
                        "1 object is".to_string()
                    } else {
                        format!("{} are", unreachable.total)
                    }
                )?;
                for object in &unreachable.shown {
                    write!(
                        f,
                        "\n    {} is unreachable (refcount {}, all from the cycle)",
                        object.description, object.strong
                    )?;
                }
                write_hidden(f, unreachable)
            }
            Event::LegacyUncollectable { objects } => {
                write!(
                    f,
                    "gc: legacy mode: {} with a finalizer (or reached from one) cannot be freed; \
                     they go to gc.garbage",
                    objects_word(objects.total)
                )?;
                write_objects(f, objects, "kept")
            }
            Event::WeakReferencesCleared { objects } => {
                write!(
                    f,
                    "gc: weak references to {} cleared (their callbacks run) before any finalizer",
                    objects_word(objects.total)
                )?;
                write_objects(f, objects, "has no weak reference now")
            }
            Event::FinalizersRun { objects } if objects.total == 0 => {
                write!(f, "gc: finalizers: none to run (no unreachable object has a __del__ that has not run)")
            }
            Event::FinalizersRun { objects } => {
                write!(
                    f,
                    "gc: finalizers: ran __del__ of {} (each object's finalizer runs at most once)",
                    objects_word(objects.total)
                )?;
                write_objects(f, objects, "finalized")
            }
            Event::ResurrectionCheck { resurrected, still_unreachable } => write!(
                f,
                "gc: resurrection check: {} made reachable again by a finalizer (they survive); \
                 {} still unreachable",
                objects_word(*resurrected),
                still_unreachable
            ),
            Event::Freed { objects } => {
                write!(
                    f,
                    "gc: freed {}: references between them dropped, which breaks the cycle, then the memory released",
                    objects_word(objects.total)
                )?;
                write_objects(f, objects, "freed")
            }
            Event::SavedToGarbage { objects } => {
                write!(
                    f,
                    "gc: DEBUG_SAVEALL: {} kept in gc.garbage instead of being freed",
                    objects_word(objects.total)
                )?;
                write_objects(f, objects, "kept")
            }
            Event::Done { generation, collected, uncollectable, elapsed } => write!(
                f,
                "gc: done with generation {generation}: {collected} collected, {uncollectable} uncollectable, \
                 {:.4}s elapsed (gc.collect() returns {})",
                elapsed.as_secs_f64(),
                collected + uncollectable
            ),
        }
    }
}
