# What inspect, dataclasses and typing read from functions, code objects and classes.
import collections
import importlib
import importlib.machinery
import types


def f(a, b, /, c, d=1, *args, e, g=2, **kw):
    local = a + b
    return local


code = f.__code__
print(code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount, code.co_varnames, code.co_nlocals)
print(code.co_flags & 0xF, f.__defaults__, f.__kwdefaults__, code.co_name, type(code).__name__)


def gen():
    yield 1


print(bool(gen.__code__.co_flags & 0x20), bool(f.__code__.co_flags & 0x20), (lambda: 0).__kwdefaults__)
print(gen.__code__.co_varnames, (lambda x, *y: 0).__code__.co_varnames, (lambda **k: 0).__code__.co_flags & 0xC)


class A:
    pass


A.__name__ = "Renamed"
A.__qualname__ = "Outer.Renamed"
print(A.__name__, A.__qualname__)
try:
    A.__name__ = 3
except TypeError as e:
    print("TypeError", e)

Point = collections.namedtuple("Point", "x y")
Point.x.__doc__ = "The x coordinate"
p = Point(1, 2)
print(p.x, p.y, Point.x.__doc__, Point.y.__doc__, p)

print(importlib.import_module("keyword").__name__, importlib.import_module(".abc", "collections").__name__)
print(importlib.machinery.SOURCE_SUFFIXES, ".py" in importlib.machinery.all_suffixes())
print(types.FrameType, types.CellType, isinstance(f.__code__, types.CodeType))
print(isinstance(Point.x, types.MemberDescriptorType), isinstance(f, types.GetSetDescriptorType))
