# with: __enter__/__exit__, the "as" target, exception suppression, exceptions from
# __exit__, multiple items, nesting, return/break inside the block.


class Resource:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print(f"enter {self.name}")
        return self

    def __exit__(self, exc_type, exc, tb):
        kind = None if exc_type is None else exc_type.__name__
        # pyrc has no traceback objects (tb is None even with an exception): not printed.
        print(f"exit {self.name}: {kind} {exc!r}")
        return self.suppress


with Resource("plain") as r:
    print("inside", r.name)
print("after plain")

with Resource("no-as"):
    print("inside no-as")

try:
    with Resource("propagates"):
        raise ValueError("boom")
except ValueError as e:
    print("caught", e)

with Resource("suppresses", suppress=True):
    raise KeyError("hidden")
print("after suppressed")

# several items: entered left to right, exited right to left
with Resource("outer") as a, Resource("inner") as b:
    print("inside both", a.name, b.name)

try:
    with Resource("s1", suppress=False), Resource("s2", suppress=True):
        raise TypeError("stopped by s2")
    print("s2 suppressed, s1 saw nothing")
except TypeError:
    print("not reached")

# nested with statements
with Resource("n1"):
    with Resource("n2") as n2:
        print("nested", n2.name)


# return inside a with block still calls __exit__
def early_return():
    with Resource("ret"):
        return "returned"


print(early_return())

for i in range(3):
    with Resource(f"loop{i}"):
        if i == 1:
            break
        continue

# __enter__ may return something else
class Opener:
    def __enter__(self):
        return [1, 2, 3]

    def __exit__(self, *exc):
        print("Opener exit", exc)


with Opener() as (first, *rest):
    print(first, rest)


# an exception in __exit__ replaces the body's
class Failing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        raise RuntimeError("exit failed")


try:
    with Failing():
        print("body of Failing")
except RuntimeError as e:
    print("caught", e)


# a truthy non-bool return value also suppresses
class Truthy:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return 1


with Truthy() as nothing:
    raise ZeroDivisionError
print("suppressed by 1, target is", nothing)


# objects without the protocol
class NoProtocol:
    pass


try:
    with NoProtocol():
        pass
except (AttributeError, TypeError) as e:
    print(type(e).__name__)


# the exception from __enter__ is not passed to __exit__
class BadEnter:
    def __enter__(self):
        raise OSError("cannot enter")

    def __exit__(self, *exc):
        print("not reached")


try:
    with BadEnter():
        print("not reached")
except OSError as e:
    print("caught", e)
