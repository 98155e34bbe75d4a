# except* (PEP 654): clauses take their part of a group (a naked exception is wrapped), what they
# raise and what none matched is raised again together; the clause's type checks; no break,
# continue or return out of a clause; asyncio.TaskGroup's errors caught with except*.
import sys

def attempt(f):
    try:
        f()
    except BaseException as e:
        print("escaped:", type(e).__name__, repr(e))

def naked_match():
    try:
        raise ValueError(1)
    except* ValueError as e:
        print("caught", repr(e), repr(sys.exc_info()[1]))
    print("after")

def group_split():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), ValueError(3), KeyError(4)])
    except* ValueError as e:
        print("V", repr(e))
    except* TypeError as e:
        print("T", repr(e))

def reraise():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        print("reraising")
        raise

def raise_new():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        raise KeyError("new") from None
    except* TypeError:
        pass

def naked_raise_new():
    try:
        raise ValueError(1)
    except* ValueError:
        raise KeyError(2)

def nomatch():
    try:
        raise ValueError(1)
    except* TypeError:
        print("no")

def no_exception():
    try:
        x = 1
    except* ValueError:
        print("no")
    else:
        print("else ran")
    finally:
        print("finally ran")

def bad_type():
    try:
        raise ValueError(1)
    except* ExceptionGroup:
        pass

def bad_type2():
    try:
        raise ValueError(1)
    except* int:
        pass

def nested_groups():
    try:
        raise ExceptionGroup("outer", [ValueError(1), ExceptionGroup("inner", [TypeError(2), ValueError(3)])])
    except* ValueError as e:
        print("V", repr(e))
    except* (TypeError, KeyError) as e:
        print("TK", repr(e))

def loop_in_handler():
    try:
        raise ValueError(1)
    except* ValueError:
        for i in range(3):
            if i == 1:
                break
            print("i", i)

for f in (naked_match, group_split, reraise, raise_new, naked_raise_new, nomatch, no_exception, bad_type, bad_type2, nested_groups, loop_in_handler):
    print("--", f.__name__)
    attempt(f)

for src in ("for i in range(3):\n    try:\n        pass\n    except* ValueError:\n        break\n",
            "def f():\n    try:\n        pass\n    except* ValueError:\n        return 1\n",
            "for i in range(3):\n    try:\n        pass\n    except* ValueError:\n        continue\n"):
    try:
        compile(src, "<s>", "exec")
    except SyntaxError as e:
        print("SyntaxError", e.msg, e.lineno)
print(sys.exc_info())


def two_handlers_raise():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), OSError(3)])
    except* ValueError as e:
        raise KeyError("from V")
    except* TypeError as e:
        raise IndexError("from T")


def mixed_reraise_and_new():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise
    except* TypeError as e:
        raise RuntimeError("new")


def context_of_new():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError as e:
        try:
            raise KeyError("inner")
        except KeyError as k:
            print("context is the match:", k.__context__ is e)
            print("handled inside:", repr(sys.exc_info()[1]))
        print("handled again:", repr(sys.exc_info()[1]))


def in_generator():
    try:
        yield 1
        raise ExceptionGroup("g", [ValueError("in gen")])
    except* ValueError as e:
        yield repr(e)


for f in (two_handlers_raise, mixed_reraise_and_new, context_of_new):
    print("--", f.__name__)
    try:
        f()
    except BaseException as e:
        print("escaped:", repr(e))
        if isinstance(e, BaseExceptionGroup):
            print("   contexts:", [repr(x.__context__) for x in e.exceptions])
print(list(in_generator()))

# nesting, finally, loops, BaseExceptionGroup, notes on a re-raised part
def f1():
    try:
        try:
            raise ExceptionGroup("a", [ValueError(1), TypeError(2)])
        except* ValueError:
            try:
                raise ExceptionGroup("b", [KeyError(3)])
            except* KeyError as k:
                print("inner", repr(k), repr(sys.exc_info()[1]))
            print("back", repr(sys.exc_info()[1]))
        finally:
            print("finally", repr(sys.exc_info()[1]))
    except* TypeError as t:
        print("outer", repr(t))
    print("end", sys.exc_info())

def f2():
    for i in range(2):
        try:
            if i:
                raise OSError(i)
        except* OSError as e:
            print("loop", i, repr(e))
    try:
        raise ExceptionGroup("x", [BaseExceptionGroup("y", [KeyboardInterrupt()])])
    except BaseExceptionGroup as e:
        print("type", type(e).__name__)

def f3():
    try:
        raise BaseExceptionGroup("b", [KeyboardInterrupt(), ValueError(1)])
    except* KeyboardInterrupt as k:
        print("KI", repr(k))
    except* Exception as e:
        print("E", repr(e))

def f4():
    def pred_raise():
        try:
            raise ExceptionGroup("eg", [ValueError(1)])
        except* ValueError as e:
            e.add_note("note")
            raise
    try:
        pred_raise()
    except ExceptionGroup as e:
        print(repr(e), getattr(e, "__notes__", None))

for f in (f1, f2, f3, f4):
    try:
        f()
    except BaseException as e:
        print("escaped", repr(e))

import os
import traceback


def draws():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise KeyError("new one")


try:
    draws()
except BaseException as e:
    text = "".join(traceback.format_exception(e))
    print(text.replace(__file__, os.path.basename(__file__)))

import asyncio


async def boom(n):
    await asyncio.sleep(0.01 if n == 1 else 10)
    raise ValueError(n)


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom(1))
            tg.create_task(boom(2))
    except* ValueError as eg:
        print("TaskGroup:", repr(eg.exceptions))
    except* KeyError:
        print("not this one")


asyncio.run(main())
