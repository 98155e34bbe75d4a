# Instance attributes across many instances of one class (pyrc: dicts sharing their keys with
# the class, PEP 412): orders, deletion, __dict__ manipulation, non-str keys, vars(),
# subclasses, and gc.collect() counts for cycles of instances.
import gc


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


points = [Point(i, -i) for i in range(50)]
print(points[0].__dict__, points[49].__dict__, len(points[7].__dict__))
print(sum(p.x for p in points), sum(p.y for p in points))

# Attributes set in different orders on different instances of one class.
a, b, c = Point(1, 2), Point(3, 4), Point(5, 6)
a.z = 1
a.w = 2
b.w = 3
b.z = 4
c.q = 5
print(list(vars(a)), list(vars(b)), list(vars(c)))
print(vars(a), vars(b), vars(c))
print(a.z, a.w, b.z, b.w, c.q, hasattr(c, "z"), hasattr(b, "q"))

# Deletion, and setting again (it goes last).
del a.x
print(a.__dict__)
a.x = 10
print(list(a.__dict__.items()))
del b.w
del b.z
b.z = 7
print(b.__dict__)
try:
    del c.nope
except AttributeError as e:
    print("AttributeError:", e)
try:
    c.nope
except AttributeError as e:
    print("AttributeError:", e)

# An instance whose attributes all go, then come back in another order.
e = Point(7, 8)
del e.x, e.y
print(e.__dict__, len(e.__dict__), bool(e.__dict__))
e.y = 1
e.x = 2
print(e.__dict__, e.x, e.y)

# __dict__ is the same object each time; vars() too; writes through it are attributes.
f = Point(1, 1)
d = f.__dict__
print(d is f.__dict__, vars(f) is d)
d["x"] = 100
d["new"] = "n"
print(f.x, f.new, d)
f.__dict__.update(y=5, extra=[1, 2])
f.__dict__.update({"x": 0})
print(f.__dict__, f.extra, f.y)
print(d.pop("new"), d.get("new", "gone"), "new" in d, "x" in d)
print(d.setdefault("x", 9), d.setdefault("s", 9), d)
print(sorted(d.keys()), sorted(d.values(), key=repr), len(d.items()))

# Non-str keys in an instance's __dict__.
g = Point(2, 3)
g.__dict__[1] = "one"
g.__dict__[(2, 3)] = "pair"
print(g.__dict__, g.x, g.y)
g.after = "a"
print(list(g.__dict__), g.__dict__[1])
del g.__dict__[1]
print(g.__dict__)

# Copies, popitem, clear, equality.
h = Point(4, 5)
h.k = 6
copy = h.__dict__.copy()
print(copy, copy == h.__dict__, copy is h.__dict__, dict(h.__dict__) == copy)
copy["x"] = 0
print(h.x, copy["x"], copy != h.__dict__)
print(h.__dict__.popitem(), h.__dict__)
h.__dict__.clear()
print(h.__dict__, hasattr(h, "x"))
h.x = 1
h.y = 2
print(h.__dict__, h.__dict__ == Point(1, 2).__dict__, Point(1, 2).__dict__ == {"y": 2, "x": 1})
print(Point(1, 2).__dict__ == Point(1, 3).__dict__, list(iter(Point(9, 9).__dict__)))

# Many attributes on one instance (beyond the 30 keys a class shares).
many = Point(0, 0)
for i in range(40):
    setattr(many, "a%d" % i, i)
print(len(many.__dict__), list(many.__dict__)[:4], list(many.__dict__)[-2:])
print(sum(getattr(many, "a%d" % i) for i in range(40)))
later = Point(0, 0)
for i in range(40):
    setattr(later, "a%d" % (39 - i), i)
print(list(later.__dict__)[:4], later.a0, later.a39)
for i in range(0, 40, 2):
    delattr(later, "a%d" % i)
print(len(vars(later)), list(vars(later))[:5])


# Subclasses: their own attributes after the base's, their own order.
class Point3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class Labelled(Point):
    def __init__(self, label):
        self.label = label
        super().__init__(0, 0)


p3 = [Point3(i, i, i) for i in range(3)]
print([vars(p) for p in p3], Point3(1, 2, 3).__dict__)
lab = Labelled("L")
print(vars(lab), list(vars(Point(1, 2))))


# Class attributes stay on the class; instance attributes shadow them.
class Defaults:
    colour = "red"

    def __init__(self):
        self.size = 1


d1, d2 = Defaults(), Defaults()
d2.colour = "blue"
print(d1.colour, d2.colour, vars(d1), vars(d2), "colour" in Defaults.__dict__)
del d2.colour
print(d2.colour, vars(d2))


# Exceptions defined in Python keep their args in the instance dict.
class MyError(Exception):
    def __init__(self, code):
        super().__init__("failed", code)
        self.code = code


try:
    raise MyError(3)
except MyError as error:
    print(error.args, error.code, vars(error)["code"])

# __slots__-free instance with a property and __setattr__.


class Guarded:
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2)


gd = Guarded()
gd.a = 1
gd.b = 2
print(vars(gd))


# Cycles of instances: with each __dict__ asked for (so that CPython makes it an object, as
# pyrc always has), two instances in a cycle are four objects, as the seed says.
class Node:
    def __init__(self):
        self.next = None


gc.collect()
n1, n2 = Node(), Node()
n1.next = n2
n2.next = n1
n1.__dict__, n2.__dict__
del n1, n2
print("collected", gc.collect())

ring = [Node() for i in range(5)]
for i, node in enumerate(ring):
    node.next = ring[(i + 1) % 5]
    node.index = i
    node.__dict__
del ring, node
print("collected", gc.collect())

# A cycle through a non-str key and a combined dict, and one through a deleted attribute.
m1, m2 = Node(), Node()
m1.__dict__[0] = m2
m2.__dict__["next"] = m1
del m1.next
m1.next = None
del m1, m2
print("collected", gc.collect())

# Live instances are not collected, and keep their attributes.
keep = [Node() for i in range(10)]
for i in range(10):
    keep[i].next = keep[(i + 1) % 10]
    keep[i].__dict__
print("collected", gc.collect(), keep[3].next is keep[4], len(vars(keep[9])))
