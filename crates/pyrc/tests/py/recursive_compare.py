# Comparing recursive structures is unbounded recursion inside the interpreter: CPython raises
# RecursionError ("maximum recursion depth exceeded in comparison"), which can be caught.

x = []
x.append(x)
y = []
y.append(y)
print("identical object:", x == x, x[0] is x)
for name, thunk in [
    ("list ==", lambda: x == y),
    ("list <", lambda: x < y),
    ("in", lambda: x in [y]),
    ("count", lambda: [y].count(x)),
]:
    try:
        thunk()
        print(name, "returned")
    except RecursionError as e:
        print(name, "RecursionError:", e)
d = {}
d["k"] = d
e = {}
e["k"] = e
try:
    d == e
except RecursionError:
    print("dict == RecursionError")
print("still running")
