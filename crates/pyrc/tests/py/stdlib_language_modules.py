# CPython's own abc, enum, functools, string and typing (read from python3's Lib),
# which need metaclasses, class keywords, __init_subclass__, __set_name__ and descriptors.
from abc import ABC, abstractmethod


class Shape(ABC):
    @abstractmethod
    def area(self):
        ...

    @abstractmethod
    def name(self):
        ...


class Square(Shape):
    def area(self):
        return 4

    def name(self):
        return "square"


try:
    Shape()
except TypeError as e:
    print("TypeError", e)
print(Square().area(), isinstance(Square(), Shape), issubclass(Square, Shape))


class Registered(ABC):
    pass


Registered.register(int)
print(isinstance(3, Registered), issubclass(int, Registered), isinstance("x", Registered))

import enum


class Color(enum.Enum):
    RED = 1
    GREEN = 2


print(Color.RED, repr(Color.GREEN), Color(2), Color["RED"], list(Color), len(Color))
print(Color.RED.name, Color.RED.value, Color.RED in Color, Color.RED is Color(1))


class Number(enum.IntEnum):
    ONE = 1
    TWO = 2


print(Number.ONE + 1, Number.TWO == 2, repr(Number.ONE), str(Number.ONE), f"{Number.TWO}")


class Perm(enum.Flag):
    R = enum.auto()
    W = enum.auto()


print(Perm.R | Perm.W, repr(Perm.R), Perm.W.value)
try:
    Color(3)
except ValueError as e:
    print("ValueError", e)

import functools


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(30), functools.reduce(lambda a, b: a * b, range(1, 6)), functools.partial(pow, 2)(10))


@functools.total_ordering
class Version:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return self.v == other.v

    def __lt__(self, other):
        return self.v < other.v


print(Version(1) <= Version(2), Version(3) > Version(2))


class Lazy:
    @functools.cached_property
    def value(self):
        print("computing")
        return 42


lazy = Lazy()
print(lazy.value, lazy.value)

import string

print(string.Template("$who likes $what").substitute(who="tim", what="pie"))
print(string.capwords("hello world"), string.ascii_lowercase[:5])

import typing
from typing import Callable, Dict, Generic, List, Optional, TypeVar, Union

T = TypeVar("T")
print(List[int], Optional[str], Dict[str, int], Union[int, str], Callable[[int], str])


class Box(Generic[T]):
    def __init__(self, item):
        self.item = item


print(Box[int](3).item, Box.__parameters__, typing.cast(int, "s"), typing.TYPE_CHECKING)
