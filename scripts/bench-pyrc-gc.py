"""pyperformance's gc_collect and gc_traversal shapes, timing only the collections.

Runs under CPython and under pyrc (no generators, no imports beyond gc and time), e.g.
    python3 scripts/bench-pyrc-gc.py
    target/release/pyrc scripts/bench-pyrc-gc.py
scripts/bench-pyrc-gc.sh runs both and prints the ratio. Medians of ROUNDS runs.

- gc_collect: 100 rings of 21 instances (each instance links to the next), made garbage, then
  one gc.collect() that reclaims them (timed).
- gc_traversal: 1000 nested lists, level n holding n references to level n-1, all alive; one
  gc.collect() that finds nothing (timed).
"""

import gc
import time

ROUNDS = 11


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


def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


gc.disable()
for name, run in [("gc_collect", time_gc_collect), ("gc_traversal", time_gc_traversal)]:
    run()
    times = [run() for _ in range(ROUNDS)]
    print(name, "%.1f" % (median(times) * 1e6), "us")
