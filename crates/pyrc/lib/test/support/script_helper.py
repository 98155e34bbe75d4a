"""pyrc's `test.support.script_helper`: CPython's own (`test/support/script_helper.py`), read
from its Lib and run as this module. Its helpers run `sys.executable`, pyrc itself, in a
child process through `subprocess` (`assert_python_ok`, `assert_python_failure`,
`spawn_python`...). Kept as a file here because `test.support` is pyrc's package (the shims
beside this file), which CPython's `test/support/script_helper.py` is not found in."""

import sys as _sys


def _script_helper_code():
    relative = "test/support/script_helper.py"
    for entry in _sys.path:
        if not isinstance(entry, str) or entry.startswith("<pyrc-lib>"):
            continue
        path = (entry or ".") + "/" + relative
        try:
            with open(path, encoding="utf-8") as source:
                return compile(source.read(), path, "exec")
        except OSError:
            continue
    raise ImportError("pyrc's test.support.script_helper needs CPython's " + relative)


exec(_script_helper_code(), globals())
del _script_helper_code
