# __index__ and __eq__ that empty the array while an operation runs: errors, never a crash.
from array import array
a = array('i', range(10))
class Shrink:
    def __init__(self, v): self.v = v
    def __index__(self):
        del a[:]
        return self.v
class EqShrink:
    def __eq__(self, other):
        del a[:]
        return False
for f in [lambda: a[Shrink(5)], lambda: a.__setitem__(Shrink(5), 1), lambda: a.insert(5, Shrink(3)),
          lambda: a.pop(Shrink(3)), lambda: a.index(EqShrink()), lambda: a.count(EqShrink()),
          lambda: a[Shrink(1):Shrink(8)], lambda: a.__setitem__(slice(Shrink(1), Shrink(8)), array('i', [1])),
          lambda: a.__delitem__(slice(Shrink(1), Shrink(8))), lambda: a.remove(EqShrink()), lambda: EqShrink() in a]:
    a.extend(range(10))
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
ba = bytearray(b"abcdef")
m = memoryview(ba)
print(a.tolist())
