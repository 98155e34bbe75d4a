# if/elif/else, while (with else), for (with else), break, continue, pass, conditional
# expressions, chained comparisons, is / is not, in / not in, boolean operators.


def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"


print([classify(n) for n in (-5, 0, 3, 99)])

# truthiness
for value in (0, 1, -1, 0.0, 0.5, "", "a", [], [0], (), (0,), {}, {0: 0}, set(), None, True, False):
    if value:
        print(repr(value), "truthy")
    else:
        print(repr(value), "falsy")

# while with break / continue / else
i = 0
seen = []
while i < 10:
    i += 1
    if i % 2 == 0:
        continue
    if i > 7:
        break
    seen.append(i)
else:
    print("not reached")
print("while:", seen, i)

n = 3
while n:
    n -= 1
else:
    print("while-else ran, n =", n)

# for with break / continue / else
for x in range(5):
    if x == 1:
        continue
    if x == 3:
        break
    print("for", x)
else:
    print("not reached")

for x in []:
    print("not reached")
else:
    print("for-else on empty")

for x in "ab":
    pass
else:
    print("for-else after pass, x =", x)

# nested loops with break only leaving the inner one
pairs = []
for a in range(3):
    for b in range(3):
        if b > a:
            break
        pairs.append((a, b))
print(pairs)

# loop variable leaks after the loop
for leaked in range(4):
    pass
print("leaked", leaked)

# pass in various places
if True:
    pass


class Empty:
    pass


def nothing():
    pass


print(nothing(), Empty.__name__)

# conditional expressions
for v in (1, 0, None):
    print("yes" if v else "no", "nested", "a" if v == 1 else "b" if v == 0 else "c")

# chained comparisons (each operand evaluated once)
calls = []


def val(x):
    calls.append(x)
    return x


print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1 >= 1, 1 == 1.0 != 2, 1 < 2 > 0)
print(val(1) < val(5) < val(3), calls)
calls.clear()
print(val(5) < val(1) < val(3), calls)
print("a" < "b" <= "b" < "ba", [1, 2] < [1, 3], (1, 2) < (1, 2, 0))

# is / is not
x = [1]
y = x
z = [1]
print(x is y, x is z, x is not z, x == z, None is None, (x is None) is False)
print(type(None) is type(None), True is not False)

# in / not in
print(2 in [1, 2, 3], 4 not in [1, 2], "ell" in "hello", "z" in "hello")
print(1 in {1: "a"}, "a" in {1: "a"}, 3 in range(5), 5 in range(5), 2 in {2, 3}, 2 in (1, 2))
print(3 in range(0, 10, 3), 4 in range(0, 10, 3), -1 in range(10, 0, -1))

# boolean operators return operands, short-circuit
print(0 or "default", "set" or "default", 1 and 2, 0 and 2, None or 0 or [], not 0, not "x")
calls.clear()
print(val(0) and val(1), val(2) or val(3), calls)

# walrus
data = [1, 5, 9, 2]
if (big := max(data)) > 5:
    print("big", big)
while (item := data.pop()) != 5:
    print("popped", item)
print(data, [y2 for v2 in range(4) if (y2 := v2 * v2) > 3])

# match-free dispatch with dict
handlers = {"a": lambda: "A!", "b": lambda: "B!"}
for key in "abc":
    print(handlers.get(key, lambda: "?")())
