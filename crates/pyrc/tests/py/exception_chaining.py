# expect: exit=1 stderr="During handling of the above exception, another exception occurred:"
# Exception chaining: __context__ (implicit), __cause__ (raise from), __suppress_context__, and
# the chained traceback of an uncaught exception.

# raise from / __cause__ / __context__
try:
    try:
        1 / 0
    except ZeroDivisionError as exc:
        raise ValueError("converted") from exc
except ValueError as e:
    print(type(e.__cause__).__name__, e.__suppress_context__, type(e.__context__).__name__)

try:
    try:
        {}["missing"]
    except KeyError:
        raise RuntimeError("during handling")
except RuntimeError as e:
    print(e.__cause__, type(e.__context__).__name__, e.__suppress_context__)

try:
    try:
        raise OSError("io")
    except OSError:
        raise LookupError("no chain") from None
except LookupError as e:
    print(e.__cause__, e.__suppress_context__, type(e.__context__).__name__)

try:
    try:
        raise KeyError("first")
    except KeyError:
        try:
            raise ValueError("second")
        except ValueError as inner:
            print("inner", inner, type(inner.__context__).__name__)
except Exception:
    print("not reached")

try:
    raise TypeError("no context")
except TypeError as e:
    print(e.__context__, e.__cause__, e.__suppress_context__)


def handler():
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("while handling")


print("the uncaught chained exception follows on stderr")
handler()
