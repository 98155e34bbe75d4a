"""pyrc's `copy`: shallow and deep copies.

Built-in containers are copied directly; other objects through __copy__ /
__deepcopy__, else __reduce_ex__ / __reduce__ when present, else as a new
instance of the same class with a copy of the instance __dict__ (honouring
__getstate__ / __setstate__).
"""

import types as _types
import weakref as _weakref


class Error(Exception):
    pass


error = Error

def _is_atomic(x):
    cls = type(x)
    if cls in _ATOMIC_TYPES:
        return True
    if isinstance(x, type):
        return True
    return False


def _atomic_types():
    kinds = [type(None), int, float, bool, str, bytes, type, range, slice,
             type(Ellipsis), type(NotImplemented),
             _types.FunctionType, _types.BuiltinFunctionType, _weakref.ref]
    import builtins
    for name in ('complex', 'property'):
        kind = getattr(builtins, name, None)
        if isinstance(kind, type):
            kinds.append(kind)
    for extra in ('CodeType', 'ModuleType', 'MethodType'):
        kind = getattr(_types, extra, None)
        if kind is not None:
            kinds.append(kind)
    for extra in ('ProxyType', 'CallableProxyType', 'ReferenceType'):
        kind = getattr(_weakref, extra, None)
        if kind is not None and isinstance(kind, type):
            kinds.append(kind)
    return tuple(kinds)


_ATOMIC_TYPES = _atomic_types()


def _noop_init(self, *args, **kwargs):
    pass


def _new_instance(cls):
    """A new instance of cls without running its __init__ (as object.__new__)."""
    new = getattr(object, '__new__', None)
    if new is not None:
        return new(cls)
    own_new = vars(cls).get('__new__')
    if own_new is not None:
        return cls.__new__(cls)
    # pyrc has no object.__new__ yet: call the class with its __init__ replaced
    # by a no-op for the moment (then put back).
    own = vars(cls)
    had_init = '__init__' in own
    old_init = own.get('__init__')
    cls.__init__ = _noop_init
    try:
        return cls()
    finally:
        if had_init:
            cls.__init__ = old_init
        else:
            del cls.__init__


def _reduce(x):
    """x's __reduce_ex__(4) / __reduce__() result, or None when it has neither."""
    reductor = getattr(x, '__reduce_ex__', None)
    if reductor is not None:
        try:
            return reductor(4)
        except (TypeError, NotImplementedError):
            pass
    reductor = getattr(x, '__reduce__', None)
    if reductor is not None:
        return reductor()
    return None


def _state_of(x):
    getstate = getattr(x, '__getstate__', None)
    if getstate is not None:
        try:
            return getstate()
        except TypeError:
            pass
    d = getattr(x, '__dict__', None)
    if d is None:
        return None
    return d


def _set_state(y, state, deep, memo):
    if state is None:
        return
    if deep:
        state = deepcopy(state, memo)
    setstate = getattr(y, '__setstate__', None)
    if setstate is not None:
        setstate(state)
        return
    if isinstance(state, tuple) and len(state) == 2:
        state, slotstate = state
    else:
        slotstate = None
    if state:
        y.__dict__.update(state)
    if slotstate:
        for key, value in slotstate.items():
            setattr(y, key, value)


def _reconstruct(x, info, deep, memo):
    if isinstance(info, str):
        return x
    func = info[0]
    args = info[1]
    state = info[2] if len(info) > 2 else None
    listiter = info[3] if len(info) > 3 else None
    dictiter = info[4] if len(info) > 4 else None
    if deep:
        args = deepcopy(args, memo)
    y = func(*args)
    if deep:
        memo[id(x)] = y
    _set_state(y, state, deep, memo)
    if listiter is not None:
        for item in listiter:
            if deep:
                item = deepcopy(item, memo)
            y.append(item)
    if dictiter is not None:
        for key, value in dictiter:
            if deep:
                key = deepcopy(key, memo)
                value = deepcopy(value, memo)
            y[key] = value
    return y


def _copy_instance(x, deep, memo):
    cls = type(x)
    y = _new_instance(cls)
    if deep:
        memo[id(x)] = y
    _set_state(y, _state_of(x), deep, memo)
    return y


def copy(x):
    """A shallow copy of x."""
    cls = type(x)
    if _is_atomic(x) or cls is tuple or cls is frozenset:
        return x
    if cls is list:
        return x[:]
    if cls is dict:
        return x.copy()
    if cls is set:
        return x.copy()
    copier = getattr(cls, '__copy__', None)
    if copier is not None:
        return copier(x)
    info = _reduce(x)
    if info is not None:
        return _reconstruct(x, info, False, None)
    return _copy_instance(x, False, None)


# Deep copying.  `memo` maps id(original) -> copy so that shared and cyclic
# structure is copied once; containers register their (still empty) copy
# before copying their contents, and `_settle` records the finished copy.

def _settle(memo, key, original, duplicate):
    if duplicate is not original:
        memo[key] = duplicate
        _keep_alive(original, memo)
    return duplicate


def _deep_list(x, memo, key):
    duplicate = memo[key] = []
    for item in x:
        duplicate.append(deepcopy(item, memo))
    return _settle(memo, key, x, duplicate)


def _deep_dict(x, memo, key):
    duplicate = memo[key] = {}
    for k, v in x.items():
        duplicate[deepcopy(k, memo)] = deepcopy(v, memo)
    return _settle(memo, key, x, duplicate)


def _deep_set(x, memo, key):
    duplicate = memo[key] = set()
    for item in x:
        duplicate.add(deepcopy(item, memo))
    return _settle(memo, key, x, duplicate)


def _deep_frozenset(x, memo, key):
    return _settle(memo, key, x, frozenset([deepcopy(item, memo) for item in x]))


def _deep_tuple(x, memo, key):
    parts = [deepcopy(item, memo) for item in x]
    if key in memo:
        # A cycle through the items already produced this tuple's copy.
        return memo[key]
    unchanged = all(old is new for old, new in zip(x, parts))
    return _settle(memo, key, x, x if unchanged else tuple(parts))


def _deep_other(x, memo, key):
    hook = getattr(x, '__deepcopy__', None)
    if hook is not None:
        duplicate = hook(memo)
    else:
        info = _reduce(x)
        if info is None:
            duplicate = _copy_instance(x, True, memo)
        else:
            duplicate = _reconstruct(x, info, True, memo)
    return _settle(memo, key, x, duplicate)


_DEEP_COPIERS = {
    list: _deep_list,
    dict: _deep_dict,
    set: _deep_set,
    frozenset: _deep_frozenset,
    tuple: _deep_tuple,
}


def deepcopy(x, memo=None):
    """A deep copy of x; memo maps id(original) to its copy."""
    if memo is None:
        memo = {}
    key = id(x)
    if key in memo:
        return memo[key]
    if _is_atomic(x):
        return x
    return _DEEP_COPIERS.get(type(x), _deep_other)(x, memo, key)


def _keep_alive(x, memo):
    """Keep x alive while memo is (its id could otherwise be reused)."""
    try:
        memo[id(memo)].append(x)
    except KeyError:
        memo[id(memo)] = [x]


def replace(obj, **changes):
    func = getattr(type(obj), '__replace__', None)
    if func is None:
        raise TypeError("replace() does not support %s objects" % type(obj).__name__)
    return func(obj, **changes)
