# str % and bytes % with a non-tuple argument: any subscriptable object (list, range, dict,
# instance with __getitem__) but a str (bytes formatting: bytes, bytearray) or a deque is taken
# as the mapping, so 'abc' % [1] is 'abc' (found by the differential fuzzer, seeds 23873 and 30445).
import collections, array
class T(tuple): pass
class G:
    def __getitem__(self, k): return 'got-' + str(k)
class S(str): pass
cases = [('abc', [1]), ('abc', []), ('abc', b'x'), ('abc', bytearray(b'x')), ('abc', range(3)),
         ('abc', collections.deque([1])), ('abc', {'a': 1}), ('abc', 5), ('abc', 'x'), ('abc', S('y')),
         ('%s', [5]), ('%s %s', T((1, 2))), ('%(k)s', G()), ('abc', G()), ('%(a)s', [1]), ('%s', range(2)),
         ('x', memoryview(b'ab')), ('x', array.array('i', [1])), ('%s', {'a': 1}), ('x', (1,)), ('x', ())]
for fmt, args in cases:
    try:
        print(repr(fmt), type(args).__name__, repr(fmt % args))
    except Exception as e:
        print(repr(fmt), type(args).__name__, type(e).__name__, e)
for fmt, args in [(b'abc', [1]), (b'abc', b'x'), (b'abc', bytearray(b'y')), (b'%(k)s', {b'k': b'v'}), (b'abc', 'str')]:
    try:
        print(fmt, type(args).__name__, fmt % args)
    except Exception as e:
        print(fmt, type(args).__name__, type(e).__name__, e)
