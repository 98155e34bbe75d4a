# Live dict views and the dict and set iterators, as CPython's dictobject.c has them: types,
# reprs, set algebra on keys and items views, comparisons, reversed iteration, length hints,
# iterators' __reduce__, the mapping attribute, OrderedDict's views, csv.DictWriter over them,
# and a view kept alive only by a reference cycle.
import collections
import collections.abc as abc
import csv
import gc
import io

d = {"a": 1, "b": 2, "c": 3}
keys, values, items = d.keys(), d.values(), d.items()
print(keys, values, items)
print(type(keys).__name__, type(values).__name__, type(items).__name__, type(keys))
for it in (iter(d), iter(keys), iter(values), iter(items), reversed(d), reversed(keys),
           reversed(values), reversed(items), iter(set()), iter(frozenset())):
    print(type(it).__name__, end=" ")
print()

# Live: later inserts, deletes and value changes show.
d["d"] = 4
del d["a"]
d["b"] = 20
print(len(keys), list(keys), list(values), list(items))
print("b" in keys, "a" in keys, ("b", 20) in items, ("b", 2) in items, ("zz", 1) in items)
print(20 in values, [1] in items, ("b",) in items)
try:
    [] in keys
except TypeError as e:
    print("TypeError:", e)

# Set algebra: results are sets, any iterable on either side.
print(sorted(keys & {"b", "x"}), sorted({"b", "x"} & keys), sorted(keys & ["c", "c"]))
print(sorted(keys | ["z"]), sorted(["z"] | keys), sorted(keys - {"b"}), sorted(["b", "q"] - keys))
print(sorted(keys ^ {"b", "q"}), sorted(("b", "q") ^ keys))
print(sorted(items & {("b", 20)}), sorted(items - {("b", 20)}), sorted(items | {("a", 2)}))
print(type(keys & set()).__name__, type(items | []).__name__)
print(keys.isdisjoint(["x", "y"]), keys.isdisjoint("bx"), items.isdisjoint([("c", 3)]))
for bad in (lambda: keys & 1, lambda: 1 - keys, lambda: keys.isdisjoint(5)):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)

# Comparisons with sets and other views; values views compare by identity.
e = {"b": 0, "c": 0, "d": 0}
print(keys == {"b", "c", "d"}, {"b", "c", "d"} == keys, keys == e.keys(), keys != e.keys())
print(keys == ["b", "c", "d"], keys < {"b", "c", "d", "e"}, keys <= {"b"}, keys > {"b"})
print(keys >= frozenset("bcd"), items == {("b", 20), ("c", 3), ("d", 4)}, items == e.items())
print(values == values, values == d.values(), {1: 2}.values() == {1: 2}.values())
print(hash(values) == hash(values))
for view in (keys, items):
    try:
        hash(view)
    except TypeError as e:
        print("TypeError:", e)

# The collections.abc registrations.
print(isinstance(keys, abc.KeysView), isinstance(values, abc.ValuesView),
      isinstance(items, abc.ItemsView), isinstance(keys, abc.Set), isinstance(items, abc.Set))
print(isinstance([], abc.KeysView), isinstance(iter(d), abc.Iterator),
      isinstance(iter(items), abc.Iterator), issubclass(type(values), abc.Set))

# The mapping attribute.
m = keys.mapping
print(m["b"], len(m), sorted(m), m is not d)
try:
    m["new"] = 1
except TypeError as e:
    print("TypeError:", type(e).__name__)

# Reversed views and iterators; length hints; pickling an iterator part-way.
print(list(reversed(keys)), list(reversed(values)), list(reversed(items)), list(reversed(d)))
it = iter(items)
print(it.__length_hint__(), next(it), it.__length_hint__())
state = it.__reduce__()
print(state[0] is iter, state[1])
print(list(it), it.__length_hint__())
r = reversed(d)
next(r)
print(r.__reduce__()[1], list(r))
it = iter(d)
d["e"] = 5
print(it.__length_hint__())
s = {1, 2, 3}
si = iter(s)
print(si.__length_hint__(), sorted(si.__reduce__()[1][0]))

# A repr that reaches itself.
loop = {}
loop["k"] = loop.values()
print(loop, loop.values())
loop2 = {}
loop2[1] = loop2.items()
print(loop2.items())

# Size changes during iteration, sticky, and keys swapped at one size.
d = {i: i for i in range(4)}
it = iter(d)
next(it)
d[10] = 10
for _ in range(2):
    try:
        next(it)
    except RuntimeError as e:
        print("RuntimeError:", e)
d = {i: str(i) for i in range(6)}
try:
    for k, v in d.items():
        del d[k]
        d[k + 100] = v
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    for v in d.values():
        d.pop(next(iter(d)))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    for k in reversed(d):
        d.clear()
except RuntimeError as e:
    print("RuntimeError:", e)
s = {1, 2, 3}
try:
    for x in s:
        s.discard(x)
except RuntimeError as e:
    print("RuntimeError:", e)
d = {"x": 1, "y": 2}
for k in d:
    d[k] = d[k] * 10  # values may change
print(d)

# Views of instance dictionaries (split dicts) and of dict subclasses.
class P:
    def __init__(self):
        self.a, self.b, self.c = 1, 2, 3
p = P()
v = vars(p).items()
del p.b
print(list(v), list(reversed(vars(p).keys())))
class D(dict):
    pass
sub = D(x=1, y=2)
print(sub.keys(), list(reversed(sub.items())), sub.keys() & {"y"})

# OrderedDict's views are collections.abc views over it.
od = collections.OrderedDict([("z", 1), ("a", 2)])
ok = od.keys()
od["m"] = 3
od.move_to_end("z")
print(list(ok), list(od.values()), list(od.items()), list(reversed(ok)), ok & {"a"}, ("m", 3) in od.items())

# csv.DictWriter checks the row's keys against its fields through a keys view.
out = io.StringIO()
w = csv.DictWriter(out, fieldnames=["name", "n"])
w.writeheader()
w.writerow({"name": "a", "n": 1})
w.writerows([{"name": "b", "n": 2}, {"n": 3, "name": "c"}])
try:
    w.writerow({"name": "d", "extra": 0})
except ValueError as e:
    print("ValueError:", e)
print(out.getvalue().replace("\r\n", "|"))

# A view holds its dict: a cycle through a view is collected.
gc.collect()
class Node:
    pass
n = Node()
n.view = n.__dict__.keys()
n.self_items = {"me": n}.items()
del n
print(gc.collect() > 0)
