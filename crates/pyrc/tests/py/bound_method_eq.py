# Bound method objects: a fresh object on each attribute access, equal when they bind the same
# function to the same object.


class K:
    def m(self):
        return 1


k = K()
other = K()
print(k.m is k.m)
print(k.m == k.m, k.m != k.m)
print(k.m == other.m)
print(K.m == K.m)
print(len({k.m, k.m}))
print([k.m].count(k.m), k.m in [k.m])
