# Behaviour the native fast paths must keep: truth of instances whose class gains or loses
# __bool__/__len__ later, type(x), str.encode/bytes.decode argument handling, BytesIO.write.
import io


def attempt(label, call):
    try:
        print(label, repr(call()))
    except Exception as e:
        print(label, type(e).__name__, e)


class Plain:
    pass


p = Plain()
print(bool(p), bool(p), "yes" if p else "no")
Plain.__len__ = lambda self: 0
print(bool(p), "yes" if p else "no")
del Plain.__len__
print(bool(p))
Plain.__bool__ = lambda self: False
print(bool(p), not p)
del Plain.__bool__
print(bool(p))


class Base:
    pass


class Child(Base):
    pass


c = Child()
print(bool(c))
Base.__bool__ = lambda self: False
print(bool(c), bool(Base()))
del Base.__bool__


class Falsy:
    def __len__(self):
        return 0


c.__bool__ = lambda: False  # an instance attribute is not a special method
print(bool(c))
c.__class__ = Falsy
print(bool(c))
c.__class__ = Child
print(bool(c))


class L(list):
    pass


print(bool(L()), bool(L([1])), bool(io.BytesIO()), bool(io.StringIO("x")))
Base.__bool__ = lambda self: 1
attempt("bool returns int", lambda: bool(Child()))
del Base.__bool__

# type(x) with one argument, and the other forms.
print(type(1).__name__, type(p).__name__, type(type).__name__, type(None).__name__, type(c) is Child)


class Meta(type):
    def __call__(cls, *args):
        return ("called", cls.__name__, args)


class WithMeta(metaclass=Meta):
    pass


print(WithMeta(1, 2), type(WithMeta).__name__, Meta("X", (), {}).__name__)
attempt("type kw", lambda: type(1, x=2))
attempt("type two", lambda: type(1, 2))
attempt("type none", lambda: type())
print(type("N", (), {"a": 1}).a)

# str.encode / bytes.decode / str(bytes, ...) spellings and errors.
print("héllo".encode(), "héllo".encode("utf-8", "surrogatepass"), "héllo".encode("UTF8"), "hé".encode("Latin-1"))
print("abc".encode("ascii"), "abc".encode(encoding="utf_8", errors="strict"), "hé".encode("utf-16-le"))
print(b"h\xc3\xa9".decode(), b"h\xc3\xa9".decode("utf-8", "surrogatepass"), str(b"abc", "utf-8", "surrogatepass"))
print(b"h\xe9".decode("latin1"), bytearray(b"xy").decode("ascii"), str(bytearray(b"q"), "utf-8"))
attempt("encode bad", lambda: "hé".encode("ascii"))
attempt("encode replace", lambda: "hé".encode("ascii", "replace"))
attempt("encode int", lambda: "x".encode(5))
attempt("encode errors int", lambda: "x".encode("utf-8", 5))
attempt("encode kw", lambda: "x".encode(foo="utf-8"))
attempt("encode unknown", lambda: "x".encode("no-such-codec"))
attempt("decode bad", lambda: b"\xff".decode("utf-8"))
attempt("decode ignore", lambda: b"a\xffb".decode("utf-8", "ignore"))
attempt("decode int", lambda: b"x".decode(None))
attempt("decode three", lambda: b"x".decode("utf-8", "strict", 1))

# BytesIO.write at the end, in the middle, past the end, closed, with an export.
b = io.BytesIO()
print(b.write(b"abc"), b.write(bytearray(b"de")), b.write(memoryview(b"f")), b.getvalue())
b.seek(1)
print(b.write(b"XY"), b.getvalue(), b.tell())
b.seek(10)
print(b.write(b"!"), b.getvalue())
view = b.getbuffer()
attempt("write exported", lambda: b.write(b"z"))
view.release()
attempt("write str", lambda: b.write("s"))
b.close()
attempt("write closed", lambda: b.write(b"z"))

# Attributes of built-in types are made once: identity holds across lookups and types.
print(dict.__repr__ is dict.__repr__, getattr(list, "__repr__") is list.__repr__, tuple.__repr__ is list.__repr__)
print(getattr(int, "from_bytes")(b"\x01", "big"), getattr(dict, "fromkeys", None)("ab"))
print(getattr(str, "no_such_attribute", "missing"), getattr(set, "__repr__") is set.__repr__)
attempt("missing", lambda: dict.no_such_attribute)
