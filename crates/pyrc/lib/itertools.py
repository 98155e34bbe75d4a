"""pyrc's `itertools`, written as iterator classes (no generators needed).
The combinatoric ones (product, permutations, combinations, ...) build their
results eagerly and iterate over a list."""


class _Iter:
    def __iter__(self):
        return self


class count(_Iter):
    def __init__(self, start=0, step=1):
        self._n = start
        self._step = step

    def __next__(self):
        n = self._n
        self._n = n + self._step
        return n

    def __repr__(self):
        if self._step == 1:
            return 'count(%r)' % (self._n,)
        return 'count(%r, %r)' % (self._n, self._step)


class repeat(_Iter):
    def __init__(self, obj, times=None):
        self._obj = obj
        self._left = times

    def __next__(self):
        if self._left is not None:
            if self._left <= 0:
                raise StopIteration
            self._left -= 1
        return self._obj

    def __length_hint__(self):
        return 0 if self._left is None else max(self._left, 0)


class cycle(_Iter):
    def __init__(self, iterable):
        self._it = iter(iterable)
        self._saved = []
        self._index = -1

    def __next__(self):
        if self._index < 0:
            try:
                value = next(self._it)
                self._saved.append(value)
                return value
            except StopIteration:
                if not self._saved:
                    raise
                self._index = 0
        value = self._saved[self._index]
        self._index = (self._index + 1) % len(self._saved)
        return value


class chain(_Iter):
    def __init__(self, *iterables):
        self._sources = iter(iterables)
        self._current = None

    @classmethod
    def from_iterable(cls, iterables):
        c = cls()
        c._sources = iter(iterables)
        return c

    def __next__(self):
        while True:
            if self._current is None:
                self._current = iter(next(self._sources))
            try:
                return next(self._current)
            except StopIteration:
                self._current = None


class islice(_Iter):
    def __init__(self, iterable, *args):
        if len(args) == 1:
            start, stop, step = None, args[0], None
        elif len(args) in (2, 3):
            start, stop = args[0], args[1]
            step = args[2] if len(args) == 3 else None
        else:
            raise TypeError('islice expected 2 to 4 arguments, got %d' % (len(args) + 1))
        start = 0 if start is None else start
        step = 1 if step is None else step
        if start < 0 or (stop is not None and stop < 0) or step <= 0:
            raise ValueError("Indices for islice() must be None or an integer: "
                             "0 <= x <= sys.maxsize.")
        self._it = iter(iterable)
        self._next_index = start
        self._stop = stop
        self._step = step
        self._pos = 0

    def __next__(self):
        if self._stop is not None and self._next_index >= self._stop:
            # Consume up to stop, as CPython does.
            while self._pos < self._stop:
                self._pos += 1
                next(self._it)
            raise StopIteration
        while self._pos < self._next_index:
            next(self._it)
            self._pos += 1
        value = next(self._it)
        self._pos += 1
        self._next_index += self._step
        return value


class accumulate(_Iter):
    def __init__(self, iterable, func=None, *, initial=None):
        self._it = iter(iterable)
        self._func = func
        self._total = initial
        self._started = initial is not None
        self._emit_initial = initial is not None

    def __next__(self):
        if self._emit_initial:
            self._emit_initial = False
            return self._total
        value = next(self._it)
        if not self._started:
            self._started = True
            self._total = value
        elif self._func is None:
            self._total = self._total + value
        else:
            self._total = self._func(self._total, value)
        return self._total


class starmap(_Iter):
    def __init__(self, function, iterable):
        self._f = function
        self._it = iter(iterable)

    def __next__(self):
        return self._f(*next(self._it))


class takewhile(_Iter):
    def __init__(self, predicate, iterable):
        self._p = predicate
        self._it = iter(iterable)
        self._done = False

    def __next__(self):
        if self._done:
            raise StopIteration
        value = next(self._it)
        if self._p(value):
            return value
        self._done = True
        raise StopIteration


class dropwhile(_Iter):
    def __init__(self, predicate, iterable):
        self._p = predicate
        self._it = iter(iterable)
        self._dropping = True

    def __next__(self):
        if self._dropping:
            while True:
                value = next(self._it)
                if not self._p(value):
                    self._dropping = False
                    return value
        return next(self._it)


class filterfalse(_Iter):
    def __init__(self, predicate, iterable):
        self._p = bool if predicate is None else predicate
        self._it = iter(iterable)

    def __next__(self):
        while True:
            value = next(self._it)
            if not self._p(value):
                return value


class compress(_Iter):
    def __init__(self, data, selectors):
        self._pairs = zip(data, selectors)

    def __next__(self):
        while True:
            value, keep = next(self._pairs)
            if keep:
                return value


class pairwise(_Iter):
    def __init__(self, iterable):
        self._it = iter(iterable)
        self._prev = None
        self._started = False

    def __next__(self):
        if not self._started:
            self._prev = next(self._it)
            self._started = True
        value = next(self._it)
        pair = (self._prev, value)
        self._prev = value
        return pair


_no_fill = object()


class zip_longest(_Iter):
    def __init__(self, *iterables, fillvalue=None):
        self._its = [iter(it) for it in iterables]
        self._active = len(self._its)
        self._fill = fillvalue

    def __next__(self):
        if not self._its or self._active == 0:
            raise StopIteration
        values = []
        for i in range(len(self._its)):
            it = self._its[i]
            if it is None:
                values.append(self._fill)
                continue
            try:
                values.append(next(it))
            except StopIteration:
                self._active -= 1
                if self._active == 0:
                    raise
                self._its[i] = None
                values.append(self._fill)
        return tuple(values)


class _GroupState:
    def __init__(self, iterable, key):
        self.it = iter(iterable)
        self.key = key
        self.done = False
        self.has_current = False
        self.current_value = None
        self.current_key = None
        self.group_id = 0

    def advance(self):
        try:
            value = next(self.it)
        except StopIteration:
            self.done = True
            self.has_current = False
            return False
        self.current_value = value
        self.current_key = value if self.key is None else self.key(value)
        self.has_current = True
        return True


class _Grouper(_Iter):
    def __init__(self, state, key, group_id):
        self._state = state
        self._key = key
        self._id = group_id

    def __next__(self):
        state = self._state
        if state.group_id != self._id or state.done:
            raise StopIteration
        if not state.has_current:
            if not state.advance():
                raise StopIteration
        if state.current_key != self._key:
            raise StopIteration
        value = state.current_value
        state.has_current = False
        return value


class groupby(_Iter):
    def __init__(self, iterable, key=None):
        self._state = _GroupState(iterable, key)
        self._last_key = _no_fill

    def __next__(self):
        state = self._state
        while True:
            if not state.has_current:
                if state.done or not state.advance():
                    raise StopIteration
            if self._last_key is _no_fill or state.current_key != self._last_key:
                break
            state.has_current = False
        self._last_key = state.current_key
        state.group_id += 1
        return state.current_key, _Grouper(state, state.current_key, state.group_id)


class _TeeBuffer:
    def __init__(self, iterable):
        self.it = iter(iterable)
        self.items = []
        self.base = 0


class _Tee(_Iter):
    def __init__(self, buffer, position):
        self._buffer = buffer
        self._pos = position

    def __next__(self):
        buf = self._buffer
        index = self._pos - buf.base
        if index >= len(buf.items):
            buf.items.append(next(buf.it))
        value = buf.items[self._pos - buf.base]
        self._pos += 1
        return value

    def __copy__(self):
        return _Tee(self._buffer, self._pos)


def tee(iterable, n=2):
    if n < 0:
        raise ValueError('n must be >= 0')
    buffer = _TeeBuffer(iterable)
    return tuple([_Tee(buffer, 0) for _ in range(n)])


def product(*iterables, repeat=1):
    pools = [tuple(pool) for pool in iterables] * repeat
    result = [()]
    for pool in pools:
        result = [x + (y,) for x in result for y in pool]
    return iter(result)


def permutations(iterable, r=None):
    pool = tuple(iterable)
    n = len(pool)
    r = n if r is None else r
    if r > n:
        return iter([])
    result = []

    def build(prefix, used):
        if len(prefix) == r:
            result.append(tuple([pool[i] for i in prefix]))
            return
        for i in range(n):
            if i not in used:
                used.add(i)
                prefix.append(i)
                build(prefix, used)
                prefix.pop()
                used.discard(i)

    build([], set())
    return iter(result)


def combinations(iterable, r):
    pool = tuple(iterable)
    n = len(pool)
    result = []

    def build(start, prefix):
        if len(prefix) == r:
            result.append(tuple(prefix))
            return
        for i in range(start, n):
            prefix.append(pool[i])
            build(i + 1, prefix)
            prefix.pop()

    if r <= n:
        build(0, [])
    return iter(result)


def combinations_with_replacement(iterable, r):
    pool = tuple(iterable)
    n = len(pool)
    result = []

    def build(start, prefix):
        if len(prefix) == r:
            result.append(tuple(prefix))
            return
        for i in range(start, n):
            prefix.append(pool[i])
            build(i, prefix)
            prefix.pop()

    if n or not r:
        build(0, [])
    return iter(result)
