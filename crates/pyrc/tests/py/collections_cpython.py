# CPython's own collections package over lib/_collections.py (deque, defaultdict), and
# function __defaults__/__kwdefaults__ assignment, which its namedtuple uses for defaults.
from collections import deque, defaultdict, OrderedDict, Counter, namedtuple
import copy, pickle
d = deque(range(5), maxlen=4)
print(d, d.maxlen, len(d), d[0], d[-1], 3 in d)
d.rotate(1); print(d)
d.extendleft([9, 8]); print(d)
print(d == deque([8, 9, 2, 3], maxlen=4), d < deque([9]), list(reversed(d)))
print(copy.copy(d), copy.deepcopy(d), pickle.loads(pickle.dumps(d)))
try:
    deque().pop()
except IndexError as e: print(e)
try:
    d.remove(100)
except ValueError as e: print(e)
dd = defaultdict(int)
for c in "hello": dd[c] += 1
print(dd, isinstance(dd, dict), dd.copy(), pickle.loads(pickle.dumps(dd)))
print(copy.deepcopy(dd))
print(defaultdict(list) | {1: 2})
od = OrderedDict(a=1, b=2); od.move_to_end('a'); print(od, list(od), od.popitem(last=False))
print(Counter("hello").most_common(2), Counter(a=3) - Counter(a=1))
P = namedtuple('P', 'x y', defaults=[0])
print(P(1), P(1)._replace(y=5), P._fields, P.x.__doc__, pickle.loads(pickle.dumps(P(3, 4))))
try:
    defaultdict(5)
except TypeError as e: print(e)
import collections.abc as abc
print(isinstance([], abc.Sequence), isinstance({}, abc.Mapping), isinstance(d, abc.MutableSequence), issubclass(range, abc.Sequence))
def f(x, y): return (x, y)
f.__defaults__ = (0,)
print(f.__defaults__)
print(f(1))
def g(*, k): return k
g.__kwdefaults__ = {"k": 3}
print(g())
g.__kwdefaults__ = None
try:
    g()
except TypeError as e:
    print(e)
try:
    f.__defaults__ = [1]
except TypeError as e:
    print(e)
f.__defaults__ = None
print(f.__defaults__)
