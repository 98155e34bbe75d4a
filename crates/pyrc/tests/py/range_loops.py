# Counting loops: the loop variable's int may be reused in place when nothing else holds it;
# every value that escapes must keep its own value.
kept = []
for i in range(1000, 1006):
    kept.append(i)
print(kept)

last = None
for i in range(5000, 5003):
    last = i
print(last, i)

pairs = []
for i in range(300, 304):
    j = i
    pairs.append((i, j))
print(pairs)

def countdown():
    seen = []
    for k in range(10**6 + 5, 10**6 - 5, -3):
        seen.append(k)
    return seen, k
print(countdown())

def big():
    out = []
    for n in range(2**62, 2**62 + 3):
        out.append(n)
    for n in range(2**63 - 2, 2**63 + 2):
        out.append(n)
    return out
print(big())

def deleted():
    for m in range(400, 403):
        del m
    try:
        return m
    except UnboundLocalError as e:
        return type(e).__name__
print(deleted())

def dict_keys():
    d = {}
    for x in range(700, 705):
        d[x] = x * 2
    return d
print(dict_keys())

def nested():
    total = 0
    for a in range(260, 263):
        for b in range(a, a + 2):
            total += a * b
    return total, a, b
print(nested())

def empty_and_gen():
    for z in range(0):
        print("never")
    g = (q for q in range(998, 1001))
    return list(g), [w for w in range(1998, 2001)]
print(empty_and_gen())
