# The native _collections under CPython's collections: random deque operation sequences
# (a fixed LCG, every result printed), maxlen behaviour, iterators and their mutation errors,
# copying and pickling, subclasses with their own __init__ and attributes, defaultdict,
# namedtuple's _tuplegetter fields and Counter's _count_elements.
import collections
import copy
import gc
import pickle
import weakref
from collections import Counter, defaultdict, deque, namedtuple

import _collections

print(collections.deque is _collections.deque,
      collections.defaultdict is _collections.defaultdict,
      collections._tuplegetter is _collections._tuplegetter,
      collections._count_elements is _collections._count_elements)
print(type(iter(deque())).__name__, type(reversed(deque())).__name__,
      collections.abc.MutableSequence in type(deque()).__mro__ or
      isinstance(deque(), collections.abc.MutableSequence))

seed = 12345


def rand(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2**31
    return seed % n


def run(maxlen, steps):
    d = deque(maxlen=maxlen)
    out = []
    for step in range(steps):
        op = rand(16)
        v = rand(50)
        try:
            if op == 0:
                d.append(v)
            elif op == 1:
                d.appendleft(v)
            elif op == 2:
                out.append(d.pop())
            elif op == 3:
                out.append(d.popleft())
            elif op == 4:
                d.extend(range(v % 5))
            elif op == 5:
                d.extendleft(range(v % 4))
            elif op == 6:
                d.rotate(v - 25)
            elif op == 7:
                out.append(d.count(v % 10))
            elif op == 8:
                out.append(d.index(v % 10, rand(4) - 2))
            elif op == 9:
                d.insert(rand(12) - 6, v)
            elif op == 10:
                d.remove(v % 10)
            elif op == 11:
                d[rand(10) - 5] = v
            elif op == 12:
                del d[rand(10) - 5]
            elif op == 13:
                d.reverse()
            elif op == 14:
                out.append(d[rand(10) - 5])
            else:
                out.append((v % 10) in d)
        except (IndexError, ValueError) as e:
            out.append(type(e).__name__ + ": " + str(e))
    return d, out


for maxlen in (None, 0, 1, 7):
    d, out = run(maxlen, 400)
    print(maxlen, list(d), len(d), d.maxlen)
    print(out[:40])
    print(out[-20:])

# Operators and comparisons.
a, b = deque([1, 2, 3]), deque([1, 2, 4], maxlen=4)
print(a + b, b + a, a * 2, 3 * b, a * 0, a * -1)
a += [7, 8]
b *= 2
print(a, b, a == deque([1, 2, 3, 7, 8]), a != b, a < b, b >= a, a == [1, 2, 3, 7, 8])
for bad in (lambda: a + [1], lambda: a < [1], lambda: hash(a), lambda: a["x"], lambda: a[10]):
    try:
        bad()
    except (TypeError, IndexError) as e:
        print(type(e).__name__ + ":", e)
c = deque("abc")
c.extend(c)
c.extendleft(c)
print(c, deque(range(10), maxlen=3), deque(maxlen=2) * 5, deque([1, 2], maxlen=3) * 5)
for bad in (lambda: deque(maxlen=-1), lambda: deque([], "x"), lambda: deque().pop(),
            lambda: deque().popleft(), lambda: deque([1]).remove(2), lambda: deque([1]).index(2),
            lambda: deque([1], maxlen=1).insert(0, 2), lambda: deque([1]).index(1, 1)):
    try:
        bad()
    except (TypeError, ValueError, IndexError) as e:
        print(type(e).__name__ + ":", e)

# Iterators: live, mutation errors, length hints, reversed, pickled part-way.
d = deque(range(6))
it = iter(d)
print(next(it), next(it), it.__length_hint__(), list(reversed(d)))
d[0] = 99  # not a mutation of the order
print(list(it))
it = iter(d)
d.append(1)
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError:", e)
it = iter(d)
next(it)
print(list(pickle.loads(pickle.dumps(it))))


class Bad:
    def __eq__(self, other):
        d.clear()
        return False


d = deque([1, 2, 3])
for method in (d.count, d.index, d.remove, d.__contains__):
    d.extend([1, 2, 3])
    try:
        method(Bad())
    except (RuntimeError, ValueError, IndexError) as e:
        print(method.__name__, type(e).__name__ + ":", e)

# Repr with a cycle, copy, pickling, weak references.
r = deque([1])
r.append(r)
print(r, deque([[1, 2]], maxlen=4))
src = deque([[1], [2]], maxlen=5)
shallow, deep = copy.copy(src), copy.deepcopy(src)
src[0].append(9)
print(shallow, deep, src.copy(), shallow.maxlen, deep.maxlen)
print(pickle.loads(pickle.dumps(src)), src.__reduce__()[1], deque([1]).__reduce__()[1:3])
w = weakref.ref(src)
print(w() is src)
del src, shallow
print(w())


# Subclasses with their own __init__ and attributes (asyncio's style).
class Tagged(deque):
    def __init__(self, items, tag, maxlen=None):
        super().__init__(items, maxlen)
        self.tag = tag

    def __repr__(self):
        return f"Tagged({self.tag}, {list(self)})"


t = Tagged([1, 2, 3], "x", 5)
t.extra = [1]
t.appendleft(0)
print(t, t.tag, t.extra, t.maxlen, isinstance(t, deque), len(t), t[1], list(reversed(t)))
u = copy.deepcopy(t)
print(type(u).__name__, u.tag, u.extra, list(u))


class Plain(deque):
    pass


p = Plain("ab", 3)
print(p, p.copy(), type(p.copy()).__name__, p + Plain("c"), pickle.loads(pickle.dumps(p)))

# A deque in a cycle is collected.
gc.collect()
loop = deque()
loop.append(loop)
holder = Tagged([], "cyc")
holder.append(holder)
del loop, holder
print(gc.collect() >= 2)

# defaultdict.
dd = defaultdict(list)
dd["a"].append(1)
dd["b"]
print(dd, dd.default_factory, "c" in dd, len(dd), isinstance(dd, dict))
dd.default_factory = int
dd["n"] += 5
print(sorted(dd.items()), dd.copy(), copy.deepcopy(dd), pickle.loads(pickle.dumps(dd)))
print(dd | {"z": 0}, {"z": 0} | dd, type(dd | {}).__name__, dd.__reduce__()[:2])
none = defaultdict()
try:
    none["missing"]
except KeyError as e:
    print("KeyError:", e)
print(none, defaultdict(None, {1: 2}), defaultdict(int, a=1), none.get("x"))
try:
    defaultdict(5)
except TypeError as e:
    print("TypeError:", e)
rec = defaultdict(list)
rec.default_factory = rec.copy
print(repr(defaultdict(lambda: 0)).startswith("defaultdict(<function <lambda>"))


class Counting(defaultdict):
    def __init__(self):
        super().__init__(int)
        self.calls = 0

    def __missing__(self, key):
        self.calls += 1
        return super().__missing__(key)


cd = Counting()
cd["x"] += 1
cd["x"] += 1
print(cd, cd.calls, type(cd.copy()).__name__ if False else "")

# namedtuple fields are _tuplegetters; Counter counts with _count_elements.
P = namedtuple("P", "x y")
pt = P(1, y=2)
print(pt.x, pt.y, P.x, P.y.__doc__, pt._replace(x=5), pickle.loads(pickle.dumps(pt)))
try:
    pt.x = 3
except AttributeError as e:
    print("AttributeError:", e)
try:
    P.x.__get__(5)
except TypeError as e:
    print("TypeError:", e)
print(Counter("abracadabra").most_common(3), Counter(["a", "b", "a"]))
m = Counter()
collections._count_elements(m, "mississippi")
plain = {}
collections._count_elements(plain, [1, 1, 2])
print(sorted(m.items()), plain)
