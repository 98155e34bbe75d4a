# expect: exit=1 stderr-golden
# 3.11's position markers under the failing expression (issue 16): `^` under a call that is
# not the whole line, `~~^~~` for a binary operation, `~^^^` for a subscript, none when the
# expression is the whole line, a call spread over two lines marked to the end of its first.
def ratio(a, b):
    return a / b


def pick(items, i):
    value = items[i]
    return value


def combine(xs):
    total = pick(xs, 0) + ratio(len(xs),
                                len(xs) - 3)
    return total


def run():
    print("start")
    combine([1, 2, 3])


try:
    run()
except ZeroDivisionError as e:
    print("caught", e)
try:
    pick([1], 5)
except IndexError as e:
    print("caught", e)
data = {"a": [1, 2]}
print("before")
result = 10 + data["a"][0] * data["b"]
