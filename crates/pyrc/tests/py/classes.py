# class: inheritance, super(), methods, __init__, __repr__, __str__, __eq__, __len__,
# __getitem__, class attributes, bound methods, properties of the object model.


class Animal:
    kind = "animal"
    count = 0

    def __init__(self, name, sound="..."):
        self.name = name
        self.sound = sound
        Animal.count += 1

    def speak(self):
        return f"{self.name} says {self.sound}"

    def __repr__(self):
        return f"Animal({self.name!r})"

    def __str__(self):
        return f"<{self.kind} {self.name}>"


class Dog(Animal):
    kind = "dog"

    def __init__(self, name):
        super().__init__(name, "woof")
        self.tricks = []

    def add_trick(self, trick):
        self.tricks.append(trick)
        return self

    def speak(self):
        return super().speak() + "!"

    def __repr__(self):
        return f"Dog({self.name!r}, tricks={self.tricks})"


class Puppy(Dog):
    def speak(self):
        base = super(Puppy, self).speak()
        return base.upper()


a = Animal("generic")
d = Dog("rex").add_trick("sit").add_trick("roll")
p = Puppy("bit")
print(a.speak())
print(d.speak())
print(p.speak())
print(repr(a), str(a), a)
print(repr(d), str(d))
print([a, d, p])
print(f"{d}|{d!r}|{d!s}")
print(Animal.count, Dog.count, a.kind, d.kind, p.kind)
print(isinstance(p, Dog), isinstance(p, Animal), isinstance(a, Dog))
print(issubclass(Puppy, Animal), issubclass(Animal, Puppy), issubclass(Dog, Dog))
print(Puppy.__name__, Puppy.__bases__ == (Dog,), [k.__name__ for k in Puppy.__mro__])
print(type(p) is Puppy, type(p).__name__, p.__class__.__name__)

# instance attributes shadow class attributes
d.kind = "mutt"
print(d.kind, Dog.kind)
del d.kind
print(d.kind)

# bound methods
m = d.speak
print(m(), m.__self__ is d, m.__func__ is Dog.speak)
print(Dog.speak(p), Animal.speak(d))
print(d.speak is d.speak)


class Vector:
    def __init__(self, *components):
        self.c = list(components)

    def __len__(self):
        return len(self.c)

    def __getitem__(self, i):
        return self.c[i]

    def __setitem__(self, i, v):
        self.c[i] = v

    def __delitem__(self, i):
        del self.c[i]

    def __contains__(self, v):
        return v in self.c

    def __eq__(self, other):
        if not isinstance(other, Vector):
            return NotImplemented
        return self.c == other.c

    def __hash__(self):
        return hash(tuple(self.c))

    def __add__(self, other):
        return Vector(*[x + y for x, y in zip(self.c, other.c)])

    def __mul__(self, k):
        return Vector(*[x * k for x in self.c])

    def __rmul__(self, k):
        return self * k

    def __neg__(self):
        return self * -1

    def __lt__(self, other):
        return len(self) < len(other)

    def __bool__(self):
        return any(self.c)

    def __iter__(self):
        return iter(self.c)

    def __call__(self, scale):
        return [x * scale for x in self.c]

    def __repr__(self):
        return "Vector(" + ", ".join(repr(x) for x in self.c) + ")"


v = Vector(1, 2, 3)
w = Vector(1, 2, 3)
print(len(v), v[0], v[-1], v[1:], 2 in v, 5 in v)
print(v == w, v != w, v is w, v == [1, 2, 3], v != "x")
print(v + w, v * 2, 3 * v, -v)
print(sorted([Vector(1, 2), Vector(1), Vector(0, 0, 0)]))
print(bool(Vector(0, 0)), bool(v), list(v), v(10))
print(hash(v) == hash(w), len({v, w}))
v[0] = 100
del v[1]
print(v, len(v))
print([x for x in Vector(4, 5)])
for i, x in enumerate(Vector(7, 8)):
    print(i, x)


class OldStyleIter:
    # iteration through __getitem__ until IndexError
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * i


print(list(OldStyleIter()), 4 in OldStyleIter())


class Plain:
    pass


pl = Plain()
pl.x = 1
print(pl.x, hasattr(pl, "y"), getattr(pl, "y", "dflt"))
print(Plain() == Plain(), pl == pl, type(Plain).__name__)


class WithClassMethods:
    created = []

    @staticmethod
    def static(x):
        return x * 2

    @classmethod
    def build(cls, n):
        cls.created.append(n)
        return cls()

    @property
    def prop(self):
        return "computed"


WithClassMethods.build(1)
WithClassMethods().build(2)
print(WithClassMethods.static(4), WithClassMethods().static(5), WithClassMethods.created)
print(WithClassMethods().prop)


# Multiple inheritance and the MRO
class A:
    def who(self):
        return "A"


class B(A):
    def who(self):
        return "B>" + super().who()


class C(A):
    def who(self):
        return "C>" + super().who()


class D(B, C):
    def who(self):
        return "D>" + super().who()


print(D().who(), [k.__name__ for k in D.__mro__])


# __init__ returning values / class body execution
class Counter:
    print("class body runs once")
    total = sum(range(5))


print(Counter.total)


class StrOnly:
    def __str__(self):
        return "str-only"


s = StrOnly()
print(str(s), f"{s}", repr(s).startswith("<__main__.StrOnly object at "))


class ReprOnly:
    def __repr__(self):
        return "repr-only"


print(str(ReprOnly()), repr(ReprOnly()), [ReprOnly()])


class EqOnly:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return self.v == other.v


print(EqOnly(1) == EqOnly(1), EqOnly(1) != EqOnly(2))
try:
    hash(EqOnly(1))
except TypeError as e:
    print("TypeError:", e)
