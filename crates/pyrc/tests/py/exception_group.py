# PEP 654's BaseExceptionGroup and ExceptionGroup (not except*): construction and its checks,
# message/exceptions, str and repr, derive, split and subgroup (by type, tuple, predicate,
# nested), and the metadata the parts keep.


def attempt(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


eg = ExceptionGroup("many", [ValueError(1), TypeError(2)])
print(type(eg).__name__, eg.message, eg.exceptions, eg.args)
print(str(eg), repr(eg))
print(str(ExceptionGroup("one", [KeyError("k")])))
print(isinstance(eg, Exception), isinstance(eg, BaseExceptionGroup))
print(ExceptionGroup.__mro__)

attempt(lambda: type(BaseExceptionGroup("b", [ValueError()])).__name__)
attempt(lambda: type(BaseExceptionGroup("b", [KeyboardInterrupt()])).__name__)
attempt(lambda: ExceptionGroup("m", [KeyboardInterrupt()]))
attempt(lambda: ExceptionGroup("m", [ValueError(1)], x=1))
attempt(lambda: ExceptionGroup("m"))
attempt(lambda: ExceptionGroup(1, [ValueError()]))
attempt(lambda: ExceptionGroup("m", 5))
attempt(lambda: ExceptionGroup("m", []))
attempt(lambda: ExceptionGroup("m", [1]))
attempt(lambda: ExceptionGroup("m", {ValueError()}))
attempt(lambda: ExceptionGroup("m", (ValueError(1),)).exceptions)
attempt(lambda: eg.split(1))
attempt(lambda: eg.split(int))
attempt(lambda: eg.split())
attempt(lambda: eg.derive([KeyError(3)]))

nested = ExceptionGroup("outer", [
    ValueError("a"),
    ExceptionGroup("inner", [TypeError("b"), ValueError("c")]),
    OSError("d"),
])
match, rest = nested.split(ValueError)
print("split ValueError:", repr(match), "|", repr(rest))
print("split tuple:", nested.split((TypeError, OSError)))
print("split all:", nested.split(Exception)[0] is nested, nested.split(Exception)[1])
print("split none:", nested.split(KeyError)[0], nested.split(KeyError)[1] is nested)
print("subgroup:", repr(nested.subgroup(TypeError)))
print("subgroup none:", nested.subgroup(KeyError))
print("predicate:", nested.subgroup(lambda e: str(e) in ("a", "d")))
print("predicate on groups too:", nested.subgroup(lambda e: isinstance(e, ExceptionGroup) and e.message == "inner"))

cause = RuntimeError("cause")
context = LookupError("context")
nested.__cause__ = cause
nested.__context__ = context
nested.add_note("a note")
try:
    raise nested
except ExceptionGroup as caught:
    match, rest = caught.split(ValueError)
print(match.__cause__ is cause, match.__context__ is context, rest.__cause__ is cause)
print(match.__traceback__ is nested.__traceback__, match.__notes__, match.__notes__ is nested.__notes__)


class MyGroup(ExceptionGroup):
    def derive(self, excs):
        return MyGroup(self.message + "!", excs)


mine = MyGroup("mine", [ValueError(1), TypeError(2)])
print(type(mine).__name__, mine.split(ValueError))


class BadDerive(ExceptionGroup):
    def derive(self, excs):
        return ValueError("not a group")


attempt(lambda: BadDerive("bad", [ValueError(1), TypeError(2)]).split(ValueError))


class Plain(BaseExceptionGroup):
    pass


print(type(Plain("p", [ValueError()])).__name__)


class NotBase(Exception, BaseExceptionGroup):
    pass


attempt(lambda: NotBase("x", [KeyboardInterrupt()]))
try:
    raise ExceptionGroup("raised", [ValueError(1)])
except Exception as e:
    print("caught", type(e).__name__, e)

# PEP 678's notes, and the groups' generic alias
note = ValueError("noted")
note.add_note("first")
note.add_note("second")
print(note.__notes__)
attempt(lambda: note.add_note(1))
attempt(lambda: note.add_note())
note.__notes__ = ("a tuple",)
attempt(lambda: note.add_note("x"))
print(ExceptionGroup[ValueError], BaseExceptionGroup[KeyError].__origin__)

# CPython's traceback.py draws a group's tree from `exceptions`
import os
import traceback


def fails():
    inner = ExceptionGroup("inner", [TypeError(2)])
    inner.add_note("a note on inner")
    raise ExceptionGroup("outer", [ValueError(1), inner])


try:
    fails()
except ExceptionGroup as e:
    text = "".join(traceback.format_exception(e))
    print(text.replace(__file__, os.path.basename(__file__)))
    print("".join(traceback.format_exception_only(e)), end="")
