# The match statement's errors: compile-time SyntaxErrors and run-time TypeErrors.

sources = {
    "wildcard not last": "match x:\n    case _:\n        pass\n    case 1:\n        pass\n",
    "capture not last": "match x:\n    case y:\n        pass\n    case 1:\n        pass\n",
    "capture in or": "match x:\n    case y | 1:\n        pass\n",
    "capture in as": "match x:\n    case (y as z):\n        pass\n    case 2:\n        pass\n",
    "different names": "match x:\n    case [a] | [b]:\n        pass\n",
    "different count": "match x:\n    case [a, b] | [a]:\n        pass\n",
    "repeated name": "match x:\n    case [a, a]:\n        pass\n",
    "repeated in mapping rest": "match x:\n    case {'k': a, **a}:\n        pass\n",
    "repeated as": "match x:\n    case [a] as a:\n        pass\n",
    "repeated attr": "match x:\n    case C(a=1, a=2):\n        pass\n",
    "duplicate literal key": "match x:\n    case {'k': 1, 'k': 2}:\n        pass\n",
    "duplicate number keys": "match x:\n    case {1: a, True: b}:\n        pass\n",
    "duplicate float key": "match x:\n    case {2.0: a, 2: b}:\n        pass\n",
    "distinct keys": "match x:\n    case {1: a, 2: b, '1': c}:\n        pass\n",
    "two stars": "match x:\n    case [*a, *b]:\n        pass\n",
}
for what, source in sources.items():
    try:
        compile(source, "<match>", "exec")
    except SyntaxError as e:
        print(f"{what}: SyntaxError: {e.msg} (line {e.lineno})")
    else:
        print(f"{what}: compiled")

# A guarded irrefutable case need not be last.
x = 5
match x:
    case y if y > 10:
        print("big")
    case y:
        print("captured", y)


class NotTuple:
    __match_args__ = ["a"]
    a = 1


class One:
    __match_args__ = ("a",)
    a = 1


class BadName:
    __match_args__ = (1,)


class Dup:
    __match_args__ = ("a",)
    a = 1


def run(subject, label, fn):
    try:
        fn(subject)
    except Exception as e:
        print(f"{label}: {type(e).__name__}: {e}")
    else:
        print(f"{label}: no error")


def not_tuple(s):
    match s:
        case NotTuple(a):
            pass


def too_many(s):
    match s:
        case One(a, b):
            pass


def too_many_self(s):
    match s:
        case int(a, b):
            pass


def no_args(s):
    match s:
        case object(a):
            pass


def bad_name(s):
    match s:
        case BadName(a):
            pass


def dup_attr(s):
    match s:
        case Dup(a, a=b):
            pass


def not_a_type(s):
    notatype = 3
    match s:
        case notatype.real():
            pass


def dup_key(s):
    match s:
        case {One.a: 1, Dup.a: 2}:
            pass


def unhashable(s):
    match s:
        case {"a": 1}:
            print("matched mapping")


run(NotTuple(), "__match_args__ list", not_tuple)
run(One(), "too many positional", too_many)
run(5, "too many for int", too_many_self)
run(5, "object accepts none", no_args)
run(BadName(), "__match_args__ item", bad_name)
run(Dup(), "same attribute twice", dup_attr)
run(5, "not a type", not_a_type)
run({1: 1, 2: 2}, "duplicate key", dup_key)
run("no", "a str is not a mapping", unhashable)
# A class pattern on a non-instance never looks at __match_args__.
run(5, "non-instance", not_tuple)
