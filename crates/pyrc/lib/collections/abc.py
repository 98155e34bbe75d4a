"""pyrc's `collections.abc`: the classes of `_collections_abc`, where they are defined
(as CPython's `collections/abc.py`)."""

from _collections_abc import *
from _collections_abc import __all__  # noqa: F401
