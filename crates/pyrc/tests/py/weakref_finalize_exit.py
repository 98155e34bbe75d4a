# (Regression test: this was a known pyrc bug, now fixed.)
# weakref.finalize at exit: the finalizers still alive whose atexit is true run when the
# program ends, newest first, before the main module's globals are cleared; one whose atexit
# is false never runs, even when its object dies during the teardown that follows.
import weakref


class Resource:
    def __init__(self, name):
        self.name = name


class Noisy:
    def __del__(self):
        print("Noisy.__del__ (module teardown)")


a = Resource("a")
b = Resource("b")
c = Resource("c")
weakref.finalize(a, print, "exit: a")
weakref.finalize(b, print, "exit: b")
quiet = weakref.finalize(c, print, "never printed: atexit is false")
quiet.atexit = False
done = weakref.finalize(Resource("d"), print, "d died at once")
noisy = Noisy()
keep = [a, b, c, noisy]
print("end of program", done.alive, quiet.alive)
