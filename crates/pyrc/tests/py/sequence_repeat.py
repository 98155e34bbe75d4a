# Repetition of every sequence type: results, negative and zero counts, bool counts, the
# operand on either side, in place; and counts whose result could never be allocated raise
# MemoryError (or OverflowError past an index-sized integer) instead of stopping the process.
print([1, 2] * 3, 3 * [1, 2], [1] * 0, [1] * -5, [] * 10**18)
print((1, 2) * 2, 2 * (1,), (1,) * -1, () * 10**18)
print("ab" * 3, 3 * "ab", "ab" * -1, "" * 10**18, "é" * 2)
print(b"ab" * 3, 3 * b"ab", b"ab" * -1, b"" * 10**18)
print(bytearray(b"xy") * 2, 2 * bytearray(b"z"), bytearray(b"q") * 0)
print([0] * True, "a" * False)
items = [1, 2]
alias = items
items *= 2
print(items, alias is items)
items *= 0
print(items, alias)
cases = [
    ("[1] * 10**18", lambda: [1] * 10**18),
    ("[1, 2] * 2**62", lambda: [1, 2] * 2**62),
    ("(1,) * 10**18", lambda: (1,) * 10**18),
    ("'ab' * 10**18", lambda: 'ab' * 10**18),
    ("b'a' * 10**18", lambda: b'a' * 10**18),
    ("bytearray(b'a') * 10**18", lambda: bytearray(b'a') * 10**18),
    ("[None] * 2**40", lambda: [None] * 2**40),
    ("'x' * 2**50", lambda: 'x' * 2**50),
    ("[] * 10**30", lambda: [] * 10**30),
    ("'ab' * -10**30", lambda: 'ab' * -10**30),
    ("[1] * 2**63", lambda: [1] * 2**63),
]
for text, make in cases:
    try:
        make()
    except (MemoryError, OverflowError) as error:
        print(text, type(error).__name__)
    else:
        print(text, "allocated")
big = [7]
try:
    big *= 10**18
except MemoryError:
    print("in place: MemoryError, list kept:", big)


class Three:
    def __index__(self):
        return 3


print([0] * Three(), Three() * "ab")
try:
    [1] * 2.0
except TypeError as error:
    print(error)
