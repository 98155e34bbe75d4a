"""pyrc's `functools`: partial, wraps/update_wrapper, total_ordering, reduce,
cmp_to_key, lru_cache/cache, cached_property, singledispatch (by exact type
and then the class's __mro__)."""

WRAPPER_ASSIGNMENTS = ('__module__', '__name__', '__qualname__', '__doc__')
WRAPPER_UPDATES = ('__dict__',)

_initial_missing = object()


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    for attr in assigned:
        try:
            value = getattr(wrapped, attr)
        except AttributeError:
            continue
        try:
            setattr(wrapper, attr, value)
        except (AttributeError, TypeError):
            pass
    for attr in updated:
        try:
            source = getattr(wrapped, attr)
            target = getattr(wrapper, attr)
            target.update(source)
        except (AttributeError, TypeError):
            pass
    try:
        wrapper.__wrapped__ = wrapped
    except (AttributeError, TypeError):
        pass
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    def decorator(wrapper):
        return update_wrapper(wrapper, wrapped, assigned, updated)
    return decorator


class partial:
    """partial(func, *args, **keywords): call func with these arguments first."""

    def __init__(self, func, *args, **keywords):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        if isinstance(func, partial):
            args = func.args + args
            merged = dict(func.keywords)
            merged.update(keywords)
            keywords = merged
            func = func.func
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        merged = dict(self.keywords)
        merged.update(keywords)
        return self.func(*self.args, *args, **merged)

    def __repr__(self):
        parts = [repr(self.func)]
        for arg in self.args:
            parts.append(repr(arg))
        for key, value in self.keywords.items():
            parts.append('%s=%r' % (key, value))
        return 'functools.partial(' + ', '.join(parts) + ')'


def reduce(function, iterable, initial=_initial_missing):
    it = iter(iterable)
    if initial is _initial_missing:
        try:
            value = next(it)
        except StopIteration:
            raise TypeError("reduce() of empty iterable with no initial value")
    else:
        value = initial
    for element in it:
        value = function(value, element)
    return value


def cmp_to_key(mycmp):
    class K:
        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

        __hash__ = None
    return K


def _not_op(op):
    def result(self, other):
        value = op(self, other)
        if value is NotImplemented:
            return value
        return not value
    return result


def total_ordering(cls):
    """Fill in the missing rich comparisons from one of __lt__, __le__, __gt__, __ge__ and __eq__."""
    def own(name):
        method = getattr(cls, name, None)
        return method is not None and method is not getattr(object, name, None)

    def lt_from_le(self, other):
        le = type(self).__le__(self, other)
        if le is NotImplemented:
            return le
        return le and self != other

    def lt_from_gt(self, other):
        gt = type(self).__gt__(self, other)
        if gt is NotImplemented:
            return gt
        return not gt and self != other

    def lt_from_ge(self, other):
        ge = type(self).__ge__(self, other)
        if ge is NotImplemented:
            return ge
        return not ge

    def le_from_lt(self, other):
        lt = type(self).__lt__(self, other)
        if lt is NotImplemented:
            return lt
        return lt or self == other

    def gt_from_lt(self, other):
        lt = type(self).__lt__(self, other)
        if lt is NotImplemented:
            return lt
        return not lt and self != other

    def ge_from_lt(self, other):
        lt = type(self).__lt__(self, other)
        if lt is NotImplemented:
            return lt
        return not lt

    roots = [name for name in ('__lt__', '__le__', '__gt__', '__ge__') if own(name)]
    if not roots:
        raise ValueError('must define at least one ordering operation: < > <= >=')
    root = roots[0]
    # Every operation from __lt__; __lt__ from the root when that is another one.
    if root == '__le__':
        lt = lt_from_le
    elif root == '__gt__':
        lt = lt_from_gt
    elif root == '__ge__':
        lt = lt_from_ge
    else:
        lt = None
    if lt is not None:
        cls.__lt__ = lt
    derived = {'__le__': le_from_lt, '__gt__': gt_from_lt, '__ge__': ge_from_lt}
    for name, func in derived.items():
        if name not in roots:
            setattr(cls, name, func)
    return cls


class _CacheInfo:
    def __init__(self, hits, misses, maxsize, currsize):
        self.hits = hits
        self.misses = misses
        self.maxsize = maxsize
        self.currsize = currsize

    def __iter__(self):
        return iter((self.hits, self.misses, self.maxsize, self.currsize))

    def __eq__(self, other):
        return tuple(self) == tuple(other)

    def __repr__(self):
        return 'CacheInfo(hits=%r, misses=%r, maxsize=%r, currsize=%r)' % tuple(self)


_kwd_mark = object()


def _make_key(args, kwds, typed):
    key = args
    if kwds:
        key = key + (_kwd_mark,) + tuple(kwds.items())
    if typed:
        key = key + tuple([type(v) for v in args])
        if kwds:
            key = key + tuple([type(v) for v in kwds.values()])
    return key


class _LruWrapper:
    def __init__(self, func, maxsize, typed):
        self.__wrapped__ = func
        self._func = func
        self._maxsize = maxsize
        self._typed = typed
        self._cache = {}
        self._order = []
        self._hits = 0
        self._misses = 0
        for attr in WRAPPER_ASSIGNMENTS:
            try:
                setattr(self, attr, getattr(func, attr))
            except AttributeError:
                pass

    def __call__(self, *args, **kwds):
        key = _make_key(args, kwds, self._typed)
        if key in self._cache:
            self._hits += 1
            if self._maxsize is not None:
                self._order.remove(key)
                self._order.append(key)
            return self._cache[key]
        self._misses += 1
        result = self._func(*args, **kwds)
        if self._maxsize is None or self._maxsize > 0:
            self._cache[key] = result
            if self._maxsize is not None:
                self._order.append(key)
                if len(self._order) > self._maxsize:
                    old = self._order.pop(0)
                    del self._cache[old]
        return result

    def cache_info(self):
        return _CacheInfo(self._hits, self._misses, self._maxsize, len(self._cache))

    def cache_clear(self):
        self._cache.clear()
        self._order = []
        self._hits = 0
        self._misses = 0

    def cache_parameters(self):
        return {'maxsize': self._maxsize, 'typed': self._typed}


def lru_cache(maxsize=128, typed=False):
    if callable(maxsize) and isinstance(typed, bool):
        return _LruWrapper(maxsize, 128, typed)
    if maxsize is not None and maxsize < 0:
        maxsize = 0

    def decorator(func):
        return _LruWrapper(func, maxsize, typed)
    return decorator


def cache(user_function):
    return _LruWrapper(user_function, None, False)


class cached_property:
    """A property computed once per instance, then kept in its __dict__.
    (Needs the interpreter's descriptor protocol for __get__.)"""

    def __init__(self, func):
        self.func = func
        self.attrname = getattr(func, '__name__', None)
        self.__doc__ = getattr(func, '__doc__', None)

    def __set_name__(self, owner, name):
        self.attrname = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        cache = instance.__dict__
        if self.attrname in cache:
            return cache[self.attrname]
        value = self.func(instance)
        cache[self.attrname] = value
        return value


def singledispatch(func):
    registry = {object: func}

    def dispatch(cls):
        for klass in getattr(cls, '__mro__', (cls, object)):
            if klass in registry:
                return registry[klass]
        return func

    def register(cls, method=None):
        if method is None:
            if isinstance(cls, type):
                return lambda f: register(cls, f)
            annotations = getattr(cls, '__annotations__', {})
            for value in annotations.values():
                registry[value] = cls
                return cls
            raise TypeError("register() needs a class or an annotated function")
        registry[cls] = method
        return method

    def wrapper(*args, **kw):
        if not args:
            raise TypeError('singledispatch function requires at least 1 positional argument')
        return dispatch(type(args[0]))(*args, **kw)

    wrapper.register = register
    wrapper.dispatch = dispatch
    wrapper.registry = registry
    update_wrapper(wrapper, func)
    return wrapper
