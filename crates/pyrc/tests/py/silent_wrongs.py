# Behaviours that were silently wrong: three-argument pow, slice attributes, object.__new__
# through a class, and the codecs (UTF-8, ASCII, Latin-1 with error handlers).
print(pow(2, -1, 7), pow(3, -2, 7), pow(5, 3, 13), pow(-3, 3, 7), pow(3, 3, -7), pow(2, 10, 1))
print(pow(7, 10**20, 13), pow(True, 5, 3), pow(2, 3, None))
for args in [(2, -1, 4), (2, 3, 0), (2.0, 3, 5), (2, 3, 5.0)]:
    try:
        pow(*args)
    except (ValueError, TypeError) as error:
        print(type(error).__name__, error)
s = slice(1, 2)
print(s.start, s.stop, s.step, slice(5).stop, slice(1, 10, 3).indices(5))
print(slice(None, None, -1).indices(5), slice(-100, 100).indices(7))
try:
    slice(1, 2, 0).indices(3)
except ValueError as error:
    print("ValueError", error)


class A:
    def __init__(self):
        self.x = 1


a = A.__new__(A)
print(type(a).__name__, hasattr(a, "x"), isinstance(A.__new__(A), A))

print("é€".encode(), "é".encode("latin-1"), "abc".encode("ascii"), "x".encode(encoding="utf8"))
print(b"\xff\xe9".decode("latin-1"), bytes("é", "latin-1"), bytearray("ab", "ascii"))
print("aé€b".encode("ascii", "ignore"), "aé€b".encode("ascii", "replace"))
print("aé€b".encode("latin-1", "backslashreplace"), "é€".encode("ascii", "xmlcharrefreplace"))
print(b"a\xffb".decode("utf-8", "replace"), b"a\xffb".decode("utf-8", "ignore"))
print(b"a\xe9b".decode("ascii", "backslashreplace"), b"\xe2\x82\xac".decode("utf-8"))
cases = [
    lambda: "é".encode("ascii"),
    lambda: "aé€".encode("ascii"),
    lambda: "€".encode("latin-1"),
    lambda: b"\xff".decode(),
    lambda: b"\xe9abc".decode("utf-8"),
    lambda: b"ab\xe2\x82".decode("utf-8"),
    lambda: b"\xe9".decode("ascii"),
    lambda: "x".encode("klingon"),
    lambda: "x".encode("ascii", "bogus"),
    lambda: bytes("x"),
]
for case in cases:
    try:
        case()
    except (UnicodeError, LookupError, TypeError) as error:
        print(type(error).__name__, error)
print(issubclass(UnicodeEncodeError, UnicodeError), issubclass(UnicodeDecodeError, ValueError))
