# f-strings: conversions (!r !s !a), format specs (fill, align, sign, width, grouping,
# precision, types), nested replacement fields, self-documenting expressions; str.format
# (positional fields; keyword fields are in str_format.py), format() and %-formatting.

name = "pyrc"
n = 42
pi = 3.14159265358979
neg = -7
big = 12345678901234567890
items = ["a", 'b"c']

print(f"plain {name} {n}")
print(f"{name!r} {name!s} {name!a} {'café'!a} {items!r}")
print(f"{n:5}|{n:<5}|{n:^5}|{n:>5}|{n:*^9}|{n:05}|{neg:05}")
print(f"{n:+}|{neg:+}|{n: }|{neg: }|{n:-}")
print(f"{n:b}|{n:o}|{n:x}|{n:X}|{n:#b}|{n:#o}|{n:#x}|{255:#X}|{n:c}")
print(f"{big:,}|{big:_}|{-1234.5:,.2f}|{1234567.125:_.2f}")
print(f"{pi:.2f}|{pi:10.3f}|{pi:<10.1f}|{pi:e}|{pi:.3E}|{pi:g}|{1e20:g}|{1e-7:g}|{pi:%}|{0.25:.0%}")
print(f"{pi:.0f}|{2.5:.0f}|{3.5:.0f}|{-0.0:.1f}|{1.0:g}|{100.0:.3g}|{123456789.0:.3g}")
print(f"{'left':<10}|{'right':>10}|{'mid':^10}|{'trunc':.3}|{'x':-^5}")
print(f"{True}|{None}|{True:d}|{3.0}|{1e16}|{1e-5}|{0.1 + 0.2}")
width = 8
precision = 3
print(f"{pi:{width}.{precision}f}|{name:>{width}}|{n:{'^'}{width}}")
print(f"{n=}|{name=!s}|{pi=:.2f}|{n + 1 = }")
print(f"{{literal braces}} {n}{{}}")
print(f"{'nested ' + f'{n:03}'}")
print(f"{[x * 2 for x in range(3)]}|{ {'k': 1}['k'] }|{(lambda v: v + 1)(1)}")
print(f"{n if n > 40 else 0}|{'yes' if not n else 'no'}")
print(f"multi"
      f"part {n}"
      " plain")
print(f"{inf:.2f}" if (inf := float("inf")) else "", f"{float('nan')}", f"{-inf}")


class Custom:
    def __format__(self, spec):
        return f"<Custom spec={spec!r}>"

    def __repr__(self):
        return "Custom()"

    def __str__(self):
        return "custom-str"


c = Custom()
print(f"{c}|{c:xyz}|{c!r}|{c!s}|{c!r:>10}")

# str.format and format()
print("{} {} {}".format(1, "two", 3.0))
print("{0} {1} {0}".format("a", "b"), "{1}{{}}{0}".format(1, 2), "{!r:>5}".format("s"))
print(format(42, "08b"), format(3.5, ".1f"), format("s", "^3"), format(7), repr(format(None)))
print("%s %d %05.2f %r %x %%" % ("s", 42, 3.14159, "r", 255))
print("%(a)s-%(b)03d" % {"a": "A", "b": 7})
print("%-5s|%5s|%c" % ("ab", "cd", 65))

try:
    f"{n:q}"
except ValueError as e:
    print("ValueError:", e)
try:
    f"{name:d}"
except ValueError as e:
    print("ValueError:", e)
