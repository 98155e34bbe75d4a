# The native `_imp` (CPython's Python/import.c as its importlib calls it).
import _imp, sys
print(_imp.is_builtin("sys"), _imp.is_builtin("time"), _imp.is_builtin("json"))
print(_imp.lock_held())
_imp.acquire_lock()
print(_imp.lock_held())
_imp.release_lock()
print(_imp.lock_held())
try:
    _imp.release_lock()
except RuntimeError as e:
    print("RuntimeError:", e)
print(_imp.source_hash(3495, b"abc").hex(), _imp.source_hash(key=1, source=b"x").hex())
for bad in [(1, "str"), (1,), ("k", b"")]:
    try:
        _imp.source_hash(*bad)
    except TypeError as e:
        print("TypeError:", e)
print(_imp.check_hash_based_pycs)
print(_imp.find_frozen("no_such_thing"), _imp.is_frozen("no_such_thing"))
try:
    _imp.is_frozen_package("no_such_thing")
except ImportError as e:
    print("ImportError:", e)
for f in (_imp.is_builtin, _imp.is_frozen, _imp.find_frozen):
    try:
        f(1)
    except TypeError as e:
        print("TypeError:", e)
try:
    _imp._fix_co_filename(1, "x")
except TypeError as e:
    print("TypeError:", e)
try:
    _imp._fix_co_filename(compile("", "a", "exec"), 2)
except TypeError as e:
    print("TypeError:", e)
class Spec:
    name = "no_builtin_xyz"
print(_imp.create_builtin(Spec()))
spec = type("S", (), {"name": "sys"})()
print(_imp.create_builtin(spec) is sys, _imp.exec_builtin(sys))
