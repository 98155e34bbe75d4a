"""pyrc's `test.support.os_helper`: file names and file-system helpers.

pyrc can open, read and write files but (so far) cannot remove files or make
directories; helpers that need that do what they can, or skip the test.
"""

import sys
import unittest

try:
    import os
except ImportError:
    os = None


def _pid():
    getpid = getattr(os, 'getpid', None)
    if getpid is not None:
        try:
            return getpid()
        except Exception:
            pass
    return 0


if sys.platform == 'win32':
    TESTFN_ASCII = '@test_%d_tmp' % (_pid(),)
else:
    # Absolute, under /tmp: pyrc cannot delete files yet, and a leftover there
    # is better than one in the current directory.
    TESTFN_ASCII = '/tmp/@test_pyrc_%d_tmp' % (_pid(),)
TESTFN = TESTFN_ASCII
TESTFN_UNICODE = TESTFN_ASCII + '-\xe0\xf2\u0258\u0141\u011f'
TESTFN_NONASCII = None
TESTFN_UNENCODABLE = None
TESTFN_UNDECODABLE = None
SAVEDCWD = os.getcwd() if hasattr(os, 'getcwd') else '.'
FS_NONASCII = ''


def _need(name):
    func = getattr(os, name, None)
    if func is None:
        raise unittest.SkipTest("needs os.%s (pyrc has none)" % (name,))
    return func


def unlink(filename):
    """Remove the file, ignoring a missing one (a no-op when pyrc has no os.unlink)."""
    remove = getattr(os, 'unlink', None) or getattr(os, 'remove', None)
    if remove is None:
        return
    try:
        remove(filename)
    except (FileNotFoundError, NotADirectoryError):
        pass


def rmdir(dirname):
    remove = getattr(os, 'rmdir', None)
    if remove is None:
        return
    try:
        remove(dirname)
    except FileNotFoundError:
        pass


def rmtree(path):
    import shutil
    try:
        shutil.rmtree(path)
    except FileNotFoundError:
        pass


class temp_dir:
    """with temp_dir() as path: a new directory (`tempfile.mkdtemp`, or `path`),
    removed after."""

    def __init__(self, path=None, quiet=False):
        self._path = path
        self._quiet = quiet

    def __enter__(self):
        if self._path is None:
            import tempfile
            self._path = tempfile.mkdtemp()
            self._made = True
        else:
            _need('mkdir')(self._path)
            self._made = True
        return self._path

    def __exit__(self, *exc_info):
        rmtree(self._path)
        return False


class change_cwd:
    def __init__(self, path, quiet=False):
        self._path = path

    def __enter__(self):
        chdir = _need('chdir')
        self._old = os.getcwd()
        chdir(self._path)
        return os.getcwd()

    def __exit__(self, *exc_info):
        os.chdir(self._old)
        return False


class temp_cwd:
    def __init__(self, name='tempcwd', quiet=False):
        self._name = name

    def __enter__(self):
        raise unittest.SkipTest("needs a temporary working directory (pyrc cannot make one)")

    def __exit__(self, *exc_info):
        return False


def create_empty_file(filename):
    with open(filename, 'w') as f:
        pass


def make_bad_fd():
    return -1


def can_symlink():
    return False


def can_xattr():
    return False


def fs_is_case_insensitive(directory):
    return False


class FakePath:
    """An object whose __fspath__ returns the given path (or raises it)."""

    def __init__(self, path):
        self.path = path

    def __repr__(self):
        return '<FakePath %r>' % (self.path,)

    def __fspath__(self):
        if isinstance(self.path, BaseException):
            raise self.path
        return self.path


class EnvironmentVarGuard:
    """Changes to os.environ made through it are undone on exit."""

    def __init__(self):
        self._environ = os.environ if os is not None else {}
        self._changed = {}

    def __getitem__(self, name):
        return self._environ[name]

    def _note_original(self, name):
        """Remember name's value before our first change (None: unset)."""
        self._changed.setdefault(name, self._environ.get(name))

    def __setitem__(self, name, value):
        self._note_original(name)
        self._environ[name] = value

    def __delitem__(self, name):
        self._note_original(name)
        self._environ.pop(name, None)

    def __contains__(self, name):
        return name in self._environ

    def __len__(self):
        return len(self._environ)

    def __iter__(self):
        return iter(self._environ)

    def keys(self):
        return self._environ.keys()

    def get(self, name, default=None):
        return self._environ.get(name, default)

    def set(self, name, value):
        self[name] = value

    def unset(self, name):
        del self[name]

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        for name, value in self._changed.items():
            if value is None:
                if name in self._environ:
                    del self._environ[name]
            else:
                self._environ[name] = value
        return False
