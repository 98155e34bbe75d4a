"""Memory workload for scripts/bench-pyrc-memory.sh: build N objects of one type, keep them
alive in a list, print the process's peak RSS.

    python3 scripts/bench-pyrc-memory.py TYPE N
    target/release/pyrc scripts/bench-pyrc-memory.py TYPE N

TYPE is one of the names in MAKERS, or "base": the same list of the same length holding one
shared object (the start-up, the list's slots and the loop's temporaries, which the shell
script subtracts). The list is allocated at its final length before the loop, so it is never
reallocated and its cost is the same in every run. Prints one line:

    TYPE N PEAK_KB CHECK

PEAK_KB is VmHWM from /proc/self/status (peak resident set size, kB). CHECK is a short
description of the last object built, compared between the interpreters by the shell script
so that both are seen to build the same thing.

Written for what both CPython and pyrc run: no imports beyond sys, no generators.
"""

import sys

SHARED = 1  # the one small int every tuple, list, dict and instance refers to


class One:
    def __init__(self, value):
        self.a = value


def make_int(i):
    return i + 1000  # distinct, above CPython's small-int cache (-5..256)


def make_float(i):
    return i + 0.5


def make_str(i):
    return str(1000000000 + i)  # distinct, 10 characters


def make_tuple(i):
    return (SHARED, SHARED)  # two items, both the shared small int; not a constant


def make_list(i):
    return [SHARED]


def make_dict(i):
    return {SHARED: SHARED}


def make_instance(i):
    return One(SHARED)  # the instance and what holds its one attribute (see below)


def make_instance_dict(i):
    # The same, with __dict__ asked for once: CPython 3.11 keeps the attribute values of an
    # instance in a key-sharing values array and only creates the dict object on demand;
    # pyrc always has a separate dict object.
    obj = One(SHARED)
    obj.__dict__
    return obj


def make_function(i):
    def f():
        return 0

    return f


def make_class(i):
    class K:
        pass

    return K


def make_mixed(i):
    # The pyrc memory issue's first heap: an instance with one attribute, a one-element list
    # and a str per step (held here by a 3-tuple, the same in both interpreters).
    return (One(SHARED), [SHARED], str(1000000000 + i))


def make_base(i):
    return SHARED


MAKERS = {
    "int": make_int,
    "float": make_float,
    "str": make_str,
    "tuple": make_tuple,
    "list": make_list,
    "dict": make_dict,
    "instance": make_instance,
    "instance_dict": make_instance_dict,
    "function": make_function,
    "class": make_class,
    "mixed": make_mixed,
    "base": make_base,
}


def build(n, make):
    out = [SHARED] * n
    for i in range(n):
        out[i] = make(i)
    return out


def peak_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return -1


def describe(obj):
    kind = type(obj).__name__
    if kind == "tuple" and len(obj) == 3:
        return "mixed:" + describe(obj[0]) + "," + describe(obj[1]) + "," + describe(obj[2])
    if kind in ("int", "float", "str", "tuple", "list", "dict"):
        return kind + ":" + repr(obj).replace(" ", "")
    if kind == "One":
        return "One.a=" + repr(obj.a)
    if kind == "function":
        return "function:" + obj.__name__ + "()=" + repr(obj())
    if kind == "type":
        return "class:" + obj.__name__
    return kind


def main():
    which = sys.argv[1]
    n = int(sys.argv[2])
    out = build(n, MAKERS[which])
    print(which, n, peak_kb(), describe(out[n - 1]))


main()
