# decimal's common operations (pyrc: CPython's _pydecimal with the native accelerator;
# CPython: the C _decimal): construction, + - *, quantize, comparisons, str and repr, the
# context's flags and traps, localcontext, and the telco benchmark's workload in small.
import sys

# This directory holds a golden program named numbers.py, which would shadow the standard
# library's `numbers` that decimal imports.
del sys.path[0]
import decimal
from decimal import (Decimal, Context, getcontext, setcontext, localcontext, ROUND_DOWN,
                     ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, ROUND_CEILING, ROUND_FLOOR,
                     ROUND_HALF_DOWN, ROUND_05UP, Inexact, Rounded, InvalidOperation,
                     DivisionByZero, Overflow)


def flags(context):
    return sorted(k.__name__ for k, v in context.flags.items() if v)


print(Decimal("1.10") + Decimal("2.2"), Decimal("-0.5") * 3, 7 - Decimal("0.25"))
print(Decimal(), Decimal(-12345678901234567890123456789012345678901234567890), Decimal(True))
print(Decimal("  1_000.5  "), Decimal("-0"), Decimal("1e-7"), Decimal("123E+3"), Decimal("0.000001"))
print(repr(Decimal("NaN")), repr(Decimal("-Infinity")), repr(Decimal("sNaN12")))
print(Decimal(".5"), Decimal("5."), Decimal("+0.00"))
for text in ["1.2.3", "", "e5", "1e", "abc"]:
    try:
        Decimal(text)
    except InvalidOperation as e:
        print("invalid:", repr(text), type(e).__name__)

c = getcontext()
c.clear_flags()
c.prec = 5
print(Decimal("1.23456789") + 0, flags(c))
print(Decimal(1) / 3, Decimal("123456") * 10, flags(c))
c.prec = 28
c.clear_flags()

two = Decimal("0.01")
for mode in [ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, ROUND_CEILING, ROUND_FLOOR,
             ROUND_HALF_DOWN, ROUND_05UP]:
    values = [Decimal(s).quantize(two, rounding=mode)
              for s in ["1.005", "1.015", "-1.005", "2.675", "-0.001", "0.0049", "9.999"]]
    print(mode, values)
print(Decimal("123.456").quantize(Decimal("1e1")), Decimal("0").quantize(Decimal("1e-5")))
try:
    Decimal("1e30").quantize(Decimal("0.01"))
except InvalidOperation as e:
    print("quantize:", type(e).__name__)

print(Decimal("1.0") == Decimal("1"), Decimal("1.0") == 1, Decimal("-0") == 0, Decimal("2") < 3,
      Decimal("-2.5") > Decimal("-2.45"), Decimal("1e3") >= 1000, Decimal("NaN") == Decimal("NaN"),
      Decimal("0.1") == 0.1, Decimal("0.5") == 0.5, Decimal("1") < Decimal("Infinity"))
print(hash(Decimal("1.0")) == hash(1), sorted([Decimal("3"), Decimal("-1.5"), Decimal("2.25"), 1]))

# Flags and traps.
ctx = Context(prec=3, rounding=ROUND_HALF_EVEN)
print(ctx.add(Decimal("1.234"), Decimal("0")), flags(ctx))
ctx.traps[Inexact] = True
try:
    ctx.multiply(Decimal("1.234"), Decimal("5"))
except Inexact as e:
    print("trapped:", type(e).__name__, flags(ctx))
ctx.traps[Inexact] = False
print(ctx.quantize(Decimal("2.5"), Decimal("1")), flags(ctx))
with localcontext() as local:
    local.prec = 2
    local.rounding = ROUND_UP
    print(Decimal("1.21") + Decimal("0"), Decimal("1.21") * 1)
print(Decimal("1.21") * 1, getcontext().prec)
big = Context(prec=60)
print(big.multiply(Decimal("123456789012345678901234567890"), Decimal("987654321098765432109876543210")))
print(Context(prec=5, Emax=3).add(Decimal("9999"), Decimal("1")) if False else "skip")
try:
    Context(prec=5, Emax=3, traps=[Overflow]).multiply(Decimal("9999"), Decimal("10"))
except Overflow as e:
    print("overflow:", type(e).__name__)
print(Context(prec=5, Emax=3, traps=[]).multiply(Decimal("9999"), Decimal("10")))
print(Context(prec=5, Emin=-3, traps=[]).multiply(Decimal("0.001"), Decimal("0.1")))


class Money(Decimal):
    pass


m = Money("2.50")
print(type(m).__name__, m + 1, type(m + 1).__name__, str(m), m.quantize(Decimal("0.1")))

# telco in small.
getcontext().rounding = ROUND_DOWN
rates = list(map(Decimal, ("0.0013", "0.00894")))
twodig = Decimal("0.01")
Banker = Context(rounding=ROUND_HALF_EVEN)
basictax = Decimal("0.0675")
disttax = Decimal("0.0341")
sumT = sumB = sumD = Decimal("0")
lines = []
for n in [17, 1234, 99999, 7, 3141592, 27182818, 55, 123456789]:
    calltype = n & 1
    r = rates[calltype]
    p = Banker.quantize(r * n, twodig)
    b = (p * basictax).quantize(twodig)
    sumB += b
    t = p + b
    if calltype:
        d = (p * disttax).quantize(twodig)
        sumD += d
        t += d
    sumT += t
    lines.append(str(t))
print(" ".join(lines))
print(sumT, sumB, sumD)
