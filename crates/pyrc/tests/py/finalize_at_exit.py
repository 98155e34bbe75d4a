# Finalization at exit: objects still referenced by globals when the program ends are
# finalized (their __del__ prints after the last statement), then cycles still alive are
# collected and finalized; a finalizer may still use builtins and globals. The collector is
# disabled here: with it enabled, CPython runs one collection before clearing the globals
# (exit_collection_order.py).
import gc

gc.disable()


class Global:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__ at exit:", self.name, len(self.name))


only = Global("held by a global name")
container = [Global("held by a global list")]


class CycleAtExit:
    def __del__(self):
        print("__del__ at exit: a cycle still alive at the end")


cycle = CycleAtExit()
cycle.me = cycle
del cycle

print("last statement")
