# The interpreter caches global and attribute lookups (issue 11); every change below must be
# seen by the next lookup at the same place in the code.


class Base:
    def greet(self):
        return "base"


class Child(Base):
    pass


def call_greet(obj):
    return obj.greet()


def read_attr(obj):
    return obj.value


c = Child()
print(call_greet(c))
Child.greet = lambda self: "child"
print(call_greet(c))
del Child.greet
print(call_greet(c))
Base.greet = lambda self: "patched base"
print(call_greet(c))
c.greet = lambda: "instance"
print(call_greet(c))
del c.greet
print(call_greet(c))


class Other:
    def greet(self):
        return "other"


for obj in (c, Other(), c, Other()):
    print(call_greet(obj))

c.value = 1
print(read_attr(c))
Child.value = "class attr"
print(read_attr(c))
del c.value
print(read_attr(c))
del Child.value
try:
    read_attr(c)
except AttributeError as e:
    print("AttributeError:", e)


class Prop:
    @property
    def value(self):
        return "property"


print(read_attr(Prop()))
Prop.value = 5
print(read_attr(Prop()))


def use_len():
    return len("abc")


print(use_len())
len = lambda s: "shadowed"
print(use_len())
del len
print(use_len())

counter = 0


def bump():
    global counter
    counter += 1
    return counter


print(bump(), bump())
del counter
try:
    bump()
except NameError as e:
    print("NameError:", e)
counter = 10
print(bump())

def method_on_builtin():
    items = []
    for i in range(3):
        items.append(i)
    return items


print(method_on_builtin())


class Slots:
    __slots__ = ("a",)

    def __init__(self):
        self.a = 1


s = Slots()
print(read_attr.__name__, s.a)


class Store:
    pass


def store(obj, v):
    obj.value = v


t = Store()
store(t, 1)
store(t, 2)
print(t.value, t.__dict__)


def set_value(self, v):
    print("setter got", v)
    self.__dict__["value"] = v * 10


Store.value = property(lambda self: self.__dict__.get("value"), set_value)
store(t, 3)
print(t.value)
del Store.value


def hook(self, name, v):
    print("__setattr__", name, v)
    object.__setattr__(self, name, v)


Store.__setattr__ = hook
store(t, 4)
del Store.__setattr__
store(t, 5)
print(t.value)
s = Slots()
try:
    store(s, 1)
except AttributeError as e:
    print("AttributeError:", e)
