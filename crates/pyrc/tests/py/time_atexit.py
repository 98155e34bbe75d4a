# time's calendar functions (gmtime, strftime, asctime, mktime round trip, struct_time fields
# and items) and atexit (callbacks run last-registered first at exit, with their arguments).
import atexit
import time

g = time.gmtime(86400 * 365 + 3723)
print(tuple(g), g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec, g.tm_wday, g.tm_yday)
print(isinstance(g, tuple), len(g), g[0], list(g)[3:6])
print(time.strftime("%Y-%m-%d %H:%M:%S %a %b %j", g), time.asctime(g))
print(time.strftime("%%", g), repr(time.strftime("", g)))
local = time.localtime(1234567890)
print(time.mktime(local), time.mktime(tuple(local)))
print(type(time.time_ns()).__name__, abs(time.time_ns() / 1e9 - time.time()) < 5)
try:
    time.strftime("%Y", (1, 2))
except TypeError as e:
    print("TypeError:", e)


def goodbye(name, punctuation="!"):
    print("goodbye", name + punctuation)


atexit.register(goodbye, "first")
atexit.register(goodbye, "second", punctuation="?")
atexit.register(goodbye, "removed")
atexit.unregister(goodbye)
atexit.register(goodbye, "kept")

try:
    atexit.register(42)
except TypeError as e:
    print("TypeError:", e)
print("end of main")
