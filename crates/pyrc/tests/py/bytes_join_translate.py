# bytes.join and bytes.translate build their result in place: bytearrays, subclasses,
# argument errors, deletion.


def attempt(label, call):
    try:
        print(label, repr(call()))
    except Exception as e:
        print(label, type(e).__name__, e)


class B(bytes):
    pass


# bytes.join reads each item in place: bytearrays, a bytearray separator, errors.
print(b"-".join([b"a", bytearray(b"b"), b"c"]), bytearray(b"+").join([b"x", b"y"]), b"".join([]))
print(b", ".join(iter([b"1", b"2"])), type(bytearray(b"").join([b"q"])).__name__)
attempt("join str item", lambda: b"".join([b"a", "b"]))
attempt("join int item", lambda: b"-".join([b"a", 1]))


class S(str):
    pass


attempt("join str subclass item", lambda: b"".join([S("x")]))


print(B(b"|").join([b"a", b"b"]), type(B(b"|").join([b"a"])).__name__, b"".join([B(b"x"), b"y"]))

table = bytes.maketrans(b"ab", b"xy")
print(b"abc".translate(table, b"c"), b"abc".translate(None, delete=b"a"), bytearray(b"ab").translate(table))
print(b"".translate(table), b"abc".translate(None), b"abc".translate(table, b""), bytearray(b"abcab").translate(None, b"b"))
print(b"hello".translate(bytearray(table)), b"aaa".translate(table, bytearray(b"a")), type(bytearray(b"x").translate(None)).__name__)
print(B(b"ab").translate(table), type(B(b"ab").translate(None)).__name__, B(b"abc").translate(None, b"b"))
big = bytes(range(256)) * 40
print(big.translate(table) == bytes(table) * 40, len(big.translate(None, b"abc")))
identity = bytearray(range(256))
print(identity.translate(identity) == identity, identity.translate(identity, identity))
attempt("table kw", lambda: b"a".translate(table=table))
attempt("short table", lambda: b"a".translate(b"x"))
attempt("three", lambda: b"a".translate(table, b"a", b"b"))
attempt("none", lambda: b"a".translate())
attempt("str table", lambda: b"a".translate("x" * 256))
attempt("str delete", lambda: b"a".translate(table, "a"))
attempt("bad kw", lambda: b"a".translate(table, x=1))
attempt("delete twice", lambda: b"a".translate(table, b"a", delete=b"b"))
attempt("int table", lambda: bytearray(b"a").translate(5))
