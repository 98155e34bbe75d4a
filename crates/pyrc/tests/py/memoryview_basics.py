import array
import base64

m = memoryview(b"hello")
print(len(m), m[0], m[-1], m[1:3].tobytes(), m.tobytes(), m.tolist(), m.hex(), m.format, m.itemsize, m.nbytes, m.ndim, m.shape, m.readonly)
print(m == b"hello", m == memoryview(b"hello"), m[1:4] == b"ell", bytes(m[2:]), m.obj)
ba = bytearray(b"abcdef")
v = memoryview(ba)
v[0] = 65
v[1:3] = b"BC"
print(ba, v.readonly, v[4:].tobytes(), list(v[:2]))
a = array.array("h", [1, -2, 3])
av = memoryview(a)
print(av.format, av.itemsize, av.nbytes, len(av), av.tolist(), av[1], av.shape)
with memoryview(b"xy") as w:
    print(w.tobytes())
try:
    w.tobytes()
except ValueError as e:
    print("ValueError", e)
for bad in [lambda: memoryview("str"), lambda: memoryview(b"ab")[5], lambda: memoryview(b"ab").__setitem__(0, 1)]:
    try:
        bad()
    except (TypeError, IndexError) as e:
        print(type(e).__name__, e)
print(base64.encodebytes(b"x" * 80), base64.decodebytes(b"eHh4\n"))
