"""pyrc's `test.support.import_helper`: importing a module by name, or skipping."""

import sys
import unittest


def _import(name):
    """Import the module called `name` (dotted) and return it, as importlib.import_module."""
    try:
        import importlib
    except ImportError:
        importlib = None
    if importlib is not None:
        return importlib.import_module(name)
    import builtins
    dunder_import = getattr(builtins, '__import__', None)
    if dunder_import is not None:
        dunder_import(name)
        return sys.modules[name]
    module = sys.modules.get(name)
    if module is not None:
        return module
    raise ImportError("cannot import %r by name: pyrc has no __import__/importlib" % (name,))


def import_module(name, deprecated=False, *, required_on=()):
    """Import and return the module, or raise unittest.SkipTest when it cannot be imported."""
    try:
        return _import(name)
    except ImportError as exc:
        if sys.platform.startswith(tuple(required_on)):
            raise
        raise unittest.SkipTest(str(exc))


def import_fresh_module(name, fresh=(), blocked=(), deprecated=False):
    """Import `name` afresh (dropping any cached copy first); None if it cannot be."""
    saved = {}
    for mod_name in [name] + list(fresh) + list(blocked):
        if mod_name in sys.modules:
            saved[mod_name] = sys.modules.pop(mod_name)
    try:
        for mod_name in blocked:
            sys.modules[mod_name] = None
        for mod_name in fresh:
            _import(mod_name)
        return _import(name)
    except ImportError:
        return None
    finally:
        for mod_name in [name] + list(fresh) + list(blocked):
            sys.modules.pop(mod_name, None)
        sys.modules.update(saved)


def unload(name):
    sys.modules.pop(name, None)


def forget(modname):
    unload(modname)


class CleanImport:
    """with CleanImport('a', 'b'): those modules are imported afresh inside;
    sys.modules is restored after."""

    def __init__(self, *module_names, usefrozen=False):
        self.original_modules = sys.modules.copy()
        for name in module_names:
            sys.modules.pop(name, None)

    def __enter__(self):
        return self

    def __exit__(self, *ignore_exc):
        sys.modules.clear()
        sys.modules.update(self.original_modules)
        return False


class DirsOnSysPath:
    """with DirsOnSysPath(d1, d2): those directories are on sys.path inside.
    On exit sys.path is again the very list object it was, holding exactly
    the entries it held before."""

    def __init__(self, *paths):
        self._list_before = sys.path
        self._entries_before = list(sys.path)
        sys.path.extend(paths)

    def __enter__(self):
        return self

    def __exit__(self, *ignore_exc):
        restored = self._list_before
        restored[:] = self._entries_before
        sys.path = restored
        return False


def modules_setup():
    return (sys.modules.copy(),)


def modules_cleanup(oldmodules):
    sys.modules.clear()
    sys.modules.update(oldmodules)


def make_legacy_pyc(source):
    """CPython moves a module's cached bytecode next to its source; pyrc writes no bytecode
    (`sys.implementation.cache_tag` is None), so a test that needs one is skipped."""
    raise unittest.SkipTest("pyrc writes no bytecode (sys.implementation.cache_tag is None)")
