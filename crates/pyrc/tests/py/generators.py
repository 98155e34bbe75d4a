def gen(n):
    for i in range(n):
        x = yield i
        if x: print("got", x)
    return "done"
g = gen(3)
print(type(g).__name__, repr(g).startswith("<generator object gen at 0x"))
print(next(g), g.send("hi"), next(g))
try: next(g)
except StopIteration as e: print("stop", e.value)
print(list(gen(4)), sum(gen(10)))
def deleg():
    r = yield from gen(2)
    print("r =", r)
    yield "after"
print(list(deleg()))
def fin():
    try:
        yield 1
        yield 2
    finally:
        print("finally ran")
f = fin(); print(next(f)); f.close(); print("closed")
f = fin(); next(f); del f; print("deleted")
def catcher():
    while True:
        try: yield
        except ValueError as e: print("caught", e); yield "recovered"
c = catcher(); next(c); print(c.throw(ValueError("boom")))
def bad():
    yield 1
    raise StopIteration
try: list(bad())
except RuntimeError as e: print("RuntimeError:", e)
def rec(n):
    if n: yield from rec(n-1)
    yield n
print(list(rec(50))[:5])
import gc
def cyc():
    me = yield
    yield me
c = cyc(); next(c); c.send(c); del c
print("collected", gc.collect())
def fib():
    a, b = 0, 1
    while 1:
        yield a; a, b = b, a+b
f = fib(); print([next(f) for _ in range(10)])
# a generator's finally block runs when it is collected as part of a cycle
class Holder:
    pass
def held(h):
    try:
        yield 1
    finally:
        print("closed by the collector")
h = Holder(); h.g = held(h); next(h.g); del h
print("collect found", gc.collect() > 0)
# the first send must be None
try: gen(1).send(3)
except TypeError as e: print("TypeError:", e)
# a running generator cannot be re-entered
def reenter():
    yield next(me)
me = reenter()
try: next(me)
except ValueError as e: print("ValueError:", e)
