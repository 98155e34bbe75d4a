"""A small unittest for pyrc.

Written from the documented behaviour of CPython's unittest (3.11): test
cases, suites, a loader, a text runner and ``main()``.  It sticks to the
parts of the language pyrc runs today: no metaclasses, no generators, no
``re``/``os``/``traceback``/``functools`` imports at module level.

Extra for pyrc's test runner: ``_skip_ids`` maps a test id (``__main__.C.test_x``,
``C.test_x``, ``__main__.C`` or ``C``) to a reason; those tests are reported
as skipped without being run.  After the summary the runner writes one line
``unittest-summary: run=R passed=P skipped=S failed=F`` to its stream.
"""

import sys
import time

__all__ = ['TestResult', 'TestCase', 'TestSuite', 'TextTestRunner',
           'TestLoader', 'FunctionTestCase', 'main', 'defaultTestLoader',
           'SkipTest', 'skip', 'skipIf', 'skipUnless', 'expectedFailure',
           'TextTestResult', 'TestProgram', 'installHandler',
           'registerResult', 'removeResult', 'removeHandler',
           'addModuleCleanup', 'doModuleCleanups', 'enterModuleContext']

__unittest = True

# test id -> reason; filled by pyrc's runner script.
_skip_ids = {}

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
    if condition:
        return skip(reason)
    return _identity


def skipUnless(condition, reason):
    if not condition:
        return skip(reason)
    return _identity


def expectedFailure(test_item):
    test_item.__unittest_expecting_failure__ = True
    return test_item


# ----------------------------------------------------------------------
# results

class TestResult(object):
    _previousTestClass = None
    _testRunEntered = False
    _moduleSetUpFailed = False

    def __init__(self, stream=None, descriptions=None, verbosity=None):
        self.failfast = False
        self.failures = []
        self.errors = []
        self.testsRun = 0
        self.skipped = []
        self.expectedFailures = []
        self.unexpectedSuccesses = []
        self.shouldStop = False
        self.buffer = False
        self.tb_locals = False
        self.collectedDurations = []
        # pyrc extra: per test id outcome ('pass', 'skip', 'fail')
        self._pyrc_outcomes = {}
        self._pyrc_order = []
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
    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, attr):
        if attr in ('stream', '__getstate__'):
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


class TextTestResult(TestResult):
    separator1 = '=' * 70
    separator2 = '-' * 70

    def __init__(self, stream, descriptions, verbosity, *, durations=None):
        TestResult.__init__(self, stream, descriptions, verbosity)
        self.stream = stream
        self.showAll = verbosity > 1
        self.dots = verbosity == 1
        self.descriptions = descriptions
        self._newline = True
        self.durations = durations

    def getDescription(self, test):
        doc_first_line = test.shortDescription()
        if self.descriptions and doc_first_line:
            return str(test) + '\n' + doc_first_line
        return str(test)

    def startTest(self, test):
        TestResult.startTest(self, test)
        if self.showAll:
            self.stream.write(self.getDescription(test))
            self.stream.write(" ... ")
            self.stream.flush()
            self._newline = False

    def _write_status(self, test, status):
        is_subtest = isinstance(test, _SubTest)
        if is_subtest or self._newline:
            if not self._newline:
                self.stream.writeln()
            if is_subtest:
                self.stream.write("  ")
            self.stream.write(self.getDescription(test))
            self.stream.write(" ... ")
        self.stream.writeln(status)
        self.stream.flush()
        self._newline = True

    def _dot(self, ch):
        self.stream.write(ch)
        self.stream.flush()

    def addSubTest(self, test, subtest, err):
        if err is not None:
            failed = issubclass(err[0], subtest.failureException)
            if self.showAll:
                self._write_status(subtest, failed and "FAIL" or "ERROR")
            elif self.dots:
                self._dot(failed and 'F' or 'E')
        TestResult.addSubTest(self, test, subtest, err)

    def addSuccess(self, test):
        TestResult.addSuccess(self, test)
        if self.showAll:
            self._write_status(test, "ok")
        elif self.dots:
            self._dot('.')

    def addError(self, test, err):
        TestResult.addError(self, test, err)
        if self.showAll:
            self._write_status(test, "ERROR")
        elif self.dots:
            self._dot('E')

    def addFailure(self, test, err):
        TestResult.addFailure(self, test, err)
        if self.showAll:
            self._write_status(test, "FAIL")
        elif self.dots:
            self._dot('F')

    def addSkip(self, test, reason):
        TestResult.addSkip(self, test, reason)
        if self.showAll:
            self._write_status(test, "skipped %r" % (reason,))
        elif self.dots:
            self._dot('s')

    def addExpectedFailure(self, test, err):
        TestResult.addExpectedFailure(self, test, err)
        if self.showAll:
            self.stream.writeln("expected failure")
            self.stream.flush()
        elif self.dots:
            self._dot('x')

    def addUnexpectedSuccess(self, test):
        TestResult.addUnexpectedSuccess(self, test)
        if self.showAll:
            self.stream.writeln("unexpected success")
            self.stream.flush()
        elif self.dots:
            self._dot('u')

    def printErrors(self):
        if self.dots or self.showAll:
            self.stream.writeln()
            self.stream.flush()
        self.printErrorList('ERROR', self.errors)
        self.printErrorList('FAIL', self.failures)
        if self.unexpectedSuccesses:
            self.stream.writeln(self.separator1)
            for test in self.unexpectedSuccesses:
                self.stream.writeln("UNEXPECTED SUCCESS: %s" % self.getDescription(test))
            self.stream.flush()

    def printErrorList(self, flavour, errors):
        for test, err in errors:
            self.stream.writeln(self.separator1)
            self.stream.writeln("%s: %s" % (flavour, self.getDescription(test)))
            self.stream.writeln(self.separator2)
            self.stream.writeln("%s" % err)
            self.stream.flush()


class TextTestRunner(object):
    resultclass = TextTestResult

    def __init__(self, stream=None, descriptions=True, verbosity=1,
                 failfast=False, buffer=False, resultclass=None, warnings=None,
                 *, tb_locals=False, durations=None):
        if stream is None:
            stream = sys.stderr
        self.stream = _WritelnDecorator(stream)
        self.descriptions = descriptions
        self.verbosity = verbosity
        self.failfast = failfast
        self.buffer = buffer
        self.tb_locals = tb_locals
        self.warnings = warnings
        self.durations = durations
        if resultclass is not None:
            self.resultclass = resultclass

    def _makeResult(self):
        try:
            return self.resultclass(self.stream, self.descriptions, self.verbosity,
                                    durations=self.durations)
        except TypeError:
            return self.resultclass(self.stream, self.descriptions, self.verbosity)

    def run(self, test):
        result = self._makeResult()
        result.failfast = self.failfast
        result.buffer = self.buffer
        result.tb_locals = self.tb_locals
        start = time.perf_counter()
        startTestRun = getattr(result, 'startTestRun', None)
        if startTestRun is not None:
            startTestRun()
        try:
            test(result)
        finally:
            stopTestRun = getattr(result, 'stopTestRun', None)
            if stopTestRun is not None:
                stopTestRun()
        taken = time.perf_counter() - start
        result.printErrors()
        if hasattr(result, 'separator2'):
            self.stream.writeln(result.separator2)
        run = result.testsRun
        self.stream.writeln("Ran %d test%s in %.3fs" %
                            (run, run != 1 and "s" or "", taken))
        self.stream.writeln()
        n_expected = len(getattr(result, 'expectedFailures', ()))
        n_unexpected = len(getattr(result, 'unexpectedSuccesses', ()))
        n_skipped = len(getattr(result, 'skipped', ()))
        infos = []
        if not result.wasSuccessful():
            self.stream.write("FAILED")
            if result.failures:
                infos.append("failures=%d" % len(result.failures))
            if result.errors:
                infos.append("errors=%d" % len(result.errors))
        else:
            self.stream.write("OK")
        if n_skipped:
            infos.append("skipped=%d" % n_skipped)
        if n_expected:
            infos.append("expected failures=%d" % n_expected)
        if n_unexpected:
            infos.append("unexpected successes=%d" % n_unexpected)
        if infos:
            self.stream.writeln(" (%s)" % (", ".join(infos),))
        else:
            self.stream.write("\n")
        counts = getattr(result, '_pyrc_counts', None)
        if counts is not None:
            passed, skipped, failed = counts()
            self.stream.writeln("unittest-summary: run=%d passed=%d skipped=%d failed=%d"
                                % (run, passed, skipped, failed))
        self.stream.flush()
        return result


# ----------------------------------------------------------------------
# test case

class _Outcome(object):
    def __init__(self, result=None):
        self.expecting_failure = False
        self.result = result
        self.result_supports_subtests = hasattr(result, "addSubTest")
        self.success = True
        self.expectedFailure = None


def _add_skip(result, test_case, reason):
    add = getattr(result, 'addSkip', None)
    if add is not None:
        add(test_case, reason)
    else:
        result.addSuccess(test_case)


def _add_error(result, test, exc_info):
    if result is not None and exc_info is not None:
        if issubclass(exc_info[0], test.failureException):
            result.addFailure(test, exc_info)
        else:
            result.addError(test, exc_info)


def _run_part(outcome, test_case, func, args=(), kwargs=None, is_test=False):
    """Run one part of a test (setUp, the test, tearDown, a cleanup)."""
    old_success = outcome.success
    outcome.success = True
    try:
        if kwargs:
            func(*args, **kwargs)
        else:
            func(*args)
    except KeyboardInterrupt:
        raise
    except SkipTest as e:
        outcome.success = False
        _add_skip(outcome.result, test_case, str(e))
    except _ShouldStop:
        pass
    except BaseException as e:
        if outcome.expecting_failure and is_test:
            outcome.expectedFailure = _exc_info_of(e)
        else:
            outcome.success = False
            _add_error(outcome.result, test_case, _exc_info_of(e))
    if old_success and outcome.success:
        outcome.success = True
    else:
        outcome.success = False


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


class _SubTestContext(object):
    def __init__(self, case, msg, params):
        self.case = case
        self.msg = msg
        self.params = params
        self.active = False
        self.parent = None

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
            self.msg = kwargs.pop('msg', None)
            if kwargs:
                raise TypeError('%r is an invalid keyword argument for '
                                'this function' % (next(iter(kwargs)),))
            return self
        callable_obj = args[0]
        args = args[1:]
        self.obj_name = getattr(callable_obj, '__name__', None)
        if self.obj_name is None:
            self.obj_name = str(callable_obj)
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
        self.expected = expected
        self.test_case = test_case
        self.expected_regex = expected_regex
        self.obj_name = None
        self.msg = None
        self.warning = None
        self.filename = None
        self.lineno = None
        self.warnings = []

    def handle(self, name, args, kwargs):
        if not args:
            self.msg = kwargs.pop('msg', None)
            return self
        callable_obj = args[0]
        args = args[1:]
        self.obj_name = getattr(callable_obj, '__name__', str(callable_obj))
        self.__enter__()
        try:
            callable_obj(*args, **kwargs)
        except BaseException as e:
            if not self.__exit__(type(e), e, None):
                raise
            return None
        self.__exit__(None, None, None)
        return None

    def __enter__(self):
        try:
            import warnings
            catch = warnings.catch_warnings
        except Exception:
            raise SkipTest("assertWarns needs the warnings module (not in pyrc)")
        for v in list(sys.modules.values()):
            reg = getattr(v, '__warningregistry__', None)
            if reg:
                try:
                    reg.clear()
                except Exception:
                    pass
        self._ctx = catch(record=True)
        self.warnings = self._ctx.__enter__()
        warnings.simplefilter("always", self.expected)
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
        for m in self.warnings:
            w = m.message
            if not isinstance(w, self.expected):
                continue
            if first_matching is None:
                first_matching = w
            if regex is not None and not regex.search(str(w)):
                continue
            self.warning = w
            self.filename = m.filename
            self.lineno = m.lineno
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
        self._outcome = None
        self._testMethodDoc = 'No test'
        self._cleanups = []
        self._subtest = None
        self._type_equality_funcs = {}
        try:
            method = getattr(self, methodName)
        except AttributeError:
            if methodName != 'runTest':
                raise ValueError("no such test method in %s: %s" %
                                 (self.__class__, methodName))
        else:
            self._testMethodDoc = getattr(method, '__doc__', None)

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

    def shortDescription(self):
        doc = self._testMethodDoc
        if not doc:
            return None
        return doc.strip().split("\n")[0].strip()

    def id(self):
        return "%s.%s" % (_strclass(self.__class__), self._testMethodName)

    def __eq__(self, other):
        if type(self) is not type(other):
            return NotImplemented
        return self._testMethodName == other._testMethodName

    def __ne__(self, other):
        r = self.__eq__(other)
        if r is NotImplemented:
            return r
        return not r

    def __hash__(self):
        return hash((type(self), self._testMethodName))

    def __str__(self):
        return "%s (%s.%s)" % (self._testMethodName, _strclass(self.__class__),
                               self._testMethodName)

    def __repr__(self):
        return "<%s testMethod=%s>" % (_strclass(self.__class__), self._testMethodName)

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

    def run(self, result=None):
        if result is None:
            result = self.defaultTestResult()
            startTestRun = getattr(result, 'startTestRun', None)
            stopTestRun = getattr(result, 'stopTestRun', None)
            if startTestRun is not None:
                startTestRun()
        else:
            stopTestRun = None

        result.startTest(self)
        try:
            testMethod = getattr(self, self._testMethodName)
            cls = self.__class__
            listed = _is_skip_listed(self.id(), _strclass(cls),
                                     self.__dict__.get('_pyrc_alias_id', ''),
                                     cls.__qualname__ + '.' + self._testMethodName,
                                     cls.__qualname__)
            if listed is not None:
                _add_skip(result, self, listed)
                return result
            if (getattr(cls, "__unittest_skip__", False) or
                    getattr(testMethod, "__unittest_skip__", False)):
                why = (getattr(cls, '__unittest_skip_why__', '')
                       or getattr(testMethod, '__unittest_skip_why__', ''))
                _add_skip(result, self, why)
                return result

            expecting_failure = (
                getattr(self, "__unittest_expecting_failure__", False) or
                getattr(testMethod, "__unittest_expecting_failure__", False))
            outcome = _Outcome(result)
            try:
                self._outcome = outcome
                _run_part(outcome, self, self._callSetUp)
                if outcome.success:
                    outcome.expecting_failure = expecting_failure
                    _run_part(outcome, self, self._callTestMethod, (testMethod,),
                              is_test=True)
                    outcome.expecting_failure = False
                    _run_part(outcome, self, self._callTearDown)
                self.doCleanups()
                if outcome.success:
                    if expecting_failure:
                        if outcome.expectedFailure is not None:
                            result.addExpectedFailure(self, outcome.expectedFailure)
                        else:
                            result.addUnexpectedSuccess(self)
                    else:
                        result.addSuccess(self)
                return result
            finally:
                outcome.expectedFailure = None
                outcome = None
                self._outcome = None
                testMethod = None
        finally:
            result.stopTest(self)
            if stopTestRun is not None:
                stopTestRun()

    def doCleanups(self):
        outcome = self._outcome
        if outcome is None:
            outcome = _Outcome()
        while self._cleanups:
            function, args, kwargs = self._cleanups.pop()
            _run_part(outcome, self, self._callCleanup, (function,) + tuple(args), kwargs)
        return outcome.success

    @classmethod
    def doClassCleanups(cls):
        cls.tearDown_exceptions = []
        cleanups = cls.__dict__.get('_class_cleanups') if '_class_cleanups' in cls.__dict__ else None
        while cleanups:
            function, args, kwargs = cleanups.pop()
            try:
                function(*args, **kwargs)
            except Exception as exc:
                cls.tearDown_exceptions.append(_exc_info_of(exc))

    def __call__(self, *args, **kwds):
        return self.run(*args, **kwds)

    def debug(self):
        testMethod = getattr(self, self._testMethodName)
        if (getattr(self.__class__, "__unittest_skip__", False) or
                getattr(testMethod, "__unittest_skip__", False)):
            why = (getattr(self.__class__, '__unittest_skip_why__', '')
                   or getattr(testMethod, '__unittest_skip_why__', ''))
            raise SkipTest(why)
        self._callSetUp()
        self._callTestMethod(testMethod)
        self._callTearDown()
        while self._cleanups:
            function, args, kwargs = self._cleanups.pop()
            self._callCleanup(function, *args, **kwargs)

    def skipTest(self, reason):
        raise SkipTest(reason)

    def fail(self, msg=None):
        raise self.failureException(msg)

    def _formatMessage(self, msg, standardMsg):
        if not self.longMessage:
            return msg or standardMsg
        if msg is None:
            return standardMsg
        try:
            return '%s : %s' % (standardMsg, msg)
        except Exception:
            return '%s : %s' % (_safe_repr(standardMsg), _safe_repr(msg))

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
        if delta is not None and places is not None:
            raise TypeError("specify delta or places not both")
        diff = abs(first - second)
        if delta is not None:
            if diff <= delta:
                return
            standardMsg = '%s != %s within %s delta (%s difference)' % (
                _safe_repr(first), _safe_repr(second), _safe_repr(delta), _safe_repr(diff))
        else:
            if places is None:
                places = 7
            if round(diff, places) == 0:
                return
            standardMsg = '%s != %s within %r places (%s difference)' % (
                _safe_repr(first), _safe_repr(second), places, _safe_repr(diff))
        self.fail(self._formatMessage(msg, standardMsg))

    def assertNotAlmostEqual(self, first, second, places=None, msg=None, delta=None):
        if delta is not None and places is not None:
            raise TypeError("specify delta or places not both")
        diff = abs(first - second)
        if delta is not None:
            if not (first == second) and diff > delta:
                return
            standardMsg = '%s == %s within %s delta (%s difference)' % (
                _safe_repr(first), _safe_repr(second), _safe_repr(delta), _safe_repr(diff))
        else:
            if places is None:
                places = 7
            if not (first == second) and round(diff, places) != 0:
                return
            standardMsg = '%s == %s within %r places' % (
                _safe_repr(first), _safe_repr(second), places)
        self.fail(self._formatMessage(msg, standardMsg))

    def assertSequenceEqual(self, seq1, seq2, msg=None, seq_type=None):
        if seq_type is not None:
            seq_type_name = seq_type.__name__
            if not isinstance(seq1, seq_type):
                self.fail(self._formatMessage(msg, 'First sequence is not a %s: %s'
                                              % (seq_type_name, _safe_repr(seq1))))
            if not isinstance(seq2, seq_type):
                self.fail(self._formatMessage(msg, 'Second sequence is not a %s: %s'
                                              % (seq_type_name, _safe_repr(seq2))))
        else:
            seq_type_name = "sequence"
        differing = None
        try:
            len1 = len(seq1)
        except (TypeError, NotImplementedError):
            differing = 'First %s has no length.    Non-sequence?' % seq_type_name
        if differing is None:
            try:
                len2 = len(seq2)
            except (TypeError, NotImplementedError):
                differing = 'Second %s has no length.    Non-sequence?' % seq_type_name
        if differing is None:
            if seq1 == seq2:
                return
            differing = '%ss differ: %s != %s\n' % (
                seq_type_name.capitalize(), _safe_repr(seq1, True), _safe_repr(seq2, True))
            found = False
            for i in range(min(len1, len2)):
                try:
                    item1 = seq1[i]
                except Exception:
                    differing += '\nUnable to index element %d of first %s\n' % (i, seq_type_name)
                    found = True
                    break
                try:
                    item2 = seq2[i]
                except Exception:
                    differing += '\nUnable to index element %d of second %s\n' % (i, seq_type_name)
                    found = True
                    break
                if item1 != item2:
                    differing += ('\nFirst differing element %d:\n%s\n%s\n' %
                                  (i, _safe_repr(item1, True), _safe_repr(item2, True)))
                    found = True
                    break
            if not found:
                if len1 == len2 and seq_type is None and type(seq1) != type(seq2):
                    return
            if len1 > len2:
                differing += ('\nFirst %s contains %d additional elements.\n' %
                              (seq_type_name, len1 - len2))
                try:
                    differing += ('First extra element %d:\n%s\n' %
                                  (len2, _safe_repr(seq1[len2])))
                except Exception:
                    differing += ('Unable to index element %d of first %s\n' %
                                  (len2, seq_type_name))
            elif len1 < len2:
                differing += ('\nSecond %s contains %d additional elements.\n' %
                              (seq_type_name, len2 - len1))
                try:
                    differing += ('First extra element %d:\n%s\n' %
                                  (len1, _safe_repr(seq2[len1])))
                except Exception:
                    differing += ('Unable to index element %d of second %s\n' %
                                  (len1, seq_type_name))
        self.fail(self._formatMessage(msg, differing))

    def assertListEqual(self, list1, list2, msg=None):
        self.assertSequenceEqual(list1, list2, msg, seq_type=list)

    def assertTupleEqual(self, tuple1, tuple2, msg=None):
        self.assertSequenceEqual(tuple1, tuple2, msg, seq_type=tuple)

    def assertSetEqual(self, set1, set2, msg=None):
        try:
            difference1 = set1.difference(set2)
        except TypeError as e:
            self.fail('invalid type when attempting set difference: %s' % e)
        except AttributeError as e:
            self.fail('first argument does not support set difference: %s' % e)
        try:
            difference2 = set2.difference(set1)
        except TypeError as e:
            self.fail('invalid type when attempting set difference: %s' % e)
        except AttributeError as e:
            self.fail('second argument does not support set difference: %s' % e)
        if not (difference1 or difference2):
            return
        lines = []
        if difference1:
            lines.append('Items in the first set but not the second:')
            for item in difference1:
                lines.append(repr(item))
        if difference2:
            lines.append('Items in the second set but not the first:')
            for item in difference2:
                lines.append(repr(item))
        self.fail(self._formatMessage(msg, '\n'.join(lines)))

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


class FunctionTestCase(TestCase):
    def __init__(self, testFunc, setUp=None, tearDown=None, description=None):
        TestCase.__init__(self)
        self._setUpFunc = setUp
        self._tearDownFunc = tearDown
        self._testFunc = testFunc
        self._description = description

    def setUp(self):
        if self._setUpFunc is not None:
            self._setUpFunc()

    def tearDown(self):
        if self._tearDownFunc is not None:
            self._tearDownFunc()

    def runTest(self):
        self._testFunc()

    def id(self):
        return getattr(self._testFunc, '__name__', str(self._testFunc))

    def __str__(self):
        return "%s (%s)" % (_strclass(self.__class__), self.id())

    def __repr__(self):
        return "<%s tec=%s>" % (_strclass(self.__class__), self._testFunc)

    def shortDescription(self):
        if self._description is not None:
            return self._description
        doc = getattr(self._testFunc, '__doc__', None)
        return doc and doc.split("\n")[0].strip() or None


class _SubTest(TestCase):
    def __init__(self, test_case, message, params):
        TestCase.__init__(self)
        self._message = message
        self.test_case = test_case
        self.params = params
        self.failureException = test_case.failureException

    def runTest(self):
        raise NotImplementedError("subtests cannot be run directly")

    def _subDescription(self):
        parts = []
        if self._message is not _subtest_msg_sentinel:
            parts.append("[{}]".format(self._message))
        if self.params:
            params_desc = ', '.join(
                "{}={!r}".format(k, v) for (k, v) in self.params.items())
            parts.append("({})".format(params_desc))
        return " ".join(parts) or '(<subtest>)'

    def id(self):
        return "{} {}".format(self.test_case.id(), self._subDescription())

    def shortDescription(self):
        return self.test_case.shortDescription()

    def __str__(self):
        return "{} {}".format(self.test_case, self._subDescription())


class _ErrorHolder(object):
    """Stands in for a test in a fixture error (setUpClass, setUpModule...)."""
    failureException = None

    def __init__(self, description):
        self.description = description

    def id(self):
        return self.description

    def shortDescription(self):
        return None

    def __repr__(self):
        return "<ErrorHolder description=%r>" % (self.description,)

    def __str__(self):
        return self.id()

    def run(self, result):
        pass

    def __call__(self, result):
        return self.run(result)

    def countTestCases(self):
        return 0


# ----------------------------------------------------------------------
# suites

class BaseTestSuite(object):
    _cleanup = True

    def __init__(self, tests=()):
        self._tests = []
        self._removed_tests = 0
        self.addTests(tests)

    def __repr__(self):
        return "<%s tests=%s>" % (_strclass(self.__class__), list(self))

    def __eq__(self, other):
        if not isinstance(other, self.__class__):
            return NotImplemented
        return list(self) == list(other)

    def __hash__(self):
        return object.__hash__(self)

    def __iter__(self):
        return iter(self._tests)

    def countTestCases(self):
        cases = self._removed_tests
        for test in self._tests:
            if test:
                cases += test.countTestCases()
        return cases

    def addTest(self, test):
        if not callable(test):
            raise TypeError("{} is not callable".format(repr(test)))
        if isinstance(test, type) and issubclass(test, (TestCase, TestSuite)):
            raise TypeError("TestCases and TestSuites must be instantiated "
                            "before passing them to addTest()")
        self._tests.append(test)

    def addTests(self, tests):
        if isinstance(tests, str):
            raise TypeError("tests must be an iterable of tests, not a string")
        for test in tests:
            self.addTest(test)

    def run(self, result):
        for index in range(len(self._tests)):
            test = self._tests[index]
            if result.shouldStop:
                break
            test(result)
            if self._cleanup:
                self._removeTestAtIndex(index)
        return result

    def _removeTestAtIndex(self, index):
        test = self._tests[index]
        if test is None:
            return
        if hasattr(test, 'countTestCases'):
            self._removed_tests += test.countTestCases()
        self._tests[index] = None

    def __call__(self, *args, **kwds):
        return self.run(*args, **kwds)

    def debug(self):
        for test in self:
            test.debug()


class TestSuite(BaseTestSuite):
    """A suite that also runs class and module fixtures."""

    def run(self, result, debug=False):
        topLevel = False
        if not getattr(result, '_testRunEntered', False):
            result._testRunEntered = topLevel = True
        for index in range(len(self._tests)):
            test = self._tests[index]
            if test is None:
                continue
            if result.shouldStop:
                break
            if isinstance(test, BaseTestSuite):
                test.run(result)
            else:
                self._tearDownPreviousClass(test, result)
                self._handleModuleFixture(test, result)
                self._handleClassSetUp(test, result)
                result._previousTestClass = test.__class__
                if (getattr(test.__class__, '_classSetupFailed', False) or
                        getattr(result, '_moduleSetUpFailed', False)):
                    continue
                test(result)
            if self._cleanup:
                self._removeTestAtIndex(index)
            test = None
        if topLevel:
            self._tearDownPreviousClass(None, result)
            self._handleModuleTearDown(result)
            result._testRunEntered = False
        return result

    def _handleClassSetUp(self, test, result):
        previousClass = getattr(result, '_previousTestClass', None)
        currentClass = test.__class__
        if currentClass is previousClass:
            return
        if getattr(result, '_moduleSetUpFailed', False):
            return
        if getattr(currentClass, "__unittest_skip__", False):
            return
        if not isinstance(test, TestCase) or isinstance(test, _ErrorHolder):
            return
        currentClass._classSetupFailed = False
        if _is_skip_listed(_strclass(currentClass), currentClass.__qualname__) is not None:
            return
        setUpClass = getattr(currentClass, 'setUpClass', None)
        doClassCleanups = getattr(currentClass, 'doClassCleanups', None)
        if setUpClass is None:
            return
        try:
            setUpClass()
        except Exception as e:
            currentClass._classSetupFailed = True
            className = _strclass(currentClass)
            self._createClassOrModuleLevelException(result, e, 'setUpClass', className)
            if doClassCleanups is not None:
                doClassCleanups()
                for exc_info in getattr(currentClass, 'tearDown_exceptions', []):
                    self._createClassOrModuleLevelException(
                        result, exc_info[1], 'setUpClass', className, info=exc_info)

    def _get_previous_module(self, result):
        previousClass = getattr(result, '_previousTestClass', None)
        if previousClass is not None:
            return previousClass.__module__
        return None

    def _handleModuleFixture(self, test, result):
        previousModule = self._get_previous_module(result)
        currentModule = test.__class__.__module__
        if currentModule == previousModule:
            return
        self._handleModuleTearDown(result)
        result._moduleSetUpFailed = False
        module = sys.modules.get(currentModule)
        if module is None:
            return
        setUpModule = getattr(module, 'setUpModule', None)
        if setUpModule is not None:
            try:
                setUpModule()
            except Exception as e:
                result._moduleSetUpFailed = True
                self._createClassOrModuleLevelException(result, e, 'setUpModule',
                                                        currentModule)
            if result._moduleSetUpFailed:
                _run_module_cleanups(self, result, 'setUpModule', currentModule)

    def _createClassOrModuleLevelException(self, result, exc, method_name,
                                           parent, info=None):
        errorName = '%s (%s)' % (method_name, parent)
        self._addClassOrModuleLevelException(result, exc, errorName, info)

    def _addClassOrModuleLevelException(self, result, exception, errorName, info=None):
        error = _ErrorHolder(errorName)
        addSkip = getattr(result, 'addSkip', None)
        if addSkip is not None and isinstance(exception, SkipTest):
            addSkip(error, str(exception))
        else:
            if not info:
                result.addError(error, _exc_info_of(exception))
            else:
                result.addError(error, info)

    def _handleModuleTearDown(self, result):
        previousModule = self._get_previous_module(result)
        if previousModule is None:
            return
        if getattr(result, '_moduleSetUpFailed', False):
            return
        module = sys.modules.get(previousModule)
        if module is None:
            return
        tearDownModule = getattr(module, 'tearDownModule', None)
        if tearDownModule is not None:
            try:
                tearDownModule()
            except Exception as e:
                self._createClassOrModuleLevelException(result, e, 'tearDownModule',
                                                        previousModule)
        _run_module_cleanups(self, result, 'tearDownModule', previousModule)

    def _tearDownPreviousClass(self, test, result):
        previousClass = getattr(result, '_previousTestClass', None)
        currentClass = test.__class__ if test is not None else None
        if currentClass is previousClass or previousClass is None:
            return
        if getattr(previousClass, '_classSetupFailed', False):
            return
        if getattr(result, '_moduleSetUpFailed', False):
            return
        if getattr(previousClass, "__unittest_skip__", False):
            return
        if not (isinstance(previousClass, type) and issubclass(previousClass, TestCase)):
            return
        if _is_skip_listed(_strclass(previousClass), previousClass.__qualname__) is not None:
            return
        tearDownClass = getattr(previousClass, 'tearDownClass', None)
        doClassCleanups = getattr(previousClass, 'doClassCleanups', None)
        if tearDownClass is None and doClassCleanups is None:
            return
        className = _strclass(previousClass)
        if tearDownClass is not None:
            try:
                tearDownClass()
            except Exception as e:
                self._createClassOrModuleLevelException(result, e, 'tearDownClass', className)
        if doClassCleanups is not None:
            doClassCleanups()
            for exc_info in getattr(previousClass, 'tearDown_exceptions', []):
                self._createClassOrModuleLevelException(
                    result, exc_info[1], 'tearDownClass', className, info=exc_info)


# module cleanups
_module_cleanups = []


def addModuleCleanup(function, *args, **kwargs):
    _module_cleanups.append((function, args, kwargs))


def enterModuleContext(cm):
    result = cm.__enter__()
    addModuleCleanup(cm.__exit__, None, None, None)
    return result


def doModuleCleanups():
    exceptions = []
    while _module_cleanups:
        function, args, kwargs = _module_cleanups.pop()
        try:
            function(*args, **kwargs)
        except Exception as exc:
            exceptions.append(exc)
    if exceptions:
        raise exceptions[0]


def _run_module_cleanups(suite, result, method_name, module_name):
    try:
        doModuleCleanups()
    except Exception as e:
        suite._createClassOrModuleLevelException(result, e, method_name, module_name)


# ----------------------------------------------------------------------
# loader

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
        testCaseNames = self.getTestCaseNames(testCaseClass)
        if not testCaseNames and hasattr(testCaseClass, 'runTest'):
            testCaseNames = ['runTest']
        return self.suiteClass([testCaseClass(name) for name in testCaseNames])

    def loadTestsFromModule(self, module, *args, pattern=None, **kws):
        tests = []
        for name in dir(module):
            obj = getattr(module, name)
            if isinstance(obj, type) and issubclass(obj, TestCase):
                tests.append(self.loadTestsFromTestCase(obj))
        load_tests = getattr(module, 'load_tests', None)
        tests = self.suiteClass(tests)
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
        parent = None
        for part in parts:
            try:
                parent, obj = obj, getattr(obj, part)
            except AttributeError as e:
                if error_case is not None:
                    return error_case
                error_case, error_message = _make_failed_test(
                    part, e, self.suiteClass,
                    'Failed to access attribute:\n%s' % _format_exception(type(e), e, None))
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
  %(prog)s                           - run default set of tests
  %(prog)s MyTestSuite               - run suite 'MyTestSuite'
  %(prog)s MyTestCase.testSomething  - run MyTestCase.testSomething
  %(prog)s MyTestCase                - run all 'test*' test methods
                                       in MyTestCase
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
            parts = module.split('.')
            self.module = sys.modules[parts[0]] if parts[0] in sys.modules else __import__(module)
            for part in parts[1:]:
                self.module = getattr(self.module, part)
        else:
            self.module = module
        if argv is None:
            argv = sys.argv
        if testLoader is None:
            testLoader = defaultTestLoader
        self.exit = exit
        self.failfast = failfast
        self.catchbreak = catchbreak
        self.verbosity = verbosity
        self.buffer = buffer
        self.tb_locals = tb_locals
        self.durations = durations
        self.warnings = warnings
        self.defaultTest = defaultTest
        self.testRunner = testRunner
        self.testLoader = testLoader
        self.progName = None
        self.result = None
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
            self.testNamePatterns = []
            for p in patterns:
                if '*' not in p:
                    p = '*%s*' % p
                self.testNamePatterns.append(p)
        if names:
            self.testNames = []
            for n in names:
                if n.endswith('.py'):
                    n = n[:-3].replace('/', '.')
                self.testNames.append(n)
        elif self.defaultTest is None:
            self.testNames = None
        elif isinstance(self.defaultTest, str):
            self.testNames = [self.defaultTest]
        else:
            self.testNames = list(self.defaultTest)
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
        testRunner = self.testRunner
        if testRunner is None:
            testRunner = TextTestRunner
        if isinstance(testRunner, type):
            try:
                testRunner = testRunner(verbosity=self.verbosity,
                                        failfast=self.failfast,
                                        buffer=self.buffer,
                                        warnings=self.warnings,
                                        tb_locals=self.tb_locals)
            except TypeError:
                testRunner = testRunner()
        self.result = testRunner.run(self.test)
        if self.exit:
            if self.result.wasSuccessful():
                sys.exit(0)
            sys.exit(1)


main = TestProgram
