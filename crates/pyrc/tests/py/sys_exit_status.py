# expect: exit=3 no-stderr
# sys.exit(3) ends the program with status 3: finally blocks and __exit__ run on the way out,
# the objects still alive are finalized, and nothing is printed on stderr.
import sys


class Announce:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("finalized", self.name)


class Context:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        print("__exit__ sees", exc[0].__name__)
        return False


keep = Announce("global")


def leave():
    local = Announce("local")
    try:
        with Context():
            sys.exit(3)
    finally:
        print("finally runs")
    print("not reached", local)


try:
    leave()
except ValueError:
    print("not reached")
print("not reached either")
