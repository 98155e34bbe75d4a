# The types of values: type(), isinstance, issubclass, callable, and the names and reprs of
# None, bool, int, float, str, list, tuple, dict, set, range, function, builtin function,
# bound method, class, instance, module, type. Addresses in reprs are never printed.
import gc


def function():
    pass


class Klass:
    def method(self):
        pass


instance = Klass()
values = [
    None, True, 1, 2 ** 100, 1.5, "s", [1], (1,), {"k": 1}, {1}, range(3), function,
    lambda: 0, len, instance.method, Klass, instance, gc, type, object(), ValueError("v"),
    ValueError, frozenset(), (x for x in ()),
]
for v in values:
    print(type(v).__name__, callable(v), isinstance(v, object))

print(type(None) is type(None), type(1) is int, type(1.0) is float, type("") is str)
print(type(True) is bool, type([]) is list, type(()) is tuple, type({}) is dict, type(set()) is set)
print(type(Klass) is type, type(type) is type, type(instance) is Klass, type(int) is type)
print(isinstance(1, (str, int)), isinstance("", (list, tuple)), isinstance(True, int))
print(isinstance(instance, Klass), isinstance(Klass, type), isinstance(type, object))
print(issubclass(bool, int), issubclass(int, object), issubclass(Klass, object))
print(issubclass(type, object), issubclass(object, type), issubclass(bool, (str, int)))
for bad in [lambda: isinstance(1, 1), lambda: issubclass(1, int)]:
    try:
        bad()
    except TypeError:
        print("TypeError")

# reprs that contain no address
print(repr(None), repr(True), repr(1), repr(1.5), repr("s"), repr([1]), repr((1,)))
print(repr({"k": 1}), repr({1}), repr(range(3)), repr(range(1, 9, 2)), repr(frozenset()))
print(int, float, str, bool, list, tuple, dict, set, range, type, object, type(None))
print(Klass, ValueError, BaseException, repr(len), repr(print))
print(repr(Ellipsis), ..., NotImplemented)

# reprs with an address: print only their shape
def shape(text):
    return text.split(" at 0x")[0] + (" at 0x..." if " at 0x" in text else "")


print(shape(repr(function)))
print(shape(repr(instance)))
print(shape(repr(instance.method)))
print(shape(repr(object())))
print(shape(repr(lambda: 0)))
print(repr(instance.method).startswith("<bound method Klass.method of <__main__.Klass object"))

# function and class attributes
print(function.__name__, Klass.__name__, Klass.method.__name__, instance.method.__name__)
print(Klass.__module__, function.__module__, type(instance).__qualname__)
print(Klass.__dict__["method"] is Klass.method, "method" in dir(Klass), "method" in dir(instance))
print(instance.__dict__, sorted(k for k in vars(instance)))
instance.field = 5
print(instance.__dict__, vars(instance))

# id: only comparisons
a = [1]
b = a
c = [1]
print(id(a) == id(b), id(a) == id(c), id(None) == id(None), id(1) == id(1), id(a) != id(c))
print(isinstance(id(a), int))

# hash: only of ints and tuples of ints
print(hash(1) == 1, hash(0), hash(-1) == hash(-2), hash((1, 2)) == hash((1, 2)), hash(True))
print(hash(12345), hash(2 ** 61 - 2), hash(2 ** 61 - 1), hash(2 ** 61), hash(-(2 ** 61)))
print(hash((1, 2, 3)) == hash(tuple([1, 2, 3])), hash(()) == hash(()), hash(1.0) == hash(1))

# object()
o1, o2 = object(), object()
print(o1 == o1, o1 == o2, o1 != o2, o1 is not o2, type(o1).__name__, bool(o1))
try:
    o1.attr = 1
except AttributeError as e:
    print("AttributeError:", e)

# type(name, bases, dict) is not required; type(x) of one argument is
print(type(3)(7), type("")(3.5), type([])("ab"), type(instance)().__class__.__name__)
