# struct.Struct as a native class holding its parsed format: subclasses, re-initialisation,
# argument errors, and the int conversions the packing fast path must keep.
import struct


def attempt(label, call):
    try:
        print(label, call())
    except Exception as e:
        print(label, type(e).__name__, e)


s = struct.Struct("!I")
print(type(s).__name__, type(s).__module__, s.format, s.size, isinstance(s, struct.Struct))
print(s.pack(0xDEADBEEF), s.unpack(b"\x00\x00\x01\x00"), struct.Struct(format="<h").size)
print(struct.Struct(b"<2h").format, struct.Struct(b"<2h").pack(1, 2))
attempt("no self", lambda: struct.Struct.unpack(5, b"1234"))
attempt("unpack 0", lambda: s.unpack())
attempt("unpack 2", lambda: s.unpack(b"1", b"2"))
attempt("unpack kw", lambda: s.unpack(x=1))
attempt("unpack str", lambda: s.unpack("abcd"))
attempt("unpack short", lambda: s.unpack(b"12"))
attempt("pack 0", lambda: s.pack())
attempt("pack 2", lambda: s.pack(1, 2))
attempt("pack kw", lambda: s.pack(1, x=2))
attempt("pack str", lambda: s.pack("x"))
attempt("pack big", lambda: s.pack(2**64))
attempt("pack neg", lambda: s.pack(-1))
attempt("pack float", lambda: s.pack(1.0))
attempt("Struct int", lambda: struct.Struct(5))
attempt("Struct bad", lambda: struct.Struct("!Z"))
attempt("Struct none", lambda: struct.Struct())
attempt("Struct two", lambda: struct.Struct("I", "I"))
attempt("Struct kw", lambda: struct.Struct(fmt="I"))
attempt("module with Struct", lambda: struct.pack(s, 1))
attempt("pack no format", lambda: struct.pack())
attempt("unpack no args", lambda: struct.unpack())
attempt("calcsize none", lambda: struct.calcsize())
attempt("pack_into none", lambda: s.pack_into())
attempt("pack_into one", lambda: s.pack_into(bytearray(4)))
attempt("pack_into count", lambda: s.pack_into(bytearray(4), 0))
attempt("iter_unpack none", lambda: s.iter_unpack())
attempt("unpack_from kw", lambda: s.unpack_from(buffer=b"12345", offset=1))
attempt("unpack_from none", lambda: s.unpack_from())
attempt("unpack_from bytearray", lambda: s.unpack_from(bytearray(b"\x00\x00\x00\x07")))

# Ints of every kind through the small-int path and the big-int path.
q = struct.Struct("<qQbBhHiI")
print(q.pack(-(2**63), 2**64 - 1, -128, 255, -32768, 65535, -(2**31), 2**32 - 1))
print(q.unpack(q.pack(True, False, 1, 2, 3, 4, 5, 6)))
print(struct.pack("P", 2**64 - 1) == b"\xff" * 8, struct.pack("P", -1) == b"\xff" * 8)


class Index:
    def __init__(self, n):
        self.n = n

    def __index__(self):
        return self.n


class Big(int):
    pass


print(struct.pack("<iQ", Index(-5), Index(2**64 - 1)), struct.pack("<q", Big(-7)), struct.pack("<Q", Big(2**63)))
for fmt, value in [("<Q", 2**64), ("<q", 2**63), ("<q", -(2**63) - 1), ("P", 2**64), ("P", -(2**63) - 1),
                   ("<B", Index(256)), ("<I", Big(-1)), ("<Q", -(2**100)), ("<b", 2**100)]:
    attempt(fmt, lambda: struct.pack(fmt, value))


# A subclass: its own __init__, attributes, and super() reaching the native methods.
class Record(struct.Struct):
    def __init__(self, n):
        super().__init__("<%dh" % n)
        self.n = n

    def pack(self, *values):
        return b"[" + super().pack(*values) + b"]"


r = Record(3)
print(r.n, r.size, r.format, r.pack(1, 2, 3), r.unpack(b"\x01\x00\x02\x00\x03\x00"), Record.__mro__[1].__name__)
struct.Struct.__init__(r, "<i")
print(r.size, r.format, r.unpack(b"\x05\x00\x00\x00"))
attempt("plain Struct attribute", lambda: setattr(s, "x", 1))
u = struct.Struct.__new__(struct.Struct)
print(u.size)

# The format cache: many formats, then the same ones again, and _clearcache.
for n in range(150):
    assert struct.calcsize("%dB" % n) == n
struct._clearcache()
print(struct.calcsize("3B"), struct.pack("%dB" % 3, 1, 2, 3))

# Buffers: bytes, bytearray and memoryview are read; other objects are refused.
view = memoryview(b"\x01\x00\x00\x00\x02\x00\x00\x00")
print(struct.unpack("<2i", view), struct.Struct("<i").unpack(view[4:]), struct.unpack_from("<i", view, 4))
print(list(struct.iter_unpack("<i", view)), struct.Struct("<i").unpack_from(memoryview(bytearray(b"\x07\x00\x00\x00"))))
attempt("unpack list", lambda: struct.unpack("<i", [1, 2, 3, 4]))
