# Weak references and the cycle collector (CPython's rules, Modules/gc_weakref.txt and
# test_weakref's test_callback_in_cycle_* / test_callbacks_on_callback): a callback runs when
# its referent is collected in a cycle, unless the weakref itself is part of the garbage; all
# weak references to the garbage are cleared before any callback or __del__ runs. (The
# classes stay alive here; weakref_gc_classes.py has the variants where they are garbage too.)
import gc
import weakref

gc.disable()


class C:
    def __init__(self, name):
        self.name = name


print("-- a referent collected in a cycle: the callback runs (once)")
log = []
a = C("a")
b = C("b")
a.other = b
b.other = a
wa = weakref.ref(a, lambda wr: log.append("a died"))
wb = weakref.ref(b, lambda wr: log.append("b died"))
del a, b
print(log, wa() is not None, wb() is not None)
gc.collect()
print(sorted(log), wa(), wb())
gc.collect()
print(len(log))

print("-- test_callback_in_cycle_1: the weakref is garbage, its callback never runs")


class J:
    pass


class II:
    def acallback(self, ignore):
        print("acallback called (wrong)", self.J)


I = II()
I.J = J
I.wr = weakref.ref(J, I.acallback)
check = weakref.ref(J)
del I, J
gc.collect()
print("J collected:", check() is None)

print("-- test_callback_in_cycle_3")


class D:
    def cb(self, ignore):
        print("cb called (wrong)", self.me, self.c1, self.wr)


c1, c2 = D(), D()
c2.me = c2
c2.c1 = c1
c2.wr = weakref.ref(c1, c2.cb)
check = weakref.ref(c1)
del c1, c2
gc.collect()
print("c1 collected:", check() is None)

print("-- test_callback_in_cycle_resurrection")
alist = []


class E:
    def __init__(self, value):
        self.attribute = value

    def acallback(self, ignore):
        alist.append(self.c)


e1, e2 = E(1), E(2)
e1.c = e2
e2.c = e1
e1.wr = weakref.ref(e2, e1.acallback)
e2.wr = weakref.ref(e1, e2.acallback)


def E_went_away(ignore):
    alist.append("E went away")


def marker():
    pass


e1.marker = marker
wr = weakref.ref(marker, E_went_away)
del e1, e2, marker
print(alist)
gc.collect()
print(alist, wr())
del alist[:]
gc.collect()
print(alist)

print("-- test_callbacks_on_callback")
alist = []


def safe_callback(ignore):
    alist.append("safe_callback called")


class F:
    def cb(self, ignore):
        alist.append("cb called")


c, d = F(), F()
c.other = d
d.other = c
callback = c.cb
c.wr = weakref.ref(d, callback)
d.wr = weakref.ref(callback, d.cb)
external_wr = weakref.ref(callback, safe_callback)
print(external_wr() is callback)
del callback, c, d
print(alist)
gc.collect()
print(alist, external_wr())
del alist[:]
gc.collect()
print(alist)

print("-- all weak references to the garbage are cleared before callbacks and __del__")


class Node:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name, "sees", [w() for w in watched])


x = Node("x")
y = Node("y")
x.peer = y
y.peer = x
watched = [weakref.ref(x), weakref.ref(y)]


def on_death(wr):
    print("callback sees", [w() for w in watched], wr())


wx = weakref.ref(x, on_death)
del x, y
gc.collect()
print("after collect", [w() for w in watched])

print("-- the weakref survives its referent's collection when reachable")
keep = []


class G:
    pass


g = G()
g.self = g
def g_collected(wr):
    print("G collected; wr is kept:", wr is keep[0])


keep.append(weakref.ref(g, g_collected))
del g
gc.collect()
# The collector leaves __callback__ set (the refcount path clears it).
print(keep[0](), keep[0].__callback__ is g_collected)

print("-- a callback holding its own weakref: a cycle through the callback")


class H:
    pass


h = H()
h.loop = h
holder = {}
holder["wr"] = weakref.ref(h, lambda wr: print("h gone, holder still has it:", holder["wr"] is wr))
del h
gc.collect()

print("-- weakrefs to a generator expression and a bound method")
gen = (i for i in range(3))
wg = weakref.ref(gen, lambda wr: print("generator gone"))
del gen
bound = C("m").__init__
wm = weakref.ref(bound, lambda wr: print("bound method gone"))
del bound
print(wg(), wm())
print("done")
