# CPython's unittest text runner, counting each test once, for the drivers that run CPython's
# own test files under pyrc (cpython_gc_driver.py, cpython_decimal_driver.py; imported by
# them, run by pyrc). After unittest's own summary, CountingRunner writes one more line to
# its stream:
#     unittest-summary: run=R passed=P skipped=S failed=F
# (a test with a failing subtest, or an unexpected success, is failed; an expected failure
# passed; a failing class or module fixture is one more failure).
import unittest


class CountingResult(unittest.TextTestResult):
    """unittest's text result, also keeping one outcome per test id."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}

    def _note(self, test, outcome):
        key = test.id()
        if self.outcomes.get(key) != "fail":
            self.outcomes[key] = outcome

    def addSuccess(self, test):
        super().addSuccess(test)
        self._note(test, "pass")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._note(test, "skip")

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._note(test, "pass")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._note(test, "fail")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._note(test, "fail")

    def addError(self, test, err):
        super().addError(test, err)
        self._note(test, "fail")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._note(test, "fail")


class CountingRunner(unittest.TextTestRunner):
    """unittest's text runner whose summary ends with the counts line."""

    resultclass = CountingResult

    def run(self, test):
        result = super().run(test)
        outcomes = list(result.outcomes.values())
        self.stream.writeln("unittest-summary: run=%d passed=%d skipped=%d failed=%d"
                            % (result.testsRun, outcomes.count("pass"), outcomes.count("skip"),
                               outcomes.count("fail")))
        self.stream.flush()
        return result
