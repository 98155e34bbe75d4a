# expect: nofile=64
# A file object is closed when its last reference goes (CPython's deallocator, pyrc's
# finalizer), and by the cycle collector when it is only reachable from a cycle. The runner
# starts this program with at most 64 open file descriptors, so a file left open in any of
# the loops below would soon fail with "Too many open files".
import gc

# a temporary: closed at once, after its write
for i in range(300):
    open("tmp.txt", "w").write(str(i))
print(open("tmp.txt").read())


# a local: closed when the frame's locals go
def write_local(i):
    local = open("local.txt", "w")
    local.write(f"local {i}")


for i in range(300):
    write_local(i)
with open("local.txt") as f:
    print(f.read())

# a name rebound: the previous file is closed
for i in range(300):
    handle = open("rebound.txt", "w")
    handle.write(f"rebound {i}")
del handle
with open("rebound.txt") as f:
    print(f.read())

# two references: open until both are gone
w = open("shared.txt", "w")
alias = w
del w
print("open while an alias remains:", not alias.closed)
alias.write("shared")
del alias
with open("shared.txt") as f:
    print(f.read())

# inside containers: closed with the container
for i in range(10):
    files = [open("tmp.txt") for _ in range(30)]
    print(len(files), end=" ")
    files = None
print()

# in reference cycles: closed by the cycle collector, not by reference counting
gc.disable()


class Holder:
    pass


for i in range(200):
    holder = Holder()
    holder.self = holder
    holder.file = open("tmp.txt")
    if i % 20 == 19:
        gc.collect()
del holder
gc.collect()
print("cycles collected, files closed")

# leaking on purpose: keeping every file open does run out of descriptors
kept = []
try:
    for i in range(1000):
        kept.append(open("tmp.txt"))
except OSError as e:
    print("OSError after fewer than 64 files:", len(kept) < 64)
kept.clear()
print("recovered:", open("tmp.txt").read())
gc.enable()
