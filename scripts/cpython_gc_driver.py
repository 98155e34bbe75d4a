# Runs one of CPython's test files under pyrc, as `__main__`, with the tests named in the
# skip list reported as skipped (with their reason). Used by scripts/cpython-gc-tests.sh;
# this file is run by pyrc, not by python3:
#
#     pyrc scripts/cpython_gc_driver.py SKIP_LIST TEST_FILE [unittest arguments...]
import sys

skip_list, test_file = sys.argv[1], sys.argv[2]
# The test file sees itself as the script: `test/__init__.py` finds CPython's test
# directory from sys.argv[0], and unittest.main() reads the remaining arguments.
sys.argv = [test_file] + sys.argv[3:]
test_dir = test_file.rsplit("/", 1)[0] if "/" in test_file else "."
sys.path[0] = test_dir

import unittest

unittest._print_counts = True

module_name = test_file.rsplit("/", 1)[-1]
if module_name.endswith(".py"):
    module_name = module_name[:-3]

with open(skip_list) as lines:
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        test_id, reason = line.split(None, 1)
        file_part, _, rest = test_id.partition(".")
        if file_part == module_name:
            unittest._skip_ids[rest] = reason

with open(test_file) as source:
    code = source.read()
namespace = sys.modules["__main__"].__dict__
namespace["__file__"] = test_file
exec(code, namespace)
