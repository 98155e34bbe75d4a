# json.dumps through the native _json.make_encoder (c_make_encoder): output and errors as
# CPython's on tricky inputs; indent= goes through the Python encoder and must agree too.
import enum
import json
import math

from json import encoder as json_encoder

print(json_encoder.c_make_encoder is not None)


class Color(enum.IntEnum):
    RED = 1
    GREEN = 2


class MyInt(int):
    def __repr__(self):
        return "MyInt!"


class MyFloat(float):
    def __repr__(self):
        return "MyFloat!"


class MyStr(str):
    pass


class MyList(list):
    def __iter__(self):
        return iter(["iter was called"])


class MyTuple(tuple):
    pass


class MyDict(dict):
    def items(self):
        return [("b", 2), ("a", 1)]


class PlainDict(dict):
    pass


values = [
    None, True, False, 0, -1, 10**30, -(10**25), 1.5, -0.0, 1e100, 1e-7, 0.1 + 0.2,
    123456789.123456789, "", "plain", 'quote " and \\ backslash', "\n\r\t\b\f\x00\x1f\x7f",
    "é ü ñ", "中文", "emoji \U0001f600", [], (), {}, [1, [2, [3, []]]], (1, (2,)),
    {"a": 1, "b": [1, 2, {"c": None}]}, Color.RED, [Color.GREEN, Color.RED], MyInt(7),
    MyFloat(2.5), MyStr("sub\nstr"), MyList([1, 2]), MyTuple((3, 4)), MyDict(x=1),
    PlainDict([("z", 1), ("y", 2)]),
    {1: "int", 2.5: "float", True: "bool", None: "none", -3: "neg"},
    {Color.RED: "enum key", MyFloat(1.25): "float subclass key", MyStr("k"): "str sub"},
    {float("inf"): 1, float("-inf"): 2},
    [float("nan"), float("inf"), float("-inf")],
]
for v in values:
    print(json.dumps(v))
    print(json.dumps(v, ensure_ascii=False))
    print(json.dumps(v, separators=(",", ":")))
    print(json.dumps(v, indent=2))

print(json.dumps({"b": 1, "a": 2, "c": {"z": 1, "y": 2}}, sort_keys=True))
print(json.dumps({"b": 1, "a": 2}, sort_keys=True, indent=1))
print(json.dumps({(1, 2): "tuple key", "ok": 1}, skipkeys=True))
print(json.dumps({object(): 1}, skipkeys=True))
print(json.dumps([1, {2: 3}], separators=("; ", " = ")))


def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


check(lambda: json.dumps({(1, 2): "x"}))
check(lambda: json.dumps({b"k": 1}))
check(lambda: json.dumps({1: 1, "a": 2}, sort_keys=True))
check(lambda: json.dumps(float("nan"), allow_nan=False))
check(lambda: json.dumps({float("inf"): 1}, allow_nan=False))
check(lambda: json.dumps([1, object()]))
check(lambda: json.dumps(b"bytes"))
check(lambda: json.dumps({1, 2}))
check(lambda: json.dumps(1 + 2j))
check(lambda: json.dumps({1, 2}, default=sorted))
check(lambda: json.dumps([{1, 2}], default=list))

a = []
a.append(a)
check(lambda: json.dumps(a))
d = {}
d["self"] = d
check(lambda: json.dumps(d))
check(lambda: json.dumps(d, check_circular=False) and "no")
check(lambda: json.dumps([[]] * 3))
shared = [1]
check(lambda: json.dumps([shared, shared, {"x": shared}]))


class Node:
    def __init__(self):
        self.me = self


check(lambda: json.dumps(Node(), default=lambda o: o.me))
check(lambda: json.dumps(Node(), default=lambda o: [o.me]))
check(lambda: json.dumps(object(), default=lambda o: {"k": "v"}))


def default_raises(o):
    raise KeyError("nope")


check(lambda: json.dumps(object(), default=default_raises))

deep = []
for _ in range(100000):
    deep = [deep]
check(lambda: json.dumps(deep))
deep_d = {}
for _ in range(100000):
    deep_d = {"k": deep_d}
check(lambda: json.dumps(deep_d))


class Custom(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, complex):
            return [o.real, o.imag]
        return super().default(o)


print(json.dumps([1j, 2 + 3j], cls=Custom))
check(lambda: json.dumps(object(), cls=Custom))

# The encoder object itself.
enc = json_encoder.c_make_encoder(
    None, lambda o: "dflt", json_encoder.encode_basestring, None, ": ", ", ", False, False, True
)
print(enc([1, "é", object()], 0))
print(enc.key_separator, enc.item_separator, enc.sort_keys, enc.skipkeys, enc.markers)
enc2 = json_encoder.c_make_encoder(
    {}, None, lambda s: "<" + s + ">", None, ":", ",", True, False, True
)
print(enc2({"b": "x", "a": ["y"]}, 0))
check(lambda: json_encoder.c_make_encoder([], None, None, None, ":", ",", 0, 0, 0))
check(lambda: json_encoder.c_make_encoder(None, None, None, None, 1, ",", 0, 0, 0))
check(lambda: json_encoder.c_make_encoder(None, None, None, None, ":", b",", 0, 0, 0))
bad = json_encoder.c_make_encoder(None, None, lambda s: 5, None, ":", ",", 0, 0, 0)
check(lambda: bad(["x"], 0))
print(json.loads(json.dumps(values[:25])) == values[:25])
big = {"key%d" % i: [i, str(i) * 3, i / 7, {"n": None, "t": True}] for i in range(200)}
s = json.dumps(big)
print(len(s), json.loads(s) == big)
print(json.dumps(math.pi), json.dumps(1e16), json.dumps(1e22), json.dumps(5e-324))
check(lambda: enc([1], "x"))
check(lambda: enc([1]))
check(lambda: enc([1], 1, 2))
check(lambda: json_encoder.c_make_encoder(None))
print(type(enc([], 0)).__name__)
