# Augmented assignment on mutable built-in containers mutates the object in place, so every
# alias sees the change and the name still refers to the same object.

lst = [1]
alias = lst
lst += [2]
print(alias is lst, alias)
lst *= 2
print(alias is lst, alias)

s = {1, 2}
alias = s
s |= {3}
print(alias is s, sorted(alias))
s &= {1, 3}
print(alias is s, sorted(alias))
s -= {1}
print(alias is s, sorted(alias))
s ^= {4}
print(alias is s, sorted(alias))

d = {1: 1}
alias = d
d |= {2: 2}
print(alias is d, alias)


def extend_in_place(target):
    target *= 3


shared = ["x"]
extend_in_place(shared)
print(shared)
