# expect: stderr="Exception ignored in: <finalize object at 0x"
# expect: stderr="ValueError: broken finalizer"
# weakref.finalize: called once when its object dies (by refcount or in a collected cycle),
# or early by calling it (returning the function's result); alive, peek, detach, atexit, repr.
import gc
import weakref

gc.disable()


class Resource:
    def __init__(self, name):
        self.name = name


def cleanup(*args, **kwargs):
    print("cleanup", args, sorted(kwargs.items()))
    return "result"


print("-- called when the object dies")
r = Resource("r")
f = weakref.finalize(r, cleanup, "r", 1, flag=True)
print(f.alive, f.atexit, f.peek()[0] is r, f.peek()[1] is cleanup, f.peek()[2:])
print(repr(f) == "<finalize object at %#x; for 'Resource' at %#x>" % (id(f), id(r)))
del r
print(f.alive, f.peek(), f.detach(), f())
print(repr(f) == "<finalize object at %#x; dead>" % id(f))

print("-- called early: returns the result, then is dead")
r = Resource("r2")
f = weakref.finalize(r, cleanup, "early")
print(f())
print(f.alive, f())
del r
print("nothing more")

print("-- detach")
r = Resource("r3")
f = weakref.finalize(r, cleanup, "detached", key="v")
obj, func, args, kwargs = f.detach()
print(obj is r, func is cleanup, args, kwargs, f.alive, f.detach())
del r, obj
print("not called")

print("-- in a collected cycle")
a = Resource("a")
b = Resource("b")
a.b = b
b.a = a
weakref.finalize(a, print, "a finalized")
weakref.finalize(b, print, "b finalized")
del a, b
print("cycle deleted")
gc.collect()
print("collected")

print("-- the finalizer may refer to arguments but must not keep the object alive")
log = []
r = Resource("r4")
f = weakref.finalize(r, log.append, "r4 gone")
f.atexit = False
print(f.atexit)
del r
print(log, f.alive, f.atexit)

print("-- several finalizers on one object run newest first")
r = Resource("r5")
for i in range(3):
    weakref.finalize(r, print, "finalizer", i)
del r

print("-- an exception in the function is reported, the program goes on")


def broken():
    raise ValueError("broken finalizer")


r = Resource("r6")
f = weakref.finalize(r, broken)
try:
    f()
except ValueError as e:
    print("ValueError:", e, f.alive)
r = Resource("r7")
weakref.finalize(r, broken)
del r
print("after the broken finalizer")

print("-- objects that cannot be weakly referenced")
try:
    weakref.finalize(1, print)
except TypeError as e:
    print("TypeError:", e)
print("done")
