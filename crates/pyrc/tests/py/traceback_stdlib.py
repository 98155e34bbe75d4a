# CPython's own traceback.py (from its Lib) over pyrc's traceback objects: format_exc,
# print_exception, TracebackException, extract_tb, walk_tb, extract_stack, StackSummary,
# format_list. File names are replaced so the output does not depend on the checkout; the
# failing lines are whole statements, where CPython 3.11 prints no ^^^ markers either.
import io
import sys
import traceback


def show(text):
    print(text.replace(__file__, "<file>"), end="")


def inner():
    raise ValueError("boom")


def outer():
    inner()


try:
    outer()
except ValueError as e:
    show(traceback.format_exc())
    out = io.StringIO()
    traceback.print_exception(e, file=out)
    show(out.getvalue())
    te = traceback.TracebackException.from_exception(e)
    show("".join(te.format()))
    print(te.exc_type.__name__, str(te), len(te.stack))
    print([(f.name, f.lineno, f.line) for f in traceback.extract_tb(e.__traceback__)])
    print([(frame.f_code.co_name, line) for frame, line in traceback.walk_tb(e.__traceback__)])
    print([(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__, limit=1)])
    show("".join(traceback.format_tb(e.__traceback__)))


def where():
    return traceback.extract_stack()


stack = where()
print(type(stack).__name__, [(f.name, f.lineno, f.line) for f in stack])
show("".join(traceback.format_list(stack)))
summary = traceback.StackSummary.from_list([("f.py", 3, "func", "x = 1")])
print(summary.format())


def chained():
    try:
        inner()
    except ValueError as exc:
        raise KeyError("outer") from exc


try:
    chained()
except KeyError as e:
    show("".join(traceback.format_exception(type(e), e, e.__traceback__)))
    show("".join(traceback.format_exception(e, chain=False)))
    print(traceback.format_exception_only(type(e), e))

try:
    try:
        inner()
    except ValueError:
        raise RuntimeError("while handling")
except RuntimeError as e:
    show("".join(traceback.TracebackException.from_exception(e).format()))

out = io.StringIO()
try:
    outer()
except ValueError:
    traceback.print_exc(file=out)
show(out.getvalue())
print(traceback.format_exc())
