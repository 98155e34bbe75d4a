"""A small unittest.mock for pyrc.

Mock / MagicMock / NonCallableMock (call recording, child mocks created on
attribute access, return_value, side_effect, the assert_* helpers), the
``call`` helper, ``ANY``, ``DEFAULT``, ``sentinel``, and ``patch``,
``patch.object``, ``patch.dict``, ``patch.multiple`` usable as context
managers, decorators, or with start()/stop().
"""

import sys

__all__ = ('Mock', 'MagicMock', 'NonCallableMock', 'NonCallableMagicMock',
           'patch', 'sentinel', 'DEFAULT', 'ANY', 'call', 'create_autospec',
           'PropertyMock', 'seal', 'mock_open')


class _SentinelObject(object):
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return 'sentinel.%s' % self.name


class _Sentinel(object):
    def __init__(self):
        object.__setattr__(self, '_sentinels', {})

    def __getattr__(self, name):
        if name.startswith('__') and name.endswith('__'):
            raise AttributeError(name)
        table = self._sentinels
        if name not in table:
            table[name] = _SentinelObject(name)
        return table[name]


sentinel = _Sentinel()
DEFAULT = sentinel.DEFAULT
_missing = sentinel.MISSING
_deleted = sentinel.DELETED


class _AnyType(object):
    """Type of mock.ANY, which compares equal to everything (handy inside
    expected call arguments)."""

    def __repr__(self):
        return '<ANY>'

    def __hash__(self):
        return 0

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


ANY = _AnyType()


def _format_args(args, kwargs):
    parts = [repr(a) for a in args]
    for k in kwargs:
        parts.append('%s=%r' % (k, kwargs[k]))
    return ', '.join(parts)


class _Call(object):
    """A recorded call: name, positional args and keyword args."""

    def __init__(self, args=(), kwargs=None, name='', parent_name=None):
        self._name = name
        self.args = tuple(args)
        self.kwargs = dict(kwargs or {})
        self._parent_name = parent_name

    def __eq__(self, other):
        if other is ANY:
            return True
        if isinstance(other, _Call):
            if self._name and other._name and self._name != other._name:
                return False
            return self.args == other.args and self.kwargs == other.kwargs
        if isinstance(other, tuple):
            # (args, kwargs), (name, args, kwargs), (args,), (kwargs,) ...
            if len(other) == 2 and isinstance(other[0], tuple) and isinstance(other[1], dict):
                return self.args == other[0] and self.kwargs == other[1]
            if len(other) == 3:
                return (self._name == other[0] and self.args == tuple(other[1])
                        and self.kwargs == other[2])
            if len(other) == 1 and isinstance(other[0], dict):
                return not self.args and self.kwargs == other[0]
            if len(other) == 1 and isinstance(other[0], tuple):
                return self.args == other[0] and not self.kwargs
            return self.args == other and not self.kwargs
        return NotImplemented

    def __ne__(self, other):
        r = self.__eq__(other)
        if r is NotImplemented:
            return r
        return not r

    __hash__ = None

    def __getitem__(self, index):
        return (self.args, self.kwargs)[index]

    def __len__(self):
        return 2

    def __iter__(self):
        return iter((self.args, self.kwargs))

    def __call__(self, *args, **kwargs):
        return _Call(args, kwargs, self._name)

    def __getattr__(self, attr):
        if attr.startswith('__') and attr.endswith('__'):
            raise AttributeError(attr)
        if self._name:
            name = '%s.%s' % (self._name, attr)
        else:
            name = attr
        return _Call((), {}, name)

    def call_list(self):
        return _CallList([self])

    def __repr__(self):
        name = self._name or 'call'
        if not name.startswith('call') and name != 'call':
            name = 'call.' + name
        return '%s(%s)' % (name, _format_args(self.args, self.kwargs))


call = _Call((), {}, '')


class _CallList(object):
    """List of calls with ``in`` meaning 'contains this sub-sequence'."""

    def __init__(self, items=()):
        self._items = list(items)

    def append(self, item):
        self._items.append(item)

    def clear(self):
        self._items = []

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __getitem__(self, index):
        return self._items[index]

    def __contains__(self, value):
        if not isinstance(value, (list, _CallList)):
            for item in self._items:
                if item == value:
                    return True
            return False
        value = list(value)
        n = len(value)
        for i in range(len(self._items) - n + 1):
            if self._items[i:i + n] == value:
                return True
        return False

    def __eq__(self, other):
        if isinstance(other, _CallList):
            other = other._items
        try:
            other = list(other)
        except TypeError:
            return NotImplemented
        if len(other) != len(self._items):
            return False
        for a, b in zip(self._items, other):
            if not (a == b):
                return False
        return True

    def __ne__(self, other):
        r = self.__eq__(other)
        if r is NotImplemented:
            return r
        return not r

    def __repr__(self):
        return repr(self._items)


_MOCK_OWN = ('_mock_name', '_mock_parent', '_mock_children', '_mock_return_value',
             '_mock_side_effect', '_mock_spec', '_mock_wraps', 'call_args_list',
             'mock_calls', 'method_calls', 'called', 'call_count', 'call_args',
             '_mock_new_name', '_mock_sealed', '_spec_class', '_mock_unsafe')


class NonCallableMock(object):
    """A mock object: attributes spring into existence as child mocks."""

    def __init__(self, spec=None, wraps=None, name=None, spec_set=None,
                 parent=None, _new_name='', unsafe=False, **kwargs):
        # Internal state goes straight into __dict__: __setattr__ is
        # overridden to configure child mocks.
        d = self.__dict__
        d.update(_mock_name=name, _mock_parent=parent, _mock_new_name=_new_name,
                 _mock_children={}, _mock_return_value=DEFAULT,
                 _mock_side_effect=None, _mock_wraps=wraps,
                 _mock_sealed=False, _mock_unsafe=unsafe)
        if spec_set is not None:
            spec = spec_set
        if spec is not None and not isinstance(spec, list):
            d['_spec_class'] = spec if isinstance(spec, type) else type(spec)
            spec = dir(spec)
        else:
            d['_spec_class'] = None
        d.update(_mock_spec=spec, _mock_spec_set=spec_set is not None)
        _forget_calls(d)
        self.configure_mock(**kwargs)

    def configure_mock(self, **kwargs):
        """Set attributes from keyword arguments, in sorted order; a dotted
        name such as 'method.return_value' reaches into child mocks."""
        for key in sorted(kwargs):
            *path, final = key.split('.')
            owner = self
            for name in path:
                owner = getattr(owner, name)
            setattr(owner, final, kwargs[key])

    @property
    def __class__(self):
        spec_class = self.__dict__.get('_spec_class')
        if spec_class is None:
            return type(self)
        return spec_class

    def _get_return_value(self):
        rv = self.__dict__['_mock_return_value']
        if rv is DEFAULT:
            wraps = self.__dict__['_mock_wraps']
            rv = self._get_child_mock(_new_parent=self, _new_name='()')
            self.__dict__['_mock_return_value'] = rv
        return rv

    def _set_return_value(self, value):
        self.__dict__['_mock_return_value'] = value

    return_value = property(_get_return_value, _set_return_value)

    def _get_side_effect(self):
        return self.__dict__['_mock_side_effect']

    def _set_side_effect(self, value):
        if value is not None and not callable(value) and not _is_exception(value):
            try:
                value = _SideEffectIter(value)
            except TypeError:
                pass
        self.__dict__['_mock_side_effect'] = value

    side_effect = property(_get_side_effect, _set_side_effect)

    def _child_name(self, name):
        own = self.__dict__.get('_mock_name') or self.__dict__.get('_mock_new_name') or 'mock'
        return '%s.%s' % (own, name)

    def _get_child_mock(self, **kw):
        parent = kw.pop('_new_parent', None)
        new_name = kw.pop('_new_name', '')
        klass = type(self)
        if isinstance(self, NonCallableMagicMock) and not isinstance(self, MagicMock):
            klass = MagicMock
        elif not issubclass(klass, CallableMixin):
            if issubclass(klass, NonCallableMagicMock):
                klass = MagicMock
            else:
                klass = Mock
        child = klass(parent=parent, _new_name=new_name, **kw)
        return child

    def __getattr__(self, name):
        d = self.__dict__
        if name in _MOCK_OWN or name.startswith('_mock_'):
            raise AttributeError(name)
        if name.startswith('__') and name.endswith('__'):
            raise AttributeError(name)
        spec = d.get('_mock_spec')
        if spec is not None and name not in spec:
            raise AttributeError("Mock object has no attribute %r" % name)
        if not d.get('_mock_unsafe'):
            for prefix in ('assert', 'assret', 'asert', 'aseert', 'assrt'):
                if name.startswith(prefix):
                    raise AttributeError(
                        "%r is not a valid assertion. Use a spec for the mock if %r "
                        "is meant to be an attribute." % (name, name))
        children = d['_mock_children']
        child = children.get(name, _missing)
        if child is _deleted:
            raise AttributeError(name)
        if child is _missing:
            if d.get('_mock_sealed'):
                raise AttributeError("%s is sealed" % self._child_name(name))
            wraps = d.get('_mock_wraps')
            kw = {}
            if wraps is not None:
                kw['wraps'] = getattr(wraps, name)
            child = self._get_child_mock(_new_parent=self, _new_name=name,
                                         name=self._child_name(name), **kw)
            children[name] = child
        return child

    def __setattr__(self, name, value):
        d = self.__dict__
        if name in ('return_value', 'side_effect'):
            object.__setattr__(self, name, value)
            return
        spec = d.get('_mock_spec')
        if d.get('_mock_spec_set') and spec is not None and name not in spec \
                and name not in d:
            raise AttributeError("Mock object has no attribute '%s'" % name)
        if isinstance(value, NonCallableMock) and not name.startswith('_'):
            vd = value.__dict__
            if vd.get('_mock_parent') is None:
                vd['_mock_parent'] = self
                vd['_mock_new_name'] = name
            d['_mock_children'][name] = value
            return
        if name in d['_mock_children']:
            del d['_mock_children'][name]
        d[name] = value

    def __delattr__(self, name):
        d = self.__dict__
        if name in d:
            del d[name]
            return
        children = d['_mock_children']
        if children.get(name) is _deleted:
            raise AttributeError(name)
        children[name] = _deleted

    def __dir__(self):
        names = set(dir(type(self)))
        for k in self.__dict__:
            if not k.startswith('_mock_'):
                names.add(k)
        for k in self.__dict__['_mock_children']:
            if self.__dict__['_mock_children'][k] is not _deleted:
                names.add(k)
        return sorted(names)

    def __repr__(self):
        name = self.__dict__.get('_mock_name')
        spec = self.__dict__.get('_spec_class')
        extra = ''
        if name:
            extra = " name=%r" % (name,)
        if spec is not None:
            extra += " spec=%r" % (spec.__name__,)
        return "<%s%s id='%d'>" % (type(self).__name__, extra, id(self))

    def _mock_display(self):
        return self.__dict__.get('_mock_name') or 'mock'

    def reset_mock(self, visited=None, *, return_value=False, side_effect=False):
        if visited is None:
            visited = []
        if any(seen is self for seen in visited):
            return      # reached again through a cycle of children
        visited.append(self)
        d = self.__dict__
        _forget_calls(d)
        if return_value:
            d['_mock_return_value'] = DEFAULT
        if side_effect:
            d['_mock_side_effect'] = None
        for child in d['_mock_children'].values():
            if isinstance(child, NonCallableMock):
                child.reset_mock(visited, return_value=return_value,
                                 side_effect=side_effect)
        rv = d['_mock_return_value']
        if isinstance(rv, NonCallableMock) and rv is not self:
            rv.reset_mock(visited)

    def attach_mock(self, mock, attribute):
        md = mock.__dict__
        md['_mock_parent'] = self
        md['_mock_new_name'] = attribute
        md['_mock_name'] = None
        self.__dict__['_mock_children'][attribute] = mock

    def mock_add_spec(self, spec, spec_set=False):
        d = self.__dict__
        if spec is not None and not isinstance(spec, list):
            d['_spec_class'] = spec if isinstance(spec, type) else type(spec)
            spec = dir(spec)
        d['_mock_spec'] = spec
        d['_mock_spec_set'] = spec_set

    # --- assertions

    def _call_repr(self, args, kwargs):
        return '%s(%s)' % (self._mock_display(), _format_args(args, kwargs))

    def assert_not_called(self):
        if self.call_count != 0:
            raise AssertionError("Expected '%s' to not have been called. Called %s times.%s"
                                 % (self._mock_display(), self.call_count,
                                    self._calls_repr()))

    def assert_called(self):
        if self.call_count == 0:
            raise AssertionError("Expected '%s' to have been called." % self._mock_display())

    def assert_called_once(self):
        if not self.call_count == 1:
            raise AssertionError("Expected '%s' to have been called once. Called %s times.%s"
                                 % (self._mock_display(), self.call_count,
                                    self._calls_repr()))

    def assert_called_with(self, *args, **kwargs):
        if self.call_args is None:
            expected = self._call_repr(args, kwargs)
            raise AssertionError('expected call not found.\nExpected: %s\n  Actual: not called.'
                                 % (expected,))
        expected = _Call(args, kwargs)
        if not (self.call_args == expected):
            raise AssertionError('expected call not found.\nExpected: %s\n  Actual: %s'
                                 % (self._call_repr(args, kwargs),
                                    self._call_repr(self.call_args.args,
                                                    self.call_args.kwargs)))

    def assert_called_once_with(self, *args, **kwargs):
        if not self.call_count == 1:
            raise AssertionError("Expected '%s' to be called once. Called %s times.%s"
                                 % (self._mock_display(), self.call_count,
                                    self._calls_repr()))
        return self.assert_called_with(*args, **kwargs)

    def assert_any_call(self, *args, **kwargs):
        expected = _Call(args, kwargs)
        for c in self.call_args_list:
            if c == expected:
                return
        raise AssertionError('%s call not found' % self._call_repr(args, kwargs))

    def assert_has_calls(self, calls, any_order=False):
        expected = list(calls)
        if not any_order:
            if expected not in self.mock_calls:
                raise AssertionError('Calls not found.\nExpected: %r\n  Actual: %r'
                                     % (expected, self.mock_calls))
            return
        remaining = list(self.mock_calls)
        for c in expected:
            for i in range(len(remaining)):
                if remaining[i] == c:
                    del remaining[i]
                    break
            else:
                raise AssertionError('%r does not contain all of %r in its call list, '
                                     'found %r instead' % (self._mock_display(),
                                                           tuple(expected),
                                                           list(self.mock_calls)))

    def _calls_repr(self):
        if not self.mock_calls:
            return ""
        return "\nCalls: %r." % (self.mock_calls,)


def _forget_calls(state):
    """Reset a mock's call records (its __dict__ is `state`)."""
    state.update(called=False, call_count=0, call_args=None)
    for record in ('call_args_list', 'mock_calls', 'method_calls'):
        state[record] = _CallList()


def _is_exception(obj):
    """An exception instance or class: as a side effect, it gets raised."""
    if isinstance(obj, type):
        return issubclass(obj, BaseException)
    return isinstance(obj, BaseException)


class _SideEffectIter(object):
    """Hands out the values of an iterable side_effect, one per call."""

    def __init__(self, values):
        self._it = iter(values)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._it)


class CallableMixin(object):
    pass


def _record_call(mock, args, kwargs):
    d = mock.__dict__
    d['called'] = True
    d['call_count'] = d['call_count'] + 1
    this = _Call(args, kwargs)
    d['call_args'] = this
    d['call_args_list'].append(this)
    d['mock_calls'].append(_Call(args, kwargs, ''))
    # propagate to parents as method calls
    name = d.get('_mock_new_name') or ''
    parent = d.get('_mock_parent')
    dotted = name
    seen = 0
    method_chain = bool(name) and name != '()'
    while parent is not None and seen < 100:
        seen += 1
        pd = parent.__dict__
        if method_chain:
            pd['method_calls'].append(_Call(args, kwargs, dotted))
        pd['mock_calls'].append(_Call(args, kwargs, dotted))
        pname = pd.get('_mock_new_name') or ''
        if pname:
            if pname == '()':
                method_chain = False
                dotted = '()' + ('.' + dotted if dotted else '')
            else:
                dotted = pname + '.' + dotted
        parent = pd.get('_mock_parent')


def _side_effect_result(effect, args, kwargs):
    """What a side_effect makes of a call: raise it if it is an exception,
    take the next item if it is an iterable (raising it if it is an
    exception), else call it. DEFAULT means "use the usual return value"."""
    if _is_exception(effect):
        raise effect
    if not isinstance(effect, _SideEffectIter):
        return effect(*args, **kwargs)
    item = next(effect)
    if _is_exception(item):
        raise item
    return item


def _mock_call(mock, args, kwargs):
    _record_call(mock, args, kwargs)
    state = mock.__dict__
    if state['_mock_side_effect'] is not None:
        produced = _side_effect_result(state['_mock_side_effect'], args, kwargs)
        if produced is not DEFAULT:
            return produced
    if state['_mock_return_value'] is not DEFAULT:
        return state['_mock_return_value']
    if state['_mock_wraps'] is not None:
        return state['_mock_wraps'](*args, **kwargs)
    return mock.return_value


class Mock(NonCallableMock, CallableMixin):
    """A callable mock."""

    def __init__(self, spec=None, side_effect=None, return_value=DEFAULT,
                 wraps=None, name=None, spec_set=None, parent=None,
                 _new_name='', unsafe=False, **kwargs):
        NonCallableMock.__init__(self, spec=spec, wraps=wraps, name=name,
                                 spec_set=spec_set, parent=parent,
                                 _new_name=_new_name, unsafe=unsafe, **kwargs)
        self.__dict__['_mock_return_value'] = return_value
        self.side_effect = side_effect

    def __call__(self, *args, **kwargs):
        return _mock_call(self, args, kwargs)


class NonCallableMagicMock(NonCallableMock):
    """A non-callable mock with default magic methods."""

    def __init__(self, *args, **kwargs):
        NonCallableMock.__init__(self, *args, **kwargs)
        self._setup_magics()

    def __len__(self):
        return self._magic('__len__', 0)

    def __iter__(self):
        return iter(self._magic('__iter__', []))

    def __bool__(self):
        return self._magic('__bool__', True)

    def __contains__(self, item):
        return self._magic('__contains__', False, item)

    def __int__(self):
        return self._magic('__int__', 1)

    def __float__(self):
        return self._magic('__float__', 1.0)

    def __index__(self):
        return self._magic('__index__', 1)

    def __hash__(self):
        return object.__hash__(self)

    def __enter__(self):
        return self._magic('__enter__', DEFAULT)

    def __exit__(self, *args):
        return self._magic('__exit__', False, *args)

    def __getitem__(self, key):
        return self._magic('__getitem__', DEFAULT, key)

    def __setitem__(self, key, value):
        return self._magic('__setitem__', None, key, value)

    def __delitem__(self, key):
        return self._magic('__delitem__', None, key)

    def _magic(self, name, default, *args):
        """Call the magic-method mock stored on the instance."""
        m = self.__dict__.get(name)
        if m is None:
            if default is DEFAULT:
                return None
            return default
        return m(*args)

    def _setup_magics(self):
        # Instance attributes shadow the class's functions, so ``m.__len__``
        # gives the configurable child mock while ``len(m)`` calls the class
        # method above, which forwards to it.  (pyrc has no custom
        # descriptors, so CPython's lazy MagicProxy approach is not usable.)
        d = self.__dict__
        for name in _MAGIC_DEFAULTS:
            if name in d:
                continue
            m = Mock(parent=self, _new_name=name, name=self._child_name(name))
            default = _MAGIC_DEFAULTS[name]
            if default is not DEFAULT:
                m.return_value = default
            d[name] = m

    def __setattr__(self, name, value):
        if name.startswith('__') and name.endswith('__') and name in _MAGIC_DEFAULTS:
            if isinstance(value, NonCallableMock):
                self.__dict__[name] = value
            else:
                m = Mock(parent=self, _new_name=name)
                if callable(value) and not isinstance(value, type):
                    fn = value
                    me = self
                    m.side_effect = lambda *a, **kw: fn(me, *a, **kw)
                else:
                    m.return_value = value
                self.__dict__[name] = m
            return
        NonCallableMock.__setattr__(self, name, value)


_MAGIC_DEFAULTS = {
    '__len__': 0, '__iter__': [], '__bool__': True, '__contains__': False,
    '__int__': 1, '__float__': 1.0, '__index__': 1, '__enter__': DEFAULT,
    '__exit__': False, '__getitem__': DEFAULT, '__setitem__': None,
    '__delitem__': None,
}


class MagicMock(NonCallableMagicMock, CallableMixin):
    """A callable mock with default magic methods."""

    def __init__(self, spec=None, side_effect=None, return_value=DEFAULT,
                 wraps=None, name=None, spec_set=None, parent=None,
                 _new_name='', unsafe=False, **kwargs):
        NonCallableMock.__init__(self, spec=spec, wraps=wraps, name=name,
                                 spec_set=spec_set, parent=parent,
                                 _new_name=_new_name, unsafe=unsafe, **kwargs)
        self.__dict__['_mock_return_value'] = return_value
        self.side_effect = side_effect
        self._setup_magics()

    def __call__(self, *args, **kwargs):
        return _mock_call(self, args, kwargs)


class PropertyMock(Mock):
    def __get__(self, obj, obj_type=None):
        return self()

    def __set__(self, obj, val):
        self(val)


def seal(mock):
    mock.__dict__['_mock_sealed'] = True
    for child in mock.__dict__['_mock_children'].values():
        if isinstance(child, NonCallableMock) and child is not mock:
            seal(child)


def create_autospec(spec, spec_set=False, instance=False, _parent=None,
                    _name=None, **kwargs):
    """Rough version: a Mock restricted to the attributes of spec."""
    if isinstance(spec, type) and not instance:
        return MagicMock(spec=spec, **kwargs)
    if callable(spec) and not isinstance(spec, type):
        return MagicMock(spec=spec, **kwargs)
    return NonCallableMagicMock(spec=spec, **kwargs)


def mock_open(mock=None, read_data=''):
    if mock is None:
        mock = MagicMock(name='open')
    handle = MagicMock()
    handle.__enter__.return_value = handle
    handle.read.return_value = read_data
    lines = read_data.splitlines(True)
    handle.readlines.return_value = lines
    handle.__iter__.return_value = lines
    mock.return_value = handle
    return mock


# ----------------------------------------------------------------------
# patching

def _import_target(dotted):
    parts = dotted.split('.')
    for i in range(len(parts), 0, -1):
        name = '.'.join(parts[:i])
        mod = sys.modules.get(name)
        if mod is not None:
            obj = mod
            for part in parts[i:]:
                obj = getattr(obj, part)
            return obj
    try:
        obj = __import__(parts[0])
    except NameError:
        raise ImportError("No module named %r (pyrc: import the module before "
                          "patching it)" % (parts[0],))
    for part in parts[1:]:
        obj = getattr(obj, part)
    return obj


def _get_target(target):
    if not isinstance(target, str):
        raise TypeError("Need a valid target to patch. You supplied: %r" % (target,))
    if '.' not in target:
        raise TypeError("Need a valid target to patch. You supplied: %r" % (target,))
    dot = target.rfind('.')
    owner_name = target[:dot]
    attribute = target[dot + 1:]
    return (lambda: _import_target(owner_name)), attribute


class _patch(object):
    attribute_name = None
    _active_patches = []

    def __init__(self, getter, attribute, new, spec, create, spec_set,
                 autospec, new_callable, kwargs):
        if new_callable is not None and new is not DEFAULT:
            raise ValueError("Cannot use 'new' and 'new_callable' together")
        # What to patch and with what ...
        self.getter, self.attribute, self.new, self.new_callable = (
            getter, attribute, new, new_callable)
        self.spec, self.spec_set, self.autospec, self.create, self.kwargs = (
            spec, spec_set, autospec, create, kwargs)
        self.additional_patchers = []
        # ... and the state of an active patch.
        self.target = self.temp_original = None
        self.has_local = self.is_local = False

    def copy(self):
        p = _patch(self.getter, self.attribute, self.new, self.spec, self.create,
                   self.spec_set, self.autospec, self.new_callable, self.kwargs)
        p.attribute_name = self.attribute_name
        p.additional_patchers = [q.copy() for q in self.additional_patchers]
        return p

    def __call__(self, func):
        if isinstance(func, type):
            return self.decorate_class(func)
        return self.decorate_callable(func)

    def decorate_class(self, klass):
        for attr in dir(klass):
            if not attr.startswith('test'):
                continue
            value = getattr(klass, attr)
            if not callable(value):
                continue
            patcher = self.copy()
            setattr(klass, attr, patcher(value))
        return klass

    def decorate_callable(self, func):
        patchings = getattr(func, 'patchings', None)
        if patchings is not None:
            patchings.append(self)
            return func
        patchings = [self]

        def patched(*args, **keywargs):
            extra_args = []
            entered = []
            try:
                for patching in patchings:
                    arg = patching.__enter__()
                    entered.append(patching)
                    if patching.attribute_name is not None:
                        keywargs[patching.attribute_name] = arg
                    elif patching.new is DEFAULT:
                        extra_args.append(arg)
                args = tuple(args) + tuple(extra_args)
                return func(*args, **keywargs)
            finally:
                while entered:
                    entered.pop().__exit__(None, None, None)
        patched.patchings = patchings
        try:
            patched.__name__ = func.__name__
            patched.__qualname__ = getattr(func, '__qualname__', func.__name__)
            patched.__doc__ = func.__doc__
        except Exception:
            pass
        # Keep unittest's skip / expected-failure markers visible.
        for marker in _UNITTEST_MARKERS:
            if hasattr(func, marker):
                setattr(patched, marker, getattr(func, marker))
        return patched

    def get_original(self):
        """(current value of the attribute or DEFAULT if it has none, whether
        it is set on the target itself rather than inherited)."""
        target, name = self.getter(), self.attribute
        own = getattr(target, '__dict__', None)
        if own is not None and name in own:
            return own[name], True
        found = getattr(target, name, DEFAULT)
        if found is DEFAULT and not self.create:
            raise AttributeError("%s does not have the attribute %r" % (target, name))
        return found, False

    def _replacement(self, original):
        """The object to install: `new` as given, or a mock built from the
        spec / spec_set / autospec / new_callable settings."""
        new, autospec, options = self.new, self.autospec, dict(self.kwargs)
        if autospec is not None:
            if new is not DEFAULT:
                raise TypeError("autospec creates the mock for you. Can't specify "
                                "autospec and new.")
            template = original if autospec is True else autospec
            return create_autospec(template, spec_set=self.spec_set, **options)
        if new is not DEFAULT:
            if options:
                raise TypeError("Can't pass kwargs to a mock we aren't creating")
            return new
        spec, spec_set = self.spec, self.spec_set
        if spec is True:
            spec = original
        if spec_set is True:
            spec, spec_set = None, original
        if spec is not None:
            options['spec'] = spec
        if spec_set is not None:
            options['spec_set'] = spec_set
        factory = MagicMock if self.new_callable is None else self.new_callable
        return factory(**options)

    def __enter__(self):
        self.target = self.getter()
        original, local = self.get_original()
        replacement = self._replacement(original)
        self.temp_original, self.is_local = original, local
        setattr(self.target, self.attribute, replacement)
        if self.attribute_name is None:
            return replacement
        # patch.multiple: hand back the mocks it made, by attribute name.
        made = {}
        if self.new is DEFAULT:
            made[self.attribute_name] = replacement
        for sibling in self.additional_patchers:
            entered = sibling.__enter__()
            if sibling.new is DEFAULT:
                made.update(entered)
        return made

    def _undo_on(self, target, saved):
        """Remove the patched attribute; put `saved` back by assignment when
        deleting did not bring the original back (it lived on a class, or it
        is a function attribute that cannot really be deleted)."""
        name = self.attribute
        try:
            delattr(target, name)
        except AttributeError:
            pass
        if self.create or saved is DEFAULT:
            return
        if not hasattr(target, name) or name in _UNDELETABLE_FUNCTION_ATTRS:
            setattr(target, name, saved)

    def __exit__(self, *exc_info):
        if self.target is None:
            raise RuntimeError('stop called on unstarted patcher')
        target, saved = self.target, self.temp_original
        if self.is_local and saved is not DEFAULT:
            setattr(target, self.attribute, saved)
        else:
            self._undo_on(target, saved)
        self.target = self.temp_original = None
        for sibling in self.additional_patchers[::-1]:
            sibling.__exit__(*exc_info)
        return False

    def start(self):
        """Apply the patch until stop() or patch.stopall()."""
        return _activated(self, self.__enter__())

    def stop(self):
        """Undo a patch applied with start()."""
        return _deactivated(self)


def patch(target, new=DEFAULT, spec=None, create=False, spec_set=None,
          autospec=None, new_callable=None, **kwargs):
    getter, attribute = _get_target(target)
    return _patch(getter, attribute, new, spec, create, spec_set, autospec,
                  new_callable, kwargs)


def _patch_object(target, attribute, new=DEFAULT, spec=None, create=False,
                  spec_set=None, autospec=None, new_callable=None, **kwargs):
    if isinstance(target, str):
        raise TypeError("%r must be the actual object to be patched, not a str"
                        % (target,))
    return _patch((lambda: target), attribute, new, spec, create, spec_set,
                  autospec, new_callable, kwargs)


def _patch_multiple(target, spec=None, create=False, spec_set=None,
                    autospec=None, new_callable=None, **kwargs):
    if isinstance(target, str):
        getter = (lambda: _import_target(target))
    else:
        getter = (lambda: target)
    if not kwargs:
        raise ValueError('Must supply at least one keyword argument with patch.multiple')
    items = list(kwargs.items())
    attribute, new = items[0]
    patcher = _patch(getter, attribute, new, spec, create, spec_set, autospec,
                     new_callable, {})
    patcher.attribute_name = attribute
    for attribute, new in items[1:]:
        this = _patch(getter, attribute, new, spec, create, spec_set, autospec,
                      new_callable, {})
        this.attribute_name = attribute
        patcher.additional_patchers.append(this)
    return patcher


def _activated(patcher, entered):
    """Remember a start()ed patcher (for stopall) and pass `entered` on."""
    _patch._active_patches.append(patcher)
    return entered


def _deactivated(patcher):
    """Forget a start()ed patcher and undo its patch."""
    active = _patch._active_patches
    for position, candidate in enumerate(active):
        if candidate is patcher:
            del active[position]
            break
    return patcher.__exit__(None, None, None)


_UNDELETABLE_FUNCTION_ATTRS = ('__doc__', '__module__', '__defaults__',
                               '__annotations__', '__kwdefaults__')

_UNITTEST_MARKERS = ('__unittest_skip__', '__unittest_skip_why__',
                     '__unittest_expecting_failure__')


def _mapping_snapshot(mapping):
    try:
        return mapping.copy()
    except AttributeError:
        return {key: mapping[key] for key in mapping}


def _mapping_store(mapping, values):
    """mapping.update(values), also for mappings with only __setitem__."""
    if hasattr(mapping, 'update'):
        mapping.update(values)
        return
    for key in values:
        mapping[key] = values[key]


def _clear_dict(in_dict):
    """in_dict.clear(), also for mappings with only __delitem__."""
    if hasattr(in_dict, 'clear'):
        in_dict.clear()
        return
    for key in list(in_dict):
        del in_dict[key]


class _patch_dict(object):
    """patch.dict: set some keys of a mapping (optionally emptying it first)
    for the duration of a with block, decorated function or start()/stop();
    afterwards the mapping gets back exactly its earlier contents."""

    def __init__(self, in_dict, values=(), clear=False, **kwargs):
        self.in_dict, self.clear = in_dict, clear
        self.values = dict(values)
        self.values.update(kwargs)
        self._original = None

    def __call__(self, f):
        if isinstance(f, type):
            for attr in dir(f):
                member = getattr(f, attr)
                if attr.startswith('test') and callable(member):
                    setattr(f, attr, _patch_dict(self.in_dict, self.values,
                                                 self.clear)(member))
            return f
        patcher = self

        def patched(*args, **kw):
            with patcher:
                return f(*args, **kw)
        try:
            patched.__name__ = f.__name__
        except Exception:
            pass
        return patched

    def _patch_dict(self):
        if isinstance(self.in_dict, str):
            self.in_dict = _import_target(self.in_dict)
        target = self.in_dict
        self._original = _mapping_snapshot(target)
        if self.clear:
            _clear_dict(target)
        _mapping_store(target, self.values)
        return target

    def _unpatch_dict(self):
        _clear_dict(self.in_dict)
        _mapping_store(self.in_dict, self._original)

    def start(self):
        """Apply the patch until stop() (or patch.stopall()); returns the
        patched mapping."""
        return _activated(self, self._patch_dict())

    def stop(self):
        """Undo a patch applied with start()."""
        return _deactivated(self)

    def __enter__(self):
        return self._patch_dict()

    def __exit__(self, *args):
        """Restore the mapping (if the patch was applied); never swallows."""
        if self._original is not None:
            self._unpatch_dict()
        return False


def _patch_stopall():
    while _patch._active_patches:
        _patch._active_patches.pop().stop()


patch.object = _patch_object
patch.dict = _patch_dict
patch.multiple = _patch_multiple
patch.stopall = _patch_stopall
patch.TEST_PREFIX = 'test'
