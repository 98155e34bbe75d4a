# CPython's own re package over pyrc's native _sre: str and bytes, groups, named groups,
# flags, sub with templates and callables, split, findall, finditer, scanner, errors.
import re, copy, copyreg, _sre
from re import _constants

print(_sre.MAGIC == _constants.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS)
print(_sre.ascii_iscased(ord("a")), _sre.ascii_iscased(ord("1")), _sre.unicode_iscased(0x416),
      _sre.ascii_tolower(ord("Q")), _sre.unicode_tolower(0x416), _sre.getcodesize())

p = re.compile(r"(?P<word>[a-z]+)-(?P<num>\d+)(x)?")
print(type(p), p, p.pattern, p.flags, p.groups, dict(p.groupindex))
m = p.search("see abc-123 and def-4x")
print(m)
print(m.group(), m.group(0), m.group(1, 2), m.group("word"), m["num"], m[3])
print(m.groups(), m.groups("-"), m.groupdict(), m.groupdict(0))
print(m.start(), m.end(), m.span(), m.span("num"), m.start(3), m.regs)
print(m.lastindex, m.lastgroup, m.pos, m.endpos, m.string, m.re is p)
print(m.expand(r"\g<num>:\1 \2"), m.expand(r"[\g<0>]"))
for bad in (4, "nope", -1):
    try:
        m.group(bad)
    except IndexError as e:
        print("IndexError", e)
print([mm.span() for mm in p.finditer("a-1 b-2x c-3")])
print(p.findall("a-1 b-2x c-3"), re.findall(r"\d", "a1b2"), re.findall(r"(\d)(\w)?", "1a2"))
print(p.match("zz-9"), p.match("  zz-9"), p.match("  zz-9", 2), p.fullmatch("zz-9x"),
      p.fullmatch("zz-9xy"), p.search("zz-9", 1, 3))

# Flags.
print(re.findall(r"^a", "a\na\nb", re.M), re.findall(r"a.b", "a\nb", re.S),
      re.search("HELLO", "say hello", re.I), re.search(r"\w+", "été", re.A),
      re.search(r"\w+", "été"), re.compile(r"a  b # comment", re.X).match("ab"))
print(re.compile("x", re.I | re.M), re.compile(b"x", re.I), re.compile("x", re.A))

# sub and subn.
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "joe@home, ann@work"))
print(re.sub(r"(?P<d>\d)", r"<\g<d>>", "a1b22"), re.sub("a", r"\n", "bab") == "b\nb")
print(re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "3 apples, 12 pears"))
print(re.subn("o", "0", "foo boo", count=3), re.sub("x*", "-", "abc"), re.sub("", "|", "ab"))
print(re.sub("a", "b", "xyz") == "xyz", re.sub(b"a", b"\\\\", b"bab"))
try:
    re.sub("(a)", r"\2", "a")
except re.error as e:
    print("re.error", e)
try:
    re.sub("a", lambda m: 5, "a")
except TypeError as e:
    print("TypeError", e)

# split.
print(re.split(r"\W+", "Words, words, words."), re.split(r"(\W+)", "Words, words."),
      re.split(r"\W+", "Words, words, words.", 1), re.split("x*", "axbc"),
      re.split(r"(a)|b", "xaybz"))

# bytes and bytearray subjects.
bp = re.compile(rb"(\d+)")
print(bp.findall(b"a12b3"), bp.sub(rb"[\1]", b"a12b3"), bp.search(bytearray(b"zz77")).group(1))
print(re.split(rb",", b"a,b"), re.match(rb"\w+", b"abc def").group())
for pattern, subject in ((r"a", b"a"), (rb"a", "a")):
    try:
        re.match(pattern, subject)
    except TypeError as e:
        print("TypeError", e)
try:
    re.match("a", 5)
except TypeError as e:
    print("TypeError", e)

# Non-ASCII text: positions are characters.
u = re.search(r"(é+)(ü)", "xxééüy")
print(u.span(), u.span(1), u.group(2), re.sub("é", "e", "café é"), re.split("ü", "aüböc"))
print(re.findall("[α-ω]+", "abc αβγ def δ"), re.search("(?i)ΣΑ", "xσα").span())

# Scanner.
sc = re.compile(r"\d").scanner("a1b2")
print(sc.search().group(), sc.search().group(), sc.search(), sc.pattern.pattern)
sc = re.compile(r"[a-z]").scanner("ab1")
print(sc.match().group(), sc.match().group(), sc.match(), sc.match())

# Pattern objects: equality, hashing, copying, pickling, repr.
q1, q2 = re.compile("a+", re.I), re.compile("a+", re.I)
print(q1 == q2, hash(q1) == hash(q2), q1 != re.compile("a+"), copy.copy(q1) is q1,
      copy.deepcopy(m) is m, (lambda f, a: f(*a))(*copyreg.dispatch_table[re.Pattern](q1)) == q1)
print(re.compile("x" * 300)  == re.compile("x" * 300), repr(re.compile("'")),
      re.Pattern, re.Match, re.Pattern[str], type(sc).__name__)
try:
    class Sub(re.Pattern):
        pass
except TypeError as e:
    print("TypeError", e)
try:
    re.Pattern.match(1, "a")
except TypeError as e:
    print("TypeError", e)
try:
    p.other = 1
except AttributeError:
    print("AttributeError")

# Errors with their position.
for bad in ("a(b", "(?P<1>x)", "[z-a]", "a**", "\\"):
    try:
        re.compile(bad)
    except re.error as e:
        print("re.error:", e, "| pos", e.pos, "| msg", e.msg)
print(re.escape("a.b*c"), re.fullmatch(re.escape("1+1=2"), "1+1=2") is not None)
