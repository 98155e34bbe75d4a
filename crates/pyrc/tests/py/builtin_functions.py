# Built-in functions: print (sep/end), len, repr, str, int, float, bool, list, dict, tuple,
# set, sorted, reversed, enumerate, zip, map, filter, min, max, sum, any, all, abs, getattr,
# setattr, hasattr, delattr, iter, next, callable, round, divmod, chr, ord, isinstance.

# print
print()
print("a", "b", "c")
print("a", "b", sep="")
print("a", "b", sep=" | ", end=" <end>\n")
print("no newline", end="")
print(" -- continued")
print(1, 2.5, None, True, [1, "x"], sep=", ")
print(*range(5))
print(*"abc", sep="-")
print("sep None", "uses space", sep=None, end=None)
print("", end="")
print(end="only end\n")

# len
print(len("abc"), len([1, 2]), len((1,)), len({"a": 1}), len({1, 2, 3}), len(range(10)), len(""))


class Sized:
    def __len__(self):
        return 7


print(len(Sized()))
try:
    len(object())
except TypeError as e:
    print("TypeError:", e)

# sorted / reversed
print(sorted([3, 1, 2]), sorted("cba"), sorted((2, 1)), sorted({3: 0, 1: 0}), sorted([]))
print(sorted([3, 1, 2], reverse=True), sorted(["bb", "a", "ccc"], key=len))
print(sorted([("b", 2), ("a", 2), ("c", 1)], key=lambda p: p[1], reverse=True))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(3))), list(reversed((1, 2))))


class Rev:
    def __reversed__(self):
        return iter(["custom"])


print(list(reversed(Rev())))

# enumerate / zip / map / filter
print(list(enumerate("ab")), list(enumerate("ab", 1)), list(enumerate([], 5)))
print(list(zip()), list(zip([1, 2, 3], "ab")), list(zip(*["xy", "12"])))
print(list(map(str, [1, 2])), list(map(lambda a, b: a + b, [1, 2], [10, 20, 30])))
print(list(filter(None, [0, 1, "", "a", None, []])), list(filter(lambda v: v % 2, range(6))))
m = map(abs, [-1, -2])
print(next(m), list(m), list(m))

# min / max / sum / any / all
print(min(3, 1, 2), max(3, 1, 2), min([4, 5]), max("hello"), min("b", "a"), max([1], [0, 9]))
print(min([], default="empty"), max([3, 1], key=lambda v: -v), min(["aa", "b"], key=len))
print(max([1, 3, 3.0]), min([2, 1.0, 1]), max((1, "a"), (1, "b")))
print(sum([1, 2, 3]), sum([]), sum(range(101)), sum([0.5, 0.25]), sum([[1], [2]], []), sum([1, 2], 10))
print(any([]), all([]), any([0, 0, 1]), all([1, 1, 0]), any("x"), all(x > 0 for x in [1, 2]))
for bad in [lambda: max([]), lambda: min(), lambda: sum(["a", "b"], "")]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__)

# abs / round / divmod / chr / ord
print(abs(-5), abs(5), abs(-2.5), abs(0), round(2.567, 1), round(-1.5), divmod(9, 4), divmod(-9, 4))
print(chr(97), chr(8364), ord("a"), ord("€"), [chr(ord("a") + i) for i in range(3)])


class WithAbs:
    def __abs__(self):
        return "abs called"


print(abs(WithAbs()))

# getattr / setattr / hasattr / delattr
class Thing:
    cls = "class attr"


t = Thing()
setattr(t, "name", "thing")
print(getattr(t, "name"), getattr(t, "cls"), getattr(t, "missing", None), hasattr(t, "name"))
delattr(t, "name")
print(hasattr(t, "name"), hasattr(t, "cls"), hasattr(Thing, "cls"))
try:
    getattr(t, "missing")
except AttributeError as e:
    print("AttributeError:", e)
try:
    delattr(t, "missing")
except AttributeError:
    print("AttributeError on delattr")
setattr(Thing, "added", 42)
print(t.added, getattr(5, "bit_length")(), getattr("s", "upper")())


class Dynamic:
    def __getattr__(self, name):
        return f"dynamic {name}"


dyn = Dynamic()
dyn.real = "real"
print(dyn.anything, dyn.real, getattr(dyn, "x"), hasattr(dyn, "whatever"))

# iter / next
it = iter([1, 2])
print(next(it), next(it), next(it, "default"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
print(iter(it) is it, list(iter("ab")), list(iter({"k": 1})))


class CountTo:
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i


print(list(CountTo(3)), sum(CountTo(4)), [x for x in CountTo(2)], max(CountTo(5)))

# callable
print(callable(len), callable(lambda: 0), callable(Thing), callable(t), callable(None), callable(print))


class CallMe:
    def __call__(self, x):
        return x * 2


print(callable(CallMe()), CallMe()(21))

# constructors
print(str(), str(5), str(b"x") if False else "", int("7"), int(7.9), float("2.5"), bool([]), bool([0]))
print(list("ab"), dict(a=1), tuple(range(2)), sorted(set("aab")), list(), dict(), tuple(), set())
print(int("  -12  "), float(" 1e3 "), int(-0.5), int(2 ** 64 + 0.0) == 2 ** 64)


class OrdStr(str):
    pass


print(ord(b"a"), ord(bytearray(b"\xff")), ord("é"), ord(OrdStr("z")))
for bad in (b"", b"ab", bytearray(), 5, "ab"):
    try:
        ord(bad)
    except TypeError as e:
        print(e)
