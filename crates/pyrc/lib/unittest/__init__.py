"""A small unittest for pyrc.

Kept (issue 12): with traceback objects, CPython's own `unittest` runs under pyrc and reports
failures, errors, skips and subtests as python3 does (checked with it first on `PYTHONPATH`),
but its `unittest.mock` imports `pkgutil`, which needs `importlib.util` (pyrc's `importlib`
has none yet); and `scripts/cpython_gc_driver.py` uses this package's `_skip_ids` and
`_print_counts` hooks.

Written from the documented behaviour of CPython's unittest (3.11): test
cases, suites, a loader, a text runner and ``main()``.  It imports only
``sys`` and ``time`` at module level (``traceback``, ``re`` when needed), and
uses no metaclasses, which pyrc does not have.

Extra for pyrc's test runner: ``_skip_ids`` maps a test id (``__main__.C.test_x``,
``C.test_x``, ``__main__.C`` or ``C``) to a reason; those tests are reported
as skipped without being run.  When ``_print_counts`` is true (set by that
script), the runner writes one more line after the summary,
``unittest-summary: run=R passed=P skipped=S failed=F``, to its stream.
"""

import sys
import time

# Public names, by area: writing tests, collecting them, running them, and
# the Ctrl-C handling stubs.
__all__ = ('TestCase FunctionTestCase SkipTest skip skipIf skipUnless expectedFailure '
           'addModuleCleanup doModuleCleanups enterModuleContext '
           'TestSuite TestLoader defaultTestLoader '
           'TestResult TextTestResult TextTestRunner TestProgram main '
           'installHandler registerResult removeResult removeHandler').split()

__unittest = True

# test id -> reason; filled by pyrc's runner script.
_skip_ids = {}
# Whether to end the summary with the machine-readable counts line (pyrc's runner script).
_print_counts = False

_MAX_REPR = 640


# ----------------------------------------------------------------------
# small helpers

def _safe_repr(obj, short=False):
    try:
        text = repr(obj)
    except Exception:
        text = object.__repr__(obj)
    if short and len(text) > 80:
        return text[:80] + ' [truncated]...'
    if len(text) > _MAX_REPR:
        return text[:_MAX_REPR] + ' [truncated]...'
    return text


def _strclass(cls):
    return "%s.%s" % (cls.__module__, cls.__qualname__)


def _exc_type_name(etype):
    name = getattr(etype, '__qualname__', None) or getattr(etype, '__name__', str(etype))
    mod = getattr(etype, '__module__', None)
    if mod not in (None, '__main__', 'builtins'):
        name = mod + '.' + name
    return name


def _exc_only(value):
    etype = type(value)
    name = _exc_type_name(etype)
    try:
        text = str(value)
    except Exception:
        text = '<exception str() failed>'
    if text:
        return '%s: %s\n' % (name, text)
    return name + '\n'


def _format_exception(etype, value, tb):
    """Traceback-like text; uses the traceback module when it exists."""
    try:
        import traceback
        fmt = traceback.format_exception
    except Exception:
        fmt = None
    if fmt is not None and tb is not None:
        try:
            tb, limit = _trim_unittest_frames(tb, etype)
            return ''.join(fmt(etype, value, tb, limit=limit))
        except Exception:
            pass
    if fmt is not None and value is not None:
        # pyrc: no traceback objects, but the traceback module knows where a caught
        # exception went through; the runner's own frames (this file) are left out, as
        # CPython's runner leaves out unittest's.
        try:
            return ''.join(entry for entry in fmt(etype, value, None)
                           if not _is_runner_frame(entry))
        except Exception:
            pass
    if value is None:
        return _exc_type_name(etype) + '\n'
    chain = []
    seen = []
    cur = value
    while cur is not None and not _contains_identity(seen, cur):
        seen.append(cur)
        cause = getattr(cur, '__cause__', None)
        context = getattr(cur, '__context__', None)
        if cause is not None:
            chain.append((cur, '\nThe above exception was the direct cause '
                               'of the following exception:\n\n'))
            cur = cause
        elif context is not None and not getattr(cur, '__suppress_context__', False):
            chain.append((cur, '\nDuring handling of the above exception, '
                               'another exception occurred:\n\n'))
            cur = context
        else:
            chain.append((cur, ''))
            cur = None
    chain.reverse()
    parts = []
    for exc, sep in chain:
        parts.append('Traceback (most recent call last):\n')
        parts.append('  (no traceback frames available)\n')
        parts.append(_exc_only(exc))
        if sep:
            parts.append(sep)
    return ''.join(parts)


def _is_runner_frame(entry):
    if not entry.startswith('  File "'):
        return False
    first_line = entry.split('\n', 1)[0]
    return ('/unittest/__init__.py"' in first_line
            or '<pyrc-lib>/unittest/' in first_line and 'mock.py' not in first_line)


def _in_unittest(tb):
    try:
        return '__unittest' in tb.tb_frame.f_globals
    except Exception:
        return False


def _trim_unittest_frames(tb, etype):
    """Drop the runner's own frames, like CPython's runner does."""
    while tb is not None and _in_unittest(tb):
        tb = tb.tb_next
    limit = None
    if issubclass(etype, AssertionError):
        # stop before the assert* helpers
        n = 0
        cur = tb
        while cur is not None and not _in_unittest(cur):
            n += 1
            cur = cur.tb_next
        if cur is not None:
            limit = n
    return tb, limit


def _contains_identity(seq, obj):
    for item in seq:
        if item is obj:
            return True
    return False


def _exc_info_of(exc):
    return (type(exc), exc, getattr(exc, '__traceback__', None))


def _count_items(seq):
    """List of [item, count] pairs; works for unhashable items too."""
    out = []
    for item in seq:
        for pair in out:
            if pair[0] is item or pair[0] == item:
                pair[1] += 1
                break
        else:
            out.append([item, 1])
    return out


def _fnmatch(name, pattern):
    """Shell-style match with * and ? (no character sets)."""
    # iterative wildcard matching
    n, p = 0, 0
    star_p, star_n = -1, 0
    while n < len(name):
        if p < len(pattern) and (pattern[p] == '?' or pattern[p] == name[n]):
            n += 1
            p += 1
        elif p < len(pattern) and pattern[p] == '*':
            star_p = p
            star_n = n
            p += 1
        elif star_p != -1:
            p = star_p + 1
            star_n += 1
            n = star_n
        else:
            return False
    while p < len(pattern) and pattern[p] == '*':
        p += 1
    return p == len(pattern)


def _is_skip_listed(*ids):
    if not _skip_ids:
        return None
    for tid in ids:
        if not tid:
            continue
        if tid in _skip_ids:
            return _skip_ids[tid]
        if tid.startswith('__main__.') and tid[9:] in _skip_ids:
            return _skip_ids[tid[9:]]
    return None


# ----------------------------------------------------------------------
# exceptions and decorators

class SkipTest(Exception):
    """Raise this to skip a test."""


class _ShouldStop(Exception):
    pass


class _UnexpectedSuccess(Exception):
    pass


def _identity(obj):
    return obj


def skip(reason):
    """Unconditionally skip a test (function or class)."""
    def decorator(test_item):
        test_item.__unittest_skip__ = True
        test_item.__unittest_skip_why__ = reason
        return test_item
    if callable(reason) and not isinstance(reason, str):
        item = reason
        reason = ''
        return decorator(item)
    return decorator


def skipIf(condition, reason):
    """Skip the decorated test when condition is true."""
    return skip(reason) if condition else _identity


def skipUnless(condition, reason):
    """Skip the decorated test unless condition is true."""
    return skipIf(not condition, reason)


def expectedFailure(test_item):
    test_item.__unittest_expecting_failure__ = True
    return test_item


# ----------------------------------------------------------------------
# results

class TestResult(object):
    _previousTestClass = None
    _testRunEntered = False
    _moduleSetUpFailed = False

    # What a fresh result starts with (the lists are made anew per instance).
    _INITIAL_SETTINGS = (('failfast', False), ('shouldStop', False),
                         ('buffer', False), ('tb_locals', False), ('testsRun', 0))
    _INITIAL_LISTS = ('failures', 'errors', 'skipped', 'expectedFailures',
                      'unexpectedSuccesses', 'collectedDurations',
                      '_pyrc_order')   # _pyrc_order: test ids, first seen first

    def __init__(self, stream=None, descriptions=None, verbosity=None):
        for name, value in self._INITIAL_SETTINGS:
            setattr(self, name, value)
        for name in self._INITIAL_LISTS:
            setattr(self, name, [])
        # pyrc extras: the outcome of each test id ('pass', 'skip', 'fail') and
        # failures outside any test (class/module fixtures).
        self._pyrc_outcomes = {}
        self._pyrc_fixture_failures = 0

    def printErrors(self):
        pass

    def _note(self, test, outcome):
        if isinstance(test, _SubTest):
            test = test.test_case
        if not isinstance(test, TestCase) or isinstance(test, _ErrorHolder):
            if outcome == 'fail':
                self._pyrc_fixture_failures += 1
            return
        key = test.id()
        old = self._pyrc_outcomes.get(key)
        if old is None:
            self._pyrc_order.append(key)
        if old == 'fail':
            return
        if old == 'skip' and outcome == 'pass':
            return
        self._pyrc_outcomes[key] = outcome

    def startTest(self, test):
        self.testsRun += 1

    def startTestRun(self):
        pass

    def stopTest(self, test):
        pass

    def stopTestRun(self):
        pass

    def addError(self, test, err):
        self.errors.append((test, self._exc_info_to_string(err, test)))
        self._note(test, 'fail')
        if self.failfast:
            self.stop()

    def addFailure(self, test, err):
        self.failures.append((test, self._exc_info_to_string(err, test)))
        self._note(test, 'fail')
        if self.failfast:
            self.stop()

    def addSubTest(self, test, subtest, err):
        if err is not None:
            if self.failfast:
                self.stop()
            if issubclass(err[0], test.failureException):
                self.failures.append((subtest, self._exc_info_to_string(err, test)))
            else:
                self.errors.append((subtest, self._exc_info_to_string(err, test)))
            self._note(test, 'fail')

    def addSuccess(self, test):
        self._note(test, 'pass')

    def addSkip(self, test, reason):
        self.skipped.append((test, reason))
        self._note(test, 'skip')

    def addExpectedFailure(self, test, err):
        self.expectedFailures.append((test, self._exc_info_to_string(err, test)))
        self._note(test, 'pass')

    def addUnexpectedSuccess(self, test):
        self.unexpectedSuccesses.append(test)
        self._note(test, 'fail')

    def addDuration(self, test, elapsed):
        self.collectedDurations.append((str(test), elapsed))

    def wasSuccessful(self):
        return (len(self.failures) == 0 and len(self.errors) == 0
                and len(self.unexpectedSuccesses) == 0)

    def stop(self):
        self.shouldStop = True

    def _exc_info_to_string(self, err, test):
        etype, value, tb = err
        return _format_exception(etype, value, tb)

    def _pyrc_counts(self):
        passed = skipped = failed = 0
        for key in self._pyrc_order:
            o = self._pyrc_outcomes[key]
            if o == 'pass':
                passed += 1
            elif o == 'skip':
                skipped += 1
            else:
                failed += 1
        failed += self._pyrc_fixture_failures
        return passed, skipped, failed

    def __repr__(self):
        return ("<%s run=%i errors=%i failures=%i>" %
                (_strclass(self.__class__), self.testsRun, len(self.errors),
                 len(self.failures)))


class _WritelnDecorator(object):
    """A stream wrapper adding writeln(); other attributes pass through."""

    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, attr):
        # Not forwarded: `stream` itself (avoids recursion before __init__
        # has run, e.g. while unpickling) and __getstate__.
        if attr == 'stream' or attr == '__getstate__':
            raise AttributeError(attr)
        return getattr(self.stream, attr)

    def write(self, text):
        self.stream.write(text)

    def flush(self):
        try:
            self.stream.flush()
        except Exception:
            pass

    def writeln(self, arg=None):
        if arg:
            self.stream.write(arg)
        self.stream.write('\n')


def _reporting(base_hook, verbose, dot, labelled=True):
    """A TextTestResult outcome hook: record the outcome through base_hook,
    then show it -- as the word(s) `verbose` (or verbose(*details) when it is
    callable) in verbose mode, or as the single character `dot` otherwise.
    Unlabelled outcomes are printed without repeating the test's name."""
    def hook(self, test, *details):
        base_hook(self, test, *details)
        if self.showAll:
            text = verbose(*details) if callable(verbose) else verbose
            if labelled:
                self._write_status(test, text)
            else:
                self.stream.writeln(text)
                self.stream.flush()
        elif self.dots:
            self._dot(dot)
    return hook


class TextTestResult(TestResult):
    """Prints progress to a stream: a character per test, or with verbosity
    above 1 a line per test naming it and its outcome."""

    separator1 = '=' * 70
    separator2 = '-' * 70

    def __init__(self, stream, descriptions, verbosity, *, durations=None):
        TestResult.__init__(self, stream, descriptions, verbosity)
        self.stream, self.descriptions, self.durations = stream, descriptions, durations
        self.showAll, self.dots = verbosity > 1, verbosity == 1
        self._newline = True       # whether the cursor is at a line start

    def getDescription(self, test):
        name = str(test)
        first_doc_line = test.shortDescription()
        if first_doc_line and self.descriptions:
            return '%s\n%s' % (name, first_doc_line)
        return name

    def _announce(self, test, indent=''):
        self.stream.write('%s%s ... ' % (indent, self.getDescription(test)))

    def startTest(self, test):
        TestResult.startTest(self, test)
        if not self.showAll:
            return
        self._announce(test)
        self.stream.flush()
        self._newline = False

    def _write_status(self, test, status):
        sub = isinstance(test, _SubTest)
        if self._newline:
            self._announce(test, '  ' if sub else '')
        elif sub:
            # Sub-test outcomes get a line of their own under the test's line.
            self.stream.writeln()
            self._announce(test, '  ')
        self.stream.writeln(status)
        self.stream.flush()
        self._newline = True

    def _dot(self, ch):
        self.stream.write(ch)
        self.stream.flush()

    addSuccess = _reporting(TestResult.addSuccess, 'ok', '.')
    addError = _reporting(TestResult.addError, 'ERROR', 'E')
    addFailure = _reporting(TestResult.addFailure, 'FAIL', 'F')
    addSkip = _reporting(TestResult.addSkip, lambda reason: 'skipped %r' % (reason,), 's')
    addExpectedFailure = _reporting(TestResult.addExpectedFailure,
                                    'expected failure', 'x', labelled=False)
    addUnexpectedSuccess = _reporting(TestResult.addUnexpectedSuccess,
                                      'unexpected success', 'u', labelled=False)

    def addSubTest(self, test, subtest, err):
        if err is not None:
            as_failure = issubclass(err[0], subtest.failureException)
            if self.showAll:
                self._write_status(subtest, 'FAIL' if as_failure else 'ERROR')
            elif self.dots:
                self._dot('F' if as_failure else 'E')
        TestResult.addSubTest(self, test, subtest, err)

    def printErrors(self):
        out = self.stream
        if self.showAll or self.dots:
            out.writeln()
            out.flush()
        for flavour, bucket in (('ERROR', self.errors), ('FAIL', self.failures)):
            self.printErrorList(flavour, bucket)
        if self.unexpectedSuccesses:
            out.writeln(self.separator1)
            for test in self.unexpectedSuccesses:
                out.writeln('UNEXPECTED SUCCESS: ' + self.getDescription(test))
            out.flush()

    def printErrorList(self, flavour, errors):
        out = self.stream
        for test, err in errors:
            heading = '%s: %s' % (flavour, self.getDescription(test))
            for text in (self.separator1, heading, self.separator2, str(err)):
                out.writeln(text)
            out.flush()


def _call_if_present(obj, name):
    method = getattr(obj, name, None)
    if method is not None:
        method()


class TextTestRunner(object):
    """Runs a test (or suite) with a TextTestResult on `stream` (default
    sys.stderr) and prints the totals at the end."""

    resultclass = TextTestResult

    def __init__(self, stream=None, descriptions=True, verbosity=1,
                 failfast=False, buffer=False, resultclass=None, warnings=None,
                 *, tb_locals=False, durations=None):
        self.stream = _WritelnDecorator(sys.stderr if stream is None else stream)
        self.descriptions, self.verbosity = descriptions, verbosity
        self.failfast, self.buffer, self.tb_locals = failfast, buffer, tb_locals
        self.warnings, self.durations = warnings, durations
        if resultclass is not None:
            self.resultclass = resultclass

    def _makeResult(self):
        basic = (self.stream, self.descriptions, self.verbosity)
        try:
            return self.resultclass(*basic, durations=self.durations)
        except TypeError:
            # A result class from before `durations` existed.
            return self.resultclass(*basic)

    def run(self, test):
        result = self._makeResult()
        for option in ('failfast', 'buffer', 'tb_locals'):
            setattr(result, option, getattr(self, option))
        began = time.perf_counter()
        _call_if_present(result, 'startTestRun')
        try:
            test(result)
        finally:
            _call_if_present(result, 'stopTestRun')
        elapsed = time.perf_counter() - began
        result.printErrors()
        self._print_totals(result, elapsed)
        return result

    def _print_totals(self, result, elapsed):
        out = self.stream
        if hasattr(result, 'separator2'):
            out.writeln(result.separator2)
        total = result.testsRun
        out.writeln('Ran %d test%s in %.3fs' % (total, '' if total == 1 else 's', elapsed))
        out.writeln()
        notes = []
        if result.wasSuccessful():
            out.write('OK')
        else:
            out.write('FAILED')
            for label, bucket in (('failures', result.failures), ('errors', result.errors)):
                if bucket:
                    notes.append('%s=%d' % (label, len(bucket)))
        for label, attr in (('skipped', 'skipped'),
                            ('expected failures', 'expectedFailures'),
                            ('unexpected successes', 'unexpectedSuccesses')):
            count = len(getattr(result, attr, ()))
            if count:
                notes.append('%s=%d' % (label, count))
        out.writeln(' (%s)' % ', '.join(notes) if notes else '')
        counts = getattr(result, '_pyrc_counts', None)
        if counts is not None and _print_counts:
            passed, skipped, failed = counts()
            out.writeln('unittest-summary: run=%d passed=%d skipped=%d failed=%d'
                        % (total, passed, skipped, failed))
        out.flush()


# ----------------------------------------------------------------------
# test case

class _Outcome(object):
    """Bookkeeping for one TestCase.run(): where outcomes go and whether the
    test has failed so far."""

    def __init__(self, result=None):
        self.result, self.result_supports_subtests = result, hasattr(result, "addSubTest")
        self.success, self.expecting_failure, self.expectedFailure = True, False, None


def _nearness(first, second, places, delta):
    """For assert[Not]AlmostEqual: (whether first and second are within the
    tolerance, the tolerance as the message words it, |first - second|)."""
    if delta is not None and places is not None:
        raise TypeError("specify delta or places not both")
    diff = abs(first - second)
    if delta is not None:
        return diff <= delta, '%s delta' % _safe_repr(delta), diff
    digits = 7 if places is None else places
    return round(diff, digits) == 0, '%r places' % (digits,), diff


def _length_or_none(seq):
    try:
        return len(seq)
    except (TypeError, NotImplementedError):
        return None


def _first_mismatch(first, second, count, kind):
    """Describe the first index below count where the sequences differ (or
    cannot be indexed); None when they agree there."""
    for pos in range(count):
        pair = []
        for ordinal, seq in (('first', first), ('second', second)):
            try:
                pair.append(seq[pos])
            except Exception:
                return '\nUnable to index element %d of %s %s\n' % (pos, ordinal, kind)
        if pair[0] != pair[1]:
            return '\nFirst differing element %d:\n%s\n%s\n' % (
                pos, _safe_repr(pair[0], True), _safe_repr(pair[1], True))
    return None


def _surplus_note(first, second, n1, n2, kind):
    """Describe the elements one sequence has beyond the other's length."""
    if n1 > n2:
        longer, ordinal, start = first, 'First', n2
    else:
        longer, ordinal, start = second, 'Second', n1
    note = '\n%s %s contains %d additional elements.\n' % (ordinal, kind, abs(n1 - n2))
    try:
        return note + 'First extra element %d:\n%s\n' % (start, _safe_repr(longer[start]))
    except Exception:
        return note + 'Unable to index element %d of %s %s\n' % (start, ordinal.lower(), kind)


def _sequence_difference(first, second, kind, any_type):
    """The assertSequenceEqual report, or None when the sequences count as
    equal (with any_type, equal items in sequences of different types do)."""
    sizes = []
    for ordinal, seq in (('First', first), ('Second', second)):
        size = _length_or_none(seq)
        if size is None:
            return '%s %s has no length.    Non-sequence?' % (ordinal, kind)
        sizes.append(size)
    n1, n2 = sizes
    if first == second:
        return None
    parts = ['%ss differ: %s != %s\n' % (kind.capitalize(), _safe_repr(first, True),
                                         _safe_repr(second, True))]
    mismatch = _first_mismatch(first, second, min(n1, n2), kind)
    if mismatch is not None:
        parts.append(mismatch)
    elif n1 == n2 and any_type and type(first) != type(second):
        return None
    if n1 != n2:
        parts.append(_surplus_note(first, second, n1, n2, kind))
    return ''.join(parts)


def _drain(stack):
    """Pop and yield the entries of `stack` (last first) until it is empty,
    including entries pushed while this runs."""
    while stack:
        yield stack.pop()


def _marked_skip(cls, method):
    """The reason given by @skip-style markers on cls or method, or None."""
    if not (getattr(cls, "__unittest_skip__", False) or
            getattr(method, "__unittest_skip__", False)):
        return None
    return (getattr(cls, '__unittest_skip_why__', '') or
            getattr(method, '__unittest_skip_why__', ''))


def _add_skip(result, test_case, reason):
    """Report a skip; a result without addSkip counts it as a success."""
    report = getattr(result, 'addSkip', None)
    if report is None:
        result.addSuccess(test_case)
    else:
        report(test_case, reason)


def _add_error(result, test, exc_info):
    """Report exc_info as a failure (the test's failureException) or an error."""
    if result is None or exc_info is None:
        return
    as_failure = issubclass(exc_info[0], test.failureException)
    (result.addFailure if as_failure else result.addError)(test, exc_info)


def _absorb_part_exception(outcome, test_case, exc, is_test):
    """Record what an exception escaping a test part means for the outcome."""
    if isinstance(exc, SkipTest):
        outcome.success = False
        _add_skip(outcome.result, test_case, str(exc))
    elif isinstance(exc, _ShouldStop):
        pass        # a failfast stop inside a subtest: already reported
    elif is_test and outcome.expecting_failure:
        outcome.expectedFailure = _exc_info_of(exc)
    else:
        outcome.success = False
        _add_error(outcome.result, test_case, _exc_info_of(exc))


def _run_part(outcome, test_case, func, args=(), kwargs=None, is_test=False):
    """Run one part of a test (setUp, the test, tearDown, a cleanup).
    outcome.success stays true only if it was before and nothing in this
    part (subtests included) failed, errored or skipped."""
    success_before = outcome.success
    outcome.success = True
    try:
        func(*args, **(kwargs or {}))
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        _absorb_part_exception(outcome, test_case, exc, is_test)
    outcome.success = bool(success_before and outcome.success)


class _ParamsChain(object):
    """Tiny ChainMap replacement for subtest parameters."""

    def __init__(self, own, parent=None):
        self.own = own
        self.parent = parent

    def items(self):
        # innermost parameters first, like CPython's _OrderedChainMap
        out = []
        seen = set()
        node = self
        while node is not None:
            for k in node.own:
                if k not in seen:
                    seen.add(k)
                    out.append((k, node.own[k]))
            node = node.parent
        return out

    def __bool__(self):
        return len(self.items()) > 0

    def __len__(self):
        return len(self.items())


_subtest_msg_sentinel = object()
_NO_SUCH_METHOD = object()


class _SubTestContext(object):
    """What `with self.subTest(msg, **params):` enters."""

    def __init__(self, case, msg, params):
        self.case, self.msg, self.params = case, msg, params
        self.active, self.parent = False, None

    def __enter__(self):
        case = self.case
        outcome = case._outcome
        if outcome is None or not outcome.result_supports_subtests:
            return None
        self.active = True
        self.parent = case._subtest
        if self.parent is None:
            params = _ParamsChain(self.params)
        else:
            params = _ParamsChain(self.params, self.parent.params)
        case._subtest = _SubTest(case, self.msg, params)
        self.old_success = outcome.success
        outcome.success = True
        return None

    def __exit__(self, etype, value, tb):
        if not self.active:
            return False
        case = self.case
        outcome = case._outcome
        subtest = case._subtest
        case._subtest = self.parent
        suppress = False
        if etype is None:
            outcome.result.addSubTest(case, subtest, None)
        elif issubclass(etype, KeyboardInterrupt):
            outcome.success = self.old_success and outcome.success
            return False
        elif issubclass(etype, SkipTest):
            outcome.success = False
            _add_skip(outcome.result, subtest, str(value))
            suppress = True
        elif issubclass(etype, _ShouldStop):
            suppress = False
        else:
            if outcome.expecting_failure:
                outcome.expectedFailure = (etype, value, tb)
            else:
                outcome.success = False
                outcome.result.addSubTest(case, subtest, (etype, value, tb))
            suppress = True
        failed = not outcome.success
        outcome.success = self.old_success and outcome.success
        if failed and outcome.result is not None and getattr(outcome.result, 'failfast', False):
            raise _ShouldStop()
        return suppress


class _AssertRaisesContext(object):
    def __init__(self, expected, test_case, expected_regex=None):
        self.expected = expected
        self.test_case = test_case
        self.expected_regex = expected_regex
        self.obj_name = None
        self.msg = None
        self.exception = None

    def _raiseFailure(self, standardMsg, context=None):
        msg = self.test_case._formatMessage(self.msg, standardMsg)
        exc = self.test_case.failureException(msg)
        if context is not None:
            try:
                exc.__context__ = context
            except Exception:
                pass
        raise exc

    def handle(self, name, args, kwargs):
        if not _is_exc_class_or_tuple(self.expected):
            raise TypeError('%s() arg 1 must be an exception type or tuple of '
                            'exception types' % (name,))
        if not args:
            # Context-manager form: only msg= may be given.
            self.msg = kwargs.pop('msg', None)
            for unexpected in kwargs:
                raise TypeError('%r is an invalid keyword argument for '
                                'this function' % (unexpected,))
            return self
        callable_obj, args = args[0], args[1:]
        label = getattr(callable_obj, '__name__', None)
        self.obj_name = str(callable_obj) if label is None else label
        try:
            self.__enter__()
            try:
                callable_obj(*args, **kwargs)
            except BaseException as e:
                if not self.__exit__(type(e), e, None):
                    raise
                return None
            self.__exit__(None, None, None)
            return None
        finally:
            callable_obj = None
            self = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            exp = self.expected
            if isinstance(exp, tuple):
                exc_name = ', '.join([getattr(e, '__name__', str(e)) for e in exp])
            else:
                exc_name = getattr(exp, '__name__', str(exp))
            if self.obj_name:
                self._raiseFailure("{} not raised by {}".format(exc_name, self.obj_name))
            else:
                self._raiseFailure("{} not raised".format(exc_name))
        if not _exc_matches(exc_type, self.expected):
            return False
        self.exception = exc_value
        if self.expected_regex is None:
            return True
        regex = self.expected_regex
        pattern = regex
        if isinstance(regex, (str, bytes)):
            regex = _compile_regex(regex)
        else:
            pattern = regex.pattern
        if not regex.search(str(exc_value)):
            self._raiseFailure('"{}" does not match "{}"'.format(pattern, str(exc_value)),
                               exc_value)
        return True


def _is_exc_class(obj):
    return isinstance(obj, type) and issubclass(obj, BaseException)


def _is_exc_class_or_tuple(obj):
    if isinstance(obj, tuple):
        for item in obj:
            if not _is_exc_class(item):
                return False
        return True
    return _is_exc_class(obj)


def _exc_matches(exc_type, expected):
    if isinstance(expected, tuple):
        for e in expected:
            if issubclass(exc_type, e):
                return True
        return False
    return issubclass(exc_type, expected)


def _compile_regex(pattern):
    import re
    return re.compile(pattern)


class _AssertWarnsContext(object):
    """Best effort: needs a ``warnings`` module with catch_warnings."""

    def __init__(self, expected, test_case, expected_regex=None):
        self.expected, self.expected_regex = expected, expected_regex
        self.test_case = test_case
        self.obj_name = self.msg = None
        # Filled in when a matching warning is seen:
        self.warning = self.filename = self.lineno = None
        self.warnings = []

    def handle(self, name, args, kwargs):
        if not args:
            self.msg = kwargs.pop('msg', None)
            return self
        # Function form: call it with the remaining arguments, watching.
        callable_obj, rest = args[0], args[1:]
        self.obj_name = getattr(callable_obj, '__name__', str(callable_obj))
        with self:
            callable_obj(*rest, **kwargs)
        return None

    def __enter__(self):
        module = _warnings_module()
        _clear_warning_registries()
        self._ctx = module.catch_warnings(record=True)
        self.warnings = self._ctx.__enter__()
        module.simplefilter("always", self.expected)   # see every one
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self._ctx.__exit__(exc_type, exc_value, tb)
        if exc_type is not None:
            return False
        exc_name = getattr(self.expected, '__name__', str(self.expected))
        first_matching = None
        regex = self.expected_regex
        if isinstance(regex, (str, bytes)):
            regex = _compile_regex(regex)
        relevant = [record for record in self.warnings
                    if isinstance(record.message, self.expected)]
        if relevant:
            first_matching = relevant[0].message
        for record in relevant:
            if regex is None or regex.search(str(record.message)):
                self.warning = record.message
                self.filename, self.lineno = record.filename, record.lineno
                return None
        if first_matching is not None:
            raise self.test_case.failureException(self.test_case._formatMessage(
                self.msg, '"{}" does not match "{}"'.format(regex.pattern, str(first_matching))))
        if self.obj_name:
            std = "{} not triggered by {}".format(exc_name, self.obj_name)
        else:
            std = "{} not triggered".format(exc_name)
        raise self.test_case.failureException(self.test_case._formatMessage(self.msg, std))


class _CallableContext(object):
    """Wraps enterContext-style callbacks."""


class TestCase(object):
    """A unit test: one test method of a TestCase subclass."""

    failureException = AssertionError
    longMessage = True
    maxDiff = 80 * 8
    _classSetupFailed = False
    _class_cleanups = []

    def __init__(self, methodName='runTest'):
        self._testMethodName = methodName
        self._outcome = self._subtest = None
        self._cleanups, self._type_equality_funcs = [], {}
        method = getattr(self, methodName, _NO_SUCH_METHOD)
        if method is not _NO_SUCH_METHOD:
            self._testMethodDoc = getattr(method, '__doc__', None)
        elif methodName == 'runTest':
            # The default name need not exist (e.g. for FunctionTestCase).
            self._testMethodDoc = 'No test'
        else:
            raise ValueError("no such test method in %s: %s" %
                             (self.__class__, methodName))

    def addTypeEqualityFunc(self, typeobj, function):
        self._type_equality_funcs[typeobj] = function

    def addCleanup(self, function, *args, **kwargs):
        self._cleanups.append((function, args, kwargs))

    def enterContext(self, cm):
        result = cm.__enter__()
        self.addCleanup(cm.__exit__, None, None, None)
        return result

    @classmethod
    def addClassCleanup(cls, function, *args, **kwargs):
        if '_class_cleanups' not in cls.__dict__:
            cls._class_cleanups = []
        cls._class_cleanups.append((function, args, kwargs))

    @classmethod
    def enterClassContext(cls, cm):
        result = cm.__enter__()
        cls.addClassCleanup(cm.__exit__, None, None, None)
        return result

    def setUp(self):
        pass

    def tearDown(self):
        pass

    @classmethod
    def setUpClass(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        pass

    def countTestCases(self):
        return 1

    def defaultTestResult(self):
        return TestResult()

    # --- identity: a test is its class plus its method name

    def _identity(self):
        return (type(self), self._testMethodName)

    def __hash__(self):
        return hash(self._identity())

    def __eq__(self, other):
        if type(other) is type(self):
            return other._testMethodName == self._testMethodName
        return NotImplemented

    def __ne__(self, other):
        same = self.__eq__(other)
        return same if same is NotImplemented else not same

    def id(self):
        return "%s.%s" % (_strclass(self.__class__), self._testMethodName)

    def __str__(self):
        name = self._testMethodName
        return "%s (%s.%s)" % (name, _strclass(self.__class__), name)

    def __repr__(self):
        return "<%s testMethod=%s>" % (_strclass(self.__class__), self._testMethodName)

    def shortDescription(self):
        """First line of the test method's docstring, or None."""
        doc = self._testMethodDoc
        return doc.strip().split("\n")[0].strip() if doc else None

    def subTest(self, msg=_subtest_msg_sentinel, **params):
        return _SubTestContext(self, msg, params)

    def _callSetUp(self):
        self.setUp()

    def _callTestMethod(self, method):
        if method() is not None:
            pass

    def _callTearDown(self):
        self.tearDown()

    def _callCleanup(self, function, *args, **kwargs):
        function(*args, **kwargs)

    # --- running

    def _skip_reason(self, method):
        """Why this test must be skipped (None: it runs): pyrc's skip list
        first, then @skip-style markers on the class or the method."""
        cls = self.__class__
        listed = _is_skip_listed(self.id(), _strclass(cls),
                                 self.__dict__.get('_pyrc_alias_id', ''),
                                 cls.__qualname__ + '.' + self._testMethodName,
                                 cls.__qualname__)
        if listed is not None:
            return listed
        return _marked_skip(cls, method)

    def run(self, result=None):
        own_result = result is None
        if own_result:
            result = self.defaultTestResult()
            _call_if_present(result, 'startTestRun')
        result.startTest(self)
        try:
            self._run_with(result)
            return result
        finally:
            result.stopTest(self)
            if own_result:
                _call_if_present(result, 'stopTestRun')

    def _run_with(self, result):
        method = getattr(self, self._testMethodName)
        reason = self._skip_reason(method)
        if reason is not None:
            _add_skip(result, self, reason)
            return
        expect_failure = (getattr(self, "__unittest_expecting_failure__", False) or
                          getattr(method, "__unittest_expecting_failure__", False))
        outcome = _Outcome(result)
        self._outcome = outcome
        try:
            _run_part(outcome, self, self._callSetUp)
            if outcome.success:
                # The test body runs only after a successful setUp, and
                # tearDown only then too; cleanups run in any case.
                outcome.expecting_failure = expect_failure
                _run_part(outcome, self, self._callTestMethod, (method,), is_test=True)
                outcome.expecting_failure = False
                _run_part(outcome, self, self._callTearDown)
            self.doCleanups()
            if outcome.success:
                self._report_clean_run(result, outcome, expect_failure)
        finally:
            # Drop references so that the test's objects can be collected.
            outcome.expectedFailure = None
            self._outcome = None
            outcome = method = None

    def _report_clean_run(self, result, outcome, expect_failure):
        if not expect_failure:
            result.addSuccess(self)
        elif outcome.expectedFailure is None:
            result.addUnexpectedSuccess(self)
        else:
            result.addExpectedFailure(self, outcome.expectedFailure)

    def doCleanups(self):
        outcome = self._outcome or _Outcome()
        for function, args, kwargs in _drain(self._cleanups):
            _run_part(outcome, self, self._callCleanup, (function,) + tuple(args), kwargs)
        return outcome.success

    @classmethod
    def doClassCleanups(cls):
        cls.tearDown_exceptions = []
        pending = cls.__dict__.get('_class_cleanups') or []
        for function, args, kwargs in _drain(pending):
            try:
                function(*args, **kwargs)
            except Exception as exc:
                cls.tearDown_exceptions.append(_exc_info_of(exc))

    def __call__(self, *args, **kwds):
        return self.run(*args, **kwds)

    def debug(self):
        """Run the test without a result object: errors propagate."""
        method = getattr(self, self._testMethodName)
        reason = _marked_skip(self.__class__, method)
        if reason is not None:
            raise SkipTest(reason)
        for stage, stage_args in ((self._callSetUp, ()),
                                  (self._callTestMethod, (method,)),
                                  (self._callTearDown, ())):
            stage(*stage_args)
        for function, args, kwargs in _drain(self._cleanups):
            self._callCleanup(function, *args, **kwargs)

    def skipTest(self, reason):
        raise SkipTest(reason)

    def fail(self, msg=None):
        raise self.failureException(msg)

    def _formatMessage(self, msg, standardMsg):
        """The failure message: the user's msg alone unless longMessage, in
        which case it follows the standard one after ' : '."""
        if msg is None or not self.longMessage:
            return msg or standardMsg
        try:
            shown = [str(standardMsg), str(msg)]
        except Exception:
            shown = [_safe_repr(standardMsg), _safe_repr(msg)]
        return ' : '.join(shown)

    # --- boolean and identity assertions

    def assertFalse(self, expr, msg=None):
        if expr:
            self.fail(self._formatMessage(msg, "%s is not false" % _safe_repr(expr)))

    def assertTrue(self, expr, msg=None):
        if not expr:
            self.fail(self._formatMessage(msg, "%s is not true" % _safe_repr(expr)))

    def assertIs(self, expr1, expr2, msg=None):
        if expr1 is not expr2:
            self.fail(self._formatMessage(
                msg, '%s is not %s' % (_safe_repr(expr1), _safe_repr(expr2))))

    def assertIsNot(self, expr1, expr2, msg=None):
        if expr1 is expr2:
            self.fail(self._formatMessage(msg, 'unexpectedly identical: %s' % _safe_repr(expr1)))

    def assertIsNone(self, obj, msg=None):
        if obj is not None:
            self.fail(self._formatMessage(msg, '%s is not None' % _safe_repr(obj)))

    def assertIsNotNone(self, obj, msg=None):
        if obj is None:
            self.fail(self._formatMessage(msg, 'unexpectedly None'))

    def assertIsInstance(self, obj, cls, msg=None):
        if not isinstance(obj, cls):
            self.fail(self._formatMessage(
                msg, '%s is not an instance of %r' % (_safe_repr(obj), cls)))

    def assertNotIsInstance(self, obj, cls, msg=None):
        if isinstance(obj, cls):
            self.fail(self._formatMessage(
                msg, '%s is an instance of %r' % (_safe_repr(obj), cls)))

    def assertIn(self, member, container, msg=None):
        if member not in container:
            self.fail(self._formatMessage(msg, '%s not found in %s' %
                                          (_safe_repr(member), _safe_repr(container))))

    def assertNotIn(self, member, container, msg=None):
        if member in container:
            self.fail(self._formatMessage(msg, '%s unexpectedly found in %s' %
                                          (_safe_repr(member), _safe_repr(container))))

    # --- equality

    def _getAssertEqualityFunc(self, first, second):
        if type(first) is type(second):
            f = self._type_equality_funcs.get(type(first))
            if f is not None:
                if isinstance(f, str):
                    return getattr(self, f)
                return f
            name = _DEFAULT_EQUALITY.get(type(first))
            if name is not None:
                return getattr(self, name)
        return self._baseAssertEqual

    def _baseAssertEqual(self, first, second, msg=None):
        if not first == second:
            standardMsg = '%s != %s' % (_safe_repr(first), _safe_repr(second))
            self.fail(self._formatMessage(msg, standardMsg))

    def assertEqual(self, first, second, msg=None):
        assertion_func = self._getAssertEqualityFunc(first, second)
        assertion_func(first, second, msg=msg)

    def assertNotEqual(self, first, second, msg=None):
        if not first != second:
            self.fail(self._formatMessage(msg, '%s == %s' % (_safe_repr(first),
                                                             _safe_repr(second))))

    def assertAlmostEqual(self, first, second, places=None, msg=None, delta=None):
        if first == second:
            return
        close, within, diff = _nearness(first, second, places, delta)
        if not close:
            self.fail(self._formatMessage(msg, '%s != %s within %s (%s difference)' % (
                _safe_repr(first), _safe_repr(second), within, _safe_repr(diff))))

    def assertNotAlmostEqual(self, first, second, places=None, msg=None, delta=None):
        close, within, diff = _nearness(first, second, places, delta)
        if not close and not (first == second):
            return
        # Only the delta form reports the actual difference.
        shown = '' if delta is None else ' (%s difference)' % _safe_repr(diff)
        self.fail(self._formatMessage(msg, '%s == %s within %s%s' % (
            _safe_repr(first), _safe_repr(second), within, shown)))

    def assertSequenceEqual(self, seq1, seq2, msg=None, seq_type=None):
        kind = 'sequence' if seq_type is None else seq_type.__name__
        if seq_type is not None:
            for ordinal, seq in (('First', seq1), ('Second', seq2)):
                if not isinstance(seq, seq_type):
                    self.fail(self._formatMessage(msg, '%s sequence is not a %s: %s'
                                                  % (ordinal, kind, _safe_repr(seq))))
        report = _sequence_difference(seq1, seq2, kind, seq_type is None)
        if report is not None:
            self.fail(self._formatMessage(msg, report))

    def assertListEqual(self, list1, list2, msg=None):
        self.assertSequenceEqual(list1, list2, msg, seq_type=list)

    def assertTupleEqual(self, tuple1, tuple2, msg=None):
        self.assertSequenceEqual(tuple1, tuple2, msg, seq_type=tuple)

    def assertSetEqual(self, set1, set2, msg=None):
        one_sided = []
        for this, other, ordinal in ((set1, set2, 'first'), (set2, set1, 'second')):
            try:
                one_sided.append(this.difference(other))
            except TypeError as e:
                self.fail('invalid type when attempting set difference: %s' % e)
            except AttributeError as e:
                self.fail('%s argument does not support set difference: %s' % (ordinal, e))
        if not (one_sided[0] or one_sided[1]):
            return
        report = []
        for items, where in zip(one_sided, ('first set but not the second',
                                            'second set but not the first')):
            if items:
                report.append('Items in the %s:' % where)
                report.extend([repr(item) for item in items])
        self.fail(self._formatMessage(msg, '\n'.join(report)))

    def assertDictEqual(self, d1, d2, msg=None):
        self.assertIsInstance(d1, dict, 'First argument is not a dictionary')
        self.assertIsInstance(d2, dict, 'Second argument is not a dictionary')
        if d1 != d2:
            standardMsg = '%s != %s' % (_safe_repr(d1, True), _safe_repr(d2, True))
            extra = []
            for k in d1:
                if k not in d2:
                    extra.append('- %r: %r' % (k, d1[k]))
                elif d1[k] != d2[k]:
                    extra.append('- %r: %r' % (k, d1[k]))
                    extra.append('+ %r: %r' % (k, d2[k]))
            for k in d2:
                if k not in d1:
                    extra.append('+ %r: %r' % (k, d2[k]))
            if extra:
                standardMsg += '\n' + '\n'.join(extra)
            self.fail(self._formatMessage(msg, standardMsg))

    def assertCountEqual(self, first, second, msg=None):
        first_seq, second_seq = list(first), list(second)
        c1 = _count_items(first_seq)
        c2 = _count_items(second_seq)
        diffs = []
        for item, n1 in c1:
            n2 = 0
            for other, cnt in c2:
                if other is item or other == item:
                    n2 = cnt
                    break
            if n1 != n2:
                diffs.append((n1, n2, item))
        for item, n2 in c2:
            found = False
            for other, cnt in c1:
                if other is item or other == item:
                    found = True
                    break
            if not found:
                diffs.append((0, n2, item))
        if diffs:
            standardMsg = 'Element counts were not equal:\n'
            lines = ['First has %d, Second has %d:  %r' % d for d in diffs]
            self.fail(self._formatMessage(msg, standardMsg + '\n'.join(lines)))

    def assertMultiLineEqual(self, first, second, msg=None):
        self.assertIsInstance(first, str, "First argument is not a string")
        self.assertIsInstance(second, str, "Second argument is not a string")
        if first != second:
            standardMsg = '%s != %s' % (_safe_repr(first, True), _safe_repr(second, True))
            a = first.splitlines(True)
            b = second.splitlines(True)
            extra = []
            for i in range(max(len(a), len(b))):
                la = a[i] if i < len(a) else None
                lb = b[i] if i < len(b) else None
                if la != lb:
                    if la is not None:
                        extra.append('- ' + la.rstrip('\n'))
                    if lb is not None:
                        extra.append('+ ' + lb.rstrip('\n'))
            if extra and (len(a) > 1 or len(b) > 1):
                standardMsg += '\n' + '\n'.join(extra)
            self.fail(self._formatMessage(msg, standardMsg))

    # --- ordering

    def assertLess(self, a, b, msg=None):
        if not a < b:
            self.fail(self._formatMessage(msg, '%s not less than %s' %
                                          (_safe_repr(a), _safe_repr(b))))

    def assertLessEqual(self, a, b, msg=None):
        if not a <= b:
            self.fail(self._formatMessage(msg, '%s not less than or equal to %s' %
                                          (_safe_repr(a), _safe_repr(b))))

    def assertGreater(self, a, b, msg=None):
        if not a > b:
            self.fail(self._formatMessage(msg, '%s not greater than %s' %
                                          (_safe_repr(a), _safe_repr(b))))

    def assertGreaterEqual(self, a, b, msg=None):
        if not a >= b:
            self.fail(self._formatMessage(msg, '%s not greater than or equal to %s' %
                                          (_safe_repr(a), _safe_repr(b))))

    # --- exceptions, warnings, regexes

    def assertRaises(self, expected_exception, *args, **kwargs):
        context = _AssertRaisesContext(expected_exception, self)
        try:
            return context.handle('assertRaises', args, kwargs)
        finally:
            context = None

    def assertRaisesRegex(self, expected_exception, expected_regex, *args, **kwargs):
        context = _AssertRaisesContext(expected_exception, self, expected_regex)
        try:
            return context.handle('assertRaisesRegex', args, kwargs)
        finally:
            context = None

    def assertWarns(self, expected_warning, *args, **kwargs):
        context = _AssertWarnsContext(expected_warning, self)
        return context.handle('assertWarns', args, kwargs)

    def assertWarnsRegex(self, expected_warning, expected_regex, *args, **kwargs):
        context = _AssertWarnsContext(expected_warning, self, expected_regex)
        return context.handle('assertWarnsRegex', args, kwargs)

    def assertRegex(self, text, expected_regex, msg=None):
        if isinstance(expected_regex, (str, bytes)):
            expected_regex = _compile_regex(expected_regex)
        if not expected_regex.search(text):
            standardMsg = "Regex didn't match: %r not found in %r" % (
                expected_regex.pattern, text)
            self.fail(self._formatMessage(msg, standardMsg))

    def assertNotRegex(self, text, unexpected_regex, msg=None):
        if isinstance(unexpected_regex, (str, bytes)):
            unexpected_regex = _compile_regex(unexpected_regex)
        match = unexpected_regex.search(text)
        if match:
            standardMsg = 'Regex matched: %r matches %r in %r' % (
                text[match.start():match.end()], unexpected_regex.pattern, text)
            self.fail(self._formatMessage(msg, standardMsg))

    # deprecated aliases still used by old tests
    def failUnless(self, expr, msg=None):
        self.assertTrue(expr, msg)

    def assertEquals(self, first, second, msg=None):
        self.assertEqual(first, second, msg)

    def assertNotEquals(self, first, second, msg=None):
        self.assertNotEqual(first, second, msg)

    def assert_(self, expr, msg=None):
        self.assertTrue(expr, msg)


_DEFAULT_EQUALITY = {
    dict: 'assertDictEqual',
    list: 'assertListEqual',
    tuple: 'assertTupleEqual',
    set: 'assertSetEqual',
    frozenset: 'assertSetEqual',
    str: 'assertMultiLineEqual',
}


def _call_unless_none(hook):
    if hook is not None:
        hook()


class FunctionTestCase(TestCase):
    """A TestCase around a plain test function, with optional set-up and
    tear-down callables and a description."""

    def __init__(self, testFunc, setUp=None, tearDown=None, description=None):
        TestCase.__init__(self)
        self._testFunc, self._description = testFunc, description
        self._setUpFunc, self._tearDownFunc = setUp, tearDown

    def runTest(self):
        self._testFunc()

    def setUp(self):
        _call_unless_none(self._setUpFunc)

    def tearDown(self):
        _call_unless_none(self._tearDownFunc)

    def id(self):
        return getattr(self._testFunc, '__name__', str(self._testFunc))

    def __str__(self):
        return "%s (%s)" % (_strclass(self.__class__), self.id())

    def __repr__(self):
        return "<%s tec=%s>" % (_strclass(self.__class__), self._testFunc)

    def shortDescription(self):
        """The given description, else the first line of the function's
        docstring (None when that is empty)."""
        if self._description is not None:
            return self._description
        doc = getattr(self._testFunc, '__doc__', None)
        headline = doc.split("\n")[0].strip() if doc else ''
        return headline or None


class _SubTest(TestCase):
    """One `with self.subTest(...)` block of test_case, reported on its own."""

    def __init__(self, test_case, message, params):
        TestCase.__init__(self)
        self.test_case, self.params, self._message = test_case, params, message
        # Failures inside the block are recognised as the test's are.
        self.failureException = test_case.failureException

    def _subDescription(self):
        label = []
        if self._message is not _subtest_msg_sentinel:
            label.append('[%s]' % (self._message,))
        if self.params:
            pairs = ['%s=%r' % item for item in self.params.items()]
            label.append('(%s)' % ', '.join(pairs))
        return ' '.join(label) or '(<subtest>)'

    def id(self):
        return '%s %s' % (self.test_case.id(), self._subDescription())

    def __str__(self):
        return '%s %s' % (self.test_case, self._subDescription())

    def shortDescription(self):
        return self.test_case.shortDescription()

    def runTest(self):
        raise NotImplementedError("subtests cannot be run directly")


class _ErrorHolder(object):
    """Takes a test's place in the result when a fixture (setUpClass,
    setUpModule, ...) fails; `description` names the fixture."""

    failureException = None

    def __init__(self, description):
        self.description = description

    def __repr__(self):
        return "<ErrorHolder description=%r>" % (self.description,)

    def id(self):
        return self.description

    def __str__(self):
        return self.id()

    def shortDescription(self):
        return None

    def countTestCases(self):
        return 0

    def run(self, result):
        """Nothing to run: the error has been reported already."""

    def __call__(self, result):
        return self.run(result)


# ----------------------------------------------------------------------
# suites

def _unaddable(test):
    """Why `test` cannot go into a suite ('' when it can)."""
    if not callable(test):
        return "%r is not callable" % (test,)
    if isinstance(test, type) and issubclass(test, (TestCase, TestSuite)):
        return ("TestCases and TestSuites must be instantiated "
                "before passing them to addTest()")
    return ''


class BaseTestSuite(object):
    """An ordered collection of tests (cases or nested suites) run in turn.
    With _cleanup, each test's slot is set to None once it has run so that it
    can be freed; _removed_tests keeps the count of what was dropped."""

    _cleanup = True

    def __init__(self, tests=()):
        self._tests, self._removed_tests = [], 0
        self.addTests(tests)

    def __repr__(self):
        return "<%s tests=%s>" % (_strclass(self.__class__), list(self))

    def __eq__(self, other):
        if isinstance(other, self.__class__):
            return list(self) == list(other)
        return NotImplemented

    def __hash__(self):
        return object.__hash__(self)

    def countTestCases(self):
        live = [test.countTestCases() for test in self._tests if test]
        return self._removed_tests + sum(live)

    def addTests(self, tests):
        """addTest() each item of the iterable `tests` (a str is refused)."""
        if isinstance(tests, str):
            raise TypeError("tests must be an iterable of tests, not a string")
        for test in tests:
            self.addTest(test)

    def __iter__(self):
        return iter(self._tests)

    def addTest(self, test):
        problem = _unaddable(test)
        if problem:
            raise TypeError(problem)
        self._tests.append(test)


    def run(self, result):
        # Index-based, over the tests present when the run starts, so that
        # finished tests can be dropped from their slots as we go.
        total = len(self._tests)
        index = 0
        while index < total and not result.shouldStop:
            self._tests[index](result)
            if self._cleanup:
                self._removeTestAtIndex(index)
            index += 1
        return result

    def __call__(self, *args, **kwds):
        return self.run(*args, **kwds)

    def _removeTestAtIndex(self, index):
        """Drop a finished test from its slot (keeping its count)."""
        test = self._tests[index]
        if test is None:
            return
        counter = getattr(test, 'countTestCases', None)
        if counter is not None:
            self._removed_tests += counter()
        self._tests[index] = None

    def debug(self):
        """Run every test without collecting results (errors propagate)."""
        for test in self:
            test.debug()


class TestSuite(BaseTestSuite):
    """A suite that also runs class and module fixtures."""

    def run(self, result, debug=False):
        outermost = not getattr(result, '_testRunEntered', False)
        if outermost:
            result._testRunEntered = True
        for index in range(len(self._tests)):
            test = self._tests[index]
            if test is None:
                continue
            if result.shouldStop:
                break
            if isinstance(test, BaseTestSuite):
                test.run(result)
            elif self._fixtures_ready(test, result):
                test(result)
            else:
                continue        # its class or module set-up failed: keep it
            if self._cleanup:
                self._removeTestAtIndex(index)
            test = None
        if outermost:
            self._tearDownPreviousClass(None, result)
            self._handleModuleTearDown(result)
            result._testRunEntered = False
        return result

    def _fixtures_ready(self, test, result):
        """Switch class/module fixtures over to test's; whether they are up."""
        self._tearDownPreviousClass(test, result)
        self._handleModuleFixture(test, result)
        self._handleClassSetUp(test, result)
        result._previousTestClass = test.__class__
        return not (getattr(test.__class__, '_classSetupFailed', False) or
                    getattr(result, '_moduleSetUpFailed', False))

    # --- class and module fixtures

    @staticmethod
    def _fixtures_allowed(cls, result):
        """Class fixtures are not run under a failed setUpModule, nor for a
        class marked as skipped."""
        return not (getattr(result, '_moduleSetUpFailed', False) or
                    getattr(cls, "__unittest_skip__", False))

    def _run_class_cleanups(self, result, cls, phase):
        runner = getattr(cls, 'doClassCleanups', None)
        if runner is None:
            return
        runner()
        for info in getattr(cls, 'tearDown_exceptions', []):
            self._createClassOrModuleLevelException(
                result, info[1], phase, _strclass(cls), info=info)

    def _handleClassSetUp(self, test, result):
        cls = test.__class__
        if cls is getattr(result, '_previousTestClass', None):
            return      # same class as the previous test: already set up
        if not self._fixtures_allowed(cls, result):
            return
        if not isinstance(test, TestCase) or isinstance(test, _ErrorHolder):
            return
        cls._classSetupFailed = False
        if _class_skip_listed(cls):
            return
        set_up = getattr(cls, 'setUpClass', None)
        if set_up is None:
            return
        try:
            set_up()
        except Exception as e:
            cls._classSetupFailed = True
            self._createClassOrModuleLevelException(result, e, 'setUpClass', _strclass(cls))
            self._run_class_cleanups(result, cls, 'setUpClass')

    def _tearDownPreviousClass(self, test, result):
        finished = getattr(result, '_previousTestClass', None)
        upcoming = None if test is None else test.__class__
        if finished is None or finished is upcoming:
            return
        if getattr(finished, '_classSetupFailed', False):
            return
        if not self._fixtures_allowed(finished, result):
            return
        if not (isinstance(finished, type) and issubclass(finished, TestCase)):
            return
        if _class_skip_listed(finished):
            return
        tear_down = getattr(finished, 'tearDownClass', None)
        if tear_down is not None:
            try:
                tear_down()
            except Exception as e:
                self._createClassOrModuleLevelException(result, e, 'tearDownClass',
                                                        _strclass(finished))
        self._run_class_cleanups(result, finished, 'tearDownClass')

    def _get_previous_module(self, result):
        finished = getattr(result, '_previousTestClass', None)
        return None if finished is None else finished.__module__

    def _handleModuleFixture(self, test, result):
        name = test.__class__.__module__
        if name == self._get_previous_module(result):
            return
        self._handleModuleTearDown(result)
        result._moduleSetUpFailed = False
        module = sys.modules.get(name)
        set_up = None if module is None else getattr(module, 'setUpModule', None)
        if set_up is None:
            return
        try:
            set_up()
        except Exception as e:
            result._moduleSetUpFailed = True
            self._createClassOrModuleLevelException(result, e, 'setUpModule', name)
            _run_module_cleanups(self, result, 'setUpModule', name)

    def _handleModuleTearDown(self, result):
        name = self._get_previous_module(result)
        if name is None or getattr(result, '_moduleSetUpFailed', False):
            return
        module = sys.modules.get(name)
        if module is None:
            return
        tear_down = getattr(module, 'tearDownModule', None)
        if tear_down is not None:
            try:
                tear_down()
            except Exception as e:
                self._createClassOrModuleLevelException(result, e, 'tearDownModule', name)
        _run_module_cleanups(self, result, 'tearDownModule', name)

    def _createClassOrModuleLevelException(self, result, exc, method_name,
                                           parent, info=None):
        self._addClassOrModuleLevelException(
            result, exc, '%s (%s)' % (method_name, parent), info)

    def _addClassOrModuleLevelException(self, result, exception, errorName, info=None):
        holder = _ErrorHolder(errorName)
        add_skip = getattr(result, 'addSkip', None)
        if add_skip is not None and isinstance(exception, SkipTest):
            add_skip(holder, str(exception))
        else:
            result.addError(holder, info if info else _exc_info_of(exception))


def _class_skip_listed(cls):
    return _is_skip_listed(_strclass(cls), cls.__qualname__) is not None


# module cleanups
_module_cleanups = []


def addModuleCleanup(function, *args, **kwargs):
    _module_cleanups.append((function, args, kwargs))


def enterModuleContext(cm):
    entered = cm.__enter__()
    addModuleCleanup(cm.__exit__, None, None, None)
    return entered


def doModuleCleanups():
    """Run the module cleanups, last added first; afterwards re-raise the
    first exception one of them raised."""
    first_error = None
    for function, args, kwargs in _drain(_module_cleanups):
        try:
            function(*args, **kwargs)
        except Exception as exc:
            if first_error is None:
                first_error = exc
    if first_error is not None:
        raise first_error


def _run_module_cleanups(suite, result, method_name, module_name):
    try:
        doModuleCleanups()
    except Exception as e:
        suite._createClassOrModuleLevelException(result, e, method_name, module_name)


# ----------------------------------------------------------------------
# loader

def _warnings_module():
    """The warnings module; the test is skipped if it is unusable."""
    try:
        import warnings
        warnings.catch_warnings
    except Exception:
        raise SkipTest("assertWarns needs the warnings module (not in pyrc)")
    return warnings


def _clear_warning_registries():
    """Forget which warnings modules have already shown, so that a warning
    issued again inside assertWarns is seen."""
    registries = [getattr(mod, '__warningregistry__', None)
                  for mod in list(sys.modules.values())]
    for registry in registries:
        if not registry:
            continue
        try:
            registry.clear()
        except Exception:
            pass


def _walk_attributes(start, names):
    """Follow the attribute path `names` from start. Returns (the object the
    last step was taken from, the object reached, None), or, at the first
    missing attribute, (.., the object lacking it, (name, AttributeError))."""
    owner, current = None, start
    for name in names:
        try:
            found = getattr(current, name)
        except AttributeError as exc:
            return owner, current, (name, exc)
        owner, current = current, found
    return owner, current, None


class _FailedTest(TestCase):
    _testMethodName = None

    def __init__(self, method_name, exception):
        self._exception = exception
        TestCase.__init__(self, method_name)

    def __getattr__(self, name):
        if name != self._testMethodName:
            raise AttributeError(name)
        exc = self._exception

        def testFailure():
            raise exc
        return testFailure


_FailedTest.__module__ = 'unittest.loader'


def _make_failed_test(methodname, exception, suiteClass, message):
    test = _FailedTest(methodname, exception)
    return suiteClass((test,)), message


def _is_module(obj):
    return type(obj) is type(sys)


class TestLoader(object):
    testMethodPrefix = 'test'
    testNamePatterns = None
    suiteClass = TestSuite
    _top_level_dir = None

    def __init__(self):
        self.errors = []
        self._loading_packages = set()

    @staticmethod
    def sortTestMethodsUsing(x, y):
        return (x > y) - (x < y)

    def loadTestsFromTestCase(self, testCaseClass):
        if issubclass(testCaseClass, BaseTestSuite):
            raise TypeError("Test cases should not be derived from "
                            "TestSuite. Maybe you meant to derive from "
                            "TestCase?")
        names = self.getTestCaseNames(testCaseClass)
        if not names and hasattr(testCaseClass, 'runTest'):
            names = ['runTest']     # a class with just runTest is one test
        return self.suiteClass([testCaseClass(name) for name in names])

    def loadTestsFromModule(self, module, *args, pattern=None, **kws):
        members = [getattr(module, name) for name in dir(module)]
        tests = self.suiteClass([self.loadTestsFromTestCase(member) for member in members
                                 if isinstance(member, type) and issubclass(member, TestCase)])
        load_tests = getattr(module, 'load_tests', None)
        if load_tests is not None:
            try:
                return load_tests(self, tests, pattern)
            except Exception as e:
                modname = getattr(module, '__name__', 'load_tests')
                error_case, error_message = _make_failed_test(
                    modname, e, self.suiteClass,
                    'Failed to call load_tests:\n' + _format_exception(type(e), e, None))
                for t in error_case:
                    t._pyrc_alias_id = modname + '.load_tests'
                self.errors.append(error_message)
                # pyrc deviation: CPython runs only the error here; we also
                # run the module's ordinary tests so one missing helper
                # (e.g. doctest) does not hide the whole file.
                return self.suiteClass([tests, error_case])
        return tests

    def _resolve_module(self, parts):
        """Longest importable dotted prefix among sys.modules."""
        for i in range(len(parts), 0, -1):
            name = '.'.join(parts[:i])
            mod = sys.modules.get(name)
            if mod is not None:
                return mod, parts[i:]
        try:
            mod = __import__(parts[0])
            return mod, parts[1:]
        except Exception:
            pass
        raise ImportError("No module named %r" % (parts[0],))

    def loadTestsFromName(self, name, module=None):
        parts = name.split('.')
        error_case, error_message = None, None
        if module is None:
            try:
                obj, rest = self._resolve_module(parts)
            except ImportError as e:
                error_case, error_message = _make_failed_test(
                    name, e, self.suiteClass, 'Failed to import test module: %s' % name)
                self.errors.append(error_message)
                return error_case
            parts = rest
        else:
            obj = module
            if (parts and parts[0] == getattr(module, '__name__', None)
                    and len(parts) > 1 and not hasattr(module, parts[0])):
                parts = parts[1:]
        parent, obj, missing = _walk_attributes(obj, parts)
        if missing is not None:
            part, exc = missing
            error_case, error_message = _make_failed_test(
                part, exc, self.suiteClass,
                'Failed to access attribute:\n%s' % _format_exception(type(exc), exc, None))
            self.errors.append(error_message)
            return error_case
        if _is_module(obj):
            return self.loadTestsFromModule(obj)
        elif isinstance(obj, type) and issubclass(obj, TestCase):
            return self.loadTestsFromTestCase(obj)
        elif (isinstance(parent, type) and issubclass(parent, TestCase)
              and callable(obj) and not isinstance(obj, type)):
            name = parts[-1]
            inst = parent(name)
            if not callable(getattr(inst, name)):
                return self.suiteClass([inst])
            return self.suiteClass([inst])
        elif isinstance(obj, BaseTestSuite):
            return obj
        if callable(obj):
            test = obj()
            if isinstance(test, BaseTestSuite):
                return test
            elif isinstance(test, TestCase):
                return self.suiteClass([test])
            raise TypeError("calling %s returned %s, not a test" % (obj, test))
        raise TypeError("don't know how to make test from: %s" % obj)

    def loadTestsFromNames(self, names, module=None):
        return self.suiteClass([self.loadTestsFromName(name, module) for name in names])

    def getTestCaseNames(self, testCaseClass):
        prefix = self.testMethodPrefix
        names = []
        for attrname in _class_attr_names(testCaseClass):
            if not attrname.startswith(prefix):
                continue
            try:
                attr = getattr(testCaseClass, attrname)
            except AttributeError:
                continue
            if not callable(attr):
                continue
            if self.testNamePatterns is not None:
                full = '%s.%s.%s' % (testCaseClass.__module__,
                                     testCaseClass.__qualname__, attrname)
                ok = False
                for pat in self.testNamePatterns:
                    if _fnmatch(full, pat):
                        ok = True
                        break
                if not ok:
                    continue
            names.append(attrname)
        names.sort()
        return names

    def discover(self, start_dir, pattern='test*.py', top_level_dir=None):
        raise ImportError("test discovery is not supported by pyrc's unittest")


def _class_attr_names(cls):
    seen = set()
    for name in dir(cls):
        seen.add(name)
    # be safe if dir() misses inherited names
    for klass in getattr(cls, '__mro__', ()):
        d = getattr(klass, '__dict__', None)
        if d is None:
            continue
        for name in d.keys():
            seen.add(name)
    return sorted(seen)


defaultTestLoader = TestLoader()


def getTestCaseNames(testCaseClass, prefix, sortUsing=None, testNamePatterns=None):
    loader = TestLoader()
    loader.testMethodPrefix = prefix
    loader.testNamePatterns = testNamePatterns
    return loader.getTestCaseNames(testCaseClass)


def makeSuite(testCaseClass, prefix='test', sortUsing=None, suiteClass=TestSuite):
    loader = TestLoader()
    loader.testMethodPrefix = prefix
    loader.suiteClass = suiteClass
    return loader.loadTestsFromTestCase(testCaseClass)


def findTestCases(module, prefix='test', sortUsing=None, suiteClass=TestSuite):
    loader = TestLoader()
    loader.testMethodPrefix = prefix
    loader.suiteClass = suiteClass
    return loader.loadTestsFromModule(module)


# ----------------------------------------------------------------------
# signals (no-ops in pyrc)

def installHandler():
    pass


def removeHandler(method=None):
    if method is not None:
        return method
    return None


def registerResult(result):
    pass


def removeResult(result):
    return True


# ----------------------------------------------------------------------
# main

_USAGE = """\
usage: %(prog)s [-h] [-v] [-q] [--locals] [-f] [-c] [-b] [-k TESTNAMEPATTERNS] [tests ...]

positional arguments:
  tests                a list of any number of test modules, classes and test
                       methods.

options:
  -h, --help           show this help message and exit
  -v, --verbose        Verbose output
  -q, --quiet          Quiet output
  --locals             Show local variables in tracebacks
  -f, --failfast       Stop on first fail or error
  -c, --catch          Catch Ctrl-C and display results so far
  -b, --buffer         Buffer stdout and stderr during tests
  -k TESTNAMEPATTERNS  Only run tests which match the given substring

Examples:
  %(prog)s                      runs every test found in the module
  %(prog)s SomeSuite            runs the suite named SomeSuite
  %(prog)s SomeCase             runs each test* method of SomeCase
  %(prog)s SomeCase.test_one    runs just that method
"""


class _UsageError(Exception):
    pass


class TestProgram(object):
    """Parse the command line, load the tests, run them and exit."""
    module = None
    verbosity = 1
    failfast = catchbreak = buffer = progName = warnings = testNamePatterns = None

    def __init__(self, module='__main__', defaultTest=None, argv=None,
                 testRunner=None, testLoader=None, exit=True, verbosity=1,
                 failfast=None, catchbreak=None, buffer=None, warnings=None,
                 *, tb_locals=False, durations=None):
        if isinstance(module, str):
            head, *rest = module.split('.')
            found = sys.modules[head] if head in sys.modules else __import__(module)
            for attr in rest:
                found = getattr(found, attr)
            module = found
        self.module = module
        chosen = dict(exit=exit, failfast=failfast, catchbreak=catchbreak,
                      verbosity=verbosity, buffer=buffer, tb_locals=tb_locals,
                      durations=durations, warnings=warnings, defaultTest=defaultTest,
                      testRunner=testRunner,
                      testLoader=defaultTestLoader if testLoader is None else testLoader,
                      progName=None, result=None)
        for attr, value in chosen.items():
            setattr(self, attr, value)
        if argv is None:
            argv = sys.argv
        self.parseArgs(argv)
        self.runTests()

    def usageExit(self, msg=None):
        if msg:
            first = _USAGE.split('\n')[0] % {'prog': self.progName}
            sys.stderr.write(first + "\n")
            sys.stderr.write("%s: error: %s\n" % (self.progName, msg))
            sys.exit(2)
        sys.stdout.write(_USAGE % {'prog': self.progName})
        sys.exit(0)

    def _prog_name(self, argv):
        if argv:
            prog = argv[0]
            slash = prog.rfind('/')
            if slash >= 0:
                prog = prog[slash + 1:]
            if prog.endswith('.py'):
                return 'python -m ' + prog[:-3] if prog == '__main__.py' else prog
            return prog
        return 'python'

    def parseArgs(self, argv):
        self.progName = self._prog_name(argv)
        args = list(argv[1:])
        names = []
        patterns = []
        i = 0
        only_names = False
        while i < len(args):
            a = args[i]
            i += 1
            if only_names or not a.startswith('-') or a == '-':
                names.append(a)
                continue
            if a == '--':
                only_names = True
            elif a in ('-h', '--help'):
                self.usageExit()
            elif a in ('-v', '--verbose'):
                self.verbosity = 2
            elif a in ('-q', '--quiet'):
                self.verbosity = 0
            elif a == '--locals':
                self.tb_locals = True
            elif a in ('-f', '--failfast'):
                self.failfast = True
            elif a in ('-c', '--catch'):
                self.catchbreak = True
            elif a in ('-b', '--buffer'):
                self.buffer = True
            elif a == '-k':
                if i >= len(args):
                    self.usageExit("argument -k: expected one argument")
                patterns.append(args[i])
                i += 1
            elif a.startswith('-k') and len(a) > 2:
                patterns.append(a[2:])
            elif a.startswith('--durations'):
                if '=' in a:
                    self.durations = int(a.split('=', 1)[1])
                else:
                    self.durations = int(args[i])
                    i += 1
            elif len(a) > 2 and a[0] == '-' and a[1] != '-':
                # bundled short flags such as -vf
                for ch in a[1:]:
                    if ch == 'v':
                        self.verbosity = 2
                    elif ch == 'q':
                        self.verbosity = 0
                    elif ch == 'f':
                        self.failfast = True
                    elif ch == 'c':
                        self.catchbreak = True
                    elif ch == 'b':
                        self.buffer = True
                    else:
                        self.usageExit("unrecognized arguments: %s" % a)
            else:
                self.usageExit("unrecognized arguments: %s" % a)
        if patterns:
            # A pattern without a wildcard matches as a substring.
            self.testNamePatterns = [p if '*' in p else '*%s*' % p for p in patterns]
        if names:
            # A file name given on the command line means its module.
            self.testNames = [n[:-3].replace('/', '.') if n.endswith('.py') else n
                              for n in names]
        elif self.defaultTest is None:
            self.testNames = None
        else:
            wanted = self.defaultTest
            self.testNames = [wanted] if isinstance(wanted, str) else list(wanted)
        self.createTests()

    def createTests(self, from_discovery=False, Loader=None):
        if self.testNamePatterns:
            self.testLoader.testNamePatterns = self.testNamePatterns
        if self.testNames is None:
            self.test = self.testLoader.loadTestsFromModule(self.module)
        else:
            self.test = self.testLoader.loadTestsFromNames(self.testNames, self.module)

    def runTests(self):
        if self.catchbreak:
            installHandler()
        runner = TextTestRunner if self.testRunner is None else self.testRunner
        if isinstance(runner, type):
            # A runner class: instantiate it with our settings when it
            # accepts them.
            settings = dict([(name, getattr(self, name)) for name in
                             ('verbosity', 'failfast', 'buffer', 'warnings', 'tb_locals')])
            try:
                runner = runner(**settings)
            except TypeError:
                runner = runner()
        self.result = runner.run(self.test)
        if self.exit:
            sys.exit(0 if self.result.wasSuccessful() else 1)


main = TestProgram
