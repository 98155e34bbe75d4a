# The optional start/end arguments of str's search methods, and split's keywords.

s = "abcabc"
print(s.find("a", 1), s.find("a", 1, 3), s.find("", 5), s.find("", 7))
print(s.rfind("a", 0, 3), s.rfind("c", -3), s.rfind("a", 4))
print(s.index("a", 1), s.rindex("a", 0, 3))
print(s.count("a", 1), s.count("a", 0, 3), s.count("", 2))
print("abc".startswith("b", 1), "abc".endswith("b", 0, 2), "abc".startswith(("x", "c"), 2))
try:
    s.index("a", 4)
except ValueError as e:
    print("ValueError:", e)
print("a,b,c".split(",", maxsplit=1), "a b".split(sep=" "), "a,b,c".rsplit(",", maxsplit=1))
