# Frames up the stack: f_back, and the line each caller is at (logging's findCaller and
# warnings' stacklevel walk them).
import logging, sys, warnings

logging.basicConfig(format="%(filename)s:%(lineno)d %(funcName)s %(message)s", stream=sys.stdout)

def f():
    logging.warning("hello")

f()

def inner():
    frame = sys._getframe()
    back = frame.f_back
    return back.f_code.co_name, back.f_lineno, back.f_back.f_code.co_name, back.f_back.f_lineno

def outer():
    return inner()

print(outer())
print(sys._getframe().f_back)

def chain():
    names = []
    frame = sys._getframe()
    while frame is not None:
        names.append(frame.f_code.co_name)
        frame = frame.f_back
    return names

def level1():
    return chain()

print(level1())

def kept():
    return sys._getframe()

frame = kept()
print(frame.f_back.f_code.co_name, frame.f_code.co_name, frame.f_back.f_back)

import os

def h():
    warnings.warn("careful", stacklevel=2)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    h()
    warnings.warn("at module level")
for w in caught:
    print(os.path.basename(w.filename), w.lineno, w.category.__name__, w.message)
