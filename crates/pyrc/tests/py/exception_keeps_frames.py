# The traceback of an exception being handled keeps the failing frames, and so their locals,
# alive until the handler ends.


class Track:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def raises():
    local = Track("local of the failing frame")  # noqa: F841
    raise ValueError("x")


try:
    raises()
except ValueError:
    print("in handler")
print("after handler")

try:
    raises()
except ValueError as e:
    print("traceback object:", e.__traceback__ is not None)
    print("frames:", e.__traceback__.tb_next is not None)
print("after second handler")


class Exit:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        print("tb given to __exit__:", tb is not None)
        return True


with Exit():
    raise KeyError("k")
