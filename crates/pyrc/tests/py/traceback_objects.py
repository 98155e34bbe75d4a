# Traceback objects (issue 12): one per frame an exception passed through, outermost first
# and linked by tb_next; __traceback__ read and write, with_traceback, sys.exc_info()[2],
# raising again keeps the chain, generators add their frames, the frame <-> traceback <->
# exception cycle is freed by the collector with weakref callbacks firing.
import gc
import sys
import types
import weakref


def inner():
    secret = 42
    raise ValueError("boom")


def outer():
    inner()


def chain(tb):
    out = []
    while tb is not None:
        out.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    return out


try:
    outer()
except ValueError as e:
    tb = e.__traceback__
    print(type(tb).__name__, isinstance(tb, types.TracebackType), types.TracebackType)
    print(chain(tb))
    print(sys.exc_info()[2] is tb, sys.exception() is e, sys.exc_info()[0] is ValueError)
    print(tb.tb_next.tb_next.tb_frame.f_locals)
    print(isinstance(tb.tb_lasti, int), tb.tb_lasti >= 0, tb.tb_frame.f_globals is globals())
    saved = e
print(sys.exc_info(), sys.exception())

# __traceback__ is writable with a traceback or None only; with_traceback returns self
e2 = KeyError("k")
print(e2.__traceback__)
try:
    e2.__traceback__ = 3
except TypeError as t:
    print("TypeError:", t)
print(e2.with_traceback(saved.__traceback__) is e2, e2.__traceback__ is saved.__traceback__)
e2.__traceback__ = None
print(e2.__traceback__)

# tb_next is writable: a traceback or None, never a loop
tb = saved.__traceback__
try:
    tb.tb_next = tb
except ValueError as v:
    print("ValueError:", v)
try:
    tb.tb_next = "x"
except TypeError as t:
    print("TypeError:", t)
rest = tb.tb_next
tb.tb_next = None
print(chain(tb))
tb.tb_next = rest
print(chain(tb))


# raising again: bare raise keeps the chain; raise e adds the frames it passes
def reraise_bare():
    try:
        inner()
    except ValueError:
        raise


def reraise_named():
    try:
        inner()
    except ValueError as exc:
        raise exc


def reraise_from():
    try:
        inner()
    except ValueError as exc:
        raise KeyError("wrapped") from exc


for function in (reraise_bare, reraise_named, reraise_from):
    try:
        function()
    except Exception as exc:
        print(function.__name__, chain(exc.__traceback__))
        if exc.__cause__ is not None:
            print("  cause", chain(exc.__cause__.__traceback__))

# raising the same exception object twice: the second raise extends the first chain
err = ValueError("again")
for _ in range(2):
    try:
        raise err
    except ValueError:
        pass
print(len(chain(err.__traceback__)))


# generators and their frames
def gen():
    yield 1
    raise KeyError("from gen")


try:
    for item in gen():
        pass
except KeyError as exc:
    print("gen", chain(exc.__traceback__))


def delegate():
    yield from gen()


try:
    list(delegate())
except KeyError as exc:
    print("delegate", chain(exc.__traceback__))


def thrown():
    yield 1


g = thrown()
try:
    g.throw(IndexError("thrown"))
except IndexError as exc:
    print("throw", chain(exc.__traceback__))


# the cycle: the exception is a local of the frame its traceback holds
class Tracked(Exception):
    pass


def make_cycle(log):
    try:
        raise Tracked("cycle")
    except Tracked as exc:
        kept = exc
    return weakref.ref(kept, lambda ref: log.append("callback"))


del saved, tb, rest, err, e2
gc.collect()
log = []
ref = make_cycle(log)
print(ref() is not None, log)
collected = gc.collect()
print(ref() is None, log)

# a caught exception pickles and copies without its traceback, as CPython's state has none
import copy
import pickle

try:
    raise ValueError("pickled")
except ValueError as exc:
    caught = exc
print(pickle.loads(pickle.dumps(caught)).args, copy.copy(caught).__traceback__)


# throw()'s third argument: a traceback (the chain continues it) or None
def one():
    yield 1


for args in [(Exception, Exception("e"), 32), (Exception("e"), Exception("e")), (list,)]:
    it = one()
    next(it)
    try:
        it.throw(*args)
    except TypeError as t:
        print("TypeError:", t)
try:
    raise KeyError("given")
except KeyError as k:
    given = k.__traceback__
it = one()
next(it)
try:
    it.throw(ValueError, ValueError("v"), given)
except ValueError as v:
    print(v.__traceback__.tb_next.tb_next is given, v.__traceback__.tb_next.tb_frame.f_code.co_name)
