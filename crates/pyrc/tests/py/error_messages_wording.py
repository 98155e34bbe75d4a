# expect: known-bug "several exception messages are worded differently from CPython 3.11 (see the report)"
# Exception messages pyrc words differently from CPython 3.11 (the ones it gets right are in
# error_messages.py).
import sys


def show(thunk):
    try:
        thunk()
    except Exception as e:
        print(f"{type(e).__name__}: {e}")
    else:
        print("no exception")


def del_item(container, key):
    del container[key]


def set_item(container, key, value):
    container[key] = value


class Plain:
    pass


NONE = None
FIVE = 5


def undefined_name():
    return undefined_variable  # noqa: F821


show(lambda: 1 % 0)
show(lambda: "a" + 1)
show(lambda: [1] + (1,))
show(lambda: del_item((1,), 0))
show(lambda: del_item("abc", 0))
show(lambda: "x" * "y")
show(lambda: "{}".format())
show(lambda: (1, 2).count())
show(lambda: "{0}{1}".format(1))
show(lambda: [1, 2] * [3])
show(lambda: "ab" - "a")
show(lambda: sys.setrecursionlimit("x"))
show(lambda: sys.setrecursionlimit(2.5))
