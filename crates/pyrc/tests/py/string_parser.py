# _string: the parsers behind string.Formatter (str.format strings), lazy, with CPython's errors.
import _string
def show(f, *a):
    try:
        return repr(f(*a))
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
cases = ["", "abc", "a{0}b{1:x}c{2!s}{{", "}}", "{{}}", "a{", "a}", "a}b", "{", "}", "{}", "{!r}", "{:}", "{0!}",
         "{0!r", "{0!rx}", "{0!r:>{1}}", "{a[b]}", "{a[}", "{a[b}", "{a{b}", "{0:{1:{2}}}", "{é!é:é}é", "x{0.a[1]:^{w}}y",
         "{:{}", "{a!", "{!", "{0:{}", "{{{0}}}", "a{{b", "{a.b.c[d][1]!a:%}", "}{"]
for c in cases:
    print(repr(c), show(lambda s: list(_string.formatter_parser(s)), c))
names = ["", "a", "0", "10", "a.b", "a[0]", "a[b].c", "0[1][x]", "a.", "a[", "a[]", "a]x", "a[0]x", "a..b", "99999999999999999999", "a[99999999999999999999]", ".x", "[1]", "a.99999999999999999999", "é.é[é]"]
for n in names:
    print(repr(n), show(lambda s: (lambda t: (t[0], list(t[1])))(_string.formatter_field_name_split(s)), n))
print(show(_string.formatter_parser, 1), show(_string.formatter_field_name_split, None), show(_string.formatter_parser))
it = _string.formatter_parser("a}b{c}")
print(show(next, it), show(next, it), show(next, it))
