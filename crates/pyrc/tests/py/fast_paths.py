# The interpreter's fast paths give the general paths' results: unpacking into locals,
# swaps, calls filling defaults, plain constructors, class and module attributes, mixed
# int/float arithmetic and int true division.
import itertools
import math


def unpacking():
    a, b, c = (1, 2, 3)
    print(a, b, c)
    a, b = [b, a]
    print(a, b)
    a, b = b, a + b
    print(a, b)
    a, a = 1, 2
    print(a)
    x, y, z = "xyz"
    print(x, y, z)
    k, v = {"key": 1, "other": 2}
    print(k, v)
    for i, (p, q) in enumerate([(1, 2), (3, 4)]):
        print(i, p, q)
    for bad in ([1], (1, 2, 3), 5, itertools.count()):
        try:
            a, b = bad
        except (ValueError, TypeError) as e:
            print(type(e).__name__, e)

    def gen():
        yield "first"
        yield "second"

    a, b = gen()
    print(a, b)
    i, j = j, i = 1, 2
    print(i, j)


unpacking()
a, b = 1, 2
a, b = b, a
print(a, b)


def defaults(a, b=2, c=None, *, d=4):
    return (a, b, c, d)


def plain_defaults(a, b=2, c=[]):
    c.append(a)
    return (a, b, len(c))


print(defaults(1), defaults(1, 3), defaults(1, 3, 5, d=6))
print(plain_defaults(1), plain_defaults(1, 5), plain_defaults(1, 5, []))
try:
    plain_defaults()
except TypeError as e:
    print(e)
try:
    plain_defaults(1, 2, 3, 4)
except TypeError as e:
    print(e)


class Point:
    scale = 10

    def __init__(self, x, y=0):
        self.x = x
        self.y = y

    @staticmethod
    def origin():
        return Point(0)

    @classmethod
    def named(cls, name):
        return cls.__name__ + ":" + name

    def norm(self):
        return self.x * self.x + self.y * self.y


class Sub(Point):
    pass


class Empty:
    pass


class BadInit:
    def __init__(self):
        return 1


class WithNew:
    def __new__(cls, *args):
        print("new", args)
        return super().__new__(cls)

    def __init__(self, a):
        print("init", a)


for _ in range(2):
    p = Point(3, 4)
    s = Sub(5)
    print(p.norm(), s.norm(), Point.origin().x, Point.named("n"), Sub.named("m"))
    print(Point.scale, Sub.scale, Point.norm(p), type(Empty()).__name__)
    Point.scale += 1
print(Point.scale, Sub.scale)
Sub.scale = 99
print(Point.scale, Sub.scale)
for make in (lambda: BadInit(), lambda: Empty(1), lambda: Point(), lambda: Point(1, 2, 3)):
    try:
        make()
    except TypeError as e:
        print(e)
WithNew(5)
Point.__init__ = lambda self, x, y=0: setattr(self, "x", -x) or setattr(self, "y", y)
print(Point(2).x)
Point.__new__ = staticmethod(lambda cls, *a: "made by __new__")
print(Point(1))

print(math.pi, math.floor(2.5))
math.extra = "set later"
print(math.extra)
try:
    math.missing
except AttributeError as e:
    print(e)

values = [0, 1, -1, 7, -7, 2**53, 2**53 + 1, -(2**53) - 1, 2**62]
for x in values:
    row = []
    for y in values:
        try:
            row.append(repr(x / y))
        except ZeroDivisionError as e:
            row.append(str(e))
    print(" ".join(row))
for x in (3, -2, 2**60):
    for y in (0.5, -0.0, 0.0, 1e308, float("inf")):
        for f in (
            lambda: x + y,
            lambda: y + x,
            lambda: x - y,
            lambda: y - x,
            lambda: x * y,
            lambda: y * x,
            lambda: x / y,
            lambda: y / x,
        ):
            try:
                print(repr(f()), end=" ")
            except ZeroDivisionError as e:
                print(e, end=" ")
        print()
print(True / 2, 1.5 + True, 7 // 2.0, 7 % 2.5, 2 ** 0.5)


# Method calls and attribute loads through the site caches: an instance attribute added
# later shadows the method, on that instance only; a dunder name in an instance dict does
# not hide the real attribute.
class Shadowed:
    def __init__(self):
        self.value = 1

    def method(self):
        return "method"


def call_all(objects):
    return [o.method() for o in objects] + [o.value for o in objects]


first, second = Shadowed(), Shadowed()
for _ in range(3):
    print(call_all([first, second]))
second.method = lambda: "instance attribute"
print(call_all([first, second]))
third = Shadowed()
print(call_all([first, second, third]))
del second.method
print(call_all([first, second, third]))
first.__dict__["__class__"] = "not the class"
for _ in range(2):
    print(first.__class__.__name__, first.value)
for i in range(40):
    setattr(third, "attr%d" % i, i)
for _ in range(2):
    print(call_all([first, second, third]), third.attr39)
Shadowed.method = lambda self: "replaced on the class"
print(call_all([first, second, third]))


# Subscripts with small ints, and float powers.
items = [10, 20, 30]
pair = (1, 2)
for i in (0, 2, -1, -3, 3, -4, True):
    for seq in (items, pair):
        try:
            print(seq[i], end=" ")
        except IndexError as e:
            print(e, end=" ")
    try:
        items[i] = i * 100
        print(items, end=" ")
    except IndexError as e:
        print(e, end=" ")
    print()


class Noisy:
    def __del__(self):
        print("del sees", len(holder))


holder = [Noisy(), 1]
holder[0] = "replaced"
print(holder)
for x, y in ((2.0, 0.5), (2.0, -1.5), (0.0, 2.0), (-8.0, 1 / 3), (10.0, 400.0), (1e-300, -2.0),
             (float("inf"), 2.0), (2.0, float("nan")), (4.0, 2), (2, 0.5)):
    try:
        print(repr(x ** y), end=" ")
    except (OverflowError, ZeroDivisionError, ValueError) as e:
        print(type(e).__name__, e, end=" ")
print()
