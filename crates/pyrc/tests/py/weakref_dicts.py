# WeakValueDictionary, WeakKeyDictionary and WeakSet: the mapping / set protocol, and entries
# that vanish when their referent dies, by reference counting (del) or in a collected cycle.
import gc
import weakref

gc.disable()


class Obj:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Obj(%s)" % self.name


def names(objects):
    return sorted(o.name for o in objects)


print("-- WeakValueDictionary")
a, b, c = Obj("a"), Obj("b"), Obj("c")
d = weakref.WeakValueDictionary({"a": a})
d["b"] = b
d.update({"c": c})
print(len(d), sorted(d), sorted(d.keys()), names(d.values()))
print(sorted((k, v.name) for k, v in d.items()))
print(d["a"] is a, d.get("b") is b, d.get("zz"), d.get("zz", 0), "a" in d, "zz" in d)
print(type(d).__name__, repr(d) == "<WeakValueDictionary at %#x>" % id(d))
try:
    d["zz"]
except KeyError as e:
    print("KeyError:", e)
print(len(d.valuerefs()), all(isinstance(r, weakref.ReferenceType) for r in d.valuerefs()))

print("-- an entry vanishes when its value dies (refcount)")
del b
print(len(d), sorted(d), "b" in d, d.get("b"))
try:
    d["b"]
except KeyError as e:
    print("KeyError:", e)

print("-- and when its value is collected in a cycle")
c.self = c
del c
print(len(d), sorted(d))
gc.collect()
print(len(d), sorted(d))

print("-- replacing, deleting, pop, setdefault, popitem, copy, clear")
x, y = Obj("x"), Obj("y")
d["a"] = x
print(d["a"] is x, len(d))
del a
print(len(d), d["a"].name)
del d["a"]
print(len(d), "a" in d)
try:
    del d["a"]
except KeyError as e:
    print("KeyError:", e)
d["x"] = x
d["y"] = y
print(d.pop("x") is x, d.pop("x", "default"), len(d))
try:
    d.pop("x")
except KeyError as e:
    print("KeyError:", e)
print(d.setdefault("y", x) is y, d.setdefault("x", x) is x, sorted(d))
key, value = d.popitem()
print(key, value.name, len(d))
d2 = d.copy()
print(type(d2).__name__, sorted(d2), d2[sorted(d2)[0]].name)
d.clear()
print(len(d), len(d2))
d3 = weakref.WeakValueDictionary(k1=x, k2=y)
print(sorted(d3), sorted((d3 | {"k3": x}).keys()))
d3 |= {"k4": y}
print(sorted(d3))
del x, y, d2
print(sorted(d3), len(d3))

print("-- WeakKeyDictionary")
k1, k2, k3 = Obj("k1"), Obj("k2"), Obj("k3")
w = weakref.WeakKeyDictionary({k1: 1})
w[k2] = 2
w.update({k3: 3})
print(len(w), names(w), names(w.keys()), sorted(w.values()))
print(sorted((k.name, v) for k, v in w.items()))
print(w[k1], w.get(k2), w.get(Obj("other")), w.get(Obj("other"), 0), k1 in w, Obj("o") in w,
      1 in w)
print(repr(w) == "<WeakKeyDictionary at %#x>" % id(w), len(w.keyrefs()))
try:
    w[Obj("missing")]
except KeyError:
    print("KeyError")
w[k1] = 10
print(w[k1], len(w))

print("-- an entry vanishes when its key dies (refcount, then in a cycle)")
del k1
print(len(w), names(w))
k2.cycle = [k2]
del k2
print(len(w))
gc.collect()
print(len(w), names(w))

print("-- deleting, pop, setdefault, popitem, copy, clear")
k4 = Obj("k4")
w[k4] = 4
del w[k4]
print(k4 in w, len(w))
w[k4] = 4
print(w.pop(k4), w.pop(k4, "default"), len(w))
print(w.setdefault(k4, 44), w.setdefault(k4, 0), len(w))
key, value = w.popitem()
print(key.name, value, len(w))
w2 = w.copy()
print(type(w2).__name__, names(w2))
w.clear()
print(len(w), len(w2))
del k3
print(len(w2))

print("-- WeakSet")
s1, s2 = Obj("s1"), Obj("s2")
ws = weakref.WeakSet([s1])
ws.add(s2)
ws.add(s2)
print(len(ws), names(ws), s1 in ws, Obj("x") in ws, 1 in ws)
ws.discard(s1)
print(len(ws), s1 in ws)
ws.add(s1)
ws.remove(s1)
try:
    ws.remove(s1)
except KeyError:
    print("KeyError")
ws.add(s1)
del s1
print(len(ws), names(ws))
print(ws.pop() is s2, len(ws))
try:
    ws.pop()
except KeyError as e:
    print("KeyError:", e)

print("-- a weak dictionary does not keep itself alive, and dies by refcount")
holder = Obj("holder")
v = weakref.WeakValueDictionary()
v[1] = holder
wv = weakref.ref(v)
del v
print(wv())
kd = weakref.WeakKeyDictionary()
kd[holder] = 1
wk = weakref.ref(kd)
del kd
print(wk())
del holder
print("done")
