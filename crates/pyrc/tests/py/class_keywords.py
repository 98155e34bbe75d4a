# The class statement's keywords: metaclass=, others passed to __init_subclass__ (an implicit
# classmethod), __prepare__ making the namespace, and the errors of unexpected keywords.
class Base:
    registry = []

    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag
        Base.registry.append(cls.__name__)


class C(Base, tag="c"):
    pass


class D(C):
    pass


print(C.tag, D.tag, Base.registry, type(Base.__dict__["__init_subclass__"]).__name__)


class Options:
    def __init_subclass__(cls, **options):
        cls.options = sorted(options.items())


opts = {"b": 2}


class O(Options, a=1, **opts):
    pass


print(O.options)


class P(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("prepare", name, bases, kw)
        return {"injected": 42}

    def __new__(mcls, name, bases, ns, **kw):
        return super().__new__(mcls, name, bases, ns)


class Q(metaclass=P, k=1):
    own = 1


print(Q.injected, Q.own, sorted(k for k in Q.__dict__ if not k.startswith("__")))


class Recorder(dict):
    def __setitem__(self, key, value):
        print("store", key)
        super().__setitem__(key, value)


class RecordingMeta(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return Recorder()


class Recorded(metaclass=RecordingMeta):
    a = 1

    def method(self):
        return self.a


print(Recorded().method(), type(Recorded).__name__)

for source in [
    "class Bad(Base, unknown=1): pass",
    "class Bad(nokw=1): pass",
    "class Bad(object, 1): pass",
    "class BadPrepare(metaclass=type('M', (type,), {'__prepare__': classmethod(lambda m, n, b: 1)})): pass",
]:
    try:
        exec(source)
    except TypeError as e:
        print("TypeError", e)
