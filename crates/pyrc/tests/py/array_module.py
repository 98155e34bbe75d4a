import array
import copy

print(array.typecodes, array.ArrayType is array.array)
for code in array.typecodes:
    init = "abc" if code == "u" else ([1.5, -2.25, 3.0] if code in "fd" else [1, 2, 3])
    a = array.array(code, init)
    print(code, a.itemsize, a.typecode, a, len(a), a.tolist(), a[0], a[-1], a[1:], a[::-1], a.tobytes()[:8])
a = array.array("i", range(10))
a.append(10)
a.extend([11, 12])
a.extend(array.array("i", [13]))
a.insert(0, -1)
a.insert(100, 99)
print(a, a.pop(), a.pop(0), a.index(5), a.count(3), 5 in a, 42 in a)
a.remove(5)
a.reverse()
print(a)
a[0] = 100
a[1:3] = array.array("i", [7, 7, 7])
del a[2]
del a[::3]
print(a, a[2:5], a[::2])
b = array.array("d", [1.0, 2.0])
b.frombytes(array.array("d", [3.0]).tobytes())
b.fromlist([4.0, 5])
print(b, b * 2, 2 * b, b + array.array("d", [9]), b == array.array("d", [1, 2, 3, 4, 5]), b < array.array("d", [1, 3]))
b += array.array("d", [6])
b *= 2
print(b, len(b), sum(b), max(b), list(b)[:3])
h = array.array("h", [1, 256, -2])
h.byteswap()
print(h, h.tobytes())
u = array.array("u", "hé")
u.fromunicode("llo")
print(u, u.tounicode(), array.array("B", b"\x01\x02\xff"), array.array("f", [0.1])[0])
c = copy.deepcopy(a)
c.append(1)
print(c == a, copy.copy(a) == a, a.__reduce_ex__(2), b.__reduce_ex__(1)[0] is array.array)
class Sub(array.array):
    def first(self):
        return self[0]
s = Sub("l", [5, 6])
print(s.first(), s, isinstance(s, array.array), s[:1])
errors = [lambda: array.array("z"), lambda: array.array("b", [200]), lambda: array.array("B", [-1]),
          lambda: array.array("i", [1.5]), lambda: array.array("d", ["x"]), lambda: array.array("i", "abc"),
          lambda: array.array("i")[0], lambda: array.array("i").pop(), lambda: array.array("i", [1]).remove(2),
          lambda: array.array("i", [1]) + array.array("d", [1]), lambda: array.array("h", b"abc"),
          lambda: array.array("u", "a").tolist() and array.array("i", [1]).tounicode(), lambda: array.array("H", [70000])]
for err in errors:
    try:
        err()
        print("no error")
    except (ValueError, TypeError, OverflowError, IndexError) as e:
        print(type(e).__name__, e)
