# expect: stderr="Exception ignored in: <function Broken.__del__ at 0x"
# expect: stderr="ZeroDivisionError: division by zero"
# expect: stderr="ValueError: from a cycle member"
# An exception raised in __del__ is reported on stderr ("Exception ignored in: ...") and
# ignored: the program goes on, the object is still freed, other finalizers still run.
import gc

gc.disable()


class Broken:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("Broken.__del__ starts", self.name)
        1 / 0
        print("not reached")


b = Broken("refcount")
del b
print("program continues after the refcount case")


def in_function():
    local = Broken("local")
    return "returned"


print(in_function())

try:
    x = Broken("during an exception")
    del x
    raise KeyError("unrelated")
except KeyError as e:
    print("the handled exception is untouched:", repr(e))


class BrokenCycle:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("BrokenCycle.__del__", self.name)
        raise ValueError("from a cycle member")


c1 = BrokenCycle("c1")
c2 = BrokenCycle("c2")
c1.other = c2
c2.other = c1
del c1, c2
found = gc.collect()
print("collect() returned normally:", found >= 2)
print("gc.garbage:", gc.garbage)


class Fine:
    def __del__(self):
        print("Fine.__del__ still runs")


broken_again = Broken("again")
fine = Fine()
del broken_again
del fine
print("end")
