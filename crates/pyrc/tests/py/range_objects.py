# expect: known-bug "slicing a range gives a list instead of a range; a range with bounds beyond 64 bits fails to index (range(10**20)[-1] raises IndexError)"
# range objects: slices are ranges, bounds are arbitrary ints.

r = range(2, 20, 3)
print(r[1:3], r[::-1], r[::2], type(r[1:]).__name__, r[10:])
print(range(10)[2:8:3] == range(2, 8, 3))
big = range(10 ** 20)
print(big[-1], big[10 ** 19], 10 ** 19 in big, big[10 ** 19:][:2])
print(range(-(10 ** 20), 0, 10 ** 19)[3])
