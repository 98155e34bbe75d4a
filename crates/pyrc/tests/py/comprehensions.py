# list/dict/set comprehensions and generator expressions: conditions, nesting, scoping,
# laziness. (Generator functions with `yield` are not supported by pyrc.)

print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[y for y in range(x)] for x in range(4)])
print([c.upper() for c in "abc"], [w for w in "a bb ccc".split() if len(w) > 1])
print({x: x * x for x in range(5)})
print({k: v for k, v in zip("abc", range(3)) if v})
print({v: k for k, v in {"a": 1, "b": 2}.items()})
print(sorted({x % 4 for x in range(20)}), {n for n in []})
print(sorted({c for c in "mississippi"}))

# generator expressions are lazy
log = []


def noisy(v):
    log.append(v)
    return v


gen = (noisy(i) for i in range(3))
print(type(gen).__name__, log)
print(next(gen), log)
print(list(gen), log)
print(list(gen))
print(sum(x * x for x in range(10)), max(len(w) for w in ["a", "abc", "ab"]))
print(any(x > 5 for x in range(10)), all(x < 5 for x in range(10)))
print(tuple(str(i) for i in range(3)), "-".join(str(i) for i in range(4)))

# the first iterable is evaluated at once, in the enclosing scope
try:
    (x for x in 1)
except TypeError as e:
    print("TypeError:", e)

# comprehension variables do not leak
x = "outer"
squares = [x for x in range(3)]
print(x, squares)


# comprehensions see enclosing function locals (closures)
def scaled(factor):
    return [v * factor for v in range(4)]


print(scaled(3))


class Scope:
    base = 10
    values = [i for i in range(3)]


print(Scope.values)

# nested comprehensions with closures
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([n for row in matrix for n in row if n % 2])

