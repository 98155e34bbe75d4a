# collections.deque against python3: random appends and pops at both ends, rotations,
# indexing and maxlen, then the O(1) popleft path (a long run of poplefts) with copies.
import random
from collections import deque
rng = random.Random(7)
out = []
for trial in range(300):
    maxlen = rng.choice([None, None, 3, 10])
    d = deque(maxlen=maxlen)
    for step in range(rng.randrange(1, 400)):
        op = rng.randrange(12)
        try:
            if op < 3: d.append(step)
            elif op < 5: out.append(d.popleft())
            elif op == 5: d.appendleft(-step)
            elif op == 6: out.append(d.pop())
            elif op == 7: d.rotate(rng.randrange(-5, 6))
            elif op == 8: out.append(d[rng.randrange(-3, 3)])
            elif op == 9: d.extend(range(rng.randrange(5)))
            elif op == 10: out.append(len(d)); out.append(bool(d))
            else: out.append(list(d)[:3]); out.append(step in d)
        except IndexError as e:
            out.append(str(e))
    out.append(repr(d))
print(len(out)); print(out)
d = deque(range(200))
for _ in range(150): d.popleft()
print(d, len(d), d[0], d[-1], list(reversed(d))[:3], d.index(160), d.count(199))
d.insert(2, 'x'); print(list(d)[:5], d == deque([150, 151, 'x'] + list(range(152, 200))))
import copy, pickle
print(copy.copy(d) == d, copy.deepcopy(d) == d, pickle.loads(pickle.dumps(d)) == d)
