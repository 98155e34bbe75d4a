"""pyrc's `_frozen_importlib_external`: CPython's own `importlib/_bootstrap_external.py`, read
from its Lib and run as this module (CPython freezes it into its binary under this name);
`_frozen_importlib` installs it. pyrc adds what its embedded library needs (the `sys.path`
entry `<pyrc-lib>`: a path hook, a finder and a loader) and `_pyrc_module_attrs`, which gives
the modules pyrc's own import makes their `__spec__` and `__loader__`."""

import _frozen_importlib

exec(_frozen_importlib._stdlib_code("importlib/_bootstrap_external.py"), globals())

_PYRC_LIB = "<pyrc-lib>"


def _pyrc_lib_spec(fullname, is_package):
    """The spec of the embedded library's module `fullname`."""
    relative = fullname.replace(".", "/")
    if is_package:
        origin = f"{_PYRC_LIB}/{relative}/__init__.py"
    else:
        origin = f"{_PYRC_LIB}/{relative}.py"
    spec = _bootstrap.ModuleSpec(fullname, _PyrcLibLoader(fullname, origin), origin=origin,
                                 is_package=is_package)
    spec.has_location = True
    if is_package:
        spec.submodule_search_locations = [f"{_PYRC_LIB}/{relative}"]
    return spec


class _PyrcLibFinder:
    """The finder of a `<pyrc-lib>` entry of `sys.path` (or `<pyrc-lib>/pkg` of an embedded
    package's `__path__`): pyrc's library embedded in its binary. Also the path hook: a path
    outside the library is refused with `ImportError`, as path hooks do."""

    def __init__(self, path):
        if not isinstance(path, str) or (path != _PYRC_LIB
                                         and not path.startswith(_PYRC_LIB + "/")):
            raise ImportError("not a <pyrc-lib> path", path=path)
        self.path = path
        self.package = path[len(_PYRC_LIB) + 1:].replace("/", ".")

    def find_spec(self, fullname, target=None):
        if fullname.rpartition(".")[0] != self.package:
            return None
        entry = _imp._pyrc_lib_source(fullname)
        if entry is None:
            return None
        return _pyrc_lib_spec(fullname, entry[0])

    def invalidate_caches(self):
        """The embedded library never changes: nothing is cached."""

    def iter_modules(self, prefix=""):
        """(name, is_package) of each module here, for `pkgutil.iter_modules`."""
        for name, is_package in sorted(_imp._pyrc_lib_modules().items()):
            parent, _, leaf = name.rpartition(".")
            if parent == self.package:
                yield prefix + leaf, is_package

    def __repr__(self):
        return f"_PyrcLibFinder({self.path!r})"


class _PyrcLibLoader(FileLoader, SourceLoader):
    """The loader of the embedded library's modules: `SourceFileLoader`'s, reading the
    source from the binary (`get_data` of the module's own `<pyrc-lib>/...` path)."""

    def get_data(self, path):
        if path == self.path:
            entry = _imp._pyrc_lib_source(self.name)
            if entry is not None:
                return entry[1].encode("utf-8")
        return super().get_data(path)


def _pyrc_module_attrs(module):
    """Sets `__spec__` and `__loader__` of a module pyrc's import made (`vm/import.rs`), as
    the finder that would have found it makes them; a module that has a spec is left alone,
    and so is a script's `__main__` (CPython gives it none)."""
    if not isinstance(module, type(sys)) or getattr(module, "__spec__", None) is not None:
        return
    name = getattr(module, "__name__", None)
    if not isinstance(name, str) or name == "__main__":
        return
    if name in sys.builtin_module_names:
        spec = _bootstrap._spec_from_module(module, _bootstrap.BuiltinImporter)
    else:
        location = getattr(module, "__file__", None)
        if not isinstance(location, str):
            return
        path = getattr(module, "__path__", None)
        if location.startswith(_PYRC_LIB + "/"):
            spec = _pyrc_lib_spec(name, path is not None)
        else:
            spec = spec_from_file_location(name, location,
                                           loader=SourceFileLoader(name, location),
                                           submodule_search_locations=path)
    _bootstrap._init_module_attrs(spec, module)


def _pyrc_install():
    """pyrc's part of the installation: the `<pyrc-lib>` path hook first, the modules imported
    so far fixed up, and the machinery handed to pyrc's import (`_imp._pyrc_install`)."""
    sys.path_hooks.insert(0, _PyrcLibFinder)
    for module in list(sys.modules.values()):
        _pyrc_module_attrs(module)
    _imp._pyrc_install(_pyrc_module_attrs,
                       (_bootstrap.BuiltinImporter, _bootstrap.FrozenImporter, PathFinder),
                       _bootstrap._gcd_import)
