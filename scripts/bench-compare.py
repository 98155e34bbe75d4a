#!/usr/bin/env python3
"""CPython's side of the cross-system comparison (issue #4, `scripts/bench-compare.sh`).

Runs the workloads of `crates/rcgc-bench/benches/compare/workloads.rs` with the same shapes,
sizes, seeds, warm-up and repetition plan, timed with time.perf_counter, and prints one
tab-separated result line per workload in the Rust harness's format:

    row  system  status  size  median  min  max  reps  note  q1  q3  shape  peak

Node shapes (the closest CPython objects to the Rust nodes, one tracked object each):
`Small` is a class with `__slots__ = ("next", "value")`; `Multi` (a node holding a vector of
references) is a plain list; `Graph` has `__slots__ = ("label", "edges")` with a list of
edges; `Tri` has `__slots__ = ("a", "b", "c")`. Instances with `__slots__` have no `__dict__`.

The interpreter's own objects are moved to the permanent generation (`gc.freeze()`) so that a
full collection only traverses what the workload built, as in Rust. Workloads that time an
explicit collection run with `gc.disable()`; the others with automatic collection on and the
default thresholds (700, 10, 10).

Usage: python3 scripts/bench-compare.py [--quick] [--rows id,id]

Without --rows every row runs in a process of its own (the last field of each line is the
process's peak resident memory in KiB, `ru_maxrss`); with --rows the rows named run in this
process.
"""

import argparse
import gc
import itertools
import platform
import resource
import statistics
import subprocess
import sys
import time
from array import array

perf = time.perf_counter
SYSTEM = f"CPython {platform.python_version()}"
MASK = (1 << 64) - 1


class Small:
    __slots__ = ("next", "value")

    def __init__(self, value, next=None):
        self.next = next
        self.value = value


class Tri:
    __slots__ = ("a", "b", "c")

    def __init__(self, a=None, b=None):
        self.a = a
        self.b = b
        self.c = None


class Graph:
    __slots__ = ("label", "edges")

    def __init__(self, label):
        self.label = label
        self.edges = []


class Cfg:
    """The sizes of `harness.rs`'s `Cfg` (full run, or `--quick` = RCGC_BENCH_QUICK=1)."""

    def __init__(self, quick):
        self.quick = quick
        pick = (lambda full, small: small) if quick else (lambda full, small: full)
        self.batch = pick(1_000_000, 100_000)
        self.full_sizes = [1_000, 10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
        self.pairs = pick(100_000, 10_000)
        self.rings = (100, 20)
        self.levels = pick(1_000, 300)
        self.chain = pick(1_000_000, 10_000)
        self.pause_allocations = pick(1_000_000, 100_000)
        self.memory_objects = pick(1_000_000, 100_000)
        self.old_heap_changes = pick(1_000, 100)
        self.dumpster_ops = pick(1_000_000, 100_000)
        self.stress = (1 << 11, 1 << 6) if quick else (1 << 15, 1 << 10)
        self.tree_depth = pick(11, 9)
        self.lists = (30, pick(4096, 512))

    def plan(self, kind):
        """(warm-up runs, repetitions, time budget in seconds), as `Cfg::plan`."""
        if kind == "fresh":
            # Rust runs each repetition of the pause workloads in a fresh process; CPython's
            # collector state is back to its initial one after gc.collect(), so here they
            # are repeated in-process, without warm-up.
            return (0, 3 if self.quick else 7, float("inf"))
        if self.quick:
            return (1, 5, 2.0) if kind == "micro" else (1, 3, 3.0)
        return {"micro": (3, 21, 10.0), "collection": (2, 21, 20.0), "heavy": (1, 11, 25.0)}[kind]


MIN_REPS = 3


def measure(cfg, kind, sample):
    warmup, reps, budget = cfg.plan(kind)
    for _ in range(warmup):
        sample()
    start = perf()
    samples = []
    while len(samples) < reps and (len(samples) < min(MIN_REPS, reps) or perf() - start < budget):
        samples.append(sample())
    return samples


def splitmix_draws(seed, count):
    out = array("Q", bytes(8 * count))
    state = seed
    for i in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        out[i] = z ^ (z >> 31)
    return out


class SplitMixStream:
    """harness.rs's `SplitMix`, one draw at a time."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


# --- workloads: each returns (size, samples, note) or a string (n/a reason) ---


def clone_drop(cfg):
    n = cfg.batch
    handle = Small(1)

    def sample():
        h = handle
        start = perf()
        for _ in itertools.repeat(None, n):
            copy = h  # a new reference: Py_INCREF (and the old `copy`'s DECREF)
            del copy
        return (perf() - start) * 1e9 / n

    return n, measure(cfg, "micro", sample), "interpreter dispatch dominates"


def alloc_free(cfg):
    n = cfg.batch

    def sample():
        start = perf()
        for i in range(n):
            Small(i)
        return (perf() - start) * 1e9 / n

    return n, measure(cfg, "micro", sample), "includes the __init__ call"


def full_collection(cfg, index):
    n = cfg.full_sizes[index]
    gc.disable()
    return time_full_collections(cfg, [[] for _ in range(n - 1)], n)


def time_full_collections(cfg, root, n):
    """As workloads.rs's: one untimed collection, then one timed per sample over root."""
    gc.collect()

    def sample():
        start = perf()
        gc.collect()
        return (perf() - start) * 1e9 / n

    samples = measure(cfg, "collection", sample)
    assert len(root) == n - 1
    del root
    gc.collect()
    return n, samples, ""


def shuffled(count, seed):
    """As workloads.rs's `shuffled`: 0..count in the order of a Fisher-Yates shuffle."""
    draws = splitmix_draws(seed, count)
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        j = draws[i] % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def churned(slots, seed, make):
    """As workloads.rs's `churned`: all made, a random half dropped, the holes made again."""
    items = [make() for _ in range(slots)]
    for i in shuffled(slots, seed)[: slots // 2]:
        items[i] = None
    return [make() if item is None else item for item in items]


def full_churned(cfg, index):
    n = cfg.full_sizes[index]
    gc.disable()
    return time_full_collections(cfg, churned(n - 1, 777, list), n)


def cycles_churned(cfg):
    gc.disable()
    n = cfg.pairs

    def sample():
        scatter_free_blocks(2 * n, 778, Small)
        build_pairs(n)
        start = perf()
        gc.collect()
        return (perf() - start) * 1e9 / n

    return n, measure(cfg, "collection", sample), ""


def scatter_free_blocks(count, seed, make):
    """As workloads.rs's: `count` objects made, then dropped in a random order."""
    ballast = [make(i) for i in range(count)]
    for i in shuffled(count, seed):
        ballast[i] = None


def churned_survivors(count, seed):
    """As workloads.rs's: `count` Smalls made, a random half dropped, the rest returned."""
    items = [Small(i) for i in range(count)]
    for i in shuffled(count, seed)[: count // 2]:
        items[i] = None
    return [item for item in items if item is not None]


def build_pairs(n):
    for i in range(n):
        a = Small(i)
        b = Small(i, a)
        a.next = b


def cycles(cfg, reclaim_only):
    gc.disable()
    n = cfg.pairs
    build_pairs(n)
    found = gc.collect()
    assert found == 2 * n, f"expected {2 * n} unreachable objects, found {found}"

    def sample():
        if reclaim_only:
            build_pairs(n)
            start = perf()
            gc.collect()
        else:
            start = perf()
            build_pairs(n)
            gc.collect()
        return (perf() - start) * 1e9 / n

    return n, measure(cfg, "collection", sample), ""


def link(a, b):
    a.a = b
    b.b = a


def gc_collect(cfg, churned):
    gc.disable()
    rings, links = cfg.rings

    def sample():
        gc.collect()
        if churned:
            scatter_free_blocks(2 * rings * (links + 1), 779, lambda _: Tri())
        heads = []
        for _ in range(rings):
            head = Tri()
            current = head
            for _ in range(links):
                nxt = Tri()
                link(current, nxt)
                current = nxt
            link(current, head)
            heads.append(head)
        del heads, head, current, nxt
        start = perf()
        found = gc.collect()
        elapsed = perf() - start
        assert found >= rings * (links + 1)
        return elapsed * 1e6

    return rings * (links + 1), measure(cfg, "collection", sample), ""


def gc_traversal(cfg):
    gc.disable()
    levels = cfg.levels
    current = []
    for n in range(levels):
        current = [current] * n
    gc.collect()

    def sample():
        start = perf()
        found = gc.collect()
        elapsed = perf() - start
        assert found == 0
        return elapsed * 1e6

    samples = measure(cfg, "collection", sample)
    assert len(current) == levels - 1
    del current
    gc.collect()
    return levels, samples, ""


def chain(cfg):
    gc.disable()
    n = cfg.chain

    def sample():
        head = Small(0)
        for i in range(1, n):
            head = Small(i, head)
        start = perf()
        head = None  # the last reference: CPython's trashcan bounds the recursion
        gc.collect()
        return (perf() - start) * 1e3

    return n, measure(cfg, "heavy", sample), ""


def gen0_pause(cfg, churned):
    n = cfg.pause_allocations
    gc.enable()
    state = {"start": 0.0, "pauses": ([], [], [])}

    def callback(phase, info):
        if phase == "start":
            state["start"] = perf()
        else:
            state["pauses"][info["generation"]].append(perf() - state["start"])

    notes = []

    def sample():
        survivors = churned_survivors(n, 780) if churned else []
        keep = [None] * n
        gc.collect()  # `keep` (a tracked list, unlike Rust's Vec) goes to the oldest generation
        state["pauses"] = ([], [], [])
        gc.callbacks.append(callback)
        for i in range(n):
            keep[i] = Small(i)
        gc.callbacks.remove(callback)
        del keep, survivors
        gc.collect()
        g0, g1, g2 = (sorted(p) for p in state["pauses"])

        def at(values, q):
            return values[round((len(values) - 1) * q)] * 1e6 if values else 0.0

        notes[:] = [
            f"gen-0: {len(g0)} collections, median {at(g0, 0.5):.1f} µs, p99 {at(g0, 0.99):.1f} µs; "
            f"gen-1: {len(g1)}, largest {at(g1, 1.0):.0f} µs; "
            f"gen-2: {len(g2)}, largest {at(g2, 1.0):.0f} µs (last run)"
        ]
        return at(g0, 1.0)

    samples = measure(cfg, "fresh", sample)
    return n, samples, notes[0]


def alloc_pause(cfg, churned):
    n = cfg.pause_allocations
    gc.enable()

    def sample():
        survivors = churned_survivors(n, 780) if churned else []
        keep = [None] * n
        gc.collect()  # as in gen0_pause
        longest = 0.0
        pauses = []
        for i in range(n):
            start = perf()
            obj = Small(i)
            elapsed = perf() - start
            if elapsed > longest:
                longest = elapsed
            if elapsed >= PAUSE and len(pauses) < 4096:
                pauses.append(elapsed)
            keep[i] = obj
        del keep, obj, survivors
        gc.collect()
        pauses.sort()

        def at(q):
            return pauses[round((len(pauses) - 1) * q)] * 1e6 if pauses else 0.0

        notes[:] = [
            f"allocations of {PAUSE * 1e6:.0f} µs or more: {len(pauses)}, median {at(0.5):.0f} µs, "
            f"p99 {at(0.99):.0f} µs, largest {at(1.0):.0f} µs (last run); "
            "includes two perf_counter calls"
        ]
        return longest * 1e6

    notes = [""]
    samples = measure(cfg, "fresh", sample)
    return n, samples, notes[0]


PAUSE = 20e-6  # as workloads.rs's PAUSE


def resident_bytes():
    """VmRSS of /proc/self/status in bytes, or None (not Linux)."""
    try:
        with open("/proc/self/status") as status:
            for entry in status:
                if entry.startswith("VmRSS:"):
                    return int(entry.split()[1]) * 1024
    except OSError:
        return None
    return None


def memory(cfg):
    n = cfg.memory_objects
    if resident_bytes() is None:
        return "no /proc/self/status"

    def sample():
        keep = [None] * n
        gc.collect()
        before = resident_bytes()
        for i in range(n):
            keep[i] = Small(i)
        after = resident_bytes()
        del keep
        gc.collect()
        return (after - before) / n

    return n, measure(cfg, "fresh", sample), (
        "each Small also holds its value as an int object (32 bytes); in-process: memory freed"
        " by earlier rows may be reused"
    )


def old_heap(cfg, young):
    """As workloads.rs's `old_heap`: k leaves replaced and k touched, then one collection."""
    gc.disable()
    n = cfg.full_sizes[2]
    k = cfg.old_heap_changes
    root = [[] for _ in range(n - 1)]
    gc.collect()
    draws = SplitMixStream(0x01D4EA9)

    def sample():
        for _ in range(k):
            root[draws.next() % len(root)] = []
            draws.next()  # the leaf touched in Rust: a reference taken and dropped
        start = perf()
        gc.collect(0 if young else 2)
        return (perf() - start) * 1e6

    samples = measure(cfg, "collection", sample)
    assert len(root) == n - 1
    del root
    gc.collect()
    return n, samples, ""


def dumpster(cfg):
    gc.enable()
    ops = cfg.dumpster_ops
    draws = splitmix_draws(12345, 3 * ops)

    def sample():
        roots = [[] for _ in range(50)]
        start = perf()
        for k in range(0, 3 * ops, 3):
            if not roots:
                roots.append([])
                continue
            length = len(roots)
            kind = draws[k] % 4
            if kind == 0:
                roots.append([])
            elif kind == 1:
                if length > 1:
                    to = roots[draws[k + 2] % length]
                    roots[draws[k + 1] % length].append(to)
            elif kind == 2:
                i = draws[k + 1] % length
                last = roots.pop()
                if i < length - 1:
                    roots[i] = last
                del last
            else:
                edges = roots[draws[k + 1] % length]
                if edges:
                    j = draws[k + 2] % len(edges)
                    last = edges.pop()
                    if j < len(edges):
                        edges[j] = last
                    del last
        del roots
        gc.collect()
        return (perf() - start) * 1e3

    return ops, measure(cfg, "heavy", sample), ""


def stress(cfg):
    gc.enable()
    count, shrink = cfg.stress
    draws = splitmix_draws(0xCAFE, 2 * (count + 1))

    def sample():
        start = perf()
        nodes = [Graph(f"Node {i}") for i in range(count + 1)]
        length = len(nodes)
        for k in range(0, len(draws), 2):
            nodes[draws[k] % length].edges.append(nodes[draws[k + 1] % length])
        sizes = 0
        for i in range(0, count, shrink):
            del nodes[count - i :]
            gc.collect()
            sizes += len(nodes)
        del nodes
        gc.collect()
        return (perf() - start) * 1e3

    return count, measure(cfg, "heavy", sample), ""


def tree(depth):
    if depth == 0:
        return Tri()
    return Tri(tree(depth - 1), tree(depth - 1))


def tree_with_parents(depth):
    if depth == 0:
        return Tri()
    node = Tri(tree_with_parents(depth - 1), tree_with_parents(depth - 1))
    if depth > 1:
        node.a.c = node
        node.b.c = node
    return node


def check(node):
    left = check(node.a) if node.a is not None else 0
    right = check(node.b) if node.b is not None else 0
    return left + right + 1


def trees(cfg, parents):
    gc.enable()
    top = cfg.tree_depth
    build = tree_with_parents if parents else tree

    def sample():
        start = perf()
        total = 0
        for depth in range(4, top, 2):
            for _ in range(1 << (top - depth + 4)):
                total += check(build(depth))
        gc.collect()
        return (perf() - start) * 1e3

    return top, measure(cfg, "heavy", sample), ""


def list_len(node):
    return 0 if node.a is None else 1 + list_len(node.a)


def lists(cfg):
    gc.enable()
    count, size = cfg.lists

    def sample():
        start = perf()
        total = 0
        for _ in range(count):
            head = Tri()
            for i in range(size):
                cons = Tri(head)
                if i > 0:
                    head.b = cons
                head = cons
            total += list_len(head)
            del head, cons
        gc.collect()
        return (perf() - start) * 1e3

    return size, measure(cfg, "heavy", sample), "recursion limit raised for the length walk"


ROWS = [
    ("clone_drop", clone_drop),
    ("alloc_free", alloc_free),
    ("full_small", lambda cfg: full_collection(cfg, 0)),
    ("full_medium", lambda cfg: full_collection(cfg, 1)),
    ("full_large", lambda cfg: full_collection(cfg, 2)),
    ("full_small_churned", lambda cfg: full_churned(cfg, 0)),
    ("full_medium_churned", lambda cfg: full_churned(cfg, 1)),
    ("full_churned", lambda cfg: full_churned(cfg, 2)),
    ("cycles_build_reclaim", lambda cfg: cycles(cfg, False)),
    ("cycles_reclaim", lambda cfg: cycles(cfg, True)),
    ("cycles_reclaim_churned", cycles_churned),
    ("gc_collect", lambda cfg: gc_collect(cfg, False)),
    ("gc_collect_churned", lambda cfg: gc_collect(cfg, True)),
    ("gc_traversal", gc_traversal),
    ("chain_drop", chain),
    ("gen0_pause", lambda cfg: gen0_pause(cfg, False)),
    ("gen0_pause_churned", lambda cfg: gen0_pause(cfg, True)),
    ("alloc_pause", lambda cfg: alloc_pause(cfg, False)),
    ("alloc_pause_churned", lambda cfg: alloc_pause(cfg, True)),
    ("dumpster", dumpster),
    ("rustcc_stress", stress),
    ("binary_trees", lambda cfg: trees(cfg, False)),
    ("binary_trees_parent", lambda cfg: trees(cfg, True)),
    ("linked_lists", lists),
    ("bytes_per_object", memory),
    ("old_heap_full", lambda cfg: old_heap(cfg, False)),
    ("old_heap_young", lambda cfg: old_heap(cfg, True)),
]


def quantile(samples, q):
    """As harness.rs's `quantile`: linear interpolation between closest ranks."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = q * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def bimodality(samples):
    """As harness.rs's `bimodality`: a description if the samples fall into two groups."""
    n = len(samples)
    if n < 8:
        return ""
    ordered = sorted(samples)
    middle = statistics.median(samples)
    least = -(-n // 4)
    split = max(range(least, n - least + 1), key=lambda k: (ordered[k] - ordered[k - 1], k))
    gap = ordered[split] - ordered[split - 1]
    spread = max(ordered[split - 1] - ordered[0], ordered[-1] - ordered[split])
    if gap > spread and gap > 0.1 * abs(middle):
        return (
            f"bimodal: {split} samples around {statistics.median(ordered[:split]):.3f}, "
            f"{n - split} around {statistics.median(ordered[split:]):.3f}"
        )
    mean = sum(samples) / n
    variance = sum((x - mean) ** 2 for x in samples)
    if variance > 0:
        lagged = sum((a - mean) * (b - mean) for a, b in zip(samples, samples[1:]))
        if lagged / variance < -0.5:
            return f"alternating samples (lag-1 autocorrelation {lagged / variance:.2f})"
    return ""


def line(row, status, size=0, samples=(), note=""):
    note = note.replace("\t", " ").replace("\n", " ")
    if status != "ok":
        return f"{row}\t{SYSTEM}\t{status}\t0\t\t\t\t0\t{note}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return (
        f"{row}\t{SYSTEM}\tok\t{size}\t{statistics.median(samples):.6f}\t{min(samples):.6f}"
        f"\t{max(samples):.6f}\t{len(samples)}\t{note}\t{quantile(samples, 0.25):.6f}"
        f"\t{quantile(samples, 0.75):.6f}\t{bimodality(samples)}\t{peak}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the sizes of RCGC_BENCH_QUICK=1")
    parser.add_argument("--rows", help="comma-separated row ids (default: all)")
    args = parser.parse_args()
    if not args.rows:
        # Each row in its own process, so that each line's peak resident memory is its row's.
        for row, _ in ROWS:
            command = [sys.executable, __file__, "--rows", row] + (["--quick"] if args.quick else [])
            subprocess.run(command, check=False)
        return
    cfg = Cfg(args.quick)
    wanted = set(args.rows.split(","))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * cfg.lists[1] + 1000))

    gc.collect()
    gc.freeze()  # the interpreter's own objects are not traversed any more
    started = perf()
    for row, workload in ROWS:
        if row not in wanted:
            continue
        cell_start = perf()
        gc.enable()
        gc.collect()
        try:
            result = workload(cfg)
        except Exception as error:  # recorded in the table, the run goes on
            text = line(row, "failed", note=f"{type(error).__name__}: {error}")
        else:
            if isinstance(result, str):
                text = line(row, "na", note=result)
            else:
                size, samples, note = result
                text = line(row, "ok", size, samples, note)
        gc.enable()
        gc.collect()
        print(text, flush=True)
        fields = text.split("\t")
        print(
            f"[CPython] {row}: {fields[4] or fields[8]} ({perf() - cell_start:.1f} s)",
            file=sys.stderr,
            flush=True,
        )
    print(f"CPython: all rows in {perf() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
