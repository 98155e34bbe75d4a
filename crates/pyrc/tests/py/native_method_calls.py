# Methods of built-in objects called through LoadMethod/CallMethod (no bound method made),
# bound methods taken as values, subclasses overriding a method, a call suspended by yield.
d = {}
l = []
s = "a,b,c"
for i in range(5):
    d.setdefault(i % 3, []).append(i)
    l.append(d.get(i, -1))
print(d, l, s.split(","), ",".join(["x", "y"]), s.upper().lower())
m = l.append
m(9); print(l[-1])
t = (1, 2, 1); print(t.count(1), t.index(2))
b = bytearray(b"ab"); b.extend(b"cd"); print(b, b.hex(), b"xy".upper())
st = {1}; st.add(2); print(st, frozenset([3]).union([4]))
try:
    l.nosuch()
except AttributeError as e:
    print(e)
class L(list):
    def append(self, x):
        print("override", x)
L().append(3)
def gen():
    r = []
    r.append((yield))
    yield r
g = gen(); next(g)
import gc
print(g.send(5))
