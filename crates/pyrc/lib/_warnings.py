"""pyrc's `_warnings` (CPython writes it in C, `Python/_warnings.c`): the two functions
CPython's `importlib._bootstrap` calls through it, handed to the pure-Python `warnings`
module. `warnings` finds no `filters` here and keeps its own state in Python (its documented
fallback), so there is one set of filters."""


def warn(message, category=None, stacklevel=1, source=None):
    """Issue a warning, or maybe ignore it or raise an exception."""
    import warnings
    # One more level: this function's own frame.
    warnings.warn(message, category, stacklevel + 1, source)


def warn_explicit(message, category, filename, lineno, module=None, registry=None,
                  module_globals=None, source=None):
    """Low-level interface to warnings functionality."""
    import warnings
    warnings.warn_explicit(message, category, filename, lineno, module, registry,
                           module_globals, source)
