# __del__ runs as soon as the reference count reaches zero: on del, on rebinding, when a
# container or frame goes, on a temporary; in a well-defined order for chains.
import gc

gc.disable()  # only reference counting in this program


class Track:
    def __init__(self, name):
        self.name = name
        print("init", name)

    def __del__(self):
        print("del", self.name)


a = Track("a")
b = a
del a
print("a deleted, b still refers")
del b
print("---")

x = Track("x1")
x = Track("x2")  # x1 goes when x is rebound (after x2 is created)
x = None
print("---")

Track("temporary")
print("after the temporary statement")
print("---")


def scope():
    local = Track("local")
    print("in function")


scope()
print("after the call")
print("---")


def returns():
    return Track("returned")


r = returns()
print("kept by r")
r = returns()
print("replaced")
del r
print("---")

items = [Track("item0"), Track("item1")]
items.pop(0)
print("popped item0")
items.append(Track("item2"))
del items[0]
print("deleted item1")
items.clear()
print("cleared")
print("---")

d = {"k": Track("in dict")}
d["k"] = "replaced"
print("---")

# a chain: the head goes, then what it held
head = Track("head")
head.next = Track("middle")
head.next.next = Track("tail")
del head
print("---")

# an attribute replaced and deleted
holder = Track("holder")
holder.part = Track("part1")
holder.part = Track("part2")
del holder.part
print("holder without part")
del holder
print("---")

# a finalizer that creates objects and reads globals
log = []


class Logs:
    def __del__(self):
        log.append("logged")
        Track("made in __del__")


Logs()
print(log)
print("---")

# resurrection: __del__ stores self somewhere; it runs only once (PEP 442)
saved = []


class Phoenix:
    def __del__(self):
        print("Phoenix.__del__")
        saved.append(self)


p = Phoenix()
del p
print("resurrected:", len(saved))
saved.clear()
print("second death: no second __del__")
print("---")

print("end of program")
