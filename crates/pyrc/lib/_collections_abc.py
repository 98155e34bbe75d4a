"""pyrc's `_collections_abc`: CPython's defines coroutines with `async def`, which pyrc
cannot compile, so this module is pyrc's `collections.abc` (plain mixin classes; see its
docstring) under the name the standard library imports (`locale`, `_pydecimal`...)."""

from collections.abc import *
from collections.abc import __all__


def _check_methods(C, *methods):
    """Whether class `C` defines each of `methods` (one set to None refuses), as CPython's
    helper of the same name answers the `__subclasshook__`s of `os.PathLike` and others."""
    mro = C.__mro__
    for method in methods:
        for B in mro:
            if method in B.__dict__:
                if B.__dict__[method] is None:
                    return NotImplemented
                break
        else:
            return NotImplemented
    return True
