import sys, types
M = type(sys)
m = M("mymod", "doc here")
print(m.__name__, m.__doc__, repr(m)[:20], m.__spec__, m.__package__, m.__loader__)
m2 = types.ModuleType("other")
m2.x = 5
print(m2.__dict__["x"], m2.__doc__, sorted(m2.__dict__))
for bad in [(), (1,), ("a", "b", "c")]:
    try:
        M(*bad)
    except TypeError as e:
        print("TypeError", e)
print(M("kw", doc="D").__doc__)
