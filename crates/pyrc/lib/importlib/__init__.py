"""pyrc's `importlib`: CPython's cannot run here (its `_bootstrap` drives CPython's own import
machinery through `_imp`, `marshal` and frozen modules), so this package offers what the
standard library asks of it on top of pyrc's import: `import_module`, `reload`,
`invalidate_caches` and `importlib.machinery`'s suffix lists and `ModuleSpec`."""

import sys

__all__ = ['__import__', 'import_module', 'invalidate_caches', 'reload']

__import__ = __import__


def _resolve_name(name, package, level):
    bits = package.rsplit('.', level - 1)
    if len(bits) < level:
        raise ImportError('attempted relative import beyond top-level package')
    base = bits[0]
    return '{}.{}'.format(base, name) if name else base


def import_module(name, package=None):
    """Import a module; `name` may be relative (`.sub`) to `package`."""
    level = 0
    if name.startswith('.'):
        if not package:
            raise TypeError("the 'package' argument is required to perform a relative "
                            "import for {!r}".format(name))
        for character in name:
            if character != '.':
                break
            level += 1
        name = _resolve_name(name[level:], package, level)
    __import__(name)
    return sys.modules[name]


def invalidate_caches():
    """pyrc's import keeps no finder caches: nothing to do."""


def reload(module):
    """Run a module's source again in its own namespace and return it."""
    name = getattr(module, '__name__', None)
    if name is None or sys.modules.get(name) is not module:
        raise ImportError('module {} not in sys.modules'.format(name), name=name)
    path = getattr(module, '__file__', None)
    if not path or not path.endswith('.py'):
        raise ImportError('cannot reload module {!r}: no source file'.format(name), name=name)
    with open(path) as source:
        code = compile(source.read(), path, 'exec')
    exec(code, module.__dict__)
    return module
