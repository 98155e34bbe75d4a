# Set comparisons and operators, on atomic keys (decided without __eq__) and on keys whose
# equality runs Python code; hashes of tuples and frozensets equal CPython's.

class Key:
    calls = 0

    def __init__(self, n):
        self.n = n

    def __hash__(self):
        return hash(self.n) & 3

    def __eq__(self, other):
        Key.calls += 1
        return isinstance(other, Key) and self.n == other.n

    def __repr__(self):
        return f"K{self.n}"


def show(s):
    return type(s).__name__ + str(sorted(s, key=repr))


a, b = {1, 2, 3, 4.0}, frozenset([3, 4, 5])
for name, value in [("a|b", a | b), ("a&b", a & b), ("a-b", a - b), ("a^b", a ^ b),
                    ("b|a", b | a), ("b&a", b & a), ("b-a", b - a), ("b^a", b ^ a)]:
    print(name, show(value))
print(a <= a, a < a, {3, 4} < a, {3, 4} <= b, b > {4}, b >= b, a == {4, 3, 2, 1}, a != b)
print({1.0, 2} == {1, 2.0}, frozenset() < {0}, set() == frozenset())

ks = [Key(i) for i in range(8)]
left, right = set(ks[:5]), set(Key(i) for i in range(3, 8))
print(show(left & right), show(left - right), show(left ^ right), show(left | right))
print(left <= set(ks), set(ks[:2]) < left, left == set(Key(i) for i in range(5)))
print("eq calls made:", Key.calls > 0)
print(show(left.intersection(right, ks[4:6])), show(left.union([Key(9)], (Key(0),))))
print(left.issubset(ks), left.issuperset(k for k in ks[:2]), left.isdisjoint([Key(7)]))

print(hash(()), hash((1, 2)), hash(("a",) * 0), hash((1, (2, 3.5), None)) == hash((1, (2, 3.5), None)))
print(hash(frozenset()), hash(frozenset([1, 2, 3])), hash(frozenset([(1, 2), -1])))
print(hash(frozenset([1, 2, 3])) == hash(frozenset([3, 2, 1])), hash(-1), hash(2**61 - 1), hash(-2**61))
print(min({5, 3, 9}), max(frozenset([2.5, 1, 7])), min("hello"), max([b"ab", b"b", b"a"]))
