# The attributes of built-in types are the same object at each lookup (CPython keeps one
# descriptor in the type's dict), which pprint relies on: its _safe_repr compares
# type(obj).__repr__ with dict.__repr__, list.__repr__... by identity and then prints the
# container itself, dicts with sorted keys.
import pprint
import re

print(list.__repr__ is list.__repr__, dict.__repr__ is dict.__repr__)
print(tuple.__repr__ is tuple.__repr__, int.__repr__ is int.__repr__, str.join is str.join)
print(getattr(list, "__repr__") is list.__repr__)
print(object.__init__ is object.__init__, int.__new__ is int.__new__)


class MyList(list):
    pass


class MyReprList(list):
    def __repr__(self):
        return "MyReprList!"


print(MyList.__repr__ is list.__repr__, MyReprList.__repr__ is list.__repr__)
print(list.__repr__ is tuple.__repr__, list.append is list.append)

p = pprint.PrettyPrinter()
data = [("string", (1, 2), [3, 4], {7: 8, 5: 6})] * 3
print(p._safe_repr(data, {}, None, 0))
print(pprint.pformat({"b": [3, 2, 1], "a": {"z": 1, "y": (2,)}}))
print(pprint.saferepr({3: "c", 1: "a", 2: MyList([{"k": 2, "j": 1}])}))
print(pprint.saferepr(MyReprList([1])), pprint.saferepr([MyReprList([1])]))
r = [1, 2]
r.append(r)
d = {"self": None}
d["self"] = d
print(re.sub("id=[0-9]+", "id=N", pprint.saferepr(r)), pprint.isrecursive(r), pprint.isreadable(r))
print(re.sub("id=[0-9]+", "id=N", pprint.saferepr(d)), pprint.isreadable({"x": object}), pprint.isreadable({"x": 1}))
print(pprint.pformat(list(range(30)), width=40, compact=True))
