"""pyrc's `_thread`: one thread only (no real threads), the names CPython's pure-Python
modules import (`reprlib`, `functools`...), from pyrc's `threading`."""

from threading import (ThreadError as error, get_ident, get_native_id, Lock as LockType,
                       allocate_lock, RLock)

TIMEOUT_MAX = float(2 ** 31)


def start_new_thread(function, args, kwargs=None):
    raise RuntimeError("pyrc has no threads: cannot start a new thread")


def _count():
    return 0
