"""pyperformance's gc_collect and gc_traversal shapes, timing only the collections.

Runs under CPython and under pyrc (no generators, no imports beyond gc and time), e.g.
    python3 scripts/bench-pyrc-gc.py
    target/release/pyrc scripts/bench-pyrc-gc.py
scripts/bench-pyrc-gc.sh runs both and prints the ratio. Medians of ROUNDS runs.

- gc_collect: 100 rings of 21 instances (each instance links to the next), made garbage, then
  one gc.collect() that reclaims them (timed).
- gc_traversal: 1000 nested lists, level n holding n references to level n-1, all alive; one
  gc.collect() that finds nothing (timed).

Then, with everything created so far moved out of the collector's sight (gc.freeze(), in both
interpreters), the two cases of the pyrc performance issue, in ns per instance (per Python
object of class Node: pyrc's collector also sees each instance's separate __dict__, CPython
3.11's does not, as it keeps the attributes in a values array):

- cycle_reclaim: 100,000 two-instance cycles (a.next = b, b.next = a) made garbage, then one
  gc.collect() that frees them (timed), divided by 200,000. Rebuilt for each run; median of
  LARGE_ROUNDS runs after one warm-up.
- full_collect: 200,000 live instances in a list, collected once untimed; then each run times
  one gc.collect() that finds nothing, divided by 200,000; median of ROUNDS runs.
"""

import gc
import time

ROUNDS = 11
LARGE_ROUNDS = 5  # cycle_reclaim rebuilds 200,000 instances per run: about 3 s per run in pyrc
CYCLES = 100000
LIVE = 200000


class Node:
    def __init__(self):
        self.next = None


def make_rings(count, size):
    rings = []
    for _ in range(count):
        nodes = [Node() for _ in range(size)]
        for i in range(size):
            nodes[i].next = nodes[(i + 1) % size]
        rings.append(nodes[0])
    return rings


def time_gc_collect():
    rings = make_rings(100, 21)
    del rings
    start = time.perf_counter()
    found = gc.collect()
    elapsed = time.perf_counter() - start
    assert found > 0
    return elapsed


def make_nested(levels):
    level = []
    for n in range(1, levels + 1):
        level = [level] * n
    return level


def time_gc_traversal():
    nested = make_nested(1000)
    gc.collect()
    start = time.perf_counter()
    found = gc.collect()
    elapsed = time.perf_counter() - start
    assert found == 0
    del nested
    return elapsed


def time_cycle_reclaim():
    a = b = None
    for _ in range(CYCLES):
        a = Node()
        b = Node()
        a.next = b
        b.next = a
    a = b = None
    start = time.perf_counter()
    found = gc.collect()
    elapsed = time.perf_counter() - start
    assert found >= 2 * CYCLES, found
    return elapsed / (2 * CYCLES)


def time_full_collect(live):
    start = time.perf_counter()
    found = gc.collect()
    elapsed = time.perf_counter() - start
    assert found == 0, found
    return elapsed / len(live)


def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


gc.disable()
for name, run in [("gc_collect", time_gc_collect), ("gc_traversal", time_gc_traversal)]:
    run()
    times = [run() for _ in range(ROUNDS)]
    print(name, "%.1f" % (median(times) * 1e6), "us")

gc.collect()
gc.freeze()
time_cycle_reclaim()
times = [time_cycle_reclaim() for _ in range(LARGE_ROUNDS)]
print("cycle_reclaim", "%.1f" % (median(times) * 1e9), "ns/instance")

live = [Node() for _ in range(LIVE)]
gc.collect()
times = [time_full_collect(live) for _ in range(ROUNDS)]
print("full_collect", "%.1f" % (median(times) * 1e9), "ns/instance")
