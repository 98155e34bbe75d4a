# Issue 12's must-hold: CPython's own standard-library modules import and work under pyrc,
# one real behaviour of each, printed.

import abc
class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...
class Square(Shape):
    def __init__(self, side): self.side = side
    def area(self): return self.side ** 2
try:
    Shape()
except TypeError as e:
    print("abc:", e)
print("abc:", Square(3).area(), isinstance(Square(1), Shape))

import functools
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print("functools:", fib(60), fib.cache_info().hits, functools.reduce(lambda a, b: a * b, range(1, 8)))
print("functools:", functools.partial(int, base=2)("1011"))

import typing
T = typing.TypeVar("T")
class Box(typing.Generic[T]):
    def __init__(self, item: T): self.item = item
print("typing:", Box[int], typing.get_type_hints(Box.__init__), typing.Optional[int])

import dataclasses
@dataclasses.dataclass(order=True, frozen=True)
class Point:
    x: int
    y: int = 0
p = Point(1, 2)
print("dataclasses:", p, p < Point(1, 3), dataclasses.asdict(p), dataclasses.replace(p, y=5))

import enum
class Color(enum.Enum):
    RED = 1
    GREEN = 2
class Perm(enum.IntFlag):
    R = 4
    W = 2
    X = 1
print("enum:", Color(2), Color.RED.name, list(Color), Perm.R | Perm.W, int(Perm.R | Perm.X))

import collections
c = collections.Counter("abracadabra")
print("collections:", c.most_common(3), collections.OrderedDict(a=1, b=2))
dq = collections.deque([1, 2, 3], maxlen=3)
dq.append(4)
dq.appendleft(0)
Pair = collections.namedtuple("Pair", "left right")
dd = collections.defaultdict(list)
dd["k"].append(1)
print("collections:", dq, Pair(1, right=2), Pair._make([3, 4])._asdict(), dict(dd))
print("collections:", collections.ChainMap({"a": 1}, {"a": 2, "b": 3})["b"])

import itertools
print("itertools:", list(itertools.islice(itertools.count(5, 2), 4)),
      list(itertools.permutations("abc", 2))[:3],
      [(k, len(list(g))) for k, g in itertools.groupby("aaabbc")])

import math
print("math:", math.gcd(84, 36), math.comb(10, 3), math.isqrt(10 ** 20), round(math.hypot(3, 4), 3))

import fractions
f = fractions.Fraction(3, 4) + fractions.Fraction(1, 6)
print("fractions:", f, f.limit_denominator(5), fractions.Fraction("0.125"))

import decimal
decimal.getcontext().prec = 10
print("decimal:", decimal.Decimal(1) / decimal.Decimal(7), decimal.Decimal("1.10") + decimal.Decimal("2.205"))

import datetime
d0 = datetime.date(2024, 2, 28)
print("datetime:", d0 + datetime.timedelta(days=2), d0.isoformat(), d0.weekday(),
      datetime.datetime(2020, 1, 1, 12, 30).strftime("%Y-%m-%d %H:%M"),
      datetime.timedelta(hours=25, minutes=3))

import json
doc = json.dumps({"b": [1, 2.5, None], "a": "é"}, sort_keys=True)
print("json:", doc, json.loads(doc)["b"], json.dumps([1, {"x": True}], indent=2).count("\n"))

import re
m = re.search(r"(?P<word>\w+)@(\w+)\.com", "mail bob@example.com now")
print("re:", m.group("word"), m.groups(), re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "a1b22c"),
      re.findall(r"[aeiou]", "education"))

import string
print("string:", string.Template("$who likes $what").substitute(who="tim", what="pie"),
      string.capwords("hello  world"), string.ascii_lowercase[:5])

import textwrap
print("textwrap:", textwrap.wrap("The quick brown fox jumps over the lazy dog", 12))
print("textwrap:", repr(textwrap.dedent("    a\n      b\n")), textwrap.shorten("Hello there world", 12))

import pprint
print("pprint:", pprint.pformat({"key%d" % i: list(range(i)) for i in range(6)}, width=40))

import argparse
parser = argparse.ArgumentParser(prog="tool")
parser.add_argument("--count", type=int, default=1)
parser.add_argument("names", nargs="+")
parser.add_argument("-v", action="store_true")
ns = parser.parse_args(["--count", "3", "a", "b", "-v"])
print("argparse:", ns.count, ns.names, ns.v)

import logging
import io
stream = io.StringIO()
logger = logging.getLogger("stdlib_test")
handler = logging.StreamHandler(stream)
handler.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
logger.addHandler(handler)
logger.setLevel(logging.INFO)
logger.debug("hidden")
logger.info("shown %d", 42)
logger.warning("careful")
print("logging:", stream.getvalue().splitlines())

buf = io.BytesIO()
buf.write(b"hello world")
buf.seek(6)
text = io.TextIOWrapper(io.BytesIO("línea 1\nlínea 2\n".encode("utf-8")), encoding="utf-8")
print("io:", buf.read(), text.readlines())

import pickle
obj = {"a": [1, 2, (3, 4)], "b": {5, 6}, "c": Point(7, 8), "d": Color.GREEN}
data = pickle.dumps(obj, protocol=4)
back = pickle.loads(data)
print("pickle:", back == obj, back["c"], back["d"], sorted(back["b"]))

import copy
class Node:
    def __init__(self, value, children=()):
        self.value = value
        self.children = list(children)
tree = Node(1, [Node(2), Node(3)])
tree.children.append(tree)
clone = copy.deepcopy(tree)
shallow = copy.copy(tree)
print("copy:", clone.value, [n.value for n in clone.children[:2]], clone.children[2] is clone,
      clone.children[0] is tree.children[0], shallow.children is tree.children,
      copy.deepcopy({1, 2, 3}), copy.copy(p) == p)

import heapq
h = [5, 1, 8, 3, 9, 2]
heapq.heapify(h)
print("heapq:", [heapq.heappop(h) for _ in range(3)], heapq.nlargest(2, [4, 1, 7, 3]),
      list(heapq.merge([1, 4, 7], [2, 5, 8])))

import bisect
grades = [60, 70, 80, 90]
print("bisect:", ["FDCBA"[bisect.bisect(grades, s)] for s in (33, 99, 77, 70, 89, 90, 100)])

import random
rng = random.Random(12345)
print("random:", rng.randint(1, 100), rng.random(), rng.choice("abcdef"), rng.sample(range(100), 4))
items = list(range(10))
rng.shuffle(items)
print("random:", items, round(rng.gauss(0, 1), 6), round(rng.uniform(1, 2), 6))

import statistics
print("statistics:", statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 4, 1, 5]),
      round(statistics.stdev([2, 4, 4, 4, 5, 5, 7, 9]), 6), statistics.mode("aabbbc"))

import csv
out = io.StringIO()
writer = csv.writer(out)
writer.writerow(["name", "quote"])
writer.writerow(["x", 'he said "hi", then left'])
print("csv:", repr(out.getvalue()))
print("csv:", list(csv.DictReader(io.StringIO("a,b\n1,2\n3,\"4,5\"\n"))))

import difflib
print("difflib:", list(difflib.unified_diff(["a\n", "b\n", "c\n"], ["a\n", "c\n", "d\n"], lineterm="")))
print("difflib:", round(difflib.SequenceMatcher(None, "abcd", "bcde").ratio(), 4),
      difflib.get_close_matches("appel", ["ape", "apple", "peach", "puppy"]))

import shlex
print("shlex:", shlex.split("cmd --opt 'a b' \"c d\" e\\ f"), shlex.quote("it's"), shlex.join(["a", "b c"]))

import contextlib
@contextlib.contextmanager
def tag(name):
    print("contextlib: <%s>" % name)
    yield name.upper()
    print("contextlib: </%s>" % name)
with tag("p") as t:
    print("contextlib:", t)
with contextlib.suppress(KeyError):
    {}["missing"]
with contextlib.ExitStack() as stack:
    stack.callback(print, "contextlib: exit stack callback")
    print("contextlib: in exit stack")
with contextlib.redirect_stdout(io.StringIO()) as captured:
    print("captured text")
print("contextlib:", repr(captured.getvalue()))

import tempfile
import os
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "note.txt")
    with open(path, "w") as fh:
        fh.write("temporary\n")
    with open(path) as fh:
        print("tempfile:", fh.read().strip(), os.listdir(tmp))
print("tempfile:", os.path.exists(tmp))

import pathlib
pp = pathlib.PurePosixPath("/usr/local/lib/python3.11/site.py")
print("pathlib:", pp.name, pp.suffix, pp.stem, pp.parent.name, pp.parts[:3], pp.with_suffix(".txt").name)
with tempfile.TemporaryDirectory() as tmp:
    root = pathlib.Path(tmp)
    (root / "sub").mkdir()
    (root / "sub" / "f.txt").write_text("data")
    print("pathlib:", (root / "sub" / "f.txt").read_text(), sorted(x.name for x in root.iterdir()),
          [x.relative_to(root).as_posix() for x in sorted(root.rglob("*.txt"))])

import base64
print("base64:", base64.b64encode(b"pyrc on rcgc"), base64.b64decode(b"aGVsbG8="), base64.b32encode(b"ab"),
      base64.urlsafe_b64encode(b"\xfb\xff"))

import struct
packed = struct.pack("<IhQ", 1, -2, 3)
print("struct:", packed.hex(), struct.unpack("<IhQ", packed), struct.calcsize("!2sHd"))

import unittest
class Arithmetic(unittest.TestCase):
    def test_add(self):
        self.assertEqual(1 + 1, 2)
    def test_fails(self):
        self.assertIn(3, [1, 2])
    @unittest.skip("not today")
    def test_skipped(self):
        pass
suite = unittest.defaultTestLoader.loadTestsFromTestCase(Arithmetic)
result = unittest.TestResult()
suite.run(result)
print("unittest:", result.testsRun, len(result.failures), len(result.skipped), result.wasSuccessful())
print("unittest:", result.failures[0][1].strip().splitlines()[-1])
print("unittest:", unittest.__file__.endswith("python3.11/unittest/__init__.py"))

from unittest import mock
fake = mock.Mock(side_effect=lambda x: x * 2)
print("unittest.mock:", fake(21), fake.call_args_list, mock.MagicMock().__enter__.called)

import pkgutil
print("pkgutil:", sorted(m.name for m in pkgutil.iter_modules(unittest.__path__))[:4])

import importlib.util
print("importlib.util:", importlib.util.find_spec("unittest.mock").name, importlib.util.find_spec("textwrap").parent == "")
