# __name__/__qualname__ assignment on functions, BaseException.with_traceback, __import__,
# sys.exc_info()/sys.exception(), sys.implementation, dunder methods of built-in values.
import sys


def f():
    pass


f.__name__ = "g"
f.__qualname__ = "C.g"
f.__doc__ = "doc"
f.__module__ = "elsewhere"
print(f.__name__, f.__qualname__, repr(f).split(" at ")[0], f.__doc__, f.__module__)
try:
    f.__name__ = 3
except TypeError as e:
    print("TypeError:", e)

e = ValueError("x")
print(e.with_traceback(None) is e, e.__traceback__)

gc = __import__("gc")
print(gc.isenabled(), __import__("sys") is sys)

print(sys.exc_info(), sys.exception())
try:
    1 / 0
except ZeroDivisionError:
    kind, value, _ = sys.exc_info()
    print(kind.__name__, value, sys.exception() is value)
    try:
        raise KeyError("inner")
    except KeyError:
        print(sys.exc_info()[0].__name__)
    print(sys.exc_info()[0].__name__)
print(sys.exc_info())
print(sys.implementation.name)

d = {1: 2}
print(dict.__getitem__(d, 1), d.__contains__(1), d.__len__())
dict.__setitem__(d, 3, 4)
print(d)
dict.__delitem__(d, 3)
print(d)
print((1).__add__(1.0), (1.0).__radd__(1), (1).__radd__(2), (3).__rsub__(10), (1).__eq__(1.0))
print("a".__eq__(1), "a".__lt__("b"), [1].__add__([2]), [1].__mul__(2), (2).__rmul__("ab"))
print((5).__neg__(), (5).__abs__(), (-2.5).__abs__(), (5).__invert__(), (5).__index__())
print((2.7).__int__(), (3).__float__(), (8).__rshift__(1), (8).__rrshift__(1), (1j).__mul__(2))
print({1}.__or__({2}), {1: 1}.__or__({2: 2}), list.append, set.add)
print(hasattr([], "__len__"), hasattr(3, "__len__"), hasattr(3, "__hash__"), [].__hash__)
for call in (lambda: list.append(3, 1), lambda: list.append()):
    try:
        call()
    except TypeError as e:
        print("TypeError")
print(sorted([3, 1, 2], key=int.__neg__), list(map(str.upper, "ab")), int.__add__(True, 1))
print(str.join(",", ["a", "b"]), str.format("{}-{}", 1, 2), None.__eq__(None), (1).__lt__("x"))
