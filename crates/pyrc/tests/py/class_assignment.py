# __class__ assignment on instances of classes defined in Python, and the assignments refused.
class A:
    def who(self):
        return "A"


class B:
    def who(self):
        return "B"

    @property
    def kind(self):
        return "b-kind"


a = A()
a.value = 1
a.__class__ = B
print(type(a).__name__, a.who(), a.kind, a.value, isinstance(a, B), isinstance(a, A))
for _ in range(3):  # method lookups through the caches see the new class
    print(a.who())
a.added = 2  # the instance dict keeps working after the switch
b = B()
b.first = "b"
print(vars(a), vars(b))
a.__class__ = A
a.third = 3
print(a.who(), vars(a))


class Watcher:
    def __setattr__(self, name, value):
        print("setattr", name)
        object.__setattr__(self, name, value)


class Other(Watcher):
    pass


w = Watcher()
w.__class__ = Other
print(type(w).__name__)


class Slotted:
    __slots__ = ("x",)


class L(list):
    pass


for target, value in [
    (A(), 1),
    (A(), int),
    (A(), Slotted),
    (A(), L),
    (1, A),
    ([], L),
]:
    try:
        target.__class__ = value
    except TypeError as e:
        print("TypeError", e)
try:
    del a.__class__
except TypeError as e:
    print("TypeError", e)
