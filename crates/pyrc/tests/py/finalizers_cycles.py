# __del__ of objects in reference cycles: run by the cycle collector, exactly once per object
# (PEP 442), also when __del__ resurrects the object; cycles with and without finalizers;
# gc.garbage stays empty.
#
# pyrc differs from CPython 3.11 on purpose: each instance owns a separate __dict__ object,
# so gc.collect() counts two objects per unreachable instance (3.11: one). The values of
# gc.collect() are therefore never printed when instances are involved; only comparisons
# true for both are.
import gc

gc.disable()
gc.collect()


class Track:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


# a two-object cycle survives del, then collect() finalizes both
a = Track("a")
b = Track("b")
a.other = b
b.other = a
del a, b
print("after del: nothing finalized yet")
n = gc.collect()
print("collected at least the two instances:", n >= 2)
print("---")

# a self-cycle
s = Track("self")
s.me = s
del s
gc.collect()
print("---")

# a ring of ten: every object finalized once (order is not printed: sort the names)
names = []


class Ring:
    def __init__(self, i):
        self.i = i

    def __del__(self):
        names.append(self.i)


ring = [Ring(i) for i in range(10)]
for i in range(10):
    ring[i].next = ring[(i + 1) % 10]
del ring, i
gc.collect()
print(sorted(names))
print("---")

# an object reachable only from a cycle is freed with it (and finalized)
holder = Track("cycle member")
holder.me = holder
holder.payload = Track("payload held by the cycle")
del holder
gc.collect()
print("---")

# resurrection: __del__ saves the object; it stays alive, and __del__ never runs again
saved = []


class Phoenix:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("Phoenix.__del__", self.name)
        saved.append(self)


p = Phoenix("p")
p.me = p
del p
gc.collect()
print("resurrected:", [x.name for x in saved], saved[0].me is saved[0])
gc.collect()
print("still alive after another collect:", len(saved))
saved.clear()  # now unreachable again (still a cycle)
gc.collect()
print("collected without a second __del__")
print("---")

# resurrecting one object of a cycle keeps the other one alive too
keep = []


class Keeper:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("Keeper.__del__", self.name)
        if self.name == "k1":
            keep.append(self)


k1 = Keeper("k1")
k2 = Keeper("k2")
k1.peer = k2
k2.peer = k1
del k1, k2
gc.collect()
print("kept:", keep[0].name, "its peer:", keep[0].peer.name)
keep.clear()
gc.collect()
print("no second __del__ for either")
print("---")

# __del__ of a cycle member sees the other members intact
class Peer:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print(self.name, "sees peer", self.peer.name)


x = Peer("x")
y = Peer("y")
x.peer = y
y.peer = x
del x, y
gc.collect()
print("---")

# cycles without __del__ are just freed; gc.garbage stays empty
for i in range(100):
    node = []
    node.append(node)
del node
print("found cycles:", gc.collect())
print("gc.garbage:", gc.garbage)
print("---")

# deleting the last outside reference of a cycle does not finalize it without a collection;
# enabling the collector makes it happen automatically
gc.set_threshold(5)
gc.enable()
auto = []


class Auto:
    def __del__(self):
        auto.append(1)


for i in range(50):
    z = Auto()
    z.me = z
del z
gc.disable()
print("finalized automatically:", len(auto) > 0)
gc.collect()
print("all finalized:", len(auto))
gc.set_threshold(700, 10, 10)
print("end")
