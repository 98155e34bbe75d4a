# x in range(...) for a non-int: a float by its integral value, anything else by comparing each item
# as CPython's range_contains (difffuzz seed 82641: 2.0 in range(5) is True).
from fractions import Fraction
from decimal import Decimal
class Eq:
    def __repr__(self):
        return "Eq()"
    def __eq__(self, other):
        return other == 3
class MyInt(int):
    pass
r = range(5)
for x in [2, 2.0, 2.5, -0.0, 5.0, float('nan'), float('inf'), True, Fraction(4, 2), Decimal('3'), Eq(), MyInt(4), 'x', None, 10**30, 4.0000000001]:
    print(repr(x), x in r, x not in r, x in range(10, 0, -2), x in range(0))
