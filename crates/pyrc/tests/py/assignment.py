# Assignment: chained, tuple/list unpacking (nested, starred), targets of every kind,
# augmented assignment on names, items, attributes and slices.

a = b = c = [1]
print(a is b is c)
a = 5
print(a, b)

x, y = 1, 2
x, y = y, x
print(x, y)
(p, q), r = (1, 2), 3
print(p, q, r)
[s, t] = "st"
print(s, t)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = range(5)
print(init, last)
head, *middle, tail = "abcdef"
print(head, middle, tail)
h, *empty, tl = (1, 2)
print(h, empty, tl)
(m, *n), o = [1, 2, 3], 4
print(m, n, o)
for k, (v1, *vs) in [("a", (1, 2, 3)), ("b", [4])]:
    print(k, v1, vs)
i, j = {"one": 1, "two": 2}
print(i, j)
g1, g2, g3 = (n * n for n in range(3))
print(g1, g2, g3)

try:
    u, w = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    u, w, z = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    u, *w, z = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    u, w = 5
except TypeError as e:
    print("TypeError:", e)

# targets: items, slices, attributes
lst = [0, 1, 2, 3, 4, 5]
lst[0] = "zero"
lst[-1] = "last"
print(lst)
lst[1:3] = ["a", "b", "c", "d"]
print(lst)
lst[::2] = [None] * len(lst[::2])
print(lst)
lst[:] = []
print(lst)
lst[len(lst):] = [7, 8]
print(lst)
try:
    lst[::2] = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)

d = {}
d["k"] = 1
d[(1, 2)] = "tuple key"
d["k"], d["j"] = "K", "J"
print(d)


class Obj:
    pass


o = Obj()
o.attr = 1
o.x, o.y = 10, 20
print(o.attr, o.x, o.y)
o.inner = Obj()
o.inner.value = "deep"
print(o.inner.value)

# evaluation order of the right-hand side before the targets
arr = [0, 0, 0]
idx = 0
idx, arr[idx] = 2, "set"
print(idx, arr)

# augmented assignment
n = 10
n += 5
n -= 3
n *= 2
n //= 5
n **= 3
n %= 50
print(n)
f = 7.0
f /= 2
f -= 0.5
print(f)
bits = 0b1010
bits |= 0b0101
bits &= 0b1100
bits ^= 0b0110
bits <<= 3
bits >>= 1
print(bits, bin(bits))
s = "ab"
s += "cd"
s *= 2
print(s)

# in-place on mutable objects keeps identity, on immutable rebinds
lst = [1]
alias = lst
lst += [2, 3]
print(lst, alias is lst)
tup = (1,)
talias = tup
tup += (2,)
print(tup, talias, talias is tup)
dd = {"a": 1}
dd |= {"b": 2}
print(dd)

# augmented assignment on items and attributes evaluates the target once
calls = []


def key(k):
    calls.append(k)
    return k


counts = {"a": 0}
counts[key("a")] += 1
counts[key("a")] += 10
print(counts, calls)
o.count = 1
o.count += 41
print(o.count)
nested = [[1, 2], [3]]
nested[0][1] *= 100
nested[1] += [4]
print(nested)


class Inplace:
    def __init__(self, v):
        self.v = v

    def __iadd__(self, other):
        self.v += other
        return self

    def __add__(self, other):
        return Inplace(self.v + other * 1000)


ip = Inplace(1)
before = ip
ip += 1
print(ip.v, ip is before)


class OnlyAdd:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return OnlyAdd(self.v + other)


oa = OnlyAdd(1)
before = oa
oa += 1
print(oa.v, oa is before)

# annotated assignment
count: int = 3
label: str
print(count)

# swapping via attributes and items
pair = [1, 2]
pair[0], pair[1] = pair[1], pair[0]
print(pair)
