"""unittest.loader (re-exported)."""
from unittest import (TestLoader, defaultTestLoader, getTestCaseNames,
                      makeSuite, findTestCases, _FailedTest)
