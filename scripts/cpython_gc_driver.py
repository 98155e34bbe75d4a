# Runs one of CPython's test files under pyrc, as `__main__`, with CPython's own unittest and
# the tests named in the skip list reported as skipped (with their reason). Used by
# scripts/cpython-gc-tests.sh; this file is run by pyrc, not by python3:
#
#     pyrc scripts/cpython_gc_driver.py SKIP_LIST TEST_FILE [unittest arguments...]
#
# After unittest's own summary it writes the counts line of unittest_counts.CountingRunner.
import sys

from unittest_counts import CountingRunner

skip_list, test_file = sys.argv[1], sys.argv[2]
# The test file sees itself as the script: `test/__init__.py` finds CPython's test
# directory from sys.argv[0], and unittest.main() reads the remaining arguments.
sys.argv = [test_file] + sys.argv[3:]
test_dir = test_file.rsplit("/", 1)[0] if "/" in test_file else "."
sys.path[0] = test_dir

import unittest

module_name = test_file.rsplit("/", 1)[-1]
if module_name.endswith(".py"):
    module_name = module_name[:-3]

skips = {}
with open(skip_list) as lines:
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        test_id, reason = line.split(None, 1)
        file_part, _, rest = test_id.partition(".")
        if file_part == module_name:
            skips[rest] = reason


def apply_skips(namespace):
    """Marks the listed tests (Class.test_x, or a whole Class) with unittest.skip."""
    for test_id, reason in skips.items():
        class_name, _, method = test_id.partition(".")
        cls = namespace.get(class_name)
        if not isinstance(cls, type):
            continue
        if method:
            function = getattr(cls, method, None)
            if function is not None:
                setattr(cls, method, unittest.skip(reason)(function))
        else:
            unittest.skip(reason)(cls)


real_main = unittest.main


def main(*args, **kwargs):
    apply_skips(sys.modules["__main__"].__dict__)
    kwargs["exit"] = False
    kwargs.setdefault("testRunner", CountingRunner)
    result = real_main(*args, **kwargs).result
    sys.exit(0 if result.wasSuccessful() else 1)


unittest.main = main

with open(test_file) as source:
    code = source.read()
namespace = sys.modules["__main__"].__dict__
namespace["__file__"] = test_file
exec(code, namespace)
