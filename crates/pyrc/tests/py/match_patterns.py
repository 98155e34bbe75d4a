# The match statement (PEP 634): each pattern kind, guards and bindings.
import collections.abc
import array
from dataclasses import dataclass


def describe(x):
    match x:
        case None:
            return "none"
        case True:
            return "true"
        case False:
            return "false"
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case -1:
            return "minus one"
        case 1.5:
            return "one and a half"
        case "hello" | b"bytes":
            return "greeting or bytes"
        case str() as s if len(s) > 5:
            return f"long str {s!r}"
        case str(s):
            return f"str {s!r}"
        case []:
            return "empty sequence"
        case [a]:
            return f"one item {a!r}"
        case [a, b]:
            return f"pair {a!r} {b!r}"
        case [first, *middle, last]:
            return f"first {first!r} middle {middle!r} last {last!r}"
        case {"kind": "point", "x": px, "y": py}:
            return f"point mapping {px} {py}"
        case {"kind": kind, **rest}:
            return f"kind {kind} rest {sorted(rest.items())}"
        case {}:
            return "other mapping"
        case _:
            return f"something else: {type(x).__name__}"


for value in [None, True, False, 0, 0.0, 2, 3, -1, 1.5, "hello", b"bytes", "abcdefgh", "ab",
              [], (), [1], (1, 2), [1, 2, 3, 4], range(5), "x",
              {"kind": "point", "x": 1, "y": 2}, {"kind": "line", "a": 1, "b": 2},
              {"other": 1}, {}, b"raw", bytearray(b"ba"), 3 + 4j, object]:
    print(repr(value), "->", describe(value))


# Sequences: str/bytes/bytearray are not sequences; registered ABCs are.
for value in ["ab", b"ab", bytearray(b"ab"), collections.deque([1, 2]),
              array.array("i", [7, 8]), memoryview(b"ab"), range(2), (1, 2), (i for i in (1, 2)),
              {1: 2, 3: 4}, {5, 6}]:
    match value:
        case [x, y]:
            print(type(value).__name__, "sequence", x, y)
        case _:
            print(repr(value)[:5], "not a sequence")


class MySeq(collections.abc.Sequence):
    def __len__(self):
        return 3

    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10


class Registered:
    def __len__(self):
        return 2

    def __getitem__(self, i):
        return ["r0", "r1"][i]


collections.abc.Sequence.register(Registered)

for value in [MySeq(), Registered()]:
    match value:
        case [a, *rest]:
            print(type(value).__name__, a, rest)
        case _:
            print("no")

# Star wildcards take items by index.
match [1, 2, 3, 4, 5]:
    case [a, *_, b, c]:
        print("star wildcard", a, b, c)

match (1, 2):
    case [*_]:
        print("only a star wildcard")

match [1, [2, [3, 4]]]:
    case [a, [b, [c, d]]]:
        print("nested", a, b, c, d)


# Class patterns.
@dataclass
class Point:
    x: int
    y: int


class Plain:
    def __init__(self, a, b):
        self.a = a
        self.b = b


class WithArgs(Plain):
    __match_args__ = ("b", "a")


def where(p):
    match p:
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=y):
            return f"on the y axis at {y}"
        case Point(x, 0):
            return f"on the x axis at {x}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Point():
            return "somewhere"
        case WithArgs(b, a=a):
            return f"with args b={b} a={a}"
        case Plain(a=1 | 2 as a, b=b):
            return f"plain small a={a} b={b}"
        case Plain(missing=1):
            return "never"
        case int(n) | float(n) if n > 100:
            return f"big number {n}"
        case bool(b):
            return f"bool {b}"
        case int(n):
            return f"int {n}"
        case list([1, *rest]) | tuple((1, *rest)):
            return f"starts with one, rest {rest}"
        case dict({"k": v}):
            return f"dict with k={v}"
        case _:
            return "unknown"


for p in [Point(0, 0), Point(0, 5), Point(4, 0), Point(3, 3), Point(1, 2), WithArgs(1, 2),
          Plain(2, "b"), Plain(7, 8), 500, 500.5, True, 7, [1, 2, 3], (1,), {"k": 9}, "s"]:
    print(p if not isinstance(p, Plain) else type(p).__name__, "->", where(p))


# Value patterns: dotted names are compared with ==.
class Color:
    RED = 1
    GREEN = 2


for c in [1, 2, 3]:
    match c:
        case Color.RED:
            print("red")
        case Color.GREEN:
            print("green")
        case other:
            print("other", other)

# Or patterns binding the same names in different orders.
for value in [(1, "a"), ("b", 2), (3, 3.0)]:
    match value:
        case (int(n), str(s)) | (str(s), int(n)):
            print("n", n, "s", s)
        case (x, y):
            print("fallback", x, y)

# Guards see the names the pattern bound; a failed guard leaves them bound.
match (10, 20):
    case (a, b) if a > b:
        print("greater")
    case (c, d) if c + d > 100:
        print("big")
    case _:
        print("neither:", a, b, c, d)

# A failed pattern binds nothing (the names are stored once all of it matched).
q = "unset"
match [1, 2]:
    case [q, 3]:
        print("matched")
    case _:
        print("q after a failed case:", q)

# as-patterns and nested captures.
match {"user": {"name": "ann", "roles": ["admin", "dev"]}}:
    case {"user": {"name": str() as name, "roles": [*roles]} as user}:
        print(name, roles, sorted(user))

# Mapping patterns use get(): defaultdict's factory is not called.
dd = collections.defaultdict(list, a=1)
match dd:
    case {"b": _}:
        print("b present")
    case {"a": a, **rest}:
        print("a", a, "rest", rest, "dd keys", sorted(dd))

# The subject is evaluated once.
def subject():
    print("subject evaluated")
    return 42


match subject():
    case 1:
        pass
    case 42:
        print("forty-two")

# match as a soft keyword.
match = [1, 2]
match match:
    case [1, x]:
        print("soft keyword", x)
case = 3
print(match, case)

# break / continue / return inside cases.
for i in range(5):
    match i:
        case 1:
            continue
        case 3:
            break
        case _:
            print("loop", i)


def f(v):
    for item in v:
        match item:
            case int():
                return item
    return None


print(f(["a", 2, 3]))
