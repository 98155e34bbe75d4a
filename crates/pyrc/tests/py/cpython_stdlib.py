# CPython's own pure-Python modules, imported from the installed python3 3.11's Lib (sys.path
# after pyrc's embedded library): bisect, heapq, keyword, __future__.
import sys
print(any(p.endswith('python3.11') for p in sys.path))
import bisect, heapq, keyword, __future__
a = [1, 3, 5, 7]
bisect.insort(a, 4)
print(a, bisect.bisect_left(a, 5), bisect.bisect_right(a, 5), bisect.bisect(a, 0, key=None))
print(bisect.bisect_left([(1, 'a'), (3, 'b')], 2, key=lambda p: p[0]))
h = []
for x in [5, 1, 4, 2, 3]:
    heapq.heappush(h, x)
print(h, heapq.heappop(h), heapq.nlargest(2, [5, 1, 4]), heapq.nsmallest(2, [5, 1, 4], key=lambda x: -x))
print(list(heapq.merge([1, 4], [2, 3], [0])), heapq.heappushpop(h, 0), heapq.heapreplace(h, 9), h)
print(list(heapq.merge([3, 1], [2], key=lambda x: -x, reverse=True)))
print(keyword.iskeyword("for"), keyword.iskeyword("x"), keyword.issoftkeyword("match"), len(keyword.kwlist))
print(__future__.annotations, __future__.all_feature_names[:3], __future__.division.getMandatoryRelease())
h2 = [3, 1, 2]
heapq.heapify(h2)
print(h2)
print(bisect.__file__.endswith('python3.11/bisect.py'), heapq.__file__.endswith('heapq.py'))
