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


# ------------------------------------------------------------------- UserDict

class UserDict(_MutableMapping):
    """A dict-like class whose contents are the dict in its `data` attribute."""

    def __init__(self, *args, **kwargs):
        if len(args) > 1:
            raise TypeError('expected at most 1 argument, got %d' % len(args))
        self.data = {}
        if args and args[0] is not None:
            self.update(args[0])
        if kwargs:
            self.update(kwargs)

    def __len__(self):
        return len(self.data)

    def __getitem__(self, key):
        if key in self.data:
            return self.data[key]
        missing = getattr(self.__class__, '__missing__', None)
        if missing is not None:
            return missing(self, key)
        raise KeyError(key)

    def __setitem__(self, key, item):
        self.data[key] = item

    def __delitem__(self, key):
        del self.data[key]

    def __iter__(self):
        return iter(self.data)

    def __contains__(self, key):
        return key in self.data

    def __repr__(self):
        return repr(self.data)

    def __eq__(self, other):
        if isinstance(other, UserDict):
            return self.data == other.data
        if isinstance(other, dict):
            return self.data == other
        return _Mapping.__eq__(self, other)

    def __ne__(self, other):
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    __hash__ = None

    def __or__(self, other):
        if isinstance(other, UserDict):
            return self.__class__(_dict_or(self.data, other.data))
        if isinstance(other, dict):
            return self.__class__(_dict_or(self.data, other))
        return NotImplemented

    def __ror__(self, other):
        if isinstance(other, UserDict):
            return self.__class__(_dict_or(other.data, self.data))
        if isinstance(other, dict):
            return self.__class__(_dict_or(other, self.data))
        return NotImplemented

    def __ior__(self, other):
        if isinstance(other, UserDict):
            self.data.update(other.data)
        else:
            self.update(other)
        return self

    def __copy__(self):
        inst = _blank_copy(self)
        inst.__dict__.update(self.__dict__)
        inst.__dict__['data'] = self.__dict__['data'].copy()
        return inst

    def copy(self):
        if self.__class__ is UserDict:
            return UserDict(self.data.copy())
        data = self.data
        try:
            self.data = {}
            c = _copy_module().copy(self)
        finally:
            self.data = data
        c.update(self)
        return c

    def get(self, key, default=None):
        if key in self:
            return self[key]
        return default

    @classmethod
    def fromkeys(cls, iterable, value=None):
        d = cls()
        for key in iterable:
            d[key] = value
        return d


def _dict_or(a, b):
    result = dict(a)
    result.update(b)
    return result


def _blank_copy(obj):
    """A shallow copy of obj's instance dictionary into a new instance of its
    class (made without calling __init__, through copy.copy's helper)."""
    return _copy_module()._new_instance(type(obj))


# ------------------------------------------------------------------- UserList

class UserList(_MutableSequence):
    """A list-like class whose contents are the list in its `data` attribute."""

    def __init__(self, initlist=None):
        self.data = []
        if initlist is not None:
            if type(initlist) == type(self.data):
                self.data[:] = initlist
            elif isinstance(initlist, UserList):
                self.data[:] = initlist.data[:]
            else:
                self.data = list(initlist)

    def __repr__(self):
        return repr(self.data)

    def _cast(self, other):
        if isinstance(other, UserList):
            return other.data
        return other

    def __lt__(self, other):
        return self.data < self._cast(other)

    def __le__(self, other):
        return self.data <= self._cast(other)

    def __eq__(self, other):
        return self.data == self._cast(other)

    def __ne__(self, other):
        return self.data != self._cast(other)

    def __gt__(self, other):
        return self.data > self._cast(other)

    def __ge__(self, other):
        return self.data >= self._cast(other)

    __hash__ = None

    def __contains__(self, item):
        return item in self.data

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        return iter(self.data)

    def __reversed__(self):
        return reversed(self.data)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.__class__(self.data[i])
        return self.data[i]

    def __setitem__(self, i, item):
        self.data[i] = item

    def __delitem__(self, i):
        del self.data[i]

    def __add__(self, other):
        if isinstance(other, UserList):
            return self.__class__(self.data + other.data)
        if isinstance(other, type(self.data)):
            return self.__class__(self.data + other)
        return self.__class__(self.data + list(other))

    def __radd__(self, other):
        if isinstance(other, UserList):
            return self.__class__(other.data + self.data)
        if isinstance(other, type(self.data)):
            return self.__class__(other + self.data)
        return self.__class__(list(other) + self.data)

    def __iadd__(self, other):
        if isinstance(other, UserList):
            self.data += other.data
        elif isinstance(other, type(self.data)):
            self.data += other
        else:
            self.data += list(other)
        return self

    def __mul__(self, n):
        return self.__class__(self.data * n)

    __rmul__ = __mul__

    def __imul__(self, n):
        self.data *= n
        return self

    def __copy__(self):
        inst = _blank_copy(self)
        inst.__dict__.update(self.__dict__)
        inst.__dict__['data'] = self.__dict__['data'][:]
        return inst

    def append(self, item):
        self.data.append(item)

    def insert(self, i, item):
        self.data.insert(i, item)

    def pop(self, i=-1):
        return self.data.pop(i)

    def remove(self, item):
        self.data.remove(item)

    def clear(self):
        self.data.clear()

    def copy(self):
        return self.__class__(self)

    def count(self, item):
        return self.data.count(item)

    def index(self, item, *args):
        return self.data.index(item, *args)

    def reverse(self):
        self.data.reverse()

    def sort(self, *args, **kwds):
        self.data.sort(*args, **kwds)

    def extend(self, other):
        if isinstance(other, UserList):
            self.data.extend(other.data)
        else:
            self.data.extend(other)


# ----------------------------------------------------------------- UserString

class UserString(_Sequence):
    """A str-like class whose contents are the str in its `data` attribute."""

    def __init__(self, seq):
        if isinstance(seq, str):
            self.data = seq
        elif isinstance(seq, UserString):
            self.data = seq.data[:]
        else:
            self.data = str(seq)

    def __str__(self):
        return str(self.data)

    def __repr__(self):
        return repr(self.data)

    def __int__(self):
        return int(self.data)

    def __float__(self):
        return float(self.data)

    def __hash__(self):
        return hash(self.data)

    def _cast(self, other):
        if isinstance(other, UserString):
            return other.data
        return other

    def __eq__(self, other):
        return self.data == self._cast(other)

    def __ne__(self, other):
        return self.data != self._cast(other)

    def __lt__(self, other):
        return self.data < self._cast(other)

    def __le__(self, other):
        return self.data <= self._cast(other)

    def __gt__(self, other):
        return self.data > self._cast(other)

    def __ge__(self, other):
        return self.data >= self._cast(other)

    def __contains__(self, char):
        return self._cast(char) in self.data

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        return iter(self.data)

    def __getitem__(self, index):
        return self.__class__(self.data[index])

    def __add__(self, other):
        if isinstance(other, UserString):
            return self.__class__(self.data + other.data)
        if isinstance(other, str):
            return self.__class__(self.data + other)
        return self.__class__(self.data + str(other))

    def __radd__(self, other):
        if isinstance(other, str):
            return self.__class__(other + self.data)
        return self.__class__(str(other) + self.data)

    def __mul__(self, n):
        return self.__class__(self.data * n)

    __rmul__ = __mul__

    def __mod__(self, args):
        return self.__class__(self.data % args)

    def upper(self):
        return self.__class__(self.data.upper())

    def lower(self):
        return self.__class__(self.data.lower())

    def strip(self, chars=None):
        return self.__class__(self.data.strip(chars))

    def startswith(self, prefix, *args):
        return self.data.startswith(prefix, *args)

    def endswith(self, suffix, *args):
        return self.data.endswith(suffix, *args)

    def split(self, sep=None, maxsplit=-1):
        return self.data.split(sep, maxsplit)

    def join(self, seq):
        return self.data.join(seq)

    def replace(self, old, new, maxsplit=-1):
        return self.__class__(self.data.replace(self._cast(old), self._cast(new), maxsplit))

    def find(self, sub, start=0, end=None):
        if end is None:
            end = len(self.data)
        return self.data.find(self._cast(sub), start, end)

    def encode(self, encoding='utf-8', errors='strict'):
        return self.data.encode(encoding, errors)


# ----------------------------------------------------------------- namedtuple

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

        def __len__(self):
            return n

        def __iter__(self):
            return iter(self._values)

        def __getitem__(self, index):
            return self._values[index]

        def __contains__(self, value):
            return value in self._values

        def __hash__(self):
            return hash(self._values)

        def _tuple_of(self, other):
            if isinstance(other, _NamedTuple):
                return other._values
            if isinstance(other, tuple):
                return other
            return None

        def __eq__(self, other):
            t = self._tuple_of(other)
            if t is None:
                return NotImplemented
            return self._values == t

        def __ne__(self, other):
            t = self._tuple_of(other)
            if t is None:
                return NotImplemented
            return self._values != t

        def __lt__(self, other):
            return self._values < self._tuple_of(other)

        def __le__(self, other):
            return self._values <= self._tuple_of(other)

        def __gt__(self, other):
            return self._values > self._tuple_of(other)

        def __ge__(self, other):
            return self._values >= self._tuple_of(other)

        def __add__(self, other):
            return self._values + tuple(other)

        def count(self, value):
            return self._values.count(value)

        def index(self, value, *args):
            return self._values.index(value, *args)

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

    def __setitem__(self, i, x):
        self._items[i] = x

    def __delitem__(self, i):
        del self._items[i]

    def _other(self, other):
        if isinstance(other, deque):
            return other._items
        return None

    def __eq__(self, other):
        o = self._other(other)
        if o is None:
            return NotImplemented
        return self._items == o

    def __ne__(self, other):
        o = self._other(other)
        if o is None:
            return NotImplemented
        return self._items != o

    def __lt__(self, other):
        return self._items < self._other(other)

    def __le__(self, other):
        return self._items <= self._other(other)

    def __gt__(self, other):
        return self._items > self._other(other)

    def __ge__(self, other):
        return self._items >= self._other(other)

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
    """Several mappings seen as one; writes go to the first."""

    def __init__(self, *maps):
        self.maps = list(maps) or [{}]

    def __missing__(self, key):
        raise KeyError(key)

    def __getitem__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        return self.__missing__(key)

    def get(self, key, default=None):
        if key in self:
            return self[key]
        return default

    def __len__(self):
        return len(set().union(*self.maps))

    def __iter__(self):
        seen = {}
        for mapping in reversed(self.maps):
            for key in mapping:
                seen[key] = None
        return iter(seen)

    def __contains__(self, key):
        for m in self.maps:
            if key in m:
                return True
        return False

    def __bool__(self):
        for m in self.maps:
            if m:
                return True
        return False

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, ', '.join(map(repr, self.maps)))

    def copy(self):
        return self.__class__(self.maps[0].copy(), *self.maps[1:])

    __copy__ = copy

    def new_child(self, m=None, **kwargs):
        if m is None:
            m = kwargs
        elif kwargs:
            m.update(kwargs)
        return self.__class__(m, *self.maps)

    @property
    def parents(self):
        return self.__class__(*self.maps[1:])

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError('Key not found in the first mapping: %r' % (key,))

    def popitem(self):
        try:
            return self.maps[0].popitem()
        except KeyError:
            raise KeyError('No keys found in the first mapping.')

    def pop(self, key, *args):
        try:
            return self.maps[0].pop(key, *args)
        except KeyError:
            raise KeyError('Key not found in the first mapping: %r' % (key,))

    def clear(self):
        self.maps[0].clear()
