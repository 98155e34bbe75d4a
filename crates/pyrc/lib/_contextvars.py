"""pyrc's `_contextvars` (CPython's is written in C): one thread, so one context, which
`copy_context()` snapshots and `Context.run` enters for the duration of a call."""

_MISSING = object()


class Context:
    """A mapping of context variables to their values."""

    def __init__(self):
        self._data = {}
        self._entered = False

    def run(self, callable, *args, **kwargs):
        global _current
        if self._entered:
            raise RuntimeError(
                'cannot enter context: %r is already entered' % (self,))
        saved = _current
        _current = self
        self._entered = True
        try:
            return callable(*args, **kwargs)
        finally:
            self._entered = False
            _current = saved

    def copy(self):
        new = Context()
        new._data = dict(self._data)
        return new

    def __getitem__(self, var):
        return self._data[var]

    def get(self, var, default=None):
        return self._data.get(var, default)

    def __contains__(self, var):
        return var in self._data

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()


_current = Context()


def copy_context():
    return _current.copy()


class Token:
    """What `ContextVar.set` returns, for `ContextVar.reset`."""

    MISSING = _MISSING

    def __init__(self, context, var, old_value):
        self._context = context
        self._var = var
        self._old_value = old_value
        self._used = False

    @property
    def var(self):
        return self._var

    @property
    def old_value(self):
        return self._old_value


class ContextVar:
    """A context variable: its value in the current context, or its default."""

    def __init__(self, name, *, default=_MISSING):
        self._name = name
        self._default = default

    @property
    def name(self):
        return self._name

    def get(self, *args):
        if self in _current._data:
            return _current._data[self]
        if args:
            return args[0]
        if self._default is not _MISSING:
            return self._default
        raise LookupError(self)

    def set(self, value):
        old = _current._data.get(self, _MISSING)
        _current._data[self] = value
        return Token(_current, self, old)

    def reset(self, token):
        if token._used:
            raise RuntimeError("Token has already been used once")
        if token._var is not self:
            raise ValueError("Token was created by a different ContextVar")
        if token._context is not _current:
            raise ValueError("Token was created in a different Context")
        if token._old_value is _MISSING:
            _current._data.pop(self, None)
        else:
            _current._data[self] = token._old_value
        token._used = True

    def __repr__(self):
        return '<ContextVar name=%r at 0x%x>' % (self._name, id(self))

    def __hash__(self):
        return id(self)
