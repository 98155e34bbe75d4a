# The native _codecs module under CPython's codecs.py and encodings package: every codec
# pyrc provides, every error handler, user handlers, round trips and errors.
import codecs
import _codecs

TEXT = "aé€\U0001f600z"

# Fast paths and the registry agree.
for name in ["utf-8", "UTF8", "latin-1", "ISO-8859-1", "ascii", "us-ascii", "l1", "u8"]:
    try:
        print(name, "aé".encode(name), b"a\xc3\xa9".decode(name))
    except UnicodeError as e:
        print(name, type(e).__name__, e)

for name in ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
             "unicode_escape", "raw_unicode_escape", "cp1252", "cp437", "latin-1", "utf-8"]:
    text = {"cp1252": TEXT[:3], "cp437": TEXT[:2], "latin-1": TEXT[:2]}.get(name, TEXT)
    data = text.encode(name)
    print(name, data, data.decode(name) == text)

print(codecs.lookup("UTF-8").name, codecs.lookup("Latin_1").name, codecs.lookup("utf16").name)
try:
    codecs.lookup("no-such-codec")
except LookupError as e:
    print("LookupError:", e)
try:
    "x".encode("no such codec")
except LookupError as e:
    print("LookupError:", e)

# The error handlers, encoding.
for errors in ["ignore", "replace", "backslashreplace", "xmlcharrefreplace"]:
    print(errors, TEXT.encode("ascii", errors), TEXT.encode("latin-1", errors),
          TEXT[:3].encode("cp437", errors))
for errors in ["strict", "surrogateescape", "surrogatepass"]:
    try:
        TEXT.encode("ascii", errors)
    except UnicodeEncodeError as e:
        print(errors, e.encoding, repr(e.object), e.start, e.end, e.reason)
        print(" ", e)

# The error handlers, decoding.
BAD = b"a\xff\xfeb\xc3"
for errors in ["ignore", "replace", "backslashreplace"]:
    print(errors, repr(BAD.decode("utf-8", errors)), repr(BAD.decode("ascii", errors)))
# (surrogateescape when decoding makes lone surrogates, which a pyrc str cannot hold.)
for errors in ["strict"]:
    try:
        BAD.decode("utf-8", errors)
    except UnicodeDecodeError as e:
        print(errors, e.encoding, e.object, e.start, e.end, e.reason)
        print(" ", e)
try:
    BAD.decode("utf-8", "xmlcharrefreplace")
except TypeError as e:
    print("TypeError:", e)
try:
    b"\xff".decode("utf-8", "no-such-handler")
except LookupError as e:
    print("LookupError:", e)

# UTF-8 error reasons and ranges.
for data in [b"\x80", b"\xc3", b"\xe2\x82", b"\xe2\x28\xa1", b"\xf0\x90\x80", b"\xed\xa0\x80", b"\xf5"]:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        print(data, e.start, e.end, e.reason)

# UTF-16 and UTF-32 errors.
for data, name in [(b"a\x00b", "utf-16-le"), (b"\x00\xdc", "utf-16-le"), (b"\x00\xd8a\x00", "utf-16-le"),
                   (b"\x00\xd8", "utf-16-le"), (b"\x00\x00\x11\x00", "utf-32-le"),
                   (b"\x00\xd8\x00\x00", "utf-32-le"), (b"a\x00\x00", "utf-32-le")]:
    try:
        data.decode(name)
    except UnicodeDecodeError as e:
        print(name, data, e.start, e.end, e.reason)
    print(" replace:", repr(data.decode(name, "replace")))

# User error handlers.
def handler(exc):
    kind = type(exc).__name__
    return ("<%s %d:%d>" % (kind[7:13], exc.start, exc.end), exc.end)
codecs.register_error("test.mine", handler)
print(codecs.lookup_error("test.mine") is handler)
print(TEXT.encode("ascii", "test.mine"), BAD.decode("utf-8", "test.mine"))
print(TEXT[:3].encode("cp1252", "test.mine"), b"\x81\x8d".decode("cp1252", "test.mine"))
codecs.register_error("test.bytes", lambda exc: (("[%d]" % exc.start).encode(), exc.end))
print("é€".encode("latin-1", "test.bytes"))
codecs.register_error("test.skip", lambda exc: ("", exc.end + 1))
print(b"\xffab\xffcd".decode("ascii", "test.skip"))
codecs.register_error("test.back", lambda exc: ("?", -1))
print("ab€c".encode("ascii", "test.back"))
codecs.register_error("test.bad", lambda exc: 42)
try:
    "€".encode("ascii", "test.bad")
except TypeError as e:
    print("TypeError:", e)
codecs.register_error("test.far", lambda exc: ("", 100))
try:
    "€".encode("ascii", "test.far")
except IndexError as e:
    print("IndexError:", e)
codecs.register_error("test.nonascii", lambda exc: ("é", exc.end))
try:
    "€".encode("ascii", "test.nonascii")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError:", e)
try:
    codecs.register_error("x", 3)
except TypeError as e:
    print("TypeError:", e)

# The built-in handlers as functions.
for name in ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace"]:
    print(codecs.lookup_error(name).__name__)
exc = UnicodeEncodeError("ascii", "ab€d", 2, 3, "ordinal not in range(128)")
print(str(exc), exc.args)
for name in ["ignore", "replace", "backslashreplace", "xmlcharrefreplace"]:
    print(name, codecs.lookup_error(name)(exc))
dexc = UnicodeDecodeError("utf-8", b"a\xffb", 1, 2, "invalid start byte")
print(str(dexc))
for name in ["ignore", "replace", "backslashreplace"]:
    print(name, codecs.lookup_error(name)(dexc))
try:
    codecs.strict_errors(exc)
except UnicodeEncodeError as e:
    print("strict raised", e is exc)
try:
    codecs.xmlcharrefreplace_errors(dexc)
except TypeError as e:
    print("TypeError:", e)

# The _codecs functions directly.
print(_codecs.utf_8_encode("aé"), _codecs.utf_8_decode(b"a\xc3\xa9\xe2", None, False),
      _codecs.utf_8_decode(b"a\xc3\xa9", "strict", True))
print(_codecs.utf_16_encode("a"), _codecs.utf_16_encode("a", None, 1), _codecs.utf_16_le_encode("a"))
print(_codecs.utf_16_decode(b"\xfe\xff\x00a\x00"), _codecs.utf_16_ex_decode(b"\xff\xfea\x00"),
      _codecs.utf_16_ex_decode(b"a\x00", None, 0, True), _codecs.utf_16_be_decode(b"\x00a"))
print(_codecs.utf_32_encode("a"), _codecs.utf_32_be_encode("a"), _codecs.utf_32_ex_decode(b"\x00\x00\xfe\xff\x00\x00\x00a"))
print(_codecs.latin_1_encode("aé"), _codecs.latin_1_decode(b"\xe9"), _codecs.ascii_decode(b"ab"))
print(_codecs.escape_encode(b"a'\"\\\n\t\x00\xff"), _codecs.escape_decode(b"a\\x41\\101\\n\\\\q\\\n"))
print(_codecs.escape_decode("\\x4", "replace"), _codecs.escape_decode(b"\\x4", "ignore"))
try:
    _codecs.escape_decode(b"ab\\x4")
except ValueError as e:
    print("ValueError:", e)
try:
    _codecs.escape_decode(b"ab\\")
except ValueError as e:
    print("ValueError:", e)
print(_codecs.unicode_escape_encode("a\\\t\n\r\x7f\xe9\u20ac\U0001f600'\""))
print(_codecs.unicode_escape_decode(b"a\\t\\x41\\101\\u20ac\\U0001F600\\q\\\n!"))
print(_codecs.unicode_escape_decode(b"ab\\u20", None, False), _codecs.unicode_escape_decode(b"ab\\", None, False))
for data in [b"\\x4", b"\\u12", b"\\U0011ffff", b"\\", b"\\N"]:
    try:
        _codecs.unicode_escape_decode(data)
    except UnicodeDecodeError as e:
        print(data, e.start, e.end, e.reason)
print(_codecs.raw_unicode_escape_encode("aé€\U0001f600\\"), _codecs.raw_unicode_escape_decode(b"\\u20ac\\\\u20ac\\x"))
print(_codecs.charmap_decode(b"\x00\x02", None, "xyz"), _codecs.charmap_decode(b"\x00\x01", "replace", {0: "A", 1: None}))
print(_codecs.charmap_decode(b"\x00\x01", None, {0: 0x263a, 1: "BC"}), _codecs.charmap_decode(b"\xe9"))
table = _codecs.charmap_build("abc")
print(sorted(table.items()), _codecs.charmap_encode("cab", None, table), _codecs.charmap_encode("aé"))
print(_codecs.charmap_encode("ab", None, {97: b"AA", 98: 66}))
try:
    _codecs.charmap_encode("ax", None, table)
except UnicodeEncodeError as e:
    print("UnicodeEncodeError:", e)
try:
    _codecs.charmap_decode(b"\x05", None, "abc")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
print(_codecs.readbuffer_encode(b"ab"), _codecs.readbuffer_encode("é"))
try:
    _codecs.utf_8_decode("text")
except TypeError as e:
    print("TypeError:", e)
try:
    _codecs.utf_8_encode(b"bytes")
except TypeError as e:
    print("TypeError:", e)

# codecs.encode/decode with non-text codecs, and text-encoding checks.
print(codecs.encode("abc", "rot13"), codecs.encode(b"x", "latin-1") if False else "")
try:
    "abc".encode("rot13")
except LookupError as e:
    print("LookupError:", e)

# Incremental decoders and encoders, StreamReader-free pieces of codecs.py.
for name in ["utf-8", "utf-16", "utf-32", "cp1252"]:
    data = TEXT[:3].encode(name) if name == "cp1252" else TEXT.encode(name)
    decoder = codecs.getincrementaldecoder(name)()
    pieces = [decoder.decode(data[i:i + 1]) for i in range(len(data))]
    pieces.append(decoder.decode(b"", final=True))
    print(name, pieces)
encoder = codecs.getincrementalencoder("utf-16")()
print(encoder.encode("a"), encoder.encode("b"), encoder.encode("", final=True))
try:
    codecs.getincrementaldecoder("utf-8")().decode(b"\xe2\x82", final=True)
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
print(list(codecs.iterdecode([b"\xe2", b"\x82\xac", b"a"], "utf-8")))
print(codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE)

# A search function of our own.
def search(name):
    if name == "test_upper":
        return codecs.CodecInfo(lambda s, errors="strict": (s.upper().encode(), len(s)),
                                lambda b, errors="strict": (bytes(b).decode().lower(), len(b)),
                                name="test-upper")
    return None
codecs.register(search)
print("abc".encode("Test-Upper"), b"XYZ".decode("test upper"), codecs.lookup("TEST_UPPER").name)
codecs.unregister(search)
try:
    codecs.lookup("test_upper")
except LookupError as e:
    print("LookupError:", e)

# bytes/bytearray constructors and bytearray.decode share the paths.
print(bytes("aé", "latin-1"), bytearray("€", "utf-16-le"), bytearray(b"\xe9").decode("cp1252"))
