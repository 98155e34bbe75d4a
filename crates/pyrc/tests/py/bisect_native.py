import bisect
import _bisect

print(bisect.bisect is _bisect.bisect_right, bisect.insort_left is _bisect.insort_left)
a = [1, 2, 2, 2, 3, 5, 8]
for x in [0, 1, 2, 4, 8, 9]:
    print(x, bisect.bisect_left(a, x), bisect.bisect_right(a, x), bisect.bisect(a, x), bisect.bisect_left(a, x, 2, 5), bisect.bisect_right(a, x, hi=3))
print(bisect.bisect_left((1, 3, 5), 4), bisect.bisect_right("aceg", "d"), bisect.bisect_left(range(0, 100, 7), 50))
b = []
for x in [5, 1, 4, 1, 3, 9, 2]:
    bisect.insort(b, x)
bisect.insort_left(b, 4)
bisect.insort_right(b, 4, 0, 3)
print(b)
records = [("a", 1), ("b", 3), ("c", 5)]
print(bisect.bisect_left(records, 3, key=lambda r: r[1]), bisect.bisect_right(records, 3, key=lambda r: r[1]))
bisect.insort(records, ("d", 4), key=lambda r: r[1])
print(records)
class Seq:
    def __init__(self):
        self.items = [10, 20, 30]
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def insert(self, i, x):
        self.items.insert(i, x)
s = Seq()
bisect.insort(s, 25)
print(s.items, bisect.bisect(s, 100))
class Rev:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        return self.v > other.v
print(bisect.bisect([Rev(9), Rev(5), Rev(1)], Rev(5)))
for bad in [lambda: bisect.bisect(a, 1, -1), lambda: bisect.bisect(a), lambda: bisect.bisect(3, 1), lambda: bisect.bisect([1, "a"], 2)]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
