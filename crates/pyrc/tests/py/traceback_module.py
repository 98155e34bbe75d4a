# traceback.format_exception / format_exception_only / format_exc on caught exceptions,
# chained with "from"; file names replaced so the output does not depend on the checkout.
import traceback
def inner():
    raise ValueError("bad")
def outer():
    try:
        inner()
    except ValueError as e:
        raise KeyError("k") from e
def show(text):
    print(text.replace(__file__, "<file>"), end="")
try:
    outer()
except KeyError as e:
    entries = traceback.format_exception(type(e), e, e.__traceback__)
    show("".join(entries))
    print(all(isinstance(entry, str) for entry in entries))
    print(traceback.format_exception_only(type(e), e))
try:
    raise ZeroDivisionError("division by zero")
except ZeroDivisionError:
    show(traceback.format_exc())
print(repr(traceback.format_exc()))
