# CPython's own unittest under pyrc (it needs importlib.util through unittest.mock's pkgutil):
# assertions, subTest, setUp/tearDown, skip, expectedFailure, class fixtures, TestLoader,
# TextTestRunner's output, unittest.main(exit=False), IsolatedAsyncioTestCase, mock.
import io
import re
import sys
import unittest
from unittest import mock


def show(text):
    # Timings and this file's path differ between runs.
    text = re.sub(r"in \d+\.\d+s", "in TIME", text)
    print(text.replace(__file__, "importlib_unittest.py"), end="")


class Calc(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        print("setUpClass")

    def setUp(self):
        self.items = [1, 2, 3]

    def tearDown(self):
        print("tearDown", self._testMethodName)

    def test_equal(self):
        self.assertEqual(sum(self.items), 6)

    def test_fail(self):
        self.assertEqual(self.items, [1, 2, 4])

    def test_error(self):
        {}["missing"]

    def test_sub(self):
        for i in range(4):
            with self.subTest(i=i):
                self.assertLess(i, 2)

    @unittest.skip("not now")
    def test_skip(self):
        raise AssertionError("never runs")

    @unittest.expectedFailure
    def test_expected(self):
        self.assertTrue(False)

    def test_many_assertions(self):
        with self.assertRaises(ZeroDivisionError) as cm:
            1 / 0
        self.assertIn("division", str(cm.exception))
        self.assertRaisesRegex(ValueError, "inv.lid", int, "invalid")
        self.assertAlmostEqual(0.1 + 0.2, 0.3)
        self.assertDictEqual({"a": 1}, {"a": 1})
        self.assertCountEqual([3, 1, 2], [1, 2, 3])
        self.assertIsNone(None)
        self.assertIsInstance(1, int)
        self.assertRegex("spam42", r"\d+")
        with self.assertWarns(DeprecationWarning):
            import warnings
            warnings.warn("old", DeprecationWarning)
        import logging
        with self.assertLogs("calc", level="INFO") as logs:
            logging.getLogger("calc").info("hello %s", "log")
        self.assertEqual(logs.output, ["INFO:calc:hello log"])

    def test_messages(self):
        self.assertEqual({"a": 1, "b": 2}, {"a": 1, "b": 3}, "dicts differ")


stream = io.StringIO()
suite = unittest.TestLoader().loadTestsFromTestCase(Calc)
print(suite.countTestCases(), [t._testMethodName for t in suite])
result = unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
show(stream.getvalue())
print(result.testsRun, len(result.failures), len(result.errors), len(result.skipped),
      len(result.expectedFailures), result.wasSuccessful())


class Small(unittest.TestCase):
    def test_ok(self):
        self.assertTrue(True)

    def test_also_ok(self):
        pass


class Later(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.value = 41

    async def test_await(self):
        import asyncio
        await asyncio.sleep(0)
        self.assertEqual(self.value + 1, 42)


stream = io.StringIO()
program = unittest.main(argv=["prog", "Small", "Later"], exit=False,
                        testRunner=unittest.TextTestRunner(stream=stream, verbosity=1))
show(stream.getvalue())
print(program.result.testsRun, program.result.wasSuccessful())

names = unittest.TestLoader().getTestCaseNames(Calc)
print(names)
suite = unittest.TestLoader().loadTestsFromName("Small.test_ok", sys.modules[__name__])
print([t.id() for t in suite])

# unittest.mock basics.
m = mock.Mock(return_value=3)
print(m(1, k=2), m.call_args, m.call_count)
m.assert_called_once_with(1, k=2)
try:
    m.assert_called_with(2)
except AssertionError as e:
    print("AssertionError:", str(e).splitlines()[0])
m.method.side_effect = [10, KeyError("no")]
print(m.method(), m.mock_calls)
try:
    m.method()
except KeyError as e:
    print("KeyError", e)
mm = mock.MagicMock()
mm.__len__.return_value = 5
mm.__getitem__.side_effect = lambda key: key * 2
print(len(mm), mm[21], mock.call(1, 2) == mock.call(1, 2))
import os
with mock.patch("os.getcwd", return_value="/nowhere") as patched:
    print(os.getcwd(), patched.called)
print(os.getcwd() != "/nowhere")


class Target:
    def greet(self):
        return "hello"


@mock.patch.object(Target, "greet", return_value="patched")
def call_patched(greet):
    return Target().greet(), greet.call_count


print(call_patched(), Target().greet())
spec_mock = mock.create_autospec(Target)
try:
    spec_mock.missing
except AttributeError as e:
    print("AttributeError:", e)
print(mock.sentinel.token is mock.sentinel.token, mock.ANY == 12)
