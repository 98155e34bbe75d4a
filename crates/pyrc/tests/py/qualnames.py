# __qualname__ of functions, lambdas and classes at every nesting, as CPython's compiler
# computes it; a class body may set its own; the name leaves the class's namespace.
class A:
    def m(self):
        def inner():
            def deeper():
                pass
            return deeper
        return inner

    class B:
        def n(self):
            pass

        f = lambda self: 0


def outer():
    class C:
        def k(self):
            pass

    return C


def declares_global():
    global made_global

    def made_global():
        pass

    class G:
        pass

    return made_global, G


g = lambda: 0
print(A.m.__qualname__, A().m().__qualname__, A().m()().__qualname__)
print(A.B.__qualname__, A.B.n.__qualname__, A.B.f.__qualname__)
print(outer().__qualname__, outer().k.__qualname__)
print(g.__qualname__, [lambda: 1 for _ in range(1)][0].__qualname__)
print({k: (lambda: k) for k in "a"}["a"].__qualname__)
print((lambda: (lambda: 0))().__qualname__)
made, G = declares_global()
print(made.__qualname__, G.__qualname__)


class Renamed:
    __qualname__ = "Elsewhere.Renamed"

    def method(self):
        pass


print(Renamed.__qualname__, Renamed.__name__, Renamed.method.__qualname__)
print("__qualname__" in Renamed.__dict__, "__qualname__" in A.__dict__)
try:

    class Bad:
        __qualname__ = 42

except TypeError as error:
    print("TypeError:", error)
print(repr(A.B).split(" ")[1], repr(outer())[8:-2])
