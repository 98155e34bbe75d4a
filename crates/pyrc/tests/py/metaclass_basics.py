# Metaclasses defined in Python: __new__ through type.__new__, __init__, __call__, methods and
# properties of the metaclass seen on its classes, inheritance of the metaclass.
class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        print("Meta.__new__", name, sorted(k for k in ns if not k.startswith("__")), kw)
        cls = super().__new__(mcls, name, bases, ns)
        cls.made_by_meta = True
        return cls

    def __init__(cls, name, bases, ns, **kw):
        print("Meta.__init__", name)

    def __call__(cls, *args):
        print("Meta.__call__", cls.__name__, args)
        return super().__call__(*args)

    def describe(cls):
        return "class " + cls.__name__

    @property
    def upper_name(cls):
        return cls.__name__.upper()


class A(metaclass=Meta):
    x = 1

    def __init__(self, v):
        self.v = v


print(type(A) is Meta, A.made_by_meta, A.describe(), A.upper_name)
print(isinstance(A, type), isinstance(A, Meta), A.__class__.__name__)
a = A(5)
print(a.v, type(a).__name__, isinstance(a, A))


class B(A):
    pass


print(type(B).__name__, B.describe())


class Plain(type):
    pass


class C(metaclass=Plain):
    pass


print(type(C).__name__, C.__name__, C.__bases__, repr(C))


class Registry(type):
    classes = []

    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        Registry.classes.append(name)


class R1(metaclass=Registry):
    pass


class R2(R1):
    pass


print(Registry.classes)


class Sized(type):
    def __len__(cls):
        return 3

    def __iter__(cls):
        return iter([1, 2, 3])

    def __getitem__(cls, key):
        return key * 2

    def __contains__(cls, item):
        return item == "yes"

    def __repr__(cls):
        return "<Sized " + cls.__name__ + ">"


class S(metaclass=Sized):
    pass


print(len(S), list(S), S[4], "yes" in S, "no" in S, repr(S))


def function_metaclass(name, bases, ns):
    return name.lower()


class NotAClass(metaclass=function_metaclass):
    pass


print(NotAClass)


class M1(type):
    pass


class M2(type):
    pass


class X1(metaclass=M1):
    pass


class X2(metaclass=M2):
    pass


for make in [
    lambda: type("Y", (X1, X2), {}),
    lambda: type.__new__(Meta, "Z"),
    lambda: type.__new__(3, "Z", (), {}),
    lambda: type("Z", 1, {}),
    lambda: type("Z", (1,), {}),
    lambda: type(1, (), {}),
    lambda: type("Z", (), 1),
    lambda: type("Z", ()),
]:
    try:
        make()
    except TypeError as e:
        print("TypeError", e)
