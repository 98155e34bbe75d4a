"""weakref: weak references and the weak containers, written for pyrc from the documented
behaviour of CPython 3.11's `weakref` module (kept: CPython's `weakref.py` needs
`_weakref._remove_dead_weakref` and subclasses of `ref` with their own fields (`KeyedRef`,
`WeakMethod`), which the native `_weakref` does not offer yet). The references themselves come from pyrc's
native `_weakref` module (CPython's `_weakref` is written in C too). The weak containers share
a mixin that defers the removal of dead entries while one of their generators runs
(`collections.abc`'s mixins give the mapping methods; bound methods are made by
`_bind_method`; `finalize` runs at exit through the interpreter, which calls
`finalize._select_for_exit` and sets `_shutdown`)."""

from _weakref import (
    CallableProxyType,
    ProxyType,
    ReferenceType,
    _bind_method,
    getweakrefcount,
    getweakrefs,
    proxy,
    ref,
)

ProxyTypes = (ProxyType, CallableProxyType)

try:
    from collections.abc import Mapping as _Mapping, MutableMapping as _MutableMapping
except ImportError:
    _Mapping = _MutableMapping = object


_plain_dict = dict


def _mapping_like(candidate):
    # dict is not registered as a collections.abc.Mapping in pyrc, so name it too.
    return isinstance(candidate, (dict, _Mapping))


_NOT_REFERENCEABLE = object()


def _weak_probe(obj):
    try:
        return ref(obj)
    except TypeError:
        return _NOT_REFERENCEABLE


def _death_notifier(container, by_key):
    # The callback given to the weak references a container makes. It holds
    # the container only weakly and, having no free variables, no closure.
    def notify(dead, _owner=ref(container), _by_key=by_key):
        owner = _owner()
        if owner is not None:
            owner._forget(dead.key if _by_key else dead)
    return notify


class _LazyPurge:
    # Shared machinery of the weak containers. While one of their generators
    # is running, entries whose referent dies are only noted in _doomed and
    # removed when the last generator finishes, so that the dict or set being
    # iterated never changes size under the iterator.

    def _setup_purge(self, by_key=False):
        self._doomed = set()
        self._iter_depth = 0
        self._remove = _death_notifier(self, by_key)

    def _forget(self, token):
        if self._iter_depth:
            self._doomed.add(token)
        else:
            self._drop(token)

    def _purge(self):
        doomed = self._doomed
        while doomed and not self._iter_depth:
            self._drop(doomed.pop())

    def _iter_begin(self):
        self._iter_depth += 1

    def _iter_end(self):
        self._iter_depth -= 1
        if self._iter_depth <= 0:
            self._iter_depth = 0
            self._purge()

    def _member(self, obj):
        # Whether obj is a live member; never true for what cannot be
        # weakly referenced (its probe is a placeholder no container holds).
        return _weak_probe(obj) in self.data

    def _doomed_count(self):
        # How many noted entries are still physically present in self.data.
        data = self.data
        # A snapshot: callbacks may add to _doomed meanwhile.
        return sum(1 for token in tuple(self._doomed) if token in data)


def _method_part_watcher(user_callback):
    # The callback of both weak references inside a WeakMethod. The list it
    # returns receives a weak reference to the WeakMethod once that exists,
    # so the callback does not keep the WeakMethod alive.
    watch_list = []

    def watcher(_unused):
        method_ref = watch_list[0]() if watch_list else None
        if method_ref is not None and method_ref._alive:
            method_ref._alive = False
            if user_callback is not None:
                user_callback(method_ref)

    return watch_list, watcher


class KeyedRef(ref):
    """A weak reference carrying a `key` attribute, so that one callback can
    serve a whole WeakValueDictionary."""

    __slots__ = ("key",)

    def __init__(self, ob, callback, key):
        # ref.__init__ knows nothing of the key: __new__ has stored it.
        ref.__init__(self, ob, callback)

    def __new__(cls, ob, callback, key):
        keyed = ref.__new__(cls, ob, callback)
        keyed.key = key
        return keyed


class WeakMethod(ref):
    """A weak reference to a bound method: it stays usable for as long as
    both the instance and the function are alive, and calling it rebuilds
    the bound method (or returns None once either has gone)."""

    __slots__ = ("_func_ref", "_meth_type", "_alive", "__weakref__")

    def __new__(cls, meth, callback=None):
        receiver = getattr(meth, "__self__", _NOT_REFERENCEABLE)
        function = getattr(meth, "__func__", _NOT_REFERENCEABLE)
        if receiver is _NOT_REFERENCEABLE or function is _NOT_REFERENCEABLE:
            raise TypeError(f"argument should be a bound method, not {type(meth)}")
        watch_list, watcher = _method_part_watcher(callback)
        instance = ref.__new__(cls, receiver, watcher)
        instance._alive, instance._meth_type = True, type(meth)
        instance._func_ref = ref(function, watcher)
        watch_list.append(ref(instance))
        return instance

    def __call__(self):
        receiver = super().__call__()
        function = self._func_ref()
        if receiver is not None and function is not None:
            return _bind_method(function, receiver)
        return None

    def _same_method(self, other):
        return ref.__eq__(self, other) and self._func_ref == other._func_ref

    def __eq__(self, other):
        if not isinstance(other, WeakMethod):
            return NotImplemented
        if self._alive and other._alive:
            return self._same_method(other)
        return self is other

    def __ne__(self, other):
        if not isinstance(other, WeakMethod):
            return NotImplemented
        if self._alive and other._alive:
            return not self._same_method(other)
        return self is not other

    __hash__ = ref.__hash__


class WeakValueDictionary(_LazyPurge, _MutableMapping):
    """A mapping whose values are held through weak references: an entry
    disappears once nothing else keeps its value alive."""

    def __init__(self, other=(), /, **kw):
        self._setup_purge(by_key=True)
        self.data = {}
        self.update(other, **kw)

    def _drop(self, key):
        # The entry may have been replaced by a live one meanwhile.
        entry = self.data.get(key)
        if entry is not None and entry() is None:
            del self.data[key]

    def _tidy(self):
        if self._doomed:
            self._purge()

    def _entry(self, key, value):
        return KeyedRef(value, self._remove, key)

    def _lookup(self, key):
        # The live value stored for key, or None.
        entry = self.data.get(key)
        return None if entry is None else entry()

    def __repr__(self):
        return f"<{type(self).__name__} at {id(self):#x}>"

    def __len__(self):
        self._tidy()
        data = self.data
        stale = sum(1 for k in tuple(self._doomed) if k in data and data[k]() is None)
        return len(data) - stale

    def __contains__(self, key):
        self._tidy()
        return self._lookup(key) is not None

    def __getitem__(self, key):
        self._tidy()
        value = self._lookup(key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key, default=None):
        self._tidy()
        value = self._lookup(key)
        return default if value is None else value

    def __setitem__(self, key, value):
        self._tidy()
        self.data[key] = self._entry(key, value)

    def __delitem__(self, key):
        self._tidy()
        if self.data.pop(key)() is None:
            raise KeyError(key)

    def pop(self, key, *default):
        self._tidy()
        entry = self.data.pop(key, None)
        value = None if entry is None else entry()
        if value is not None:
            return value
        if default:
            return default[0]
        raise KeyError(key)

    def popitem(self):
        self._tidy()
        data = self.data
        while data:
            key, entry = data.popitem()
            value = entry()
            if value is not None:
                return key, value
        raise KeyError("popitem(): dictionary is empty")

    def setdefault(self, key, default=None):
        value = self._lookup(key)
        if value is not None:
            return value
        self._tidy()
        self.data[key] = self._entry(key, default)
        return default

    def clear(self):
        self.data.clear()
        self._doomed.clear()

    def update(self, other=None, /, **kwargs):
        self._tidy()
        sources = []
        if other is not None:
            sources.append(other.items() if hasattr(other, "items") else dict(other).items())
        sources.append(kwargs.items())
        for pairs in sources:
            for key, value in pairs:
                self.data[key] = self._entry(key, value)

    def _walk(self, mode):
        # mode 0: keys, 1: values, 2: (key, value) pairs; live entries only.
        # Keys are checked without keeping their value in the frame.
        self._iter_begin()
        try:
            for key, entry in self.data.items():
                if mode == 0:
                    if entry() is not None:
                        yield key
                    continue
                value = entry()
                if value is not None:
                    yield value if mode == 1 else (key, value)
        finally:
            self._iter_end()

    def keys(self):
        self._tidy()
        return self._walk(0)

    __iter__ = keys

    def values(self):
        self._tidy()
        return self._walk(1)

    def items(self):
        self._tidy()
        return self._walk(2)

    def itervaluerefs(self):
        """Yield the weak references to the values; each may be dead by the
        time it is called."""
        self._tidy()
        self._iter_begin()
        try:
            for entry in self.data.values():
                yield entry
        finally:
            self._iter_end()

    def valuerefs(self):
        """A list of the weak references to the values; each may be dead by
        the time it is called."""
        self._tidy()
        return list(self.data.values())

    def _filled(self, result, convert_key):
        for key, value in self._walk(2):
            result[convert_key(key)] = value
        return result

    def copy(self):
        self._tidy()
        return self._filled(WeakValueDictionary(), lambda key: key)

    __copy__ = copy

    def __deepcopy__(self, memo):
        from copy import deepcopy
        self._tidy()
        return self._filled(self.__class__(), lambda key: deepcopy(key, memo))

    def __ior__(self, other):
        self.update(other)
        return self

    def __or__(self, other):
        if not _mapping_like(other):
            return NotImplemented
        merged = self.copy()
        merged.update(other)
        return merged

    def __ror__(self, other):
        if not _mapping_like(other):
            return NotImplemented
        merged = self.__class__()
        merged.update(other)
        merged.update(self)
        return merged


class WeakKeyDictionary(_LazyPurge, _MutableMapping):
    """A mapping whose keys are held through weak references: an entry
    disappears once nothing else keeps its key alive. Keys must be hashable
    and weakly referenceable."""

    def __init__(self, dict=None):
        self._setup_purge()
        self.data = {}
        if dict is not None:
            self.update(dict)

    def _drop(self, dead):
        self.data.pop(dead, None)

    def _strong(self, key):
        return ref(key, self._remove)

    def __repr__(self):
        return f"<{type(self).__name__} at {id(self):#x}>"

    def __len__(self):
        return len(self.data) - self._doomed_count()

    def __contains__(self, key):
        return self._member(key)

    def __getitem__(self, key):
        return self.data[ref(key)]

    def get(self, key, default=None):
        return self.data.get(ref(key), default)

    def __setitem__(self, key, value):
        self.data[self._strong(key)] = value

    def __delitem__(self, key):
        del self.data[ref(key)]

    def pop(self, key, *default):
        return self.data.pop(ref(key), *default)

    def popitem(self):
        data = self.data
        while True:
            wr, value = data.popitem()
            key = wr()
            if key is not None:
                return key, value
            self._doomed.discard(wr)

    def setdefault(self, key, default=None):
        return self.data.setdefault(self._strong(key), default)

    def clear(self):
        self.data.clear()
        self._doomed.clear()

    def update(self, dict=None, /, **kwargs):
        for source in (dict, kwargs):
            if source is None:
                continue
            if not hasattr(source, "items"):
                source = _plain_dict(source)
            for key, value in source.items():
                self.data[self._strong(key)] = value

    def _walk(self, mode):
        # mode 0: keys, 1: values, 2: (key, value) pairs; live keys only.
        # Values are produced without keeping their key in the frame.
        self._iter_begin()
        try:
            for wr, value in self.data.items():
                if mode == 1:
                    if wr() is not None:
                        yield value
                    continue
                key = wr()
                if key is not None:
                    yield key if mode == 0 else (key, value)
        finally:
            self._iter_end()

    def keys(self):
        return self._walk(0)

    __iter__ = keys

    def values(self):
        return self._walk(1)

    def items(self):
        return self._walk(2)

    def keyrefs(self):
        """A list of the weak references to the keys; each may be dead by
        the time it is called."""
        return list(self.data)

    def copy(self):
        result = WeakKeyDictionary()
        for key, value in self._walk(2):
            result[key] = value
        return result

    __copy__ = copy

    def __deepcopy__(self, memo):
        from copy import deepcopy
        result = self.__class__()
        for key, value in self._walk(2):
            result[key] = deepcopy(value, memo)
        return result

    def __ior__(self, other):
        self.update(other)
        return self

    def __or__(self, other):
        if not _mapping_like(other):
            return NotImplemented
        merged = self.copy()
        merged.update(other)
        return merged

    def __ror__(self, other):
        if not _mapping_like(other):
            return NotImplemented
        merged = self.__class__()
        merged.update(other)
        merged.update(self)
        return merged


class WeakSet(_LazyPurge):
    """A set of weakly referenced elements: an element leaves the set once
    nothing else keeps it alive."""

    def __init__(self, data=None):
        self._setup_purge()
        self.data = set()
        if data is not None:
            self.update(data)

    def _drop(self, dead):
        self.data.discard(dead)

    def _tidy(self):
        if self._doomed:
            self._purge()

    def _refs(self, items, callback=None):
        if callback is None:
            return {ref(item) for item in items}
        return {ref(item, callback) for item in items}

    def __repr__(self):
        return repr(self.data)

    def __reduce__(self):
        return type(self), (list(self),), getattr(self, "__dict__", None)

    def __len__(self):
        return len(self.data) - self._doomed_count()

    def __contains__(self, item):
        return self._member(item)

    def __iter__(self):
        self._iter_begin()
        try:
            for wr in self.data:
                item = wr()
                if item is not None:
                    # The suspended generator keeps `item` alive until resumed.
                    yield item
        finally:
            self._iter_end()

    def add(self, item):
        self._tidy()
        self.data.add(ref(item, self._remove))

    def update(self, other):
        self._tidy()
        for item in other:
            self.add(item)

    def __ior__(self, other):
        self.update(other)
        return self

    def remove(self, item):
        self._tidy()
        self.data.remove(ref(item))

    def discard(self, item):
        self._tidy()
        self.data.discard(ref(item))

    def clear(self):
        self.data.clear()
        self._doomed.clear()

    def pop(self):
        self._tidy()
        data = self.data
        while data:
            item = data.pop()()
            if item is not None:
                return item
        raise KeyError("pop from empty WeakSet")

    def copy(self):
        return self.__class__(self)

    def union(self, other):
        result = self.copy()
        result.update(other)
        return result

    __or__ = union

    def difference_update(self, other):
        self._tidy()
        if other is self:
            self.data.clear()
        else:
            self.data -= self._refs(other)

    def __isub__(self, other):
        self.difference_update(other)
        return self

    def difference(self, other):
        result = self.copy()
        result.difference_update(other)
        return result

    __sub__ = difference

    def intersection_update(self, other):
        self._tidy()
        self.data &= self._refs(other)

    def __iand__(self, other):
        self.intersection_update(other)
        return self

    def intersection(self, other):
        return self.__class__([item for item in other if item in self])

    __and__ = intersection

    def symmetric_difference_update(self, other):
        self._tidy()
        if other is self:
            self.data.clear()
        else:
            self.data ^= self._refs(other, self._remove)

    def __ixor__(self, other):
        self.symmetric_difference_update(other)
        return self

    def symmetric_difference(self, other):
        result = self.copy()
        result.symmetric_difference_update(other)
        return result

    __xor__ = symmetric_difference

    def isdisjoint(self, other):
        return not self.intersection(other)

    def issubset(self, other):
        return self.data <= self._refs(other)

    __le__ = issubset

    def issuperset(self, other):
        return self.data >= self._refs(other)

    __ge__ = issuperset

    def __lt__(self, other):
        return self.data < self._refs(other)

    def __gt__(self, other):
        return self.data > self._refs(other)

    def __eq__(self, other):
        if isinstance(other, self.__class__):
            return self.data == self._refs(other)
        return NotImplemented


class _FinalizerRecord:
    __slots__ = ("target", "func", "args", "kwargs", "atexit", "serial")


class finalize:
    """finalize(obj, func, /, *args, **kwargs): a callable that runs
    func(*args, **kwargs) once, either when obj is garbage collected or when
    called explicitly (returning func's result), whichever comes first; after
    that it is dead and calling it returns None. Finalizers still alive at
    interpreter exit whose `atexit` attribute is true run then, newest first.
    """

    _registry = {}
    _shutdown = False
    _serials = [0]

    def __init__(self, obj, func, /, *args, **kwargs):
        record = _FinalizerRecord()
        record.target = ref(obj, self)
        record.func = func
        record.args = args
        record.kwargs = dict(kwargs)
        record.atexit = True
        record.serial = finalize._serials[0]
        finalize._serials[0] = record.serial + 1
        finalize._registry[self] = record

    def _record(self):
        return finalize._registry.get(self)

    def _snapshot(self, record):
        # (obj, func, args, kwargs) while obj lives, else None.
        if record is None:
            return None
        obj = record.target()
        if obj is None:
            return None
        return (obj, record.func, record.args, dict(record.kwargs))

    def __call__(self, _=None):
        """Run the callback if still alive (then it is dead) and return its
        result; None otherwise."""
        record = finalize._registry.pop(self, None)
        if record is None or finalize._shutdown:
            return None
        return record.func(*record.args, **record.kwargs)

    def detach(self):
        """If alive, kill without calling and return (obj, func, args,
        kwargs); None otherwise."""
        state = self._snapshot(self._record())
        if state is not None and finalize._registry.pop(self, None) is not None:
            return state
        return None

    def peek(self):
        """If alive, return (obj, func, args, kwargs); None otherwise."""
        return self._snapshot(self._record())

    @property
    def alive(self):
        """True until the finalizer has been called or detached."""
        return self in finalize._registry

    @property
    def atexit(self):
        """Whether to run this finalizer at interpreter exit."""
        record = self._record()
        return record is not None and record.atexit

    @atexit.setter
    def atexit(self, value):
        record = self._record()
        if record is not None:
            record.atexit = bool(value)

    def __repr__(self):
        record = self._record()
        obj = None if record is None else record.target()
        head = f"<{type(self).__name__} object at {id(self):#x}"
        if obj is None:
            return head + "; dead>"
        return f"{head}; for {type(obj).__name__!r} at {id(obj):#x}>"

    @classmethod
    def _select_for_exit(cls):
        # Called by the interpreter's exit path: the live finalizers whose
        # atexit flag is set, oldest first (it runs them from the end).
        chosen = [(rec.serial, f) for f, rec in cls._registry.items() if rec.atexit]
        chosen.sort(key=lambda pair: pair[0])
        return [f for _, f in chosen]
