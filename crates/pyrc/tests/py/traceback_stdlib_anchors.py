# CPython's traceback.py under pyrc: 3.11's anchors (~~^^~~ under a binary operation, ~^^^ under
# a subscript), drawn by its match-statement code from co_positions().
import traceback


def f(a, b):
    return a[0] + b // 0


try:
    f([1], 2)
except Exception:
    print(traceback.format_exc().replace(__file__, "FILE"))
d = {}
try:
    x = d["k"]["j"]
except Exception:
    print(traceback.format_exc().replace(__file__, "FILE"))
