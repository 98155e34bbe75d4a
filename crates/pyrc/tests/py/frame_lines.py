# sys._getframe(): f_lineno names the line a frame is at (the call in progress), also in generators (issue 11).
import sys
def f():
    x = 1
    return sys._getframe().f_lineno
def g():
    y = 2
    return h()
def h():
    return sys._getframe(1).f_lineno, sys._getframe(1).f_code.co_name if hasattr(sys._getframe(1), "f_code") else None
def gen():
    yield sys._getframe().f_code.co_name if hasattr(sys._getframe(), "f_code") else sys._getframe()
print(f(), g())
print(next(gen()))
