"""pyrc's `operator`: the operators as functions."""


def lt(a, b):
    return a < b


def le(a, b):
    return a <= b


def eq(a, b):
    return a == b


def ne(a, b):
    return a != b


def ge(a, b):
    return a >= b


def gt(a, b):
    return a > b


def not_(a):
    return not a


def truth(a):
    return True if a else False


def is_(a, b):
    return a is b


def is_not(a, b):
    return a is not b


import builtins as _builtins


def abs(a):
    return _builtins.abs(a)


def add(a, b):
    return a + b


def and_(a, b):
    return a & b


def floordiv(a, b):
    return a // b


def _type_name(obj):
    return type(obj).__name__


def index(a):
    """a as an int, through its type's __index__ (as for a[...] and range())."""
    if isinstance(a, int):
        return a
    method = getattr(type(a), '__index__', None)
    if method is not None:
        result = method(a)
    else:
        # pyrc's proxies forward attribute access rather than type slots.
        try:
            bound = a.__index__
        except AttributeError:
            raise TypeError("'%s' object cannot be interpreted as an integer" % _type_name(a))
        result = bound()
    if not isinstance(result, int):
        raise TypeError("__index__ returned non-int (type %s)" % _type_name(result))
    return result


def inv(a):
    return ~a


invert = inv


def lshift(a, b):
    return a << b


def mod(a, b):
    return a % b


def mul(a, b):
    return a * b


def matmul(a, b):
    return a @ b


def neg(a):
    return -a


def or_(a, b):
    return a | b


def pos(a):
    return +a


def pow(a, b):
    return a ** b


def rshift(a, b):
    return a >> b


def sub(a, b):
    return a - b


def truediv(a, b):
    return a / b


def xor(a, b):
    return a ^ b


def concat(a, b):
    if not hasattr(a, '__getitem__'):
        raise TypeError("'%s' object can't be concatenated" % _type_name(a))
    return a + b


def contains(a, b):
    return b in a


def countOf(a, b):
    """How many items of a are b or equal to b."""
    return sum([1 for item in a if item is b or item == b])


def delitem(a, b):
    del a[b]


def getitem(a, b):
    return a[b]


def indexOf(a, b):
    i = 0
    for item in a:
        if item is b or item == b:
            return i
        i += 1
    raise ValueError('sequence.index(x): x not in sequence')


def setitem(a, b, c):
    a[b] = c


def length_hint(obj, default=0):
    if not isinstance(default, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % _type_name(default))
    try:
        return len(obj)
    except TypeError:
        pass
    hint = getattr(type(obj), '__length_hint__', None)
    if hint is None:
        return default
    value = hint(obj)
    if value is NotImplemented:
        return default
    if not isinstance(value, int):
        raise TypeError('__length_hint__ must be integer, not %s' % _type_name(value))
    if value < 0:
        raise ValueError('__length_hint__() should return >= 0')
    return value


def iadd(a, b):
    a += b
    return a


def iand(a, b):
    a &= b
    return a


def iconcat(a, b):
    a += b
    return a


def ifloordiv(a, b):
    a //= b
    return a


def ilshift(a, b):
    a <<= b
    return a


def imod(a, b):
    a %= b
    return a


def imul(a, b):
    a *= b
    return a


def ior(a, b):
    a |= b
    return a


def ipow(a, b):
    a **= b
    return a


def irshift(a, b):
    a >>= b
    return a


def isub(a, b):
    a -= b
    return a


def itruediv(a, b):
    a /= b
    return a


def ixor(a, b):
    a ^= b
    return a


class attrgetter:
    """attrgetter('a', 'b.c')(obj) -> (obj.a, obj.b.c); one name gives one value."""

    def __init__(self, attr, *attrs):
        names = (attr,) + attrs
        for name in names:
            if not isinstance(name, str):
                raise TypeError('attribute name must be a string')
        self._names = names
        self._paths = [name.split('.') for name in names]

    def _get(self, obj, path):
        for part in path:
            obj = getattr(obj, part)
        return obj

    def __call__(self, obj):
        if len(self._paths) == 1:
            return self._get(obj, self._paths[0])
        return tuple([self._get(obj, path) for path in self._paths])

    def __repr__(self):
        return _show_call('attrgetter', self._names)


def _show_call(kind, args, kwargs=None):
    """repr text 'operator.kind(arg, ..., key=value, ...)'."""
    shown = [repr(arg) for arg in args]
    if kwargs:
        shown.extend(['%s=%r' % pair for pair in kwargs.items()])
    return 'operator.%s(%s)' % (kind, ', '.join(shown))


class itemgetter:
    """itemgetter(1, 3)(seq) -> (seq[1], seq[3]); one item gives one value."""

    def __init__(self, item, *items):
        self._items = (item,) + items

    def __call__(self, obj):
        keys = self._items
        if len(keys) > 1:
            return tuple([obj[key] for key in keys])
        return obj[keys[0]]

    def __repr__(self):
        return _show_call('itemgetter', self._items)


class methodcaller:
    """methodcaller('name', *args, **kw)(obj) -> obj.name(*args, **kw)."""

    def __init__(self, name, *args, **kwargs):
        if not isinstance(name, str):
            raise TypeError('method name must be a string')
        self._name, self._args, self._kwargs = name, args, kwargs

    def __call__(self, obj):
        bound = getattr(obj, self._name)
        return bound(*self._args, **self._kwargs)

    def __repr__(self):
        return _show_call('methodcaller', (self._name,) + tuple(self._args), self._kwargs)


# Dunder spellings of the functions above (a trailing underscore, as in
# `not_`, is not part of the dunder name).
__lt__, __le__, __eq__, __ne__, __ge__, __gt__ = lt, le, eq, ne, ge, gt
__add__, __sub__, __mul__, __matmul__ = add, sub, mul, matmul
__truediv__, __floordiv__, __mod__, __pow__ = truediv, floordiv, mod, pow
__and__, __or__, __xor__, __lshift__, __rshift__ = and_, or_, xor, lshift, rshift
__not__, __abs__, __neg__, __pos__, __index__ = not_, abs, neg, pos, index
__inv__ = __invert__ = inv
__concat__, __contains__ = concat, contains
__getitem__, __setitem__, __delitem__ = getitem, setitem, delitem
__iadd__, __isub__, __imul__ = iadd, isub, imul
