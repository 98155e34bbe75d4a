# classmethod, staticmethod and property are types: subclassable, made with keywords, with
# their attributes (__func__, fget/fset/fdel, getter/setter/deleter, __isabstractmethod__).
class abstractclassmethod(classmethod):
    __isabstractmethod__ = True

    def __init__(self, callable):
        callable.__isabstractmethod__ = True
        super().__init__(callable)


class loud_static(staticmethod):
    pass


class K:
    @abstractclassmethod
    def make(cls):
        return "made " + cls.__name__

    @classmethod
    def cm(cls):
        return "cm " + cls.__name__

    @loud_static
    def double(a):
        return a * 2


class SubK(K):
    pass


print(K.make(), SubK().make(), K.cm(), K.double(4), K().double(5))
print(type(K.__dict__["make"]).__name__, K.__dict__["make"].__isabstractmethod__)
print(K.__dict__["cm"].__func__.__name__, K.__dict__["double"].__func__(3))
print(isinstance(K.__dict__["make"], classmethod), type(classmethod(len)).__name__)


class myprop(property):
    pass


class Z:
    def __init__(self):
        self._v = 1

    @myprop
    def v(self):
        return self._v

    @v.setter
    def v(self, value):
        self._v = value

    @v.deleter
    def v(self):
        print("del v")
        del self._v

    w = property(lambda self: "w", doc="the w")
    only_set = property(fset=lambda self, value: print("only set", value))


z = Z()
print(z.v, type(Z.__dict__["v"]).__name__, Z.v.fdel is not None)
z.v = 5
print(z.v, Z.w.__doc__, z.w, Z.w.fset)
del z.v
z.only_set = 7
print(property(doc="d").__doc__, property().fget)

for bad in [
    lambda: setattr(z, "w", 1),
    lambda: delattr(z, "w"),
    lambda: z.only_set,
    lambda: classmethod(),
    lambda: staticmethod(1, 2),
    lambda: property(1, 2, 3, 4, 5),
    lambda: property(fget=1, bogus=2),
]:
    try:
        bad()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
