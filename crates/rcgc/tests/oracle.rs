//! rcgc against an independent oracle: a plain reachability model of roots and edges.
//!
//! The test drives a pool of `Gc<Node>` objects with random operations (create, add or remove
//! an edge, clone or drop a root, collect a generation, make a node's finalizer resurrect it,
//! drop the resurrected objects, weak references with or without callbacks held by the test
//! or by nodes, `freeze` / `unfreeze`) and keeps, next to the real objects, a model that knows
//! nothing of refcounts, generations or the collector: the multiset of root ids, the edges
//! `id -> [id]`, each node's "resurrect" flag and the set of frozen nodes. For the model an
//! object is alive iff it is reachable from the roots or from the objects that finalizers
//! resurrected (the thread-local `RESURRECTED` vector, an extra root set); a collection
//! treats the frozen nodes (the permanent generation) as roots too.
//!
//! Instrumentation: `Node`'s `Drop` and finalizer log into a thread-local [`Probe`]; a second
//! drop or a second finalizer run of one node, a drop before the finalizer ran, or a finalizer
//! that finds one of its node's edges already dropped, is recorded as a violation (assertions
//! inside `Drop` or a finalizer would be caught by the library and only reported, so they are
//! recorded and asserted after each operation; caught panics are recorded by an unraisable
//! hook). Weakref callbacks log the same way: each run, with its callback id; whether its own
//! weak reference still upgraded; whether it met a dead object (it walks every node reachable
//! from the test's roots and `RESURRECTED`, which must all have their values, and upgrades
//! every weak handle of those nodes and of the test, which must give nothing or a live object)
//! and which nodes its upgrades reached; and when its closure is dropped (run or not).
//!
//! Checked after every operation, whatever the mode (automatic collection on or off) and the
//! generation collected:
//! - no violation; the ids appended to `RESURRECTED` are exactly the nodes finalized during
//!   the operation whose resurrect flag is set, in finalization order;
//! - a node finalized during the operation was unreachable from the roots and the pre-existing
//!   resurrected objects (nothing is finalized while it can still be used);
//! - every reachable node is alive (no premature drop), and so is every target of an edge of a
//!   live node; the handles found by walking the real objects from the roots are exactly the
//!   model's reachable set, with the same edges;
//! - every reachable node's `strong_count` equals the model's count of handles to it (roots,
//!   `RESURRECTED` entries, edges from live nodes, plus the walk's own handle);
//! - every alive but unreachable node has an incoming edge from another live node: reference
//!   counting leaves nothing behind but garbage held by garbage cycles;
//! - weak references (held by the test, or by reachable nodes): an upgrade yields the right
//!   object and only while it is alive, never comes back after failing, and fails for a live
//!   object only if that object was garbage and has been finalized (the collector clears weak
//!   references to garbage before finalizers run, even if they then resurrect it, as CPython
//!   does), or if the node holding the handle was garbage and has been finalized (CPython
//!   also clears weak references that are garbage themselves, bpo-38006); and after a full
//!   collection, every weak reference to a node that was garbage when it started is dead;
//! - weakref callbacks: each runs at most once, only in an operation that killed its referent
//!   (or, in a collection, found it to be garbage), never after every handle of its weak
//!   reference was dropped, and its closure is dropped once no handle is left; a callback
//!   dropped unrun while handles remain (a garbage weak reference, disarmed) only by a
//!   collection in which every handle was owned by a node that was garbage; for every other
//!   weak reference with a callback, "the weak reference is dead" and "the callback has run"
//!   are the same thing, so a weak reference held by the test (a root) calls back exactly once
//!   when its referent dies, by reference counting or in a collection;
//! - `get_freeze_count()` is the number of live frozen nodes (a frozen node leaves the
//!   permanent generation only by reference counting: dropped, or finalized and resurrected);
//! - operations that drop no strong handle and collect nothing finalize, drop and call back
//!   nothing.
//!
//! Checked after every full collection (`rcgc::collect()`): the set of live nodes equals the
//! model's reachable set, counting the live frozen nodes as roots (whatever was garbage and
//! not resurrected during that collection is gone; frozen garbage and what it holds stays),
//! and `collect()` returned the number of nodes it dropped that were garbage when it started
//! (frozen nodes are not garbage; nodes that only garbage held may die by reference counting
//! on top). Weakref callbacks follow CPython's rules exactly there: a weak reference all of
//! whose handles are owned by garbage is disarmed, its callback never runs; otherwise the
//! callback runs if its referent was garbage, or if the referent died by reference counting
//! while the test or a surviving node held a handle, and does not run if the referent lives;
//! and no callback's upgrade reached a node that was garbage. After a partial collection,
//! its return value is at most the number of garbage nodes it dropped.
//!
//! On failure, the random case is minimized (delta debugging over the operation list: proptest's
//! own shrinking could not go below the minimum length) and replayed with a trace of what each
//! operation did, in node ids.
//!
//! Each case ends with `unfreeze()`, then drops every root and alternately clears
//! `RESURRECTED` and collects until nothing is left, then asserts that every node created was
//! dropped exactly once and every callback closure was dropped: the file is also meant to run
//! under valgrind with `--leak-check=full`.
//!
//! Environment: `RCGC_ORACLE_CASES` sets the number of random cases (default 200, each of
//! 500 to 700 operations); below 50 it also shrinks the deep-structure test from 10^6 to 10^4
//! nodes (for valgrind). `PROPTEST_RNG_SEED` fixes proptest's seed.

use std::cell::{Cell, RefCell};
use std::time::Instant;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestError, TestRunner};
use rcgc::{Finalize, Gc, Trace, Weak};

const DEFAULT_CASES: usize = 200;
const MIN_OPS: usize = 500;
const MAX_OPS: usize = 700;

/// `RCGC_ORACLE_CASES`, if set.
fn configured_cases() -> Option<usize> {
    let value = std::env::var("RCGC_ORACLE_CASES").ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("RCGC_ORACLE_CASES={value:?} is not a number")),
    )
}

/// Nodes in each deep structure: 10^6, or 10^4 when few cases are asked for (valgrind).
fn deep_size() -> usize {
    match configured_cases() {
        Some(cases) if cases < 50 => 10_000,
        _ => 1_000_000,
    }
}

// ---------------------------------------------------------------------------------------------
// The object under test and its instrumentation.

/// A node of the object graph. `epoch` tells the nodes of one test case from leftovers of an
/// earlier (failed) case on the same thread, which the probe then ignores.
#[derive(Trace)]
struct Node {
    #[rcgc(skip)]
    epoch: u32,
    #[rcgc(skip)]
    id: usize,
    edges: RefCell<Vec<Gc<Node>>>,
    weak_edges: RefCell<Vec<Weak<Node>>>,
    #[rcgc(skip)]
    resurrect: Cell<bool>,
}

/// What the nodes of the current case did: per id, dropped? finalized? plus the events since
/// the last check, and the violations seen.
#[derive(Default)]
struct Probe {
    epoch: u32,
    dropped: Vec<bool>,
    finalized: Vec<bool>,
    drops: Vec<usize>,
    finals: Vec<usize>,
    violations: Vec<String>,
    /// Per weakref-callback id: how many times it ran, and whether its closure was dropped
    /// (after its run, or unrun).
    cb_calls: Vec<u32>,
    cb_closure_dropped: Vec<bool>,
    /// The callbacks run since the last check, in order.
    cb_runs: Vec<usize>,
    /// The nodes that callbacks' upgrades reached since the last check.
    cb_upgrades: Vec<usize>,
    /// The nodes that finalizers reached by upgrading their node's weak edges, since the
    /// last check.
    final_upgrades: Vec<usize>,
}

thread_local! {
    static PROBE: RefCell<Probe> = RefCell::new(Probe::default());
    /// Where resurrecting finalizers store their object: an extra root set for the model.
    static RESURRECTED: RefCell<Vec<Gc<Node>>> = const { RefCell::new(Vec::new()) };
    /// The test's strong handles (the roots) and weak handles, thread-local so that weakref
    /// callbacks can walk them. Never borrowed while a handle is dropped or a node allocated.
    static ROOTS: RefCell<Vec<Gc<Node>>> = const { RefCell::new(Vec::new()) };
    static WEAKS: RefCell<Vec<Weak<Node>>> = const { RefCell::new(Vec::new()) };
    /// Violations recorded while the probe was borrowed (a harness bug, but never lost).
    static STRAY_VIOLATIONS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// When set, each operation appends a line saying what it did (for failure reports).
    static TRACE: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
    /// Panics on this thread are expected (replays while minimizing): do not print them.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

fn with_probe<R>(f: impl FnOnce(&mut Probe) -> R) -> R {
    PROBE.with(|probe| f(&mut probe.borrow_mut()))
}

fn violation(message: String) {
    let _ = PROBE.try_with(|probe| match probe.try_borrow_mut() {
        Ok(mut p) => p.violations.push(message),
        Err(_) => {
            let _ = STRAY_VIOLATIONS.try_with(|v| v.borrow_mut().push(message));
        }
    });
}

/// Records panics caught by the library (in `Drop` or a finalizer) as violations.
fn install_unraisable_hook() {
    rcgc::set_unraisable_hook(Some(Box::new(|u: &rcgc::Unraisable| {
        violation(format!("caught panic in {} of {}: {}", u.context, u.type_name, u.message))
    })));
}

/// Registers a new id with the probe, then allocates the node (which may run an automatic
/// collection first, so the probe must not be borrowed then).
fn new_node(resurrect: bool) -> Gc<Node> {
    let (epoch, id) = with_probe(|p| {
        p.dropped.push(false);
        p.finalized.push(false);
        (p.epoch, p.dropped.len() - 1)
    });
    Gc::new(Node {
        epoch,
        id,
        edges: RefCell::default(),
        weak_edges: RefCell::default(),
        resurrect: Cell::new(resurrect),
    })
}

impl Drop for Node {
    fn drop(&mut self) {
        let (epoch, id) = (self.epoch, self.id);
        let _ = PROBE.try_with(|probe| {
            let mut p = probe.borrow_mut();
            if p.epoch != epoch {
                return;
            }
            if p.dropped[id] {
                p.violations.push(format!("node {id} dropped twice"));
            }
            if !p.finalized[id] {
                p.violations.push(format!("node {id} dropped before its finalizer ran"));
            }
            p.dropped[id] = true;
            p.drops.push(id);
        });
    }
}

impl Finalize for Node {
    fn finalize(this: &Gc<Self>) {
        let (epoch, id) = (this.epoch, this.id);
        // PEP 442: finalizers run while every value they can reach is intact.
        let intact = match this.edges.try_borrow() {
            Ok(edges) => edges.iter().all(|edge| Gc::try_deref(edge).is_some()),
            Err(_) => false,
        };
        // What a finalizer can reach through weak references (in a collection, nothing that
        // is garbage: those were all cleared before any finalizer ran).
        let upgraded: Vec<Gc<Node>> = match this.weak_edges.try_borrow() {
            Ok(weak_edges) => weak_edges.iter().filter_map(Weak::upgrade).collect(),
            Err(_) => Vec::new(),
        };
        let reached: Vec<Option<usize>> = upgraded
            .iter()
            .map(|node| Gc::try_deref(node).filter(|n| n.epoch == epoch).map(|n| n.id))
            .collect();
        let current = PROBE
            .try_with(|probe| {
                let mut p = probe.borrow_mut();
                if p.epoch != epoch {
                    return false;
                }
                if p.finalized[id] {
                    p.violations.push(format!("node {id} finalized twice"));
                }
                if p.dropped[id] {
                    p.violations.push(format!("node {id} finalized after it was dropped"));
                }
                if !intact {
                    p.violations.push(format!(
                        "node {id} finalized while an edge of it was dropped (or borrowed)"
                    ));
                }
                for (node, reached) in upgraded.iter().zip(&reached) {
                    match reached {
                        Some(other) => p.final_upgrades.push(*other),
                        None if Gc::try_deref(node).is_none() => p.violations.push(format!(
                            "the finalizer of node {id} upgraded a weak reference to a dropped \
                             node"
                        )),
                        None => {}
                    }
                }
                p.finalized[id] = true;
                p.finals.push(id);
                true
            })
            .unwrap_or(false);
        if current && this.resurrect.get() {
            RESURRECTED.with(|r| r.borrow_mut().push(this.clone()));
        }
    }
}

/// The ids in `RESURRECTED`; `usize::MAX` for a handle whose value was dropped (a bug).
fn resurrected_ids() -> Vec<usize> {
    RESURRECTED.with(|r| {
        r.borrow()
            .iter()
            .map(|node| Gc::try_deref(node).map_or(usize::MAX, |node| node.id))
            .collect()
    })
}

fn tracing() -> bool {
    TRACE.with(|t| t.borrow().is_some())
}

fn note(line: impl FnOnce() -> String) {
    TRACE.with(|t| {
        if let Some(lines) = t.borrow_mut().as_mut() {
            lines.push(line());
        }
    });
}

/// Empties `RESURRECTED`; the caller drops the handles outside the borrow (dropping them may
/// run finalizers that push to it again).
fn take_resurrected() -> Vec<Gc<Node>> {
    RESURRECTED.with(|r| std::mem::take(&mut *r.borrow_mut()))
}

fn roots() -> Vec<Gc<Node>> {
    ROOTS.with(|r| r.borrow().clone())
}

fn roots_len() -> usize {
    ROOTS.with(|r| r.borrow().len())
}

fn push_root(node: Gc<Node>) {
    ROOTS.with(|r| r.borrow_mut().push(node));
}

/// Removes root `i` (`swap_remove`); the caller drops it outside the borrow.
fn take_root(i: usize) -> Gc<Node> {
    ROOTS.with(|r| r.borrow_mut().swap_remove(i))
}

fn push_weak(weak: Weak<Node>) {
    WEAKS.with(|w| w.borrow_mut().push(weak));
}

/// Upgrades of the test's weak handles, in order.
fn upgrade_weaks() -> Vec<Option<Gc<Node>>> {
    WEAKS.with(|w| w.borrow().iter().map(Weak::upgrade).collect())
}

// ---------------------------------------------------------------------------------------------
// Weakref callbacks.

/// Owned by a callback closure: its drop (after the run, or unrun) is logged.
struct CallbackToken {
    epoch: u32,
    id: usize,
}

impl Drop for CallbackToken {
    fn drop(&mut self) {
        let (epoch, id) = (self.epoch, self.id);
        let _ = PROBE.try_with(|probe| match probe.try_borrow_mut() {
            Ok(mut p) if p.epoch == epoch => {
                if p.cb_closure_dropped[id] {
                    p.violations.push(format!("closure of callback {id} dropped twice"));
                }
                p.cb_closure_dropped[id] = true;
            }
            Ok(_) => {}
            Err(_) => violation(format!("closure of callback {id} dropped in the probe")),
        });
    }
}

/// A new callback id and its closure, for `Gc::downgrade_with_callback`.
fn new_callback() -> (usize, impl FnOnce(&Weak<Node>) + 'static) {
    let (epoch, id) = with_probe(|p| {
        p.cb_calls.push(0);
        p.cb_closure_dropped.push(false);
        (p.epoch, p.cb_calls.len() - 1)
    });
    let token = CallbackToken { epoch, id };
    (id, move |weak: &Weak<Node>| weakref_callback(&token, weak))
}

/// Clones the content of a vector that must not be borrowed mutably now.
fn snapshot<T: Clone>(cell: &'static std::thread::LocalKey<RefCell<Vec<T>>>) -> Option<Vec<T>> {
    cell.try_with(|c| c.try_borrow().ok().map(|v| v.clone())).ok().flatten()
}

/// The body of every callback: logs the run and looks for dead objects where user code could
/// find them (see the module docs). Assertions here would be caught by the library, so
/// problems are recorded as violations.
fn weakref_callback(token: &CallbackToken, weak: &Weak<Node>) {
    let (epoch, id) = (token.epoch, token.id);
    let Some(nodes) = PROBE
        .try_with(|p| {
            let p = p.borrow();
            (p.epoch == epoch).then(|| p.dropped.len())
        })
        .ok()
        .flatten()
    else {
        return;
    };
    let mut problems = Vec::new();
    if weak.upgrade().is_some() {
        problems.push(format!("callback {id} ran while its weak reference still upgrades"));
    }
    // The test's weak handles are upgraded in place (clones would count as handles).
    let upgraded = WEAKS.try_with(|w| {
        w.try_borrow().ok().map(|w| w.iter().filter_map(Weak::upgrade).collect::<Vec<_>>())
    });
    let (Some(mut queue), Some(resurrected), Ok(Some(mut upgraded))) =
        (snapshot(&ROOTS), snapshot(&RESURRECTED), upgraded)
    else {
        violation(format!("callback {id} found the test's handles borrowed"));
        return;
    };
    queue.extend(resurrected);
    let mut seen = vec![false; nodes];
    let mut i = 0;
    while i < queue.len() {
        let node = queue[i].clone();
        i += 1;
        let Some(value) = Gc::try_deref(&node) else {
            problems.push(format!("callback {id} found a dropped node reachable from the roots"));
            continue;
        };
        if value.epoch != epoch || std::mem::replace(&mut seen[value.id], true) {
            continue;
        }
        let borrowed = match (value.edges.try_borrow(), value.weak_edges.try_borrow()) {
            (Ok(edges), Ok(weak_edges)) => {
                queue.extend(edges.iter().cloned());
                upgraded.extend(weak_edges.iter().filter_map(Weak::upgrade));
                false
            }
            _ => true,
        };
        if borrowed {
            problems.push(format!("callback {id} found node {} borrowed", value.id));
        }
    }
    let mut reached = Vec::new();
    for node in &upgraded {
        match Gc::try_deref(node) {
            Some(value) if value.epoch == epoch => reached.push(value.id),
            Some(_) => {}
            None => {
                problems.push(format!("callback {id} upgraded a weak reference to a dropped node"))
            }
        }
    }
    with_probe(|p| {
        if p.cb_calls[id] > 0 {
            p.violations.push(format!("callback {id} ran twice"));
        }
        p.cb_calls[id] += 1;
        p.cb_runs.push(id);
        p.cb_upgrades.extend(reached);
        p.violations.extend(problems);
    });
    // Temporary handles to live objects: dropping them frees nothing.
    drop((upgraded, queue));
}

// ---------------------------------------------------------------------------------------------
// Operations.

/// One operation. Selectors (`usize`) pick among the candidates by `selector % count`: the
/// nodes reachable from the roots and `RESURRECTED` (in the order of a breadth-first walk
/// from the roots, then the resurrected objects), the roots, a node's edges, the weak handles.
/// An operation with no candidate does nothing.
#[derive(Clone, Debug)]
enum Op {
    /// A new node, which becomes a root.
    Create {
        resurrect: bool,
    },
    AddEdge {
        from: usize,
        to: usize,
    },
    RemoveEdge {
        node: usize,
        edge: usize,
    },
    /// Pushes a clone of an existing root.
    CloneRoot {
        root: usize,
    },
    /// Makes a reachable (or resurrected) node a root.
    Grab {
        node: usize,
    },
    DropRoot {
        root: usize,
    },
    /// `collect_generation(0 | 1)`, or `collect()` for 2.
    Collect {
        generation: usize,
    },
    ToggleResurrect {
        node: usize,
    },
    /// Drops the handles that finalizers stored in `RESURRECTED`.
    ClearResurrected,
    /// A weak handle held by the test.
    Downgrade {
        node: usize,
    },
    CloneWeak {
        weak: usize,
    },
    DropWeak {
        weak: usize,
    },
    /// A weak handle held by a node.
    AddWeakEdge {
        from: usize,
        to: usize,
    },
    RemoveWeakEdge {
        node: usize,
        edge: usize,
    },
    /// A weak reference with a callback (`Gc::downgrade_with_callback`), held by the test.
    DowngradeCb {
        node: usize,
    },
    /// A weak reference with a callback, held by a node.
    AddWeakEdgeCb {
        from: usize,
        to: usize,
    },
    /// Stores a clone of one of the test's weak handles in a node.
    ShareWeak {
        weak: usize,
        node: usize,
    },
    /// The test takes a clone of a node's weak handle.
    GrabWeak {
        node: usize,
        edge: usize,
    },
    /// `rcgc::freeze()`: every tracked object moves to the permanent generation.
    Freeze,
    /// `rcgc::unfreeze()`.
    Unfreeze,
}

impl Op {
    /// Whether the operation may finalize, drop or call back anything: it drops a strong
    /// handle, or collects (explicitly, or automatically when it allocates a node).
    fn may_free(&self, auto: bool) -> bool {
        match self {
            Op::Create { .. } => auto,
            Op::RemoveEdge { .. } | Op::DropRoot { .. } | Op::Collect { .. } => true,
            Op::ClearResurrected => true,
            _ => false,
        }
    }

    /// Whether the operation may run a collection.
    fn may_collect(&self, auto: bool) -> bool {
        match self {
            Op::Create { .. } => auto,
            Op::Collect { .. } => true,
            _ => false,
        }
    }
}

/// Makes an operation from two selectors (unused ones are ignored).
type MakeOp = fn(usize, usize) -> Op;

/// The operations, with their weights.
const OPS: &[(u32, MakeOp)] = &[
    (6, |a, _| Op::Create { resurrect: a % 5 == 0 }),
    (10, |from, to| Op::AddEdge { from, to }),
    (4, |node, edge| Op::RemoveEdge { node, edge }),
    (2, |root, _| Op::CloneRoot { root }),
    (2, |node, _| Op::Grab { node }),
    (7, |root, _| Op::DropRoot { root }),
    (3, |a, _| Op::Collect { generation: a % 3 }),
    (3, |node, _| Op::ToggleResurrect { node }),
    (1, |_, _| Op::ClearResurrected),
    (2, |node, _| Op::Downgrade { node }),
    (1, |weak, _| Op::CloneWeak { weak }),
    (2, |weak, _| Op::DropWeak { weak }),
    (2, |from, to| Op::AddWeakEdge { from, to }),
    (1, |node, edge| Op::RemoveWeakEdge { node, edge }),
    (2, |node, _| Op::DowngradeCb { node }),
    (2, |from, to| Op::AddWeakEdgeCb { from, to }),
    (1, |weak, node| Op::ShareWeak { weak, node }),
    (1, |node, edge| Op::GrabWeak { node, edge }),
    (1, |_, _| Op::Freeze),
    (1, |_, _| Op::Unfreeze),
];

/// A flat tuple mapped through [`OPS`] rather than `prop_oneof!`, which builds a lazy tree,
/// with a freshly seeded RNG, for every arm of every operation: that was half the run time
/// in debug builds. Nothing is lost, since proptest's shrinking is not used (see `minimize`).
fn op_strategy() -> impl Strategy<Value = Op> {
    let total: u32 = OPS.iter().map(|&(weight, _)| weight).sum();
    let sel = || 0..1_000_000usize;
    (0..total, sel(), sel()).prop_map(|(mut pick, a, b)| {
        for &(weight, make) in OPS {
            if pick < weight {
                return make(a, b);
            }
            pick -= weight;
        }
        unreachable!("pick below the total weight")
    })
}

// ---------------------------------------------------------------------------------------------
// The harness: real handles next to the model.

/// The model's view of one weak handle.
#[derive(Clone, Copy, Debug)]
struct WeakRec {
    target: usize,
    /// The node holding the handle (`None`: the test).
    holder: Option<usize>,
    /// The target was garbage at the end of some operation since the handle was made: a
    /// collection may have cleared the handle even if the target was then resurrected
    /// (weak references to garbage are cleared before finalizers run).
    target_was_garbage: bool,
    /// The holder was garbage at the end of some operation since the handle was made: a
    /// collection may have cleared the handle, whatever its target, if all the handles of
    /// that weak reference were owned by garbage (CPython clears weakrefs that are garbage
    /// themselves, bpo-38006), even if the holder was then resurrected.
    holder_was_garbage: bool,
    /// The target was garbage when a full collection started: every weak reference to it
    /// was cleared then, so no upgrade may succeed any more.
    must_be_dead: bool,
    /// An upgrade already failed.
    seen_dead: bool,
    /// The weak reference's callback id, if it was created with one.
    cb: Option<usize>,
    /// The handle was cloned from one whose holder was garbage and has been finalized: the
    /// weak reference may have been cleared as garbage before this handle existed.
    disarm_ok: bool,
}

impl WeakRec {
    fn new(target: usize, holder: Option<usize>, cb: Option<usize>) -> WeakRec {
        WeakRec {
            target,
            holder,
            target_was_garbage: false,
            holder_was_garbage: false,
            must_be_dead: false,
            seen_dead: false,
            cb,
            disarm_ok: false,
        }
    }

    /// A clone of this handle held by `holder`: the same weak reference, with its history.
    fn clone_to(&self, holder: Option<usize>, finalized: &[bool]) -> WeakRec {
        let disarmed_before = self.holder_was_garbage && self.holder.is_some_and(|h| finalized[h]);
        WeakRec {
            holder,
            holder_was_garbage: false,
            disarm_ok: self.disarm_ok || disarmed_before,
            ..*self
        }
    }

    /// Bookkeeping at the end of an operation.
    fn update(&mut self, reach: &[bool]) {
        self.target_was_garbage |= !reach[self.target];
        if let Some(holder) = self.holder {
            self.holder_was_garbage |= !reach[holder];
        }
    }
}

/// The model's view of one weak reference with a callback (all its handles share it).
#[derive(Clone, Copy, Debug)]
struct CbModel {
    target: usize,
    /// No handle was left at the end of some operation: the callback can never run.
    closed: bool,
    /// Its closure was dropped unrun while handles remained: a collection found the weak
    /// reference to be garbage (all its handles owned by garbage).
    disarmed: bool,
}

#[derive(Clone, Copy, Debug, Default)]
struct Stats {
    cases: usize,
    auto_cases: usize,
    ops: usize,
    teardown_ops: usize,
    nodes: usize,
    full_collections: usize,
    partial_collections: usize,
    freed_by_full_collections: usize,
    resurrections: usize,
    weak_checks: usize,
    /// Weak references found dead although their target is alive, because the target was
    /// garbage (then resurrected), or because they were owned by garbage (bpo-38006).
    weaks_cleared_target_was_garbage: usize,
    weaks_cleared_holder_was_garbage: usize,
    max_alive: usize,
    max_reachable: usize,
    max_teardown_rounds: usize,
    /// Weak references with a callback created; callbacks run (during a collection);
    /// callbacks disarmed by a collection (garbage weak references); callbacks whose every
    /// handle was dropped before they could run.
    callbacks: usize,
    callbacks_run: usize,
    callbacks_run_in_collections: usize,
    callbacks_disarmed: usize,
    callbacks_dropped_unrun: usize,
    /// Callback runs the model required: by CPython's rules in a full collection, or
    /// elsewhere because the weak reference (not disarmed) was found dead.
    callbacks_required: usize,
    freezes: usize,
    unfreezes: usize,
    max_frozen: usize,
    /// Per full collection: live nodes unreachable from the roots that survived because frozen
    /// nodes held them (or were frozen).
    frozen_garbage_kept: usize,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.cases += o.cases;
        self.auto_cases += o.auto_cases;
        self.ops += o.ops;
        self.teardown_ops += o.teardown_ops;
        self.nodes += o.nodes;
        self.full_collections += o.full_collections;
        self.partial_collections += o.partial_collections;
        self.freed_by_full_collections += o.freed_by_full_collections;
        self.resurrections += o.resurrections;
        self.weak_checks += o.weak_checks;
        self.weaks_cleared_target_was_garbage += o.weaks_cleared_target_was_garbage;
        self.weaks_cleared_holder_was_garbage += o.weaks_cleared_holder_was_garbage;
        self.max_alive = self.max_alive.max(o.max_alive);
        self.max_reachable = self.max_reachable.max(o.max_reachable);
        self.max_teardown_rounds = self.max_teardown_rounds.max(o.max_teardown_rounds);
        self.callbacks += o.callbacks;
        self.callbacks_run += o.callbacks_run;
        self.callbacks_run_in_collections += o.callbacks_run_in_collections;
        self.callbacks_disarmed += o.callbacks_disarmed;
        self.callbacks_dropped_unrun += o.callbacks_dropped_unrun;
        self.callbacks_required += o.callbacks_required;
        self.freezes += o.freezes;
        self.unfreezes += o.unfreezes;
        self.max_frozen = self.max_frozen.max(o.max_frozen);
        self.frozen_garbage_kept += o.frozen_garbage_kept;
    }
}

struct Harness {
    auto: bool,
    /// The test's weak handles, parallel to `WEAKS`.
    weaks: Vec<WeakRec>,
    /// The model: root ids (parallel to `ROOTS`), edges and weak edges by id (those of
    /// dropped nodes are cleared), resurrect flags by id, frozen nodes by id (live ones only),
    /// weak references with callbacks by callback id.
    model_roots: Vec<usize>,
    model_edges: Vec<Vec<usize>>,
    model_weak_edges: Vec<Vec<WeakRec>>,
    model_resurrect: Vec<bool>,
    frozen: Vec<bool>,
    callbacks: Vec<CbModel>,
    step: usize,
    /// Nodes finalized / dropped by the last operation (for hand-written scenarios).
    last_finals: Vec<usize>,
    last_drops: Vec<usize>,
    stats: Stats,
}

/// Removes what an earlier (failed) case may have left on this thread, starts a new probe
/// epoch and sets the collection mode.
fn reset_thread(auto: bool) {
    install_unraisable_hook();
    rcgc::disable();
    rcgc::unfreeze();
    drop(ROOTS.with(|r| std::mem::take(&mut *r.borrow_mut())));
    drop(WEAKS.with(|w| std::mem::take(&mut *w.borrow_mut())));
    for _ in 0..100_000 {
        let old = take_resurrected();
        let had = !old.is_empty();
        drop(old);
        let found = rcgc::collect();
        if !had && found == 0 && resurrected_ids().is_empty() {
            break;
        }
    }
    with_probe(|p| {
        let epoch = p.epoch.wrapping_add(1);
        *p = Probe { epoch, ..Probe::default() };
    });
    STRAY_VIOLATIONS.with(|v| v.borrow_mut().clear());
    if auto {
        rcgc::set_threshold(7, 3, 3);
        rcgc::enable();
    } else {
        rcgc::set_threshold(700, 10, 10);
        rcgc::disable();
    }
}

impl Harness {
    fn new(auto: bool) -> Harness {
        reset_thread(auto);
        Harness {
            auto,
            weaks: Vec::new(),
            model_roots: Vec::new(),
            model_edges: Vec::new(),
            model_weak_edges: Vec::new(),
            model_resurrect: Vec::new(),
            frozen: Vec::new(),
            callbacks: Vec::new(),
            step: 0,
            last_finals: Vec::new(),
            last_drops: Vec::new(),
            stats: Stats { cases: 1, auto_cases: usize::from(auto), ..Stats::default() },
        }
    }

    /// One handle to each node reachable from the roots and `RESURRECTED`, walking the real
    /// objects breadth first. The handles are temporary roots: drop them before anything
    /// that should see the nodes' liveness.
    fn view(&self) -> Vec<Gc<Node>> {
        let epoch = with_probe(|p| p.epoch);
        let mut seen = vec![false; self.model_edges.len()];
        let mut out: Vec<Gc<Node>> = Vec::new();
        let seeds: Vec<Gc<Node>> =
            roots().into_iter().chain(RESURRECTED.with(|r| r.borrow().clone())).collect();
        let mut visit = |node: &Gc<Node>, out: &mut Vec<Gc<Node>>| {
            let value = Gc::try_deref(node).expect("a reachable handle's value was dropped");
            assert_eq!(value.epoch, epoch, "a node of an earlier case is reachable");
            if !seen[value.id] {
                seen[value.id] = true;
                out.push(node.clone());
            }
        };
        for seed in &seeds {
            visit(seed, &mut out);
        }
        let mut i = 0;
        while i < out.len() {
            let node = out[i].clone();
            for edge in node.edges.borrow().iter() {
                visit(edge, &mut out);
            }
            i += 1;
        }
        out
    }

    /// The model: which ids are reachable from the roots and `extra`.
    fn reach(&self, extra: &[usize]) -> Vec<bool> {
        self.reach_from(self.model_roots.iter().chain(extra).copied())
    }

    /// The model: which ids a collection must keep, reachable from the roots, `extra` and
    /// the frozen nodes (the permanent generation is outside every collection).
    fn reach_with_frozen(&self, extra: &[usize]) -> Vec<bool> {
        let frozen = (0..self.frozen.len()).filter(|&id| self.frozen[id]);
        self.reach_from(self.model_roots.iter().chain(extra).copied().chain(frozen))
    }

    fn reach_from(&self, seeds: impl Iterator<Item = usize>) -> Vec<bool> {
        let mut seen = vec![false; self.model_edges.len()];
        let mut stack = Vec::new();
        for id in seeds {
            if !seen[id] {
                seen[id] = true;
                stack.push(id);
            }
        }
        while let Some(id) = stack.pop() {
            for &next in &self.model_edges[id] {
                if !seen[next] {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
        seen
    }

    /// Position of `id` in [`Harness::view`] (for hand-written scenarios).
    fn pos(&self, id: usize) -> usize {
        self.view()
            .iter()
            .position(|node| node.id == id)
            .unwrap_or_else(|| panic!("node {id} is not reachable"))
    }

    /// Registers a weak reference with a callback to `target`.
    fn new_callback(&mut self, target: usize) -> (usize, impl FnOnce(&Weak<Node>) + 'static) {
        let (cb, callback) = new_callback();
        assert_eq!(cb, self.callbacks.len());
        self.callbacks.push(CbModel { target, closed: false, disarmed: false });
        self.stats.callbacks += 1;
        (cb, callback)
    }

    fn apply(&mut self, op: &Op) {
        self.step += 1;
        self.stats.ops += 1;
        let tracing = tracing();
        // What the operation did, resolved to node ids (only when tracing).
        let mut what = String::new();
        let ext_before = match op {
            Op::ClearResurrected => Vec::new(),
            _ => resurrected_ids(),
        };
        let mut collected = None;
        match *op {
            Op::Create { resurrect } => {
                let node = new_node(resurrect);
                assert_eq!(node.id, self.model_edges.len());
                self.model_edges.push(Vec::new());
                self.model_weak_edges.push(Vec::new());
                self.model_resurrect.push(resurrect);
                self.frozen.push(false);
                self.model_roots.push(node.id);
                if tracing {
                    what = format!("node {}", node.id);
                }
                push_root(node);
                self.stats.nodes += 1;
            }
            Op::AddEdge { from, to } => {
                let view = self.view();
                if !view.is_empty() {
                    let from = &view[from % view.len()];
                    let to = &view[to % view.len()];
                    from.edges.borrow_mut().push(to.clone());
                    self.model_edges[from.id].push(to.id);
                    if tracing {
                        what = format!("{} -> {}", from.id, to.id);
                    }
                }
            }
            Op::RemoveEdge { node, edge } => {
                let view = self.view();
                if !view.is_empty() {
                    let node = &view[node % view.len()];
                    let removed = {
                        let mut edges = node.edges.borrow_mut();
                        if edges.is_empty() {
                            None
                        } else {
                            let i = edge % edges.len();
                            Some((i, edges.remove(i)))
                        }
                    };
                    if let Some((i, handle)) = removed {
                        assert_eq!(self.model_edges[node.id].remove(i), handle.id);
                        if tracing {
                            what = format!("{} -> {}", node.id, handle.id);
                        }
                        drop(handle);
                    }
                }
                // Dropping the view is what may free the nodes cut off.
            }
            Op::CloneRoot { root } => {
                if roots_len() > 0 {
                    let i = root % roots_len();
                    ROOTS.with(|r| {
                        let mut r = r.borrow_mut();
                        let copy = r[i].clone();
                        r.push(copy);
                    });
                    self.model_roots.push(self.model_roots[i]);
                    if tracing {
                        what = format!("node {}", self.model_roots[i]);
                    }
                }
            }
            Op::Grab { node } => {
                let view = self.view();
                if !view.is_empty() {
                    let node = &view[node % view.len()];
                    self.model_roots.push(node.id);
                    push_root(node.clone());
                    if tracing {
                        what = format!("node {}", node.id);
                    }
                }
            }
            Op::DropRoot { root } => {
                if roots_len() > 0 {
                    let i = root % roots_len();
                    let handle = take_root(i);
                    assert_eq!(self.model_roots.swap_remove(i), handle.id);
                    if tracing {
                        what = format!("node {}", handle.id);
                    }
                    drop(handle);
                }
            }
            Op::Collect { generation } => {
                let generation = generation.min(2);
                let returned = if generation == 2 {
                    self.stats.full_collections += 1;
                    // A full collection finds every unreachable node to be garbage, except
                    // the frozen ones and what they hold.
                    let reachable = self.reach_with_frozen(&ext_before);
                    for rec in
                        self.weaks.iter_mut().chain(self.model_weak_edges.iter_mut().flatten())
                    {
                        rec.must_be_dead |= !reachable[rec.target];
                    }
                    rcgc::collect()
                } else {
                    self.stats.partial_collections += 1;
                    rcgc::collect_generation(generation)
                };
                collected = Some((generation, returned));
                if tracing {
                    what = format!("returned {returned}");
                }
            }
            Op::ToggleResurrect { node } => {
                let view = self.view();
                if !view.is_empty() {
                    let node = &view[node % view.len()];
                    let flag = !node.resurrect.get();
                    node.resurrect.set(flag);
                    self.model_resurrect[node.id] = flag;
                    if tracing {
                        what = format!("node {} resurrects: {flag}", node.id);
                    }
                }
            }
            Op::ClearResurrected => {
                let old = take_resurrected();
                if tracing {
                    what = format!("{:?}", old.iter().map(|n| n.id).collect::<Vec<_>>());
                }
                drop(old);
            }
            Op::Downgrade { node } => {
                let view = self.view();
                if !view.is_empty() {
                    let node = &view[node % view.len()];
                    push_weak(Gc::downgrade(node));
                    self.weaks.push(WeakRec::new(node.id, None, None));
                    if tracing {
                        what = format!("weak #{} to node {}", self.weaks.len() - 1, node.id);
                    }
                }
            }
            Op::CloneWeak { weak } => {
                if !self.weaks.is_empty() {
                    let i = weak % self.weaks.len();
                    WEAKS.with(|w| {
                        let mut w = w.borrow_mut();
                        let copy = w[i].clone();
                        w.push(copy);
                    });
                    self.weaks.push(self.weaks[i]);
                    if tracing {
                        what = format!("weak #{i} (to node {})", self.weaks[i].target);
                    }
                }
            }
            Op::DropWeak { weak } => {
                if !self.weaks.is_empty() {
                    let i = weak % self.weaks.len();
                    let handle = WEAKS.with(|w| w.borrow_mut().swap_remove(i));
                    let rec = self.weaks.swap_remove(i);
                    if tracing {
                        what = format!("weak #{i} (to node {})", rec.target);
                    }
                    drop(handle);
                }
            }
            Op::AddWeakEdge { from, to } => {
                let view = self.view();
                if !view.is_empty() {
                    let from = &view[from % view.len()];
                    let to = &view[to % view.len()];
                    let weak = Gc::downgrade(to);
                    from.weak_edges.borrow_mut().push(weak);
                    self.model_weak_edges[from.id].push(WeakRec::new(to.id, Some(from.id), None));
                    if tracing {
                        what = format!("{} ~> {}", from.id, to.id);
                    }
                }
            }
            Op::RemoveWeakEdge { node, edge } => {
                let view = self.view();
                if !view.is_empty() {
                    let node = &view[node % view.len()];
                    let removed = {
                        let mut edges = node.weak_edges.borrow_mut();
                        if edges.is_empty() {
                            None
                        } else {
                            let i = edge % edges.len();
                            Some((i, edges.remove(i)))
                        }
                    };
                    if let Some((i, handle)) = removed {
                        let rec = self.model_weak_edges[node.id].remove(i);
                        if tracing {
                            what = format!("{} ~> {}", node.id, rec.target);
                        }
                        drop(handle);
                    }
                }
            }
            Op::DowngradeCb { node } => {
                let view = self.view();
                if !view.is_empty() {
                    let node = &view[node % view.len()];
                    let (cb, callback) = self.new_callback(node.id);
                    push_weak(Gc::downgrade_with_callback(node, callback));
                    self.weaks.push(WeakRec::new(node.id, None, Some(cb)));
                    if tracing {
                        what = format!(
                            "weak #{} to node {} with callback {cb}",
                            self.weaks.len() - 1,
                            node.id
                        );
                    }
                }
            }
            Op::AddWeakEdgeCb { from, to } => {
                let view = self.view();
                if !view.is_empty() {
                    let from = &view[from % view.len()];
                    let to = &view[to % view.len()];
                    let (cb, callback) = self.new_callback(to.id);
                    let weak = Gc::downgrade_with_callback(to, callback);
                    from.weak_edges.borrow_mut().push(weak);
                    let rec = WeakRec::new(to.id, Some(from.id), Some(cb));
                    self.model_weak_edges[from.id].push(rec);
                    if tracing {
                        what = format!("{} ~> {} with callback {cb}", from.id, to.id);
                    }
                }
            }
            Op::ShareWeak { weak, node } => {
                let view = self.view();
                if !view.is_empty() && !self.weaks.is_empty() {
                    let node = &view[node % view.len()];
                    let i = weak % self.weaks.len();
                    let copy = WEAKS.with(|w| w.borrow()[i].clone());
                    node.weak_edges.borrow_mut().push(copy);
                    let finalized = with_probe(|p| p.finalized.clone());
                    let rec = self.weaks[i].clone_to(Some(node.id), &finalized);
                    self.model_weak_edges[node.id].push(rec);
                    if tracing {
                        what = format!("weak #{i} to node {}, into node {}", rec.target, node.id);
                    }
                }
            }
            Op::GrabWeak { node, edge } => {
                let view = self.view();
                if !view.is_empty() {
                    let node = &view[node % view.len()];
                    let copy = {
                        let edges = node.weak_edges.borrow();
                        (!edges.is_empty()).then(|| {
                            let i = edge % edges.len();
                            (i, edges[i].clone())
                        })
                    };
                    if let Some((i, copy)) = copy {
                        push_weak(copy);
                        let finalized = with_probe(|p| p.finalized.clone());
                        let rec = self.model_weak_edges[node.id][i].clone_to(None, &finalized);
                        self.weaks.push(rec);
                        if tracing {
                            what = format!(
                                "{} ~> {} as weak #{}",
                                node.id,
                                rec.target,
                                self.weaks.len() - 1
                            );
                        }
                    }
                }
            }
            Op::Freeze => {
                rcgc::freeze();
                self.stats.freezes += 1;
                let alive = with_probe(|p| p.dropped.iter().map(|d| !d).collect::<Vec<bool>>());
                for (frozen, live) in self.frozen.iter_mut().zip(alive) {
                    *frozen |= live;
                }
                if tracing {
                    what = format!("{} frozen", self.frozen.iter().filter(|&&f| f).count());
                }
            }
            Op::Unfreeze => {
                rcgc::unfreeze();
                self.stats.unfreezes += 1;
                self.frozen.iter_mut().for_each(|f| *f = false);
            }
        }
        self.check(op, &what, &ext_before, collected);
    }

    /// Compares the real objects with the model after `op`. `ext_before`: the resurrected
    /// objects that were held throughout the operation; `collected`: (generation, return
    /// value) of a collection.
    fn check(
        &mut self,
        op: &Op,
        what: &str,
        ext_before: &[usize],
        collected: Option<(usize, usize)>,
    ) {
        let step = self.step;
        let ctx = || format!("after operation #{step} {op:?} ({what})");
        let (epoch, alive, finalized, drops, finals, mut violations, log) = with_probe(|p| {
            (
                p.epoch,
                p.dropped.iter().map(|dropped| !dropped).collect::<Vec<bool>>(),
                p.finalized.clone(),
                std::mem::take(&mut p.drops),
                std::mem::take(&mut p.finals),
                std::mem::take(&mut p.violations),
                CallbackLog {
                    calls: p.cb_calls.clone(),
                    closure_dropped: p.cb_closure_dropped.clone(),
                    runs: std::mem::take(&mut p.cb_runs),
                    upgrades: std::mem::take(&mut p.cb_upgrades),
                    final_upgrades: std::mem::take(&mut p.final_upgrades),
                },
            )
        });
        violations.extend(STRAY_VIOLATIONS.with(|v| std::mem::take(&mut *v.borrow_mut())));
        note(|| {
            format!(
                "#{step} {op:?}: {what}; finalized {finals:?}, dropped {drops:?}, \
                 RESURRECTED {:?}{}",
                resurrected_ids(),
                if log.runs.is_empty() {
                    String::new()
                } else {
                    format!(", callbacks run {:?}", log.runs)
                }
            )
        });
        assert!(violations.is_empty(), "{}: {violations:#?}", ctx());
        let n = self.model_edges.len();
        assert_eq!(alive.len(), n, "{}: nodes unknown to the model", ctx());
        if !op.may_free(self.auto) {
            assert!(
                finals.is_empty() && drops.is_empty() && log.runs.is_empty(),
                "{}: an operation that drops no strong handle and collects nothing finalized \
                 {finals:?}, dropped {drops:?}, called back {:?}",
                ctx(),
                log.runs
            );
        }

        // Resurrection: exactly the nodes finalized now whose flag is set, appended in order.
        let res_ids = resurrected_ids();
        assert!(
            !res_ids.contains(&usize::MAX),
            "{}: a node in RESURRECTED was dropped: {res_ids:?}",
            ctx()
        );
        let mut expected_res = ext_before.to_vec();
        expected_res.extend(finals.iter().copied().filter(|&id| self.model_resurrect[id]));
        assert_eq!(res_ids, expected_res, "{}: RESURRECTED", ctx());
        self.stats.resurrections += res_ids.len() - ext_before.len();

        // Nothing is finalized while the test (or a resurrected object) can still reach it.
        let reachable_before = self.reach(ext_before);
        for &id in &finals {
            assert!(!reachable_before[id], "{}: node {id} finalized while reachable", ctx());
        }

        // Safety: the reachable nodes are alive, and so is everything a live node holds.
        let reach = self.reach(&res_ids);
        for (id, (&reachable, &live)) in reach.iter().zip(&alive).enumerate() {
            assert!(!reachable || live, "{}: reachable node {id} was dropped", ctx());
        }
        let mut in_edges = vec![0usize; n];
        for (id, edges) in self.model_edges.iter().enumerate().filter(|&(id, _)| alive[id]) {
            for &target in edges {
                assert!(alive[target], "{}: node {target}, held by live node {id}, dropped", ctx());
                in_edges[target] += 1;
            }
        }

        // Promptness of reference counting: an unreachable live node is held by another.
        for id in 0..n {
            assert!(
                !alive[id] || reach[id] || in_edges[id] > 0,
                "{}: node {id} is unreachable, held by no live node, yet not dropped",
                ctx()
            );
        }
        let alive_count = alive.iter().filter(|&&live| live).count();
        let reach_count = reach.iter().filter(|&&r| r).count();
        self.stats.max_alive = self.stats.max_alive.max(alive_count);
        self.stats.max_reachable = self.stats.max_reachable.max(reach_count);

        // What a collection that ran during the operation found to be garbage: the nodes live
        // when it started that neither the roots, the resurrected objects nor the frozen nodes
        // reach (a collecting operation changes nothing else in the model).
        let mut dropped_now = vec![false; n];
        for &id in &drops {
            dropped_now[id] = true;
        }
        let collecting = op.may_collect(self.auto);
        let garbage: Vec<bool> = if collecting {
            let kept = self.reach_with_frozen(ext_before);
            (0..n).map(|id| (alive[id] || dropped_now[id]) && !kept[id]).collect()
        } else {
            vec![false; n]
        };

        // Frozen nodes: only reference counting takes one out of the permanent generation
        // (dropped, or finalized and then resurrected into generation 0).
        for &id in finals.iter().chain(&drops) {
            if self.frozen[id] {
                assert!(
                    !self.model_roots.contains(&id) && in_edges[id] == 0,
                    "{}: frozen node {id} finalized or dropped while a root or a live node \
                     held it",
                    ctx()
                );
                if matches!(op, Op::Collect { .. }) {
                    let held_by_dropped = (0..n)
                        .any(|d| d != id && dropped_now[d] && self.model_edges[d].contains(&id));
                    assert!(
                        held_by_dropped,
                        "{}: frozen node {id} collected (only a node dropped by the \
                         collection could release it)",
                        ctx()
                    );
                }
                self.frozen[id] = false;
            }
        }
        let frozen_count = self.frozen.iter().filter(|&&f| f).count();
        assert_eq!(rcgc::get_freeze_count(), frozen_count, "{}: get_freeze_count()", ctx());
        self.stats.max_frozen = self.stats.max_frozen.max(frozen_count);

        if let Some((generation, returned)) = collected {
            let garbage_dropped = drops.iter().filter(|&&id| garbage[id]).count();
            if generation == 2 {
                let kept = self.reach_with_frozen(&res_ids);
                let leaked: Vec<usize> = (0..n).filter(|&id| alive[id] && !kept[id]).collect();
                assert!(
                    leaked.is_empty(),
                    "{}: nodes survived a full collection although neither the roots, the \
                     resurrected objects nor the frozen nodes reach them: {leaked:?}",
                    ctx()
                );
                self.stats.frozen_garbage_kept +=
                    (0..n).filter(|&id| alive[id] && !reach[id]).count();
                assert_eq!(
                    returned,
                    garbage_dropped,
                    "{}: collect() returned a count other than the garbage nodes it dropped \
                     (dropped {drops:?})",
                    ctx()
                );
                self.stats.freed_by_full_collections += returned;
            } else {
                assert!(
                    returned <= garbage_dropped,
                    "{}: collect_generation returned {returned}, dropped {drops:?}, of which \
                     {garbage_dropped} garbage",
                    ctx()
                );
            }
        }

        // The real graph, walked from the roots, is the model's.
        let known = WeakContext { epoch, alive: &alive, finalized: &finalized };
        // Per callback id: whether the handles checked found its weak reference dead.
        let mut cb_dead: Vec<Option<bool>> = vec![None; self.callbacks.len()];
        let mut record_cb = |rec: &WeakRec, dead: bool| {
            if let Some(k) = rec.cb {
                let previous = cb_dead[k].replace(dead);
                assert!(
                    !matches!(previous, Some(p) if p != dead),
                    "{}: handles of callback {k}'s weak reference disagree",
                    ctx()
                );
            }
        };
        let view = self.view();
        assert_eq!(view.len(), reach_count, "{}: reachable set size", ctx());
        let mut handles = vec![0usize; n];
        for &id in self.model_roots.iter().chain(&res_ids) {
            handles[id] += 1;
        }
        for node in &view {
            let id = node.id;
            assert!(reach[id], "{}: node {id} reachable, not in the model", ctx());
            assert_eq!(
                Gc::strong_count(node),
                handles[id] + in_edges[id] + 1,
                "{}: strong count of node {id}",
                ctx()
            );
            assert_eq!(
                Gc::is_finalized(node),
                finalized[id],
                "{}: is_finalized of node {id}",
                ctx()
            );
            let edges: Vec<usize> = node.edges.borrow().iter().map(|e| e.id).collect();
            assert_eq!(edges, self.model_edges[id], "{}: edges of node {id}", ctx());
            let upgrades: Vec<Option<Gc<Node>>> =
                node.weak_edges.borrow().iter().map(Weak::upgrade).collect();
            let recs = &mut self.model_weak_edges[id];
            assert_eq!(upgrades.len(), recs.len(), "{}: weak edges of {id}", ctx());
            for (upgrade, rec) in upgrades.into_iter().zip(recs.iter_mut()) {
                let dead = check_weak(upgrade, rec, &known, &mut self.stats, &ctx);
                record_cb(rec, dead);
            }
        }
        drop(view);
        let upgrades = upgrade_weaks();
        assert_eq!(upgrades.len(), self.weaks.len(), "{}: the test's weak handles", ctx());
        for (upgrade, rec) in upgrades.into_iter().zip(&mut self.weaks) {
            let dead = check_weak(upgrade, rec, &known, &mut self.stats, &ctx);
            record_cb(rec, dead);
        }

        let outcome = OpOutcome { garbage: &garbage, dropped_now: &dropped_now, alive: &alive };
        self.check_callbacks(&log, &cb_dead, &outcome, collecting, collected, &ctx);

        // Bookkeeping for the next operation.
        for rec in &mut self.weaks {
            rec.update(&reach);
        }
        let per_node = self.model_edges.iter_mut().zip(&mut self.model_weak_edges);
        for ((edges, weak_edges), &live) in per_node.zip(&alive) {
            if live {
                for rec in weak_edges.iter_mut() {
                    rec.update(&reach);
                }
            } else {
                edges.clear();
                weak_edges.clear();
            }
        }
        self.last_finals = finals;
        self.last_drops = drops;
    }

    /// The weakref-callback rules (see the module docs), after an operation. `cb_dead`: per
    /// callback id, whether the handles checked found its weak reference dead; `garbage`:
    /// what the collection that ran during the operation (if any) found to be garbage.
    fn check_callbacks(
        &mut self,
        log: &CallbackLog,
        cb_dead: &[Option<bool>],
        outcome: &OpOutcome<'_>,
        collecting: bool,
        collected: Option<(usize, usize)>,
        ctx: &dyn Fn() -> String,
    ) {
        let OpOutcome { garbage, dropped_now, alive } = *outcome;
        let ncb = self.callbacks.len();
        assert_eq!(log.calls.len(), ncb, "{}: callbacks unknown to the model", ctx());
        let full = matches!(collected, Some((2, _)));
        if full {
            for (&id, who) in log
                .upgrades
                .iter()
                .map(|id| (id, "callback"))
                .chain(log.final_upgrades.iter().map(|id| (id, "finalizer")))
            {
                assert!(
                    !garbage[id],
                    "{}: a {who} upgraded a weak reference to node {id}, which the collection \
                     found to be garbage",
                    ctx()
                );
            }
        }
        // Per weak reference: its handles at the start of the operation (for a collecting
        // one; the model's weak edges of nodes dropped now are still there) and after it;
        // whether one at the start was held by the test or by a node that was not garbage;
        // whether one was held throughout by the test or by a node alive after.
        let mut handles_start = vec![0usize; ncb];
        let mut handles_after = vec![0usize; ncb];
        let mut outside = vec![false; ncb];
        let mut kept = vec![false; ncb];
        for k in self.weaks.iter().filter_map(|rec| rec.cb) {
            handles_start[k] += 1;
            handles_after[k] += 1;
            outside[k] = true;
            kept[k] = true;
        }
        for (holder, recs) in self.model_weak_edges.iter().enumerate() {
            for k in recs.iter().filter_map(|rec| rec.cb) {
                handles_start[k] += 1;
                outside[k] |= !garbage[holder];
                if alive[holder] {
                    handles_after[k] += 1;
                    kept[k] = true;
                }
            }
        }
        let mut runs_now = vec![0u32; ncb];
        for &k in &log.runs {
            runs_now[k] += 1;
        }
        for k in 0..ncb {
            let CbModel { target, closed, disarmed } = self.callbacks[k];
            let calls = log.calls[k];
            let now = runs_now[k];
            let closure_dropped = log.closure_dropped[k];
            assert!(calls <= 1, "{}: callback {k} ran {calls} times", ctx());
            if closed || disarmed {
                assert_eq!(
                    now,
                    0,
                    "{}: callback {k} ran after {}",
                    ctx(),
                    if closed {
                        "every handle of its weak reference was dropped"
                    } else {
                        "a collection dropped it (a garbage weak reference)"
                    }
                );
                if closed {
                    continue;
                }
            }
            if now > 0 {
                self.stats.callbacks_run += 1;
                if collecting {
                    self.stats.callbacks_run_in_collections += 1;
                }
                assert!(
                    dropped_now[target] || garbage[target],
                    "{}: callback {k} ran although its referent, node {target}, neither died \
                     nor was found to be garbage",
                    ctx()
                );
            }
            if calls > 0 {
                assert!(closure_dropped, "{}: callback {k} ran but was not dropped", ctx());
            }
            if full && !disarmed && calls == now && handles_start[k] > 0 {
                // CPython's rules, exact in a full collection: a weak reference whose handles
                // are all owned by garbage is itself garbage, its callback never runs; any
                // other calls back if its referent was garbage, or died by reference counting
                // while a handle stayed held, and not while its referent lives.
                let expected = if !outside[k] {
                    Some(false)
                } else if garbage[target] {
                    Some(true)
                } else if alive[target] {
                    Some(false)
                } else if kept[k] {
                    Some(true)
                } else {
                    None
                };
                if let Some(expected) = expected {
                    assert_eq!(
                        now > 0,
                        expected,
                        "{}: full collection: callback {k} (referent node {target}{}; {} \
                         handles, {}) ran {now} times",
                        ctx(),
                        if garbage[target] { ", garbage" } else { "" },
                        handles_start[k],
                        if outside[k] {
                            "some not owned by garbage"
                        } else {
                            "all owned by garbage"
                        }
                    );
                    if expected {
                        self.stats.callbacks_required += 1;
                    }
                }
            }
            if handles_after[k] == 0 {
                assert!(
                    closure_dropped,
                    "{}: callback {k}: no handle of its weak reference is left, yet its \
                     closure was not dropped",
                    ctx()
                );
                if calls == 0 && !disarmed {
                    self.stats.callbacks_dropped_unrun += 1;
                }
                self.callbacks[k].closed = true;
                continue;
            }
            if closure_dropped && calls == 0 && !disarmed {
                assert!(
                    collecting && !outside[k],
                    "{}: callback {k} dropped unrun while its weak reference had handles not \
                     owned by garbage ({} handles)",
                    ctx(),
                    handles_after[k]
                );
                self.callbacks[k].disarmed = true;
                self.stats.callbacks_disarmed += 1;
                continue;
            }
            if let (false, Some(dead)) = (disarmed, cb_dead[k]) {
                // Cleared (and not disarmed) is the same as called back.
                assert_eq!(
                    dead,
                    calls == 1,
                    "{}: the weak reference of callback {k} (to node {target}, {} handles) is \
                     {} but its callback ran {calls} times",
                    ctx(),
                    handles_after[k],
                    if dead { "dead" } else { "alive" }
                );
                if now > 0 && !full {
                    self.stats.callbacks_required += 1;
                }
            }
        }
    }

    /// Unfreezes, drops every root, then clears `RESURRECTED` and collects until nothing is
    /// left; asserts that every node was dropped (exactly once: see the probe's violations)
    /// and, once the test's weak handles are gone too, every callback closure.
    fn finish(mut self) -> Stats {
        let random_ops = self.stats.ops;
        self.apply(&Op::Unfreeze);
        while roots_len() > 0 {
            self.apply(&Op::DropRoot { root: roots_len() - 1 });
        }
        // Each round finalizes at least one more node or ends: a resurrected node that is
        // dropped can free (through reference counting) a resurrecting node that was never
        // finalized, which then lands in RESURRECTED, so chains may need several rounds.
        let mut rounds = 0;
        loop {
            self.apply(&Op::ClearResurrected);
            self.apply(&Op::Collect { generation: 2 });
            rounds += 1;
            if resurrected_ids().is_empty() {
                break;
            }
            assert!(rounds <= self.model_edges.len() + 2, "teardown does not converge");
        }
        with_probe(|p| {
            let left: Vec<usize> = (0..p.dropped.len()).filter(|&i| !p.dropped[i]).collect();
            assert!(left.is_empty(), "nodes never dropped: {left:?}");
            assert!(p.finalized.iter().all(|&f| f), "nodes never finalized");
        });
        assert!(upgrade_weaks().iter().all(Option::is_none), "weak reference outlived everything");
        // Every referent is gone: dropping the handles only frees the slots (and the closures
        // of callbacks that never ran).
        drop(WEAKS.with(|w| std::mem::take(&mut *w.borrow_mut())));
        self.weaks.clear();
        with_probe(|p| {
            let kept: Vec<usize> =
                (0..p.cb_calls.len()).filter(|&k| !p.cb_closure_dropped[k]).collect();
            assert!(kept.is_empty(), "callback closures never dropped: {kept:?}");
        });
        let (runs, violations) =
            with_probe(|p| (std::mem::take(&mut p.cb_runs), std::mem::take(&mut p.violations)));
        assert!(runs.is_empty() && violations.is_empty(), "{runs:?} {violations:?}");
        assert_eq!(rcgc::get_freeze_count(), 0);
        assert_eq!(rcgc::collect(), 0);
        self.stats.teardown_ops = self.stats.ops - random_ops;
        self.stats.ops = random_ops;
        self.stats.max_teardown_rounds = rounds;
        self.stats
    }
}

/// What the callbacks did, as the probe saw it after an operation: per callback id, its runs
/// so far and whether its closure was dropped; the callbacks run during the operation and
/// the nodes their upgrades (and those of finalizers) reached.
struct CallbackLog {
    calls: Vec<u32>,
    closure_dropped: Vec<bool>,
    runs: Vec<usize>,
    upgrades: Vec<usize>,
    final_upgrades: Vec<usize>,
}

/// Per node id, after an operation: garbage for the collection that ran during it (if any),
/// dropped during it, alive after it.
#[derive(Clone, Copy)]
struct OpOutcome<'a> {
    garbage: &'a [bool],
    dropped_now: &'a [bool],
    alive: &'a [bool],
}

/// What the model knows when it checks a weak handle.
struct WeakContext<'a> {
    epoch: u32,
    alive: &'a [bool],
    finalized: &'a [bool],
}

/// Checks one weak handle's upgrade against its record; returns whether it was dead.
fn check_weak(
    upgrade: Option<Gc<Node>>,
    rec: &mut WeakRec,
    known: &WeakContext<'_>,
    stats: &mut Stats,
    ctx: &dyn Fn() -> String,
) -> bool {
    let WeakContext { epoch, alive, finalized } = *known;
    stats.weak_checks += 1;
    let target = rec.target;
    match upgrade {
        Some(node) => {
            assert!(Gc::try_deref(&node).is_some(), "{}: upgraded to a dropped value", ctx());
            assert_eq!(
                (node.epoch, node.id),
                (epoch, target),
                "{}: a weak reference upgraded to another object",
                ctx()
            );
            assert!(alive[target], "{}: weak reference to dropped node {target} upgraded", ctx());
            assert!(!rec.seen_dead, "{}: weak reference to node {target} came back to life", ctx());
            assert!(
                !rec.must_be_dead,
                "{}: weak reference to node {target} survived a full collection that found the \
                 node to be garbage",
                ctx()
            );
        }
        None => {
            if alive[target] {
                let holder_finalized = rec.holder.is_some_and(|holder| finalized[holder]);
                assert!(
                    (rec.target_was_garbage && finalized[target])
                        || (rec.holder_was_garbage && holder_finalized)
                        || rec.disarm_ok,
                    "{}: weak reference to live node {target} (held by {}) cleared, although \
                     neither the target nor the holder was garbage (and finalized) since: \
                     {rec:?}",
                    ctx(),
                    rec.holder.map_or("the test".to_string(), |h| format!("node {h}"))
                );
                if !rec.seen_dead {
                    if rec.target_was_garbage && finalized[target] {
                        stats.weaks_cleared_target_was_garbage += 1;
                    } else {
                        stats.weaks_cleared_holder_was_garbage += 1;
                    }
                }
            }
            rec.seen_dead = true;
        }
    }
    rec.seen_dead
}

// ---------------------------------------------------------------------------------------------
// Tests.

/// One case: the operations, then the teardown.
fn run_case(auto: bool, ops: &[Op]) -> Stats {
    let mut harness = Harness::new(auto);
    for op in ops {
        harness.apply(op);
    }
    harness.finish()
}

/// Forwards panics to the previous hook unless this thread is replaying quietly.
fn install_quiet_panic_hook() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.try_with(Cell::get).unwrap_or(false) {
                previous(info);
            }
        }));
    });
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => match payload.downcast::<&str>() {
            Ok(text) => text.to_string(),
            Err(_) => "<non-string panic payload>".to_string(),
        },
    }
}

/// Runs a case quietly; returns its panic message, if any, and its trace if asked for.
fn replay(auto: bool, ops: &[Op], trace: bool) -> (Option<String>, Vec<String>) {
    install_quiet_panic_hook();
    TRACE.with(|t| *t.borrow_mut() = trace.then(Vec::new));
    QUIET.with(|q| q.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_case(auto, ops)));
    QUIET.with(|q| q.set(false));
    let lines = TRACE.with(|t| t.borrow_mut().take()).unwrap_or_default();
    (outcome.err().map(panic_message), lines)
}

/// Delta debugging: removes chunks of operations (halving the chunk size down to single
/// operations) as long as the case still fails. Selectors are taken modulo the candidates,
/// so every subsequence is a valid case.
fn minimize(auto: bool, mut ops: Vec<Op>) -> Vec<Op> {
    let fails = |ops: &[Op]| replay(auto, ops, false).0.is_some();
    if !fails(&ops) {
        return ops;
    }
    let mut chunk = ops.len().div_ceil(2).max(1);
    loop {
        let mut progress = false;
        let mut start = 0;
        while start < ops.len() {
            let end = (start + chunk).min(ops.len());
            let candidate: Vec<Op> = ops[..start].iter().chain(&ops[end..]).cloned().collect();
            if fails(&candidate) {
                ops = candidate;
                progress = true;
            } else {
                start = end;
            }
        }
        if chunk > 1 {
            chunk /= 2;
        } else if !progress {
            return ops;
        }
    }
}

/// Random operation sequences against the model: 3/4 of the cases with automatic collection
/// off (deterministic), 1/4 with it on and thresholds (7, 3, 3). On failure, the sequence is
/// minimized (proptest's own shrinking cannot go below the minimum length) and replayed
/// with a trace of what each operation did.
#[test]
fn random_operations_match_the_reachability_oracle() {
    let cases = configured_cases().unwrap_or(DEFAULT_CASES);
    let config = Config {
        cases: u32::try_from(cases).expect("RCGC_ORACLE_CASES too large"),
        failure_persistence: None,
        max_shrink_iters: 0,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let strategy =
        (prop::bool::weighted(0.25), prop::collection::vec(op_strategy(), MIN_OPS..=MAX_OPS));
    let totals = Cell::new(Stats::default());
    let started = Instant::now();
    let result = runner.run(&strategy, |(auto, ops)| {
        let mut total = totals.get();
        total.add(&run_case(auto, &ops));
        totals.set(total);
        Ok(())
    });
    match result {
        Ok(()) => {}
        Err(TestError::Abort(reason)) => panic!("proptest aborted: {reason}"),
        Err(TestError::Fail(reason, (auto, ops))) => {
            let original = ops.len();
            let minimal = minimize(auto, ops);
            let (message, trace) = replay(auto, &minimal, true);
            panic!(
                "{reason}\n\nminimized from {original} to {} operations, automatic collection \
                 {}:\nlet ops = vec!{minimal:?};\n\nreplay:\n{}\n\nfailure: {}",
                minimal.len(),
                if auto { "on (thresholds 7, 3, 3)" } else { "off" },
                trace.join("\n"),
                message.as_deref().unwrap_or("(the minimized case passes: not reproducible)")
            );
        }
    }
    rcgc::set_threshold(700, 10, 10);
    rcgc::enable();
    let total = totals.get();
    eprintln!(
        "rcgc oracle: {} random operations (+{} teardown) in {} cases ({} with automatic \
         collection), {:.1?}; {total:?}",
        total.ops,
        total.teardown_ops,
        total.cases,
        total.auto_cases,
        started.elapsed()
    );
    assert_eq!(total.cases, cases);
    assert!(total.ops >= cases * MIN_OPS, "{total:?}");
    if cases >= DEFAULT_CASES {
        assert!(total.ops >= 100_000, "{total:?}");
    }
}

/// A hand-written sequence through the same harness, documenting what the model expects:
/// a garbage cycle with a resurrecting member, a resurrection by reference counting, and
/// finalizers that never run twice.
#[test]
fn a_cycle_with_a_resurrecting_member() {
    fn alive() -> Vec<usize> {
        with_probe(|p| (0..p.dropped.len()).filter(|&i| !p.dropped[i]).collect())
    }
    fn unroot(h: &mut Harness, id: usize) {
        let root = h.model_roots.iter().position(|&r| r == id).unwrap();
        h.apply(&Op::DropRoot { root });
    }
    fn edge(h: &mut Harness, from: usize, to: usize) {
        let op = Op::AddEdge { from: h.pos(from), to: h.pos(to) };
        h.apply(&op);
    }
    fn weak(h: &mut Harness, id: usize) -> usize {
        let op = Op::Downgrade { node: h.pos(id) };
        h.apply(&op);
        h.weaks.len() - 1
    }
    fn upgrades(h: &Harness, weak: usize) -> bool {
        let _ = h;
        WEAKS.with(|w| w.borrow()[weak].upgrade().is_some())
    }
    fn weak_edge(h: &mut Harness, from: usize, to: usize) {
        let op = Op::AddWeakEdge { from: h.pos(from), to: h.pos(to) };
        h.apply(&op);
    }
    /// Whether each weak edge of node `id` upgrades.
    fn weak_edges_upgrade(h: &Harness, id: usize) -> Vec<bool> {
        let view = h.view();
        let node = view.iter().find(|node| node.id == id).expect("reachable");
        let upgrades = node.weak_edges.borrow().iter().map(|w| w.upgrade().is_some()).collect();
        upgrades
    }

    let mut h = Harness::new(false);
    let (a, b, c, d, e) = (0, 1, 2, 3, 4);
    h.apply(&Op::Create { resurrect: false }); // a
    h.apply(&Op::Create { resurrect: true }); // b: its finalizer resurrects it
    h.apply(&Op::Create { resurrect: false }); // c
    h.apply(&Op::Create { resurrect: true }); // d
    h.apply(&Op::Create { resurrect: false }); // e: a root throughout
    edge(&mut h, a, b);
    edge(&mut h, b, a); // a <-> b
    edge(&mut h, b, c); // b -> c
    let weak_a = weak(&mut h, a);
    let weak_c = weak(&mut h, c);
    let weak_d = weak(&mut h, d);
    weak_edge(&mut h, a, d); // a ~> d: d's weak reference, shared with `weak_d`
    weak_edge(&mut h, c, e); // c ~> e: the only handle of e's weak reference

    // a, b, c lose their roots: a cycle (and what it holds) survives reference counting.
    unroot(&mut h, a);
    unroot(&mut h, b);
    unroot(&mut h, c);
    assert_eq!(alive(), [a, b, c, d, e]);
    assert!(upgrades(&h, weak_a) && upgrades(&h, weak_c));

    // d is not in a cycle: reference counting finalizes it at once, and it resurrects.
    unroot(&mut h, d);
    assert_eq!(h.last_finals, [d]);
    assert_eq!(resurrected_ids(), [d]);
    assert!(upgrades(&h, weak_d), "reference counting does not clear weak refs of d");

    // The collection finalizes the garbage {a, b, c}; b resurrects and keeps a and c alive.
    // Weak references to the garbage were cleared before the finalizers ran (CPython): a is
    // alive but `weak_a` is dead for good. So is c's weak reference to e, although e is
    // alive: all its handles were owned by garbage (CPython clears weakrefs that are garbage
    // themselves, bpo-38006); a's to d lives on, `weak_d` being a handle of it too.
    h.apply(&Op::Collect { generation: 2 });
    assert_eq!(h.last_finals, [a, b, c]);
    assert!(h.last_drops.is_empty());
    assert_eq!(resurrected_ids(), [d, b]);
    assert_eq!(alive(), [a, b, c, d, e]);
    assert!(!upgrades(&h, weak_a) && !upgrades(&h, weak_c));
    assert_eq!(weak_edges_upgrade(&h, a), [true]);
    assert_eq!(weak_edges_upgrade(&h, c), [false]);

    // Nothing new is garbage.
    h.apply(&Op::Collect { generation: 2 });
    assert!(h.last_finals.is_empty() && h.last_drops.is_empty());

    // Dropping the resurrected handles: d goes at once, without a second finalizer run; a, b
    // and c are a garbage cycle again, whose finalizers have all run.
    h.apply(&Op::ClearResurrected);
    assert_eq!(h.last_drops, [d]);
    assert!(h.last_finals.is_empty());
    assert!(!upgrades(&h, weak_d));
    assert_eq!(alive(), [a, b, c, e]);

    // This time nothing resurrects: all three are freed, and `collect` counts them.
    h.apply(&Op::Collect { generation: 2 });
    assert!(h.last_finals.is_empty());
    assert_eq!(h.last_drops.len(), 3);
    assert_eq!(alive(), [e]);
    assert!(resurrected_ids().is_empty());

    let stats = h.finish();
    assert_eq!(stats.resurrections, 2);
    assert_eq!(stats.freed_by_full_collections, 3);
    assert_eq!(stats.weaks_cleared_target_was_garbage, 2); // weak_a, weak_c
    assert_eq!(stats.weaks_cleared_holder_was_garbage, 1); // c ~> e
}

/// A hand-written sequence through the same harness, documenting the weakref-callback and
/// freeze rules the model expects (every operation is also checked against the model).
#[test]
fn weakref_callbacks_and_a_frozen_cycle() {
    fn calls(cb: usize) -> u32 {
        with_probe(|p| p.cb_calls[cb])
    }
    fn unroot(h: &mut Harness, id: usize) {
        let root = h.model_roots.iter().position(|&r| r == id).unwrap();
        h.apply(&Op::DropRoot { root });
    }
    fn edge(h: &mut Harness, from: usize, to: usize) {
        let op = Op::AddEdge { from: h.pos(from), to: h.pos(to) };
        h.apply(&op);
    }
    /// A weak reference with a callback held by the test: (callback id, weak index).
    fn weak_cb(h: &mut Harness, id: usize) -> (usize, usize) {
        let op = Op::DowngradeCb { node: h.pos(id) };
        h.apply(&op);
        (h.callbacks.len() - 1, h.weaks.len() - 1)
    }
    /// A weak reference with a callback held by node `from`: its callback id.
    fn weak_edge_cb(h: &mut Harness, from: usize, to: usize) -> usize {
        let op = Op::AddWeakEdgeCb { from: h.pos(from), to: h.pos(to) };
        h.apply(&op);
        h.callbacks.len() - 1
    }

    let mut h = Harness::new(false);
    let (a, b, c, d, e, f) = (0, 1, 2, 3, 4, 5);
    for _ in [a, b, c, d, e] {
        h.apply(&Op::Create { resurrect: false });
    }
    edge(&mut h, a, b);
    edge(&mut h, b, a); // a <-> b
    let (on_a, _) = weak_cb(&mut h, a); // held by the test
    let on_b = weak_edge_cb(&mut h, e, b); // held by e, a root throughout
    let a_from_b = weak_edge_cb(&mut h, b, a); // held by b only: garbage with b
    let (on_d, weak_d) = weak_cb(&mut h, d);
    let (on_c, _) = weak_cb(&mut h, c);

    // (b) Every handle of a weak reference dropped before its referent dies: no callback.
    h.apply(&Op::DropWeak { weak: weak_d });
    unroot(&mut h, d);
    assert_eq!(h.last_drops, [d]);
    assert_eq!(calls(on_d), 0);
    assert!(h.callbacks[on_d].closed);

    // (a) Held by the test: the callback runs once, when reference counting frees c.
    unroot(&mut h, c);
    assert_eq!(h.last_drops, [c]);
    assert_eq!(calls(on_c), 1);

    // a and b become a garbage cycle, then are frozen with e: a full collection leaves them
    // alone, and calls nothing back; a cycle made after the freeze is collected as usual.
    unroot(&mut h, a);
    unroot(&mut h, b);
    h.apply(&Op::Freeze);
    assert_eq!(rcgc::get_freeze_count(), 3); // a, b, e
    h.apply(&Op::Create { resurrect: false }); // f
    edge(&mut h, f, f);
    unroot(&mut h, f);
    h.apply(&Op::Collect { generation: 2 });
    assert_eq!(h.last_drops, [f]);
    assert_eq!(rcgc::get_freeze_count(), 3);
    assert_eq!((calls(on_a), calls(on_b), calls(a_from_b)), (0, 0, 0));

    // (c) Unfrozen, the next full collection frees the cycle. The callbacks of the weak
    // references held by the test (to a) and by the live e (to b) run; that of b's weak
    // reference to a does not: all its handles were owned by garbage (CPython's rule).
    h.apply(&Op::Unfreeze);
    assert_eq!(rcgc::get_freeze_count(), 0);
    h.apply(&Op::Collect { generation: 2 });
    assert_eq!(h.last_drops.len(), 2);
    assert_eq!((calls(on_a), calls(on_b), calls(a_from_b)), (1, 1, 0));
    assert!(h.callbacks[a_from_b].closed); // its closure went with b

    let stats = h.finish();
    assert_eq!(stats.callbacks, 5);
    assert_eq!(stats.callbacks_run, 3);
    assert_eq!(stats.callbacks_dropped_unrun, 2); // on_d, a_from_b
    assert_eq!(stats.freezes, 1);
}

/// Builds a chain of `n` nodes (each points to the previous one); returns (head, tail),
/// the head owning the whole chain. `resurrect(depth)` gives the flag of the node at that
/// distance from the head.
fn chain_with(n: usize, resurrect: impl Fn(usize) -> bool) -> (Gc<Node>, Gc<Node>) {
    let tail = new_node(resurrect(n - 1));
    let mut head = tail.clone();
    for created in 1..n {
        let node = new_node(resurrect(n - 1 - created));
        node.edges.borrow_mut().push(head);
        head = node;
    }
    (head, tail)
}

fn chain(n: usize, resurrect: bool) -> (Gc<Node>, Gc<Node>) {
    chain_with(n, |_| resurrect)
}

fn dropped_and_finalized() -> (usize, usize) {
    with_probe(|p| {
        assert!(p.violations.is_empty(), "{:#?}", p.violations);
        p.drops.clear();
        p.finals.clear();
        (p.dropped.iter().filter(|&&d| d).count(), p.finalized.iter().filter(|&&f| f).count())
    })
}

fn deep_structures(n: usize) {
    install_unraisable_hook();
    rcgc::disable();

    // 1. A chain dropped at once: reference counting, with deferred deallocation.
    let (head, tail) = chain(n, false);
    drop(tail);
    assert_eq!(dropped_and_finalized(), (0, 0));
    drop(head);
    assert_eq!(dropped_and_finalized(), (n, n));

    // 2. A garbage cycle of n nodes, collected.
    let (head, tail) = chain(n, false);
    tail.edges.borrow_mut().push(head.clone());
    drop((head, tail));
    assert_eq!(dropped_and_finalized(), (n, n));
    assert_eq!(rcgc::collect(), n);
    assert_eq!(dropped_and_finalized(), (2 * n, 2 * n));

    // 3. The same cycle with resurrecting finalizers: the first collection finalizes and
    // resurrects every node, the second frees them without running a finalizer again.
    let (head, tail) = chain(n, true);
    tail.edges.borrow_mut().push(head.clone());
    drop((head, tail));
    assert_eq!(rcgc::collect(), 0);
    assert_eq!(RESURRECTED.with(|r| r.borrow().len()), n);
    assert_eq!(dropped_and_finalized(), (2 * n, 3 * n));
    drop(take_resurrected());
    assert_eq!(dropped_and_finalized(), (2 * n, 3 * n));
    assert_eq!(rcgc::collect(), n);
    assert_eq!(dropped_and_finalized(), (3 * n, 3 * n));
    assert!(resurrected_ids().is_empty());

    // 4. A young two-node cycle owning a long chain that lives in the oldest generation:
    // collecting generation 0 frees the cycle, whose drop frees the chain by reference
    // counting, inside the collector.
    let (head, tail) = chain(n, false);
    drop(tail);
    assert_eq!(rcgc::collect(), 0); // the chain survives into generation 2
    let a = new_node(false);
    let b = new_node(false);
    a.edges.borrow_mut().push(b.clone());
    b.edges.borrow_mut().push(a.clone());
    a.edges.borrow_mut().push(head);
    drop((a, b));
    assert_eq!(dropped_and_finalized(), (3 * n, 3 * n));
    assert_eq!(rcgc::collect_generation(0), 2);
    assert_eq!(dropped_and_finalized(), (4 * n + 2, 4 * n + 2));

    // 5. Resurrection during a deferred deallocation: dropping the head of a chain defers the
    // nodes at depth 50, 100, ... (the trashcan); the node at depth 100 resurrects while
    // being drained from the queue, so it must be tracked again. Each round turns the
    // resurrected nodes into self-cycles and collects them: the first collection finds the
    // rest of the chain to be garbage too, and runs the finalizers of both deeper
    // resurrecting nodes, which resurrect; the second frees everything.
    let resurrecting = [100, 250, n / 2];
    let (head, tail) = chain_with(n, |depth| resurrecting.contains(&depth));
    drop(tail);
    drop(head);
    let (dropped, _) = dropped_and_finalized();
    assert_eq!(dropped, 4 * n + 2 + 100);
    let mut rounds = 0;
    loop {
        let resurrected = take_resurrected();
        if resurrected.is_empty() {
            break;
        }
        rounds += 1;
        for node in &resurrected {
            node.edges.borrow_mut().push(node.clone());
        }
        drop(resurrected);
        assert!(rcgc::collect() > 0, "round {rounds}: a resurrected node was lost");
    }
    assert_eq!(rounds, 2);
    assert_eq!(dropped_and_finalized(), (5 * n + 2, 5 * n + 2));

    assert_eq!(rcgc::collect(), 0);
    rcgc::enable();
}

/// 10^6-node structures (10^4 when `RCGC_ORACLE_CASES` < 50), on a thread with the default
/// main-thread stack (8 MiB): none of them may overflow it.
#[test]
fn deep_structures_do_not_overflow_the_stack() {
    let n = deep_size();
    let started = Instant::now();
    let worker = std::thread::Builder::new()
        .name("rcgc-oracle-deep".into())
        .stack_size(8 << 20)
        .spawn(move || deep_structures(n))
        .expect("spawn");
    if let Err(panic) = worker.join() {
        std::panic::resume_unwind(panic);
    }
    eprintln!("rcgc oracle: deep structures of {n} nodes in {:.1?}", started.elapsed());
}
