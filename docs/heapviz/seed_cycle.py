# The seed's reference cycle, drawn before and after gc.collect() (README, "Seeing the heap").
# Run from this directory: pyrc seed_cycle.py    (with -X gc_narrate to hear the collection)
import gc, refgraph

gc.disable()


class Track:
    def __init__(self):
        print("Initialized")

    def __del__(self):
        print("Destructed")


A = Track()
B = Track()
A.other = B
B.other = A
del A; del B  # objects are not destructed due to reference cycle

not_a_class = lambda o: not isinstance(o, type)
refgraph.show_refs(refgraph.by_type("Track"), filename="cycle-before.svg", filter=not_a_class)
gc.set_debug(gc.DEBUG_SAVEALL)  # keep what the collection finds in gc.garbage, to draw it
print(gc.collect())
refgraph.show_refs(refgraph.by_type("Track"), filename="cycle-after.svg", filter=not_a_class)
