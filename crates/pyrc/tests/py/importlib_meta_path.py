# Finders a program adds to sys.meta_path: asked by `import` when nothing else finds the
# module (appended), or before anything else (inserted first).
import sys
import importlib.abc
import importlib.util


class Virtual(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        if fullname.startswith("virtual_"):
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        print("exec", module.__name__)
        module.answer = len(module.__name__)


sys.meta_path.append(Virtual())
import virtual_one
print(virtual_one.answer, type(virtual_one.__loader__).__name__, virtual_one.__spec__.origin)
from virtual_two import answer
print(answer, "virtual_two" in sys.modules)
import virtual_one as again
print(again is virtual_one)
import json
print(json.dumps([1, "two"]), type(json.__loader__).__name__)
try:
    import nowhere_at_all_xyz
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e, e.name)


class ShadowLoader(importlib.abc.Loader):
    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.shadowed = True


class Front(importlib.abc.MetaPathFinder):
    def __init__(self):
        self.seen = []

    def find_spec(self, fullname, path, target=None):
        self.seen.append(fullname)
        if fullname in ("shadow_module", "colorsys_twin"):
            return importlib.util.spec_from_loader(fullname, ShadowLoader())
        return None


front = Front()
sys.meta_path.insert(0, front)
import shadow_module
import colorsys
print(shadow_module.shadowed, colorsys.rgb_to_hsv(1.0, 0.0, 0.0))
import colorsys
from colorsys_twin import shadowed
print(shadowed, front.seen)
sys.meta_path.remove(front)
import heapq
print(front.seen[-1], heapq.nsmallest(2, [5, 1, 4]))


class Broken(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname == "broken_finder_module":
            raise RuntimeError("finder failed")
        return None


sys.meta_path.append(Broken())
try:
    import broken_finder_module
except RuntimeError as e:
    print("RuntimeError:", e)
