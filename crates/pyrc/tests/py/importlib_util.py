# CPython's own importlib (its _bootstrap and _bootstrap_external) under pyrc: the machinery
# sys.meta_path starts with, importlib.util's specs, module_from_spec + exec_module,
# import_module, reload, and the __spec__/__loader__ of modules pyrc's import made.
import os
import sys
import importlib
import importlib.machinery
import importlib.util

print([f.__name__ for f in sys.meta_path if isinstance(f, type)])
print(type(sys.path_importer_cache).__name__, any(callable(h) for h in sys.path_hooks))

os.makedirs("pkg_a/sub", exist_ok=True)
for name, text in [("pkg_a/__init__.py", "VALUE = 'pkg_a'\n"),
                   ("pkg_a/sub/__init__.py", ""),
                   ("pkg_a/sub/leaf.py", "from .. import VALUE\nLEAF = VALUE + '.leaf'\n"),
                   ("pkg_a/data.txt", "some data\n"),
                   ("plain_mod.py", "counter = 1\n")]:
    with open(name, "w") as f:
        f.write(text)
here = os.getcwd()
sys.path.insert(0, here)
importlib.invalidate_caches()

# Specs found by importlib.util.find_spec.
spec = importlib.util.find_spec("plain_mod")
print(spec.name, type(spec.loader).__name__, os.path.relpath(spec.origin, here), repr(spec.parent),
      spec.submodule_search_locations, spec.has_location, "plain_mod" in sys.modules)
spec = importlib.util.find_spec("pkg_a.sub.leaf")
print(spec.name, spec.parent, type(spec.loader).__name__, "pkg_a.sub" in sys.modules)
spec = importlib.util.find_spec("pkg_a")
print([os.path.relpath(p, here) for p in spec.submodule_search_locations], spec.loader.is_package("pkg_a"))
print(importlib.util.find_spec("no_such_module_xyz"))
for name in ("sys", "time", "itertools"):
    spec = importlib.util.find_spec(name)
    print(spec.name, spec.origin, spec.loader.__name__, spec.has_location)
try:
    importlib.util.find_spec(".relative")
except ImportError as e:
    print("ImportError:", e)

# A module made by hand from a file.
spec = importlib.util.spec_from_file_location("loaded_by_hand", os.path.join(here, "plain_mod.py"))
module = importlib.util.module_from_spec(spec)
print("loaded_by_hand" in sys.modules, module.__name__, module.__spec__ is spec,
      type(module.__loader__).__name__, hasattr(module, "counter"))
spec.loader.exec_module(module)
print(module.counter, os.path.relpath(module.__file__, here))
print(spec.loader.get_source("loaded_by_hand"), end="")

# import_module, absolute and relative.
leaf = importlib.import_module("pkg_a.sub.leaf")
print(leaf.LEAF, leaf.__package__, leaf.__spec__.name)
print(importlib.import_module(".leaf", "pkg_a.sub") is leaf)
print(importlib.import_module("..sub", "pkg_a.sub").__name__)
try:
    importlib.import_module(".leaf")
except TypeError as e:
    print("TypeError:", e)
try:
    importlib.import_module("no_such_module_xyz")
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e, e.name)

# reload runs the new source in the same module object.
import plain_mod
plain_mod.extra = "kept"
with open("plain_mod.py", "w") as f:
    f.write("counter = 2  # changed, and longer\n")
again = importlib.reload(plain_mod)
print(again is plain_mod, plain_mod.counter, plain_mod.extra)
for bad in (42, type(os)("not_registered")):
    try:
        importlib.reload(bad)
    except (TypeError, ImportError) as e:
        print(type(e).__name__ + ":", e)

# What pyrc's own import gives the modules it makes.
import json
import json.decoder
print(json.__spec__.name, type(json.__loader__).__name__, json.__spec__.loader is json.__loader__,
      json.__spec__.submodule_search_locations == json.__path__, repr(json.__spec__.parent))
print(json.decoder.__spec__.name, json.decoder.__spec__.parent, json.decoder.__package__)
print(importlib.util.find_spec("json") is json.__spec__)
import time
print(time.__spec__.origin, sys.__loader__.__name__)

# Helpers.
print(importlib.util.resolve_name(".x", "a.b"), importlib.util.resolve_name("..y", "a.b"))
print(importlib.util.decode_source(b"x = 1\r\ny = 2\r\n"))
print(importlib.machinery.SOURCE_SUFFIXES, importlib.machinery.BYTECODE_SUFFIXES)
print(importlib.util.MAGIC_NUMBER == (3495).to_bytes(2, "little") + b"\r\n")
print(importlib.util.source_hash(b"print(1)\n").hex())

# importlib.resources on a package of files.
import importlib.resources
print(importlib.resources.files("pkg_a").joinpath("data.txt").read_text(), end="")
print(importlib.resources.files("pkg_a").joinpath("data.txt").is_file(), sorted(p.name for p in importlib.resources.files("pkg_a").iterdir() if p.name != "__pycache__"))
