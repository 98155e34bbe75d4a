# Subclasses of built-in types: the instance extends a real built-in value.
import gc


class F(float):
    pass


f = F(2.0)
print(type(f).__name__, f, repr(f), f + 1.0, 1.0 + f, f * 2, -f, f == 2.0, f < 3)
print(isinstance(f, float), float(f), int(f), f.is_integer(), hash(f) == hash(2.0))
print(F(), F("1.5") / 2, round(f.real, 1))


class Money(float):
    def __repr__(self):
        return "Money(%s)" % float.__repr__(self)

    def __add__(self, other):
        return Money(float(self) + float(other))


m = Money(1.5)
print(repr(m), str(m), repr(m + 1), type(m + 1).__name__, 1 + m)


class UserInt(int):
    def double(self):
        return self * 2


n = UserInt(21)
print(n, n.double(), n + 1, 1 + n, n // 4, n % 4, n == 21, list(range(UserInt(3))))
print([10, 20, 30, 40][UserInt(2)], UserInt("ff", 16), UserInt(), int(n) + 0, bool(UserInt(0)))
print(n.bit_length(), {n: "x"}[21], isinstance(n, int), issubclass(UserInt, int))


class Tag(str):
    pass


t = Tag("hello")
print(t, repr(t), t.upper(), t + "!", "say " + t, len(t), t[1], "ell" in t, t == "hello")
print("-".join([Tag("a"), Tag("b")]), {t: 1}["hello"], str(t) == "hello", t * 2)


class List(list):
    pass


lyst = List()
print(bool(lyst), len(lyst), lyst, repr(lyst))
lyst.append(1)
lyst.extend([2, 3])
list.append(lyst, 4)
print(lyst, len(lyst), bool(lyst), lyst[0], lyst[-1], lyst[1:3], 3 in lyst, list(lyst))
lyst[0] = 10
del lyst[1]
lyst += [5]
print(lyst, type(lyst).__name__, sorted(lyst), lyst == [10, 3, 4, 5], lyst + [6])
print([x * 2 for x in lyst], isinstance(lyst, list), List([7, 8]), List("ab"))


class Stack(list):
    def __init__(self, *items):
        super().__init__(items)
        self.pushes = len(items)

    def push(self, item):
        self.append(item)
        self.pushes += 1

    def __repr__(self):
        return "Stack(%s)" % list.__repr__(self)


s = Stack(1, 2)
s.push(3)
print(s, s.pushes, s.pop(), s, len(s))


class NoSuperInit(list):
    def __init__(self, items):
        self.given = items


print(NoSuperInit([1, 2]), NoSuperInit([1, 2]).given)


class MyConfig(dict):
    def __getattr__(self, name):
        return self[name]


c = MyConfig(offset=5)
print(c, c.offset, c["offset"], len(c), list(c), c.get("missing", 0), "offset" in c)
c["width"] = 3
print(sorted(c.items()), c == {"offset": 5, "width": 3}, isinstance(c, dict))
try:
    c.nothing
except KeyError as e:
    print("KeyError", e)


class Counter(dict):
    def __missing__(self, key):
        return 0


counts = Counter()
for word in "a b a c a".split():
    counts[word] = counts[word] + 1
print(sorted(counts.items()), counts["zzz"])


class Lower(dict):
    def __setitem__(self, key, value):
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key):
        return super().__getitem__(key.lower())


low = Lower()
low["KEY"] = 1
print(low, low["Key"], dict.__getitem__(low, "key"))


class Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))

    def total(self):
        return self[0] + self[1]


p = Pair(3, 4)
print(p, p.total(), len(p), p[1], p == (3, 4), hash(p) == hash((3, 4)), tuple(p))


class Tags(set):
    pass


tags = Tags([1, 2])
tags.add(3)
print(sorted(tags), len(tags), 2 in tags, tags == {1, 2, 3}, sorted(tags | {4}))


# __slots__: no __dict__ when every class defines it.
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


pt = Point(1, 2)
print(pt.x, pt.y, hasattr(pt, "__dict__"))
try:
    pt.z = 3
except AttributeError as e:
    print("AttributeError:", e)


class Point3(Point):
    __slots__ = ("z",)


p3 = Point3(1, 2)
p3.z = 3
print(p3.x + p3.y + p3.z, hasattr(p3, "__dict__"))


class Free(Point):
    pass


fr = Free(1, 2)
fr.anything = 1
print(hasattr(fr, "__dict__"), fr.anything)


class FloatSlots(float):
    __slots__ = ()


print(FloatSlots(1.5) + 1, hasattr(FloatSlots(), "__dict__"))

# Layout conflicts and unacceptable bases.
try:
    class Both(list, dict):
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    class B(bool):
        pass
except TypeError as e:
    print("TypeError:", e)


# bytearray: mutable bytes, untracked.
ba = bytearray(b"a")
print(ba, len(ba), ba[0], ba == bytearray(b"a"), ba == b"a", bytes(ba), gc.is_tracked(ba))
ba.append(98)
ba.extend(b"cd")
ba[0] = 65
print(ba, list(ba), bytearray("hé", "utf-8"), bytearray(3), bytearray([1, 2]), bytearray())
print(ba.decode(), ba[1:3], 98 in ba, b"cd" in ba, ba + b"!", bool(bytearray()))

# gc: instances of subclasses are tracked; static types are not.
print(gc.is_tracked(F(1.0)), gc.is_tracked(List()), gc.is_tracked(int), gc.is_tracked(object))
print(gc.is_tracked(object()), gc.is_tracked(type), gc.is_tracked(F))


class A:
    pass


class C(List, A):
    pass


a = C()
a.a = a
a.append(a)
gc.collect()
del a
print(gc.collect() > 0)


def more():
    # Formatting, conversions, calls and operators with subclass instances.
    class F(float): pass
    class I(int): pass
    class S(str): pass
    f = F(2.5); i = I(3); s = S("ab")
    print(f"{f} {i} {s}")
    print(f"{f:.1f} {i:03d} {s:>4}")
    print("%s %d %r" % (s, i, f))
    print(str(i), str(f), format(f, ".2f"), abs(F(-1.5)), round(F(2.567), 2), max(I(1), I(5)))
    print(sorted([I(3), I(1)]), sum([I(1), I(2)]), divmod(I(7), 2), pow(I(2), 3))
    class D(dict): pass
    d = D(a=1); d.x = 5
    print(d.__dict__, d, dict(d), {**d}, D.fromkeys("ab"))
    class L(list):
        def __len__(self): return 42
    print(len(L([1])), bool(L()), L([1,2]) * 2, [0] + L([1]))
    def g(*a, **k): return a, k
    print(g(*L([1, 2]), **D(z=1)))
    import weakref
    class P: __slots__ = ("a", "__weakref__")
    p = P(); r = weakref.ref(p); print(r() is p)
    class T(tuple): pass
    print(T([1,2]), T() == (), hash(T((1,))) == hash((1,)), isinstance(T(), tuple))
    print(type(F(1) + 1), type(-I(1)), I(5) > 3, 3 < I(5), I(2) in [2], S("x") in {"x": 1})
    print(repr(S("a'b")), s.__class__.__name__, s.__len__(), i.__add__(1), f.__class__ is F)
    class Q(set): pass
    q = Q("abc"); q |= {"d"}; print(type(q).__name__, sorted(q))


more()
