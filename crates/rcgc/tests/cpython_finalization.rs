//! Ports of CPython 3.11's `Lib/test/test_finalization.py` (PEP 442 finalization semantics)
//! to rcgc.
//!
//! The helper classes of the original (`NonGCSimpleBase`, `SimpleBase`, `SelfCycleBase`,
//! `ChainedBase`, the `Resurrector` and `Suicidal` variants, `LegacyBase`) become one rcgc
//! type, [`Obj`], whose [`Kind`] says which class it stands for, plus [`NonGc`] for the
//! `@without_gc` classes. A Python instance is one rcgc object; its attributes (`ref`, `left`,
//! `right`, `suicided`, `id_`) are fields. `__del__` is [`Finalize`]: it records the call in
//! `del_calls`, checks the object's sanity (errors are recorded, as the original does, and
//! re-raised at the end of the test) and runs the class's side effect:
//! - "resurrecting" classes store the object in the thread-local `survivors` list;
//! - "suicidal" classes clear the object's own references (`self.ref = None`,
//!   `self.left = self.right = None`).
//!
//! `tp_del` (`_testcapi.with_tp_del`) is legacy mode ([`rcgc::set_legacy_finalizers`]): there,
//! an object's one finalizer plays both `__del__` and `__tp_del__` (it records both calls).
//!
//! The original tests do not check `gc.collect()`'s return value; these ports also assert it,
//! with the values CPython 3.11.7 returns for the same graphs (one object per instance there
//! too, as 3.11 keeps attributes inline).

use std::cell::{Cell, RefCell};

use rcgc::{Finalize, Gc, GcAny, Trace, Weak};

thread_local! {
    static SURVIVORS: RefCell<Vec<GcAny>> = const { RefCell::new(Vec::new()) };
    static DEL_CALLS: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
    static TP_DEL_CALLS: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
    static ERRORS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static CLEANING: Cell<bool> = const { Cell::new(false) };
}

/// `id(x)`.
fn id<T>(object: &Gc<T>) -> usize {
    Gc::as_ptr(object) as usize
}

/// The test classes of the original file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Simple,
    SimpleResurrector,
    SimpleSelfCycle,
    SelfCycleResurrector,
    SuicidalSelfCycle,
    SimpleChained,
    ChainedResurrector,
    SuicidalChained,
    Legacy,
    LegacyResurrector,
    LegacySelfCycle,
}

impl Kind {
    /// Subclass of `SelfCycleBase` (`self.ref = self` at construction).
    fn self_cycle(self) -> bool {
        matches!(
            self,
            Kind::SimpleSelfCycle
                | Kind::SelfCycleResurrector
                | Kind::SuicidalSelfCycle
                | Kind::LegacySelfCycle
        )
    }

    /// Subclass of `ChainedBase`.
    fn chained(self) -> bool {
        matches!(self, Kind::SimpleChained | Kind::ChainedResurrector | Kind::SuicidalChained)
    }

    /// Decorated with `with_tp_del`.
    fn legacy(self) -> bool {
        matches!(self, Kind::Legacy | Kind::LegacyResurrector | Kind::LegacySelfCycle)
    }

    fn resurrector(self) -> bool {
        matches!(
            self,
            Kind::SimpleResurrector
                | Kind::SelfCycleResurrector
                | Kind::ChainedResurrector
                | Kind::LegacyResurrector
        )
    }
}

/// An instance of one of the `SimpleBase` subclasses.
#[derive(Trace)]
struct Obj {
    #[rcgc(skip)]
    kind: Kind,
    /// `SimpleBase.id_`, set to `id(self)` by `__init__`.
    #[rcgc(skip)]
    id_: Cell<usize>,
    /// `SelfCycleBase.ref`.
    ref_: RefCell<Option<Gc<Obj>>>,
    /// `ChainedBase.left` / `right` / `suicided`.
    left: RefCell<Option<Gc<Obj>>>,
    right: RefCell<Option<Gc<Obj>>>,
    #[rcgc(skip)]
    suicided: Cell<bool>,
}

/// `cls()`.
fn new(kind: Kind) -> Gc<Obj> {
    let object = Gc::new(Obj {
        kind,
        id_: Cell::new(0),
        ref_: RefCell::new(None),
        left: RefCell::new(None),
        right: RefCell::new(None),
        suicided: Cell::new(false),
    });
    object.id_.set(id(&object));
    if kind.self_cycle() {
        *object.ref_.borrow_mut() = Some(object.clone());
    }
    object
}

fn is(a: &Option<Gc<Obj>>, b: &Gc<Obj>) -> bool {
    a.as_ref().is_some_and(|a| Gc::ptr_eq(a, b))
}

/// `check_sanity`, along the class's MRO.
fn check_sanity(this: &Gc<Obj>) -> Result<(), String> {
    // SimpleBase
    if this.id_.get() != id(this) {
        return Err(format!("{:?}: self.id_ != id(self)", this.kind));
    }
    // SelfCycleBase
    if this.kind.self_cycle() && !is(&this.ref_.borrow(), this) {
        return Err(format!("{:?}: self.ref is not self", this.kind));
    }
    // ChainedBase
    if this.kind.chained() {
        if this.suicided.get() {
            if this.left.borrow().is_some() || this.right.borrow().is_some() {
                return Err(format!("{:?}: suicided but still linked", this.kind));
            }
        } else {
            let left = this.left.borrow().clone().ok_or("no left")?;
            if left.suicided.get() {
                if left.right.borrow().is_some() {
                    return Err("left.right is not None".into());
                }
            } else if !is(&left.right.borrow(), this) {
                return Err("left.right is not self".into());
            }
            let right = this.right.borrow().clone().ok_or("no right")?;
            if right.suicided.get() {
                if right.left.borrow().is_some() {
                    return Err("right.left is not None".into());
                }
            } else if !is(&right.left.borrow(), this) {
                return Err("right.left is not self".into());
            }
        }
    }
    Ok(())
}

/// `side_effect`.
fn side_effect(this: &Gc<Obj>) {
    if this.kind.resurrector() {
        // Resurrect self by storing self in a class-wide list.
        SURVIVORS.with(|s| s.borrow_mut().push(Gc::erase(this)));
    } else if this.kind == Kind::SuicidalSelfCycle {
        // Explicitly break the reference cycle.
        let r = this.ref_.borrow_mut().take();
        drop(r);
    } else if this.kind == Kind::SuicidalChained {
        // Explicitly break the reference cycle.
        this.suicided.set(true);
        let left = this.left.borrow_mut().take();
        let right = this.right.borrow_mut().take();
        drop((left, right));
    }
}

impl Finalize for Obj {
    /// `NonGCSimpleBase.__del__`; for the legacy classes `LegacyBase.__del__` followed by
    /// `__tp_del__` (rcgc has one finalizer per object).
    fn finalize(this: &Gc<Self>) {
        if CLEANING.with(Cell::get) {
            return;
        }
        DEL_CALLS.with(|d| d.borrow_mut().push(id(this)));
        if this.kind.legacy() {
            TP_DEL_CALLS.with(|d| d.borrow_mut().push(id(this)));
        }
        if let Err(error) = check_sanity(this) {
            ERRORS.with(|e| e.borrow_mut().push(error));
        }
        side_effect(this);
    }
}

/// `@without_gc class NonGC(NonGCSimpleBase)` / `NonGCResurrector`: holds no handle, so it is
/// not tracked.
#[derive(Trace)]
struct NonGc {
    #[rcgc(skip)]
    resurrector: bool,
}

impl Finalize for NonGc {
    fn finalize(this: &Gc<Self>) {
        if CLEANING.with(Cell::get) {
            return;
        }
        DEL_CALLS.with(|d| d.borrow_mut().push(id(this)));
        if this.resurrector {
            SURVIVORS.with(|s| s.borrow_mut().push(Gc::erase(this)));
        }
    }
}

/// `with SimpleBase.test(): body`, inside `TestBase.setUp` / `tearDown`.
fn simple_base_test(legacy: bool, body: impl FnOnce()) {
    // TestBase.setUp
    let old_garbage = rcgc::take_garbage();
    // SimpleBase.test(): with support.disable_gc()
    rcgc::disable();
    rcgc::set_legacy_finalizers(legacy);
    DEL_CALLS.with(|d| d.borrow_mut().clear());
    TP_DEL_CALLS.with(|d| d.borrow_mut().clear());
    CLEANING.with(|c| c.set(false));
    body();
    let errors = ERRORS.with(|e| e.borrow().clone());
    assert!(errors.is_empty(), "errors in __del__: {errors:?}");
    // finally: _cleaning = True; _cleanup()
    CLEANING.with(|c| c.set(true));
    clear_survivors();
    ERRORS.with(|e| e.borrow_mut().clear());
    drop(rcgc::take_garbage());
    rcgc::collect();
    DEL_CALLS.with(|d| d.borrow_mut().clear());
    TP_DEL_CALLS.with(|d| d.borrow_mut().clear());
    rcgc::enable();
    // TestBase.tearDown: none of the tests here should put anything in gc.garbage.
    assert!(rcgc::garbage().is_empty());
    drop(old_garbage);
    rcgc::collect();
}

fn sorted(mut ids: Vec<usize>) -> Vec<usize> {
    ids.sort();
    ids
}

fn assert_del_calls(ids: &[usize]) {
    assert_eq!(sorted(DEL_CALLS.with(|d| d.borrow().clone())), sorted(ids.to_vec()));
}

fn assert_tp_del_calls(ids: &[usize]) {
    assert_eq!(sorted(TP_DEL_CALLS.with(|d| d.borrow().clone())), sorted(ids.to_vec()));
}

fn assert_survivors(ids: &[usize]) {
    let survivors = SURVIVORS.with(|s| s.borrow().iter().map(|x| x.as_ptr() as usize).collect());
    assert_eq!(sorted(survivors), sorted(ids.to_vec()));
}

fn assert_garbage(ids: &[usize]) {
    let garbage = rcgc::garbage().iter().map(|x| x.as_ptr() as usize).collect();
    assert_eq!(sorted(garbage), sorted(ids.to_vec()));
}

fn clear_survivors() {
    // Taken out first: dropping them may run finalizers, which may append to the list.
    let survivors = SURVIVORS.with(|s| std::mem::take(&mut *s.borrow_mut()));
    drop(survivors);
}

fn dead(wrs: &[Weak<Obj>]) -> Vec<bool> {
    wrs.iter().map(Weak::is_dead).collect()
}

// ---------------------------------------------------------------------------------------------
// SimpleFinalizationTest: finalization without refcycles.
// ---------------------------------------------------------------------------------------------

/// Follows test_finalization.py SimpleFinalizationTest.test_simple
#[test]
fn simple_test_simple() {
    simple_base_test(false, || {
        let s = new(Kind::Simple);
        let ids = [id(&s)];
        let wr = Gc::downgrade(&s);
        drop(s);
        assert_eq!(rcgc::collect(), 0, "no cycle: freed by reference counting");
        assert_del_calls(&ids);
        assert_survivors(&[]);
        assert!(wr.upgrade().is_none());
        rcgc::collect();
        assert_del_calls(&ids);
        assert_survivors(&[]);
    });
}

/// Follows test_finalization.py SimpleFinalizationTest.test_simple_resurrect
#[test]
fn simple_test_simple_resurrect() {
    let mut wr = None;
    simple_base_test(false, || {
        let s = new(Kind::SimpleResurrector);
        let ids = [id(&s)];
        let w = Gc::downgrade(&s);
        drop(s);
        assert_eq!(rcgc::collect(), 0);
        assert_del_calls(&ids);
        assert_survivors(&ids);
        // On the reference-counting path the finalizer runs before weak references are
        // cleared, so the resurrected object is still weakly reachable.
        assert!(w.upgrade().is_some());
        clear_survivors();
        rcgc::collect();
        assert_del_calls(&ids);
        assert_survivors(&[]);
        wr = Some(w);
    });
    assert!(wr.unwrap().upgrade().is_none());
}

/// Follows test_finalization.py SimpleFinalizationTest.test_non_gc
#[test]
fn simple_test_non_gc() {
    simple_base_test(false, || {
        let s = Gc::new(NonGc { resurrector: false });
        assert!(!Gc::is_tracked(&s));
        let ids = [id(&s)];
        drop(s);
        rcgc::collect();
        assert_del_calls(&ids);
        assert_survivors(&[]);
        rcgc::collect();
        assert_del_calls(&ids);
        assert_survivors(&[]);
    });
}

/// Follows test_finalization.py SimpleFinalizationTest.test_non_gc_resurrect
///
/// CPython calls `__del__` of a non-GC object again each time it is resurrected and released
/// (`del_calls == ids * 2`, `survivors == ids` at the end): the "already finalized" bit lives
/// in the GC header, which non-GC objects lack. Every rcgc object has a header, tracked or
/// not, so a finalizer runs at most once per object: the second release frees the object.
#[test]
fn simple_test_non_gc_resurrect() {
    simple_base_test(false, || {
        let s = Gc::new(NonGc { resurrector: true });
        assert!(!Gc::is_tracked(&s));
        let ids = [id(&s)];
        let wr = Gc::downgrade(&s);
        drop(s);
        rcgc::collect();
        assert_del_calls(&ids);
        assert_survivors(&ids);
        clear_survivors();
        rcgc::collect();
        assert_del_calls(&ids); // CPython: ids * 2
        assert_survivors(&[]); // CPython: ids
        assert!(wr.upgrade().is_none());
    });
}

// ---------------------------------------------------------------------------------------------
// SelfCycleFinalizationTest: an object with a single cyclic reference to itself.
// ---------------------------------------------------------------------------------------------

/// Follows test_finalization.py SelfCycleFinalizationTest.test_simple
#[test]
fn self_cycle_test_simple() {
    simple_base_test(false, || {
        let s = new(Kind::SimpleSelfCycle);
        let ids = [id(&s)];
        let wr = Gc::downgrade(&s);
        drop(s);
        assert_eq!(rcgc::collect(), 1);
        assert_del_calls(&ids);
        assert_survivors(&[]);
        assert!(wr.upgrade().is_none());
        assert_eq!(rcgc::collect(), 0);
        assert_del_calls(&ids);
        assert_survivors(&[]);
    });
}

/// Follows test_finalization.py SelfCycleFinalizationTest.test_simple_resurrect
#[test]
fn self_cycle_test_simple_resurrect() {
    // Test that __del__ can resurrect the object being finalized.
    simple_base_test(false, || {
        let s = new(Kind::SelfCycleResurrector);
        let ids = [id(&s)];
        let wr = Gc::downgrade(&s);
        drop(s);
        assert_eq!(rcgc::collect(), 0, "resurrected: not counted");
        assert_del_calls(&ids);
        assert_survivors(&ids);
        // XXX is this desirable? (weak references to garbage are cleared before finalizers)
        assert!(wr.upgrade().is_none());
        // When trying to destroy the object a second time, __del__ isn't called anymore (and
        // the object isn't resurrected).
        clear_survivors();
        assert_eq!(rcgc::collect(), 1);
        assert_del_calls(&ids);
        assert_survivors(&[]);
        assert!(wr.upgrade().is_none());
    });
}

/// Follows test_finalization.py SelfCycleFinalizationTest.test_simple_suicide
#[test]
fn self_cycle_test_simple_suicide() {
    // Test the GC is able to deal with an object that kills its last reference during __del__.
    simple_base_test(false, || {
        let s = new(Kind::SuicidalSelfCycle);
        let ids = [id(&s)];
        let wr = Gc::downgrade(&s);
        drop(s);
        assert_eq!(rcgc::collect(), 0, "freed by reference counting during __del__");
        assert_del_calls(&ids);
        assert_survivors(&[]);
        assert!(wr.upgrade().is_none());
        rcgc::collect();
        assert_del_calls(&ids);
        assert_survivors(&[]);
        assert!(wr.upgrade().is_none());
    });
}

// ---------------------------------------------------------------------------------------------
// CycleChainFinalizationTest: a cyclic chain (a doubly linked ring).
// ---------------------------------------------------------------------------------------------

/// `build_chain`: `nodes[i].chain(nodes[i-1])` (`self.left = left; left.right = self`).
fn build_chain(kinds: &[Kind]) -> Vec<Gc<Obj>> {
    let nodes: Vec<Gc<Obj>> = kinds.iter().map(|&kind| new(kind)).collect();
    for i in 0..nodes.len() {
        let left = &nodes[(i + nodes.len() - 1) % nodes.len()];
        nodes[i].suicided.set(false);
        *nodes[i].left.borrow_mut() = Some(left.clone());
        *left.right.borrow_mut() = Some(nodes[i].clone());
    }
    nodes
}

/// `check_non_resurrecting_chain`; `found` is what the first `gc.collect()` returns.
fn check_non_resurrecting_chain(kinds: &[Kind], found: usize) {
    let n = kinds.len();
    simple_base_test(false, || {
        let nodes = build_chain(kinds);
        let ids: Vec<usize> = nodes.iter().map(id).collect();
        let wrs: Vec<Weak<Obj>> = nodes.iter().map(Gc::downgrade).collect();
        drop(nodes);
        assert_eq!(rcgc::collect(), found);
        assert_del_calls(&ids);
        assert_survivors(&[]);
        assert_eq!(dead(&wrs), vec![true; n]);
        assert_eq!(rcgc::collect(), 0);
        assert_del_calls(&ids);
    });
}

/// `check_resurrecting_chain`; `found` is what the second `gc.collect()` returns (the first
/// returns 0: everything is resurrected, the whole ring being reachable from a survivor).
fn check_resurrecting_chain(kinds: &[Kind], found: usize) {
    let n = kinds.len();
    simple_base_test(false, || {
        let nodes = build_chain(kinds);
        let ids: Vec<usize> = nodes.iter().map(id).collect();
        let survivor_ids: Vec<usize> =
            nodes.iter().filter(|s| s.kind == Kind::ChainedResurrector).map(id).collect();
        let wrs: Vec<Weak<Obj>> = nodes.iter().map(Gc::downgrade).collect();
        drop(nodes);
        assert_eq!(rcgc::collect(), 0);
        assert_del_calls(&ids);
        assert_survivors(&survivor_ids);
        // XXX desirable?
        assert_eq!(dead(&wrs), vec![true; n]);
        clear_survivors();
        assert_eq!(rcgc::collect(), found);
        assert_del_calls(&ids);
        assert_survivors(&[]);
    });
}

/// Follows test_finalization.py CycleChainFinalizationTest.test_homogenous
#[test]
fn cycle_chain_test_homogenous() {
    check_non_resurrecting_chain(&[Kind::SimpleChained; 3], 3);
}

/// Follows test_finalization.py CycleChainFinalizationTest.test_homogenous_resurrect
#[test]
fn cycle_chain_test_homogenous_resurrect() {
    check_resurrecting_chain(&[Kind::ChainedResurrector; 3], 3);
}

/// Follows test_finalization.py CycleChainFinalizationTest.test_homogenous_suicidal
///
/// Every node breaks its links: the ring dies by reference counting while finalizers run.
#[test]
fn cycle_chain_test_homogenous_suicidal() {
    check_non_resurrecting_chain(&[Kind::SuicidalChained; 3], 0);
}

/// Follows test_finalization.py CycleChainFinalizationTest.test_heterogenous_suicidal_one
#[test]
fn cycle_chain_test_heterogenous_suicidal_one() {
    use Kind::{SimpleChained as S, SuicidalChained as X};
    check_non_resurrecting_chain(&[X, S, X, S], 0);
}

/// Follows test_finalization.py CycleChainFinalizationTest.test_heterogenous_suicidal_two
///
/// The two simple nodes still form a cycle, which keeps the suicidal ones alive: all four
/// are cleared by the collector.
#[test]
fn cycle_chain_test_heterogenous_suicidal_two() {
    use Kind::{SimpleChained as S, SuicidalChained as X};
    check_non_resurrecting_chain(&[X, X, S, S], 4);
}

/// Follows test_finalization.py CycleChainFinalizationTest.test_heterogenous_resurrect_one
#[test]
fn cycle_chain_test_heterogenous_resurrect_one() {
    use Kind::{ChainedResurrector as R, SimpleChained as S};
    check_resurrecting_chain(&[R, S, R, S], 4);
}

/// Follows test_finalization.py CycleChainFinalizationTest.test_heterogenous_resurrect_two
#[test]
fn cycle_chain_test_heterogenous_resurrect_two() {
    use Kind::{ChainedResurrector as R, SimpleChained as S, SuicidalChained as X};
    check_resurrecting_chain(&[R, S, X, R, S, X], 6);
}

/// Follows test_finalization.py CycleChainFinalizationTest.test_heterogenous_resurrect_three
#[test]
fn cycle_chain_test_heterogenous_resurrect_three() {
    use Kind::{ChainedResurrector as R, SimpleChained as S, SuicidalChained as X};
    check_resurrecting_chain(&[R, R, S, S, X, X], 6);
}

// ---------------------------------------------------------------------------------------------
// LegacyFinalizationTest: objects with a tp_del, i.e. legacy mode.
// ---------------------------------------------------------------------------------------------

/// `LegacyFinalizationTest.tearDown`, before `TestBase.tearDown`: these tests create
/// uncollectable objects.
fn legacy_tear_down() {
    drop(rcgc::take_garbage());
    rcgc::collect();
    rcgc::set_legacy_finalizers(false);
    assert!(rcgc::garbage().is_empty());
}

/// Follows test_finalization.py LegacyFinalizationTest.test_legacy
#[test]
fn legacy_test_legacy() {
    simple_base_test(true, || {
        let s = new(Kind::Legacy);
        let ids = [id(&s)];
        let wr = Gc::downgrade(&s);
        drop(s);
        assert_eq!(rcgc::collect(), 0);
        assert_del_calls(&ids);
        assert_tp_del_calls(&ids);
        assert_survivors(&[]);
        assert!(wr.upgrade().is_none());
        rcgc::collect();
        assert_del_calls(&ids);
        assert_tp_del_calls(&ids);
    });
    legacy_tear_down();
}

/// Follows test_finalization.py LegacyFinalizationTest.test_legacy_resurrect
///
/// rcgc's legacy mode changes only what the collector does with cycles; an object released by
/// reference counting is finalized as with `__del__` (PEP 442). Two differences follow, both
/// by design: CPython clears weak references before calling `tp_del` (rcgc: after the
/// finalizer, like `__del__`, so the resurrected object is still weakly reachable), and it
/// calls `tp_del` again, which resurrects again, each time the object is released
/// (`tp_del_calls == ids * 2`, `survivors == ids`); an rcgc finalizer runs at most once.
#[test]
fn legacy_test_legacy_resurrect() {
    let mut wr = None;
    simple_base_test(true, || {
        let s = new(Kind::LegacyResurrector);
        let ids = [id(&s)];
        let w = Gc::downgrade(&s);
        drop(s);
        rcgc::collect();
        assert_del_calls(&ids);
        assert_tp_del_calls(&ids);
        assert_survivors(&ids);
        // CPython: None ("weakrefs are cleared before tp_del is called").
        assert!(w.upgrade().is_some());
        clear_survivors();
        rcgc::collect();
        assert_del_calls(&ids);
        assert_tp_del_calls(&ids); // CPython: ids * 2
        assert_survivors(&[]); // CPython: ids
        wr = Some(w);
    });
    assert!(wr.unwrap().upgrade().is_none());
    legacy_tear_down();
}

/// Follows test_finalization.py LegacyFinalizationTest.test_legacy_self_cycle
#[test]
fn legacy_test_legacy_self_cycle() {
    // Self-cycles with legacy finalizers end up in gc.garbage.
    let mut wr = None;
    simple_base_test(true, || {
        let s = new(Kind::LegacySelfCycle);
        let ids = [id(&s)];
        let w = Gc::downgrade(&s);
        drop(s);
        assert_eq!(rcgc::collect(), 1, "one uncollectable object");
        assert_del_calls(&[]);
        assert_tp_del_calls(&[]);
        assert_survivors(&[]);
        assert_garbage(&ids);
        assert!(w.upgrade().is_some(), "uncollectable objects keep their weak references");
        // Break the cycle to allow collection.
        let obj = rcgc::garbage()[0].downcast::<Obj>().unwrap();
        let r = obj.ref_.borrow_mut().take();
        drop((r, obj));
        wr = Some(w);
    });
    assert_garbage(&[]);
    assert!(wr.unwrap().upgrade().is_none());
    legacy_tear_down();
}
