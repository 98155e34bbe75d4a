"""pyrc's `test.support.script_helper`: running Python in a child process.

pyrc cannot start processes, so every helper skips the calling test.
"""

import unittest

_REASON = "needs a subprocess (pyrc cannot start processes)"


def _skip(*args, **kwargs):
    raise unittest.SkipTest(_REASON)


assert_python_ok = _skip
assert_python_failure = _skip
spawn_python = _skip
run_python_until_end = _skip
make_script = _skip
make_zip_script = _skip
make_pkg = _skip
make_zip_pkg = _skip
run_test_script = _skip


def kill_python(p):
    raise unittest.SkipTest(_REASON)


def interpreter_requires_environment():
    return False
