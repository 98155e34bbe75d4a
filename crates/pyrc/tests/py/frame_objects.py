import sys, gc
def f():
    frame = sys._getframe()
    return frame.f_code.co_name, type(frame).__name__
gc.collect()
print(f())
print(gc.collect())
def g():
    frame = sys._getframe()
gc.collect(); g(); print(gc.collect())
def h(): return sys._getframe(1).f_globals is globals_
globals_ = sys.modules['__main__'].__dict__
print(h())
try: sys._getframe(50)
except ValueError as e: print(e)
