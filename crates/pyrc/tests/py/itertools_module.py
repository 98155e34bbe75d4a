# itertools: every iterator against CPython 3.11 (values, laziness, types, errors, cycles).
import gc
import itertools
from itertools import (accumulate, chain, combinations, combinations_with_replacement,
                       compress, count, cycle, dropwhile, filterfalse, groupby, islice,
                       pairwise, permutations, product, repeat, starmap, takewhile, tee,
                       zip_longest)
import operator


def show(f, *args, **kwargs):
    try:
        result = f(*args, **kwargs)
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
    if hasattr(result, "__next__"):
        return "<" + type(result).__name__ + ">"
    return repr(result)


def take(n, iterable):
    return list(islice(iterable, n))


class Noisy:
    """An iterable that reports every item it gives (to show laziness)."""

    def __init__(self, items):
        self.items = list(items)
        self.log = []

    def __iter__(self):
        for item in self.items:
            self.log.append(item)
            yield item


# count
print(take(5, count()), take(4, count(10, -3)), take(3, count(0.5, 0.25)), take(3, count(2**64)))
print(take(3, count(1j, 1)), take(3, count(step=2)), take(2, count(True, True)))
c = count(5)
next(c)
print(repr(c), repr(count(1, 2)), repr(count(1, 1.0)), repr(count(2.5)), repr(count(0, True)))
print(show(count, "a"), show(count, 1, "a"), show(count, 1, 2, 3), show(count, x=1))

# cycle, repeat
print(take(7, cycle("abc")), take(3, cycle([])), list(repeat("x", 3)), list(repeat(1, -2)))
print(take(3, repeat(None)), repr(repeat(1)), repr(repeat("a", 3)), list(repeat(object=2, times=2)))
r = repeat(7, 4)
next(r)
print(repr(r), r.__length_hint__(), show(repeat(1).__length_hint__))
print(show(cycle), show(cycle, 1), show(cycle, x=1), show(repeat), show(repeat, 1, "a"))
noisy = Noisy([1, 2, 3])
cyc = cycle(noisy)
print(noisy.log, take(2, cyc), noisy.log, take(5, cyc), noisy.log)

# accumulate
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3, 4], operator.mul)))
print(list(accumulate([3, 1, 4, 1, 5], max)), list(accumulate([], initial=10)))
print(list(accumulate([1, 2], initial=100)), list(accumulate("abc")), list(accumulate([1, 2], None)))
print(list(accumulate([[1], [2]])), list(accumulate([1.5, 2], func=lambda a, b: a * 10 + b)))
print(show(accumulate), show(accumulate, 1), show(accumulate, [1], None, 3), show(accumulate, [1], foo=3))
print(show(list, accumulate([1, "a"])))

# chain
print(list(chain("ab", [1, 2], (), range(3))), list(chain()), list(chain.from_iterable(["ab", "cd"])))
print(take(3, chain.from_iterable(repeat([1, 2]))), show(list, chain(1)), show(chain, x=1))
print(show(chain.from_iterable), show(chain.from_iterable, 1), type(chain.from_iterable("a")).__name__)
noisy = Noisy("xyz")
ch = chain(noisy, "q")
print(noisy.log, next(ch), noisy.log)

# compress, dropwhile, takewhile, filterfalse, starmap
print(list(compress("ABCDEF", [1, 0, 1, 0, 1, 1])), list(compress("AB", [1, 1, 1, 1])))
print(list(compress(data=range(5), selectors=cycle([0, 1]))), list(compress(count(), [0, 0, 1])))
print(list(dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(filterfalse(lambda x: x % 2, range(10))), list(filterfalse(None, [0, 1, "", "a", None])))
print(list(starmap(pow, [(2, 5), (3, 2), (10, 3)])), list(starmap(operator.add, ["ab", "cd"])))
print(list(starmap(lambda *a: a, [[], [1], iter([2, 3])])))
tw = takewhile(lambda x: x < 3, [1, 2, 3, 1, 2])
print(list(tw), list(tw))
for f in (dropwhile, takewhile, filterfalse, starmap):
    print(f.__name__, show(f, 1), show(f, 1, 2), show(f, x=1), show(list, f(1, [1])))
print(show(list, starmap(pow, [1])), show(compress), show(compress, 1, 2))

# groupby
print([(k, list(g)) for k, g in groupby("AAAABBBCCDAABBB")])
print([k for k, g in groupby("AAAABBBCCD")], [(k, len(list(g))) for k, g in groupby([1, 1, 2, 3, 3, 3])])
print([(k, list(g)) for k, g in groupby(["apple", "avocado", "banana", "blueberry", "cherry"], key=lambda s: s[0])])
print([(k, list(g)) for k, g in groupby([1, 2, 3, 4, 5, 6], lambda x: x // 3)], list(groupby([])))
groups = groupby("aabbbc")
k1, g1 = next(groups)
k2, g2 = next(groups)
print(k1, list(g1), k2, next(g2), list(g2), list(g2))
groups = list(groupby("aabbc"))
print([(k, list(g)) for k, g in groups])
groups = groupby("aaab")
k, g = next(groups)
print(next(g), [(k, list(g2)) for k, g2 in groups], list(g))
print(type(g).__name__, show(groupby), show(groupby, 1), show(groupby, [], None, 1), show(groupby, [], foo=1))

# islice
print(list(islice("ABCDEFG", 2)), list(islice("ABCDEFG", 2, 4)), list(islice("ABCDEFG", 2, None)))
print(list(islice("ABCDEFG", 0, None, 2)), list(islice(range(100), 5, 50, 10)), list(islice("abc", None)))
print(list(islice("abc", 10)), list(islice("abc", 5, 2)), list(islice(count(), 3, 10, 3)))
print(list(islice("abc", None, None, None)), list(islice("abcdef", True, 4)), list(islice([], 0)))
it = iter(range(10))
print(list(islice(it, 2, 4)), next(it), list(islice(it, 0)), next(it))
it = iter(range(10))
sl = islice(it, 1, 3)
print(list(sl), list(it))
for args in [(), ([],), ([], 1, 2, 3, 4), ([], -1), ([], "a"), ([], 1, -1), ([], -1, 1),
             ([], 1, 2, 0), ([], 1, 2, -1), ([], 1, 2, "a"), (1, 2), ([], 2**70), ([], 1, -2), ([], -2)]:
    print("islice", args, show(islice, *args))
print(show(islice, [], x=1))

# pairwise, zip_longest
print(list(pairwise("ABCDE")), list(pairwise("A")), list(pairwise([])), list(pairwise(range(3))))
print(list(zip_longest("ABCD", "xy", fillvalue="-")), list(zip_longest("ab", [1, 2, 3])))
print(list(zip_longest()), list(zip_longest("a")), list(zip_longest([], [])), take(3, zip_longest(count(), "a")))
print(show(pairwise), show(pairwise, 1), show(zip_longest, 1), show(zip_longest, [], foo=1))
print(show(zip_longest, [], fillvalue=1, foo=2))

# product, permutations, combinations
print(list(product("AB", "xy")), list(product(range(2), repeat=3)), list(product()))
print(list(product(repeat=0)), list(product("ab", [], "c")), len(list(product(range(3), range(4), range(5)))))
print(list(permutations("ABC", 2)), list(permutations(range(3))), list(permutations([])), list(permutations("ab", 0)))
print(list(permutations("ab", 3)), list(permutations("abc", None)), len(list(permutations(range(6)))))
print(list(combinations("ABCD", 2)), list(combinations(range(4), 3)), list(combinations("ab", 0)), list(combinations("ab", 3)))
print(list(combinations_with_replacement("ABC", 2)), list(combinations_with_replacement([], 0)))
print(list(combinations_with_replacement([], 2)), list(combinations_with_replacement("ab", 3)))
print(list(combinations(r=2, iterable="abc")), list(permutations(r=1, iterable="ab")))
for f in (product, permutations, combinations, combinations_with_replacement):
    print(f.__name__, show(f), show(f, 1), show(f, [], -1), show(f, [], "a"), show(f, [], 1, 2), show(f, [], foo=1))
print(show(product, [], repeat=-1), show(product, [], repeat="a"), show(combinations, [], 1.0))

# Checked against the documentation's pure-Python equivalents.
def doc_product(*args, repeat=1):
    pools = [tuple(pool) for pool in args] * repeat
    result = [[]]
    for pool in pools:
        result = [x + [y] for x in result for y in pool]
    for prod in result:
        yield tuple(prod)

agree = True
for n in range(6):
    pool = "abcdef"[:n]
    for r in range(7):
        agree &= list(permutations(pool, r)) == [p for p in doc_product(pool, repeat=r) if len(set(p)) == r]
        agree &= list(combinations(pool, r)) == [c for c in permutations(pool, r) if sorted(c) == list(c)]
        agree &= list(combinations_with_replacement(pool, r)) == [c for c in doc_product(pool, repeat=r) if sorted(c) == list(c)]
        agree &= list(product(pool, repeat=r)) == list(doc_product(pool, repeat=r))
print("combinatorics agree with their definitions:", agree)

# tee
a, b = tee("abcdef")
print(next(a), next(a), list(b), list(a))
a, b, c = tee(range(200), 3)
print(sum(a), list(islice(b, 100, 103)), list(c)[-1], list(b)[-1], type(a).__name__)
print(tee([], 0), len(tee("ab", 5)), show(tee), show(tee, [], -1), show(tee, [], "a"), show(tee, 1))
print(show(tee, [], 1, 2), show(tee, [], n=2))
a, b = tee(iter([1, 2, 3]))
c, d = tee(a)
print(next(c), list(d), list(b), list(a), list(c))
a, = tee("xyz", 1)
a2 = a.__copy__()
print(list(a), list(a2), list(itertools._tee("ab")))
noisy = Noisy(range(5))
x, y = tee(noisy)
print(noisy.log, next(x), noisy.log, next(y), noisy.log)


def reenter():
    yield next(t[0])


t = tee(reenter())
print(show(next, t[0]))

# Types, reprs, isinstance.
print(type(count()), count, isinstance(count(), count), isinstance(chain(), count), chain.__name__)
print([type(it).__name__ for it in [count(), cycle(""), repeat(1), accumulate([]), chain(), compress([], []),
                                    dropwhile(None, []), takewhile(None, []), filterfalse(None, []),
                                    starmap(None, []), pairwise([]), islice([], 1), zip_longest(), groupby([]),
                                    tee([])[0], product(), permutations([]), combinations([], 1),
                                    combinations_with_replacement([], 1)]])
print(repr(chain())[:24], repr(islice([], 1))[:25], iter(count()) is not None, show(itertools._grouper))
it = chain([1])
print(iter(it) is it, next(it), show(next, it), next(it, "done"))

# A key function that advances its own groupby, a predicate that advances its own dropwhile.
g = groupby(range(10), key=lambda x: next(g, None) and x)
print(show(lambda: [(k, type(v).__name__) for k, v in g]))

# Iterators in reference cycles are collected.
gc.collect()


class Node:
    pass


def make_cycles():
    node = Node()
    node.it = chain([node])
    other = Node()
    other.g = groupby([other, other])
    pair = tee([Node()])
    pair[0].__copy__()
    loop = Node()
    loop.t = tee([loop])
    loop2 = Node()
    loop2.c = cycle([loop2])
    next(loop2.c)
    loop3 = Node()
    loop3.a = accumulate([loop3])
    loop4 = Node()
    loop4.z = zip_longest([1], fillvalue=loop4)
    loop5 = Node()
    loop5.p = product([loop5])


make_cycles()
print("collected", gc.collect() > 0, gc.collect())
print(gc.is_tracked(count()), gc.is_tracked(chain()))
