# str: literals and escapes, repr, indexing and slicing, methods, comparisons, immutability,
# iteration, unicode, chr/ord.

s = "Hello, World"
print(s[0], s[-1], s[7:], s[:5], s[::2], s[::-1], s[3:-3], s[100:], s[-100:2])
print(len(s), len(""), len("héllo"), len("日本語"), "日本語"[1], "x" * 3, "ab" + "cd", 3 * "-")
print(s.lower(), s.upper(), s.swapcase(), s.title(), "hello world".capitalize())
print(s.find("o"), s.rfind("o"), s.find("z"), s.index("W"), s.count("l"), s.count(""))
print(s.startswith("Hell"), s.endswith(("x", "ld")), s.replace("l", "L"), s.replace("l", "", 2))
print(s.split(", "), "a b  c ".split(), "a,b,,c".split(","), "a b c".split(" ", 1), "x".split("x"))
print("a\nb\r\nc\n".splitlines(), "  pad  ".strip(), "xxhixx".strip("x"), "  l".lstrip(), "r  ".rstrip())
print("-".join(["a", "b", "c"]), "".join([]), ", ".join("abc"), s.partition(", "), s.rpartition("o"))
print("42".zfill(5), "-42".zfill(5), "ab".center(6, "*"), "ab".ljust(4, "."), "ab".rjust(4))
print("abc".isalpha(), "123".isdigit(), "a1".isalnum(), "   ".isspace(), "ABC".isupper(), "abc".islower())
print("hello".isidentifier(), "2x".isidentifier(), "".isdigit(), "Ab".isupper())
print(s.rsplit(" "), "a.b.c".rsplit(".", 1), "ABC".casefold(), "ß".upper())
print("abc" < "abd", "abc" < "ab", "B" < "a", "a" == "a", "a" != "b", "abc" in "xabcx", "" in "")

# escapes and repr
print("tab\there", "new\\nline", 'quote\'s', "dq\"s", "\x41\u00e9\N{GREEK SMALL LETTER ALPHA}")
print(repr("plain"), repr("it's"), repr('say "hi"'), repr("both ' \""), repr("\n\t\\\x00\x7f"))
print(repr("é日"), ascii("é日"), repr(""), str(""))
print(r"raw\n\t", len(r"\n"), """triple
quoted""", "implicit" " concatenation")

# immutability
try:
    s[0] = "h"
except TypeError as e:
    print("TypeError:", e)

# iteration and conversion
print(list("abc"), [c for c in "hi"], tuple("xy"), sorted("banana"), set("aa") == {"a"})
print(str(42), str(-1.5), str([1, "a"]), str(None), str(True), str((1,)), str({"k": "v"}))
print(chr(65), chr(0x263A), ord("A"), ord("é"), ord("\n"), [ord(c) for c in "az"])
print("%s and %r" % ("str", "repr"), "a" "b" == "ab", "abc".encode() == b"abc")
print(hash("x") == hash("x"), max("hello"), min("hello"), sorted(set("cab")))
print("{}".format(s))

# multiplication and slicing edge cases
print("ab" * 0, "ab" * -1, repr("abc"[1:1]), "abcdef"[1:5:2], "abcdef"[-1:-5:-2], "abc"[::-1])
word = "level"
print(word == word[::-1], "".join(reversed(word)))
