# The descriptor protocol for classes defined in Python: data descriptors (__set__ or
# __delete__) come before the instance's __dict__, non-data descriptors after it; __get__
# is called with None for the class itself.
class Typed:
    def __init__(self, kind):
        self.kind = kind

    def __set_name__(self, owner, name):
        self.name = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, None)

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.name[1:]} must be {self.kind.__name__}")
        setattr(obj, self.name, value)

    def __delete__(self, obj):
        print("deleting", self.name)
        delattr(obj, self.name)


class NonData:
    def __get__(self, obj, objtype=None):
        return ("nondata", obj is None, objtype.__name__)


class P:
    x = Typed(int)
    nd = NonData()

    def __init__(self):
        self.x = 3


p = P()
print(p.x, type(P.x).__name__, p.nd, P.nd)
p.__dict__["x"] = "in the dict"
print(p.x, p.__dict__["x"])
p.__dict__["nd"] = "instance wins"
print(p.nd)
del p.x
print(p.x)


class SetOnly:
    def __set__(self, obj, value):
        print("set", value)


class DeleteOnly:
    def __get__(self, obj, objtype=None):
        return "got"

    def __delete__(self, obj):
        print("delete")


class Q:
    s = SetOnly()
    d = DeleteOnly()


q = Q()
q.s = 5
print(type(q.s).__name__)
del q.d
print(q.d)


class Counter:
    calls = 0

    def __get__(self, obj, objtype=None):
        Counter.calls += 1
        return Counter.calls


class R:
    c = Counter()


r = R()
print([r.c for _ in range(3)], R.c)


class Swapped:
    def __setattr__(self, name, value):
        print("__setattr__ first:", name)
        object.__setattr__(self, name, value)

    x = Typed(str)


s = Swapped()
s.x = "ok"
print(s.x)

for bad in [
    lambda: setattr(p, "x", "bad"),
    lambda: setattr(q, "d", 1),
    lambda: delattr(q, "s"),
]:
    try:
        bad()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
