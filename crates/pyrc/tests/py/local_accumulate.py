# `x op= y` and `x = x op y` on a local int or float: the result may go into the local's own
# object only when nothing else holds it; an error leaves the local bound to its old value.
import sys


def counters():
    i = 1000
    j = i
    i += 1
    print(i, j, i is j)
    total = 0.5
    alias = total
    for k in range(5):
        total += k * 0.25
    print(total, alias)
    n = 10**6
    n = n + 1
    print(n)
    big = 2**62
    big += 2**62
    print(big)
    big2 = 2**62
    big2 = big2 * 4
    print(big2)


def errors():
    x = 1.5
    try:
        x /= 0
    except ZeroDivisionError as e:
        print("caught", e, x)
    y = 7
    try:
        y //= 0
    except ZeroDivisionError as e:
        print("caught", e, y)
    z = 3
    try:
        z += "a"
    except TypeError as e:
        print("caught", e, z)
    print(x, y, z)


def refcounts():
    a = 12345678
    a += 1
    print(a, sys.getrefcount(a) >= 2)
    items = []
    s = 100000
    for k in range(3):
        s += 1
        items.append(s)
    print(items)


def self_ops():
    i = 5000
    i = i + i
    print(i)
    f = 2.5
    f *= f
    print(f)


class Box:
    def __init__(self):
        self.v = 1000

    def bump(self):
        v = self.v
        v += 1
        return v, self.v


counters()
errors()
refcounts()
self_ops()
print(Box().bump())
