import struct

codes = "bBhHiIlLqQnNfde?"
for order in ["@", "=", "<", ">", "!"]:
    for code in codes:
        fmt = order + code
        try:
            size = struct.calcsize(fmt)
        except struct.error as e:
            print(fmt, "error", e)
            continue
        value = 1.5 if code in "fde" else (True if code == "?" else 100)
        packed = struct.pack(fmt, value)
        print(fmt, size, packed, struct.unpack(fmt, packed))
print(struct.pack("<bhiq", -1, -2, -3, -4), struct.unpack("<bhiq", struct.pack("<bhiq", -1, -2, -3, -4)))
print(struct.pack(">HIQ", 65535, 2**32 - 1, 2**64 - 1), struct.unpack(">HIQ", b"\xff" * 14))
print(struct.calcsize("bhilqd"), struct.calcsize("@ci"), struct.calcsize("=ci"), struct.calcsize("@iq"), struct.calcsize("@qi"), struct.calcsize("P"))
print(struct.pack("@bi", 1, 2), struct.pack(" i  h ", 1, 2), struct.pack("2i3x", 1, 2))
print(struct.pack("5p", b"abcdefg"), struct.pack("3s", b"a"), struct.unpack("5p", b"\x09abcd"), struct.pack("0s", b"x"))
print(struct.unpack("<?c3s", b"\x02ab\x00c"), struct.pack("c", b"z"), struct.pack("s", bytearray(b"ab")))
print(struct.pack("<e", 1.5), struct.unpack("<e", b"\x00\x7c"), struct.pack("<e", 65504.0), struct.pack("<e", 1e-8), struct.pack("<e", 5.96e-8))
print(struct.pack("<f", float("nan")), struct.pack("<e", float("-inf")), struct.pack("<d", -0.0), struct.unpack("<d", struct.pack("<d", 0.1)))
print(struct.pack("<f", 0.1), struct.unpack("<f", struct.pack("<f", 0.1)))
class I:
    def __index__(self):
        return 7
print(struct.pack("i", I()), struct.pack("q", True), struct.pack("<d", 1), struct.pack(b"<h", 1))
bad = [("b", 200), ("B", -1), ("B", 256), ("h", 40000), ("H", -1), ("i", 2**31), ("I", -1), ("I", 2**32),
       ("l", 2**63), ("L", -1), ("q", 2**63), ("Q", -1), ("<l", 2**31), ("<L", 2**32), ("<q", 2**70),
       ("i", 1.5), ("i", "x"), ("f", "x"), ("c", b"ab"), ("s", 1), ("p", "x"), ("<f", 1e300), (">e", 1e300),
       ("c", bytearray(b"a"))]
for fmt, value in bad:
    try:
        struct.pack(fmt, value)
        print(fmt, "packed")
    except (struct.error, OverflowError) as e:
        print(fmt, type(e).__name__, e)
for fmt in ["<n", "3", "i3", "zz", "<P", "2 i"]:
    try:
        struct.calcsize(fmt)
    except struct.error as e:
        print(repr(fmt), e)
calls = [lambda: struct.pack("ii", 1), lambda: struct.unpack("ii", b"1"),
         lambda: struct.unpack_from("ii", b"1", 2), lambda: struct.unpack_from("ii", b"1", -8),
         lambda: struct.pack_into("ii", bytearray(3), 1, 1, 2), lambda: struct.iter_unpack("ii", b"123"),
         lambda: struct.iter_unpack("", b""), lambda: struct.unpack("i", "abcd")]
for call in calls:
    try:
        call()
    except (struct.error, TypeError) as e:
        print(type(e).__name__, e)
buf = bytearray(12)
struct.pack_into("<hi", buf, 2, 7, -9)
print(buf, struct.unpack_from("<hi", buf, 2), struct.unpack_from("<i", buf, offset=-4))
print(list(struct.iter_unpack("<h", b"\x01\x00\x02\x00\x03\x00")))
s = struct.Struct("<hi")
print(s.format, s.size, s.pack(1, 2), s.unpack(b"\x01\x00\x02\x00\x00\x00"), struct.Struct(b">q").format)
print(s.unpack_from(b"xx\x01\x00\x02\x00\x00\x00", 2), list(s.iter_unpack(bytes(12))))
print(isinstance(struct.error(), Exception), struct.error.__module__)
