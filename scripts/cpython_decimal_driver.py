# Runs CPython's test_decimal under pyrc (this file is run by pyrc, not by python3):
#
#     pyrc scripts/cpython_decimal_driver.py PATH/TO/test_decimal.py [--skip] [test names...]
#
# test_decimal tests the C `decimal` (here: pyrc's `_decimal`, CPython's `_pydecimal` with the
# native accelerator) and the pure-Python one separately. It imports a few `test.support`
# helpers pyrc's shims do not have; they are added here with CPython's meaning where this
# interpreter can give it, and as skips where it cannot (the C API, locales).
import sys
import unittest

from unittest_counts import CountingRunner

import test.support as support


def _skip(reason):
    return unittest.skip(reason)


class TestFailed(Exception):
    """CPython's `test.support.TestFailed`."""


def _run_with_locale(catstr, *locales):
    # pyrc has no `_locale`: the test runs in the C locale, the first of CPython's choices
    # when none of the others exists.
    return lambda func: func


def _check_sanitizer(*, address=False, memory=False, ub=False):
    return False


for name, value in {
    "requires_legacy_unicode_capi": _skip("requires the legacy Unicode C API"),
    "check_sanitizer": _check_sanitizer,
    "TestFailed": TestFailed,
    "run_with_locale": _run_with_locale,
    "darwin_malloc_err_warning": lambda test_name: None,
}.items():
    if not hasattr(support, name):
        setattr(support, name, value)

if "test.support.warnings_helper" not in sys.modules:
    # CPython's own, from its test directory (pyrc's `test.support` package has no copy).
    path = sys.argv[1].rsplit("/", 1)[0] + "/support/warnings_helper.py"
    # (pyrc cannot make a module object from Python: a namespace stands in for it.)
    import types

    helper_globals = {"__name__": "test.support.warnings_helper", "__file__": path}
    with open(path) as source:
        exec(compile(source.read(), path, "exec"), helper_globals)
    helper = types.SimpleNamespace(**helper_globals)
    sys.modules["test.support.warnings_helper"] = helper
    support.warnings_helper = helper

test_file = sys.argv[1]
sys.argv = [test_file] + sys.argv[2:]
sys.path[0] = test_file.rsplit("/", 1)[0]
# test_decimal runs unittest.main (whose default runner is unittest.runner.TextTestRunner);
# `test.support.run_unittest` uses unittest.TextTestRunner: both counted.
unittest.TextTestRunner = CountingRunner
unittest.runner.TextTestRunner = CountingRunner
with open(test_file) as source:
    code = compile(source.read(), test_file, "exec")
namespace = sys.modules["__main__"].__dict__
namespace["__file__"] = test_file
exec(code, namespace)
