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
