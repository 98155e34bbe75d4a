"""pyrc's `_decimal` (CPython's is written in C, over libmpdec): CPython's own `_pydecimal`,
read from its Lib and run afresh as this module (so `_pydecimal` itself stays pure Python),
with its hot paths replaced by the native accelerator `_pyrc_decimal` (construction from str
and int, `+ - *`, comparisons, `quantize`, `__str__`), which computes what the Python methods
compute and runs them wherever it does not."""

import sys as _sys


def _pydecimal_code():
    for entry in _sys.path:
        if not isinstance(entry, str) or entry == "<pyrc-lib>":
            continue
        path = (entry or ".") + "/_pydecimal.py"
        try:
            with open(path, encoding="utf-8") as source:
                return compile(source.read(), path, "exec")
        except OSError:
            continue
    raise ImportError("pyrc's _decimal needs CPython's _pydecimal.py on sys.path")


exec(_pydecimal_code(), globals())
del _pydecimal_code

import _pyrc_decimal

import _contextvars

_pyrc_decimal.install(globals(), getattr(_contextvars, "__dict__", None))
del _contextvars
del _pyrc_decimal
