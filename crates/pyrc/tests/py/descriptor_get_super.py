# super() applies descriptors (a base's property, class method); the built-in descriptors'
# __get__/__set__ called by hand; types.MethodType.
class Base:
    @property
    def p(self): return "base p"
    @classmethod
    def cm(cls): return "cm " + cls.__name__
class Der(Base):
    @property
    def p(self): return "der+" + super().p
    @classmethod
    def cm(cls): return "der+" + super().cm()
print(Der().p, Der.cm())
def f(self): return self
class X: pass
x = X()
print(f.__get__(x)() is x, f.__get__(None, X) is f, classmethod(f).__get__(None, X)() is X, staticmethod(len).__get__(x)("ab"))
prop = property(lambda self: "pv")
print(prop.__get__(x), prop.__get__(None, X) is prop)
import types
m = types.MethodType(f, x)
print(m() is x, callable(staticmethod(len)))
try: types.MethodType(1, x)
except TypeError as e: print(e)
try: prop.__set__(x, 1)
except AttributeError as e: print("AttributeError")
