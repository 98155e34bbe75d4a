# import of the built-in modules: import, import as, from-import, from-import as,
# module objects and their attributes, failing imports.

import gc
import sys
import time
import gc as collector
from sys import getrecursionlimit, argv as arguments
from time import perf_counter
import builtins

print(type(gc).__name__, type(sys).__name__, type(time).__name__)
print(gc.__name__, sys.__name__, time.__name__, collector.__name__)
print(collector is gc, gc is sys.modules["gc"], "time" in sys.modules)
print(getrecursionlimit() == sys.getrecursionlimit(), arguments is sys.argv)
print(callable(perf_counter), perf_counter is time.perf_counter)
print(builtins.len is len, builtins.print is print)

# importing again gives the same module object
import gc as again

print(again is gc)


def local_import():
    import sys as local_sys

    return local_sys.getrecursionlimit() == getrecursionlimit()


print(local_import())
try:
    local_sys
except NameError:
    print("local import is local")

try:
    import no_such_module_here  # noqa: F401
except ImportError as e:
    print(type(e).__name__, e)
print(issubclass(ModuleNotFoundError, ImportError))

try:
    from sys import no_such_name  # noqa: F401
except ImportError as e:
    print(type(e).__name__)

# module attributes can be set and read back
sys.custom_attribute = "set on a module"
print(sys.custom_attribute)
del sys.custom_attribute
print(hasattr(sys, "custom_attribute"))
print(repr(gc), repr(sys))
