# Dictionary views are live; changing a dict or set size during iteration is an error.

d = {"a": 1}
keys, values, items = d.keys(), d.values(), d.items()
d["b"] = 2
print(len(keys), "b" in keys, list(values), list(items))
del d["a"]
print(list(keys), type(keys).__name__, type(values).__name__, type(items).__name__)
print(d.keys() == {"b"}, d.keys() & {"b", "c"}, ("b", 2) in d.items())

try:
    for k in d:
        d["new" + k] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    for k in d:
        del d[k]
except RuntimeError as e:
    print("RuntimeError:", e)
s = {1, 2, 3}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print("RuntimeError:", e)
