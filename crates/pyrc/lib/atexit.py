"""pyrc's `atexit` (CPython's is written in C): functions registered here run when the
interpreter exits, last registered first; the interpreter calls `_run_exitfuncs()` at exit
(before the final collection), as CPython's `Py_FinalizeEx` does."""

import sys

_exithandlers = []


def register(func, *args, **kwargs):
    """Register `func` to be called with `args` and `kwargs` at exit; returns `func`."""
    if not callable(func):
        raise TypeError("the first argument must be callable")
    _exithandlers.append((func, args, kwargs))
    return func


def unregister(func):
    """Remove every registration of `func`."""
    _exithandlers[:] = [entry for entry in _exithandlers if entry[0] != func]


def _clear():
    del _exithandlers[:]


def _ncallbacks():
    return len(_exithandlers)


def _run_exitfuncs():
    while _exithandlers:
        func, args, kwargs = _exithandlers.pop()
        try:
            func(*args, **kwargs)
        except SystemExit:
            pass
        except BaseException as exc:
            print("Exception ignored in atexit callback:", repr(func), file=sys.stderr)
            print("%s: %s" % (type(exc).__name__, exc), file=sys.stderr)
