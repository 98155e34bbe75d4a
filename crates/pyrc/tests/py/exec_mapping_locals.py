# exec/eval with locals that are mappings other than dicts: names are read and stored through
# __getitem__/__setitem__ (a missing key is a NameError).
class Logging(dict):
    def __getitem__(self, key):
        print("get", key)
        return super().__getitem__(key)
    def __setitem__(self, key, value):
        print("set", key, value)
        super().__setitem__(key, value)
ns = Logging(a=1)
exec("b = a + 1", {}, ns)
print(sorted(dict.items(ns)), eval("a * 10", {}, ns))
class Mapping:
    def __getitem__(self, key):
        if key == "magic": return 42
        raise KeyError(key)
print(eval("magic + 1", {}, Mapping()))
try: eval("nothing", {}, Mapping())
except NameError as e: print(e)
