#!/usr/bin/env python3
"""Differential fuzzing of pyrc against python3 (issue #16).

Generates random Python programs within what pyrc supports, runs each under pyrc and under
CPython 3.11, and compares stdout and the type of an uncaught exception (the last line of
stderr, up to the colon). Every program is a pure function of its seed: `--seed N` alone
prints program N, so a divergence found by a long run is replayed with
`python3 scripts/difffuzz.py --show N`.

Programs terminate (every loop is over a bounded range, recursion is bounded) and are
deterministic: they print no id(), no address, no hash-ordered set (sets are printed through
sorted()), no time. What depends on the memory model is normalised at the source, by what the
programs choose to print (README, "Differential fuzzing"):
  * gc.collect()'s count: pyrc's instances own a separate __dict__ object (the seed's model),
    so a cycle of two instances counts 4 where 3.11 counts 2. Programs print only whether the
    count is positive (`collect() > 0`), never the number.
  * the order of __del__ calls within one collection: rcgc leaves tentatively unreachable
    objects in place where CPython moves them to the end of the young list (ARCHITECTURE,
    issue 13), so the collector's lists, and the finalizers' order, differ. __del__ records
    its name and the program prints the names sorted after each statement (flush()).
  * the order of finalizers at interpreter exit: programs delete their finalizable objects
    and collect before they end.
  * sys.getrefcount, sizes and addresses are never printed.
Exception messages are printed only for a set of exception kinds whose messages pyrc words as
CPython does (ZeroDivisionError, KeyError, IndexError...); for the others only the type name.

Usage:
  difffuzz.py --show N                 print program N
  difffuzz.py --seed N --count K       run programs N..N+K-1, report divergences
      [--pyrc PATH] [--python PATH] [--jobs J] [--keep DIR] [--known FILE] [--timeout S]
Exit status: 1 if a divergence outside the known list (scripts/difffuzz-known.txt) was found.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- the generator ---------------------------------------------------------------------------


class Gen:
    """One program: a random source of fragments, each a few statements at indentation 0."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.n = 0
        self.lines = []
        # Globals that may hold objects with __del__: deleted before the program ends, since the
        # order of finalizers at interpreter exit is a documented difference.
        self.finalizable = []

    def fresh(self, prefix):
        self.n += 1
        return f"{prefix}{self.n}"

    def emit(self, text):
        self.lines.extend(text.strip("\n").split("\n"))

    # -- values and expressions --

    def small_int(self):
        return self.r.choice([0, 1, 2, 3, -1, -2, 5, 7, 10, 13, 100, 255, 256, -7, 1000, 2**31, 2**63 - 1, -(2**40), 10**20])

    def float_lit(self):
        return repr(self.r.choice([0.0, 0.5, -1.5, 3.25, 1e10, 1e-5, 2.0, 0.1, 1 / 3, 123.456, -0.0, 1e300, 7.0]))

    def str_lit(self):
        return repr(self.r.choice(["", "a", "abc", "Hello World", "  pad  ", "a,b,,c", "x-y-z", "123", "3.5",
                                   "MiXeD", "tab\tsep", "line1\nline2", "ünï", "aaa", "banana", "  ", "A1b2"]))

    def atom(self, depth):
        k = self.r.randrange(9)
        if k < 3:
            return str(self.small_int())
        if k == 3:
            return self.float_lit()
        if k == 4:
            return self.str_lit()
        if k == 5:
            return "[" + ", ".join(self.atom(depth + 1) for _ in range(self.r.randrange(4))) + "]"
        if k == 6:
            items = [self.atom(depth + 1) for _ in range(self.r.randrange(4))]
            return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        if k == 7:
            return self.r.choice(["True", "False", "None"])
        return self.r.choice(["b'xy'", "b''", "{1: 'a', 2: 'b'}", "{}", "range(5)", "frozenset()"])

    def expr(self, depth=0):
        if depth > 3 or self.r.random() < 0.3:
            return self.atom(depth)
        k = self.r.randrange(10)
        a = self.expr(depth + 1)
        b = self.expr(depth + 1)
        if k < 4:
            op = self.r.choice(["+", "-", "*", "//", "%", "/", "**", "<<", ">>", "&", "|", "^", "==", "<", ">=", "!=", "in", "not in"])
            if op == "**":
                b = str(self.r.randrange(-2, 8))
            if op in ("<<", ">>"):
                b = str(self.r.randrange(0, 70))
            return f"({a} {op} {b})"
        if k == 4:
            return f"({self.r.choice(['-', '+', '~', 'not '])}{a})"
        if k == 5:
            return f"({a} if {b} else {self.expr(depth + 1)})"
        if k == 6:
            return f"({a} {self.r.choice(['and', 'or'])} {b})"
        if k == 7:
            fn = self.r.choice(["len", "abs", "bool", "str", "repr", "int", "float", "list", "tuple", "sorted", "min", "max", "sum", "round", "hash"])
            if fn == "hash":
                return f"(hash({a}) == hash({a}))"
            return f"{fn}({a})"
        if k == 8:
            return f"{a}[{self.r.choice(['0', '-1', '1:', ':2', '::-1', '1:3', '::2', '5'])}]"
        return f"divmod({a}, {b})"

    # -- fragments --

    def frag_expr(self):
        e = self.expr()
        self.emit(f"""
try:
    print({e!r}, '->', repr({e}))
except Exception as e:
    show(e)
""")

    def frag_arith(self):
        x, y = self.fresh("x"), self.fresh("y")
        a, b = self.r.randrange(-1000, 1000), self.r.choice([self.r.randrange(-50, 50), self.r.randrange(1, 10**12)])
        fa = self.r.choice(["1.5", "-2.25", "0.1", "1e16", "3.0", "7.125"])
        self.emit(f"""
{x}, {y} = {a}, {b}
for op in (lambda p, q: p + q, lambda p, q: p - q, lambda p, q: p * q, lambda p, q: p // q,
           lambda p, q: p % q, lambda p, q: p / q, lambda p, q: divmod(p, q), lambda p, q: p ** 3,
           lambda p, q: p & q, lambda p, q: p | q, lambda p, q: p ^ q, lambda p, q: p * {fa}, lambda p, q: round(p / {fa}, 2)):
    try:
        print(op({x}, {y}))
    except Exception as e:
        show(e)
print(int('{a}'), float('{fa}'), round({fa}), round({fa}, 1), abs({a}), {x}.bit_length(), pow({a}, 3, 97))
print(format({a} * {fa}, '.3f'), format({a}, ','), format({a}, 'x'), format({a}, '>10'), '%d|%5.2f|%s' % ({a}, {fa}, {x}))
""")

    def frag_string(self):
        s = self.fresh("s")
        lit = self.str_lit()
        calls = self.r.sample([
            "upper()", "lower()", "title()", "swapcase()", "capitalize()", "strip()", "lstrip()", "rstrip(' \\n')",
            "split()", "split(',')", "split('-', 1)", "rsplit('a', 1)", "splitlines()", "replace('a', 'XY')",
            "find('a')", "rfind('a')", "count('a')", "startswith('a')", "endswith('c')", "isdigit()", "isalpha()",
            "isspace()", "isupper()", "center(11, '*')", "ljust(8, '.')", "rjust(8)", "zfill(6)",
            "partition(',')", "rpartition('-')", "encode()", "index('a')", "join(['1', '2', '3'])", "casefold()",
            "expandtabs(4)", "isidentifier()", "removeprefix('a')", "removesuffix('c')", "strip('a')",
            "split(None, 1)", "islower()", "istitle()", "isalnum()", "format(1)",
        ], self.r.randrange(3, 9))
        self.emit(f"{s} = {lit}")
        for c in calls:
            self.emit(f"""
try:
    print({c!r}, repr({s}.{c}))
except Exception as e:
    show(e)
""")
        self.emit(f"print(len({s}), {s}[::-1] == {s}, {s} * 2, {s}[1:3], sorted({s})[:3], list(map(ord, {s}[:3])))")

    def frag_fstring(self):
        v = self.fresh("v")
        val = self.r.choice([str(self.small_int()), self.float_lit(), self.str_lit()])
        specs = ["", "!r", ":>8", ":<6", ":^9", ":*^9", ":.3", ":10.2f", ":e", ":,", ":+", ":08.3f", ":x", ":b", ":%", ":g", ":s", ":d", "!s:>5"]
        self.emit(f"{v} = {val}")
        for spec in self.r.sample(specs, 4):
            self.emit(f"""
try:
    print(f"[{{{v}{spec}}}]")
except Exception as e:
    show(e)
""")

    def frag_list(self):
        l = self.fresh("l")
        items = [str(self.r.randrange(-5, 10)) for _ in range(self.r.randrange(0, 8))]
        self.emit(f"{l} = [{', '.join(items)}]")
        for _ in range(self.r.randrange(3, 8)):
            i, j = self.r.randrange(-6, 7), self.r.randrange(-6, 7)
            op = self.r.choice([
                f"{l}.append({i})", f"{l}.insert({i}, {j})", f"{l}.pop()", f"{l}.pop({i})", f"{l}.sort()",
                f"{l}.sort(reverse=True)", f"{l}.reverse()", f"{l}.extend(range({abs(i)}))", f"{l}.remove({i})",
                f"{l}[{i}:{j}] = [{i}, {j}]", f"del {l}[{i}:{j}]", f"del {l}[{i}]", f"{l}[{i}] = {j}",
                f"print({l}.index({i}))", f"print({l}.count({i}))", f"print({l}[{i}:{j}:{self.r.choice([1, 2, -1, -2])}])",
                f"{l} += [{i}] * {abs(j) % 4}", f"{l}.sort(key=lambda q: (q % 3, q))", f"print(sum({l}), min({l}, default=None), max({l}, default=None))",
                f"{l}[::2] = {l}[::2]", f"print({l} == sorted({l}), {l} < [{i}], {i} in {l})", f"{l}.clear()",
                f"print(list(reversed({l})), list(enumerate({l}))[:3], list(zip({l}, {l}[1:])))",
            ])
            self.emit(f"""
try:
    {op}
except Exception as e:
    show(e)
print({l})
""")

    def frag_dict_set(self):
        d, s = self.fresh("d"), self.fresh("st")
        keys = [repr(self.r.choice(["a", "b", "c", "d", 1, 2, 3, (1, 2), 2.5])) for _ in range(self.r.randrange(0, 6))]
        self.emit(f"{d} = {{}}")
        for k in keys:
            self.emit(f"{d}[{k}] = {self.r.randrange(100)}")
        self.emit(f"{s} = set({d}) | {{{self.r.randrange(5)}, {self.r.randrange(5)}}}")
        for _ in range(self.r.randrange(3, 8)):
            k = self.r.choice(keys) if keys else "'z'"
            op = self.r.choice([
                f"print({d}.get({k}), {d}.get('zz', -1))", f"print({d}.pop({k}, None))", f"print({d}.setdefault({k}, 9))",
                f"{d}.update({{'u': 1, {k}: 0}})", f"print(list({d}.items()))", f"print(list({d}.keys()), list({d}.values()))",
                f"print({d}[{k}])", f"del {d}[{k}]", f"print({k} in {d}, len({d}))", f"print({d}.popitem())",
                f"print(sorted({s}, key=repr))", f"{s}.add({self.r.randrange(6)})", f"{s}.discard({self.r.randrange(6)})",
                f"print(sorted({s} & {{1, 2, 3}}), sorted({s} - {{0, 1}}, key=repr), sorted({s} ^ {{2, 4}}, key=repr))",
                f"print({s} <= {s} | {{7}}, {s}.isdisjoint({{99}}), len({s}))", f"print({{**{d}, 'extra': 1}})",
                f"print(dict(sorted(({d} | {{'m': 2}}).items(), key=repr)))",
                f"{d} = dict.fromkeys('abc', 0)", f"print({d} == dict({d}), {d} != {{}})",
            ])
            self.emit(f"""
try:
    {op}
except Exception as e:
    show(e)
print({d})
""")

    def frag_class_del(self):
        c = self.fresh("C")
        has_del = self.r.random() < 0.7
        body = f"""
class {c}:
    count = 0
    def __init__(self, name):
        self.name = name
        self.other = None
        {c}.count += 1
    def __repr__(self):
        return f'{c}({{self.name!r}})'
"""
        if has_del:
            body += f"""    def __del__(self):
        DELS.append(self.name)
"""
        self.emit(body)
        objs = [self.fresh("o") for _ in range(self.r.randrange(1, 5))]
        self.finalizable.extend(objs)
        for o in objs:
            self.emit(f"{o} = {c}('{o}')")
        for _ in range(self.r.randrange(1, 6)):
            a, b = self.r.choice(objs), self.r.choice(objs)
            act = self.r.choice(["link", "link", "del", "collect", "list", "print"])
            if act == "link":
                self.emit(f"""
try:
    {a}.other = {b}
except NameError as e:
    print('gone')
""")
            elif act == "del":
                self.emit(f"""
try:
    del {a}
except NameError:
    print('already gone')
""")
            elif act == "collect":
                self.emit("print('collect', gc.collect() > 0)\nflush()")
            elif act == "list":
                self.emit(f"""
try:
    {a}.items = [{a}, {b}, {{'k': {a}}}]
except NameError:
    pass
""")
            else:
                self.emit(f"""
try:
    print({a}, {a}.other)
except NameError:
    print('no name')
""")
            self.emit("flush()")
        if self.r.random() < 0.6:
            for o in objs:
                self.emit(f"""
try:
    del {o}
except NameError:
    pass
""")
            self.emit(f"flush()\ngc.collect()\nflush()\nprint('count', {c}.count)")

    def frag_weakref(self):
        c, w, o = self.fresh("W"), self.fresh("wr"), self.fresh("wo")
        cyc = self.r.random() < 0.5
        self.emit(f"""
class {c}:
    pass
{o} = {c}()
def cb_{w}(ref):
    print('callback {w}', ref() is None)
{w} = weakref.ref({o}, cb_{w})
print({w}() is {o}, weakref.getweakrefcount({o}))
""")
        if cyc:
            self.emit(f"{o}.self = {o}")
        if self.r.random() < 0.5:
            self.emit(f"d_{w} = weakref.WeakValueDictionary()\nd_{w}['k'] = {o}\nprint(len(d_{w}))")
        self.emit(f"del {o}")
        if cyc or self.r.random() < 0.3:
            self.emit("gc.collect()")
        self.emit(f"print('alive', {w}() is not None)")
        if self.r.random() < 0.5:
            self.emit(f"""
try:
    print(len(d_{w}))
except NameError:
    pass
""")

    def frag_generator(self):
        g = self.fresh("gen")
        n = self.r.randrange(0, 6)
        stop = self.r.randrange(0, 8)
        self.emit(f"""
def {g}(n):
    try:
        for i in range(n):
            got = yield i * i
            if got is not None:
                print('{g} got', got)
            if i == {stop}:
                raise ValueError('stop at ' + str(i))
        return 'done'
    finally:
        print('{g} finally')
""")
        mode = self.r.randrange(5)
        if mode == 0:
            self.emit(f"""
try:
    print(list({g}({n})))
except ValueError as e:
    show(e)
""")
        elif mode == 1:
            self.emit(f"""
it = {g}({n})
try:
    print(next(it), it.send('hi'), next(it))
except (StopIteration, ValueError) as e:
    show(e)
it.close()
print('closed')
""")
        elif mode == 2:
            self.emit(f"""
def outer_{g}():
    r = yield from {g}({n})
    print('outer result', r)
    yield -1
try:
    print([x for x in outer_{g}()])
except ValueError as e:
    show(e)
""")
        elif mode == 3:
            self.emit(f"""
it = {g}({n})
try:
    next(it)
    it.throw(KeyError('thrown'))
except (KeyError, StopIteration, ValueError) as e:
    show(e)
""")
        else:
            self.emit(f"""
print(sum(x for x in range({n * 3}) if x % 2), list(zip({g}({n}), 'abcdef')))
""")

    def frag_exceptions(self):
        e = self.fresh("Err")
        kind = self.r.choice(["ValueError", "KeyError", "Exception", "LookupError", "ArithmeticError"])
        self.emit(f"""
class {e}({kind}):
    def __init__(self, *args):
        super().__init__(*args)
        self.extra = len(args)
""")
        depth = self.r.randrange(1, 4)
        raise_what = self.r.choice([f"{e}('boom', 1)", "ZeroDivisionError('z')", "1 / 0", "[][3]", "{}['k']", "int('x')", f"{e}()", "None.attr"])
        catch = self.r.choice([e, kind, "Exception", "ZeroDivisionError", "IndexError", "(KeyError, IndexError)", "ArithmeticError", "AttributeError"])
        self.emit(f"""
def f_{e}(k):
    if k == 0:
        {'x = ' if not raise_what.startswith(('ZeroDivisionError', e)) else 'raise '}{raise_what}
    try:
        return f_{e}(k - 1)
    finally:
        print('unwind', k)
try:
    try:
        f_{e}({depth})
    except {catch} as ex:
        print('caught', type(ex).__name__, ex.args)
        raise RuntimeError('wrapped') from ex
except Exception as outer:
    print(type(outer).__name__, type(outer.__cause__).__name__, type(outer.__context__).__name__)
else:
    print('no error')
finally:
    print('finally', {depth})
""")
        if self.r.random() < 0.3:
            self.emit(f"""
try:
    try:
        raise {e}('inner')
    except {e}:
        raise ValueError('during handling')
except ValueError as v:
    print(repr(v), type(v.__context__).__name__, v.__suppress_context__)
""")

    def frag_closure(self):
        f = self.fresh("mk")
        self.emit(f"""
def {f}(start):
    total = start
    def add(k):
        nonlocal total
        total += k
        return total
    def get():
        return total
    return add, get
add_{f}, get_{f} = {f}({self.r.randrange(10)})
for k in range({self.r.randrange(5)}):
    add_{f}(k * {self.r.randrange(1, 4)})
print(get_{f}(), add_{f}.__code__.co_freevars, [(lambda q=i: q * 2)() for i in range(3)])
fs_{f} = [lambda: i for i in range(3)]
print([g() for g in fs_{f}])
""")

    def frag_comprehension(self):
        n = self.r.randrange(0, 8)
        m = self.r.randrange(1, 4)
        self.emit(f"""
print([i * {m} for i in range({n}) if i % 2 == 0])
print({{i: chr(97 + i) for i in range({n})}})
print(sorted({{i % {m} for i in range({n})}}))
print([(i, j) for i in range({n % 4}) for j in range(i)])
print(list(x for x in 'abcdefg'[:{n}] if x not in 'bd'))
print([[j for j in range(i)] for i in range({n % 4})])
""")

    def frag_with(self):
        c = self.fresh("Ctx")
        sup = self.r.random() < 0.5
        raise_in = self.r.random() < 0.6
        self.emit(f"""
class {c}:
    def __init__(self, tag):
        self.tag = tag
    def __enter__(self):
        print('enter', self.tag)
        return self.tag * 2
    def __exit__(self, et, ev, tb):
        print('exit', self.tag, et.__name__ if et else None, ev.args if ev else None)
        return {sup}
try:
    with {c}(1) as a, {c}(2) as b:
        print('body', a, b)
        {'raise ValueError(a + b)' if raise_in else 'pass'}
    print('after with')
except ValueError as e:
    show(e)
""")

    def frag_slicing(self):
        seq = self.r.choice(["'abcdefghij'", "list(range(10))", "tuple(range(7))", "b'bytes!'", "range(12)"])
        for _ in range(4):
            parts = [self.r.choice(["", str(self.r.randrange(-12, 13))]) for _ in range(2)]
            step = self.r.choice(["", "1", "2", "-1", "-3", "0"])
            sl = f"{parts[0]}:{parts[1]}" + (f":{step}" if step else "")
            self.emit(f"""
try:
    print({sl!r}, {seq}[{sl}])
except Exception as e:
    show(e)
""")

    def frag_loop(self):
        n = self.r.randrange(0, 12)
        self.emit(f"""
acc = []
i = 0
while i < {n}:
    i += 1
    if i % 3 == 0:
        continue
    if i > {self.r.randrange(1, 12)}:
        break
    acc.append(i)
else:
    acc.append('else')
print(acc)
for k in range({n}):
    if k == {self.r.randrange(0, 12)}:
        print('found', k)
        break
else:
    print('not found')
""")

    def frag_class_features(self):
        c = self.fresh("P")
        self.emit(f"""
class {c}:
    def __init__(self, v):
        self._v = v
    @property
    def v(self):
        return self._v
    @staticmethod
    def s(x):
        return x + 1
    @classmethod
    def make(cls, x):
        return cls(x * 2)
    def __eq__(self, other):
        return isinstance(other, {c}) and self._v == other._v
    def __lt__(self, other):
        return self._v < other._v
    def __hash__(self):
        return hash(self._v)
    def __len__(self):
        return abs(self._v)
    def __iter__(self):
        return iter(range(abs(self._v) % 5))
    def __repr__(self):
        return '{c}(%r)' % (self._v,)
class Sub{c}({c}):
    def __repr__(self):
        return 'Sub' + super().__repr__()
items = [{c}({self.r.randrange(-5, 5)}), Sub{c}.make({self.r.randrange(-3, 3)}), {c}.make(1)]
print(sorted(items), [len(x) for x in items], [list(x) for x in items], {c}.s(4))
print(items[0] == items[1], len(set(items)), isinstance(items[1], {c}), Sub{c}.__mro__[1].__name__)
try:
    items[0].v = 3
except AttributeError as e:
    print('AttributeError')
print(getattr(items[0], 'missing', 'dflt'), hasattr(items[0], 'v'), type(items[1]).__name__)
""")

    def program(self):
        self.emit("""
import gc
import weakref

# __del__ records its object's name; flush() prints the names recorded since the last flush,
# sorted: the order of finalizers within one collection follows the collector's list order,
# which rcgc keeps differently (README, "Differential fuzzing").
DELS = []
def flush():
    if DELS:
        print('del', sorted(DELS))
        DELS.clear()

def show(e):
    t = type(e).__name__
    if isinstance(e, (ZeroDivisionError, KeyError, IndexError, StopIteration, RuntimeError)) or type(e).__module__ != 'builtins':
        print(t, e.args)
    else:
        print(t)
""")
        frags = [
            self.frag_expr, self.frag_expr, self.frag_arith, self.frag_string, self.frag_fstring, self.frag_list,
            self.frag_dict_set, self.frag_class_del, self.frag_class_del, self.frag_weakref, self.frag_generator,
            self.frag_exceptions, self.frag_closure, self.frag_comprehension, self.frag_with, self.frag_slicing,
            self.frag_loop, self.frag_class_features,
        ]
        for _ in range(self.r.randrange(3, 9)):
            self.r.choice(frags)()
        if self.finalizable:
            self.emit(f"for name in {self.finalizable!r}:\n    globals().pop(name, None)\n    flush()\ngc.collect()\nflush()")
        # An uncaught error now and then: its type is compared, and every line printed before it.
        k = self.r.randrange(12)
        if k == 0:
            self.emit("print('end'); {}['missing']")
        elif k == 1:
            self.emit("def deep(n):\n    return deep(n + 1)\nprint('deep'); deep(0)")
        elif k == 2:
            self.emit("print('raising'); raise SystemExit(3)")
        else:
            self.emit("print('end')")
        return "\n".join(self.lines) + "\n"


def program(seed):
    return Gen(seed).program()


# ---- running and comparing ------------------------------------------------------------------


def exc_type(stderr):
    """The type of the uncaught exception: the exception line ending the last traceback block
    that is not an "Exception ignored in" report (a __del__ failing at interpreter exit, whose
    order is a documented difference), up to the first colon."""
    lines = stderr.decode("utf-8", "replace").splitlines()
    found = None
    for i, line in enumerate(lines):
        if line != "Traceback (most recent call last):":
            continue
        # Compile-time SyntaxWarnings ("'float' object is not subscriptable; perhaps you missed
        # a comma?") are CPython's alone and no uncaught exception: only traceback blocks count.
        if i > 0 and lines[i - 1].startswith("Exception ignored in"):
            continue
        for after in lines[i + 1:]:
            if after and not after.startswith(" "):
                found = after.split(":", 1)[0].strip()
                break
    return found


def run_one(interp, path, timeout):
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
    env.pop("RUST_BACKTRACE", None)
    try:
        p = subprocess.run([interp, path], capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, env=env,
                           cwd=os.path.dirname(path))
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as t:
        return "timeout", t.stdout or b"", t.stderr or b""


def compare(seed, args, workdir):
    src = program(seed)
    path = os.path.join(workdir, f"p{seed}.py")
    with open(path, "w") as f:
        f.write(src)
    want = run_one(args.python, path, args.timeout)
    got = run_one(args.pyrc, path, args.timeout)
    os.unlink(path)
    problems = []
    if want[0] == "timeout":
        return seed, None  # CPython itself too slow: not a pyrc divergence; skipped
    if got[0] == "timeout":
        problems.append("pyrc timed out")
    elif got[0] == 70 or b"panicked" in got[2] or (isinstance(got[0], int) and got[0] < 0):
        problems.append(f"pyrc crashed (status {got[0]}): {got[2].decode('utf-8', 'replace')[-300:]}")
    if want[1] != got[1]:
        a, b = want[1].decode("utf-8", "replace").splitlines(), got[1].decode("utf-8", "replace").splitlines()
        first = next((i for i in range(max(len(a), len(b))) if i >= len(a) or i >= len(b) or a[i] != b[i]), 0)
        problems.append(f"stdout differs at line {first + 1}: python3 {a[first] if first < len(a) else '<end>'!r} "
                        f"pyrc {b[first] if first < len(b) else '<end>'!r}")
    if want[0] != got[0] and not problems:
        problems.append(f"exit status python3 {want[0]} pyrc {got[0]}")
    if want[0] != 0 and exc_type(want[2]) != exc_type(got[2]):
        problems.append(f"uncaught exception python3 {exc_type(want[2])} pyrc {exc_type(got[2])}")
    if args.keep and problems:
        os.makedirs(args.keep, exist_ok=True)
        with open(os.path.join(args.keep, f"p{seed}.py"), "w") as f:
            f.write(src)
    return seed, problems


def load_known(path):
    known = {}
    if path and os.path.exists(path):
        for line in open(path):
            line = line.split("#", 1)[0].strip()
            if line:
                seed, _, why = line.partition(" ")
                known[int(seed)] = why
    return known


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--pyrc", default=os.environ.get("PYRC", os.path.join(HERE, "..", "target", "release", "pyrc")))
    ap.add_argument("--python", default=os.environ.get("PYTHON3", sys.executable))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--keep", help="write diverging programs into this directory")
    ap.add_argument("--known", default=os.path.join(HERE, "difffuzz-known.txt"))
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    if args.show is not None:
        sys.stdout.write(program(args.show))
        return 0
    version = subprocess.run([args.python, "-c", "import sys; print(sys.implementation.name, sys.version_info[:2])"],
                             capture_output=True, text=True).stdout.strip()
    if version != "cpython (3, 11)":
        sys.exit(f"difffuzz: the reference must be CPython 3.11, {args.python} is {version!r}")
    # Each program runs in its own directory: a relative path would not be found from there.
    args.pyrc = os.path.abspath(args.pyrc)
    if not os.path.exists(args.pyrc):
        sys.exit(f"difffuzz: no pyrc at {args.pyrc} (cargo build --release -p pyrc, or --pyrc PATH)")
    known = load_known(args.known)
    start = time.time()
    new = old = skipped = 0
    with tempfile.TemporaryDirectory(prefix="difffuzz-") as workdir, ThreadPoolExecutor(args.jobs) as pool:
        for seed, problems in pool.map(lambda s: compare(s, args, workdir), range(args.seed, args.seed + args.count)):
            if problems is None:
                skipped += 1
            elif problems:
                if seed in known:
                    old += 1
                    continue
                new += 1
                print(f"seed {seed}: " + "; ".join(problems), flush=True)
    print(f"difffuzz: {args.count} programs (seeds {args.seed}..{args.seed + args.count - 1}), {new} divergences, "
          f"{old} known, {skipped} skipped (python3 timed out), {time.time() - start:.1f}s")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
