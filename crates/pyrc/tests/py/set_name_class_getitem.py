# __set_name__ on class attributes at class creation, __class_getitem__ (an implicit
# classmethod), __subclasses__, and their errors.
class Field:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name


class Model:
    first = Field()
    second = Field()
    plain = 3


print(Model.first.name, Model.second.name)

T = type("T", (), {"f": Field()})
print(T.f.name)


class Generic:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{getattr(item, '__name__', item)}]"


class Sub(Generic):
    pass


print(Generic[int], Sub[str], type(Generic.__dict__["__class_getitem__"]).__name__)


class Base:
    pass


class One(Base):
    pass


class Two(Base):
    pass


print([c.__name__ for c in Base.__subclasses__()], One.__subclasses__())


class Broken:
    def __set_name__(self, owner, name):
        raise ValueError("no " + name)


try:
    class Holder:
        attr = Broken()
except RuntimeError as e:
    print("RuntimeError", e, type(e.__cause__).__name__, e.__cause__)

try:
    Model[int]
except TypeError as e:
    print("TypeError", e)
