# Conversions between big ints and floats: float(int) overflow, exact true division of big
# ints (CPython divides exactly, then rounds once).

print(float(2 ** 70), float(-(10 ** 300)))
try:
    float(10 ** 400)
except OverflowError as e:
    print("OverflowError:", e)
print(10 ** 400 / 10 ** 399, (2 ** 1100) / (2 ** 1000), (10 ** 400 + 1) / 10 ** 400)
print((3 ** 700) / (3 ** 699), -(10 ** 500) / (10 ** 499))
try:
    10 ** 400 / 3
except OverflowError as e:
    print("OverflowError:", e)
try:
    10 ** 400 + 1.0
except OverflowError as e:
    print("OverflowError:", e)
print(2 ** 53 + 1 == float(2 ** 53 + 1), (2 ** 53 + 1) / 1)
try:
    2.0 ** 10000
except OverflowError as e:
    print("OverflowError:", e)
try:
    10.0 ** 400
except OverflowError as e:
    print("OverflowError:", e)
print(1e308 * 10, 2.0 ** -10000)

# repr: of two shortest strings equally near the value, the one rounded half to even.
print(2.0 ** -25, 1277419955517410.2, 1404032278679405.2, [0.1 * 3, 1e23, 2.0 ** 70])
