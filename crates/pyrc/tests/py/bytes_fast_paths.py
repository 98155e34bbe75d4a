# base64 encode/decode (whole quads at a time, then the lenient/strict state machine), bytes.translate with a table and a deleted set, and the concatenation errors of each sequence kind, against python3.
import binascii, random
rnd = random.Random(7)
alpha = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n !-_"
out = []
for n in range(4000):
    k = rnd.randrange(0, 14)
    data = bytes(rnd.choice(alpha) for _ in range(k))
    for strict in (False, True):
        try:
            r = binascii.a2b_base64(data, strict_mode=strict)
        except binascii.Error as e:
            r = "Error:" + str(e)
        out.append(repr(r))
    raw = bytes(rnd.randrange(256) for _ in range(k))
    out.append(repr(binascii.b2a_base64(raw)))
    out.append(repr(binascii.b2a_base64(bytearray(raw), newline=False)))
    assert binascii.a2b_base64(binascii.b2a_base64(raw)) == raw
    assert binascii.a2b_base64(binascii.b2a_base64(raw).decode()) == raw
    t = bytes(rnd.randrange(256) for _ in range(256))
    d = bytes(rnd.randrange(256) for _ in range(rnd.randrange(4)))
    out.append(repr(raw.translate(t, d)))
    out.append(repr(bytearray(raw).translate(None, d)))
    out.append(repr(raw.translate(None)))
for bad in [(lambda: binascii.a2b_base64(3)), (lambda: binascii.a2b_base64("é")), (lambda: binascii.b2a_base64("x")), (lambda: b"a".translate(b"x")), (lambda: b"a".translate(3)), (lambda: b"a".translate(None, 3))]:
    try: bad()
    except Exception as e: out.append(type(e).__name__ + ": " + str(e))
print(len(out)); import hashlib; print(hashlib.md5("\n".join(out).encode()).hexdigest()); print("\n".join(out[-6:]))
for a, b in [("a", 1), ([1], (2,)), ((1,), [2]), (b"a", "b"), (bytearray(b"a"), "b"), (b"a", 1), (1, "a"), (None, b"a"), ("a", b"b"), (bytearray(), 3)]:
    try: a + b
    except TypeError as e: print(e)
    try:
        x = a; x += b
    except TypeError as e: print(e)
# Constant items folded at compile time, and items of bytes at run time.
print(b'!'[0], b'u'[0], "abc"[1], "abc"[5:], (b"xy"[-1]), "é"[0], b"ab"[1])
for thunk in (lambda: b"a"[3], lambda: "a"[3], lambda: bytearray(b"a")[3]):
    try:
        thunk()
    except IndexError as e:
        print(e)
d = b"hello"; i = 4; print(d[i], d[-1], d[0], d[-5])
