"""pyrc's `os`: what pyrc can offer without system calls of its own.

`os.path` is pure string work (see posixpath). `environ` is a plain dict (empty
unless the interpreter provides the environment through a built-in module
`_pyrc_os` or `posix`); functions the interpreter cannot provide are absent,
so `hasattr(os, 'remove')` tells the truth.
"""

import sys
import posixpath as path

sys.modules['os.path'] = path

name = 'nt' if sys.platform == 'win32' else 'posix'
sep = path.sep
altsep = path.altsep
extsep = path.extsep
pathsep = path.pathsep
curdir = path.curdir
pardir = path.pardir
defpath = path.defpath
devnull = path.devnull
linesep = '\n'

SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2
F_OK = 0
R_OK = 4
W_OK = 2
X_OK = 1

environ = {}
try:
    import _pyrc_os as _native
except ImportError:
    try:
        import posix as _native
    except ImportError:
        _native = None

if _native is not None:
    _env = getattr(_native, 'environ', None)
    if _env is not None:
        for _key in list(_env.keys()):
            _value = _env[_key]
            if isinstance(_key, bytes):
                _key = _key.decode('utf-8', 'surrogateescape')
            if isinstance(_value, bytes):
                _value = _value.decode('utf-8', 'surrogateescape')
            environ[_key] = _value
    for _fname in ('getpid', 'getcwd', 'chdir', 'mkdir', 'rmdir', 'remove', 'unlink',
                   'listdir', 'rename', 'stat', 'urandom', 'getppid', 'cpu_count',
                   'waitpid', 'waitstatus_to_exitcode', 'WIFSTOPPED', 'WSTOPSIG', 'WNOHANG'):
        _func = getattr(_native, _fname, None)
        if _func is not None:
            setattr(sys.modules[__name__], _fname, _func)


def getenv(key, default=None):
    return environ.get(key, default)


def fspath(p):
    if isinstance(p, (str, bytes)):
        return p
    method = getattr(type(p), '__fspath__', None)
    if method is None:
        raise TypeError("expected str, bytes or os.PathLike object, not " + type(p).__name__)
    result = method(p)
    if not isinstance(result, (str, bytes)):
        raise TypeError("expected %s.__fspath__() to return str or bytes, not %s"
                        % (type(p).__name__, type(result).__name__))
    return result


def fsencode(filename):
    filename = fspath(filename)
    if isinstance(filename, str):
        return filename.encode('utf-8', 'surrogateescape')
    return filename


def fsdecode(filename):
    filename = fspath(filename)
    if isinstance(filename, bytes):
        return filename.decode('utf-8', 'surrogateescape')
    return filename


import abc as _abc


class PathLike(_abc.ABC):
    """Abstract base class for implementing the file system path protocol (CPython's:
    classes with `__fspath__` are subclasses; `register` works, as pathlib uses)."""

    @_abc.abstractmethod
    def __fspath__(self):
        """Return the file system path representation of the object."""
        raise NotImplementedError

    @classmethod
    def __subclasshook__(cls, subclass):
        if cls is PathLike:
            for klass in subclass.__mro__:
                if "__fspath__" in klass.__dict__:
                    return klass.__dict__["__fspath__"] is not None
        return NotImplemented


def _get_exports_list(module):
    try:
        return list(module.__all__)
    except AttributeError:
        return [n for n in dir(module) if n[0] != '_']
