# (Regression test: this was a known pyrc bug, now fixed.)
# CPython's test_weakref test_callback_in_cycle_1/_3, test_callback_in_cycle_resurrection and
# test_callbacks_on_callback as written there: the classes are part of the garbage too. A
# weakref that is itself garbage never calls back; one that is not (bound to a global here)
# does, once its referent (a class) is collected.
import gc
import weakref

gc.disable()

print("-- test_callback_in_cycle_1")


class J:
    pass


class II:
    def acallback(self, ignore):
        print("acallback called (wrong)", self.J)


I = II()
I.J = J
I.wr = weakref.ref(J, I.acallback)
check = weakref.ref(J)
del I, J, II
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
del c1, c2, D
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


wr = weakref.ref(E, E_went_away)
del e1, e2, E
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
del callback, c, d, F
print(alist)
gc.collect()
print(alist, external_wr())
del alist[:]
gc.collect()
print(alist)
print("done")
