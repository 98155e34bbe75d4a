//! One test per collector behaviour: finalizers (PEP 442), resurrection, panics, counts,
//! thresholds, the long-lived-pending rule, legacy mode, DEBUG_SAVEALL, weak references.
//! Each test runs on its own thread and so has its own collector.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rcgc::{Finalize, Gc, Trace, Unraisable, Weak};

thread_local! {
    static EVENTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static KEEP: RefCell<Vec<Gc<Node>>> = const { RefCell::new(Vec::new()) };
}

fn event(text: String) {
    EVENTS.with(|e| e.borrow_mut().push(text));
}

fn events() -> Vec<String> {
    EVENTS.with(|e| std::mem::take(&mut *e.borrow_mut()))
}

/// What a node's finalizer does.
#[derive(Clone, Copy, PartialEq, Debug)]
enum OnFinalize {
    Nothing,
    /// Stores a clone of itself in `KEEP` (self-resurrection).
    ResurrectSelf,
    /// Stores a clone of its first edge's target in `KEEP`.
    ResurrectNeighbour,
    /// Reads its first edge's target's name (must still be intact).
    ReadNeighbour,
    /// Panics.
    Panic,
    /// Calls `rcgc::collect()` and records what it returned.
    Collect,
    /// Drops its own edges (breaking the cycle while the collector runs).
    DropEdges,
}

#[derive(Trace)]
struct Node {
    #[rcgc(skip)]
    name: String,
    edges: RefCell<Vec<Gc<Node>>>,
    #[rcgc(skip)]
    on_finalize: Cell<OnFinalize>,
    /// Logs the drop of the value; panics in `Drop` if asked to. Only its `Drop` matters.
    #[rcgc(skip)]
    #[allow(dead_code)]
    drop_probe: DropProbe,
}

struct DropProbe {
    name: String,
    panic: bool,
}

impl Drop for DropProbe {
    fn drop(&mut self) {
        event(format!("drop {}", self.name));
        if self.panic {
            panic!("drop of {} failed", self.name);
        }
    }
}

impl Finalize for Node {
    fn finalize(this: &Gc<Self>) {
        event(format!("finalize {}", this.name));
        match this.on_finalize.get() {
            OnFinalize::Nothing => {}
            OnFinalize::ResurrectSelf => KEEP.with(|k| k.borrow_mut().push(this.clone())),
            OnFinalize::ResurrectNeighbour => {
                let neighbour = this.edges.borrow()[0].clone();
                KEEP.with(|k| k.borrow_mut().push(neighbour));
            }
            OnFinalize::ReadNeighbour => {
                let name = this.edges.borrow()[0].name.clone();
                event(format!("{} sees {}", this.name, name));
            }
            OnFinalize::Panic => panic!("finalizer of {} failed", this.name),
            OnFinalize::Collect => event(format!("nested collect -> {}", rcgc::collect())),
            OnFinalize::DropEdges => this.edges.borrow_mut().clear(),
        }
    }
}

fn node(name: &str, on_finalize: OnFinalize) -> Gc<Node> {
    Gc::new(Node {
        name: name.to_string(),
        edges: RefCell::new(Vec::new()),
        on_finalize: Cell::new(on_finalize),
        drop_probe: DropProbe { name: name.to_string(), panic: false },
    })
}

fn link(from: &Gc<Node>, to: &Gc<Node>) {
    from.edges.borrow_mut().push(to.clone());
}

fn cycle(names: &[&str], on_finalize: OnFinalize) -> Vec<Gc<Node>> {
    let nodes: Vec<_> = names.iter().map(|n| node(n, on_finalize)).collect();
    for i in 0..nodes.len() {
        link(&nodes[i], &nodes[(i + 1) % nodes.len()]);
    }
    nodes
}

/// Captures reports of caught panics; silences the default panic message.
fn capture_unraisable() -> Rc<RefCell<Vec<Unraisable>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    rcgc::set_unraisable_hook(Some(Box::new(move |u: &Unraisable| {
        sink.borrow_mut().push(u.clone())
    })));
    seen
}

#[test]
fn finalizer_runs_once_on_the_refcount_path() {
    rcgc::disable();
    let a = node("a", OnFinalize::Nothing);
    drop(a);
    assert_eq!(events(), ["finalize a", "drop a"]);
}

#[test]
fn refcount_path_resurrection_keeps_the_object_and_never_finalizes_it_again() {
    rcgc::disable();
    let a = node("a", OnFinalize::ResurrectSelf);
    drop(a);
    assert_eq!(events(), ["finalize a"]);
    let revived = KEEP.with(|k| k.borrow_mut().pop()).expect("resurrected");
    assert!(Gc::is_finalized(&revived));
    assert!(Gc::is_tracked(&revived), "a resurrected object is tracked again");
    assert_eq!(revived.name, "a");
    drop(revived);
    assert_eq!(events(), ["drop a"]);
}

#[test]
fn cycle_finalizers_all_run_while_every_value_is_intact() {
    rcgc::disable();
    let nodes = cycle(&["a", "b"], OnFinalize::ReadNeighbour);
    drop(nodes);
    assert_eq!(rcgc::collect(), 2);
    let log = events();
    // Both finalizers ran before any value was dropped, and each could read its neighbour.
    assert_eq!(&log[..4], ["finalize a", "a sees b", "finalize b", "b sees a"]);
    let mut drops = log[4..].to_vec();
    drops.sort();
    assert_eq!(drops, ["drop a", "drop b"]);
}

#[test]
fn a_resurrected_cycle_survives_and_is_not_counted() {
    rcgc::disable();
    let nodes = cycle(&["a", "b"], OnFinalize::Nothing);
    nodes[0].on_finalize.set(OnFinalize::ResurrectNeighbour);
    drop(nodes);
    // CPython 3.11 returns 0 for a cycle whose finalizer resurrects it.
    assert_eq!(rcgc::collect(), 0);
    assert_eq!(events(), ["finalize a", "finalize b"]);
    let b = KEEP.with(|k| k.borrow_mut().pop()).unwrap();
    assert_eq!(b.name, "b");
    assert_eq!(b.edges.borrow()[0].name, "a", "a survives too: b reaches it");
    assert_eq!(rcgc::collect(), 0, "alive: still referenced");
    drop(b);
    // Finalizers never run twice: the second time the cycle is simply freed.
    assert_eq!(rcgc::collect(), 2);
    let mut log = events();
    log.sort();
    assert_eq!(log, ["drop a", "drop b"]);
}

#[test]
fn a_panicking_finalizer_is_reported_and_the_collection_completes() {
    rcgc::disable();
    let reports = capture_unraisable();
    let nodes = cycle(&["a", "b", "c"], OnFinalize::Nothing);
    nodes[1].on_finalize.set(OnFinalize::Panic);
    drop(nodes);
    assert_eq!(rcgc::collect(), 3);
    let reports = reports.borrow();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].context, "finalizer");
    assert!(reports[0].message.contains("finalizer of b failed"));
    assert_eq!(events().iter().filter(|e| e.starts_with("drop")).count(), 3);
}

#[test]
fn a_panicking_drop_is_reported_and_nothing_else_leaks() {
    rcgc::disable();
    let reports = capture_unraisable();
    let nodes = cycle(&["a", "b", "c"], OnFinalize::Nothing);
    let bomb = Gc::new(Node {
        name: "bomb".into(),
        edges: RefCell::new(vec![nodes[0].clone()]),
        on_finalize: Cell::new(OnFinalize::Nothing),
        drop_probe: DropProbe { name: "bomb".into(), panic: true },
    });
    link(&nodes[2], &bomb);
    let weak_a = Gc::downgrade(&nodes[0]);
    drop(nodes);
    drop(bomb);
    assert_eq!(rcgc::collect(), 4);
    assert_eq!(reports.borrow().len(), 1);
    assert_eq!(reports.borrow()[0].context, "drop");
    assert!(weak_a.upgrade().is_none());
    assert_eq!(events().iter().filter(|e| e.starts_with("drop")).count(), 4);
}

/// A `Drop` that reads a neighbour of its garbage cycle: the neighbour may already be cleared.
#[derive(Trace, Finalize)]
struct Nosy {
    next: RefCell<Option<Gc<Nosy>>>,
    #[rcgc(skip)]
    label: u32,
}

impl Drop for Nosy {
    fn drop(&mut self) {
        if let Some(next) = self.next.borrow().as_ref() {
            // Panics with a clear message if `next`'s value was already dropped.
            event(format!("{} reads {}", self.label, next.label));
        }
    }
}

#[test]
fn a_drop_reaching_into_a_cleared_neighbour_panics_cleanly() {
    rcgc::disable();
    let reports = capture_unraisable();
    let a = Gc::new(Nosy { next: RefCell::new(None), label: 1 });
    let b = Gc::new(Nosy { next: RefCell::new(Some(a.clone())), label: 2 });
    *a.next.borrow_mut() = Some(b.clone());
    drop((a, b));
    assert_eq!(rcgc::collect(), 2);
    // One of the two drops ran second and found its neighbour gone.
    let reports = reports.borrow();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(reports[0].message.contains("already dropped by the cycle collector"));
    assert!(reports[0].message.contains("Nosy"));
}

#[test]
fn a_drop_that_keeps_a_handle_leaves_a_husk_that_refuses_access() {
    thread_local!(static STASH: RefCell<Vec<Gc<Keeper>>> = const { RefCell::new(Vec::new()) });
    #[derive(Trace, Finalize)]
    struct Keeper {
        other: RefCell<Option<Gc<Keeper>>>,
    }
    impl Drop for Keeper {
        fn drop(&mut self) {
            if let Some(other) = self.other.borrow_mut().take() {
                STASH.with(|s| s.borrow_mut().push(other));
            }
        }
    }
    rcgc::disable();
    let a = Gc::new(Keeper { other: RefCell::new(None) });
    let b = Gc::new(Keeper { other: RefCell::new(Some(a.clone())) });
    *a.other.borrow_mut() = Some(b.clone());
    drop((a, b));
    assert_eq!(rcgc::collect(), 2);
    let stashed = STASH.with(|s| std::mem::take(&mut *s.borrow_mut()));
    assert!(!stashed.is_empty());
    for husk in &stashed {
        assert!(Gc::try_deref(husk).is_none());
        assert!(Gc::downgrade(husk).upgrade().is_none());
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            husk.other.borrow().is_some()
        }));
        assert!(result.is_err(), "deref of a husk must panic");
    }
    drop(stashed); // frees the husks
}

#[test]
fn collect_from_a_finalizer_during_a_collection_returns_zero() {
    rcgc::disable();
    let nodes = cycle(&["a", "b"], OnFinalize::Collect);
    drop(nodes);
    assert_eq!(rcgc::collect(), 2);
    let log = events();
    assert_eq!(log.iter().filter(|e| *e == "nested collect -> 0").count(), 2);
}

#[test]
fn finalizers_that_break_the_cycle_free_it_by_refcount() {
    rcgc::disable();
    let nodes = cycle(&["a", "b", "c"], OnFinalize::DropEdges);
    drop(nodes);
    // Each finalizer drops its edges: the objects die by reference counting during the
    // finalization pass, so the collector has nothing left to clear (as in CPython).
    let found = rcgc::collect();
    assert!(found <= 3);
    assert_eq!(events().iter().filter(|e| e.starts_with("drop")).count(), 3);
    assert_eq!(rcgc::collect(), 0);
}

#[test]
fn get_count_follows_cpython_3_11() {
    rcgc::disable();
    rcgc::collect();
    assert_eq!(rcgc::get_count(), (0, 0, 0));
    let untracked = Gc::new(5u64);
    assert_eq!(rcgc::get_count(), (0, 0, 0), "untracked allocations do not count");
    let a = node("a", OnFinalize::Nothing);
    let b = node("b", OnFinalize::Nothing);
    assert_eq!(rcgc::get_count(), (2, 0, 0));
    drop(b);
    assert_eq!(rcgc::get_count(), (1, 0, 0), "deallocations count down");
    rcgc::collect_generation(0);
    assert_eq!(rcgc::get_count(), (0, 1, 0));
    rcgc::collect_generation(0);
    assert_eq!(rcgc::get_count(), (0, 2, 0));
    rcgc::collect_generation(1);
    assert_eq!(rcgc::get_count(), (0, 0, 1));
    drop(a);
    assert_eq!(rcgc::get_count(), (0, 0, 1), "the count never goes below zero");
    rcgc::collect_generation(2);
    assert_eq!(rcgc::get_count(), (0, 0, 0));
    drop(untracked);
}

#[test]
fn survivors_are_promoted_one_generation_at_a_time() {
    rcgc::disable();
    let a = node("a", OnFinalize::Nothing);
    let b = node("b", OnFinalize::Nothing);
    link(&a, &b);
    link(&b, &a);
    rcgc::collect_generation(0); // a and b survive into generation 1
    let weak = Gc::downgrade(&a);
    drop((a, b));
    assert_eq!(rcgc::collect_generation(0), 0, "generation 1 is not examined");
    assert_eq!(rcgc::collect_generation(1), 2);
    assert!(weak.upgrade().is_none());
    events();
}

#[test]
fn stats_record_collections_collected_and_uncollectable() {
    rcgc::disable();
    drop(cycle(&["a", "b"], OnFinalize::Nothing));
    rcgc::collect_generation(1);
    let stats = rcgc::get_stats();
    assert_eq!(stats[1].collections, 1);
    assert_eq!(stats[1].collected, 2);
    assert_eq!(stats[1].uncollectable, 0);
    assert_eq!(stats[0].collections, 0);
    events();
}

#[test]
fn automatic_collection_picks_the_oldest_generation_over_threshold() {
    rcgc::enable();
    rcgc::set_threshold(3, 2, 1);
    let keep: Vec<_> = (0..40).map(|i| node(&format!("n{i}"), OnFinalize::Nothing)).collect();
    let stats = rcgc::get_stats();
    assert!(stats[0].collections >= 6, "{stats:?}");
    assert!(stats[1].collections >= 2, "{stats:?}");
    // Full collections happen, but are gated by the long-lived-pending rule.
    assert!(stats[2].collections >= 1, "{stats:?}");
    drop(keep);
    events();
}

#[test]
fn full_collections_wait_for_25_percent_new_long_lived_objects() {
    rcgc::disable();
    rcgc::set_threshold(1, 1, 0);
    // 400 long-lived objects reach generation 2 with a full collection.
    let mut keep: Vec<_> = (0..400).map(|i| node(&format!("n{i}"), OnFinalize::Nothing)).collect();
    rcgc::collect();
    let full = |f: &dyn Fn() -> usize| f();
    let full_before = full(&|| rcgc::get_stats()[2].collections);
    rcgc::enable();
    // Each new object that survives a generation-1 collection adds to long_lived_pending;
    // with threshold2 = 0 a full collection is wanted every time, but only allowed once
    // pending >= total / 4 = 100.
    for i in 0..60 {
        keep.push(node(&format!("m{i}"), OnFinalize::Nothing));
    }
    assert_eq!(
        rcgc::get_stats()[2].collections,
        full_before,
        "pending 60 < 100: no full collection"
    );
    for i in 60..140 {
        keep.push(node(&format!("m{i}"), OnFinalize::Nothing));
    }
    assert!(rcgc::get_stats()[2].collections > full_before, "pending passed 100: full collection");
    rcgc::disable();
    drop(keep);
    events();
}

#[test]
fn legacy_mode_makes_cycles_with_finalizers_uncollectable() {
    rcgc::disable();
    rcgc::set_legacy_finalizers(true);
    let nodes = cycle(&["a", "b"], OnFinalize::Nothing);
    // A plain value reachable only from the cycle is kept alive with it, but is not listed.
    let plain = Gc::new(Node {
        name: "plain".into(),
        edges: RefCell::new(vec![]),
        on_finalize: Cell::new(OnFinalize::Nothing),
        drop_probe: DropProbe { name: "plain".into(), panic: false },
    });
    link(&nodes[0], &plain);
    let weak_plain = Gc::downgrade(&plain);
    drop(plain);
    drop(nodes);
    // 3 unreachable objects found, all uncollectable.
    assert_eq!(rcgc::collect(), 3);
    assert_eq!(rcgc::get_stats()[2].uncollectable, 3);
    assert_eq!(events(), Vec::<String>::new(), "no finalizer ran, nothing was dropped");
    let garbage = rcgc::garbage();
    assert_eq!(garbage.len(), 3, "Node has a finalizer, so all three are listed");
    drop(garbage);
    assert!(weak_plain.upgrade().is_some());
    // They stay: a second collection finds nothing new.
    assert_eq!(rcgc::collect(), 0);
    // Emptying gc.garbage and breaking the cycle by hand frees them.
    rcgc::set_legacy_finalizers(false);
    let taken = rcgc::take_garbage();
    for object in &taken {
        object.downcast::<Node>().unwrap().edges.borrow_mut().clear();
    }
    drop(taken);
    assert_eq!(events().iter().filter(|e| e.starts_with("drop")).count(), 3);
}

#[test]
fn legacy_mode_still_collects_cycles_without_finalizers() {
    #[derive(Trace, Finalize)]
    struct Plain {
        next: RefCell<Option<Gc<Plain>>>,
    }
    rcgc::disable();
    rcgc::set_legacy_finalizers(true);
    let a = Gc::new(Plain { next: RefCell::new(None) });
    let b = Gc::new(Plain { next: RefCell::new(Some(a.clone())) });
    *a.next.borrow_mut() = Some(b.clone());
    drop((a, b));
    assert_eq!(rcgc::collect(), 2);
    assert!(rcgc::garbage().is_empty());
    assert_eq!(rcgc::get_stats()[2].collected, 2);
}

#[test]
fn debug_saveall_keeps_every_unreachable_object_in_garbage() {
    rcgc::disable();
    rcgc::set_debug(rcgc::DEBUG_SAVEALL);
    drop(cycle(&["a", "b"], OnFinalize::Nothing));
    assert_eq!(rcgc::collect(), 2);
    assert_eq!(rcgc::garbage().len(), 2);
    assert_eq!(events(), ["finalize a", "finalize b"], "finalizers run, values are kept");
    assert_eq!(rcgc::collect(), 0, "kept alive by the garbage list");
    rcgc::set_debug(0);
    drop(rcgc::take_garbage());
    assert_eq!(rcgc::collect(), 2);
    let mut log = events();
    log.sort();
    assert_eq!(log, ["drop a", "drop b"]);
}

#[test]
fn weak_references_to_garbage_are_cleared_before_finalizers_run() {
    thread_local!(static WEAK: RefCell<Option<Weak<Node>>> = const { RefCell::new(None) });
    #[derive(Trace)]
    struct Watcher {
        next: RefCell<Option<Gc<Watcher>>>,
    }
    impl Finalize for Watcher {
        fn finalize(_this: &Gc<Self>) {
            let seen = WEAK.with(|w| w.borrow().as_ref().map(|w| w.upgrade().is_some()));
            event(format!("weak alive in finalizer: {seen:?}"));
        }
    }
    rcgc::disable();
    let nodes = cycle(&["a", "b"], OnFinalize::Nothing);
    WEAK.with(|w| *w.borrow_mut() = Some(Gc::downgrade(&nodes[0])));
    let watcher = Gc::new(Watcher { next: RefCell::new(None) });
    *watcher.next.borrow_mut() = Some(watcher.clone());
    // The watcher's cycle and the nodes' cycle die in the same collection.
    drop(watcher);
    drop(nodes);
    assert_eq!(rcgc::collect(), 3);
    let log = events();
    assert!(log.contains(&"weak alive in finalizer: Some(false)".to_string()), "{log:?}");
    WEAK.with(|w| assert!(w.borrow().as_ref().unwrap().upgrade().is_none()));
}

#[test]
fn weak_counts_and_upgrade_follow_rc() {
    let a = Gc::new(7u32);
    assert_eq!(Gc::weak_count(&a), 0);
    let w1 = Gc::downgrade(&a);
    let w2 = w1.clone();
    assert_eq!(Gc::weak_count(&a), 2);
    assert_eq!(w1.strong_count(), 1);
    assert!(Weak::ptr_eq(&w1, &w2));
    drop(w1);
    assert_eq!(Gc::weak_count(&a), 1);
    let upgraded = w2.upgrade().unwrap();
    assert_eq!(Gc::strong_count(&a), 2);
    drop((a, upgraded));
    assert!(w2.upgrade().is_none());
    assert_eq!(w2.strong_count(), 0);
}

#[test]
fn a_panicking_trace_abandons_the_collection_safely() {
    struct Faulty(RefCell<Option<Gc<Faulty>>>);
    // SAFETY: visits its one owned handle, or panics; both are allowed.
    unsafe impl Trace for Faulty {
        fn trace(&self, visitor: &mut rcgc::Visitor) {
            if PANIC_IN_TRACE.with(Cell::get) {
                panic!("trace failed");
            }
            self.0.trace(visitor);
        }
    }
    impl Finalize for Faulty {
        const HAS_FINALIZER: bool = false;
    }
    thread_local!(static PANIC_IN_TRACE: Cell<bool> = const { Cell::new(false) });
    rcgc::disable();
    let reports = capture_unraisable();
    let a = Gc::new(Faulty(RefCell::new(None)));
    *a.0.borrow_mut() = Some(a.clone());
    let weak = Gc::downgrade(&a);
    drop(a);
    PANIC_IN_TRACE.with(|p| p.set(true));
    assert_eq!(rcgc::collect(), 0, "nothing can be concluded");
    assert!(weak.upgrade().is_some(), "so everything survives");
    assert_eq!(reports.borrow().len(), 1);
    PANIC_IN_TRACE.with(|p| p.set(false));
    assert_eq!(rcgc::collect(), 1);
    assert!(weak.upgrade().is_none());
}

#[test]
fn mutably_borrowed_refcells_are_treated_as_roots() {
    #[derive(Trace, Finalize)]
    struct Cyclic {
        next: RefCell<Option<Gc<Cyclic>>>,
    }
    rcgc::disable();
    let a = Gc::new(Cyclic { next: RefCell::new(None) });
    *a.next.borrow_mut() = Some(a.clone());
    let weak = Gc::downgrade(&a);
    {
        let guard = a.next.borrow_mut();
        // `a` is referenced from here; its borrowed content cannot be traced.
        assert_eq!(rcgc::collect(), 0);
        drop(guard);
    }
    drop(a);
    assert_eq!(rcgc::collect(), 1);
    assert!(weak.upgrade().is_none());
}

#[test]
fn allocation_inside_drop_during_collection_is_safe() {
    thread_local!(static SPAWNS_LEFT: Cell<u32> = const { Cell::new(1) });
    #[derive(Trace, Finalize)]
    struct Spawner {
        next: RefCell<Option<Gc<Spawner>>>,
    }
    impl Drop for Spawner {
        fn drop(&mut self) {
            if SPAWNS_LEFT.with(|s| s.replace(s.get().saturating_sub(1))) > 0 {
                // A new tracked cycle, born while the collector clears garbage.
                let fresh = Gc::new(Spawner { next: RefCell::new(None) });
                *fresh.next.borrow_mut() = Some(fresh.clone());
            }
        }
    }
    rcgc::disable();
    let a = Gc::new(Spawner { next: RefCell::new(None) });
    *a.next.borrow_mut() = Some(a.clone());
    drop(a);
    assert_eq!(rcgc::collect(), 1);
    assert_eq!(rcgc::get_count().0, 1, "the newborn is in generation 0");
    assert_eq!(rcgc::collect(), 1, "and is garbage of the next collection");
}

#[test]
fn untracked_values_are_not_seen_by_the_collector() {
    let number = Gc::new(1u64);
    let text = Gc::new(String::from("x"));
    assert!(!Gc::is_tracked(&number));
    assert!(!Gc::is_tracked(&text));
    let list = Gc::new(RefCell::new(vec![number.clone()]));
    assert!(Gc::is_tracked(&list));
    assert_eq!(rcgc::get_referents(&Gc::erase(&list)).len(), 1);
}

#[test]
fn finalizer_presence_can_be_decided_per_value() {
    /// Like an interpreter object: only some values have a `__del__`.
    #[derive(Trace)]
    struct Dyn {
        #[rcgc(skip)]
        has_del: bool,
        next: RefCell<Option<Gc<Dyn>>>,
    }
    impl Finalize for Dyn {
        fn has_finalizer(&self) -> bool {
            self.has_del
        }
        fn finalize(_this: &Gc<Self>) {
            event("__del__".to_string());
        }
    }
    let cycle_of = |has_del: bool| {
        let a = Gc::new(Dyn { has_del, next: RefCell::new(None) });
        let b = Gc::new(Dyn { has_del, next: RefCell::new(Some(a.clone())) });
        *a.next.borrow_mut() = Some(b);
    };
    rcgc::disable();
    rcgc::set_legacy_finalizers(true);
    cycle_of(false);
    assert_eq!(rcgc::collect(), 2);
    assert!(rcgc::garbage().is_empty(), "no finalizer: collectable even in legacy mode");
    cycle_of(true);
    assert_eq!(rcgc::collect(), 2);
    assert_eq!(rcgc::get_stats()[2].uncollectable, 2);
    assert_eq!(events(), Vec::<String>::new());
    rcgc::set_legacy_finalizers(false);
    for object in rcgc::take_garbage() {
        object.downcast::<Dyn>().unwrap().next.borrow_mut().take();
    }
    assert_eq!(events(), ["__del__", "__del__"]);
    let plain = Gc::new(Dyn { has_del: false, next: RefCell::new(None) });
    drop(plain);
    assert_eq!(events(), Vec::<String>::new(), "no finalizer on the refcount path either");
}

#[test]
fn untracked_and_immortal_children_of_tracked_objects_survive_every_collection() {
    // An interpreter's shape: tracked containers holding untracked values (atomic types, and
    // values of a tracked type allocated untracked), immortal ones among them.
    rcgc::disable();
    let atomic = Gc::new(5u64);
    let untracked_list = Gc::new_untracked(RefCell::new(Vec::<Gc<u64>>::new()));
    let immortal = Gc::new_untracked(RefCell::new(Vec::<Gc<u64>>::new()));
    Gc::make_immortal(&immortal);
    type NumberList = Gc<RefCell<Vec<Gc<u64>>>>;
    #[derive(Trace, Finalize)]
    struct Holder {
        numbers: RefCell<Vec<Gc<u64>>>,
        lists: RefCell<Vec<NumberList>>,
        me: RefCell<Option<Gc<Holder>>>,
    }
    let holder = Gc::new(Holder {
        numbers: RefCell::new(vec![atomic.clone(), atomic.clone()]),
        lists: RefCell::new(vec![untracked_list.clone(), immortal.clone()]),
        me: RefCell::new(None),
    });
    let weak_holder = Gc::downgrade(&holder);
    for generation in [0, 1, 2, 2] {
        assert_eq!(rcgc::collect_generation(generation), 0);
        assert!(
            !Gc::is_tracked(&atomic)
                && !Gc::is_tracked(&untracked_list)
                && !Gc::is_tracked(&immortal)
        );
        assert_eq!(Gc::strong_count(&atomic), 3);
        assert_eq!(Gc::strong_count(&untracked_list), 2);
        assert_eq!(Gc::strong_count(&immortal), 2);
        assert!(Gc::try_deref(&untracked_list).is_some() && Gc::try_deref(&immortal).is_some());
    }
    // The holder in a cycle with itself: only it is garbage.
    *holder.me.borrow_mut() = Some(holder.clone());
    drop(holder);
    assert_eq!(rcgc::collect(), 1);
    assert!(weak_holder.upgrade().is_none());
    assert_eq!(Gc::strong_count(&atomic), 1);
    assert_eq!(Gc::strong_count(&untracked_list), 1);
    assert!(Gc::try_deref(&untracked_list).is_some());
    assert_eq!(rcgc::collect(), 0);
    drop(immortal);
}

/// A container that asks to leave the collector's lists when it holds only untracked values:
/// tuples-style (every collection) or dicts-style (full collections only).
struct Holder {
    items: std::cell::RefCell<Vec<rcgc::Gc<Holder>>>,
    only_when_full: bool,
}

impl rcgc::Finalize for Holder {}

// SAFETY: visits exactly the handles the holder owns; `may_untrack` only reads.
unsafe impl rcgc::Trace for Holder {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        if let Ok(items) = self.items.try_borrow() {
            items.iter().for_each(|h| visitor.visit(h));
        }
    }

    const MAY_UNTRACK: bool = true;

    fn may_untrack(&self, full_collection: bool) -> bool {
        (full_collection || !self.only_when_full)
            && self.items.borrow().iter().all(|h| !rcgc::Gc::is_tracked(h))
    }
}

fn holder(items: Vec<rcgc::Gc<Holder>>, only_when_full: bool) -> rcgc::Gc<Holder> {
    rcgc::Gc::new(Holder { items: std::cell::RefCell::new(items), only_when_full })
}

#[test]
fn survivors_that_hold_nothing_tracked_leave_the_lists_as_cpython_untracks_tuples_and_dicts() {
    rcgc::collect();
    let tuple_like = holder(vec![], false);
    let dict_like = holder(vec![], true);
    let holds_tracked = holder(vec![holder(vec![], true)], false);
    rcgc::collect_generation(0);
    assert!(!rcgc::Gc::is_tracked(&tuple_like), "asked at every collection");
    assert!(rcgc::Gc::is_tracked(&dict_like), "asks only in full collections");
    assert!(rcgc::Gc::is_tracked(&holds_tracked), "holds a tracked object");
    rcgc::collect();
    assert!(!rcgc::Gc::is_tracked(&dict_like));
    // Its item has left in a full collection, so the holder has too (or will at the next).
    rcgc::collect();
    assert!(!rcgc::Gc::is_tracked(&holds_tracked));
    // Tracked again, an untracked holder that comes to hold a cycle is collected.
    rcgc::Gc::track(&tuple_like);
    tuple_like.items.borrow_mut().push(tuple_like.clone());
    drop(tuple_like);
    assert_eq!(rcgc::collect(), 1);
}
