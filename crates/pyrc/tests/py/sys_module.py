# expect: stderr="this goes to stderr\nprint to stderr\n"
# The sys module: getrefcount (relative values only), getrecursionlimit/setrecursionlimit,
# argv, stdout.write/stderr.write, exit (caught as SystemExit here; the exit status itself is
# checked by sys_exit_status.py).
import sys

# getrefcount: the argument adds one reference; every further name adds one more
x = object()
base = sys.getrefcount(x)
print(base)
y = x
print(sys.getrefcount(x) - base)
container = [x, x, x]
print(sys.getrefcount(x) - base)
del y
container.pop()
print(sys.getrefcount(x) - base)
mapping = {"k": x}
print(sys.getrefcount(x) - base)
del container, mapping
print(sys.getrefcount(x) - base)


def holds(arg):
    return sys.getrefcount(arg) - base


print("inside a call:", holds(x) > 0)


class C:
    pass


c = C()
c.attr = x
print(sys.getrefcount(x) - base)
del c
print(sys.getrefcount(x) - base)

# a freshly computed big int is referenced only by its name (and the argument)
n = int("1" * 30)
print(sys.getrefcount(n))

# recursion limit
print(sys.getrecursionlimit())
sys.setrecursionlimit(500)
print(sys.getrecursionlimit())
sys.setrecursionlimit(1000)
print(sys.getrecursionlimit())
for bad in (0, -5):
    try:
        sys.setrecursionlimit(bad)
    except ValueError as e:
        print("ValueError:", e)

# argv: the script name only (printed without its directory)
print(len(sys.argv), sys.argv[0].endswith("sys_module.py"), type(sys.argv).__name__)

# stdout.write returns the number of characters and mixes with print in order
print("before write")
count = sys.stdout.write("written by sys.stdout.write\n")
print(count)
sys.stdout.write("no newline;")
sys.stdout.write(" same line\n")
print(sys.stdout.write("héllo\n"))
sys.stderr.write("this goes to stderr\n")
print(sys.stderr.write(""))
try:
    sys.stdout.write(5)
except TypeError:
    print("TypeError for non-str")
sys.stdout.flush()
print("print after flush", file=sys.stdout)
print("print to stderr", file=sys.stderr)

# sys.exit raises SystemExit, which can be caught
for arg in [(), (0,), (3,), ("message",)]:
    try:
        sys.exit(*arg)
    except SystemExit as e:
        print("SystemExit", e.args)  # e.code: see system_exit_code.py
print(issubclass(SystemExit, BaseException), issubclass(SystemExit, Exception))
try:
    raise SystemExit(7)
except BaseException as e:
    print(type(e).__name__, e.args)
print("still running")
print(sys.version_info[:2] == (3, 11), sys.maxsize == 2 ** 63 - 1, "sys" in sys.modules)
