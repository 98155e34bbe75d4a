"""Runs CPython 3.11's own test_re (read in place from the python3 installation given as the
first argument, never copied) and prints one summary line:
    cpython test_re: R run, P passed (test methods), F failing methods, S skipped
A test method counts as failing when it or one of its subtests fails. pyrc has no `_locale`
yet, so a stand-in `locale` whose `setlocale` raises `locale.Error` is installed first (the
locale tests then fail, as they would on a platform without locales)."""
import sys
import types
import unittest

locale = types.SimpleNamespace()
locale.LC_CTYPE = 0
locale.Error = Exception


def _no_locale(*args):
    raise locale.Error("no locale support in pyrc")


locale.setlocale = _no_locale
locale.getlocale = lambda *args: (None, None)
locale.getpreferredencoding = lambda *args: "UTF-8"
sys.modules["locale"] = locale
sys.path.insert(0, sys.argv[1])
import test_re  # noqa: E402

suite = unittest.defaultTestLoader.loadTestsFromModule(test_re)
result = unittest.TextTestRunner(verbosity=1 if "-v" in sys.argv else 0).run(suite)
failing = {test.id().split(" ")[0] for test, _ in result.failures + result.errors}
print("cpython test_re: %d run, %d passed, %d failing methods, %d skipped"
      % (result.testsRun, result.testsRun - len(failing) - len(result.skipped), len(failing),
         len(result.skipped)))
