# isinstance/issubclass ask the metaclass's __instancecheck__/__subclasscheck__; type() with
# three arguments makes a class.
class Duck(type):
    def __instancecheck__(cls, obj):
        return hasattr(obj, "quack")

    def __subclasscheck__(cls, sub):
        return hasattr(sub, "quack")


class Quacker(metaclass=Duck):
    pass


class Bird:
    def quack(self):
        return "quack"


print(isinstance(Bird(), Quacker), isinstance(3, Quacker), isinstance(Bird(), (int, Quacker)))
print(issubclass(Bird, Quacker), issubclass(int, Quacker), issubclass(Bird, (int, Quacker)))
print(isinstance(Quacker(), Quacker), isinstance(Quacker, Duck))


class Base:
    def greet(self):
        return "hi from " + type(self).__name__


Made = type("Made", (Base,), {"n": 3, "triple": lambda self: self.n * 3})
m = Made()
print(Made.__name__, Made.__qualname__, Made.__module__, Made.__bases__[0].__name__)
print(m.triple(), m.greet(), isinstance(m, Base), type(Made) is type)
Empty = type("Empty", (), {})
print(Empty.__bases__, Empty.__mro__[-1])
print(type(3) is int, type.__call__(int, "5"), type.__new__(type, "N", (), {}).__name__)

for bad in [
    lambda: isinstance(1, 2),
    lambda: issubclass(1, int),
    lambda: issubclass(int, 2),
    lambda: type.__call__(3),
    lambda: type.__new__(type, 1.5),
]:
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)
