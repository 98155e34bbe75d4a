# abc.ABCMeta from CPython's abc.py over the native _abc; typing's protocol checks.
import abc
from typing import Protocol, runtime_checkable, SupportsIndex

print(abc.ABCMeta.__module__, abc.ABCMeta.__name__)


class Base(abc.ABC):
    @abc.abstractmethod
    def f(self):
        ...

    @property
    @abc.abstractmethod
    def p(self):
        ...


class Half(Base):
    def f(self):
        return 1


class Full(Half):
    p = 2


for cls in (Base, Half):
    try:
        cls()
    except TypeError as e:
        print("TypeError", e)
print(sorted(Base.__abstractmethods__), sorted(Half.__abstractmethods__), Full.__abstractmethods__, Full().f())
print(isinstance(Full(), Base), issubclass(Full, Base), issubclass(int, Base), isinstance(3, Base))
Base.register(int)
print(issubclass(int, Base), isinstance(3, Base), issubclass(bool, Base), Base.register(float) is float)
registry, cache, negative, version = abc._get_dump(Base)
print(len(registry), version >= 0, isinstance(abc.get_cache_token(), int))
try:
    Base.register(3)
except TypeError as e:
    print("TypeError", e)
try:
    Full.register(Base)
except RuntimeError as e:
    print("RuntimeError", e)


@runtime_checkable
class HasX(Protocol):
    x: int


@runtime_checkable
class Closeable(Protocol):
    def close(self):
        ...


class A:
    x = 1

    def close(self):
        pass


class B:
    pass


print(isinstance(A(), HasX), isinstance(B(), HasX), isinstance(A(), Closeable), issubclass(A, Closeable), issubclass(B, Closeable))
try:
    issubclass(A, HasX)
except TypeError as e:
    print("TypeError", e)
print(isinstance(3, SupportsIndex), isinstance(3.0, SupportsIndex))
