# Deep recursion raises RecursionError (a RuntimeError), which Python code can catch; the
# program goes on, and the limit can be changed with sys.setrecursionlimit.
import sys


def depth(n):
    return depth(n + 1)


try:
    depth(0)
except RecursionError as e:
    print("RecursionError:", e)
print(issubclass(RecursionError, RuntimeError))


def count(n):
    try:
        return count(n + 1)
    except RecursionError:
        return n


reached = count(0)
print("reached within the limit:", 500 < reached < sys.getrecursionlimit())

# recursion that stays under the limit works
def fact(n):
    return 1 if n == 0 else n * fact(n - 1)


print(len(str(fact(800))))

# a lower limit is honoured
sys.setrecursionlimit(200)
low = count(0)
print("lower limit:", 100 < low < 200)
sys.setrecursionlimit(1000)

# a higher limit allows deeper recursion
sys.setrecursionlimit(5000)
print(fact(3000).bit_length())
deep = count(0)
print("higher limit:", 3000 < deep < 5000)
sys.setrecursionlimit(1000)


# mutual recursion, methods, and recursion through __repr__ and __eq__
def ping(n):
    return pong(n + 1)


def pong(n):
    return ping(n + 1)


try:
    ping(0)
except RecursionError:
    print("mutual recursion: RecursionError")


class Node:
    def __init__(self):
        self.child = self

    def __repr__(self):
        return "Node(" + repr(self.child) + ")"

    def walk(self):
        return self.child.walk()


try:
    repr(Node())
except RecursionError:
    print("__repr__ recursion: RecursionError")
try:
    Node().walk()
except RecursionError:
    print("method recursion: RecursionError")

# a deeply nested list (built iteratively) is fine to build; printing it is deep recursion in
# the interpreter, also caught (comparisons: recursive_compare.py)
nested = []
for _ in range(100000):
    nested = [nested]
try:
    repr(nested)
except RecursionError:
    print("repr of a deeply nested list: RecursionError")
del nested

# the interpreter is usable after all that
print("still fine:", fact(10))

# recursion in a finally clause and in an except clause
def recurse_in_finally(n):
    try:
        pass
    finally:
        return recurse_in_finally(n + 1)


try:
    recurse_in_finally(0)
except RecursionError:
    print("recursion in finally: RecursionError")
