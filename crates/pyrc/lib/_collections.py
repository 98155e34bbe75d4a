"""pyrc's `_collections` (CPython's is written in C, `Modules/_collectionsmodule.c`): `deque` and
`defaultdict`, which CPython's own `collections` package imports.

`deque` keeps its items in a list (appendleft/popleft are O(n)); a native deque is still to
come. CPython's `collections` uses its own pure-Python `OrderedDict`, `_count_elements`
and namedtuple field properties when this module lacks them, as it does here.
"""

__all__ = ['deque', 'defaultdict']


class deque:
    """deque([iterable[, maxlen]]) --> deque object

A list-like sequence optimized for data accesses near its endpoints."""

    __slots__ = ('_items', '_head', '_maxlen', '__weakref__')

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            maxlen = maxlen.__index__() if not isinstance(maxlen, int) else maxlen
            if maxlen < 0:
                raise ValueError('maxlen must be non-negative')
        self._maxlen = maxlen
        self._items = []
        self._head = 0
        if iterable is not ():
            self.extend(iterable)

    @property
    def maxlen(self):
        """maximum size of a deque or None if unbounded"""
        return self._maxlen

    def _trim_left(self):
        maxlen = self._maxlen
        if maxlen is not None and len(self._live()) > maxlen:
            del self._live()[:len(self._live()) - maxlen]

    def _trim_right(self):
        maxlen = self._maxlen
        if maxlen is not None and len(self._live()) > maxlen:
            del self._live()[maxlen:]

    def _live(self):
        # The items are `_items[_head:]`: `popleft` only moves `_head` (the slots before it
        # hold None), so it takes O(1) amortised time; every other method first drops the
        # popped prefix.
        if self._head:
            del self._items[:self._head]
            self._head = 0
        return self._items

    def append(self, x):
        self._items.append(x)
        if self._maxlen is not None:
            self._trim_left()

    def appendleft(self, x):
        self._live().insert(0, x)
        if self._maxlen is not None:
            self._trim_right()

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        self._live().extend(iterable)
        self._trim_left()

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        items = list(iterable)
        items.reverse()
        self._live()[:0] = items
        self._trim_right()

    def pop(self):
        if not self._live():
            raise IndexError('pop from an empty deque')
        return self._live().pop()

    def popleft(self):
        items = self._items
        head = self._head
        if head >= len(items):
            raise IndexError('pop from an empty deque')
        x = items[head]
        items[head] = None
        head += 1
        if head == len(items):
            items.clear()
            head = 0
        elif head >= 64 and 2 * head >= len(items):
            del items[:head]
            head = 0
        self._head = head
        return x

    def clear(self):
        self._live().clear()

    def copy(self):
        return type(self)(self._live(), self._maxlen)

    def __copy__(self):
        return self.copy()

    def count(self, x):
        return self._live().count(x)

    def index(self, x, *args):
        try:
            return self._live().index(x, *args)
        except ValueError:
            raise ValueError('%r is not in deque' % (x,)) from None

    def insert(self, i, x):
        if self._maxlen is not None and len(self._live()) >= self._maxlen:
            raise IndexError('deque already at its maximum size')
        self._live().insert(i, x)

    def remove(self, value):
        try:
            self._live().remove(value)
        except ValueError:
            raise ValueError('%r is not in deque' % (value,)) from None

    def reverse(self):
        self._live().reverse()

    def rotate(self, n=1):
        length = len(self._live())
        if length:
            n = n % length
            if n:
                self._live()[:] = self._live()[-n:] + self._live()[:-n]

    def __len__(self):
        return len(self._items) - self._head

    def __bool__(self):
        return len(self._items) > self._head

    def __iter__(self):
        return iter(self._live())

    def __reversed__(self):
        return reversed(self._live())

    def __contains__(self, x):
        return x in self._live()

    def _index(self, i):
        if isinstance(i, slice):
            raise TypeError('sequence index must be integer, not %r' % 'slice')
        if not isinstance(i, int):
            i = i.__index__()
        if not -len(self._live()) <= i < len(self._live()):
            raise IndexError('deque index out of range')
        return i

    def __getitem__(self, i):
        return self._live()[self._index(i)]

    def __setitem__(self, i, value):
        self._live()[self._index(i)] = value

    def __delitem__(self, i):
        del self._live()[self._index(i)]

    __hash__ = None

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "%s") to deque'
                            % type(other).__name__)
        return type(self)(self._live() + other._live(), self._maxlen)

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        return type(self)(self._live() * n, self._maxlen)

    __rmul__ = __mul__

    def __imul__(self, n):
        items = self._live()
        items *= n
        self._trim_left()
        return self

    def __reduce__(self):
        state = getattr(self, '__dict__', None) or None
        return type(self), ((), self._maxlen), state, iter(self._live())

    def __repr__(self):
        if self._maxlen is None:
            return '%s(%r)' % (type(self).__name__, self._live())
        return '%s(%r, maxlen=%d)' % (type(self).__name__, self._live(), self._maxlen)

    def __class_getitem__(cls, item):
        import types
        return types.GenericAlias(cls, item)

    def _compare(self, other, op):
        if not isinstance(other, deque):
            return NotImplemented
        return op(self._live(), other._live())

    def __eq__(self, other):
        return self._compare(other, list.__eq__)

    def __ne__(self, other):
        return self._compare(other, list.__ne__)

    def __lt__(self, other):
        return self._compare(other, list.__lt__)

    def __le__(self, other):
        return self._compare(other, list.__le__)

    def __gt__(self, other):
        return self._compare(other, list.__gt__)

    def __ge__(self, other):
        return self._compare(other, list.__ge__)


class defaultdict(dict):
    """defaultdict(default_factory=None, /, [...]) --> dict with default factory

The default factory is called without arguments to produce
a new value when a key is not present, in __getitem__ only.
A defaultdict compares equal to a dict with the same items.
All remaining arguments are treated the same as if they were
passed to the dict constructor, including keyword arguments.
"""

    def __init__(self, default_factory=None, /, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError('first argument must be callable or None')
        super().__init__(*args, **kwargs)
        self.default_factory = default_factory

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        self[key] = value = self.default_factory()
        return value

    def copy(self):
        return type(self)(self.default_factory, self)

    __copy__ = copy

    def __reduce__(self):
        args = (self.default_factory,) if self.default_factory is not None else ()
        return type(self), args, None, None, iter(self.items())

    def __repr__(self):
        factory = self.default_factory
        factory_repr = 'None' if factory is None else repr(factory)
        return '%s(%s, %s)' % (type(self).__name__, factory_repr, dict.__repr__(self))

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = self.copy()
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, other)
        new.update(self)
        return new

    def __ior__(self, other):
        self.update(other)
        return self

