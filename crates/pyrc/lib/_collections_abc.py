"""pyrc's `_collections_abc`: CPython's defines coroutines with `async def`, which pyrc
cannot compile, so this module is pyrc's `collections.abc` (plain mixin classes; see its
docstring) under the name the standard library imports (`locale`, `_pydecimal`...)."""

from collections.abc import *
from collections.abc import __all__
