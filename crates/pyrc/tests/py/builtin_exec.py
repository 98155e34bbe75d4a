# exec(): statements in the caller's scope, in given globals and locals, and its errors.
x = 10
exec("x = x + 1\ny = 2")
print(x, y)

g = {}
print(exec("a = 1\nb = a + 1\ndef f():\n    return a + b", g))
print(g["a"], g["b"], g["f"](), "__builtins__" in g)

loc = {}
exec("q = x * 3", None, loc)
print(loc)
exec("r = x * 4\nclass K:\n    attr = x", globals(), loc)
print(loc["r"], loc["K"].attr, "r" in globals())
try:  # a class body sees the globals, not exec's locals
    exec("r = 1\nclass K:\n    attr = r", globals(), {})
except NameError as e:
    print("NameError", e)

# Functions defined with separate locals see the globals only.
loc = {}
exec("v = 1\ndef get():\n    return v", {"v": "global"}, loc)
print(loc["get"]())


def h():
    q = 1
    exec("q = 2\nw = 3")
    return q


print(h())

namespace = {}
exec("import math\nroot = math.sqrt(16)", namespace)
print(namespace["root"])

for bad in [
    lambda: exec(5),
    lambda: exec("1", 5),
    lambda: exec("1", {}, 5),
    lambda: exec("x = ", {}),
    lambda: exec("raise KeyError('k')", {}),
    lambda: exec("1", {}, {}, 4),
    lambda: exec("1", closure=(1,)),
]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e.args[0] if e.args else "")
