"""pyrc's `_collections_abc`, which `collections.abc` re-exports: the abstract collection
classes as plain mixin classes (CPython's defines coroutines with `async def`, which pyrc
cannot compile), so isinstance() is only true for classes that inherit from them (not for
built-in types or registered classes). It imports nothing, so that `os` (which needs
`_check_methods` and `MutableMapping`) does not load the `collections` package."""

# The classes are shown as `collections.abc.Mapping`, as CPython's.
__name__ = "collections.abc"


__all__ = ['Hashable', 'Iterable', 'Iterator', 'Reversible', 'Generator', 'Sized',
           'Container', 'Callable', 'Collection', 'Set', 'MutableSet', 'Mapping',
           'MutableMapping', 'MappingView', 'KeysView', 'ItemsView', 'ValuesView',
           'Sequence', 'MutableSequence', 'ByteString', 'Awaitable', 'Coroutine',
           'AsyncIterable', 'AsyncIterator', 'AsyncGenerator']


class Hashable:
    pass


class Iterable:
    pass


class Iterator(Iterable):
    def __iter__(self):
        return self


class Reversible(Iterable):
    pass


class Generator(Iterator):
    pass


class Sized:
    pass


class Container:
    pass


class Callable:
    pass


class Collection(Sized, Iterable, Container):
    pass


class Awaitable:
    pass


class Coroutine(Awaitable):
    pass


class AsyncIterable:
    pass


class AsyncIterator(AsyncIterable):
    pass


class AsyncGenerator(AsyncIterator):
    pass


class Set(Collection):
    def __le__(self, other):
        if len(self) > len(other):
            return False
        for elem in self:
            if elem not in other:
                return False
        return True

    def __lt__(self, other):
        return len(self) < len(other) and self.__le__(other)

    def __ge__(self, other):
        if len(self) < len(other):
            return False
        for elem in other:
            if elem not in self:
                return False
        return True

    def __gt__(self, other):
        return len(self) > len(other) and self.__ge__(other)

    def __eq__(self, other):
        try:
            return len(self) == len(other) and self.__le__(other)
        except TypeError:
            return NotImplemented

    def isdisjoint(self, other):
        for value in other:
            if value in self:
                return False
        return True

    def _from_iterable(self, it):
        return set(it)

    def __and__(self, other):
        return self._from_iterable([value for value in other if value in self])

    def __or__(self, other):
        return self._from_iterable(list(self) + list(other))

    def __sub__(self, other):
        return self._from_iterable([value for value in self if value not in other])

    def __xor__(self, other):
        return (self - other) | (other - self)


class MutableSet(Set):
    def remove(self, value):
        if value not in self:
            raise KeyError(value)
        self.discard(value)

    def pop(self):
        it = iter(self)
        try:
            value = next(it)
        except StopIteration:
            raise KeyError
        self.discard(value)
        return value

    def clear(self):
        try:
            while True:
                self.pop()
        except KeyError:
            pass


class Mapping(Collection):
    """Needs __getitem__, __iter__ and __len__; gives get, __contains__, keys,
    items, values, __eq__."""

    def keys(self):
        return KeysView(self)

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def items(self):
        return ItemsView(self)

    def __contains__(self, key):
        try:
            self[key]
        except KeyError:
            return False
        return True

    def values(self):
        return ValuesView(self)

    def __eq__(self, other):
        try:
            other_items = dict(other.items())
        except AttributeError:
            return NotImplemented
        return dict(self.items()) == other_items

    __reversed__ = None


_marker = object()


class MutableMapping(Mapping):
    """Needs also __setitem__ and __delitem__; gives pop, popitem, clear,
    update, setdefault."""

    def pop(self, key, default=_marker):
        try:
            value = self[key]
        except KeyError:
            if default is _marker:
                raise
            return default
        del self[key]
        return value

    def popitem(self):
        try:
            key = next(iter(self))
        except StopIteration:
            raise KeyError('popitem(): dictionary is empty')
        value = self[key]
        del self[key]
        return key, value

    def clear(self):
        try:
            while True:
                self.popitem()
        except KeyError:
            pass

    def update(self, other=(), **kwds):
        if hasattr(other, 'keys'):
            for key in list(other.keys()):
                self[key] = other[key]
        else:
            for key, value in other:
                self[key] = value
        for key, value in kwds.items():
            self[key] = value

    def setdefault(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            self[key] = default
        return default


class MappingView(Sized):
    def __init__(self, mapping):
        self._mapping = mapping

    def __len__(self):
        return len(self._mapping)

    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self._mapping)


class KeysView(MappingView, Set):
    def __contains__(self, key):
        return key in self._mapping

    def __iter__(self):
        return iter(list(self._mapping))


class ItemsView(MappingView, Set):
    def __contains__(self, item):
        key, value = item
        try:
            v = self._mapping[key]
        except KeyError:
            return False
        return v is value or v == value

    def __iter__(self):
        return iter([(key, self._mapping[key]) for key in self._mapping])


class ValuesView(MappingView, Collection):
    def __contains__(self, value):
        for key in self._mapping:
            v = self._mapping[key]
            if v is value or v == value:
                return True
        return False

    def __iter__(self):
        return iter([self._mapping[key] for key in self._mapping])


class Sequence(Reversible, Collection):
    """Needs __getitem__ and __len__; gives __iter__, __contains__,
    __reversed__, index, count."""

    def __iter__(self):
        return iter([self[i] for i in range(len(self))])

    def __contains__(self, value):
        for v in self:
            if v is value or v == value:
                return True
        return False

    def __reversed__(self):
        return iter([self[i] for i in range(len(self) - 1, -1, -1)])

    def index(self, value, start=0, stop=None):
        if start is not None and start < 0:
            start = max(len(self) + start, 0)
        if stop is None:
            stop = len(self)
        elif stop < 0:
            stop += len(self)
        i = start
        while i < stop:
            try:
                v = self[i]
            except IndexError:
                break
            if v is value or v == value:
                return i
            i += 1
        raise ValueError

    def count(self, value):
        n = 0
        for v in self:
            if v is value or v == value:
                n += 1
        return n


class ByteString(Sequence):
    pass


class MutableSequence(Sequence):
    """Needs also __setitem__, __delitem__ and insert; gives append, clear,
    reverse, extend, pop, remove, __iadd__."""

    def append(self, value):
        self.insert(len(self), value)

    def clear(self):
        try:
            while True:
                self.pop()
        except IndexError:
            pass

    def reverse(self):
        n = len(self)
        for i in range(n // 2):
            self[i], self[n - i - 1] = self[n - i - 1], self[i]

    def extend(self, values):
        if values is self:
            values = list(values)
        for v in values:
            self.append(v)

    def pop(self, index=-1):
        v = self[index]
        del self[index]
        return v

    def remove(self, value):
        del self[self.index(value)]

    def __iadd__(self, values):
        self.extend(values)
        return self


def _check_methods(C, *methods):
    """Whether class `C` defines each of `methods` (one set to None refuses), as CPython's
    helper of the same name answers the `__subclasshook__`s of `os.PathLike` and others."""
    mro = C.__mro__
    for method in methods:
        for B in mro:
            if method in B.__dict__:
                if B.__dict__[method] is None:
                    return NotImplemented
                break
        else:
            return NotImplemented
    return True
