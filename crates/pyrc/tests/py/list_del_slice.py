# del a[slice] for every kind of slice against python3; a long run of prefix deletions
# (one pass each, not item by item); finalizers of removed items see the list consistent.
import random
rng = random.Random(3)
for trial in range(2000):
    n = rng.randrange(0, 12)
    a = list(range(n))
    s = slice(rng.choice([None, rng.randrange(-15, 15)]), rng.choice([None, rng.randrange(-15, 15)]), rng.choice([None, 1, 2, -1, -2, 3, -3]))
    del a[s]
    print(n, s.start, s.stop, s.step, a)
big = list(range(100000))
for k in range(50):
    del big[:1000]
print(len(big), big[:3])
class D:
    def __init__(self, l): self.l = l
    def __del__(self): print("del sees", len(self.l))
l = [1, 2]
l.append(D(l)); l.append(D(l))
del l[1:]
print(l)

class Noisy:
    def __init__(self, name): self.name = name
    def __del__(self): print("del", self.name)
items = [Noisy(i) for i in range(6)]
del items[1:4]
print("after simple slice")
items = [Noisy(i) for i in range(6)]
del items[::2]
print("after extended slice")
items = [Noisy(i) for i in range(6)]
del items[::-2]
print("after negative step")
del items
