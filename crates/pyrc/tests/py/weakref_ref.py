# expect: stderr="Exception ignored in: <function broken_callback at 0x"
# expect: stderr="ZeroDivisionError: division by zero"
# weakref.ref: calling, reuse of the basic ref, callbacks on refcount death (newest first,
# called once with the weakref, which is dead by then), __callback__, ==, hash, repr,
# getweakrefcount / getweakrefs, which objects can be weakly referenced, argument errors.
import sys
import weakref


def addr(x):
    return "%#x" % id(x)


def show(text, *objects):
    # Addresses differ from run to run: name them.
    for name, obj in objects:
        text = text.replace(addr(obj), name)
    print(text)


class C:
    def __init__(self, name):
        self.name = name

    def method(self):
        return self.name


print("-- basics")
c = C("c")
r = weakref.ref(c)
print(r() is c, r().name)
print(weakref.ref(c) is r, weakref.ref(c, None) is r)
print(type(r), isinstance(r, weakref.ReferenceType))
print(r.__callback__)
show(repr(r), ("R", r), ("C", c))
print(weakref.getweakrefcount(c), weakref.getweakrefs(c) == [r])
del c
print(r())
show(repr(r), ("R", r))
print(weakref.getweakrefcount(C("temp")), weakref.getweakrefs(C("temp")))

print("-- callbacks on refcount death")
log = []


def make_callback(tag):
    def callback(wr):
        log.append((tag, wr() is None, wr.__callback__))
    return callback


c = C("c")
cb1 = make_callback("first")
cb2 = make_callback("second")
r1 = weakref.ref(c, cb1)
r2 = weakref.ref(c, cb2)
plain = weakref.ref(c)
print(r1 is r2, r1 is plain, r1.__callback__ is cb1, r2.__callback__ is cb2)
print(weakref.getweakrefcount(c))
print(weakref.getweakrefs(c)[0] is plain, weakref.getweakrefs(c)[1] is r2,
      weakref.getweakrefs(c)[2] is r1)
seen = []
r3 = weakref.ref(c, lambda wr: seen.append(wr is r3))
del c
print(log)
print(seen)
print(r1(), r1.__callback__, r2.__callback__, plain())
print(weakref.getweakrefcount(C("x")))

print("-- a weakref that dies first never calls back")
c = C("c")
r = weakref.ref(c, lambda wr: print("never printed"))
del r
del c
print("no callback")

print("-- the callback's exception is reported and ignored")


def broken_callback(wr):
    1 / 0


c = C("c")
r = weakref.ref(c, broken_callback)
del c
sys.stderr.flush()
print("after the broken callback", r())

print("-- equality and hashing")
a = C("a")
b = C("b")
ra1 = weakref.ref(a)
ra2 = weakref.ref(a, lambda wr: None)
rb = weakref.ref(b, lambda wr: None)
print(ra1 == ra2, ra1 != ra2, ra1 == rb, ra1 != rb, ra1 == a, ra1 == 1)
print(hash(ra1) == hash(a), hash(ra2) == hash(a))


class Same:
    def __eq__(self, other):
        return True

    def __hash__(self):
        return 7


s1 = Same()
s2 = Same()
rs1 = weakref.ref(s1)
rs2 = weakref.ref(s2)
print(rs1 == rs2, hash(rs1), hash(rs2))
try:
    ra1 < rb
except TypeError as e:
    print("TypeError:", e)
h = hash(ra2)
del a, s1
print(ra1 == ra2, ra1 is ra2, ra1 == ra1, ra2 == ra2, rs1 == rs2, rs1 != rs2)
print(hash(ra2) == h, hash(rs1))
dead = weakref.ref(C("gone"))
try:
    hash(dead)
except TypeError as e:
    print("TypeError:", e)
d = {ra1: "kept"}
print(d[ra1], ra1 in d)
live = C("live")
d = {weakref.ref(live, lambda wr: None): 1}
print(weakref.ref(live) in d, d[weakref.ref(live)])

print("-- what can be weakly referenced")


def function():
    pass


class Plain:
    pass


class MyError(Exception):
    pass


gen = (x for x in [1])
bound = C("m").method
candidates = [function, Plain, Plain(), {1, 2}, frozenset([1]), weakref, sys, len, bound, gen,
              MyError("x")]
for obj in candidates:
    w = weakref.ref(obj)
    print(type(obj).__name__, w() is obj)
for obj in [1, 2.5, "s", b"b", (1,), [1], {}, None, True, object(), range(3), KeyError("k"),
            weakref.ref(Plain), slice(1), property(function)]:
    try:
        weakref.ref(obj)
        print("unexpected: weakly referenced", type(obj).__name__)
    except TypeError as e:
        print("TypeError:", e)
print(weakref.getweakrefcount(1), weakref.getweakrefs("x"))

print("-- the referent of a function or class is named in the repr")
rf = weakref.ref(function)
rp = weakref.ref(Plain)
show(repr(rf), ("R", rf), ("F", function))
show(repr(rp), ("R", rp), ("P", Plain))

print("-- argument errors")
c = C("c")
for call in [lambda: weakref.ref(), lambda: weakref.ref(c, None, 1),
             lambda: weakref.ref(c, callback=None), lambda: weakref.ref(c)(1),
             lambda: weakref.ref(c)(x=1), lambda: weakref.getweakrefcount(),
             lambda: weakref.getweakrefs(c, 1)]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)

print("-- ReferenceType called directly")
c = C("direct")
rr = weakref.ReferenceType(c, lambda wr: print("direct callback", wr is rr))
print(rr() is c, isinstance(rr, weakref.ReferenceType), rr == weakref.ref(c))
del c
try:
    weakref.ReferenceType(1)
except TypeError as e:
    print("TypeError:", e)

print("-- a callback may be any callable; it sees the object gone")


class Holder:
    def __init__(self):
        self.calls = []

    def __call__(self, wr):
        self.calls.append(wr())


holder = Holder()
c = C("c")
r = weakref.ref(c, holder)
print(r.__callback__ is holder)
del c
print(holder.calls)
print("done")
