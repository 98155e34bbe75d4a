# expect: known-bug "locals() in a function makes a new snapshot dict at each call (CPython 3.11 updates and returns the frame's one dict, so names exec() added stay in it)"
# locals() in a function: CPython 3.11 keeps one dict per frame.
def f():
    a = 1
    first = locals()
    exec("b = 2")
    second = locals()
    return first is second, "b" in second


print(f())
