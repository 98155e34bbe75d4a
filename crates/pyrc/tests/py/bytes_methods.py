import base64

b = b"  Hello, World! hello  "
for name in ["upper", "lower", "swapcase", "capitalize", "title", "strip", "lstrip", "rstrip", "split", "rsplit",
             "splitlines", "isalpha", "isdigit", "isalnum", "isspace", "isupper", "islower", "isascii", "istitle", "hex"]:
    print(name, getattr(b, name)(), getattr(bytearray(b), name)())
print(b.strip(b" H"), b.split(b"l"), b.split(b"l", 2), b.rsplit(b"l", 2), b.split(maxsplit=1), b.rsplit(None, 1))
print(b.find(b"l"), b.rfind(b"l"), b.index(b"o"), b.rindex(b"o"), b.count(b"l"), b.count(b""), b.find(108), b.find(b"l", 5, 9), b.find(b"zz"))
print(b.startswith(b"  H"), b.endswith((b"x", b"  ")), b.startswith(b"H", 2), b.replace(b"l", b"L"), b.replace(b"l", b"", 2), b"ab".replace(b"", b"-"))
print(b.partition(b","), b.rpartition(b"l"), b.partition(b"#"), b"a\r\nb\rc\nd".splitlines(True))
print(b"-".join([b"a", bytearray(b"b"), b"c"]), bytearray(b", ").join([b"x", b"y"]))
t = bytes.maketrans(b"abc", b"xyz")
print(len(t), b"aabbcc".translate(t), b"abcabc".translate(None, b"b"), b"abc".translate(t, b"a"))
print(b"ab".center(7, b"*"), b"ab".center(6), b"ab".ljust(5, b"."), b"ab".rjust(5), b"-42".zfill(6), b"7".zfill(3))
print(b"prefix-body".removeprefix(b"prefix-"), b"body.txt".removesuffix(b".txt"), bytes.fromhex("de ad be ef"), bytearray.fromhex("00ff"))
print(b"\x01\x02\x03\x04".hex(":"), b"\x01\x02\x03\x04\x05".hex("-", 2), b"\x01\x02\x03".hex(" ", -2))
print((1024).to_bytes(2, "big"), (1024).to_bytes(4, "little"), (-1).to_bytes(2, "big", signed=True), (0).to_bytes(3, "big"), (255).to_bytes())
print(int.from_bytes(b"\x04\x00", "big"), int.from_bytes(b"\x00\x04", "little"), int.from_bytes(b"\xff\xff", "big", signed=True), int.from_bytes([1, 2], "big"), int.from_bytes(b"\x01" * 20, "big"))
for bad in [lambda: (256).to_bytes(1, "big"), lambda: (-1).to_bytes(1, "big"), lambda: (1).to_bytes(1, "middle"),
            lambda: b"a".split(b""), lambda: bytes.fromhex("zz"), lambda: b"abc".index(b"z"), lambda: b"x".join([1])]:
    try:
        bad()
    except (OverflowError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
data = bytes(range(256)) * 3
for enc, dec in [(base64.b64encode, base64.b64decode), (base64.urlsafe_b64encode, base64.urlsafe_b64decode),
                 (base64.b32encode, base64.b32decode), (base64.b32hexencode, base64.b32hexdecode),
                 (base64.b16encode, base64.b16decode), (base64.a85encode, base64.a85decode),
                 (base64.b85encode, base64.b85decode), (base64.standard_b64encode, base64.standard_b64decode)]:
    for sample in [b"", b"a", b"hello world", data]:
        encoded = enc(sample)
        print(enc.__name__, encoded[:48], dec(encoded) == sample)
print(base64.b64decode("aGk="), base64.b64encode(b"\xfb\xff", altchars=b"-_"))
print(base64.a85encode(b"hello", adobe=True), base64.a85encode(b"\0\0\0\0 yyyy", foldspaces=True), base64.b32decode(b"nbswy3dp", casefold=True))
print(repr(b"'"), repr(b'"'), bytearray(b"'"), b"\x00\xff\\", [b"it's"], bytearray(b'say "hi"'))
