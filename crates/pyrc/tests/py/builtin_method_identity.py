# The methods of built-in types are one object each (CPython's method descriptors): pprint's
# fast paths test `type(x).__repr__ is dict.__repr__`, and take the sorting, recursion-aware
# path only then.
import pprint

print(dict.__repr__ is dict.__repr__, type({}).__repr__ is dict.__repr__)
print(list.append is list.append, str.join is str.join, int.__add__ is int.__add__)
print(object.__init__ is object.__init__, tuple.__repr__ is type(()).__repr__)
print([].append == [].append, {}.keys == {}.keys)

d = {'b': 1, 'a': [3, {'z': 1, 'y': 2}], 'c': (2, 1)}
print(pprint.pformat(d))
print(pprint.saferepr(d))
print(pprint.PrettyPrinter()._safe_repr(d, {}, None, 0))
rec = [1]
rec.append(rec)
print(pprint.isrecursive(rec), pprint.isreadable(rec), pprint.isreadable(d))
print(pprint.saferepr(rec).startswith('[1, <Recursion on list with id='))
print(pprint.pformat([{'k%d' % i: i for i in range(9, 0, -1)}] * 2, width=60))
