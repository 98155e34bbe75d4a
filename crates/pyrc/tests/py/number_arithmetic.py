# int (small and big), float, bool: arithmetic, division semantics, comparisons, conversions,
# repr, round, divmod, abs, pow, bit operations.

# big ints
f = 1
for i in range(1, 41):
    f *= i
print(f)
print(2 ** 100, -(2 ** 100), 2 ** 64 - 1, (2 ** 64) // 3, (2 ** 64) % 1000)
print(10 ** 30 + 1 - 10 ** 30, (10 ** 20) * (10 ** 20), 7 ** 77 % 1000003)
big = 123456789012345678901234567890
print(big // 97, big % 97, divmod(big, -97), -big // 97, -big % 97)
print(big > 2 ** 90, big == big + 0, hash(2 ** 20) == hash(2 ** 20), big.bit_length())
print(int("9" * 50) + 1, int("-" + "1" * 30), len(str(3 ** 1000)))
print(9223372036854775807 + 1, -9223372036854775808 - 1, 9223372036854775807 * 2)
print(abs(-(2 ** 70)), (2 ** 70) >> 60, 1 << 70, (2 ** 70) & 0xFFFF, (2 ** 70) | 1)
print(~0, ~5, -5 & 0xFF, -1 >> 3, 6 ^ 3, 0b1111 & ~0b0101)
print(0x7FFFFFFFFFFFFFFF + 0x7FFFFFFFFFFFFFFF, -(-9223372036854775808))

# integer division and modulo follow the sign of the divisor
for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5)]:
    print(a, b, a // b, a % b, divmod(a, b), a / b)

# floats
print(0.1 + 0.2, 1 / 3, 2 / 1, 1e300 * 10, -1e300 * 10, 1e-320, 5e-324 / 2)
print(3.0, 1.5e10, 1e16, 1.0e-4, 123456789.123, 2.0 ** 0.5, float(10 ** 17))
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, divmod(7.5, -2), 2 ** -1, (-8) ** 2)
print(float("1.5"), float("-inf"), float("  2e3 "), float(3), int(3.99), int(-3.99), int("  42 "))
print(int("ff", 16), int("0x1F", 16), int("101", 2), int("z", 36), int(True), float(False))
nan = float("nan")
inf = float("inf")
print(nan == nan, nan != nan, inf > 10 ** 300, -inf < -(10 ** 300), inf - inf != inf - inf)
print(1 == 1.0, 1.5 > 1, 2 ** 53 == 2.0 ** 53, 10 ** 400 > 1e308, 0.1 * 3 == 0.3)
print((1.5).is_integer(), (2.0).is_integer(), 3 .bit_length(), (255).bit_length())

# round
print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5), round(7))
print(round(3.14159, 2), round(2.675, 2), round(1234.5678, -2), round(1234, -2), round(-0.4))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, round(15, -1), round(25, -1))

# pow
print(pow(2, 10), pow(2, 10, 1000), pow(3, -1), 2 ** 0.5 == pow(2, 0.5), pow(-2, 3), 0 ** 0)
print((-8) ** (1 / 3) if False else "skip complex", 10 ** -2)

# abs and divmod
print(abs(-3), abs(3.5), abs(-0.0), abs(True), divmod(17, 5), divmod(-17, 5), divmod(17.5, 5))

# bool is an int
print(True + True, True * 10, False - 1, True / 2, True == 1, False == 0)
print(isinstance(True, int), type(True).__name__, bool(0), bool(-1), bool(0.0), bool("0"))
print(repr(True), str(False), int(True), -True, ~True, True << 2)
print(hash(True) == hash(1), {1: "int", True: "bool"}, sum([True, True, False]))

# int() / float() / bool() conversions
print(int(), float(), bool(), int("-0"), int("1_000"), float("1_0.5"))
for bad in ["", "1.5", "abc", "0x10"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)

# comparisons of mixed numbers
print(sorted([3, 1.5, True, -2, 2 ** 65, 0.0]))
print(max(1, 2.5, 2), min(-1, -1.0), 1 < 2.5 < 3, 3 == 3.0 == True + 2)

# repr of floats
for value in [0.0, -0.0, 1.0, 0.1, 1e22, 1e21, 1.23e-5, 123456789012345678.0, 1 / 7, 100.0, 2.5e-310]:
    print(repr(value), str(value))
