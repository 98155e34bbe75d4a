# del: a name, several names, an item, a slice, an attribute; errors after deletion.

a = 1
b = 2
c = 3
del a
try:
    print(a)
except NameError as e:
    print("NameError:", e)
del b, c


def defined(name_thunk):
    try:
        name_thunk()
        return True
    except NameError:
        return False


print(defined(lambda: b), defined(lambda: c))

# del of an item
items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
del items[0]
del items[-1]
print(items)
# del of slices
del items[1:3]
print(items)
del items[::2]
print(items)
del items[:]
print(items)

d = {"x": 1, "y": 2, "z": 3}
del d["y"]
print(d)
try:
    del d["missing"]
except KeyError as e:
    print("KeyError:", e)

nested = {"k": [1, 2, {"deep": 1, "keep": 2}]}
del nested["k"][2]["deep"]
del nested["k"][0]
print(nested)


# del of attributes
class Box:
    cls_attr = "class"

    def __init__(self):
        self.x = 1
        self.y = 2


box = Box()
del box.x
print(hasattr(box, "x"), box.y)
try:
    del box.x
except AttributeError as e:
    print("AttributeError:", e)
try:
    box.x
except AttributeError as e:
    print("AttributeError:", e)
del Box.cls_attr
print(hasattr(box, "cls_attr"))

# del in a function makes the name local
def f():
    v = "local"
    del v
    try:
        return v
    except UnboundLocalError as e:
        return "UnboundLocalError: " + str(e)


print(f())

# del of a tuple / list of targets
p, q, r = 1, 2, 3
del (p, q), [r]
print(defined(lambda: p), defined(lambda: q), defined(lambda: r))

# del of a loop variable, then reuse
for i in range(3):
    pass
del i
i = "again"
print(i)

# del on objects with __delitem__ / __delattr__
class Logged:
    def __delitem__(self, key):
        print("__delitem__", key)

    def __delattr__(self, name):
        print("__delattr__", name)


lg = Logged()
del lg[1]
del lg[1:2]
del lg["k"], lg.attr
