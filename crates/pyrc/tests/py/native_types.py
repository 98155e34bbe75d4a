# Objects of native types (object/native_type.rs, types/native_class.rs), through
# _testnative.Counter; python3 runs the same program against an equivalent pure-Python class
# (see the fallback below) so that the expected output is CPython's.
import gc, copy, weakref
try:
    from _testnative import Counter
except ImportError:
    class Counter:
        __module__ = "_testnative"
        def __new__(cls, start=0, *ignored):
            self = object.__new__(cls)
            self._v = start
            self.payload = None
            return self
        value = property(lambda s: s._v, lambda s, v: setattr(s, "_v", v.__index__()))
        doubled = property(lambda s: s._v * 2)
        def incr(self, by=1):
            if not isinstance(self, Counter):
                raise TypeError("descriptor 'incr' for '_testnative.Counter' objects "
                                "doesn't apply to a '%s' object" % type(self).__name__)
            self._v += by
        def __repr__(self): return "%s(%d)" % (type(self).__name__, self._v)
        def __len__(self): return self._v
        def __bool__(self): return self._v != 0
        def __iter__(self): return self
        def __next__(self):
            if self._v <= 0: raise StopIteration
            self._v -= 1
            return self._v + 1
        def __getitem__(self, i):
            if i < 0 or i >= self._v: raise IndexError("Counter index out of range")
            return i * 10
        def __setitem__(self, i, v): self._v = i
        def __contains__(self, i): return 0 <= i < self._v
        def __eq__(self, o):
            return self._v == o._v if isinstance(o, Counter) else NotImplemented
        def __hash__(self): return self._v * 31
        def __enter__(self): self._v += 100; return self
        def __exit__(self, *a): self._v -= 100; return False
        def __copy__(self):
            c = type(self).__new__(type(self), self._v); c.payload = self.payload; return c
        __deepcopy__ = lambda self, memo: self.__copy__()
        def __class_getitem__(cls, item): return (cls, item)

c = Counter(3)
print(type(c).__name__, type(c).__module__, repr(type(c)))
print(isinstance(c, Counter), type(c) is Counter, c.__class__.__name__)
print(c, str(c), len(c), bool(c), bool(Counter()), c.value, c.doubled)
print(hasattr(Counter, "incr"), hasattr(c, "incr"), hasattr(c, "nope"))
print([n for n in dir(c) if not n.startswith("_")])
c.incr(); c.incr(2)
print(c.value, c[1], 2 in c, 7 in c)
try:
    c[99]
except IndexError as e:
    print("IndexError", e)
c[4] = None
print(c.value, list(c), c.value)
c.value = 5
print(c.value, c == Counter(5), c != Counter(5), c == 5, hash(c) == hash(Counter(5)))
with c as inside:
    print("inside", inside is c, c.value)
print("after", c.value)
d = copy.copy(c); e = copy.deepcopy(c)
print(d, e, d is c, type(d) is Counter)
print(Counter[int] == (Counter, int))
try:
    c.doubled = 1
except AttributeError:
    print("AttributeError on read-only attribute")
c.extra = "in the dict"
print(c.extra, "extra" in c.__dict__)
try:
    Counter.incr(1)
except TypeError as e:
    print("TypeError:", e)

class Sub(Counter):
    def __init__(self, start, label):
        self.label = label
    def __repr__(self):
        return "Sub<" + super().__repr__() + " " + self.label + ">"
    def incr(self, by=1):
        super().incr(by * 10)

s = Sub(2, "x")
print(s, type(s).__name__, isinstance(s, Counter), issubclass(Sub, Counter))
s.incr()
print(s.value, len(s), s.label, {k: v for k, v in s.__dict__.items() if k == "label"}, list(s))
print(Sub.__mro__[1] is Counter)

class Deleted(Counter):
    def __del__(self):
        print("del ran", self.value)
Deleted(7)
gc.collect()

# A cycle through the native state: the collector finds and frees it.
class Holder:
    pass
h = Holder()
k = Counter(1)
k.payload = h
h.k = k
r = weakref.ref(h)
del h, k
gc.collect()
print("cycle collected:", r() is None)
