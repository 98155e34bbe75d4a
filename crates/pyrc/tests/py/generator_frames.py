# Generators are heap frames (issue 11): what a suspended frame holds is traced, so a cycle
# through a running for loop's iterator is collected, and gc.get_referents sees the frame.
import gc
import weakref


class Node:
    pass


def walker(items):
    for item in items:
        yield item


n = Node()
n.items = [n]
n.gen = walker(n.items)
print(next(n.gen) is n)  # suspended inside the for loop: its list iterator is on the stack
w = weakref.ref(n)
del n
print("unreachable found:", gc.collect() > 0)
print("collected:", w() is None)


def holder(x):
    y = [x, "local"]
    for z in [1, 2]:
        yield y


gen = holder("payload")
next(gen)
refs = gc.get_referents(gen)
print("local list seen:", any(r == ["payload", "local"] for r in refs))
print("argument seen:", any(r == "payload" for r in refs))


# send / throw / close through try/finally and yield from
def inner():
    try:
        received = yield 1
        print("inner got", received)
        received = yield 2
        print("inner got", received)
    finally:
        print("inner finally")
    return "inner result"


def outer():
    result = yield from inner()
    print("outer got", result)
    try:
        yield 3
    except KeyError as e:
        print("outer caught", repr(e))
        yield 4


g = outer()
print(next(g))
print(g.send("a"))
print(g.send("b"))
print(g.throw(KeyError("k")))
g.close()
print("closed")


def counting():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("exit seen")
        raise


c = counting()
next(c)
del c
gc.collect()


def leaks_stop():
    yield 1
    raise StopIteration("inner")


try:
    list(leaks_stop())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))

print([x * y for x in range(3) for y in range(3) if x != y])
print({k: v for k, v in zip("abc", range(3))})
print(sorted({c for c in "hello"}))
print(sum(x for x in range(100) if x % 3 == 0))
lazy = (print("evaluated", i) or i for i in range(2))
print("before")
print(list(lazy))
print(type(lazy).__name__, lazy.__qualname__ if hasattr(lazy, "__qualname__") else "")


def gen_in_class():
    class K:
        values = [1, 2, 3]
        doubled = [v * 2 for v in values]
    return K.doubled


print(gen_in_class())
