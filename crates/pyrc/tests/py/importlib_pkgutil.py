# CPython's pkgutil under pyrc: iter_modules, walk_packages, get_data, get_importer,
# resolve_name; and lib2to3's fixers, found through it as pyperformance's 2to3 finds them.
import os
import sys
import pkgutil

os.makedirs("tree/inner", exist_ok=True)
for name, text in [("tree/__init__.py", ""), ("tree/alpha.py", "A = 1\n"),
                   ("tree/inner/__init__.py", "print('importing tree.inner')\n"),
                   ("tree/inner/beta.py", ""), ("tree/data.txt", "payload\n"),
                   ("tree/inner/more.bin", "x"), ("gamma.py", ""), ("not-a-module.py", "")]:
    with open(name, "w") as f:
        f.write(text)
here = os.getcwd()
sys.path.insert(0, here)

print(sorted((m.name, m.ispkg) for m in pkgutil.iter_modules([here])))
import tree
print([(m.name, m.ispkg) for m in pkgutil.iter_modules(tree.__path__, "tree.")])
print([m.name for m in pkgutil.walk_packages(tree.__path__, "tree.")])
print(type(pkgutil.get_importer(here)).__name__)
print(pkgutil.get_data("tree", "data.txt"), pkgutil.get_data("tree.inner", "more.bin"))
try:
    pkgutil.get_data("tree", "missing.txt")
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno)
print(pkgutil.resolve_name("tree.alpha:A"), pkgutil.resolve_name("os.path.join").__name__)
stdlib = [m.name for m in pkgutil.iter_modules() if m.name in ("json", "colorsys", "email")]
print(sorted(stdlib))
import json
print(sorted(m.name for m in pkgutil.iter_modules(json.__path__)))

import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from lib2to3 import refactor
fixers = refactor.get_fixers_from_package("lib2to3.fixes")
print(len(fixers), fixers[:3])
tool = refactor.RefactoringTool(["lib2to3.fixes.fix_print"])
print(str(tool.refactor_string("print 'hello', 42\n", "<string>")), end="")
