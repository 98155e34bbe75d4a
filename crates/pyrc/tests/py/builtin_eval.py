# eval(): expressions in the caller's scope, in given globals and locals, and its errors.
x = 10
print(eval("x + 1"))
print(eval("  [i * i for i in range(4)]"))
print(eval("lambda: x")())
print(eval(b"x * 2"))


def f(a, b=2):
    c = a * b
    return eval("a + b + c")


print(f(3))

g = {"y": 4}
print(eval("y * 2", g))
print("__builtins__" in g)
print(eval("y + z", g, {"z": 1}))
print(eval("x", None, {"x": "local"}))
print(eval("len('abc')", {}))


class C:
    k = 5
    doubled = eval("k * 2")


print(C.doubled)

for bad in [
    lambda: eval(3),
    lambda: eval("1", 5),
    lambda: eval("1", {}, 5),
    lambda: eval("1", globals={}),
    lambda: eval(),
    lambda: eval("x = 1"),
    lambda: eval("1 +"),
    lambda: eval("undefined_name"),
    lambda: eval("1 / 0"),
]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e.args[0] if e.args else "")
