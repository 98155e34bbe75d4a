# Runs one of CPython's asyncio/contextvars test modules under pyrc and prints
# "RESULT module: run=R failures=F errors=E skipped=S". Used by scripts/cpython-asyncio-tests.sh,
# which makes the `test` package directory this needs (CPython's test_asyncio files under a
# `test_asyncio` package whose `__init__` does not need `test.support.load_package_tests`).
# Run by pyrc, not by python3:
#
#     PYRC_CPYTHON_TEST_DIR=SHIM pyrc scripts/cpython_asyncio_driver.py test.test_asyncio.test_futures
import sys
import importlib
import platform
import unittest

# platform cannot parse pyrc's sys.version; test_asyncio.utils asks it at import.
platform.python_implementation = lambda: "CPython"

import asyncio
import test.support

if not hasattr(test.support, "maybe_get_event_loop_policy"):
    # CPython 3.11's test.support helper that every asyncio test's tearDown calls.
    test.support.maybe_get_event_loop_policy = lambda: asyncio.events._event_loop_policy

name = sys.argv[1]
verbosity = int(sys.argv[2]) if len(sys.argv) > 2 else 0
module = importlib.import_module(name)
suite = unittest.defaultTestLoader.loadTestsFromModule(module)
result = unittest.TextTestRunner(verbosity=verbosity).run(suite)
print(
    f"RESULT {name}: run={result.testsRun} failures={len(result.failures)} "
    f"errors={len(result.errors)} skipped={len(result.skipped)}"
)
