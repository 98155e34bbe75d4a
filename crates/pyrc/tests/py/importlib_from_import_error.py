# `from package import sub` when `sub` itself fails to import something: that inner error is
# raised (CPython's _handle_fromlist), not "cannot import name".
import os
import sys

os.makedirs("outer", exist_ok=True)
for name, text in [("outer/__init__.py", ""),
                   ("outer/broken.py", "import not_there_at_all\n"),
                   ("outer/raises.py", "raise ImportError('custom failure')\n"),
                   ("outer/fine.py", "from . import broken\n")]:
    with open(name, "w") as f:
        f.write(text)
sys.path.insert(0, os.getcwd())

for statement in ("from outer import broken", "from outer import broken",
                  "import outer.broken", "from outer import raises", "from outer import fine",
                  "from outer import missing", "from outer.missing import thing"):
    try:
        exec(statement)
    except ImportError as e:
        print(statement, "->", type(e).__name__, str(e).split(" (")[0], e.name)
print(sorted(name for name in sys.modules if name.startswith("outer")))
