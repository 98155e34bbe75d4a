"""pyrc's `doctest`: only the entry points test files call.

Running examples needs exec()/compile(), which pyrc does not have (yet): the
suites made here hold one test that skips with that reason; testmod() and
testfile() report nothing run. (pyrc's own `--doctest FILE` runs transcripts.)
"""

import sys
import unittest

__all__ = ['DocTestSuite', 'DocFileSuite', 'testmod', 'testfile', 'run_docstring_examples',
           'OPTIONFLAGS_BY_NAME', 'ELLIPSIS', 'NORMALIZE_WHITESPACE',
           'IGNORE_EXCEPTION_DETAIL', 'DONT_ACCEPT_TRUE_FOR_1', 'DONT_ACCEPT_BLANKLINE',
           'SKIP', 'COMPARISON_FLAGS', 'REPORT_UDIFF', 'REPORT_CDIFF', 'REPORT_NDIFF',
           'REPORT_ONLY_FIRST_FAILURE', 'REPORTING_FLAGS', 'FAIL_FAST', 'TestResults']

OPTIONFLAGS_BY_NAME = {}


def _register_flags(names):
    """Give each name the next free bit (in the order listed) and record it
    in OPTIONFLAGS_BY_NAME; returns the bits."""
    bits = []
    for name in names.split():
        OPTIONFLAGS_BY_NAME[name] = bit = 1 << len(OPTIONFLAGS_BY_NAME)
        bits.append(bit)
    return bits


def _union(bits):
    combined = 0
    for bit in bits:
        combined |= bit
    return combined


# Flags that change how output is compared ...
_COMPARING = _register_flags("""DONT_ACCEPT_TRUE_FOR_1 DONT_ACCEPT_BLANKLINE
    NORMALIZE_WHITESPACE ELLIPSIS SKIP IGNORE_EXCEPTION_DETAIL""")
(DONT_ACCEPT_TRUE_FOR_1, DONT_ACCEPT_BLANKLINE, NORMALIZE_WHITESPACE, ELLIPSIS,
 SKIP, IGNORE_EXCEPTION_DETAIL) = _COMPARING
COMPARISON_FLAGS = _union(_COMPARING)
# ... and flags that change how failures are reported.
_REPORTING = _register_flags("""REPORT_UDIFF REPORT_CDIFF REPORT_NDIFF
    REPORT_ONLY_FIRST_FAILURE FAIL_FAST""")
(REPORT_UDIFF, REPORT_CDIFF, REPORT_NDIFF, REPORT_ONLY_FIRST_FAILURE,
 FAIL_FAST) = _REPORTING
REPORTING_FLAGS = _union(_REPORTING)

BLANKLINE_MARKER = '<BLANKLINE>'
ELLIPSIS_MARKER = '...'

_REASON = "doctest examples need exec()/compile(), which pyrc lacks"


class TestResults:
    def __init__(self, failed, attempted):
        self.failed = failed
        self.attempted = attempted

    def __iter__(self):
        return iter((self.failed, self.attempted))

    def __getitem__(self, index):
        return (self.failed, self.attempted)[index]

    def __eq__(self, other):
        return tuple(self) == tuple(other)

    def __repr__(self):
        return 'TestResults(failed=%r, attempted=%r)' % (self.failed, self.attempted)


class DocTestCase(unittest.TestCase):
    """Stands for the doctests of one module or file: skips."""

    def __init__(self, name='<doctest>'):
        unittest.TestCase.__init__(self, 'runTest')
        self._dt_name = name

    def runTest(self):
        raise unittest.SkipTest(_REASON)

    def id(self):
        return self._dt_name

    __repr__ = __str__ = id

    def shortDescription(self):
        return 'Doctest: ' + self._dt_name


def _module_name(module):
    if module is None:
        main = sys.modules.get('__main__')
        return getattr(main, '__name__', '__main__')
    if isinstance(module, str):
        return module
    return getattr(module, '__name__', '<module>')


def DocTestSuite(module=None, globs=None, extraglobs=None, test_finder=None, **options):
    """A suite for the module's doctests (one skipping test: see the module doc)."""
    suite = unittest.TestSuite()
    suite.addTest(DocTestCase(_module_name(module)))
    return suite


def DocFileSuite(*paths, **kw):
    suite = unittest.TestSuite()
    for path in paths:
        suite.addTest(DocTestCase(path))
    return suite


def testmod(m=None, name=None, globs=None, verbose=None, report=True, optionflags=0,
            extraglobs=None, raise_on_error=False, exclude_empty=False):
    return TestResults(0, 0)


def testfile(filename, module_relative=True, name=None, package=None, globs=None,
             verbose=None, report=True, optionflags=0, extraglobs=None,
             raise_on_error=False, parser=None, encoding=None):
    return TestResults(0, 0)


def run_docstring_examples(f, globs, verbose=False, name="NoName", compileflags=None,
                           optionflags=0):
    pass


def set_unittest_reportflags(flags):
    return 0
