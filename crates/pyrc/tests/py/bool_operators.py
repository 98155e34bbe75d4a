# bool is an int subclass, but &, | and ^ between two bools return a bool.

print(True & False, True | False, True ^ True, False ^ True)
print(type(True & True).__name__, type(True | 0).__name__, type(1 ^ True).__name__)
flags = [True, False, True]
acc = False
for flag in flags:
    acc |= flag
print(acc, repr(acc))
print(sorted({True, False} | {2}))
