# memoryview over bytes and bytearray (a native type): items, slices, casts, release.
m = memoryview(b"abcdefgh")
print(type(m).__name__, len(m), m[1], m[-1], m.tobytes(), m[2:4].tobytes(), m[:-6].tolist())
print(m.nbytes, m.itemsize, m.format, m.readonly, m.ndim, m.shape, m.strides, m.obj)
c = m.cast("I")
print(len(c), c.itemsize, c.format, c.nbytes, c.tolist() == [0x64636261, 0x68676665], c[1] == 0x68676665)
print(m.cast("b")[0], memoryview(b"\xff\x01").cast("b").tolist(), m.cast("H").tolist()[:2])
print(m == b"abcdefgh", m == b"abc", m == memoryview(b"abcdefgh"), m.hex())
a = bytearray(b"xyz")
v = memoryview(a)
a[0] = ord("X")
print(v.tobytes(), v.readonly, v[0])
with memoryview(b"q") as w:
    print(w.tobytes())
print("released" in repr(w))
try:
    w.tobytes()
except ValueError as e:
    print("ValueError", e)
for bad in ("Z", "II"):
    try:
        m.cast(bad)
    except ValueError as e:
        print("ValueError", e)
try:
    memoryview(b"abc").cast("I")
except TypeError as e:
    print("TypeError", e)
try:
    memoryview("text")
except TypeError as e:
    print("TypeError", e)
try:
    m[8]
except IndexError as e:
    print("IndexError", e)
print(list(m[:3]), bytes(m[1:3]) if False else "", memoryview(m).tobytes())
