#!/usr/bin/env python3
"""CPython's cycle collector on the shapes of `crates/rcgc/benches/core.rs`, for comparison.

- full_collection: `gc.collect()` over N live tracked objects (N = 10^4, 10^5, 10^6): a root
  object whose `children` list holds N - 1 leaf objects (rcgc: a root `Gc<Node>` whose
  `RefCell<Vec<Gc<Node>>>` holds N - 1 leaf `Gc<Node>`s).
- cycle_reclaim: build 10^4 two-object cycles and reclaim them with `gc.collect()`, timed
  together, and `gc.collect()` alone (the cycles built untimed, like criterion's iter_batched).

Objects: by default, instances of a class with `__slots__ = ('children',)`. Such an instance
has no `__dict__`, so it is exactly one GC-tracked object holding one reference field, the
closest CPython equivalent of rcgc's `Node` / `Small` (one tracked allocation with one field
that may hold handles): a two-object cycle is 2 objects for `gc.collect()`, as in rcgc. A leaf
stores `children = None` (an empty list per leaf would double the tracked objects); the root's
children list is one extra tracked object, negligible. `--objects lists` uses plain lists
instead (a leaf is `[]`, a cycle is `a = []; b = [a]; a.append(b)`), the cheapest GC objects
CPython has.

Automatic collection is off (`gc.disable()`), and the interpreter's own objects (modules,
functions, ...) are moved to the permanent generation with `gc.freeze()` so that, as in the
Rust benchmark, a full collection only traverses the objects the benchmark built. The
remaining cost of an empty `gc.collect()` is measured (baseline) and subtracted in the
"net" columns.

Times are medians of several runs of `time.perf_counter()`.

Usage: python3 scripts/bench-python-gc.py [--objects slots|lists] [--quick]
"""

import argparse
import gc
import statistics
import sys
import time

CYCLES = 10_000


class Node:
    # One GC-tracked object with one reference field and no __dict__ (see module docstring).
    __slots__ = ("children",)

    def __init__(self, children=None):
        self.children = children


def median_time(fn, runs, setup=None):
    """Median wall time of `fn()` over `runs` runs; `setup()` (untimed) before each."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def flat_tree(n, objects):
    if objects == "slots":
        return Node([Node() for _ in range(n - 1)])
    return [[] for _ in range(n - 1)]


def build_cycles(objects):
    if objects == "slots":
        for _ in range(CYCLES):
            a = Node()
            b = Node(a)
            a.children = b
    else:
        for _ in range(CYCLES):
            a = []
            b = [a]
            a.append(b)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", choices=("slots", "lists"), default="slots")
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    args = parser.parse_args()
    runs_small, runs_large = (3, 3) if args.quick else (31, 11)

    gc.disable()
    gc.collect()
    gc.freeze()  # the interpreter's own objects are not traversed any more

    baseline = median_time(gc.collect, runs_small)
    print(
        f"CPython {sys.version.split()[0]}, objects: {args.objects}, "
        f"untracked-by-freeze: {gc.get_freeze_count()}, "
        f"baseline empty gc.collect(): {baseline * 1e6:.1f} us"
    )
    print()

    print("full_collection: gc.collect() over N live objects")
    print(f"{'N':>9} {'runs':>5} {'median ms':>10} {'ns/object':>10} {'net ns/object':>14}")
    for n in (10_000, 100_000, 1_000_000):
        root = flat_tree(n, args.objects)
        gc.collect()  # moves everything to the oldest generation
        runs = runs_large if n >= 1_000_000 else runs_small
        t = median_time(gc.collect, runs)
        print(
            f"{n:>9} {runs:>5} {t * 1e3:>10.3f} {t / n * 1e9:>10.2f} "
            f"{(t - baseline) / n * 1e9:>14.2f}"
        )
        del root
        gc.collect()
    print()

    # Sanity check: each cycle is exactly two objects for gc.collect().
    build_cycles(args.objects)
    found = gc.collect()
    assert found == 2 * CYCLES, f"expected {2 * CYCLES} unreachable objects, got {found}"

    def build_and_collect():
        build_cycles(args.objects)
        gc.collect()

    print(f"cycle_reclaim: {CYCLES} two-object cycles ({2 * CYCLES} objects)")
    print(f"{'variant':>18} {'runs':>5} {'median ms':>10} {'ns/object':>10} {'net ns/object':>14}")
    for name, fn, setup in (
        ("build_and_collect", build_and_collect, None),
        ("collect_only", gc.collect, lambda: build_cycles(args.objects)),
    ):
        t = median_time(fn, runs_small, setup)
        per = 2 * CYCLES
        print(
            f"{name:>18} {runs_small:>5} {t * 1e3:>10.3f} {t / per * 1e9:>10.2f} "
            f"{(t - baseline) / per * 1e9:>14.2f}"
        )


if __name__ == "__main__":
    main()
