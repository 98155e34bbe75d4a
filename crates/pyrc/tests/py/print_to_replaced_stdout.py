# print() writes to a replaced sys.stdout (and to file=) through its write(),
# piece by piece, as CPython's print does.
import sys


class Recorder:
    def __init__(self):
        self.calls = []
        self.flushes = 0

    def write(self, text):
        self.calls.append(text)
        return len(text)

    def flush(self):
        self.flushes += 1


print("before")
recorder = Recorder()
saved = sys.stdout
sys.stdout = recorder
print("hello", 1, [2, 3])
print("a", "b", sep="", end="")
print()
print("x", sep="-", end="!\n", flush=True)
sys.stdout = saved
print("after")
print(recorder.calls)
print("flushes", recorder.flushes)
print("".join(recorder.calls), end="")

# file= gets the same treatment, whatever sys.stdout is.
other = Recorder()
print("to", "file", file=other)
print(other.calls)
sys.stdout = recorder
print("nested", file=other)
sys.stdout = saved
print(other.calls)

# sys.__stdout__ is the original stream.
print(sys.stdout is sys.__stdout__)
sys.stdout = sys.__stdout__
print("restored")


# A stream without write: the error comes from print.
class NoWrite:
    pass


sys.stdout = NoWrite()
try:
    print("lost")
except AttributeError as error:
    sys.stdout = saved
    print("AttributeError", error)
sys.stdout = saved
print("done")
