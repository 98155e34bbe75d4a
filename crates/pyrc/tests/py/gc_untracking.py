# Which containers the collector tracks, as CPython 3.11 decides: dicts start untracked and
# are tracked once they hold something that may be tracked; full collections untrack dicts
# that no longer do; every collection untracks tuples whose items may not be tracked.
import gc

gc.collect()
t = tuple([1, "two", 3.0])
print("new tuple of atomics", gc.is_tracked(t))
gc.collect()
print("after a collection", gc.is_tracked(t))
u = tuple([1, []])
gc.collect()
print("tuple holding a list", gc.is_tracked(u))
w = tuple([{}])
gc.collect()
print("tuple holding an empty dict", gc.is_tracked(w))
print("empty tuple", gc.is_tracked(()))

d = {}
print("empty dict", gc.is_tracked(d))
d["a"] = 1
print("str -> int", gc.is_tracked(d))
d["b"] = []
print("holding a list", gc.is_tracked(d))
del d["b"]
print("list removed", gc.is_tracked(d))
gc.collect()
print("after a full collection", gc.is_tracked(d))
print("dict holding an empty dict", gc.is_tracked({"x": {}}))
print("dict holding a new tuple", gc.is_tracked({"x": tuple([1])}))
print("dict(a=1)", gc.is_tracked(dict(a=1)))
h = dict(a=[])
print("dict(a=[])", gc.is_tracked(h), "copy", gc.is_tracked(h.copy()))
print("copy of atomic dict", gc.is_tracked(dict(a=1).copy()))
k = {}
k[tuple([1, 2])] = 3
print("new tuple key", gc.is_tracked(k))
print("set", gc.is_tracked({1, 2}), "frozenset", gc.is_tracked(frozenset([1])))


class A:
    pass


a = A()
a.x = 1
a.y = a
print("instance dict holding the instance", gc.is_tracked(a.__dict__))

# A cycle through a dict that was untracked while it held only atomic values is still found.
e = {"n": 1}
gc.collect()
print("before the cycle", gc.is_tracked(e))
e["self"] = e
print("after the cycle", gc.is_tracked(e))
del e
print("collected", gc.collect())

