# Control flow the compiler lays out: finally on every exit, with statements, nested
# handlers, exception chaining, loops' else clauses, break/continue through finally.


def f(mode):
    try:
        if mode == "return":
            return "returned"
        if mode == "raise":
            raise ValueError("raised")
        return "fell through"
    finally:
        print("finally", mode)


for mode in ("return", "raise", "other"):
    try:
        print(f(mode))
    except ValueError as e:
        print("caught", e)


def override():
    try:
        return 1
    finally:
        return 2


print(override())


def loop_control():
    out = []
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append("f%d" % i)
    else:
        out.append("no break")
    return out


print(loop_control())

i = 0
while i < 3:
    i += 1
else:
    print("while else", i)


class Manager:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, kind, value, tb):
        print("exit", self.name, kind.__name__ if kind else None, value)
        return self.suppress


with Manager("a") as a, Manager("b") as b:
    print("body", a, b)

with Manager("s", suppress=True):
    raise KeyError("suppressed")
print("after suppressed")

try:
    with Manager("n"):
        raise KeyError("not suppressed")
except KeyError as e:
    print("propagated", e)


def with_return():
    with Manager("r"):
        return "from with"


print(with_return())

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("during handling")
except ValueError as e:
    print(type(e.__context__).__name__, e.__suppress_context__)

try:
    try:
        {}["missing"]
    except KeyError as e:
        raise RuntimeError("from") from e
except RuntimeError as e:
    print(repr(e.__cause__), e.__suppress_context__)

try:
    raise
except RuntimeError as e:
    print("bare raise:", e)


def nested():
    try:
        try:
            raise TypeError("inner")
        except ValueError:
            print("wrong handler")
        finally:
            print("inner finally")
    except TypeError as e:
        print("outer handler", e)
        return "done"


print(nested())

e = "kept?"
try:
    raise OSError("x")
except OSError as e:
    pass
try:
    print(e)
except NameError as err:
    print("NameError:", err)

import sys


def exc_info_inside():
    try:
        raise IndexError("i")
    except IndexError:
        print(sys.exc_info()[0].__name__)
    print(sys.exc_info()[0])


exc_info_inside()

x = [1, 2, 3]
first, *rest = x
print(first, rest)
(a, b), c = (1, 2), 3
print(a, b, c)
try:
    a, b = [1, 2, 3]
except ValueError as err:
    print(err)
try:
    a, b, c = 1, 2
except ValueError as err:
    print(err)
try:
    a, b = 5
except TypeError as err:
    print(err)
print(1 < 2 < 3, 1 < 3 < 2, (1 if 0 else 2), (0 or "" or "z"), (1 and 0))
print(f"{3.14159:.2f}|{'x'!r:>5}|{x!s}|{1+1}")


def kw(a, b=2, *args, c, d=4, **rest):
    return a, b, args, c, d, rest


print(kw(1, c=3))
print(kw(1, 2, 3, 4, c=5, e=6))
print(kw(*[1, 2], **{"c": 3, "z": 0}))
for bad in (lambda: kw(), lambda: kw(1, c=1, a=2), lambda: kw(1, 2, c=1, b=3)):
    try:
        bad()
    except TypeError as err:
        print(err)


def counter():
    count = 0

    def inc():
        nonlocal count
        count += 1
        return count

    return inc


inc = counter()
inc()
print(inc())
g = 10


def uses_global():
    global g
    g += 1
    return g


print(uses_global(), g)
try:
    def unbound():
        print(v)
        v = 1
    unbound()
except UnboundLocalError as err:
    print(err)
