"""pyrc's `test` package.

It holds pyrc's own `test.support` shims, and its `__path__` also names the
directory of CPython's regression tests, so that `from test import mapping_tests`
(and similar helper modules) load the real files from there.

That directory is taken from, in order: the environment variable
PYRC_CPYTHON_TEST_DIR (when the `os` module can read the environment), the
directory of the script being run when `sys.argv[0]` is a `test_*.py` file, and
the `test` directory of CPython's standard library on `sys.path` (so that a child
process, `pyrc -c 'from test.test_weakref import ...'`, finds it too).
"""

import sys


def _split_dir(path):
    """The directory part of `path` ('' when there is none), by string operations."""
    cut = max(path.rfind('/'), path.rfind('\\'))
    if cut < 0:
        return ''
    if cut == 0:
        return path[:1]
    return path[:cut]


def _test_dirs():
    found = []
    try:
        import os
        from_env = os.environ.get('PYRC_CPYTHON_TEST_DIR')
    except Exception:
        from_env = None
    if from_env:
        found.append(from_env)
    argv = getattr(sys, 'argv', None)
    if argv:
        script = argv[0]
        if isinstance(script, str):
            base = script[len(_split_dir(script)):].lstrip('/\\')
            if base.startswith('test_') and base.endswith('.py'):
                directory = _split_dir(script)
                if not directory:
                    # A bare file name: the script's directory is the first sys.path
                    # entry (absolute), or else the current directory.
                    if sys.path and sys.path[0]:
                        directory = sys.path[0]
                    else:
                        directory = '.'
                found.append(directory)
    try:
        import os
        for entry in sys.path:
            if (isinstance(entry, str) and entry and not entry.startswith('<pyrc-lib>')
                    and os.path.isfile(os.path.join(entry, 'os.py'))
                    and os.path.isfile(os.path.join(entry, 'test', '__init__.py'))):
                found.append(os.path.join(entry, 'test'))
                break
    except Exception:
        pass
    return found


def _extend_path():
    for directory in _test_dirs():
        if directory not in __path__:
            __path__.append(directory)


_extend_path()
