"""pyrc's `test.support`: the parts of CPython's regression-test helpers that
CPython's test files use, written for pyrc.

pyrc's memory management follows CPython's model (reference counting plus the
generational cycle collector), so the decorators that CPython uses to mark
"CPython implementation detail" tests (`cpython_only`, `refcount_test`, ...)
let the tests run. Whatever needs a resource pyrc does not have (subprocesses,
threads, regrtest's `-u` resources) makes the test skip, with a reason. Child processes
run pyrc itself (`sys.executable`, through `subprocess`; `script_helper`).
"""

import gc
import sys
import unittest

# regrtest's settings; running a test file directly behaves as CPython's default.
verbose = 1
use_resources = []          # regrtest -u: nothing is enabled
max_memuse = 0
real_max_memuse = 0
failfast = False
match_tests = None
junit_xml_list = None
PGO = False
PGO_EXTENDED = False

is_jython = False
is_android = False
is_emscripten = False
is_wasi = False
MS_WINDOWS = sys.platform == 'win32'
Py_DEBUG = hasattr(sys, 'gettotalrefcount')
has_subprocess_support = True
has_fork_support = False
has_socket_support = False
HAVE_DOCSTRINGS = True
MISSING_C_DOCSTRINGS = False
SHORT_TIMEOUT = 30.0
LOOPBACK_TIMEOUT = 5.0
INTERNET_TIMEOUT = 60.0
LONG_TIMEOUT = 5 * 60.0
SUPPORT_TIMEOUT = LONG_TIMEOUT
PIPE_MAX_SIZE = 4 * 1024 * 1024 + 1
SOCK_MAX_SIZE = 16 * 1024 * 1024 + 1
EXCEEDS_RECURSION_LIMIT = 5000


def _test_home_dir():
    package = sys.modules.get('test')
    path = getattr(package, '__path__', None) or []
    if len(path) > 1:
        return path[-1]
    return None


TEST_HOME_DIR = _test_home_dir()
TEST_SUPPORT_DIR = None
TEST_DATA_DIR = None if TEST_HOME_DIR is None else TEST_HOME_DIR + '/data'


class Error(Exception):
    """Base class for regression test exceptions."""


class TestFailed(Error):
    """Test failed."""


class TestFailedWithDetails(TestFailed):
    def __init__(self, msg, errors=None, failures=None):
        TestFailed.__init__(self, msg)
        self.msg = msg
        self.errors = errors
        self.failures = failures


class TestDidNotRun(Error):
    """Test did not run any subtests."""


class ResourceDenied(unittest.SkipTest):
    """A test needs a resource that is not enabled."""


# ---------------------------------------------------------------- decorators

def _identity(obj):
    return obj


def cpython_only(test):
    """CPython implementation details: pyrc implements CPython's object and
    collector model, so these tests run."""
    return test


def refcount_test(test):
    """Tests of reference counts: pyrc has real reference counts, so they run."""
    return test


def no_tracing(func):
    return func


def requires_docstrings(func):
    return func


def impl_detail(msg=None, **guards):
    if check_impl_detail(**guards):
        return _identity
    if msg is None:
        names = sorted(guards.keys())
        msg = "implementation detail specific to " + " or ".join(names)
    return unittest.skip(msg)


# pyrc answers implementation-detail questions as CPython (its model is CPython's).
_IMPL_NAME = 'cpython'


def check_impl_detail(**guards):
    """check_impl_detail(cpython=True) is true here, as on CPython."""
    if not guards:
        guards = {'cpython': True}
    default = True
    for value in guards.values():
        if value:
            default = False
            break
    return guards.get(_IMPL_NAME, default)


def is_resource_enabled(resource):
    return use_resources is not None and resource in use_resources


def requires(resource, msg=None):
    if not is_resource_enabled(resource):
        if msg is None:
            msg = "Use of the %r resource not enabled" % (resource,)
        raise ResourceDenied(msg)


def requires_resource(resource):
    if is_resource_enabled(resource):
        return _identity
    return unittest.skip(
        "resource %r is not enabled (pyrc runs tests without regrtest's -u)" % (resource,))


def requires_subprocess():
    """pyrc starts processes (`subprocess`, over `_posixsubprocess.fork_exec`): no skip."""
    return _identity


def requires_fork():
    return unittest.skip("requires working os.fork() (pyrc has none)")


def requires_working_socket(*, module=False):
    msg = "requires socket support (pyrc has none)"
    if module:
        raise unittest.SkipTest(msg)
    return unittest.skip(msg)


def requires_IEEE_754(func):
    return func


def requires_zlib(reason='requires zlib'):
    return unittest.skip(reason + " (pyrc has no zlib)")


def requires_gzip(reason='requires gzip'):
    return unittest.skip(reason + " (pyrc has no gzip)")


def requires_bz2(reason='requires bz2'):
    return unittest.skip(reason + " (pyrc has no bz2)")


def requires_lzma(reason='requires lzma'):
    return unittest.skip(reason + " (pyrc has no lzma)")


def requires_limited_api(test):
    return unittest.skip("requires _testcapi (pyrc has none)")(test)


def requires_mac_ver(*min_version):
    return _identity


def requires_freebsd_version(*min_version):
    return _identity


def requires_linux_version(*min_version):
    return _identity


def skip_if_buggy_ucrt_strfptime(test):
    return test


_1M = 1024 * 1024
_1G = 1024 * _1M
_2G = 2 * _1G
_4G = 4 * _1G


def bigmemtest(size, memuse, dry_run=True):
    # As CPython's without -M: a dry run with a small size (5147), or skipped.
    def decorator(f):
        def wrapper(self):
            if not dry_run:
                raise unittest.SkipTest("not enough memory: %.1fG minimum needed"
                                        % (size * memuse / (1024 ** 3)))
            return f(self, 5147)
        wrapper.__name__ = getattr(f, '__name__', 'wrapper')
        wrapper.size, wrapper.memuse = size, memuse
        return wrapper
    return decorator


def check_disallow_instantiation(testcase, tp, *args, **kwds):
    mod = tp.__module__
    name = tp.__name__
    qualname = name if mod == 'builtins' else f"{mod}.{name}"
    import re
    msg = f"cannot create '{re.escape(qualname)}' instances"
    testcase.assertRaisesRegex(TypeError, msg, tp, *args, **kwds)


def bigaddrspacetest(f):
    return unittest.skip("needs a big address space")(f)


def anticipate_failure(condition):
    if condition:
        return unittest.expectedFailure
    return _identity


def skip_unless_symlink(test):
    return unittest.skip("requires symlinks (pyrc cannot create them)")(test)


def skip_unless_xattr(test):
    return unittest.skip("requires xattr (pyrc has none)")(test)


def python_is_optimized():
    return False


# --------------------------------------------------------------- gc helpers

def gc_collect():
    """Collect as thoroughly as CPython's helper: three full collections
    (finalizers run by one may make more objects unreachable)."""
    gc.collect()
    gc.collect()
    gc.collect()


class disable_gc:
    """Context manager: the automatic collector is off inside, restored after."""

    def __enter__(self):
        self._was_enabled = gc.isenabled()
        gc.disable()
        return None

    def __exit__(self, exc_type, exc, tb):
        if self._was_enabled:
            gc.enable()
        return False


# ---------------------------------------------------- special comparison objects

class _FixedVerdict:
    """Base of the comparison singletons below: == always answers _verdict,
    != its negation; the repr is the class name minus its underscore."""

    _verdict = None

    def __eq__(self, other):
        return self._verdict

    def __ne__(self, other):
        return not self._verdict

    def __repr__(self):
        return type(self).__name__[1:]


class _ALWAYS_EQ(_FixedVerdict):
    """Equal to everything; unhashable."""
    _verdict = True
    __hash__ = None


class _NEVER_EQ(_FixedVerdict):
    """Equal to nothing, itself included; hashes to 1."""
    _verdict = False

    def __hash__(self):
        return 1


ALWAYS_EQ = _ALWAYS_EQ()
NEVER_EQ = _NEVER_EQ()


class _LARGEST:
    """An object that is greater than anything except itself."""

    def __eq__(self, other):
        return isinstance(other, _LARGEST)

    def __lt__(self, other):
        return False

    def __le__(self, other):
        return isinstance(other, _LARGEST)

    def __gt__(self, other):
        return not isinstance(other, _LARGEST)

    def __ge__(self, other):
        return True

    def __hash__(self):
        return 2

    def __repr__(self):
        return 'LARGEST'


LARGEST = _LARGEST()


class _SMALLEST:
    """An object that is less than anything except itself."""

    def __eq__(self, other):
        return isinstance(other, _SMALLEST)

    def __lt__(self, other):
        return not isinstance(other, _SMALLEST)

    def __le__(self, other):
        return True

    def __gt__(self, other):
        return False

    def __ge__(self, other):
        return isinstance(other, _SMALLEST)

    def __hash__(self):
        return 3

    def __repr__(self):
        return 'SMALLEST'


SMALLEST = _SMALLEST()


# ------------------------------------------------------------ context managers

class SuppressCrashReport:
    """No crash reporter to silence in pyrc: does nothing."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False


class _StringIO:
    """The text buffer of captured_output (pyrc has no io module)."""

    def __init__(self):
        self._parts = []

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not " + type(s).__name__)
        self._parts.append(s)
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def getvalue(self):
        return ''.join(self._parts)

    def isatty(self):
        return False


class captured_output:
    """with captured_output('stdout') as s: ... -- sys.stdout is replaced by a
    buffer whose getvalue() gives what was written."""

    def __init__(self, stream_name):
        self._name = stream_name

    def __enter__(self):
        self._orig = getattr(sys, self._name)
        self._buffer = _StringIO()
        setattr(sys, self._name, self._buffer)
        return self._buffer

    def __exit__(self, *exc_info):
        setattr(sys, self._name, self._orig)
        return False


def captured_stdout():
    return captured_output('stdout')


def captured_stderr():
    return captured_output('stderr')


def captured_stdin():
    return captured_output('stdin')


_MISSING = object()


class swap_attr:
    """with swap_attr(obj, 'name', value): obj.name is value inside, restored
    (or deleted, if it did not exist) after. The context value is the old one."""

    def __init__(self, obj, attr, new_val):
        self._obj = obj
        self._attr = attr
        self._new = new_val

    def __enter__(self):
        self._old = getattr(self._obj, self._attr, _MISSING)
        setattr(self._obj, self._attr, self._new)
        if self._old is _MISSING:
            return None
        return self._old

    def __exit__(self, *exc_info):
        if self._old is _MISSING:
            delattr(self._obj, self._attr)
        else:
            setattr(self._obj, self._attr, self._old)
        return False


class swap_item:
    """with swap_item(mapping, key, value): as swap_attr, for an item."""

    def __init__(self, obj, item, new_val):
        self._obj, self._item, self._new = obj, item, new_val

    def __enter__(self):
        if self._item in self._obj:
            self._old = self._obj[self._item]
        else:
            self._old = _MISSING
        self._obj[self._item] = self._new
        if self._old is _MISSING:
            return None
        return self._old

    def __exit__(self, *exc_info):
        if self._old is _MISSING:
            del self._obj[self._item]
        else:
            self._obj[self._item] = self._old
        return False


class infinite_recursion:
    """A lower recursion limit inside the block."""

    def __init__(self, max_depth=75):
        self._depth = max_depth

    def __enter__(self):
        self._old = sys.getrecursionlimit()
        sys.setrecursionlimit(self._depth)

    def __exit__(self, *exc_info):
        sys.setrecursionlimit(self._old)
        return False


def set_recursion_limit(limit):
    return infinite_recursion(limit)


class catch_unraisable_exception:
    """pyrc has no sys.unraisablehook; the context value's `unraisable` stays None."""

    def __init__(self):
        self.unraisable = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.unraisable = None
        return False


# ---------------------------------------------------------------- misc helpers

def get_attribute(obj, name):
    """getattr(obj, name), or skip the test when there is no such attribute."""
    try:
        return getattr(obj, name)
    except AttributeError:
        raise unittest.SkipTest("object %r has no attribute %r" % (obj, name))


def sortdict(dict):
    """The repr of a dict with its items sorted."""
    items = sorted(dict.items())
    return '{' + ', '.join(['%r: %r' % pair for pair in items]) + '}'


def check_syntax_error(testcase, statement, errtext='', *, lineno=None, offset=None):
    raise unittest.SkipTest("check_syntax_error needs compile() (pyrc has none)")


def check_free_after_iterating(test, iter, cls, args=()):
    done = []

    class A(cls):
        def __del__(self):
            done.append(True)
            try:
                next(it)
            except StopIteration:
                pass

    it = iter(A(*args))
    try:
        next(it)
    except StopIteration:
        pass
    it = None
    gc_collect()
    test.assertTrue(done)


def reap_children():
    """No child processes in pyrc."""


def run_with_locale(catstr, *locales):
    return _identity


def run_with_tz(tz):
    return _identity


def findfile(filename, subdir=None):
    if filename.startswith('/'):
        return filename
    base = TEST_HOME_DIR
    if base is None:
        return filename
    if subdir is not None:
        base = base + '/' + subdir
    return base + '/' + filename


def open_urlresource(*args, **kw):
    raise ResourceDenied("no network in pyrc")


def run_unittest(*classes):
    """Run the given TestCase classes (or suites) with a text runner."""
    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    for cls in classes:
        if isinstance(cls, unittest.TestSuite):
            suite.addTest(cls)
        else:
            suite.addTest(loader.loadTestsFromTestCase(cls))
    runner = unittest.TextTestRunner(verbosity=2 if verbose > 1 else 1)
    result = runner.run(suite)
    if not result.wasSuccessful():
        raise TestFailed("tests failed")
    return result


def __getattr__(name):
    # `support.import_helper` etc. after `from test import support`; the old
    # support-level aliases of the helper modules' functions.
    if name in ('import_module', 'import_fresh_module', 'unload', 'forget',
                'CleanImport', 'DirsOnSysPath'):
        from test.support import import_helper
        return getattr(import_helper, name)
    if name in ('TESTFN', 'unlink', 'rmtree', 'temp_dir', 'temp_cwd', 'change_cwd',
                'EnvironmentVarGuard', 'FakePath'):
        from test.support import os_helper
        return getattr(os_helper, name)
    raise AttributeError("module 'test.support' has no attribute %r" % (name,))
