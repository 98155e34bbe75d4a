# The match statement: or-patterns reordering captures inside sequences and mappings, guards,
# complex literals, compile-time duplicate keys, match in class bodies, generators, closures
# and coroutines, and errors raised by the subject's own methods.
import collections.abc
def f(v):
    match v:
        case [1, (a, b, c) | (c, b, a, _) | [[c], [b], [a]], z]:
            return ("A", a, b, c, z)
        case [x, {"k": [1, y] | [y, 2]}, *r] if r:
            return ("B", x, y, r)
        case -1j | 1+2j | -3-4j:
            return "complex"
        case {"a": 1, **kw} if not kw:
            return "only a"
        case _ if False:
            return "never"
        case _:
            return "default"
for v in [[1, (1, 2, 3), 9], [1, (1, 2, 3, 4), 9], [1, [[1], [2], [3]], 9], [0, {"k": [1, 5]}, 7], [0, {"k": [6, 2]}], -1j, 1+2j, -3-4j, {"a": 1}, {"a": 1, "b": 2}]:
    print(f(v))

class K:
    match 3:
        case n:
            inner = n * 2
print(K.inner)

def g(xs):
    for x in xs:
        match x:
            case int(n):
                yield n
            case [*items]:
                yield from items
print(list(g([1, [2, 3], 4])))

def closure(v):
    match v:
        case (a, b):
            return lambda: a + b
print(closure((2, 3))())

try:
    compile('match v:\n case {"a": 1, "a": 2}: pass\n', "s", "exec")
except SyntaxError as e:
    print("SyntaxError", e.msg)
try:
    compile('match v:\n case {1: 1, 1: 2}: pass\n', "s", "exec")
except SyntaxError as e:
    print("SyntaxError", e.msg)

class BadLen(collections.abc.Sequence):
    def __len__(self): raise RuntimeError("len")
    def __getitem__(self, i): return i
try:
    match BadLen():
        case [a]: pass
except RuntimeError as e:
    print("RuntimeError", e)

class Getattr:
    def __getattr__(self, name):
        if name == "boom": raise KeyError(name)
        return name.upper()
match Getattr():
    case Getattr(x="X", y=y):
        print("getattr", y)
try:
    match Getattr():
        case Getattr(boom=_): pass
except KeyError as e:
    print("KeyError", e)

import asyncio
async def co(v):
    match v:
        case [x]:
            await asyncio.sleep(0)
            return x
print(asyncio.run(co([5])))
