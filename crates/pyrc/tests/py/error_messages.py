# The messages of common built-in exceptions, worded as CPython 3.11 words them.


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


show(lambda: 1 / 0)
show(lambda: 1 // 0)
show(lambda: 1.0 / 0)
show(lambda: [][0])
show(lambda: (1, 2)[5])
show(lambda: "abc"[10])
show(lambda: {}["k"])
show(lambda: {}[(1, 2)])
show(undefined_name)
show(lambda: Plain().missing)
show(lambda: Plain.missing)
show(lambda: (1).missing)
show(lambda: 1 + "a")
show(lambda: len(5))
show(lambda: int("x1"))
show(lambda: int("12", 2))
show(lambda: float("abc"))
show(lambda: [].pop())
show(lambda: [1].index(2))
show(lambda: [1].remove(2))
show(lambda: {1}.remove(2))
show(lambda: NONE())
show(lambda: FIVE())
show(lambda: iter(5))
show(lambda: next(iter([])))
show(lambda: hash([]))
show(lambda: {[]: 1})
show(lambda: set_item((1,), 0, 2))
show(lambda: set_item("s", 0, "t"))
show(lambda: 1 < "a")
show(lambda: [1] < "a")
show(lambda: -"a")
show(lambda: chr(-1))
show(lambda: ord("ab"))
show(lambda: divmod(1, 0))
show(lambda: 2 ** -1 // 0)
show(lambda: max([]))
show(lambda: min())
show(lambda: "abc".index("z"))
show(lambda: dict([(1, 2, 3)]))
show(lambda: range(0, 10, 0))
show(lambda: int(None))
show(lambda: abs("a"))
show(lambda: sorted([1, "a"]))
show(lambda: Plain(1))
show(lambda: object().x)
show(lambda: setattr(object(), "x", 1))
