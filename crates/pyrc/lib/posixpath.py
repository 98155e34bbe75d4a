"""pyrc's `os.path` (POSIX paths): string operations, plus exists/isfile/isdir
answered by trying to open the path (pyrc has no stat)."""

import sys

sep = '/'
altsep = None
extsep = '.'
pathsep = ':'
curdir = '.'
pardir = '..'
defpath = '/bin:/usr/bin'
devnull = '/dev/null'
supports_unicode_filenames = False


def _fspath(p):
    if isinstance(p, (str, bytes)):
        return p
    method = getattr(type(p), '__fspath__', None)
    if method is None:
        raise TypeError("expected str, bytes or os.PathLike object, not " + type(p).__name__)
    return method(p)


def normcase(s):
    return _fspath(s)


def isabs(s):
    return _fspath(s).startswith('/')


def join(a, *p):
    path = _fspath(a)
    for b in p:
        b = _fspath(b)
        if b.startswith('/'):
            path = b
        elif not path or path.endswith('/'):
            path = path + b
        else:
            path = path + '/' + b
    return path


def split(p):
    p = _fspath(p)
    i = p.rfind('/') + 1
    head = p[:i]
    tail = p[i:]
    if head and head != '/' * len(head):
        head = head.rstrip('/')
    return head, tail


def splitext(p):
    p = _fspath(p)
    sep_index = p.rfind('/')
    dot_index = p.rfind('.')
    if dot_index > sep_index:
        filename_index = sep_index + 1
        while filename_index < dot_index:
            if p[filename_index] != '.':
                return p[:dot_index], p[dot_index:]
            filename_index += 1
    return p, p[:0]


def splitdrive(p):
    p = _fspath(p)
    return p[:0], p


def basename(p):
    p = _fspath(p)
    return p[p.rfind('/') + 1:]


def dirname(p):
    return split(p)[0]


def normpath(path):
    """Collapse '.', '..' and repeated slashes without touching the file
    system. POSIX gives exactly two leading slashes a meaning of their own,
    so they are kept; one, or three or more, become one."""
    path = _fspath(path)
    if path == '':
        return '.'
    leading = len(path) - len(path.lstrip('/'))
    root = '//' if leading == 2 else '/' * min(leading, 1)
    kept = []
    for part in path.split('/'):
        if part == '' or part == '.':
            continue
        if part != '..':
            kept.append(part)
        elif kept and kept[-1] != '..':
            kept.pop()              # '..' cancels the directory before it
        elif not root:
            kept.append(part)       # a relative path may climb upwards
        # ('..' at the root of an absolute path goes nowhere: dropped)
    return (root + '/'.join(kept)) or '.'


def _getcwd():
    try:
        import os
        getcwd = getattr(os, 'getcwd', None)
    except ImportError:
        getcwd = None
    if getcwd is not None:
        return getcwd()
    return None


def abspath(path):
    path = _fspath(path)
    if not isabs(path):
        cwd = _getcwd()
        if cwd is None:
            return normpath(path)
        path = join(cwd, path)
    return normpath(path)


def realpath(filename, *, strict=False):
    return abspath(filename)


def relpath(path, start=None):
    if start is None:
        start = curdir
    start_list = [x for x in abspath(start).split('/') if x]
    path_list = [x for x in abspath(path).split('/') if x]
    i = 0
    while i < len(start_list) and i < len(path_list) and start_list[i] == path_list[i]:
        i += 1
    rel_list = [pardir] * (len(start_list) - i) + path_list[i:]
    if not rel_list:
        return curdir
    return join(*rel_list)


def commonprefix(m):
    if not m:
        return ''
    s1 = min(m)
    s2 = max(m)
    for i in range(len(s1)):
        if i >= len(s2) or s1[i] != s2[i]:
            return s1[:i]
    return s1


def expanduser(path):
    path = _fspath(path)
    if not path.startswith('~'):
        return path
    try:
        import os
        home = os.environ.get('HOME')
    except ImportError:
        home = None
    if not home:
        return path
    i = path.find('/', 1)
    if i < 0:
        i = len(path)
    if i != 1:
        return path
    return home.rstrip('/') + path[i:] if home != '/' else path[i:] or '/'


def expandvars(path):
    return _fspath(path)


def _probe(path):
    """'file', 'dir' or None, by opening the path (and reading a byte: pyrc
    opens a directory, and only reading it fails)."""
    try:
        f = open(_fspath(path), 'rb')
    except IsADirectoryError:
        return 'dir'
    except PermissionError:
        return 'file'
    except OSError:
        return None
    try:
        f.read(1)
    except IsADirectoryError:
        return 'dir'
    except OSError as exc:
        if 'directory' in str(exc).lower():
            return 'dir'
    finally:
        f.close()
    return 'file'


def exists(path):
    return _probe(path) is not None


lexists = exists


def isfile(path):
    return _probe(path) == 'file'


def isdir(path):
    return _probe(path) == 'dir'


def islink(path):
    return False


def ismount(path):
    return abspath(path) == '/'
