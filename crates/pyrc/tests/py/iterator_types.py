# expect: known-bug "every built-in iterator's type is named 'iterator' (CPython: list_iterator, map, zip, enumerate...); map/zip/enumerate/filter/reversed are functions, not types"
# The types of built-in iterators.

its = [iter([]), iter(()), iter(""), iter({}), iter(set()), iter(range(3)), map(abs, []), zip(),
       enumerate([]), filter(None, []), reversed([]), reversed(range(2))]
print([type(x).__name__ for x in its])
print(isinstance(map(abs, []), map), isinstance(zip(), zip), type(enumerate([])) is enumerate)
print(type(map), type(zip), type(enumerate), type(filter), type(reversed))
