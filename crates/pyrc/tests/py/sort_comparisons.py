# list.sort/sorted are CPython's timsort: the same __lt__ calls (counted) and the same stable
# result on sorted, reversed, random, duplicate-heavy, run-structured and galloping inputs.
import random
class K:
    calls = 0
    def __init__(self, v, tag): self.v = v; self.tag = tag
    def __lt__(self, other):
        K.calls += 1
        return self.v < other.v
def check(name, data, **kw):
    K.calls = 0
    items = [K(v, i) for i, v in enumerate(data)]
    out = sorted(items, **kw)
    print(name, K.calls, hash(tuple((k.v, k.tag) for k in out)) % 1000003)
r = random.Random(5)
check("empty", [])
check("one", [1])
check("sorted", list(range(1000)))
check("reversed", list(range(1000, 0, -1)))
check("random", [r.randrange(1000) for _ in range(2000)])
check("dups", [r.randrange(5) for _ in range(3000)])
check("dups_rev", [r.randrange(5) for _ in range(3000)], reverse=True)
check("saw", [i % 37 for i in range(5000)])
check("runs", sum(([j for j in range(r.randrange(1, 300))] for _ in range(40)), []))
check("desc_runs", sum(([j for j in range(r.randrange(1, 300), 0, -1)] for _ in range(40)), []))
check("mostly", sorted(r.randrange(10**6) for _ in range(5000))[:4990] + [r.randrange(10**6) for _ in range(10)])
check("big", [r.random() for _ in range(20000)])
check("key", list(range(500)), key=lambda k: K(-k.v % 17, 0))
x = [r.randrange(100) for _ in range(1000)]
print(sorted(x) == sorted(x, key=lambda v: v), sorted(x, reverse=True) == sorted(x)[::-1])
l = [3, 1, 2]; l.sort(reverse=True); print(l)
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError", e)
