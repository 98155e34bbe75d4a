"""pyrc's `_frozen_importlib`: CPython's own `importlib/_bootstrap.py`, read from its Lib and
run as this module (CPython freezes it into its binary under this name), then installed as
CPython installs it at start-up: `_install` (`sys.meta_path` gets `BuiltinImporter` and
`FrozenImporter`, modules already imported their `__spec__`) and
`_install_external_importers` (`_frozen_importlib_external`: `PathFinder`, the `FileFinder`
path hook). pyrc does this on first use, not at start-up: `import importlib` imports this
module, and so does reading `sys.meta_path`, `sys.path_hooks` or `sys.path_importer_cache`
(`sys.__getattr__`). `import` statements keep pyrc's own search (`vm/import.rs`), which asks
the finders a program adds to `sys.meta_path` (see ARCHITECTURE.md)."""

import sys
import _imp
# `_setup` takes these from `sys.modules` (it imports only built-in ones itself, and pyrc's
# `_thread` and `_warnings` are written in Python).
import _thread
import _warnings
import _weakref


def _stdlib_code(relative):
    for entry in sys.path:
        if not isinstance(entry, str) or entry.startswith("<pyrc-lib>"):
            continue
        path = (entry or ".") + "/" + relative
        try:
            with open(path, encoding="utf-8") as source:
                text = source.read()
        except OSError:
            continue
        return compile(text, path, "exec")
    raise ImportError("pyrc's importlib needs CPython's " + relative + " on sys.path")


exec(_stdlib_code("importlib/_bootstrap.py"), globals())
_install(sys, _imp)
_install_external_importers()
_bootstrap_external._pyrc_install()
