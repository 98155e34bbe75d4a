# globals(), locals(), vars() and dir() without arguments read the caller's scope.
x = 1
print(globals()["x"], locals() is globals(), vars() is globals())
globals()["made"] = "through globals()"
print(made)


def f(a, b=2, *args, **kwargs):
    c = a + b

    def inner():
        return c

    snapshot = locals()
    snapshot["a"] = "changed"  # a snapshot: the variable keeps its value
    return sorted(k for k in snapshot), a, sorted(vars()), dir()


print(f(1))


def outer():
    free = "free"

    def inner():
        n = 0
        return sorted(locals().items())

    free += "!"
    return inner()


print(outer())


class C:
    y = 2
    names = sorted(k for k in locals() if not k.startswith("__"))
    in_body = dir()


print(C.names, "y" in C.in_body, "names" in C.in_body)


class P:
    def __init__(self):
        self.v = 1


print(vars(P()), "__init__" in vars(P))

alias = locals
print(alias() is globals())

for bad in [
    lambda: globals(1),
    lambda: locals(1),
    lambda: vars(1),
    lambda: vars(1, 2),
]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e.args[0] if e.args else "")
