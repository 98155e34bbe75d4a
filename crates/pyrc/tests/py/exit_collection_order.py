# expect: known-bug "at exit pyrc clears the main module's globals before the final collection; CPython 3.11 (collector enabled) first runs a collection, so cycles still alive are finalized before the objects held by globals"
# The order of finalization at exit with the collector enabled: unreachable cycles first
# (Py_FinalizeEx's collection), then what the globals held.


class Global:
    def __del__(self):
        print("__del__ at exit: held by a global name")


class CycleAtExit:
    def __del__(self):
        print("__del__ at exit: an unreachable cycle")


held = Global()
cycle = CycleAtExit()
cycle.me = cycle
del cycle
print("last statement")
