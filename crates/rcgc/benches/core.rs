//! Core costs of rcgc, compared with `std::rc::Rc` where the comparison makes sense.
//!
//! Groups:
//! - `clone_drop`: clone + drop of a handle (untracked `u64`, tracked `Node`).
//! - `new_drop`: allocate + free one small object (untracked `u64`, tracked `Small`), with
//!   automatic collection on and off.
//! - `new_drop_batch`: allocate 1000 tracked objects, then free them: enough live tracked
//!   allocations to pass generation 0's threshold (700), so automatic collection does run.
//! - `full_collection`: `rcgc::collect()` over N live tracked objects (N = 10^4, 10^5, 10^6).
//! - `cycle_reclaim`: build and reclaim 10^4 two-object cycles.
//!
//! `scripts/bench-python-gc.py` measures the `full_collection` and `cycle_reclaim` shapes in
//! CPython. Run with `cargo bench -p rcgc --bench core` (or `-- --test` to run each once).
//!
//! Every benchmark runs on the main thread, hence with one collector; each group starts and
//! ends with no live tracked objects (checked with `rcgc::get_count` / `rcgc::collect`), so a
//! full collection only ever sees the objects its benchmark built.

use std::cell::RefCell;
use std::hint::black_box;
use std::rc::Rc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use rcgc::{Finalize, Gc, Trace};

/// A tracked object with a list of children: `clone_drop` and `full_collection`.
#[derive(Trace, Finalize)]
struct Node {
    children: RefCell<Vec<Gc<Node>>>,
}

impl Node {
    fn leaf() -> Gc<Node> {
        Gc::new(Node { children: RefCell::new(Vec::new()) })
    }
}

/// `Node`'s shape with `Rc`.
struct RcNode {
    children: RefCell<Vec<Rc<RcNode>>>,
}

impl RcNode {
    fn leaf() -> Rc<RcNode> {
        Rc::new(RcNode { children: RefCell::new(Vec::new()) })
    }
}

/// A small tracked object (24 bytes of value): `new_drop`, and the halves of the cycles in
/// `cycle_reclaim`.
#[derive(Trace, Finalize)]
struct Small {
    next: RefCell<Option<Gc<Small>>>,
    value: u64,
}

/// `Small`'s shape with `Rc`.
struct RcSmall {
    next: RefCell<Option<Rc<RcSmall>>>,
    value: u64,
}

fn small(value: u64) -> Gc<Small> {
    Gc::new(Small { next: RefCell::new(None), value })
}

fn rc_small(value: u64) -> Rc<RcSmall> {
    Rc::new(RcSmall { next: RefCell::new(None), value })
}

/// Number of automatic collections so far, all generations.
fn automatic_collections() -> usize {
    rcgc::get_stats().iter().map(|s| s.collections).sum()
}

/// Starts a group from a clean collector: no garbage, counts at zero, automatic collection
/// on, default thresholds.
fn reset_collector() {
    rcgc::enable();
    rcgc::set_threshold(700, 10, 10);
    rcgc::collect();
    assert_eq!(rcgc::get_count().0, 0, "a previous group leaked tracked objects");
}

fn clone_drop(c: &mut Criterion) {
    reset_collector();
    let mut group = c.benchmark_group("clone_drop");

    let gc_u64 = Gc::new(42u64);
    group.bench_function("gc_u64", |b| {
        b.iter(|| {
            let handle = black_box(&gc_u64).clone();
            drop(black_box(handle));
        })
    });
    let rc_u64 = Rc::new(42u64);
    group.bench_function("rc_u64", |b| {
        b.iter(|| {
            let handle = black_box(&rc_u64).clone();
            drop(black_box(handle));
        })
    });

    let gc_node = Node::leaf();
    group.bench_function("gc_node_tracked", |b| {
        b.iter(|| {
            let handle = black_box(&gc_node).clone();
            drop(black_box(handle));
        })
    });
    let rc_node = RcNode::leaf();
    group.bench_function("rc_node", |b| {
        b.iter(|| {
            let handle = black_box(&rc_node).clone();
            drop(black_box(handle));
        })
    });
    group.finish();

    assert_eq!(black_box(rc_node).children.borrow().len(), 0);
    drop((gc_u64, rc_u64, gc_node));
}

fn new_drop(c: &mut Criterion) {
    reset_collector();
    let mut group = c.benchmark_group("new_drop");

    // Untracked: `u64` owns no handle, so `Gc::new` never touches the collector.
    group.bench_function("gc_u64", |b| b.iter(|| drop(black_box(Gc::new(black_box(7u64))))));
    group.bench_function("rc_u64", |b| b.iter(|| drop(black_box(Rc::new(black_box(7u64))))));

    // Tracked, automatic collection on. Generation 0's count is tracked allocations minus
    // deallocations (CPython 3.11), so one-at-a-time allocate + free keeps it at <= 1 and the
    // threshold (700) is never passed: no automatic collection runs here, only the check.
    // The count of collections is printed to confirm it.
    let before = automatic_collections();
    group.bench_function("gc_small_tracked_gc_enabled", |b| {
        b.iter(|| drop(black_box(small(black_box(7)))))
    });
    let ran = automatic_collections() - before;
    eprintln!("note: new_drop/gc_small_tracked_gc_enabled ran {ran} automatic collections");

    rcgc::disable();
    group.bench_function("gc_small_tracked_gc_disabled", |b| {
        b.iter(|| drop(black_box(small(black_box(7)))))
    });
    rcgc::enable();

    group.bench_function("rc_small", |b| b.iter(|| drop(black_box(rc_small(black_box(7))))));
    group.finish();
}

/// Live tracked objects per batch in `new_drop_batch`: more than threshold0 (700).
const BATCH: usize = 1000;

fn new_drop_batch(c: &mut Criterion) {
    reset_collector();
    let mut group = c.benchmark_group("new_drop_batch");
    group.throughput(Throughput::Elements(BATCH as u64));

    // With collection on, the 701st live allocation of each batch triggers a generation-0
    // collection over the ~700 young objects (and every 10th of those, a generation-1 one).
    let before = automatic_collections();
    group.bench_function("gc_small_tracked_gc_enabled", |b| {
        b.iter(|| {
            let batch: Vec<Gc<Small>> = (0..BATCH as u64).map(small).collect();
            drop(black_box(batch));
        })
    });
    let ran = automatic_collections() - before;
    eprintln!("note: new_drop_batch/gc_small_tracked_gc_enabled ran {ran} automatic collections");

    rcgc::disable();
    group.bench_function("gc_small_tracked_gc_disabled", |b| {
        b.iter(|| {
            let batch: Vec<Gc<Small>> = (0..BATCH as u64).map(small).collect();
            drop(black_box(batch));
        })
    });
    rcgc::enable();

    group.bench_function("rc_small", |b| {
        b.iter(|| {
            let batch: Vec<Rc<RcSmall>> = (0..BATCH as u64).map(rc_small).collect();
            drop(black_box(batch));
        })
    });
    group.finish();
}

/// A root `Node` whose children are `n - 1` leaf `Node`s: `n` live tracked objects.
fn flat_tree(n: usize) -> Gc<Node> {
    let root = Node::leaf();
    root.children.borrow_mut().extend((1..n).map(|_| Node::leaf()));
    root
}

fn full_collection(c: &mut Criterion) {
    reset_collector();
    rcgc::disable();
    let mut group = c.benchmark_group("full_collection");
    for n in [10_000usize, 100_000, 1_000_000] {
        if n >= 1_000_000 {
            group.sample_size(10);
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(5));
        } else {
            group.sample_size(30);
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(3));
        }
        group.throughput(Throughput::Elements(n as u64));

        // Built outside the timed loop; the first collection moves everything to generation 2,
        // every later one traverses all `n` objects and frees nothing.
        let root = flat_tree(n);
        assert_eq!(rcgc::get_count().0, n);
        assert_eq!(rcgc::collect(), 0);
        group.bench_with_input(BenchmarkId::new("collect_flat", n), &n, |b, _| {
            b.iter(|| black_box(rcgc::collect()))
        });
        drop(root);
        assert_eq!(rcgc::collect(), 0, "the tree is freed by reference counting");
    }
    group.finish();
    rcgc::enable();
}

/// Cycles per `cycle_reclaim` iteration.
const CYCLES: usize = 10_000;

/// Builds `CYCLES` garbage two-object cycles (`a.next = b`, `b.next = a`, no outside handle).
fn build_cycles() {
    for i in 0..CYCLES as u64 {
        let a = small(i);
        let b = small(i);
        *b.next.borrow_mut() = Some(a.clone());
        *a.next.borrow_mut() = Some(b);
    }
}

fn cycle_reclaim(c: &mut Criterion) {
    reset_collector();
    rcgc::disable();
    let mut group = c.benchmark_group("cycle_reclaim");
    group.sample_size(50);
    // Per object (2 per cycle), to compare with scripts/bench-python-gc.py.
    group.throughput(Throughput::Elements(2 * CYCLES as u64));

    group.bench_function("gc_build_and_collect", |b| {
        b.iter(|| {
            build_cycles();
            let found = rcgc::collect();
            assert_eq!(found, 2 * CYCLES);
            black_box(found)
        })
    });

    group.bench_function("gc_collect_only", |b| {
        b.iter_batched(
            build_cycles,
            |()| {
                let found = rcgc::collect();
                assert_eq!(found, 2 * CYCLES);
                black_box(found)
            },
            BatchSize::PerIteration,
        )
    });

    // Baselines, not equivalents: the same allocations without the back edge, freed by
    // reference counting alone (`Rc` cannot reclaim the cycle at all).
    group.bench_function("gc_acyclic_pairs_refcount", |b| {
        b.iter(|| {
            for i in 0..CYCLES as u64 {
                let a = small(i);
                let b = small(i);
                *a.next.borrow_mut() = Some(b);
                black_box(a.value);
            }
        })
    });
    group.bench_function("rc_acyclic_pairs", |b| {
        b.iter(|| {
            for i in 0..CYCLES as u64 {
                let a = rc_small(i);
                let b = rc_small(i);
                *a.next.borrow_mut() = Some(b);
                black_box(a.value);
            }
        })
    });
    group.finish();
    rcgc::enable();
    assert_eq!(rcgc::collect(), 0);
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(4))
}

criterion_group! {
    name = benches;
    config = config();
    targets = clone_drop, new_drop, new_drop_batch, full_collection, cycle_reclaim
}
criterion_main!(benches);
