# weakref.proxy: attribute access, assignment, deletion, calls and operators are forwarded to
# the referent; once it is dead every use raises ReferenceError. Proxies are unhashable, the
# basic proxy is shared, a callback receives the proxy.
import weakref


def addr(x):
    return "%#x" % id(x)


class Vector:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __repr__(self):
        return "Vector(%r, %r)" % (self.x, self.y)

    def __str__(self):
        return "<%s, %s>" % (self.x, self.y)

    def __eq__(self, other):
        return isinstance(other, Vector) and (self.x, self.y) == (other.x, other.y)

    __hash__ = None

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return (self.x, self.y)[i]

    def __contains__(self, value):
        return value in (self.x, self.y)

    def __iter__(self):
        return iter([self.x, self.y])

    def __neg__(self):
        return Vector(-self.x, -self.y)

    def __lt__(self, other):
        return self.norm2() < other.norm2()


print("-- forwarding")
v = Vector(3, 4)
p = weakref.proxy(v)
print(type(p), type(p) is weakref.ProxyType, isinstance(p, weakref.ProxyTypes))
print(p.x, p.y, p.norm2())
p.z = 5
print(v.z, p.z)
del p.z
print(hasattr(v, "z"), hasattr(p, "z"))
try:
    p.missing
except AttributeError as e:
    print("AttributeError:", e)
print(str(p), len(p), p[0], p[1], 3 in p, 7 in p, list(p), bool(p))
print(p + Vector(1, 1), p == Vector(3, 4), p != Vector(3, 4), -p, p < Vector(9, 9))
print(Vector(1, 1) + p, p + p)
print(weakref.proxy(v) is p, weakref.getweakrefcount(v))
print(repr(p) == "<weakproxy at %s to Vector at %s>" % (addr(p), addr(v)))
try:
    hash(p)
except TypeError as e:
    print("TypeError:", e)

print("-- item assignment and deletion")


class Box:
    def __init__(self):
        self.items = {}

    def __setitem__(self, key, value):
        self.items[key] = value

    def __getitem__(self, key):
        return self.items[key]

    def __delitem__(self, key):
        del self.items[key]


box = Box()
pb = weakref.proxy(box)
pb["a"] = 1
pb["b"] = 2
del pb["a"]
print(box.items, pb["b"])

print("-- callable proxies")


def double(x):
    return 2 * x


pf = weakref.proxy(double)
print(type(pf), type(pf) is weakref.CallableProxyType, pf(21), callable(pf), callable(p))
try:
    p()
except TypeError as e:
    print("TypeError:", e)


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, step=1):
        self.n += step
        return self.n


counter = Counter()
pc = weakref.proxy(counter)
print(pc(), pc(step=5), pc.n, type(pc).__name__ == type(pf).__name__)

print("-- dead proxies")
log = []
w = Vector(1, 2)
dp = weakref.proxy(w, lambda proxy: log.append(proxy is dp))
plain = weakref.proxy(w)
print(dp is plain, weakref.getweakrefcount(w), weakref.getweakrefs(w)[0] is plain)
del w
print(log)
for use in [lambda: dp.x, lambda: dp.norm2(), lambda: str(dp), lambda: len(dp), lambda: dp[0],
            lambda: dp + Vector(0, 0), lambda: setattr(dp, "x", 1), lambda: 1 in dp,
            lambda: bool(dp), lambda: dp == 1]:
    try:
        use()
        print("unexpected: no error")
    except ReferenceError as e:
        print("ReferenceError:", e)
print(repr(dp) == "<weakproxy at %s to NoneType at %s>" % (addr(dp), addr(None)))
del double
try:
    pf(1)
except ReferenceError as e:
    print("ReferenceError:", e)
print(isinstance(ReferenceError("x"), Exception))

print("-- argument errors")
for call in [lambda: weakref.proxy(), lambda: weakref.proxy(counter, None, 1),
             lambda: weakref.proxy(counter, callback=None), lambda: weakref.proxy(1),
             lambda: weakref.proxy([])]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
print("done")
