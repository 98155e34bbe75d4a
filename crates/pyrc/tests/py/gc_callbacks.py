# expect: stderr="ValueError: callback failed"
# gc.callbacks: called with ("start", info) and ("stop", info) around every collection, automatic
# or explicit; an exception in a callback is reported ("Exception ignored in") and ignored.
import gc

gc.disable()
log = []


def record(phase, info):
    log.append((phase, info["generation"], sorted(info)))


gc.callbacks.append(record)


class Node:
    pass


n = Node()
n.me = n
del n
found = gc.collect(1)
print(found > 0, log)
stop_info = []
gc.callbacks.append(lambda phase, info: stop_info.append(info["collected"]) if phase == "stop" else None)
gc.collect(0)
print(stop_info)


def failing(phase, info):
    raise ValueError("callback failed")


gc.callbacks.append(failing)
print(gc.collect())
gc.callbacks.clear()
gc.collect()
print(len(log))
