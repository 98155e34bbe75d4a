# list, tuple, dict, set, range: construction, repr, indexing, slicing, methods, equality,
# ordering, nesting, copies, views, conversions.

# list
lst = [3, 1, 2]
lst.append(4)
lst.extend([5, 6])
lst.insert(0, 0)
lst.insert(100, 99)
print(lst, len(lst), lst[2], lst[-2], lst[1:4], lst[::-1], lst[::3])
print(lst.pop(), lst.pop(0), lst.pop(-1), lst)
lst.remove(1)
print(lst, lst.index(2), lst.count(2), 2 in lst, lst + [7], lst * 2, [0] * 3)
lst.sort()
print(lst)
lst.sort(reverse=True)
print(lst)
lst.reverse()
print(lst, sorted(lst, reverse=True), lst.copy() == lst, lst.copy() is lst)
words = ["banana", "Apple", "cherry", "apple"]
words.sort(key=str.lower) if False else words.sort(key=lambda w: (w.lower(), w))
print(words)
stable = [(1, "b"), (0, "a"), (1, "a"), (0, "b")]
print(sorted(stable, key=lambda p: p[0]))
lst.clear()
print(lst, list(), list(range(3)), list("ab"), list((1, 2)), list({"k": 1}))
nested = [[1, 2], [3, [4, 5]]]
print(nested[1][1][0], nested, [[]] * 2, len([[], []]))
print([1, 2] == [1, 2], [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] < [0], [2] > [1, 9])
aliasing = [[0] * 2] * 2
aliasing[0][0] = 1
print(aliasing)
self_ref = [1]
self_ref.append(self_ref)
print(self_ref, repr(self_ref))

# tuple
t = (1, "two", 3.0, None, (4, 5))
print(t, t[1], t[-1][0], t[1:3], len(t), (), (1,), tuple(), tuple([1, 2]), t.index(3.0), t.count(1))
print((1, 2) + (3,), (1,) * 3, (1, 2) == (1, 2), (1, 2) < (1, 2, 3), (2,) > (1, 9), 2 in (1, 2))
single = 1,
print(single, type(single).__name__, hash((1, 2)) == hash((1, 2)))
a, b = t[:2]
print(a, b)

# dict (insertion ordered)
d = {"one": 1, "two": 2}
d["three"] = 3
d["one"] = "uno"
print(d, len(d), d["two"], d.get("four"), d.get("four", 4), "two" in d, 2 in d)
print(list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("two"), d.pop("missing", "dflt"), d, d.setdefault("new", []), d.setdefault("one"))
d.update({"x": 1}, y=2)
d.update([("z", 3)])
print(d)
print(d.popitem(), d)
del d["new"]
print(dict(a=1, b=2), dict([("k", "v")]), dict({"c": 3}), dict(zip("ab", [1, 2])), dict.fromkeys("xy", 0))
print({1: "a", 1.0: "b", True: "c"}, {(1, 2): "tuple key"}[(1, 2)], {} == {}, {"a": 1} == {"a": 1.0})
d["late"] = 1
print(sorted(d.items())[:2])
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, max(counts, key=counts.get))
d2 = {"b": 1, "a": 2}
print(sorted(d2), sorted(d2.items(), key=lambda kv: kv[1]), d2 | {"c": 3}, {**d2, "a": 0})
recursive = {}
recursive["self"] = recursive
print(recursive)
cp = d2.copy()
cp["b"] = 100
print(d2["b"], cp["b"])

# set
s = {3, 1, 2}
s.add(4)
s.add(1)
s.discard(10)
s.remove(3)
print(sorted(s), len(s), 2 in s, 3 in s, set() == set(), {1, 2} == {2, 1})
x, y = {1, 2, 3}, {2, 3, 4}
print(sorted(x | y), sorted(x & y), sorted(x - y), sorted(x ^ y), x <= y, {2} < x, x >= {1}, x > x)
print(sorted(x.union([9])), sorted(x.intersection({1, 9})), sorted(x.difference({1})), x.issubset(x))
print(sorted(set([3, 3, 1])), sorted(set("hello")), len(set()))
print(repr(set()), {5}, {(1, 2)}, sorted({1, 2.0, True}))
popped = {42}.pop()
print(popped)
try:
    set().pop()
except KeyError as e:
    print("KeyError:", e)
fs = frozenset([1, 2])
print(sorted(fs), 1 in fs, {fs: "frozen key"}[frozenset([2, 1])])

# range
r = range(2, 20, 3)
print(r, list(r), len(r), r[0], r[-1], list(r[1:3]), 8 in r, 9 in r)
print(list(range(5)), list(range(5, 0, -1)), list(range(0)), list(range(3, 1)), len(range(0, 100, 7)))
print(range(10) == range(10), range(0) == range(5, 5), list(reversed(range(4))), sum(range(101)))

# conversions between containers
print(tuple([1, 2]), list((1, 2)), sorted(set([2, 1])), dict([(1, 2)]), list(enumerate("ab")))
print(list(zip([1, 2], "ab", (True, False))), [list(p) for p in zip(*[[1, 2], [3, 4]])])
