# itertools: the state an iterator is left in when its source, predicate or function raises, as CPython's
# (chain, islice, pairwise and zip_longest end; the others go on).
import itertools as it
def bad():
    yield 1
    raise KeyError("boom")
def after(make):
    x = make()
    out = []
    for _ in range(4):
        try:
            out.append(next(x))
        except StopIteration:
            out.append("stop")
        except Exception as e:
            out.append(type(e).__name__)
    return out
print(after(lambda: it.chain([1], 5, [2])))
print(after(lambda: it.chain.from_iterable(bad())))
print(after(lambda: it.islice(bad(), 5)))
print(after(lambda: it.pairwise(bad())))
print(after(lambda: it.zip_longest(bad(), [1, 2, 3, 4])))
print(after(lambda: it.cycle(bad())))
print(after(lambda: it.compress(bad(), [1, 1, 1])))
print(after(lambda: it.accumulate(bad())))
print(after(lambda: it.tee(bad())[0]))
print(after(lambda: (k for k, g in it.groupby(bad()))))
print(after(lambda: it.takewhile(lambda x: 1 / (x - 2), [1, 2, 3])))
print(after(lambda: it.dropwhile(lambda x: 1 / (x - 2), [1, 2, 3])))
print(after(lambda: it.starmap(pow, [(2, 2), 5, (3, 2)])))
print(after(lambda: it.filterfalse(lambda x: 1 / (x - 2), [2, 1, 3])))
class Flaky:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        if self.n == 2:
            raise KeyError("once")
        if self.n > 6:
            raise StopIteration
        return self.n
for make in [lambda: it.islice(Flaky(), 5), lambda: it.islice(Flaky(), 3, None), lambda: it.pairwise(Flaky()),
             lambda: it.zip_longest(Flaky(), [7] * 6), lambda: it.chain(Flaky(), [9]), lambda: it.cycle(Flaky()),
             lambda: it.tee(Flaky())[1], lambda: it.compress(Flaky(), it.repeat(1)), lambda: it.accumulate(Flaky()),
             lambda: it.starmap(lambda *a: a, it.pairwise(Flaky())), lambda: (k for k, g in it.groupby(Flaky())),
             lambda: it.dropwhile(lambda x: x < 4, Flaky()), lambda: it.takewhile(lambda x: x < 4, Flaky()),
             lambda: it.filterfalse(None, Flaky())]:
    print(after(make)[:4] + after(make)[4:])
