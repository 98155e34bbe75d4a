# Class lookups through the method cache, instance stores at remembered slots, and hash()
# of instances: answers must follow every change of a class, an MRO or an instance dict.

class Base:
    def who(self):
        return 'base'

class Child(Base):
    pass

c = Child()
print(c.who(), hasattr(c, 'extra'))
Child.who = lambda self: 'child'          # shadows Base.who after it was looked up
Child.extra = 5                           # a name that was absent before
print(c.who(), hasattr(c, 'extra'), c.extra)
del Child.who
print(c.who())
Base.who = lambda self: 'base again'
print(c.who())

# hash() looks __hash__ and __eq__ up on the class each time.
class Key:
    def __init__(self, n):
        self.n = n

k = Key(3)
h1 = hash(k)
print(h1 == hash(k))
Key.__hash__ = lambda self: self.n * 10
print(hash(k))
Key.__hash__ = None
try:
    hash(k)
except TypeError as e:
    print('TypeError', e)
del Key.__hash__
print(hash(k) == h1)

class StaticHash:
    __hash__ = staticmethod(lambda: 7)
try:
    print(hash(StaticHash()))
except TypeError as e:
    print('TypeError', e)

class Sub(int):
    pass
print(hash(Sub(12)), hash(Sub(-1)))

import weakref
class Target:
    def __hash__(self):
        return 99
t = Target()
r = weakref.ref(t)
print(hash(r), hash(r) == hash(t), r in {r}, len(weakref.WeakSet([t, t])))

# Stores: instances filling their attributes in different orders, deleting and adding again.
class P:
    def __init__(self, order):
        for name in order:
            setattr(self, name, name.upper())

    def set_a(self, v):
        self.a = v

first = P('abc')
second = P('cba')
third = P('ab')
for p in (first, second, third):
    p.set_a(1)
    print(list(vars(p).items()))
del first.b
first.b = 'again'
first.set_a(2)
print(list(vars(first).items()))
third.__dict__.clear()
third.set_a(3)
third.z = 0
print(list(vars(third).items()))

class Slotted:
    __slots__ = ('x', 'y')
    def __init__(self):
        self.x = 1
        self.y = 2
s = Slotted()
try:
    s.z = 3
except AttributeError as e:
    print('AttributeError', e)
print(s.x, s.y)

class Guarded:
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2)
    def put(self):
        self.v = 21
g = Guarded()
g.put()
print(g.v)
