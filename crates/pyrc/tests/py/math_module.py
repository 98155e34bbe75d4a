# math: every function and constant against CPython 3.11 (values, special values, errors).
import math


def show(f, *args, **kwargs):
    try:
        result = f(*args, **kwargs)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    return type(result).__name__ + " " + repr(result)


print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan != math.nan)
print(type(math.pi).__name__, math.isnan(math.nan), math.isinf(math.inf))

specials = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -3.0, 1e-300, 5e-324, 1e308,
            1.7976931348623157e308, math.inf, -math.inf, math.nan, 1e-21, 0.1, 10.0,
            171.0, 171.5, 200.5, -200.5, -170.5, 140.5, 23.0, -2.5, 709.0, 710.0, -746.0,
            1e16, 3.141592653589793, 0.7853981633974483, 12.345, -0.001]
# Values of every scale (drawn once by random.uniform, written out).
specials += [3.371785473123515e-19, 2.3039161178071277e-266, 5.77286208006821e-42, 0.045263314232916546, 2.2496015468872958e+78, 5.882176933129782e-63, 0.00011949287239918538, 1.0163702083240544e+21, 5.441353200755737e+41, -12.876651073248212, 0.004369124775762893, -1.7851239417810358e-21, -6.174876469671053e+87, 1.026118212449075, -4.63759190006284e+18, -0.03851300542850144, -1.143203170665611e+49, -4.351788880373835e-91, -8.2442911836627e-124, -2.7749682472083106e-18, -7.689281768461531e-06, 1.5559361805532277e-06, 4.150704888199019e-170, 6.0838330920309285e-05]

ints = [0, 1, -1, 7, 2**53 + 1, -(2**64), 10**30, 10**309, 2**1024]

one = ["acos", "acosh", "asin", "asinh", "atan", "atanh", "cbrt", "ceil", "cos", "cosh",
       "degrees", "erf", "erfc", "exp", "exp2", "expm1", "fabs", "floor", "frexp", "gamma",
       "isfinite", "isinf", "isnan", "lgamma", "log", "log10", "log1p", "log2", "modf",
       "radians", "sin", "sinh", "sqrt", "tan", "tanh", "trunc", "ulp"]
for name in one:
    f = getattr(math, name)
    print(name, [show(f, x) for x in specials])
    print(name, [show(f, x) for x in ints])
    print(name, show(f, "1"), show(f, None), show(f), show(f, 1, 2))

two = ["atan2", "copysign", "fmod", "nextafter", "pow", "remainder"]
pairs = [(x, y) for x in specials[::3] for y in specials[1::4]]
pairs += list(zip(specials[-24:], specials[-12:] + specials[-24:-12]))
for name in two:
    f = getattr(math, name)
    print(name, [show(f, x, y) for x, y in pairs])
    print(name, show(f, 1), show(f, 1, "2"), show(f, 10**400, 1.0))

# Integer functions: ints of any size, __index__, errors.
print([math.factorial(n) for n in range(25)])
print(math.factorial(100), len(str(math.factorial(1000))), math.factorial(True))
for args in [(-1,), (1.0,), ("3",), (10**20,)]:
    print("factorial", args, show(math.factorial, *args))
print(math.gcd(), math.gcd(12), math.gcd(-12), math.gcd(12, 18), math.gcd(12, -18, 27))
print(math.gcd(2**200 * 3, 2**100 * 9), math.gcd(0, 0), math.gcd(True, 4))
print(math.lcm(), math.lcm(-4), math.lcm(4, 6), math.lcm(4, 0, 6), math.lcm(2**70, 3**40))
print(show(math.gcd, 1.5), show(math.lcm, 2, "3"), show(math.gcd, x=1))
print([math.isqrt(n) for n in [0, 1, 2, 3, 4, 15, 16, 17, 2**64 - 1, 2**64, 10**100]])
print(math.isqrt(3**1001), show(math.isqrt, -1), show(math.isqrt, 4.0))
print([math.comb(10, k) for k in range(12)], math.comb(10**20, 3), math.comb(300, 150))
print([math.perm(6, k) for k in range(8)], math.perm(5), math.perm(5, None), math.perm(10**18, 2))
print(math.comb(10**30, 10**30 - 2), math.perm(40, 40) == math.factorial(40))
for f in (math.comb, math.perm):
    for args in [(-1, 2), (5, -1), (5.0, 2), (5, 2.0), (10**30, 10**20), (1,), (1, 2, 3)]:
        print(f.__name__, args, show(f, *args))

# floor, ceil, trunc: ints stay ints, floats of any size, the dunders of instances.
print([math.floor(x) for x in [1.5, -1.5, 0.0, -0.0, 1e300, 2**70, True]])
print([math.ceil(x) for x in [1.5, -1.5, 1e-300, -1e-300, 1e20, -7]])
print([math.trunc(x) for x in [1.9, -1.9, 1e25, 5, False]])
for f in (math.floor, math.ceil, math.trunc):
    print(f.__name__, [show(f, x) for x in [math.inf, -math.inf, math.nan, "1", None]])


class Rounds:
    def __floor__(self):
        return "floored"

    def __ceil__(self):
        return "ceiled"

    def __trunc__(self):
        return "truncated"


class Index:
    def __init__(self, n):
        self.n = n

    def __index__(self):
        return self.n


class AsFloat:
    def __float__(self):
        return 2.5


class BadFloat:
    def __float__(self):
        return 1


class MyFloat(float):
    pass


class MyInt(int):
    pass


print(math.floor(Rounds()), math.ceil(Rounds()), math.trunc(Rounds()))
print(math.factorial(Index(5)), math.gcd(Index(12), 8), math.isqrt(Index(50)), math.comb(Index(5), 2))
print(math.sqrt(Index(16)), math.sqrt(AsFloat()), math.floor(AsFloat()), show(math.trunc, AsFloat()))
print(show(math.sqrt, BadFloat()), show(math.factorial, Index(2.0)))
print(math.floor(MyFloat(2.5)), math.trunc(MyFloat(-2.5)), math.ceil(MyInt(3)), math.sqrt(MyInt(9)))
print(math.log(MyInt(8), 2), math.factorial(MyInt(4)), math.ldexp(1.0, MyInt(3)))

# fsum: exact, correctly rounded; special values; errors.
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([]), math.fsum([-0.0]))
print(math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]))
print(math.fsum([1e-16, 1.0, 1e16]), math.fsum([2.0**53, -0.5, -2.0**-54]))
print(math.fsum(x / 7 for x in range(1000)), math.fsum(range(10**6, 10**6 + 100)))
print(math.fsum([1, 2**53, 1.5]), math.fsum(iter([math.inf, 1.0, math.inf])))
for data in [[1e308, 1e308], [math.inf, -math.inf], [math.nan, 1.0], [1, "2"], 5, [10**400]]:
    print("fsum", show(math.fsum, data))

# prod: any multiplicable values, the start keyword.
print(math.prod([]), math.prod(range(1, 11)), math.prod([1.5, 2, 3]), math.prod([2, 2**64]))
print(math.prod([[1]], start=3), math.prod(["ab"], start=2), math.prod([], start=None))
print(math.prod(x for x in [2.0, 0.5, 3]), math.prod([MyInt(3), 4]))
print(show(math.prod), show(math.prod, [1], 2), show(math.prod, [1], foo=2), show(math.prod, ["a", "b"]))

# hypot, dist: many dimensions, special values.
print(math.hypot(), math.hypot(3), math.hypot(-3), math.hypot(3, 4), math.hypot(1, 2, 3, 4, 5))
print(math.hypot(1e308, 1e308), math.hypot(5e-324, 5e-324), math.hypot(math.inf, math.nan))
print(math.hypot(*[0.1] * 100), math.hypot(1e-300, 1e-310), math.hypot(10**300, 1))
print(math.dist((0, 0), (3, 4)), math.dist([1, 2, 3], (4, 6, 8)), math.dist(iter([1.5]), [0]))
print(math.dist((), ()), math.dist((math.nan,), (1,)))
print(show(math.dist, (1,), (1, 2)), show(math.dist, 1, 2), show(math.hypot, "a"), show(math.hypot, x=1))

# isclose with its keywords.
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(1.0, 1.1, rel_tol=0.2))
print(math.isclose(0.0, 1e-10), math.isclose(0.0, 1e-10, abs_tol=1e-9), math.isclose(math.inf, math.inf))
print(math.isclose(math.inf, -math.inf), math.isclose(math.nan, math.nan), math.isclose(a=1, b=1))
print(show(math.isclose, 1, 2, rel_tol=-1), show(math.isclose, 1), show(math.isclose, 1, 2, 3))
print(show(math.isclose, 1, 2, foo=1), show(math.isclose, 1, a=1), show(math.isclose, "1", 1))

# logarithms of ints of any size, bases.
print(math.log(10**400), math.log2(2**2000), math.log10(10**500), math.log(2**1024, 2))
print(math.log(8, 2), math.log(100, 10), math.log(1, 10), math.log(True), math.log(3**5000, 3))
print(show(math.log), show(math.log, 1, 2, 3), show(math.log, 10, 1), show(math.log, 0),
      show(math.log, -(10**400)), show(math.log, 1, 0), show(math.log, 2, -1), show(math.log, 10, 1.0))

# frexp, ldexp, modf, ulp, nextafter.
print([math.frexp(x) for x in [1.0, 8.0, -3.0, 5e-324, 0.0, -0.0, 1e308]])
print(math.frexp(math.inf), math.frexp(-math.inf), math.frexp(7))
print([math.ldexp(1.5, i) for i in [0, 10, -10, -1074, -1080, -(10**30), True]])
print([show(math.ldexp, *args) for args in [(1.0, 1024), (1e308, 10), (1.0, 10**30), (0.0, 10**30),
                                            (math.inf, -5), (5e-324, -(10**30)), (1.0, 1.5), (1.0, "1")]])
print([math.modf(x) for x in [1.5, -1.5, 0.0, -0.0, 1e300, -2.0, math.inf, -math.inf]])
print([math.ulp(x) for x in [1.0, 0.0, -1.0, 1e300, 5e-324, 1.7976931348623157e308, math.inf]])
print(math.nextafter(1.0, 2.0), math.nextafter(1.0, 0.0), math.nextafter(0.0, -1.0), math.nextafter(2.0, 2.0))
