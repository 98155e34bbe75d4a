import heapq
import _heapq
import random

print(heapq.heappush is _heapq.heappush, heapq._heappop_max is _heapq._heappop_max)
rng = random.Random(5)
data = [rng.randrange(1000) for _ in range(300)]
h = []
for x in data:
    heapq.heappush(h, x)
print(h[:10], all(h[i] <= h[c] for i in range(len(h)) for c in (2 * i + 1, 2 * i + 2) if c < len(h)))
out = [heapq.heappop(h) for _ in range(len(h))]
print(out == sorted(data), out[:5])
h2 = data[:]
heapq.heapify(h2)
print(h2[:8], heapq.heapreplace(h2, 500), heapq.heappushpop(h2, -1), heapq.heappushpop(h2, 2000), h2[0])
print(heapq.nlargest(5, data), heapq.nsmallest(5, data), heapq.nsmallest(3, data, key=lambda v: -v))
print(list(heapq.merge([1, 4, 9], [2, 3, 10], [5])), list(heapq.merge([3, 1], [2], key=lambda v: -v, reverse=True)))
m = data[:50]
heapq._heapify_max(m)
print(m[0] == max(data[:50]), heapq._heappop_max(m), heapq._heapreplace_max(m, 0), m[0])
pairs = [(3, "c"), (1, "a"), (2, "b")]
heapq.heapify(pairs)
print([heapq.heappop(pairs) for _ in range(3)])
for bad in [lambda: heapq.heappop([]), lambda: heapq.heappush((), 1), lambda: heapq.heapreplace([], 1), lambda: heapq.heapify([1, "a", 2, None])]:
    try:
        bad()
    except (IndexError, TypeError) as e:
        print(type(e).__name__, e)
class Evil:
    def __init__(self, heap):
        self.heap = heap
    def __lt__(self, other):
        self.heap.clear()
        return False
h3 = []
h3.append(Evil(h3)); h3.append(Evil(h3))
try:
    heapq.heappush(h3, Evil(h3))
except RuntimeError as e:
    print("RuntimeError", e)
