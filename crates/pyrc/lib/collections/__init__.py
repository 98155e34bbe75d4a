"""pyrc's `collections`: UserDict, UserList, UserString, namedtuple, deque,
OrderedDict, defaultdict, Counter, ChainMap.

pyrc cannot subclass built-in types, so the dict- and tuple-like classes here
are plain classes that hold their data (isinstance(x, dict) is false for them).
"""

import sys as _sys

from collections.abc import MutableMapping as _MutableMapping
from collections.abc import Mapping as _Mapping
from collections.abc import MutableSequence as _MutableSequence
from collections.abc import Sequence as _Sequence

__all__ = ['ChainMap', 'Counter', 'OrderedDict', 'UserDict', 'UserList', 'UserString',
           'defaultdict', 'deque', 'namedtuple']

_sentinel = object()


def _copy_module():
    import copy
    return copy


# ------------------------------------------------- helpers for the wrappers
#
# UserDict, UserList and UserString keep their payload in `.data`; most of
# their methods just apply an operation to that payload.  Rather than spell
# each of those out, the class bodies below build them from small tables of
# plain functions with `_on_data`.

def _on_data(fn, rewrap=False):
    """A method computing fn(self.data, *args); with rewrap the result is
    handed back wrapped in the instance's own class."""
    if rewrap:
        def method(self, *args):
            return self.__class__(fn(self.data, *args))
    else:
        def method(self, *args):
            return fn(self.data, *args)
    return method


def _payload(obj, wrapper):
    """obj's `.data` when obj is an instance of the wrapper class, else obj."""
    return obj.data if isinstance(obj, wrapper) else obj


_ORDERINGS = (
    ('__eq__', lambda a, b: a == b),
    ('__ne__', lambda a, b: a != b),
    ('__lt__', lambda a, b: a < b),
    ('__le__', lambda a, b: a <= b),
    ('__gt__', lambda a, b: a > b),
    ('__ge__', lambda a, b: a >= b),
)


def _add_orderings(wrapper):
    """Give `wrapper` the six rich comparisons, each comparing self.data with
    the other operand (unwrapped when it is a `wrapper` too)."""
    def make(test):
        def method(self, other):
            return test(self.data, _payload(other, wrapper))
        return method
    for name, test in _ORDERINGS:
        setattr(wrapper, name, make(test))
    return wrapper


def _contains(container, item):
    return item in container


def _store(container, index, value):
    container[index] = value


def _discard(container, index):
    del container[index]


def _merged(first, second):
    """A new dict: first's items overridden by second's."""
    combined = dict(first)
    combined.update(second)
    return combined


def _clone_state(obj, fresh_payload):
    """A copy of obj made without __init__: same instance dictionary, but with
    `data` replaced by fresh_payload."""
    twin = _copy_module()._new_instance(type(obj))
    state = twin.__dict__
    state.update(obj.__dict__)
    state['data'] = fresh_payload
    return twin


def _on_field(field, fn):
    """A method computing fn(getattr(self, field), *args)."""
    def method(self, *args):
        return fn(getattr(self, field), *args)
    return method


def _add_strict_orderings(cls, counterpart):
    """Give cls (whose payload is the `_values` or `_items` list/tuple) rich
    comparisons against counterpart(other). When that is None, == and !=
    return NotImplemented and the orderings compare with None (TypeError)."""
    def make(test, declines):
        def method(self, other):
            theirs = counterpart(other)
            if theirs is None and declines:
                return NotImplemented
            mine = self._items if isinstance(self, deque) else self._values
            return test(mine, theirs)
        return method
    for name, test in _ORDERINGS:
        setattr(cls, name, make(test, name in ('__eq__', '__ne__')))
    return cls


# ------------------------------------------------------------------- UserDict

class UserDict(_MutableMapping):
    """Mapping whose items live in the plain dict `self.data`."""

    def __init__(self, *args, **kwargs):
        if len(args) > 1:
            raise TypeError('expected at most 1 argument, got %d' % len(args))
        self.data = {}
        sources = [kwargs] if kwargs else []
        if args and args[0] is not None:
            sources.insert(0, args[0])
        for source in sources:
            self.update(source)

    @classmethod
    def fromkeys(cls, iterable, value=None):
        """A new instance mapping every key of iterable to value."""
        made = cls()
        # Item by item through __setitem__ (not the class's own update()).
        _MutableMapping.update(made, [(key, value) for key in iterable])
        return made

    __len__ = _on_data(len)
    __iter__ = _on_data(iter)
    __repr__ = _on_data(repr)
    __contains__ = _on_data(_contains)
    __setitem__ = _on_data(_store)
    __delitem__ = _on_data(_discard)
    __hash__ = None

    def __getitem__(self, key):
        table = self.data
        if key not in table:
            fallback = getattr(self.__class__, '__missing__', None)
            if fallback is None:
                raise KeyError(key)
            return fallback(self, key)
        return table[key]

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __eq__(self, other):
        if isinstance(other, (UserDict, dict)):
            return self.data == _payload(other, UserDict)
        return _Mapping.__eq__(self, other)

    def __ne__(self, other):
        verdict = self.__eq__(other)
        return verdict if verdict is NotImplemented else not verdict

    def __or__(self, other):
        if not isinstance(other, (UserDict, dict)):
            return NotImplemented
        return self.__class__(_merged(self.data, _payload(other, UserDict)))

    def __ror__(self, other):
        if not isinstance(other, (UserDict, dict)):
            return NotImplemented
        return self.__class__(_merged(_payload(other, UserDict), self.data))

    def __ior__(self, other):
        if isinstance(other, UserDict):
            self.data.update(other.data)
        else:
            self.update(other)
        return self

    def __copy__(self):
        return _clone_state(self, dict(self.data))

    def copy(self):
        if type(self) is UserDict:
            return UserDict(dict(self.data))
        # Copy everything but the contents, then refill through update() so
        # that subclasses see their own __setitem__.
        saved, self.data = self.data, {}
        try:
            duplicate = _copy_module().copy(self)
        finally:
            self.data = saved
        duplicate.update(self)
        return duplicate


# ------------------------------------------------------------------- UserList

@_add_orderings
class UserList(_MutableSequence):
    """Sequence whose items live in the plain list `self.data`."""

    def __init__(self, initlist=None):
        if initlist is None:
            self.data = []
        else:
            self.data = list(_payload(initlist, UserList))

    __repr__ = _on_data(repr)
    __len__ = _on_data(len)
    __iter__ = _on_data(iter)
    __reversed__ = _on_data(reversed)
    __contains__ = _on_data(_contains)
    __setitem__ = _on_data(_store)
    __delitem__ = _on_data(_discard)
    __hash__ = None

    __mul__ = __rmul__ = _on_data(lambda items, n: items * n, rewrap=True)

    append = _on_data(lambda items, x: items.append(x))
    insert = _on_data(lambda items, i, x: items.insert(i, x))
    remove = _on_data(lambda items, x: items.remove(x))
    clear = _on_data(lambda items: items.clear())
    count = _on_data(lambda items, x: items.count(x))
    index = _on_data(lambda items, x, *bounds: items.index(x, *bounds))
    reverse = _on_data(lambda items: items.reverse())

    def __getitem__(self, i):
        picked = self.data[i]
        return self.__class__(picked) if isinstance(i, slice) else picked

    def __add__(self, other):
        return self.__class__(self.data + list(_payload(other, UserList)))

    def __radd__(self, other):
        return self.__class__(list(_payload(other, UserList)) + self.data)

    def __iadd__(self, other):
        self.data += list(_payload(other, UserList))
        return self

    def __imul__(self, n):
        self.data *= n
        return self

    def __copy__(self):
        return _clone_state(self, list(self.data))

    def pop(self, i=-1):
        return self.data.pop(i)

    def sort(self, *args, **kwds):
        self.data.sort(*args, **kwds)

    def copy(self):
        return self.__class__(self)

    def extend(self, other):
        self.data.extend(_payload(other, UserList))


# ----------------------------------------------------------------- UserString

@_add_orderings
class UserString(_Sequence):
    """Sequence whose text lives in the plain str `self.data`."""

    def __init__(self, seq):
        text = _payload(seq, UserString)
        self.data = text if isinstance(text, str) else str(text)

    __str__ = _on_data(str)
    __repr__ = _on_data(repr)
    __int__ = _on_data(int)
    __float__ = _on_data(float)
    __hash__ = _on_data(hash)
    __len__ = _on_data(len)
    __iter__ = _on_data(iter)
    __getitem__ = _on_data(lambda text, index: text[index], rewrap=True)
    __mul__ = __rmul__ = _on_data(lambda text, n: text * n, rewrap=True)
    __mod__ = _on_data(lambda text, args: text % args, rewrap=True)

    upper = _on_data(lambda text: text.upper(), rewrap=True)
    lower = _on_data(lambda text: text.lower(), rewrap=True)
    startswith = _on_data(lambda text, prefix, *span: text.startswith(prefix, *span))
    endswith = _on_data(lambda text, suffix, *span: text.endswith(suffix, *span))
    join = _on_data(lambda text, parts: text.join(parts))

    def __contains__(self, char):
        return _payload(char, UserString) in self.data

    def __add__(self, other):
        return self.__class__(self.data + str(_payload(other, UserString)))

    def __radd__(self, other):
        return self.__class__(str(other) + self.data)

    def strip(self, chars=None):
        return self.__class__(self.data.strip(chars))

    def split(self, sep=None, maxsplit=-1):
        return self.data.split(sep, maxsplit)

    def replace(self, old, new, maxsplit=-1):
        old = _payload(old, UserString)
        new = _payload(new, UserString)
        return self.__class__(self.data.replace(old, new, maxsplit))

    def find(self, sub, start=0, end=None):
        stop = len(self.data) if end is None else end
        return self.data.find(_payload(sub, UserString), start, stop)

    def encode(self, encoding='utf-8', errors='strict'):
        return self.data.encode(encoding, errors)


# ----------------------------------------------------------------- namedtuple

class _FieldGetter:
    """A named tuple's field on its class: the value of that field for an instance."""

    def __init__(self, index, doc):
        self.index = index
        self.__doc__ = doc

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance._values[self.index]


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    """A tuple-like class with named fields. (pyrc cannot subclass tuple: the
    instances are plain objects that index, iterate, compare and hash like the
    tuple of their values.)"""
    if isinstance(field_names, str):
        field_names = field_names.replace(',', ' ').split()
    field_names = [str(name) for name in field_names]
    seen = set()
    for index, name in enumerate(field_names):
        bad = (not name.isidentifier() or name.startswith('_') or name in seen)
        if bad:
            if rename:
                field_names[index] = '_%d' % index
            elif name.startswith('_'):
                raise ValueError('Field names cannot start with an underscore: %r' % name)
            elif name in seen:
                raise ValueError('Encountered duplicate field name: %r' % name)
            else:
                raise ValueError('Type names and field names must be valid identifiers: %r'
                                 % name)
        seen.add(field_names[index])
    fields = tuple(field_names)
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > len(fields):
            raise TypeError('Got more default values than field names')
        field_defaults = dict(zip(fields[len(fields) - len(defaults):], defaults))
    else:
        field_defaults = {}
    n = len(fields)

    class _NamedTuple:
        _fields = fields
        _field_defaults = field_defaults

        def __init__(self, *args, **kwargs):
            if len(args) > n:
                raise TypeError('%s() takes %d positional arguments but %d were given'
                                % (typename, n, len(args)))
            values = list(args)
            for name in fields[len(args):]:
                if name in kwargs:
                    values.append(kwargs.pop(name))
                elif name in field_defaults:
                    values.append(field_defaults[name])
                else:
                    raise TypeError("%s() missing required argument: '%s'" % (typename, name))
            if kwargs:
                extra = list(kwargs)[0]
                if extra in fields:
                    raise TypeError("%s() got multiple values for argument '%s'"
                                    % (typename, extra))
                raise TypeError("%s() got an unexpected keyword argument '%s'"
                                % (typename, extra))
            self.__dict__['_values'] = tuple(values)
            for name, value in zip(fields, values):
                self.__dict__[name] = value

        def __setattr__(self, name, value):
            raise AttributeError("can't set attribute")

        @classmethod
        def _make(cls, iterable):
            return cls(*tuple(iterable))

        def _replace(self, **kwargs):
            values = []
            for name, value in zip(fields, self._values):
                if name in kwargs:
                    values.append(kwargs.pop(name))
                else:
                    values.append(value)
            if kwargs:
                raise ValueError('Got unexpected field names: %r' % list(kwargs))
            return self.__class__(*values)

        def _asdict(self):
            return dict(zip(fields, self._values))

        def __getnewargs__(self):
            return self._values

        def __repr__(self):
            parts = ['%s=%r' % (name, value) for name, value in zip(fields, self._values)]
            return '%s(%s)' % (typename, ', '.join(parts))

        __len__ = lambda self: n
        __iter__ = _on_field('_values', iter)
        __getitem__ = _on_field('_values', lambda values, index: values[index])
        __contains__ = _on_field('_values', _contains)
        __hash__ = _on_field('_values', hash)
        __add__ = _on_field('_values', lambda values, other: values + tuple(other))
        count = _on_field('_values', lambda values, x: values.count(x))
        index = _on_field('_values', lambda values, x, *span: values.index(x, *span))

    def _as_tuple(other):
        if isinstance(other, _NamedTuple):
            return other._values
        return other if isinstance(other, tuple) else None

    _add_strict_orderings(_NamedTuple, _as_tuple)

    # `Point.x` is a field accessor with a writable `__doc__`, as CPython's `_tuplegetter`
    # (`dis` documents its named tuple's fields that way); instances keep their own values.
    for index, name in enumerate(fields):
        setattr(_NamedTuple, name, _FieldGetter(index, 'Alias for field number %d' % index))

    for attr, value in (('__name__', typename), ('__qualname__', typename)):
        try:
            setattr(_NamedTuple, attr, value)
        except (AttributeError, TypeError):
            pass
    if module is not None:
        try:
            _NamedTuple.__module__ = module
        except (AttributeError, TypeError):
            pass
    return _NamedTuple


# ---------------------------------------------------------------------- deque

class deque:
    """A double-ended queue (a list inside: appendleft/popleft are O(n))."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError('an integer is required')
            if maxlen < 0:
                raise ValueError('maxlen must be non-negative')
        self._maxlen = maxlen
        self._items = []
        self.extend(iterable)

    @property
    def maxlen(self):
        return self._maxlen

    def _trim_left(self):
        if self._maxlen is not None:
            while len(self._items) > self._maxlen:
                self._items.pop(0)

    def _trim_right(self):
        if self._maxlen is not None:
            while len(self._items) > self._maxlen:
                self._items.pop()

    def append(self, x):
        self._items.append(x)
        self._trim_left()

    def appendleft(self, x):
        self._items.insert(0, x)
        self._trim_right()

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def pop(self):
        if not self._items:
            raise IndexError('pop from an empty deque')
        return self._items.pop()

    def popleft(self):
        if not self._items:
            raise IndexError('pop from an empty deque')
        return self._items.pop(0)

    def clear(self):
        self._items.clear()

    def copy(self):
        return deque(self._items, self._maxlen)

    __copy__ = copy

    def count(self, x):
        return self._items.count(x)

    def index(self, x, *args):
        return self._items.index(x, *args)

    def insert(self, i, x):
        if self._maxlen is not None and len(self._items) >= self._maxlen:
            raise IndexError('deque already at its maximum size')
        self._items.insert(i, x)

    def remove(self, value):
        self._items.remove(value)

    def reverse(self):
        self._items.reverse()

    def rotate(self, n=1):
        length = len(self._items)
        if length:
            n = n % length
            if n:
                self._items[:] = self._items[-n:] + self._items[:-n]

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return len(self._items) > 0

    def __iter__(self):
        return iter(self._items)

    def __reversed__(self):
        return reversed(self._items)

    def __contains__(self, x):
        return x in self._items

    def __getitem__(self, i):
        if isinstance(i, slice):
            raise TypeError('sequence index must be integer, not slice')
        return self._items[i]

    __setitem__ = _on_field('_items', _store)
    __delitem__ = _on_field('_items', _discard)

    __hash__ = None

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "%s") to deque'
                            % type(other).__name__)
        return deque(self._items + other._items, self._maxlen)

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        return deque(self._items * n, self._maxlen)

    def __repr__(self):
        if self._maxlen is None:
            return 'deque(%r)' % (self._items,)
        return 'deque(%r, maxlen=%d)' % (self._items, self._maxlen)


_add_strict_orderings(
    deque, lambda other: other._items if isinstance(other, deque) else None)


# --------------------------------------------------- OrderedDict, defaultdict

class OrderedDict(UserDict):
    """A dict that remembers insertion order (as dict does) and can move keys
    to either end. Not a dict subclass in pyrc."""

    def popitem(self, last=True):
        if not self.data:
            raise KeyError('dictionary is empty')
        keys = list(self.data)
        key = keys[-1] if last else keys[0]
        return key, self.data.pop(key)

    def move_to_end(self, key, last=True):
        value = self.data.pop(key)
        if last:
            self.data[key] = value
        else:
            rest = self.data
            self.data = {key: value}
            self.data.update(rest)

    def __reversed__(self):
        return reversed(list(self.data))

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return list(self.data.items()) == list(other.data.items())
        return UserDict.__eq__(self, other)

    def __repr__(self):
        if not self.data:
            return '%s()' % (type(self).__name__,)
        return '%s(%r)' % (type(self).__name__, list(self.data.items()))


class defaultdict(UserDict):
    """A dict whose missing keys get default_factory() (not a dict subclass in pyrc)."""

    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError('first argument must be callable or None')
        self.default_factory = default_factory
        UserDict.__init__(self, *args, **kwargs)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self.data[key] = value
        return value

    def copy(self):
        return defaultdict(self.default_factory, self.data)

    __copy__ = copy

    def __repr__(self):
        return 'defaultdict(%r, %r)' % (self.default_factory, self.data)


# -------------------------------------------------------------------- Counter

class Counter(UserDict):
    """A dict of counts (not a dict subclass in pyrc)."""

    def __init__(self, iterable=None, **kwds):
        UserDict.__init__(self)
        self.update(iterable, **kwds)

    def __missing__(self, key):
        return 0

    def total(self):
        return sum(self.data.values())

    def most_common(self, n=None):
        items = sorted(self.data.items(), key=lambda kv: kv[1], reverse=True)
        if n is None:
            return items
        return items[:n]

    def elements(self):
        result = []
        for elem, count in self.data.items():
            for _ in range(count):
                result.append(elem)
        return iter(result)

    def update(self, iterable=None, **kwds):
        if iterable is not None:
            if hasattr(iterable, 'keys'):
                for elem in list(iterable.keys()):
                    self.data[elem] = self.data.get(elem, 0) + iterable[elem]
            else:
                for elem in iterable:
                    self.data[elem] = self.data.get(elem, 0) + 1
        if kwds:
            self.update(kwds)

    def subtract(self, iterable=None, **kwds):
        if iterable is not None:
            if hasattr(iterable, 'keys'):
                for elem in list(iterable.keys()):
                    self.data[elem] = self.data.get(elem, 0) - iterable[elem]
            else:
                for elem in iterable:
                    self.data[elem] = self.data.get(elem, 0) - 1
        if kwds:
            self.subtract(kwds)

    def copy(self):
        return Counter(self)

    __copy__ = copy

    def __delitem__(self, elem):
        if elem in self.data:
            del self.data[elem]

    def __repr__(self):
        if not self.data:
            return 'Counter()'
        inner = ', '.join(['%r: %r' % kv for kv in self.most_common()])
        return 'Counter({%s})' % inner

    def __add__(self, other):
        result = Counter()
        for elem, count in self.data.items():
            newcount = count + other[elem]
            if newcount > 0:
                result.data[elem] = newcount
        for elem, count in other.data.items():
            if elem not in self.data and count > 0:
                result.data[elem] = count
        return result

    def __sub__(self, other):
        result = Counter()
        for elem, count in self.data.items():
            newcount = count - other[elem]
            if newcount > 0:
                result.data[elem] = newcount
        for elem, count in other.data.items():
            if elem not in self.data and count < 0:
                result.data[elem] = 0 - count
        return result


# ------------------------------------------------------------------- ChainMap

class ChainMap(_MutableMapping):
    """A read-through view over a list of mappings (`self.maps`): lookups try
    each mapping in turn, while every change lands in maps[0]."""

    def __init__(self, *maps):
        self.maps = list(maps) if maps else [{}]

    def _holder(self, key):
        """The first mapping holding key, or None."""
        return next((m for m in self.maps if key in m), None)

    def __missing__(self, key):
        raise KeyError(key)

    def __getitem__(self, key):
        holder = self._holder(key)
        if holder is None:
            return self.__missing__(key)
        return holder[key]

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __iter__(self):
        # Order: keys of the last mapping first, each key once.
        ordered = {}
        for layer in self.maps[::-1]:
            ordered.update(dict.fromkeys(layer))
        return iter(ordered)

    def __len__(self):
        return len(set().union(*self.maps))

    def __contains__(self, key):
        return self._holder(key) is not None

    def __bool__(self):
        return any(self.maps)

    def __repr__(self):
        shown = ', '.join([repr(m) for m in self.maps])
        return '%s(%s)' % (self.__class__.__name__, shown)

    def copy(self):
        head, *tail = self.maps
        return self.__class__(head.copy(), *tail)

    __copy__ = copy

    def new_child(self, m=None, **kwargs):
        front = kwargs if m is None else m
        if m is not None and kwargs:
            front.update(kwargs)
        return self.__class__(front, *self.maps)

    @property
    def parents(self):
        return self.__class__(*self.maps[1:])

    # -- changes: always to maps[0]

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def _front_call(self, action, message, *args):
        try:
            return action(self.maps[0], *args)
        except KeyError:
            raise KeyError(message)

    def __delitem__(self, key):
        def drop(front):
            del front[key]
        self._front_call(drop, 'Key not found in the first mapping: %r' % (key,))

    def popitem(self):
        return self._front_call(lambda front: front.popitem(),
                                'No keys found in the first mapping.')

    def pop(self, key, *args):
        return self._front_call(lambda front: front.pop(key, *args),
                                'Key not found in the first mapping: %r' % (key,))

    def clear(self):
        self.maps[0].clear()
