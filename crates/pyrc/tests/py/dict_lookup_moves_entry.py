# A stored key whose __eq__ moves its own entry to another slot during a lookup: the lookup
# starts again and still finds it (CPython's lookdict restarts too).
class K:
    def __init__(self, v):
        self.v = v
        self.d = None

    def __hash__(self):
        return 1

    def __eq__(self, other):
        if self.d is not None:
            d, self.d = self.d, None
            value = d.pop(self)  # remove and re-insert: the entry moves to a new slot
            d[self] = value
        return isinstance(other, K) and self.v == other.v


d = {}
d["first"] = 0
a = K(1)
d[a] = "a"
a.d = d
print(d.get(K(1)), len(d), list(d.values()))
