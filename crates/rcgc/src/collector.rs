//! The cycle collector: CPython's `gc_collect_main`, step by step.
//!
//! 1. merge the younger generations into the one collected (`young`);
//! 2. `deduce_unreachable`: copy each refcount to `gc_refs`, subtract the references coming
//!    from inside `young` (one walk for both in a full collection with nothing frozen), then
//!    one walk that marks each object with `gc_refs == 0` tentatively unreachable where it is
//!    and traces every other one (CPython's `move_unreachable`, except that nothing moves: a
//!    tentatively unreachable object reached later is traced at once, inside the trace that
//!    reached it, or from a work stack when such traces nest deep, and those
//!    never reached move to `unreachable` after the walk, so the survivors keep their order);
//!    a full collection that found the oldest generation far from address order re-links it
//!    in address order (`list::sort_by_address`);
//! 3. promote the survivors one generation (long-lived bookkeeping for the full collection);
//! 4. legacy mode: objects with a finalizer, and all they reach, become uncollectable;
//! 5. clear weak references to garbage (skipped when the thread has none);
//! 6. run every pending finalizer, each object once, while all values are intact (skipped
//!    when no garbage object's type has a finalizer that has not run);
//! 7. if user code ran since step 2 (a finalizer, a weakref callback, debug output),
//!    `deduce_unreachable` again over the garbage: what it made reachable survives;
//! 8. drop the values of what is still unreachable (breaking the cycles), free the memory;
//! 9. record statistics; uncollectable objects go to the garbage list.
//!
//! User code runs only in steps 4 to 6 and 8 (and in `Trace`, under its contract); before
//! each of those steps every list is consistent, and each object being worked on is held by
//! a temporary strong reference, so user code may clone, drop, allocate or call `collect`
//! (which returns 0 while a collection is running).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;

use std::time::Instant;

use crate::any::GcAny;
use crate::header::{flag, Header, Links};
use crate::hooks::{
    self, CollectionInfo, Phase, DEBUG_COLLECTABLE, DEBUG_STATS, DEBUG_UNCOLLECTABLE,
};
use crate::observe::Narration;
use crate::state::{GcState, NUM_GENERATIONS};
use crate::visitor::{VisitMode, Visitor, TENTATIVELY_UNREACHABLE};
use crate::{dealloc, list, report, weak};

/// `gc.DEBUG_SAVEALL`: unreachable objects go to the garbage list instead of being freed.
/// Typed: [`DebugFlags::SAVEALL`](crate::debug::DebugFlags::SAVEALL).
///
/// ```
/// rcgc::set_debug(rcgc::DEBUG_SAVEALL);
/// # rcgc::set_debug(0);
/// ```
pub const DEBUG_SAVEALL: u32 = 1 << 5;

/// Runs the oldest generation whose count exceeds its threshold, unless it is the oldest and
/// the long-lived-pending rule says a full collection is not worth it yet
/// (CPython's `gc_collect_generations`).
pub(crate) fn collect_automatically(state: &GcState) {
    for generation in (0..NUM_GENERATIONS).rev() {
        if state.counts[generation].get() > state.thresholds[generation].get() {
            if generation == NUM_GENERATIONS - 1
                && state.long_lived_pending.get() < state.long_lived_total.get() / 4
            {
                continue;
            }
            collect_exclusive(state, generation);
            break;
        }
    }
}

/// Collects `generation` unless a collection is already running (then returns 0, as CPython
/// does for a `gc.collect()` called from a finalizer during a collection).
pub(crate) fn collect_exclusive(state: &GcState, generation: usize) -> usize {
    if state.collecting.get() {
        return 0;
    }
    struct Running<'a>(&'a GcState);
    impl Drop for Running<'_> {
        fn drop(&mut self) {
            self.0.collecting.set(false);
        }
    }
    state.collecting.set(true);
    let _running = Running(state);
    hooks::run_callbacks(
        Phase::Start,
        CollectionInfo { generation, collected: 0, uncollectable: 0 },
    );
    let (collected, uncollectable) = collect_main(state, generation);
    hooks::run_callbacks(Phase::Stop, CollectionInfo { generation, collected, uncollectable });
    collected + uncollectable
}

/// Every generation and the permanent generation pass `list::validate`, and the scratch lists
/// are empty: the state in which a collection may start or end. Debug builds only.
#[cfg(debug_assertions)]
fn validate_state(state: &GcState) {
    // SAFETY: initialized lists of live objects.
    unsafe {
        for g in 0..NUM_GENERATIONS {
            list::validate(state.generation(g), &format!("generation {g}"));
        }
        list::validate(state.permanent(), "permanent generation");
        for (scratch, name) in [
            (&state.unreachable, "unreachable"),
            (&state.still_unreachable, "still_unreachable"),
            (&state.finalizers, "finalizers"),
            (&state.seen, "seen"),
        ] {
            assert!(
                list::is_empty(state.scratch(scratch)),
                "rcgc: scratch list {name} is not empty"
            );
        }
    }
}

/// Heaps up to this many long-lived objects are validated around every collection in debug
/// builds; larger ones are not (an O(heap) walk at every young collection would make debug
/// runs over large heaps quadratic).
#[cfg(debug_assertions)]
const VALIDATED_HEAP: usize = 100_000;

/// One collection of `generation`; returns (collected, uncollectable).
fn collect_main(state: &GcState, generation: usize) -> (usize, usize) {
    #[cfg(debug_assertions)]
    let validate = state.long_lived_total.get() + state.long_lived_pending.get() <= VALIDATED_HEAP;
    #[cfg(debug_assertions)]
    if validate {
        validate_state(state);
    }
    let outcome = collect_main_unchecked(state, generation);
    #[cfg(debug_assertions)]
    if validate {
        validate_state(state);
    }
    outcome
}

fn collect_main_unchecked(state: &GcState, generation: usize) -> (usize, usize) {
    let debug = state.debug.get();
    // The narrative: `None` (one pointer, one branch per phase) when nobody observes; all its
    // work is in cold functions out of line.
    let mut narration =
        if state.observing.get() { Narration::start(state, generation) } else { None };
    let started = (debug & DEBUG_STATS != 0).then(|| {
        // SAFETY: initialized generation lists.
        let sizes: Vec<String> = (0..NUM_GENERATIONS)
            .map(|g| unsafe { list::len(state.generation(g)) }.to_string())
            .collect();
        // SAFETY: as above.
        let permanent = unsafe { list::len(state.permanent()) };
        hooks::debug_write(&format!(
            "gc: collecting generation {generation}...\n\
             gc: objects in each generation: {}\n\
             gc: objects in permanent generation: {permanent}\n",
            sizes.join(" ")
        ));
        Instant::now()
    });
    if generation + 1 < NUM_GENERATIONS {
        let older = &state.counts[generation + 1];
        older.set(older.get() + 1);
    }
    for count in &state.counts[..=generation] {
        count.set(0);
    }
    let young = state.generation(generation);
    for younger in 0..generation {
        // SAFETY: distinct initialized generation lists.
        unsafe { list::merge(state.generation(younger), young) };
    }
    let old =
        if generation + 1 < NUM_GENERATIONS { state.generation(generation + 1) } else { young };

    let unreachable = state.scratch(&state.unreachable);
    // Every tracked object is in a generation or frozen when a collection starts (the scratch
    // lists are empty), so with the younger generations merged and nothing frozen, `young`
    // holds every tracked object.
    let all_tracked = young == old && generation + 1 == NUM_GENERATIONS && {
        // SAFETY: the permanent generation is an initialized list.
        unsafe { list::is_empty(state.permanent()) }
    };
    let deduced = deduce_unreachable(state, young, unreachable, all_tracked);
    if young == old && needs_address_order(deduced.survivors, deduced.far_steps) {
        // No user code has run since the analysis and `young` holds exactly the survivors.
        // SAFETY: an initialized list of live objects.
        unsafe { list::sort_by_address(young, deduced.survivors) };
    }
    // The walk over the survivors is skipped when none of the walked objects' types ever
    // untracks (most Rust types): it would be one more pass over the whole heap's headers.
    let untracked =
        if deduced.untrack_candidates > 0 { untrack_atomic(state, young, young == old) } else { 0 };
    let survivors = deduced.survivors - untracked;
    if let Some(narration) = narration.as_mut() {
        // `young` holds exactly the survivors until it is merged.
        narration.survived(young);
    }
    if young != old {
        if generation == NUM_GENERATIONS - 2 {
            state.long_lived_pending.set(state.long_lived_pending.get() + survivors);
        }
        // SAFETY: distinct initialized lists.
        unsafe { list::merge(young, old) };
    } else {
        state.long_lived_pending.set(0);
        state.long_lived_total.set(survivors);
    }

    // Whether user code that could reach the garbage has run since the analysis (a
    // finalizer, a weakref callback, the debug describer or sink, an unraisable hook): only
    // then can part of the garbage have become reachable again, and only then must
    // reachability be recomputed before anything is cleared. `Finalize::has_finalizer` is a
    // query and does not count (see its contract).
    let mut user_code_ran = false;
    if let Some(narration) = narration.as_mut() {
        narration.analysed(deduced.survivors, deduced.unreachable, unreachable);
        // The describer and the observer are user code.
        user_code_ran = true;
    }
    let finalizers = state.scratch(&state.finalizers);
    if state.legacy_finalizers.get() {
        move_legacy_finalizers(state, unreachable, finalizers);
        user_code_ran = true;
        if let Some(narration) = narration.as_mut() {
            narration.legacy(finalizers);
        }
    }
    if debug & DEBUG_COLLECTABLE != 0 {
        debug_cycle("collectable", unreachable);
        user_code_ran = true;
    }
    if let Some(narration) = narration.as_mut() {
        narration.before_weak_references(unreachable);
    }
    user_code_ran |= handle_weak_references(state, unreachable);
    if let Some(narration) = narration.as_mut() {
        narration.after_weak_references();
    }
    if deduced.finalizable > 0 {
        let record = narration.as_mut().map(|narration| narration.finalized());
        user_code_ran |= finalize_garbage(state, unreachable, record);
    }
    if let Some(narration) = narration.as_mut() {
        narration.finalizers_ran();
    }

    let (collectable, collected) = if user_code_ran {
        let still_unreachable = state.scratch(&state.still_unreachable);
        let (resurrected, collected) =
            handle_resurrected_objects(state, unreachable, still_unreachable, old);
        if let Some(narration) = narration.as_mut() {
            narration.resurrection_checked(resurrected, collected);
        }
        (still_unreachable, collected)
    } else {
        // Nothing ran that could reach the garbage: all of it is still unreachable.
        (unreachable, deduced.unreachable)
    };
    if let Some(narration) = narration.as_mut() {
        narration.before_delete(collectable);
    }
    delete_garbage(state, collectable, old);
    if let Some(narration) = narration.as_mut() {
        narration.deleted(debug & DEBUG_SAVEALL != 0);
    }

    // SAFETY: an initialized scratch list.
    let uncollectable = unsafe { list::len(finalizers) };
    if debug & DEBUG_UNCOLLECTABLE != 0 {
        debug_cycle("uncollectable", finalizers);
    }
    if let Some(started) = started {
        hooks::debug_write(&format!(
            "gc: done, {} unreachable, {uncollectable} uncollectable, {:.4}s elapsed\n",
            collected + uncollectable,
            started.elapsed().as_secs_f64()
        ));
    }
    handle_legacy_finalizers(state, finalizers, old);

    let stats = &state.stats[generation];
    let mut updated = stats.get();
    updated.collections += 1;
    updated.collected += collected;
    updated.uncollectable += uncollectable;
    stats.set(updated);
    if let Some(narration) = narration {
        narration.done(generation, collected, uncollectable);
    }
    (collected, uncollectable)
}

/// Untracks the survivors in `young` that say they hold no handle the collector needs
/// (`Trace::may_untrack`; CPython's `untrack_tuples` and, in full collections,
/// `untrack_dicts`). Returns how many left.
fn untrack_atomic(state: &GcState, young: *const Links, full_collection: bool) -> usize {
    let mut untracked = 0;
    // `may_untrack` is bound by the `Trace` contract (read only), as `trace` is.
    state.analysing.set(true);
    // SAFETY: `young` is an initialized list of live, undropped survivors; the walk keeps the
    // next link before unlinking the current object, and `may_untrack` cannot touch lists.
    unsafe {
        let mut link = (*young).next.get();
        while link != young {
            let next = (*link).next.get();
            let object = Header::from_links(link);
            let vtable = object.as_ref().vtable();
            if vtable.asks_untrack && (vtable.may_untrack)(object, full_collection) {
                list::unlink(link);
                untracked += 1;
            }
            link = next;
        }
    }
    state.analysing.set(false);
    untracked
}

/// Prints `gc: <message> <object>` for each object of `objects` (CPython's `debug_cycle`).
/// The objects are held by counted handles while the describer (user code) runs.
fn debug_cycle(message: &str, objects: *const Links) {
    let mut held = Vec::new();
    // SAFETY: an initialized list of live objects.
    unsafe { list::for_each(objects, |object| held.push(GcAny::new_counted(object))) };
    for object in &held {
        hooks::debug_write(&format!("gc: {message} {}\n", hooks::describe(object)));
    }
}

/// Calls the object's `Trace` impl.
///
/// # Safety
/// `object` is a tracked object (its value is live).
#[inline]
pub(crate) unsafe fn trace(object: NonNull<Header>, visitor: &mut Visitor) {
    // SAFETY: tracked objects have live values (caller).
    unsafe { (object.as_ref().vtable().trace)(object, visitor) }
}

/// Traces the objects on the visitor's work stack, oldest first (they were reached in the
/// order of the value that reached them, usually that of their addresses), and those they
/// reach in turn, until it is empty.
///
/// # Safety
/// As [`trace`]: the objects on the stack are live and tracked.
unsafe fn trace_reached(visitor: &mut Visitor) {
    let mut index = 0;
    while let Some(&object) = visitor.reached.get(index) {
        if let Some(&ahead) = visitor.reached.get(index + list::PREFETCH_DISTANCE_EXACT) {
            list::prefetch(ahead.as_ptr().cast());
        }
        // SAFETY: forwarded from the caller.
        unsafe { trace(object, visitor) };
        index += 1;
    }
    visitor.reached.clear();
}

/// What [`deduce_unreachable`] found.
#[derive(Clone, Copy, Debug, Default)]
struct Deduced {
    /// Objects left in `base`.
    survivors: usize,
    /// Objects moved to `unreachable`.
    unreachable: usize,
    /// Objects of `unreachable` whose type has a finalizer that has not run yet (a superset
    /// of those with a pending finalizer; decided without running user code).
    finalizable: usize,
    /// Steps of the marking walk from a survivor to a successor more than
    /// [`list::FAR`] bytes away: how far the list's order is from address order.
    far_steps: usize,
    /// Objects walked whose type may untrack (`Trace::MAY_UNTRACK`): when none, no survivor
    /// can leave the lists and [`untrack_atomic`] need not walk them.
    untrack_candidates: usize,
}

/// Survivors of a full collection from which re-linking the oldest generation in address order
/// pays: below this the generation is about the size of a core's L2 cache (56-byte objects),
/// where the order of the walks hardly matters.
const SORTED_MINIMUM: usize = 1 << 15;

/// Whether a full collection should re-link the oldest generation in address order: it is
/// large and more than one step in eight of its marking walk went far (see
/// [`list::sort_by_address`] for why).
fn needs_address_order(survivors: usize, far_steps: usize) -> bool {
    survivors >= SORTED_MINIMUM && far_steps > survivors / 8
}

/// Moves every object of `base` that is not reachable from outside `base` to `unreachable`
/// (which must be empty). The objects moved keep `COLLECTING`; the survivors lose it.
///
/// `all_tracked` says that `base` holds every tracked object (a full collection with nothing
/// frozen, and the collector's scratch lists empty): then "in the set" is "tracked", and the
/// copy of the counts into `gc_refs` (CPython's `update_refs`) is done lazily by the pass that
/// subtracts the internal references, which saves one walk over the whole heap.
fn deduce_unreachable(
    state: &GcState,
    base: *const Links,
    unreachable: *const Links,
    all_tracked: bool,
) -> Deduced {
    let mut visitor;
    if all_tracked {
        visitor = Visitor::new(VisitMode::SubtractRefsAll);
    } else {
        // update_refs
        // SAFETY: `base` is an initialized list of tracked objects.
        unsafe {
            list::for_each(base, |object| {
                let header = object.as_ref();
                header.gc_refs.set(header.strong.get());
                header.set(flag::COLLECTING);
            });
        }
        visitor = Visitor::new(VisitMode::SubtractRefs);
    }
    let mut deduced = Deduced::default();
    let mut tentative_finalizable: usize = 0;
    state.analysing.set(true);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // subtract_refs (with update_refs, lazily, when `all_tracked`)
        // SAFETY: as above; `Trace` impls only visit (their contract); no node moves.
        unsafe {
            if all_tracked {
                list::for_each(base, |object| {
                    let header = object.as_ref();
                    if !header.has(flag::COLLECTING) {
                        header.set(flag::COLLECTING);
                        header.gc_refs.set(header.strong.get());
                    }
                    trace(object, &mut visitor);
                });
            } else {
                list::for_each(base, |object| trace(object, &mut visitor));
            }
        }
        // CPython's move_unreachable, except that nothing moves during the walk: an object
        // still `COLLECTING` with `gc_refs == 0` is marked tentatively unreachable and stays
        // where it is; any other object is reachable (referenced from outside `base`, or
        // reached from such an object: it lost `COLLECTING` when visited) and is traced, which
        // marks what it reaches. A tentatively unreachable object reached that way is traced
        // at once (the walk is past it): inside the trace that reached it, while its header
        // is in cache, or from the visitor's work stack when such traces nest deep. Then the
        // tentatively unreachable objects still `COLLECTING` move to `unreachable`.
        //
        // CPython moves tentatively unreachable objects out of the list during the walk and
        // back to its end when reached; that reorders the survivors (an object allocated
        // before its container comes back in the container's order), so that a heap whose
        // list was in address order left every collection scattered (ARCHITECTURE.md, rcgc's
        // collection walks). Keeping them in place leaves the survivors in their order.
        visitor.mode = VisitMode::MarkReachable;
        let mut tentative = 0usize;
        // SAFETY: as above. No node moves during the walk (tracing only marks and pushes on
        // the work stack), so a successor read before tracing stays the successor.
        unsafe {
            let mut node = (*base).next.get();
            while node != base {
                let object = Header::from_links(node);
                let header = object.as_ref();
                let next = (*node).next.get();
                list::prefetch_ahead(node, next);
                deduced.far_steps += list::is_far(node, next) as usize;
                deduced.untrack_candidates += header.vtable().asks_untrack as usize;
                let marked = !header.has(flag::COLLECTING);
                if marked && header.gc_refs.get() == TENTATIVELY_UNREACHABLE {
                    // Not walked yet but its `gc_refs` really was `u32::MAX`: the visitor took
                    // it for one passed and it was traced from the work stack. It is an
                    // ordinary survivor, counted here, not as reached.
                    visitor.moved_back -= 1;
                    if header.may_have_pending_finalizer() {
                        visitor.moved_back_finalizable -= 1;
                    }
                    deduced.survivors += 1;
                } else if marked || header.gc_refs.get() > 0 {
                    if !marked {
                        // Not written when already clear: a store would dirty the line.
                        header.clear(flag::COLLECTING);
                    }
                    trace(object, &mut visitor);
                    if !visitor.reached.is_empty() {
                        trace_reached(&mut visitor);
                    }
                    deduced.survivors += 1;
                } else {
                    header.gc_refs.set(TENTATIVELY_UNREACHABLE);
                    tentative += 1;
                    if header.may_have_pending_finalizer() {
                        tentative_finalizable += 1;
                    }
                }
                node = next;
            }
        }
        // The tentatively unreachable objects still `COLLECTING` were not reached: they move
        // to `unreachable`, in list order, in one more walk, which is skipped when every one
        // was reached (a heap whose objects were allocated before what holds them).
        // SAFETY: as above; the successor is read before a node moves.
        if tentative > visitor.moved_back {
            unsafe {
                let mut node = (*base).next.get();
                while node != base {
                    let next = (*node).next.get();
                    list::prefetch_ahead(node, next);
                    if Header::from_links(node).as_ref().has(flag::COLLECTING) {
                        list::move_to(node, unreachable);
                        deduced.unreachable += 1;
                    }
                    node = next;
                }
            }
        }
    }));
    state.analysing.set(false);
    if let Err(payload) = outcome {
        // A `Trace` impl panicked: nothing can be concluded, so everything survives.
        report::report("trace (collection abandoned)", "a traced object", payload);
        let mut survivors = 0;
        // SAFETY: initialized lists; `unreachable` was empty when this function started.
        unsafe {
            list::merge(unreachable, base);
            list::for_each(base, |object| {
                object.as_ref().clear(flag::COLLECTING);
                survivors += 1;
            });
        }
        return Deduced { survivors, untrack_candidates: survivors, ..Deduced::default() };
    }
    // `moved_back` counts exactly the tentatively unreachable objects reached (the walk took
    // back what the visitor counted wrongly).
    deduced.survivors += visitor.moved_back;
    deduced.finalizable = tentative_finalizable - visitor.moved_back_finalizable;
    deduced
}

/// Legacy mode (Python before 3.4, i.e. before PEP 442): garbage objects with a pending
/// finalizer, and every garbage object they reach, are uncollectable.
fn move_legacy_finalizers(state: &GcState, unreachable: *const Links, finalizers: *const Links) {
    let seen = state.scratch(&state.seen);
    // Asking `has_finalizer` is user code: the head is taken afresh each time and moved aside
    // first, and the object is held by a counted reference while it is asked.
    // SAFETY: initialized lists whose nodes are live objects.
    unsafe {
        while let Some(object) = list::first(unreachable) {
            list::move_to(Header::links_ptr(object), seen);
            let header = object.as_ref();
            if !header.may_have_pending_finalizer() {
                continue;
            }
            header.inc_strong();
            // `COLLECTING` still set means still in `seen`: user code may have untracked it
            // (and tracked it again, into generation 0) meanwhile.
            if header.finalizer_pending(object) && header.has(flag::COLLECTING) {
                header.clear(flag::COLLECTING);
                list::move_to(Header::links_ptr(object), finalizers);
            }
            release(object);
        }
        list::merge(seen, unreachable);
    }
    // Everything reachable from them moves too; the list grows while it is walked.
    let mut visitor = Visitor::new(VisitMode::Collect);
    state.analysing.set(true);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the nodes of `finalizers` are tracked objects with live values.
        unsafe {
            let mut node = (*finalizers).next.get();
            while node != finalizers {
                let object = Header::from_links(node);
                trace(object, &mut visitor);
                for target in visitor.found.drain(..) {
                    let header = target.as_ref();
                    if header.has(flag::COLLECTING) {
                        header.clear(flag::COLLECTING);
                        list::move_to(Header::links_ptr(target), finalizers);
                    }
                }
                node = (*node).next.get();
            }
        }
    }));
    state.analysing.set(false);
    if let Err(payload) = outcome {
        report::report("trace", "an uncollectable object", payload);
    }
}

/// CPython's `handle_weakrefs`: every weak reference to garbage is cleared before any callback
/// or finalizer runs, so nothing can reach garbage through one. Weak references that are
/// garbage themselves (all their handles owned by garbage) are disarmed: cleared, their
/// callback dropped unrun. The callbacks of the others then run.
///
/// Returns whether user code ran (a callback, the drop of a disarmed callback, a report).
fn handle_weak_references(state: &GcState, unreachable: *const Links) -> bool {
    if !weak::any_weak_references() {
        return false;
    }
    // Which weak references are owned by garbage?
    let mut visitor = Visitor::new(VisitMode::CountWeakHandles);
    state.analysing.set(true);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: an initialized list of tracked objects with live values.
        unsafe { list::for_each(unreachable, |object| trace(object, &mut visitor)) };
    }));
    state.analysing.set(false);
    let mut disarmed = Vec::new();
    for slot in visitor.found_weak.drain(..) {
        // After a panicking trace the counts may be short: such a weak reference is then
        // treated as live, whose callback is still safe to run (it cannot reach garbage).
        if weak::take_is_garbage(slot) && outcome.is_ok() {
            disarmed.extend(weak::disarm(slot));
        }
    }
    let mut user_code_ran = !disarmed.is_empty();
    if let Err(payload) = outcome {
        report::report("trace", "a garbage object", payload);
        user_code_ran = true;
    }
    let mut pending = Vec::new();
    // SAFETY: an initialized list of live objects; `clear_for` runs no user code.
    unsafe {
        list::for_each(unreachable, |object| {
            if object.as_ref().has(flag::HAS_WEAK) {
                pending.extend(weak::clear_for(object).unwrap_or_default());
            }
        });
    }
    // User code from here on: the lists are consistent and not being walked.
    user_code_ran |= !pending.is_empty();
    for slot in pending {
        weak::run_callback(slot);
    }
    for callback in disarmed {
        report::catch_unraisable("drop of a weakref callback", "Weak", move || drop(callback));
    }
    user_code_ran
}

/// Runs each pending finalizer once. Finalizers (and the `has_finalizer` queries) may free
/// objects of the list (refcounts reaching zero), so the head is always taken afresh and moved
/// aside first, and each object is held by a counted reference while user code runs for it.
/// Returns whether a finalizer ran. With `ran_for`, the addresses of the objects finalized are
/// pushed on it (for the narrative).
fn finalize_garbage(
    state: &GcState,
    unreachable: *const Links,
    mut ran_for: Option<&mut Vec<usize>>,
) -> bool {
    let seen = state.scratch(&state.seen);
    let mut ran = false;
    // SAFETY: initialized lists; every node touched is live because it is in a list, and
    // stays live while the collector's reference is counted.
    unsafe {
        while let Some(object) = list::first(unreachable) {
            list::move_to(Header::links_ptr(object), seen);
            let header = object.as_ref();
            if !header.may_have_pending_finalizer() {
                continue;
            }
            header.inc_strong();
            if header.finalizer_pending(object) {
                header.set(flag::FINALIZED);
                (header.vtable().finalize)(object);
                ran = true;
                if let Some(ran_for) = ran_for.as_deref_mut() {
                    ran_for.push(object.as_ptr() as usize);
                }
            }
            release(object);
        }
        list::merge(seen, unreachable);
    }
    ran
}

/// Drops one strong reference held by the collector.
///
/// # Safety
/// The collector holds one counted reference to the live `object`.
unsafe fn release(object: NonNull<Header>) {
    // SAFETY: live (caller).
    let header = unsafe { object.as_ref() };
    let count = header.strong.get() - 1;
    header.strong.set(count);
    if count == 0 {
        // SAFETY: that was the last reference.
        unsafe { dealloc::strong_reached_zero(object) };
    }
}

/// After user code ran, what is reachable again survives (moved to `old`); the rest goes to
/// `still_unreachable`. Returns (survivors, still unreachable). (`deduce_unreachable` sets
/// `COLLECTING` on every object of `unreachable` again itself.)
fn handle_resurrected_objects(
    state: &GcState,
    unreachable: *const Links,
    still_unreachable: *const Links,
    old: *const Links,
) -> (usize, usize) {
    let deduced = deduce_unreachable(state, unreachable, still_unreachable, false);
    // SAFETY: distinct initialized lists.
    unsafe { list::merge(unreachable, old) };
    (deduced.survivors, deduced.unreachable)
}

/// Breaks the cycles: drops each garbage value (its `Drop` runs; handles it owns are released,
/// which frees neighbours by reference counting) and frees the memory once no handle is left.
fn delete_garbage(state: &GcState, collectable: *const Links, old: *const Links) {
    let save_all = state.debug.get() & DEBUG_SAVEALL != 0;
    // SAFETY: initialized lists; each object is held by a counted reference while its value
    // is dropped, so it cannot be freed under us.
    unsafe {
        while let Some(object) = list::first(collectable) {
            let header = object.as_ref();
            let links = Header::links_ptr(object);
            list::prefetch_ahead(links, (*links).next.get());
            if save_all {
                push_garbage(GcAny::new_counted(object));
                header.clear(flag::COLLECTING);
                list::move_to(Header::links_ptr(object), old);
                continue;
            }
            header.inc_strong();
            dealloc::untrack(Header::links_ptr(object));
            header.clear(flag::COLLECTING);
            let count0 = &state.counts[0];
            count0.set(count0.get().saturating_sub(1));
            // A force-dropped member's value is still there: it goes now, with its cycle.
            header.clear(flag::DROP_PENDING);
            header.set(flag::DROPPED);
            if header.has(flag::HAS_WEAK) {
                // Weak references created by finalizers: cleared, callbacks run, as in
                // CPython's deallocation after `tp_clear`.
                weak::clear_and_call_back(object);
            }
            dealloc::enter(state);
            (header.vtable().drop_value)(object);
            dealloc::leave(state);
            release(object);
        }
    }
}

/// Uncollectable objects with a legacy finalizer (all of them under `DEBUG_SAVEALL`) go to
/// the garbage list; all of them move to the older generation.
fn handle_legacy_finalizers(state: &GcState, finalizers: *const Links, old: *const Links) {
    let save_all = state.debug.get() & DEBUG_SAVEALL != 0;
    let seen = state.scratch(&state.seen);
    // SAFETY: initialized lists of live objects; as in `finalize_garbage`, the head is taken
    // afresh and each object held while `has_finalizer` (user code) is asked.
    unsafe {
        while let Some(object) = list::first(finalizers) {
            list::move_to(Header::links_ptr(object), seen);
            let held = GcAny::new_counted(object);
            if save_all || object.as_ref().finalizer_pending(object) {
                push_garbage(held);
            }
        }
        list::merge(seen, old);
    }
}

thread_local! {
    static GARBAGE: std::cell::RefCell<Vec<GcAny>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn push_garbage(object: GcAny) {
    // At thread exit the list is gone; the handle then drops here (the object stays alive
    // only as long as its cycle does, which is what a leak at exit means anyway).
    let _ = GARBAGE.try_with(|garbage| garbage.borrow_mut().push(object));
}

/// A copy of the garbage list (`gc.garbage`).
pub(crate) fn garbage() -> Vec<GcAny> {
    GARBAGE.with(|garbage| garbage.borrow().clone())
}

/// Empties the garbage list and returns its content.
pub(crate) fn take_garbage() -> Vec<GcAny> {
    GARBAGE.with(|garbage| std::mem::take(&mut *garbage.borrow_mut()))
}
