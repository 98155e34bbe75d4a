# random over the native Mersenne Twister (_random): the same sequences as CPython for int
# and float seeds, state round trips, subclassing, errors.
import random
import _random

r = random.Random(12345)
print([r.random() for _ in range(3)])
print(r.getrandbits(5), r.getrandbits(32), r.getrandbits(100), r.getrandbits(0))
print(r.randrange(10), r.randint(1, 6), r.choice("abcdef"), r.uniform(1, 2))
state = r.getstate()
first = [r.random() for _ in range(3)]
r.setstate(state)
print(first == [r.random() for _ in range(3)])
for seed in (0, 1, -1, 2**32, 2**100, 3.5, -0.25, True, None):
    random.seed(seed)
    value, pick = random.random(), random.randrange(1000)
    print(repr(seed), (value, pick) if seed is not None else 0 <= value < 1)
items = list(range(10))
random.seed(7)
random.shuffle(items)
print(items, random.sample(range(100), 5))
for bad in (-1, "x"):
    try:
        r.getrandbits(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
core = _random.Random(5)
print(type(core).__module__, type(core).__name__, core.random() == random.Random(5).random())
for state in ((1, 2), tuple(range(625))[:-1] + (625,)):
    try:
        core.setstate(state)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)


class Mine(random.Random):
    def __init__(self, seed):
        super().__init__(seed)
        self.draws = 0

    def random(self):
        self.draws += 1
        return super().random()


mine = Mine(3)
print(mine.random() == random.Random(3).random(), mine.draws, isinstance(mine, _random.Random))
print([hash(v) for v in (3.5, -1.5, 0.1, 1e300, 2.0**61, 5e-324, float("inf"), 2.0**53)])
print(hash(2.0**70) == hash(2**70), hash(-0.0), {1.5: "a", 3: "b"}[3.0])
