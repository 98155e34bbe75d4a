# Issue 11's whole-process workload: 10^5 pairs of instances in reference cycles, dropped,
# then one gc.collect(). Run as a whole process by scripts/bench-gc-heavy.sh.
import gc


class Node:
    def __init__(self, i):
        self.i = i
        self.other = None


nodes = []
for i in range(100000):
    a = Node(i)
    b = Node(i)
    a.other = b
    b.other = a
    nodes.append(a)
del nodes, a, b
print(gc.collect() > 0)
