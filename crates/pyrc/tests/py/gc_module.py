# The gc module: disable/enable/isenabled, collect(generation), get_count, get_threshold,
# set_threshold, get_stats, garbage, is_tracked. Only numbers that are the same in every
# implementation are printed: counts right after a full collection, differences, and
# comparisons.
#
# pyrc differs from CPython 3.11 on purpose in one respect: every instance owns a separate
# __dict__ object, so gc.collect() reports two objects per unreachable instance where 3.11
# reports one (3.11 does not materialize the dict of a plain instance). So this program
# never prints the result of collect() when instances are involved; it prints comparisons
# that hold for both.
import gc

print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
gc.disable()

# thresholds
print(gc.get_threshold())
gc.set_threshold(500, 5, 5)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)
print(gc.get_threshold())
gc.set_threshold(700)
print(gc.get_threshold())

# get_count right after a full collection
gc.collect()
print(gc.get_count()[1:], len(gc.get_count()), type(gc.get_count()).__name__)

# collect returns the number of unreachable objects found
print(gc.collect(), gc.collect(0), gc.collect(1), gc.collect(2), gc.collect(generation=2))


class Node:
    pass


# no cycles: reference counting frees everything, the collector finds nothing
for i in range(100):
    n = Node()
    n.value = [i]
del n
print("acyclic:", gc.collect())

# cycles: found by collect(), in every generation argument that reaches them
a = Node()
b = Node()
a.other = b
b.other = a
del a, b
found = gc.collect()
print("two instances in a cycle found:", found >= 2)

lst = []
lst.append(lst)
del lst
print("self-referencing list:", gc.collect())

d = {}
d["self"] = d
t = [d]
d["list"] = t
del d, t
print("dict <-> list cycle:", gc.collect())

# generations: a young cycle is found by collect(0)
gc.collect()
young = []
young.append(young)
del young
print("young cycle, collect(0):", gc.collect(0))

# an object that survived a collection is older: collect(0) does not find it
old = []
old.append(old)
gc.collect(0)  # moves old to generation 1 (it is still referenced)
del old
print("old cycle, collect(0):", gc.collect(0), "then collect(1):", gc.collect(1))

# the count of generation 0 grows with allocations of container objects
gc.collect()
before = gc.get_count()[0]
keep = [[] for _ in range(50)]
print("count grew:", gc.get_count()[0] - before >= 50)
gc.collect()
print("after collect:", gc.get_count()[1:])
del keep

# get_stats: one dict per generation, with these keys
stats = gc.get_stats()
print(len(stats), [sorted(s) for s in stats])
before = gc.get_stats()[2]["collections"]
gc.collect()
print("full collections counted:", gc.get_stats()[2]["collections"] - before)
before = gc.get_stats()[2]["collected"]
c = []
c.append(c)
del c
gc.collect()
print("collected counted:", gc.get_stats()[2]["collected"] - before)

# garbage stays empty: objects with __del__ in cycles are collected (PEP 442)
print(gc.garbage, type(gc.garbage).__name__)


class WithDel:
    def __del__(self):
        pass


w = WithDel()
w.me = w
del w
gc.collect()
print(gc.garbage)

# is_tracked: containers are tracked, atoms are not (CPython untracks dicts holding only atoms,
# an optimization pyrc does not make: no such dict is asked about)
print(gc.is_tracked(1), gc.is_tracked("s"), gc.is_tracked([]), gc.is_tracked({"k": []}), gc.is_tracked(Node()))

# errors
for bad in [lambda: gc.collect(3), lambda: gc.collect(-1)]:
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)

# automatic collection: with gc enabled and a low threshold, cycles are collected without
# an explicit call
gc.collect()
gc.set_threshold(10)
gc.enable()
deleted = []


class Tracked:
    def __del__(self):
        deleted.append(1)


for i in range(200):
    t = Tracked()
    t.me = t
del t
gc.disable()
print("automatic collections ran:", len(deleted) > 0)
gc.collect()
print("all finalized after collect:", len(deleted))
gc.set_threshold(700, 10, 10)
