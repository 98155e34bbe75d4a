"""unittest.case: the test case classes and decorators (re-exported)."""
from unittest import (TestCase, FunctionTestCase, SkipTest, skip, skipIf,
                      skipUnless, expectedFailure, addModuleCleanup,
                      doModuleCleanups, enterModuleContext, _SubTest,
                      _Outcome, _AssertRaisesContext, _AssertWarnsContext,
                      _ShouldStop, _UnexpectedSuccess)
