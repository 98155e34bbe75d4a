# A property test of decimal (pyrc: CPython's _pydecimal with the native accelerator; CPython:
# the C _decimal): random operands and contexts from a seeded generator, every result, flag
# set and exception printed (so the expected output is CPython's C decimal's) and compared with
# the pure-Python _pydecimal run on the same inputs (mismatches counted: none expected).
import sys

# This directory holds a golden program named numbers.py, which would shadow the standard
# library's `numbers` that decimal imports.
del sys.path[0]
import random
import decimal as D
import _pydecimal as P

rng = random.Random(20261207)
SIGNALS = ["Clamped", "DivisionByZero", "Inexact", "Overflow", "Rounded", "Subnormal",
           "Underflow", "InvalidOperation", "FloatOperation"]
ROUNDINGS = ["ROUND_DOWN", "ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_CEILING", "ROUND_FLOOR",
             "ROUND_UP", "ROUND_HALF_DOWN", "ROUND_05UP"]


def operand_text():
    roll = rng.random()
    if roll < 0.04:
        return rng.choice(["NaN", "-NaN", "sNaN", "Infinity", "-Inf", "nan123"])
    sign = rng.choice(["", "", "-", "+"])
    length = rng.choice([1, 1, 2, 3, 4, 6, 9, 12, 20, 37, 38, 39, 45])
    digits = "".join(rng.choice("0123456789") for _ in range(length))
    if rng.random() < 0.1:
        digits = "0" * rng.randint(1, 3) + digits
    if rng.random() < 0.5:
        cut = rng.randint(0, len(digits))
        digits = digits[:cut] + "." + digits[cut:]
        if digits == ".":
            digits = "0."
    if rng.random() < 0.3:
        digits += rng.choice(["e", "E"]) + rng.choice(["", "+", "-"]) + str(rng.randint(0, 40))
    return sign + digits


def context_args():
    small = rng.random() < 0.3
    args = {
        "prec": rng.choice([1, 2, 3, 5, 9, 16, 28, 38, 40]),
        "rounding": rng.choice(ROUNDINGS),
        "Emax": rng.randint(1, 40) if small else 999999,
        "Emin": -rng.randint(1, 40) if small else -999999,
        "clamp": rng.choice([0, 0, 1]),
        "traps": [s for s in ["Inexact", "Rounded", "Overflow", "Underflow", "Clamped",
                              "InvalidOperation"] if rng.random() < 0.1],
    }
    return args


def make_context(module, args):
    return module.Context(prec=args["prec"], rounding=args["rounding"], Emax=args["Emax"],
                          Emin=args["Emin"], clamp=args["clamp"],
                          traps=[getattr(module, s) for s in args["traps"]], flags=[])


def run(module, op, texts, args, extra):
    """One operation: (result text, flags) or the exception's class name."""
    context = make_context(module, args)
    module.setcontext(context)
    try:
        values = [module.Decimal(t) if isinstance(t, str) else t for t in texts]
        x, y = values
        if op == "+":
            result = x + y
        elif op == "-":
            result = x - y
        elif op == "*":
            result = x * y
        elif op == "/":
            result = x / y
        elif op == "quantize":
            result = x.quantize(y, rounding=extra)
        elif op == "Context.quantize":
            result = context.quantize(x, y)
        elif op == "compare":
            result = (x == y, x < y, x <= y, x > y, x >= y)
        elif op == "str":
            result = (str(x), repr(y))
        else:
            result = getattr(context, op)(x, y)
    except Exception as e:
        return type(e).__name__
    flags = sorted(name for name in SIGNALS if context.flags[getattr(module, name)])
    return str(result), flags


# (Not `//`: with a small Emax the C decimal rounds its quotient to the context, signalling
# Overflow, where _pydecimal returns it as it is.)
OPS = ["+", "-", "*", "/", "quantize", "Context.quantize", "compare", "str", "add", "multiply",
       "subtract", "divide"]
mismatches = 0
for case in range(1500):
    op = rng.choice(OPS)
    texts = [operand_text(), operand_text()]
    if rng.random() < 0.15:
        texts[rng.randint(0, 1)] = rng.choice([0, 1, -7, 12345, 10**20, -(10**40)])
    if op in ("quantize", "Context.quantize") and isinstance(texts[1], str) and rng.random() < 0.7:
        texts[1] = "1e" + str(rng.randint(-10, 5))
    args = context_args()
    extra = rng.choice([None, None] + ROUNDINGS)
    ours = run(D, op, texts, args, extra)
    pure = run(P, op, texts, args, extra)
    if ours != pure:
        mismatches += 1
        print("MISMATCH", op, texts, args, extra, ours, pure)
    print(case, op, texts, ours)
print("mismatches with _pydecimal:", mismatches)
