//! The workloads, written once against [`Sys`], the small adapter each system implements with
//! its own crate's public API (see `systems/`). Every system therefore builds exactly the same
//! object graphs with the same node shapes; only the pointer type and the collection calls
//! differ.

use std::hint::black_box;
use std::time::{Duration, Instant};

use crate::harness::{measure, ms, ns_per, us, Cfg, Kind, Outcome, SplitMix};
use crate::rows::Row;

/// Which field of a [`Sys::Tri`] node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    A,
    B,
    C,
}

/// The four node shapes every workload is built from, and the collector controls.
///
/// - `Small`: `{ next: Option<handle>, value: u64 }` (alloc+free, 2-cycles, chains, pauses).
/// - `Multi`: `{ edges: Vec<handle> }`, CPython's list (flat trees, gc_traversal, dumpster).
/// - `Graph`: `{ label: String, edges: Vec<handle> }` (rust-cc's stress test).
/// - `Tri`: `{ a, b, c: Option<handle> }` (rings: next/prev; trees: left/right/parent; lists:
///   next/previous).
///
/// Interior mutability is each crate's own (`RefCell`, or `GcCell` for `gc`). Methods that
/// replace a handle return the old one so that it is dropped after the borrow ends.
pub trait Sys: 'static {
    /// The system has a cycle collector (false for `std::rc::Rc`).
    const COLLECTOR: bool = true;
    /// The system collects automatically (a threshold, a byte budget, ...).
    const AUTO: bool;

    type Small: Clone;
    type Multi: Clone;
    type Graph: Clone;
    type Tri: Clone;

    fn small(value: u64) -> Self::Small;
    fn small_value(small: &Self::Small) -> u64;
    fn set_next(small: &Self::Small, next: Option<Self::Small>) -> Option<Self::Small>;

    fn multi(edges: Vec<Self::Multi>) -> Self::Multi;
    fn with_edges<R>(multi: &Self::Multi, f: impl FnOnce(&mut Vec<Self::Multi>) -> R) -> R;

    fn graph(label: String) -> Self::Graph;
    fn with_graph_edges<R>(graph: &Self::Graph, f: impl FnOnce(&mut Vec<Self::Graph>) -> R) -> R;

    /// A `Tri` with `a` and `b` set and `c` empty.
    fn tri(a: Option<Self::Tri>, b: Option<Self::Tri>) -> Self::Tri;
    fn set_slot(tri: &Self::Tri, slot: Slot, value: Option<Self::Tri>) -> Option<Self::Tri>;
    fn with_slot<R>(tri: &Self::Tri, slot: Slot, f: impl FnOnce(Option<&Self::Tri>) -> R) -> R;

    /// The crate's explicit "collect all garbage cycles now" call.
    fn collect();
    /// The collection the system runs on its own between full ones: its youngest generation
    /// where it has generations (rcgc), otherwise the same as `collect`.
    fn collect_young() {
        Self::collect();
    }
    /// Switches automatic collection off for the rest of the process (each cell runs in its
    /// own process). No-op for systems without automatic collection.
    fn disable_auto();
}

/// Runs one row on system `S`, or says why `S` cannot express it.
pub fn run<S: Sys>(row: Row, cfg: &Cfg) -> Outcome {
    if !S::COLLECTOR && row.needs_collector() {
        return Outcome::na("no cycle collector");
    }
    if !S::COLLECTOR && row.cyclic() {
        return Outcome::na("cyclic: Rc leaks it");
    }
    match row {
        Row::CloneDrop => clone_drop::<S>(cfg),
        Row::AllocFree => alloc_free::<S>(cfg),
        Row::Full(i) => full_collection::<S>(cfg, cfg.full_sizes()[i]),
        Row::FullChurned(i) => full_churned::<S>(cfg, cfg.full_sizes()[i]),
        Row::CyclesReclaimChurned => cycles_churned::<S>(cfg),
        Row::CyclesBuildReclaim => cycles::<S>(cfg, false),
        Row::CyclesReclaim => cycles::<S>(cfg, true),
        Row::GcCollect => gc_collect::<S>(cfg, false),
        Row::GcCollectChurned => gc_collect::<S>(cfg, true),
        Row::GcTraversal => gc_traversal::<S>(cfg),
        Row::Chain => chain::<S>(cfg),
        Row::Gen0Pause | Row::Gen0PauseChurned => Outcome::na("no generations"),
        Row::AllocPause | Row::AllocPauseChurned if !S::AUTO && S::COLLECTOR => {
            Outcome::na("no automatic collection")
        }
        Row::AllocPause => alloc_pause::<S>(cfg, false),
        Row::AllocPauseChurned => alloc_pause::<S>(cfg, true),
        Row::Dumpster => dumpster::<S>(cfg),
        Row::Stress => stress::<S>(cfg),
        Row::Trees => trees::<S>(cfg, false),
        Row::TreesParent => trees::<S>(cfg, true),
        Row::Lists => lists::<S>(cfg),
        Row::Memory => memory::<S>(cfg),
        Row::OldHeap(young) => old_heap::<S>(cfg, young),
    }
}

/// (1) Clone and drop a handle to a live tracked object, in batches; default settings.
fn clone_drop<S: Sys>(cfg: &Cfg) -> Outcome {
    let n = cfg.batch();
    let handle = S::small(1);
    let samples = measure(cfg, Kind::Micro, || {
        let start = Instant::now();
        for _ in 0..n {
            let copy = black_box(&handle).clone();
            drop(black_box(copy));
        }
        ns_per(start.elapsed(), n)
    });
    assert_eq!(S::small_value(&handle), 1);
    drop(handle);
    S::collect();
    Outcome::ok(n, samples)
}

/// (2) Allocate a small tracked object and drop its only handle, in batches; default
/// settings (automatic collection on where the system has it).
fn alloc_free<S: Sys>(cfg: &Cfg) -> Outcome {
    let n = cfg.batch();
    let samples = measure(cfg, Kind::Micro, || {
        let start = Instant::now();
        for i in 0..n as u64 {
            drop(black_box(S::small(black_box(i))));
        }
        ns_per(start.elapsed(), n)
    });
    S::collect();
    Outcome::ok(n, samples)
}

/// Clones and drops `handle`, untimed. Trial-deletion collectors (rust-cc, bacon_rajan_cc,
/// dumpster) only examine objects whose count was decremented since their last collection;
/// this makes the whole live structure a candidate, so that every system's collection has to
/// establish that the live objects are alive. For the others it changes nothing.
fn touch<T: Clone>(handle: &T) {
    drop(black_box(handle.clone()));
}

/// (3) One full collection with `n` live objects: a root `Multi` holding `n - 1` leaves.
/// Automatic collection off; built once, collected once untimed (CPython and rcgc move
/// everything to the oldest generation), then each sample times one collection.
fn full_collection<S: Sys>(cfg: &Cfg, n: usize) -> Outcome {
    S::disable_auto();
    let root = S::multi((1..n).map(|_| S::multi(Vec::new())).collect());
    time_full_collections::<S>(cfg, root, n)
}

/// Collects once untimed, then times one collection per sample over `root` (a `Multi` with
/// `n - 1` leaves: `n` live objects), then drops it.
fn time_full_collections<S: Sys>(cfg: &Cfg, root: S::Multi, n: usize) -> Outcome {
    touch(&root);
    S::collect();
    let samples = measure(cfg, Kind::Collection, || {
        touch(&root);
        let start = Instant::now();
        S::collect();
        ns_per(start.elapsed(), n)
    });
    assert_eq!(S::with_edges(&root, |edges| edges.len()), n - 1);
    drop(root);
    S::collect();
    Outcome::ok(n, samples)
}

/// Indices `0..count` in a random order (Fisher-Yates on SplitMix draws from `seed`), the same
/// order as `scripts/bench-compare.py`'s `shuffled`.
pub fn shuffled(count: usize, seed: u64) -> Vec<usize> {
    let draws = SplitMix::draws(seed, count);
    let mut order: Vec<usize> = (0..count).collect();
    for i in (1..count).rev() {
        let j = (draws[i] % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// `slots` filled by `make` on a churned heap: all made, a random half dropped (in random
/// order), the holes made again in index order. Survivors and newcomers interleave in memory,
/// and an allocator's reuse of freed blocks scatters the newcomers, so neither the order of
/// `slots` nor a collector's list order follows addresses any more.
fn churned<T>(slots: usize, seed: u64, mut make: impl FnMut() -> T) -> Vec<T> {
    let mut items: Vec<Option<T>> = (0..slots).map(|_| Some(make())).collect();
    for &i in &shuffled(slots, seed)[..slots / 2] {
        items[i] = None;
    }
    items.into_iter().map(|item| item.unwrap_or_else(&mut make)).collect()
}

/// (3, churned) `full_collection` over `n` live objects whose `n - 1` leaves were built by
/// [`churned`].
fn full_churned<S: Sys>(cfg: &Cfg, n: usize) -> Outcome {
    S::disable_auto();
    let root = S::multi(churned(n - 1, 777, || S::multi(Vec::new())));
    time_full_collections::<S>(cfg, root, n)
}

/// (4, churned) `n` garbage two-object cycles reclaimed by one timed collection, built right
/// after `2n` `Small`s were made and dropped in a random order: the allocator hands the
/// freed blocks back in that order, so the cycles' objects lie scattered through memory and
/// consecutive ones are rarely neighbours. Only the collection is timed.
fn cycles_churned<S: Sys>(cfg: &Cfg) -> Outcome {
    S::disable_auto();
    let n = cfg.pairs();
    let samples = measure(cfg, Kind::Collection, || {
        scatter_free_blocks(2 * n, 778, S::small);
        build_pairs::<S>(n);
        let start = Instant::now();
        S::collect();
        ns_per(start.elapsed(), n)
    });
    Outcome::ok(n, samples)
}

/// Makes `count` objects with `make` and drops them in a random order (from `seed`): the
/// allocator's free lists then hand the blocks back scattered, so what is allocated next lies
/// out of address order.
fn scatter_free_blocks<T>(count: usize, seed: u64, mut make: impl FnMut(u64) -> T) {
    let mut ballast: Vec<Option<T>> = (0..count as u64).map(|i| Some(make(i))).collect();
    for i in shuffled(count, seed) {
        ballast[i] = None;
    }
}

/// The survivors of a churned heap kept alive beside a pause workload: `count` `Small`s made,
/// a random half dropped (their blocks scattered in the free lists the timed allocations
/// draw from). Built with automatic collection as the system has it, before the timing.
pub fn churned_survivors<S: Sys>(count: usize, seed: u64) -> Vec<S::Small> {
    let mut items: Vec<Option<S::Small>> = (0..count as u64).map(|i| Some(S::small(i))).collect();
    for &i in &shuffled(count, seed)[..count / 2] {
        items[i] = None;
    }
    items.into_iter().flatten().collect()
}

fn build_pairs<S: Sys>(n: usize) {
    for i in 0..n as u64 {
        let a = S::small(i);
        let b = S::small(i);
        S::set_next(&b, Some(a.clone()));
        S::set_next(&a, Some(b));
    }
}

/// (4) `n` garbage two-object cycles (`a.next = b`, `b.next = a`, no outside handle),
/// reclaimed by one explicit collection. Automatic collection off.
fn cycles<S: Sys>(cfg: &Cfg, reclaim_only: bool) -> Outcome {
    S::disable_auto();
    let n = cfg.pairs();
    let samples = measure(cfg, Kind::Collection, || {
        if reclaim_only {
            build_pairs::<S>(n);
            let start = Instant::now();
            S::collect();
            ns_per(start.elapsed(), n)
        } else {
            let start = Instant::now();
            build_pairs::<S>(n);
            S::collect();
            ns_per(start.elapsed(), n)
        }
    });
    Outcome::ok(n, samples)
}

fn link<S: Sys>(a: &S::Tri, b: &S::Tri) {
    drop(S::set_slot(a, Slot::A, Some(b.clone())));
    drop(S::set_slot(b, Slot::B, Some(a.clone())));
}

/// (5) pyperformance gc_collect: rings of `links + 1` doubly linked nodes (`a` = next,
/// `b` = prev), all dropped, then one timed collection. Automatic collection off. `churned`:
/// each sample first makes twice as many nodes and drops them in a random order, so that the
/// rings' nodes are scattered (as `cycles_churned`).
fn gc_collect<S: Sys>(cfg: &Cfg, churned: bool) -> Outcome {
    S::disable_auto();
    let (rings, links) = cfg.rings();
    let samples = measure(cfg, Kind::Collection, || {
        S::collect();
        if churned {
            scatter_free_blocks(2 * rings * (links + 1), 779, |_| S::tri(None, None));
        }
        let heads: Vec<S::Tri> = (0..rings)
            .map(|_| {
                let head = S::tri(None, None);
                let mut current = head.clone();
                for _ in 0..links {
                    let next = S::tri(None, None);
                    link::<S>(&current, &next);
                    current = next;
                }
                link::<S>(&current, &head);
                head
            })
            .collect();
        drop(heads);
        let start = Instant::now();
        S::collect();
        us(start.elapsed())
    });
    Outcome::ok(rings * (links + 1), samples)
}

/// (6) pyperformance gc_traversal: level `n` is a `Multi` holding `n` references to level
/// `n - 1`; the top level is live. Each sample times one collection that finds nothing.
/// Automatic collection off.
fn gc_traversal<S: Sys>(cfg: &Cfg) -> Outcome {
    S::disable_auto();
    let levels = cfg.levels();
    let mut current = S::multi(Vec::new());
    for n in 0..levels {
        let edges = vec![current.clone(); n];
        current = S::multi(edges);
    }
    touch(&current);
    S::collect();
    let samples = measure(cfg, Kind::Collection, || {
        touch(&current);
        let start = Instant::now();
        S::collect();
        us(start.elapsed())
    });
    assert_eq!(S::with_edges(&current, |edges| edges.len()), levels - 1);
    drop(current);
    S::collect();
    Outcome::ok(levels, samples)
}

/// (7) A chain of `n` `Small`s (each holding the previous one) built with automatic
/// collection off; timed: dropping the head plus one explicit collection (which is where a
/// tracing collector frees the chain). Runs on an 8 MiB stack: recursive destruction
/// overflows it and is reported as a crash.
fn chain<S: Sys>(cfg: &Cfg) -> Outcome {
    S::disable_auto();
    let n = cfg.chain();
    let samples = measure(cfg, Kind::Heavy, || {
        let mut head = S::small(0);
        for i in 1..n as u64 {
            let node = S::small(i);
            S::set_next(&node, Some(head));
            head = node;
        }
        let start = Instant::now();
        drop(head);
        S::collect();
        ms(start.elapsed())
    });
    Outcome::ok(n, samples)
}

/// (8) The longest single `S::small` call while allocating `n` objects that stay alive, with
/// automatic collection on: the largest pause an automatic collection caused (for `Rc`, the
/// allocator's own worst case: the floor). The handles go to a vector allocated beforehand.
/// One run per process (`Kind::Fresh`), so that every run starts from the collector's
/// initial state. `churned`: first `n` `Small`s are made and a random half dropped; the other
/// half stays alive through the timed allocations (see [`churned_survivors`]).
fn alloc_pause<S: Sys>(cfg: &Cfg, churned: bool) -> Outcome {
    let n = cfg.pause_allocations();
    let mut note = String::new();
    let samples = measure(cfg, Kind::Fresh, || {
        let survivors = if churned { churned_survivors::<S>(n, 780) } else { Vec::new() };
        let mut keep = Vec::with_capacity(n);
        let mut pauses = Vec::with_capacity(4096);
        let mut longest = Duration::ZERO;
        for i in 0..n as u64 {
            let start = Instant::now();
            let object = S::small(i);
            let elapsed = start.elapsed();
            longest = longest.max(elapsed);
            if elapsed >= PAUSE && pauses.len() < pauses.capacity() {
                pauses.push(elapsed);
            }
            keep.push(object);
        }
        drop(keep);
        drop(survivors);
        S::collect();
        pauses.sort();
        let at = |q: f64| {
            pauses
                .get(((pauses.len() as f64 - 1.0) * q).round() as usize)
                .copied()
                .unwrap_or_default()
        };
        note = format!(
            "allocations of {} µs or more: {}, median {:.0} µs, p99 {:.0} µs, largest {:.0} µs \
             (last run)",
            PAUSE.as_micros(),
            pauses.len(),
            us(at(0.5)),
            us(at(0.99)),
            us(at(1.0))
        );
        us(longest)
    });
    Outcome::Ok { size: n, samples, note }
}

/// An allocation at least this long counts as a pause in (8): far above an allocator's own
/// cost, below any collection of a sizeable heap.
const PAUSE: Duration = Duration::from_micros(20);

/// (10) Resident memory per object: `n` `Small`s kept alive in a vector of `Option`s filled
/// with `None` beforehand (its pages are resident before the first reading, and an `Option` of
/// a handle is the handle's size for every system), resident set size read before and after.
/// What a system's objects really cost: its allocation (header, value, links), the
/// allocator's rounding to its size classes and its own bookkeeping. One run per process, so
/// that memory freed by earlier workloads cannot be reused.
fn memory<S: Sys>(cfg: &Cfg) -> Outcome {
    let n = cfg.memory_objects();
    if crate::harness::resident_bytes().is_none() {
        return Outcome::na("no /proc/self/status");
    }
    let samples = measure(cfg, Kind::Fresh, || {
        let mut keep: Vec<Option<S::Small>> = Vec::with_capacity(n);
        keep.resize_with(n, || None);
        let before = crate::harness::resident_bytes().expect("checked");
        for (i, slot) in keep.iter_mut().enumerate() {
            *slot = Some(S::small(i as u64));
        }
        let after = crate::harness::resident_bytes().expect("checked");
        let sum: u64 = keep.iter().flatten().map(S::small_value).sum();
        assert_eq!(sum, (n as u64 - 1) * n as u64 / 2);
        drop(keep);
        S::collect();
        after.saturating_sub(before) as f64 / n as f64
    });
    Outcome::ok(n, samples)
}

/// (11) A large old heap with few changes between collections: a root `Multi` with `n - 1`
/// leaves, collected once (rcgc's and CPython's survivors reach the oldest generation); then
/// each sample replaces `k` random leaves with new ones and clones and drops `k` other random
/// leaves (trial-deletion collectors examine just those), and times one collection, full or
/// young (see [`Sys::collect_young`]). Automatic collection off.
fn old_heap<S: Sys>(cfg: &Cfg, young: bool) -> Outcome {
    S::disable_auto();
    let n = cfg.full_sizes()[2];
    let k = cfg.old_heap_changes();
    let root = S::multi((1..n).map(|_| S::multi(Vec::new())).collect());
    touch(&root);
    S::collect();
    let mut draws = SplitMix(0x01d_4ea9);
    let samples = measure(cfg, Kind::Collection, || {
        S::with_edges(&root, |edges| {
            for _ in 0..k {
                let i = (draws.next_u64() % edges.len() as u64) as usize;
                edges[i] = S::multi(Vec::new());
                let j = (draws.next_u64() % edges.len() as u64) as usize;
                touch(&edges[j]);
            }
        });
        let start = Instant::now();
        if young {
            S::collect_young();
        } else {
            S::collect();
        }
        us(start.elapsed())
    });
    assert_eq!(S::with_edges(&root, |edges| edges.len()), n - 1);
    drop(root);
    S::collect();
    Outcome::ok(n, samples)
}

/// (9) dumpster's benchmark, re-implemented: 50 `Multi`s, then `ops` operations drawn from a
/// fixed seed (create a root; add an edge between two roots; drop a root; drop an edge), all
/// roots dropped, one explicit collection. Timed: the operations, the drop and the final
/// collection. Default settings (automatic collection on where the system has it). Every
/// operation consumes three draws, generated before the clock starts.
fn dumpster<S: Sys>(cfg: &Cfg) -> Outcome {
    let ops = cfg.dumpster_ops();
    let draws = SplitMix::draws(12345, 3 * ops);
    let samples = measure(cfg, Kind::Heavy, || {
        let mut roots: Vec<S::Multi> = (0..50).map(|_| S::multi(Vec::new())).collect();
        let start = Instant::now();
        for op in draws.chunks_exact(3) {
            if roots.is_empty() {
                roots.push(S::multi(Vec::new()));
                continue;
            }
            let len = roots.len() as u64;
            match op[0] % 4 {
                0 => roots.push(S::multi(Vec::new())),
                1 => {
                    if roots.len() > 1 {
                        let from = (op[1] % len) as usize;
                        let to = roots[(op[2] % len) as usize].clone();
                        S::with_edges(&roots[from], |edges| edges.push(to));
                    }
                }
                2 => drop(roots.swap_remove((op[1] % len) as usize)),
                _ => {
                    let from = (op[1] % len) as usize;
                    let removed = S::with_edges(&roots[from], |edges| {
                        if edges.is_empty() {
                            None
                        } else {
                            Some(edges.swap_remove((op[2] % edges.len() as u64) as usize))
                        }
                    });
                    drop(removed);
                }
            }
        }
        drop(roots);
        S::collect();
        ms(start.elapsed())
    });
    Outcome::ok(ops, samples)
}

/// (9) rust-cc's stress test, re-implemented: `nodes + 1` labelled `Graph` nodes, `nodes + 1`
/// random edges (fixed seed), then the root vector shrinks by `shrink` every `shrink` steps
/// with an explicit collection each time; finally everything is dropped and collected. Timed
/// whole. Default settings.
fn stress<S: Sys>(cfg: &Cfg) -> Outcome {
    let (count, shrink) = cfg.stress();
    let draws = SplitMix::draws(0xCAFE, 2 * (count + 1));
    let samples = measure(cfg, Kind::Heavy, || {
        let start = Instant::now();
        let mut nodes: Vec<S::Graph> = (0..=count).map(|i| S::graph(format!("Node {i}"))).collect();
        let len = nodes.len() as u64;
        for pair in draws.chunks_exact(2) {
            let target = nodes[(pair[1] % len) as usize].clone();
            S::with_graph_edges(&nodes[(pair[0] % len) as usize], |edges| edges.push(target));
        }
        let mut sizes = 0;
        for i in (0..count).step_by(shrink) {
            nodes.truncate(count - i);
            S::collect();
            sizes += nodes.len();
        }
        drop(nodes);
        S::collect();
        black_box(sizes);
        ms(start.elapsed())
    });
    Outcome::ok(count, samples)
}

fn tree<S: Sys>(depth: usize) -> S::Tri {
    if depth == 0 {
        S::tri(None, None)
    } else {
        S::tri(Some(tree::<S>(depth - 1)), Some(tree::<S>(depth - 1)))
    }
}

/// As `tree`, and every inner node below the root gets a strong pointer to its parent in `c`
/// (leaves do not, as in rust-cc's benchmark).
fn tree_with_parents<S: Sys>(depth: usize) -> S::Tri {
    if depth == 0 {
        return S::tri(None, None);
    }
    let node =
        S::tri(Some(tree_with_parents::<S>(depth - 1)), Some(tree_with_parents::<S>(depth - 1)));
    if depth > 1 {
        for slot in [Slot::A, Slot::B] {
            S::with_slot(&node, slot, |child| {
                let child = child.expect("inner node has two children");
                drop(S::set_slot(child, Slot::C, Some(node.clone())));
            });
        }
    }
    node
}

fn check<S: Sys>(node: &S::Tri) -> usize {
    let left = S::with_slot(node, Slot::A, |child| child.map_or(0, check::<S>));
    let right = S::with_slot(node, Slot::B, |child| child.map_or(0, check::<S>));
    left + right + 1
}

/// (9) rust-cc's binary trees (the benchmarks game's binary-trees), re-implemented: for
/// depth = 4, 6, .. below `max`, build and check `2^(max - depth + 4)` trees; then one
/// explicit collection. With parent pointers, every tree is a web of cycles. Timed whole.
/// Default settings.
fn trees<S: Sys>(cfg: &Cfg, parents: bool) -> Outcome {
    let max = cfg.tree_depth();
    let samples = measure(cfg, Kind::Heavy, || {
        let start = Instant::now();
        let mut total = 0;
        for depth in (4..max).step_by(2) {
            let iterations = 1usize << (max - depth + 4);
            for _ in 0..iterations {
                let root = if parents { tree_with_parents::<S>(depth) } else { tree::<S>(depth) };
                total += check::<S>(&root);
            }
        }
        S::collect();
        black_box(total);
        ms(start.elapsed())
    });
    Outcome::ok(max, samples)
}

fn list_len<S: Sys>(node: &S::Tri) -> usize {
    S::with_slot(node, Slot::A, |next| next.map_or(0, |next| 1 + list_len::<S>(next)))
}

/// (9) rust-cc's large linked lists, re-implemented: `lists` times, a doubly linked list of
/// `size` nodes (`a` = next, `b` = previous, both strong) built by pushing at the head, its
/// length counted, then dropped (garbage cycles); one explicit collection at the end. Timed
/// whole. Default settings. (rust-cc's original also calls its own `mark_alive` hint; not used
/// here, so that every system runs the same operations.)
fn lists<S: Sys>(cfg: &Cfg) -> Outcome {
    let (lists, size) = cfg.lists();
    let samples = measure(cfg, Kind::Heavy, || {
        let start = Instant::now();
        let mut total = 0;
        for _ in 0..lists {
            let mut head = S::tri(None, None);
            for i in 0..size {
                let cons = S::tri(Some(head.clone()), None);
                if i > 0 {
                    drop(S::set_slot(&head, Slot::B, Some(cons.clone())));
                }
                head = cons;
            }
            total += list_len::<S>(&head);
        }
        S::collect();
        black_box(total);
        ms(start.elapsed())
    });
    Outcome::ok(size, samples)
}
