# Annotations: module and class __annotations__ (SETUP_ANNOTATIONS), function annotations,
# the evaluation order and which annotations are evaluated at all.
order = []


def note(value):
    order.append(value)
    return value


x: note(int) = note(3)
y: note("later")
print(__annotations__, x, order)


class C:
    a: int
    b: str = "b"
    if True:
        c: list
    for _ in range(1):
        d: float
    try:
        e: dict
    finally:
        pass


print(C.__annotations__, C.b, hasattr(C, "a"))


class D:
    pass


print(hasattr(D, "__annotations__") and D.__annotations__)


def f(a: int, b: "str" = "x", *args: tuple, k: float = 1.0, **kw: dict) -> bool:
    local: note("never") = 1
    return local


print(f.__annotations__, f(1), order)


def g(a, b):
    pass


print(g.__annotations__, g.__annotations__ is g.__annotations__)
g.__annotations__ = {"a": int}
print(g.__annotations__)


class E:
    def m(self, v: int) -> "E":
        return self


print(E.m.__annotations__)
obj = C()
obj.attr: note("attr annotation") = 5
print(obj.attr, order)
lst = [0]
lst[0]: int = 7
print(lst)
